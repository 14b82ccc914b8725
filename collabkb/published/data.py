"""A record page's JSON (``?format=json``), read as its HTML is."""

from collabkb.exchange import downloads
from collabkb.published import links, record


class Reading:
    """What ``downloads.record_data`` reads of a record, read here: its tags,
    citations and links (published records only), one query each."""

    def __init__(self, record):
        self.record = record

    def tags(self):
        return record.tags_of(self.record)

    def citations(self):
        return record.citations_of(self.record)

    def related(self, name, order=None):
        return links.related(self.record, name, order)


def record_json(shown, request):
    """The JSON of the record ``shown``, as its page offers it (not an attachment)."""
    data = downloads.record_data(shown, request, Reading(shown))
    return downloads.json_response(data, shown.slug, attachment=False)
