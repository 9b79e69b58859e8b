"""The OpenAPI 3.1 export of the IR, and its check against the specification."""
