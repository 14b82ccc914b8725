"""A record's change form costs the same queries whatever its number of
citations and links, to open and to save with its rows left as they were;
long lists of rows start folded, their heading counting them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Exemplifying
from collabkb.curation.roles import EDITORS
from collabkb.models import Stance
from collabkb.models.claims import Basis
from practices.models import Addressing
from tests import factories as f
from tests.admin_forms import form_data
from tests.curation.test_review import change_url, make_user

pytestmark = pytest.mark.django_db


def _challenge_with(citations, n):
    challenge = f.make_challenge(citations=citations)
    links = [Addressing(practice=f.make_practice(), challenge=challenge) for _ in range(n)]
    return challenge, links


def _practice_with(citations, n):
    practice = f.make_practice(citations=citations)
    return practice, [Addressing(practice=practice, challenge=f.make_challenge()) for _ in range(n)]


def _case_with(citations, n):
    case = f.make_case(citations=citations)
    return case, [Exemplifying(case=case, practice=f.make_practice()) for _ in range(n)]


def _record(make, n):
    """A record with ``n`` citations, one qualifying, and ``n`` links, each
    stated by one of its citations."""
    source = f.make_source()
    citations = [f.make_citation(source, quotation=f"Words {i} of the report.") for i in range(n)]
    record, links = make(citations, n)
    record.citations.through.objects.filter(citation=citations[0]).update(stance=Stance.QUALIFIES)
    for link, citation in zip(links, citations, strict=True):
        link.basis = Basis.STATED
        link.save()
        link.citations.add(citation)
    return record


def _costs(client, record):
    """(queries to open the record's form, queries to save it unchanged)."""
    ContentType.objects.clear_cache()  # each measure reads the same
    with CaptureQueriesContext(connection) as opening:
        page = client.get(change_url(record))
    assert page.status_code == 200
    data = form_data(page.text, f"{record._meta.model_name}_form")
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as saving:
        saved = client.post(change_url(record), data)
    assert saved.status_code == 302, saved.text
    return len(opening), len(saving)


@pytest.mark.parametrize("make", [_challenge_with, _practice_with, _case_with])
def test_it_opens_and_saves_a_record_in_the_same_queries_at_2_and_40_rows(
    make, client, django_user_model
):
    client.force_login(make_user(django_user_model, "edna", EDITORS))
    small, large = _record(make, 2), _record(make, 40)
    client.get(change_url(small))  # the first request reads what every one reads after
    assert _costs(client, small) == _costs(client, large)
    # Saved as they were, the rows are unchanged.
    through = large.citations.through.objects
    assert through.filter(**{large._meta.model_name: large}).count() == 40
    assert through.filter(stance=Stance.QUALIFIES, **{large._meta.model_name: large}).count() == 1


def test_a_long_list_of_rows_starts_folded_and_counts_them(client, django_user_model):
    client.force_login(make_user(django_user_model, "edna", EDITORS))
    large = _record(_practice_with, 40)
    text = client.get(change_url(large)).text
    assert "<details><summary>" in text
    assert "citations (places in the sources) and their stance (40)" in text.lower()
    small = _record(_practice_with, 2)
    text = client.get(change_url(small)).text
    assert "<details><summary>" not in text
    assert "and their stance (2)" not in text


def test_a_changed_row_among_many_is_still_checked(client, django_user_model):
    client.force_login(make_user(django_user_model, "edna", EDITORS))
    record = _record(_practice_with, 40)
    data = form_data(client.get(change_url(record)).text, "practice_form")
    rows = sorted(name for name in data if name.endswith("-citation") and data[name] != [""])
    first, second = data[rows[0]], data[rows[1]]
    response = client.post(change_url(record), {**data, rows[1]: first})
    assert "Please correct the duplicate data for citation" in response.text
    assert second != first
    assert record.citations.count() == 40
