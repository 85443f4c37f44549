import logging


class StripQueryString(logging.Filter):
    """Drop query strings from request log lines, so search terms are never logged."""

    def filter(self, record):
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            first, *rest = record.args
            method, _, remainder = first.partition(" ")
            target, space, protocol = remainder.partition(" ")
            record.args = (f"{method} {target.split('?', 1)[0]}{space}{protocol}", *rest)
        return True
