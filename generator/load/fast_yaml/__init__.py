"""The yaml-rs fast path: values from yaml-rs, lines from a scan; PyYAML whenever it is unsure."""
