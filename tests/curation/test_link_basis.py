"""The admin edits each link's basis, refuses a bad one, keeps it in history,
and readers' cached pages follow."""

import pytest
from django.urls import reverse
from reversion.models import Version

from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.models import Status
from tests import factories as f
from tests.admin_forms import post_form
from tests.curation.test_review import change_url, make_user

pytestmark = pytest.mark.django_db


def linked_pair():
    table = f.make_citation(locator="Table 3, row: data sharing agreements")
    other_place = f.make_citation(locator="Table 1, row: weak personal connections")
    challenge = f.make_challenge(title="Data sharing across borders", citations=[table])
    practice = f.make_practice(title="Agree on data sharing", addresses=[challenge])
    return practice, challenge, table, other_place


def save(client, record, **changes):
    return post_form(client, change_url(record), f"{record._meta.model_name}_form", **changes)


@pytest.mark.parametrize("role", ["superuser", EDITORS, CONTRIBUTORS])
def test_every_role_sees_the_links_with_their_basis_on_each_kind_of_record(
    client, django_user_model, role
):
    if role == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    else:
        user = make_user(django_user_model, "someone", role)
    client.force_login(user)
    # A contributor changes their own drafts: the records are theirs.
    mine = {"status": Status.DRAFT, "created_by": user} if role == CONTRIBUTORS else {}
    challenge = f.make_challenge(title="A barrier", **mine)
    practice = f.make_practice(title="A practice", addresses=[challenge], **mine)
    case = f.make_case(title="A case", **mine)
    case.exemplifies.add(practice)
    case.faced.add(challenge)
    for record, headings in (
        (practice, ["challenges it addresses", "related practices", "cases that exemplify it"]),
        (challenge, ["related challenges", "practices that address it", "cases that faced it"]),
        (case, ["practices it exemplifies", "challenges it faced", "related cases"]),
    ):
        page = client.get(change_url(record))
        assert page.status_code == 200, (role, record)
        text = page.content.decode().lower()
        for heading in headings:
            assert heading in text, (role, heading)
        assert "our reading" in text and "stated by a source" in text


def test_a_stated_link_needs_a_citation_of_one_of_its_records(admin_client):
    practice, challenge, table, other_place = linked_pair()
    link = practice.addresses_links.get()

    page = save(admin_client, practice, **{"addresses_links-0-basis": "stated"})
    assert page.status_code == 200
    assert "A stated link needs the citation of the place that states it" in page.text

    page = save(
        admin_client,
        practice,
        **{
            "addresses_links-0-basis": "stated",
            "addresses_links-0-citations": str(other_place.pk),
            "summary": "Typed before the refusal.",
        },
    )
    assert "must be attached to the record at one end" in page.text
    assert "Typed before the refusal." in page.text  # nothing typed is lost
    link.refresh_from_db()
    assert link.basis == "ours" and not link.citations.exists()

    page = save(
        admin_client,
        practice,
        **{"addresses_links-0-basis": "stated", "addresses_links-0-citations": str(table.pk)},
    )
    assert page.status_code == 302
    link.refresh_from_db()
    assert link.basis == "stated" and list(link.citations.all()) == [table]


def test_our_reading_needs_a_reason_and_is_edited_from_either_end(admin_client):
    practice, challenge, _, _ = linked_pair()
    page = save(admin_client, challenge, **{"addressed_by_links-0-reason": ""})
    assert page.status_code == 302  # unchanged rows are not checked
    another = f.make_practice(title="Meet in person")
    page = save(admin_client, challenge, **{"addressed_by_links-1-practice": str(another.pk)})
    assert page.status_code == 200 and "needs a reason" in page.text
    assert not another.addresses.exists()
    page = save(
        admin_client,
        challenge,
        **{
            "addressed_by_links-1-practice": str(another.pk),
            "addressed_by_links-1-reason": "Meeting is how ties form.",
            "addressed_by_links-0-reason": "Both are about what is shared.",
        },
    )
    assert page.status_code == 302
    assert practice.addresses_links.get().reason == "Both are about what is shared."
    assert another.addresses_links.get().reason == "Meeting is how ties form."


def test_both_rows_of_a_related_link_say_the_same_whichever_side_is_edited(admin_client):
    one = f.make_challenge(title="Weak ties")
    other = f.make_challenge(title="Low trust")
    one.related.add(other)
    save(admin_client, other, **{"related_links-0-reason": "Trust grows from ties."})
    assert {link.reason for link in one.related_links.all()} == {"Trust grows from ties."}
    place = f.make_citation(locator="Table 1, row: weak ties and trust")
    one.citations.add(place)
    page = save(
        admin_client,
        one,
        **{"related_links-0-basis": "stated", "related_links-0-citations": str(place.pk)},
    )
    assert page.status_code == 302
    [back] = other.related_links.all()
    assert back.basis == "stated" and list(back.citations.all()) == [place]
    # Removed from one side, the link is gone both ways.
    save(admin_client, other, **{"related_links-0-DELETE": "on"})
    assert not one.related.exists() and not other.related.exists()


def test_a_restore_brings_back_the_old_basis(admin_client):
    practice, challenge, table, _ = linked_pair()
    save(
        admin_client,
        practice,
        **{"addresses_links-0-basis": "stated", "addresses_links-0-citations": str(table.pk)},
    )
    save(
        admin_client,
        practice,
        **{
            "addresses_links-0-basis": "ours",
            "addresses_links-0-citations": [],
            "addresses_links-0-reason": "Our reading now.",
        },
    )
    link = practice.addresses_links.get()
    assert (link.basis, link.reason) == ("ours", "Our reading now.")
    first = Version.objects.get_for_object(practice).order_by("pk").first()
    url = reverse("admin:practices_practice_revision", args=[practice.pk, first.pk])
    assert post_form(admin_client, url, "practice_form").status_code == 302
    link = practice.addresses_links.get()
    assert (link.basis, link.reason) == ("stated", "")
    assert list(link.citations.all()) == [table]


def test_a_changed_basis_shows_on_the_cached_public_page(client, admin_client):
    practice, challenge, table, _ = linked_pair()
    for url in (practice.get_absolute_url(), challenge.get_absolute_url()):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
        assert "our reading" in client.get(url).text
    save(
        admin_client,
        practice,
        **{"addresses_links-0-basis": "stated", "addresses_links-0-citations": str(table.pk)},
    )
    for url in (practice.get_absolute_url(), challenge.get_absolute_url()):
        page = client.get(url)
        assert page["X-Page-Cache"] == "miss", url
        assert "stated in" in page.text and "Table 3, row: data sharing agreements" in page.text
    # The citations of the link alone changed: the pages follow too.
    link = practice.addresses_links.get()
    second = f.make_citation(locator="Section 4, on data sharing")
    challenge.citations.add(second)
    for url in (practice.get_absolute_url(), challenge.get_absolute_url()):
        client.get(url)
    link.citations.add(second)
    for url in (practice.get_absolute_url(), challenge.get_absolute_url()):
        assert "Section 4, on data sharing" in client.get(url).text, url
