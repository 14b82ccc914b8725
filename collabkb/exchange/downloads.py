"""CSV and JSON downloads of what a page shows.

CSV is UTF-8 with a byte-order mark (so spreadsheets read the accents right),
one row per record, several values in one cell joined by `` | ``, and any
cell that a spreadsheet would take for a formula (its first non-blank
character one of = + - @, or starting with a tab or a carriage return)
prefixed with an apostrophe.
"""

import csv
import io
import json

from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify

from collabkb.kinds import registry
from collabkb.models import Stance
from collabkb.published.records import records_of_links
from collabkb.text import timestamps

SEPARATOR = " | "


def wanted(request):
    """'csv' or 'json' when the request asks for a download, else None."""
    value = request.GET.get("format")
    return value if value in ("csv", "json") else None


def prefetch_for_download(queryset):
    """What the rows of a list need, fetched in a fixed number of queries."""
    attachments = queryset.model.citations.through.objects.select_related("citation__source")
    queryset = queryset.prefetch_related("tags", Prefetch("attachments", queryset=attachments))
    return registry.for_model(queryset.model).download_prefetch(queryset)


class Prefetched:
    """What a list's rows read of a record: its relations, prefetched
    (``prefetch_for_download``). A record page's JSON reads the same through
    ``collabkb.published`` (``published.data.Reading``)."""

    def __init__(self, record):
        self.record = record

    def tags(self):
        return self.record.tags.all()

    def citations(self):
        """Its citations, each with its stance."""
        return [row.cited() for row in self.record.attachments.all()]

    def related(self, name, order=None):
        """The records (or places, levels …) linked by ``name``, in the
        prefetch's order (a record page's reading takes ``order``)."""
        if hasattr(self.record, f"{name}_with_basis"):  # links with their basis
            return records_of_links(self.record, name)
        return getattr(self.record, name).all()


def record_data(record, request=None, reading=None):
    """A record as plain data: fields, its kind's columns and links by slug,
    citations; its tags, links and citations as ``reading`` (a
    ``Prefetched`` by default) gives them."""
    kind = registry.for_model(type(record))
    reading = reading or Prefetched(record)
    url = record.get_absolute_url()
    data = {
        "type": kind.key,
        "slug": record.slug,
        "title": record.display_title,
        "summary": record.summary,
        "body": record.body,
        "url": request.build_absolute_uri(url) if request else url,
        "tags": sorted(tag.name for tag in reading.tags()),
        **kind.data(record, reading.related),
    }
    staff = bool(request and request.user.is_staff)
    citations = sorted(reading.citations(), key=_in_document_order)
    data["citations"] = [
        {**citation_data(c, request, staff), "stance": Stance(c.stance).label} for c in citations
    ]
    return data


def _in_document_order(citation):
    """As a record's page lists its citations: by source, then as the source
    runs ("Appendix 3 — Step 2" before "Step 10", a video by its seconds)."""
    second = -1 if citation.second is None else citation.second
    return (citation.source.slug, citation.position, citation.locator_sort, second, citation.key)


def citation_data(citation, request=None, staff=False):
    """Where a citation points: the source, the place (a video time as h:mm:ss
    and seconds), its address; the notes label and doubt for curators. A
    record's data adds how it bears on the record (its ``stance``)."""
    url = citation.get_absolute_url()
    video = citation.second is not None
    place = timestamps.format_hms(citation.second) if video else citation.locator
    data = {
        "source": citation.source.title,
        "source_name": citation.source.name,
        "source_slug": citation.source.slug,
        "place": place,
        "second": citation.second,
        "url": request.build_absolute_uri(url) if request else url,
        "quotation": citation.quotation,
        "speaker_role": citation.get_speaker_role_display() if citation.speaker_role else "",
        "concept": citation.concept,
    }
    if staff:
        data["notes_label"] = citation.timestamp_label
        data["needs_review"] = citation.needs_review
    return data


def filename(noun, selected=(), page=None):
    """A download's name, naming its filters: cases-country-united-states.csv."""
    parts = [noun]
    for param, value in dict(selected).items():
        parts += [param, slugify(str(value))[:40]]
    if page and page > 1:
        parts += ["page", str(page)]
    return "-".join(part for part in parts if part)[:150]


def neutralise(value):
    """A cell as text that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = SEPARATOR.join(str(v) for v in value)
    text = str(value)
    # A spreadsheet skips leading blanks before a formula: " =1+1" runs too.
    starts = text.startswith(("\t", "\r")) or text.lstrip().startswith(("=", "+", "-", "@"))
    return "'" + text if starts else text


def csv_response(rows, filename):
    buffer = io.StringIO()
    columns = list(rows[0]) if rows else ["slug", "title"]
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(column)) for column in columns])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(data, filename, attachment=True):
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n",
        content_type="application/json; charset=utf-8",
    )
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def flat(data):
    """A record's data as one CSV row: citations become their places, with
    their stance where it is not "supports"."""
    row = {k: v for k, v in data.items() if k not in ("citations", "body")}
    row["citations"] = [_place_cell(c) for c in data["citations"]]
    return row


def _place_cell(citation):
    place = citation["source_name"]
    if citation["place"]:
        place += f" {citation['place']}"
    if citation["stance"] != Stance.SUPPORTS.label:
        place += f" ({citation['stance']})"
    return place


CHUNK = 500


class _Line:
    """A file-like object whose write() returns the line, for csv.writer."""

    def write(self, value):
        return value


def _csv_lines(rows):
    writer = csv.writer(_Line())
    first = next(rows, None)
    columns = list(first) if first else ["slug", "title"]
    yield "\ufeff" + writer.writerow(columns)
    if first is not None:
        yield writer.writerow([neutralise(first.get(column)) for column in columns])
    for row in rows:
        yield writer.writerow([neutralise(row.get(column)) for column in columns])


def _json_lines(items, paging):
    """The bytes of json.dumps({**paging, "results": [...]}, indent=2), an item at a time."""
    head = json.dumps(paging, indent=2, ensure_ascii=False)
    yield head[:-2] + ',\n  "results": ['
    for position, item in enumerate(items):
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        yield ("," if position else "") + "\n    " + text
    yield "\n  ]\n}\n"


def list_download(request, queryset, name, kind, total):
    """A list as CSV (every record) or JSON (pages of JSON_PAGE records, with the
    count and the next and previous pages), streamed: records are read and
    written in chunks of 500, so memory stays the same whatever the size."""
    records = prefetch_for_download(queryset)
    if kind == "csv":
        data = (record_data(r, request) for r in records.iterator(chunk_size=CHUNK))
        lines = _csv_lines(flat(item) for item in data)
        content_type = "text/csv; charset=utf-8"
    else:
        page, pages = json_page(request, total)
        start = (page - 1) * JSON_PAGE
        chosen = records[start : start + JSON_PAGE].iterator(chunk_size=CHUNK)
        data = (record_data(r, request) for r in chosen)
        lines = _json_lines(data, paging(request, total, page, pages))
        content_type = "application/json; charset=utf-8"
        name = f"{name}-page-{page}" if page > 1 else name
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


JSON_PAGE = 1000


def json_page(request, total):
    """(page, pages) of a JSON download; an impossible page is the nearest one."""
    pages = max(1, -(-total // JSON_PAGE))
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    return min(max(page, 1), pages), pages


def paging(request, total, page, pages):
    """The count and the absolute addresses of the next and previous pages."""

    def address(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": total,
        "next": address(page + 1) if page < pages else None,
        "previous": address(page - 1) if page > 1 else None,
    }
