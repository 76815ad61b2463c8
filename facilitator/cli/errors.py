"""What a command ends with when it fails: CliError and the exit codes."""

from __future__ import annotations

EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem the user caused or can fix: printed as one line, exit non-zero."""
