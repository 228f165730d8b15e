__version__ = "0.1.0"
# Bumped whenever the records a given text yields may change; `refresh`
# reparses everything when it differs from the manifest's.
PARSER_VERSION = "0.1.0"
