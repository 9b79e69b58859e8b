"""Code laid out as black would lay it out, with black itself whenever a rule is unsure."""
