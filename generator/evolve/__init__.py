"""Keeping an SDK in step with its docs: fetch, diff, versioning, adding a vendor."""
