"""export_kb and import_kb on the shipped knowledge base."""

import io
import json

import pytest
from django.core.management import call_command

from collabkb.exchange.export import export
from collabkb.models import Citation, SearchDocument
from collabkb.published.sources import public
from practices.models import Practice
from tests.content import NOTES, source_text
from tests.exchange.test_export_import import FIXTURE, empty_the_database, import_kb

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]


def test_the_shipped_fixture_is_exactly_what_export_kb_writes():
    assert export() == FIXTURE.read_text(encoding="utf-8")


def test_export_then_import_into_an_empty_database_gives_the_same_bytes(tmp_path):
    first = tmp_path / "first.json"
    call_command("export_kb", output=str(first), stderr=io.StringIO())
    empty_the_database()
    objects = len(json.loads(first.read_text(encoding="utf-8")))
    assert f"created {objects}, updated 0, unchanged 0" in import_kb(first)
    assert export() == first.read_text(encoding="utf-8")
    # Tags, links and citations are intact.
    practice = Practice.objects.get(slug="dont-forget-role-clarity")
    assert {t.name for t in practice.tags.all()} == {"role clarity", "boundary spanning"}
    assert practice.addresses.filter(slug="role-clarity").exists()
    assert practice.citations.filter(speaker_role="public-sector").count() >= 3


def test_plain_loaddata_reads_the_export_too(tmp_path):
    path = tmp_path / "kb.json"
    path.write_text(export(), encoding="utf-8")
    empty_the_database()
    call_command("loaddata", str(path), verbosity=0)
    assert export() == path.read_text(encoding="utf-8")


def test_plain_loaddata_leaves_search_working(client, tmp_path):
    path = tmp_path / "kb.json"
    path.write_text(export(), encoding="utf-8")
    empty_the_database()
    assert not SearchDocument.objects.exists()
    call_command("loaddata", str(path), verbosity=0)
    response = client.get("/search/", {"q": "role clarity"})
    assert response.status_code == 200
    urls = [hit.document.url for hit in response.context["results"].hits]
    assert "/challenges/role-clarity/" in urls[:3]
    # Quotations a published record cites are indexed too, and drafts are not.
    assert SearchDocument.objects.filter(kind="quotation").count() == (
        public(Citation.objects.exclude(quotation="")).count()
    )


def test_on_the_shipped_content_it_finds_every_record_and_publishes_nothing_anew():
    source_text(NOTES)  # skips, with a message, where ../shared/sources/ is absent
    before = export()
    out = io.StringIO()
    call_command("import_notes", str(NOTES), stdout=out)
    report = out.getvalue()
    assert "0 created as drafts, 23 already there" in report
    assert export() == before
