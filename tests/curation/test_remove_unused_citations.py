"""remove_unused_citations asks first and keeps what it deletes in a revision."""

import io

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Revision

from collabkb.models import Citation
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def citations():
    used = f.make_citation(key="used")
    f.make_challenge(citations=[used])
    source = f.make_source(slug="kept-source")
    unused = [f.make_citation(source, key=f"unused-{n}") for n in range(3)]
    return used, unused


def _answering(monkeypatch, answer):
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    return asked


def test_it_asks_first_and_a_no_deletes_nothing(monkeypatch, citations):
    asked = _answering(monkeypatch, "no")
    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("remove_unused_citations", stdout=io.StringIO())
    assert "Delete these 3 unused citation(s)?" in asked[0]
    assert Citation.objects.count() == 4


def test_what_it_deletes_can_be_recovered_from_its_revision(monkeypatch, citations):
    used, unused = citations
    _answering(monkeypatch, "yes")
    out = io.StringIO()
    call_command("remove_unused_citations", stdout=out)
    assert list(Citation.objects.all()) == [used]
    revision = Revision.objects.get(comment__startswith="remove_unused_citations")
    assert f"--recover {revision.pk}" in out.getvalue()
    call_command("remove_unused_citations", "--recover", str(revision.pk), stdout=io.StringIO())
    recovered = Citation.objects.filter(key__startswith="unused-").order_by("key")
    assert [(c.key, c.source.slug, c.locator) for c in recovered] == [
        (c.key, c.source.slug, c.locator) for c in unused
    ]


def test_noinput_deletes_without_asking_and_dry_run_only_lists(monkeypatch, citations):
    asked = _answering(monkeypatch, "no")
    out = io.StringIO()
    call_command("remove_unused_citations", "--dry-run", stdout=out)
    assert "unused-0" in out.getvalue() and Citation.objects.count() == 4
    call_command("remove_unused_citations", "--noinput", stdout=io.StringIO())
    assert asked == [] and Citation.objects.count() == 1


def test_a_citation_cited_while_it_asks_is_not_deleted(monkeypatch, citations):
    used, unused = citations
    record = f.make_challenge()

    def answer(prompt):
        record.citations.add(unused[0])  # a curator cites it while the question waits
        return "yes"

    monkeypatch.setattr("builtins.input", answer)
    call_command("remove_unused_citations", stdout=io.StringIO())
    assert list(record.citations.all()) == [unused[0]]
    assert set(Citation.objects.values_list("key", flat=True)) == {"used", "unused-0"}
