"""specs/<vendor>/: its vendor.yaml, and the package planned from its pages."""
