"""Errors that name the file and the problem; a batch turns them into rows."""

from __future__ import annotations


class InputError(Exception):
    """Input that cannot be parsed: `path`, the `stage` that refused it, why.

    >>> InputError("a.docx", "read", "zip inflates past the 200 MB limit (max_inflated_bytes)")
    """

    def __init__(self, path: str | None, stage: str, message: str, error_type: str | None = None):
        self.path = path
        self.stage = stage
        self.message = message
        self.error_type = error_type or type(self).__name__
        super().__init__(f"{path or '<text>'}: {stage}: {message}")


class UnsupportedInput(InputError):
    """A format we recognise but do not read (e.g. a scanned PDF without text)."""


class LimitExceeded(InputError):
    """A configured limit (bytes, inflated size, seconds) was hit; the message names it."""
