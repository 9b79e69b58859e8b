"""docs2sdk: API documentation pages in, typed Python SDKs out."""
