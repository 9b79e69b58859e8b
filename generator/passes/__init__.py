"""Stage 2: reader fragments to one merged, validated, named API."""
