"""The places a plan's Markdown cites, each listed once and numbered.

An item of the plan refers to its places by number (“Cited at [1], [4].”);
the list at the end gives each place once with its address. The numbers go
in the order the text first cites the places.
"""


class References:
    def __init__(self, origin):
        self.origin = origin  # “https://host”: the places' addresses are absolute
        self._numbers = {}  # (label, path) -> number

    def numbers(self, record):
        """The numbers of the places ``record`` cites (citations prefetched),
        each once and in order, numbering the places not cited before."""
        found = []
        for citation in record.citations.all():
            key = (str(citation), citation.get_absolute_url())
            number = self._numbers.setdefault(key, len(self._numbers) + 1)
            if number not in found:
                found.append(number)
        return sorted(found)

    def listed(self):
        """(number, label, address) of every place numbered, in order."""
        return [
            (number, label, self.origin + path)
            for (label, path), number in sorted(self._numbers.items(), key=lambda row: row[1])
        ]
