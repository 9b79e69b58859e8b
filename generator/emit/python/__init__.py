"""The Python package: views over the IR, models, methods, and the code layout."""
