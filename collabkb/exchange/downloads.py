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

from collabkb.kinds import registry
from collabkb.models import Citation

SEPARATOR = " | "


def wanted(request):
    """'csv' or 'json' when the request asks for a download, else None."""
    value = request.GET.get("format")
    return value if value in ("csv", "json") else None


def prefetch_for_download(queryset):
    """What the rows of a list need, fetched in a fixed number of queries."""
    queryset = queryset.prefetch_related(
        "tags", Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )
    return registry.for_model(queryset.model).download_prefetch(queryset)


def record_data(record, request=None):
    """A record as plain data: fields, its kind's columns and links by slug, citations."""
    kind = registry.for_model(type(record))
    url = record.get_absolute_url()
    data = {
        "type": kind.key,
        "slug": record.slug,
        "title": record.title,
        "summary": record.summary,
        "body": record.body,
        "url": request.build_absolute_uri(url) if request else url,
        "tags": sorted(tag.name for tag in record.tags.all()),
        **kind.data(record),
    }
    data["citations"] = [
        {
            "source": c.source.slug,
            "place": c.timestamp_label or c.locator,
            "second": c.second,
            "needs_review": c.needs_review,
            "quotation": c.quotation,
            "speaker_role": c.speaker_role,
            "concept": c.concept,
        }
        for c in sorted(record.citations.all(), key=lambda c: c.key)
    ]
    return data


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
    """A record's data as one CSV row: citations become their places."""
    row = {k: v for k, v in data.items() if k not in ("citations", "body")}
    row["citations"] = [
        f"{c['source']} {c['place']}" if c["place"] else c["source"] for c in data["citations"]
    ]
    return row


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


def _json_lines(items):
    """The bytes json.dumps(list, indent=2) would give, one item at a time."""
    yield "["
    for position, item in enumerate(items):
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield ("," if position else "") + "\n  " + text
    yield "\n]\n"


def list_download(request, queryset, filename, kind):
    """A list as CSV or JSON, streamed: records are read and written in chunks of
    500, so memory stays the same whatever the size of the list."""
    records = prefetch_for_download(queryset).iterator(chunk_size=CHUNK)
    data = (record_data(record, request) for record in records)
    if kind == "csv":
        lines = _csv_lines(flat(item) for item in data)
        content_type = "text/csv; charset=utf-8"
    else:
        lines = _json_lines(data)
        content_type = "application/json; charset=utf-8"
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response
