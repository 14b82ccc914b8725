"""Logging filters."""

import logging


class WithoutTraceback(logging.Filter):
    """Log the message alone: an expected refusal needs no traceback."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.msg = " ".join(str(record.msg).split())
        return True
