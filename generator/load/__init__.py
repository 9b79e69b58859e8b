"""Stage 0: bytes to text to data that remembers its lines (encoding, JSON, YAML)."""
