"""One exception type for mistakes a user can fix. The CLI prints it as one line, never a traceback."""


class UserError(Exception):
    """Bad input, a missing file or a wrong setting: the message names the problem and the fix."""
