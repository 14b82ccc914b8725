"""A citation's order in its source follows the document: places of one part
of a report follow by their numbers ("Step 2" before "Step 10"), on the
outline, a record's page and the admin's list of citations."""

import json
import re

import pytest
from django.urls import reverse

from collabkb.models import Citation
from tests import factories as f
from tests.content import REPORT, REPORT_FLOATS, REPORT_OUTLINE, REPORT_SLUG, source_text

pytestmark = pytest.mark.django_db

STEPS = [f"Appendix 3 — Step {n}" for n in range(1, 11)]


def _in_page(text, labels):
    """``labels`` in the order ``text`` first shows them."""
    return sorted(labels, key=lambda label: text.index(label))


@pytest.mark.usefixtures("shipped_content")
def test_it_lists_the_shipped_reports_steps_in_order(client):
    response = client.get("/sources/catalyst-project-report/")
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode())
    shown = re.findall(r"Appendix 3 — Step \d+\b", text)
    assert list(dict.fromkeys(shown)) == STEPS


@pytest.mark.usefixtures("shipped_content")
def test_the_shipped_outline_follows_the_document(client):
    """Its places, in its contents and its sections, come as the report's text
    gives them (tests/content.py: REPORT_OUTLINE, each heading found in the
    text after the one before); the tables and the figure, which the
    extraction moved apart from the text presenting them, are placed by
    their position among them."""
    source_text(REPORT)  # REPORT_OUTLINE is checked against it by the content tests
    text = client.get(f"/sources/{REPORT_SLUG}/").content.decode()
    contents = re.search(r'<nav aria-label="Places in this document".*?</nav>', text, re.S)
    listed = re.findall(r'<a href="#[^"]+">([^<]+)</a>', contents.group(0))
    sections = re.findall(r'<h3 id="[^"]+-heading">([^<]+?) <span', text)
    assert listed == sections
    document = [name for _, name, _ in REPORT_OUTLINE if name in listed]
    floats = {name for name, *_ in REPORT_FLOATS}
    assert [name for name in listed if name not in floats] == document
    assert set(listed) - set(document) <= floats
    steps = [name for name in listed if name.startswith("Appendix 3")]
    assert steps == ["Appendix 3", *STEPS]


def _steps(source, numbers):
    return [
        f.make_citation(
            source,
            locator_kind=Citation.LocatorKind.APPENDIX,
            locator=f"Appendix 3 — Step {n}",
            position=92,
            key=f"appendix-3-step-{n}",
        )
        for n in numbers
    ]


def test_a_records_page_lists_its_citations_in_document_order(client):
    source = f.make_source(title="Report")
    citations = _steps(source, [10, 2, 1])
    practice = f.make_practice(citations=citations, title="Steps")
    text = client.get(practice.get_absolute_url()).content.decode()
    labels = ["Appendix 3 — Step 1", "Appendix 3 — Step 2", "Appendix 3 — Step 10"]
    assert _in_page(text, labels) == labels


def test_the_admins_citation_list_follows_the_document(admin_client):
    source = f.make_source(title="Report")
    _steps(source, [10, 2, 1])
    text = admin_client.get(reverse("admin:collabkb_citation_changelist")).content.decode()
    labels = ["Appendix 3 — Step 1 ·", "Appendix 3 — Step 2 ·", "Appendix 3 — Step 10 ·"]
    assert _in_page(text, labels) == labels


def test_a_download_lists_a_records_citations_in_document_order(client):
    source = f.make_source(title="Report")
    made = f.make_practice(citations=_steps(source, [10, 2, 1]), title="Steps")
    data = json.loads(b"".join(client.get("/practices/?format=json").streaming_content))
    [practice] = [row for row in data["results"] if row["slug"] == made.slug]
    places = [citation["place"] for citation in practice["citations"]]
    assert places == ["Appendix 3 — Step 1", "Appendix 3 — Step 2", "Appendix 3 — Step 10"]


def test_a_records_form_lists_its_citations_in_document_order(admin_client):
    source = f.make_source(title="Report")
    practice = f.make_practice(citations=_steps(source, [10, 2, 1]), title="Steps")
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    text = admin_client.get(url).content.decode()
    labels = ["Appendix 3 — Step 1 ·", "Appendix 3 — Step 2 ·", "Appendix 3 — Step 10 ·"]
    assert _in_page(text, labels) == labels
