"""Path converters that refuse what the database cannot take.

A tag's slug may hold any letter (taggit allows Unicode) but no control
character: PostgreSQL refuses a NUL byte in a query. A video second is a
whole number small enough for any database's integer.
"""


class TagSlugConverter:
    regex = r"[^/\x00-\x1f\x7f]{1,100}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class SecondConverter:
    # Up to 7 digits: over 115 days of video, within every integer column.
    regex = r"[0-9]{1,7}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
