"""What changed between two exports of an API, for a client user."""
