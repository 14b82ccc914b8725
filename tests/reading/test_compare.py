"""Compare up to four cases or practices side by side."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases():
    practice_shared = f.make_practice(title="Shared practice")
    practice_own = f.make_practice(title="Only in the first")
    challenge = f.make_challenge(title="Shared challenge")
    council = f.make_organisation(title="A county council", sector="public")
    first = f.make_case(title="First case", slug="first", organisations=[council])
    second = f.make_case(title="Second case", slug="second")
    first.exemplifies.add(practice_shared, practice_own)
    second.exemplifies.add(practice_shared)
    first.faced.add(challenge)
    second.faced.add(challenge)
    return first, second


def test_two_cases_side_by_side_with_what_they_share_and_where_they_differ(client, two_cases):
    response = client.get("/compare/?kind=cases&slug=first&slug=second")
    text = response.text
    assert response.status_code == 200
    assert "First case" in text and "Second case" in text
    assert "A county council" in text and "(public sector" in text
    [practices, challenges] = response.context["links"]
    assert [p.record.title for p in practices["shared"]] == ["Shared practice"]
    assert [[p.record.title for p in own] for own in practices["own"]] == [
        ["Only in the first"],
        [],
    ]
    assert [c.record.title for c in challenges["shared"]] == ["Shared challenge"]


def test_drafts_unknown_slugs_and_a_fifth_record_give_messages_not_errors(client, two_cases):
    f.make_case(title="Draft case", slug="draft", status="draft")
    response = client.get(
        "/compare/?kind=cases&slug=first&slug=draft&slug=nope&slug=second&slug=fifth"
    )
    assert response.status_code == 200
    messages = response.context["messages"]
    assert "At most 4 can be compared: the first 4 are shown." in messages
    assert "No published case “draft”: left out." in messages
    assert "No published case “nope”: left out." in messages
    assert [r.slug for r in response.context["records"]] == ["first", "second"]
    assert "Draft case" not in response.text
    odd = client.get("/compare/?kind=planets&slug=first")
    assert odd.status_code == 200 and "Only cases or practices" in odd.text


def test_practices_compare_by_the_challenges_they_address(client):
    challenge = f.make_challenge(title="Role clarity")
    a = f.make_practice(title="Define roles", slug="define-roles", addresses=[challenge])
    b = f.make_practice(title="Name spanners", slug="name-spanners", addresses=[challenge])
    response = client.get(f"/compare/?kind=practices&slug={a.slug}&slug={b.slug}")
    [addresses, _] = response.context["links"]
    assert [c.record.title for c in addresses["shared"]] == ["Role clarity"]


def test_the_compare_page_takes_the_same_queries_for_two_and_four_records(client):
    counts = []
    for n in (2, 4):
        slugs = []
        for _ in range(n):
            case = f.make_case(organisations=[f.make_organisation()])
            case.exemplifies.add(f.make_practice())
            slugs.append(case.slug)
        address = "/compare/?kind=cases&" + "&".join(f"slug={s}" for s in slugs)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_long_list_in_a_cell_shows_the_first_and_leads_to_the_records_page(client, two_cases):
    first, second = two_cases
    for n in range(22):
        organisation = f.make_organisation(title=f"Organisation {n:02d}")
        first.participations.create(organisation=organisation)
        first.exemplifies.add(f.make_practice(title=f"Lesson {n:02d}"))
    text = client.get("/compare/?kind=cases&slug=first&slug=second").text
    assert "Organisation 18</a>" in text and "Organisation 19</a>" not in text  # + the council
    assert (
        '<a class="more" href="/cases/first/?participants=all#participants">and 3 more</a>' in text
    )
    assert "Lesson 19</a>" in text and "Lesson 20</a>" not in text  # then "Only in the first"
    assert '<a class="more" href="/cases/first/?exemplifies=all#exemplifies">and 3 more</a>' in text


def test_a_long_shared_list_leads_to_the_first_records_page(client, two_cases):
    first, second = two_cases
    for n in range(21):
        practice = f.make_practice(title=f"Common {n:02d}")
        first.exemplifies.add(practice)
        second.exemplifies.add(practice)
    text = client.get("/compare/?kind=cases&slug=first&slug=second").text
    shared = text[text.index("Practices it exemplifies: in all of them") :]
    assert "Common 19</a>" in shared and "Common 20</a>" not in shared
    assert (
        'And 2 more, among those on the page of <a href="/cases/first/?exemplifies=all'
        '#exemplifies">First case</a>.'
    ) in shared


def test_each_link_says_whether_a_source_states_it(client, two_cases):
    """A link only one record has carries its basis; one they all have says
    whether a source states it for each of them."""
    from collabkb.models.claims import Basis

    first, second = two_cases
    first.exemplifies_links.filter(practice__title="Only in the first").update(
        basis=Basis.OURS, reason="Both are about roles."
    )
    first.faced_links.update(basis=Basis.STATED)
    second.faced_links.update(basis=Basis.STATED)
    place = f.make_citation(locator="Table 1, row: data standards")
    standards = f.make_practice(title="Set data standards", citations=[place])
    first.exemplifies.add(standards)
    link = first.exemplifies_links.get(practice=standards)
    link.basis = Basis.STATED
    link.save()
    link.citations.set([place])
    text = client.get("/compare/?kind=cases&slug=first&slug=second").text
    own = text[text.index("Practices it exemplifies: only here") :]
    own = own[: own.index("</tr>")]
    assert 'Only in the first</a> <details class="basis ours"><summary>our reading</summary>' in own
    assert "Both are about roles." in own
    assert (
        f'Set data standards</a> <span class="basis stated" title="A source states this link">'
        f'<span aria-hidden="true">§</span> stated in <a href="{place.get_absolute_url()}">'
    ) in own
    shared = text[text.index("Challenges it faced: in all of them") :]
    assert 'Shared challenge</a> <span class="basis stated"' in shared
    assert "stated for each" in shared
    practices = text[text.index("Practices it exemplifies: in all of them") :]
    assert "our reading for at least one" in practices[: practices.index("</section>")]
