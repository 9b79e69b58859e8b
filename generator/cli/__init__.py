"""The docs2sdk command line."""
