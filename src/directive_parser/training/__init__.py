"""Training material and generators for the body model (`python -m directive_parser.train`)."""
