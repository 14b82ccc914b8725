"""A case and its new organisations go through review together; unpublishing
an organisation that published cases show asks first."""

import pytest
from django.urls import reverse
from reversion.models import Version

from cases.models import Case, Organisation
from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.models import Status, Transition
from tests import factories as f

pytestmark = pytest.mark.django_db


def move_url(record, name):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_move", args=[record.pk, name])


def status_of(record):
    return type(record).objects.get(pk=record.pk).status


def new_case_with_two_new_organisations(author):
    ucla = f.make_organisation(
        title="UCLA", status=Status.DRAFT, created_by=author, citations=[f.make_citation()]
    )
    essex = f.make_organisation(
        title="Essex County Council",
        sector="public",
        status=Status.DRAFT,
        created_by=author,
        citations=[f.make_citation()],
    )
    case = f.make_case(
        title="Catalyst Project",
        status=Status.DRAFT,
        created_by=author,
        organisations=[ucla, essex],
        citations=[f.make_citation()],
    )
    return case, ucla, essex


def test_a_case_and_its_two_new_organisations_are_submitted_and_published_together(client):
    carla = f.make_curator("carla", role=CONTRIBUTORS)
    case, ucla, essex = new_case_with_two_new_organisations(carla)
    client.force_login(carla)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk])).text
    assert "moved with it" in page and "“Essex County Council”, “UCLA”" in page
    page = client.post(move_url(case, "submit"), follow=True).text
    assert "and with it “Essex County Council”, “UCLA”" in page
    assert {status_of(r) for r in (case, ucla, essex)} == {Status.IN_REVIEW}

    client.force_login(f.make_curator("edith", role=EDITORS))
    client.post(move_url(case, "publish"))
    assert {status_of(r) for r in (case, ucla, essex)} == {Status.PUBLISHED}
    # Each moved by a Transition and a revision of its own.
    for record in (case, ucla, essex):
        moves = Transition.objects.filter(
            object_id=record.pk, content_type__model=record._meta.model_name
        )
        assert [t.to_status for t in moves.order_by("pk")] == ["review", "published"]
        versions = Version.objects.get_for_object(record).order_by("pk")
        assert versions.last().revision.comment.startswith("Publish")
    assert Version.objects.get_for_object(ucla).order_by("pk").last().revision.comment == (
        "Publish (with “Catalyst Project”)"
    )

    client.logout()
    text = client.get(case.get_absolute_url()).text
    assert ">UCLA</a>" in text and ">Essex County Council</a>" in text
    assert client.get(ucla.get_absolute_url()).status_code == 200


def test_a_case_whose_new_organisation_fails_a_check_is_not_published(client):
    case = f.make_case(status=Status.DRAFT, citations=[f.make_citation()])
    bare = f.make_organisation(title="Unknown body", status=Status.DRAFT)
    case.participations.create(organisation=bare)
    client.force_login(f.make_curator("edith", role=EDITORS))
    page = client.post(move_url(case, "publish"), follow=True).text
    assert "The organisation “Unknown body”, published with it: It cites no source" in page
    assert status_of(case) == status_of(bare) == Status.DRAFT


def test_the_preview_of_a_draft_case_shows_its_draft_participants(client, admin_user):
    case, ucla, essex = new_case_with_two_new_organisations(None)
    assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    text = client.get(case.get_absolute_url()).text
    assert ">UCLA</a>" in text and ">Essex County Council</a>" in text
    assert "(not public yet: published with the case)" in text


def published_case_showing(organisation, title="Catalyst Project"):
    return f.make_case(title=title, organisations=[organisation], citations=[f.make_citation()])


def test_unpublishing_an_organisation_a_published_case_shows_asks_first(client):
    ucla = f.make_organisation(title="UCLA", citations=[f.make_citation()])
    case = published_case_showing(ucla)
    client.force_login(f.make_curator("edith", role=EDITORS))
    response = client.post(move_url(ucla, "unpublish"), {"comment": "Not a participant."})
    assert response.status_code == 200
    assert "“UCLA” is shown by" in response.text and "Catalyst Project" in response.text
    assert "Yes, unpublish" in response.text
    assert status_of(ucla) == Status.PUBLISHED and not Transition.objects.exists()
    assert ">UCLA</a>" in client.get(case.get_absolute_url()).text

    client.post(move_url(ucla, "unpublish"), {"comment": "Not a participant.", "confirmed": "yes"})
    assert status_of(ucla) == Status.DRAFT
    assert Transition.objects.get().comment == "Not a participant."
    client.logout()
    assert "UCLA" not in client.get(case.get_absolute_url()).text


def test_an_organisation_no_published_case_shows_is_unpublished_at_once(client):
    alone = f.make_organisation(title="Alone", citations=[f.make_citation()])
    f.make_case(organisations=[alone], status=Status.DRAFT)
    client.force_login(f.make_curator("edith", role=EDITORS))
    client.post(move_url(alone, "unpublish"))
    assert status_of(alone) == Status.DRAFT


def test_the_bulk_unpublish_of_organisations_asks_first_and_names_the_cases(client):
    ucla = f.make_organisation(title="UCLA", citations=[f.make_citation()])
    alone = f.make_organisation(title="Alone", citations=[f.make_citation()])
    published_case_showing(ucla, title="Catalyst Project")
    client.force_login(f.make_curator("edith", role=EDITORS))
    changelist = reverse("admin:cases_organisation_changelist")
    chosen = {"action": "unpublish", "_selected_action": [ucla.pk, alone.pk]}
    page = client.post(changelist, chosen).text
    assert "“UCLA” is shown by" in page and "Catalyst Project" in page
    assert status_of(ucla) == status_of(alone) == Status.PUBLISHED
    page = client.post(changelist, {**chosen, "confirmed": "yes"}, follow=True).text
    assert status_of(ucla) == status_of(alone) == Status.DRAFT
    assert "Unpublish (back to draft): 2 record(s)." in page
    assert Case.objects.get().status == Status.PUBLISHED
    assert Organisation.objects.published().count() == 0


def grow(case, n):
    """``n`` more new organisations and stated links to practices for ``case``."""
    for _ in range(n):
        cited = f.make_citation()
        case.citations.add(cited)
        case.participations.create(
            organisation=f.make_organisation(status=Status.DRAFT, citations=[f.make_citation()])
        )
        practice = f.make_practice(citations=[f.make_citation()])
        link = case.exemplifies_links.create(practice=practice, basis="stated")
        link.citations.add(cited)
        f.make_case(citations=[f.make_citation()]).related.add(
            case, through_defaults={"reason": "Same city."}
        )


def test_the_checks_on_a_case_s_form_cost_the_same_at_2_and_12_organisations_and_links():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from collabkb.admin import publishing

    case = f.make_case(status=Status.DRAFT, citations=[f.make_citation()])
    counts = []
    for n in (2, 10):
        grow(case, n)
        with CaptureQueriesContext(connection) as queries:
            shown = publishing.form_context(Case.objects.get(pk=case.pk))
        assert shown["before_publishing"] == [] and len(shown["together"]) == len(counts) * 10 + 2
        counts.append(len(queries))
    # The case; its quotations; its links to practices (rows, their
    # citations, the citations of the records at both ends: 4), to
    # challenges (none: 1), to other cases (rows, their citations: 2); its
    # new organisations and their quotations; its new organisations again
    # (the list).
    assert counts == [12, 12]


def test_a_published_case_s_form_names_its_organisations_not_public_yet(client):
    case = published_case_showing(f.make_organisation(title="UCLA"))
    late = f.make_organisation(title="Late Lab", status=Status.DRAFT)
    case.participations.create(organisation=late)
    client.force_login(f.make_curator("edith", role=EDITORS))
    page = client.get(reverse("admin:cases_case_change", args=[case.pk])).text
    assert "Not public yet (publish each from its own page)" in page
    assert reverse("admin:cases_organisation_change", args=[late.pk]) in page


def test_a_confirmed_unpublish_is_refused_when_the_record_was_saved_meanwhile(client):
    ucla = f.make_organisation(title="UCLA", citations=[f.make_citation()])
    published_case_showing(ucla)
    client.force_login(f.make_curator("edith", role=EDITORS))
    loaded = type(ucla).objects.get(pk=ucla.pk).updated.isoformat()
    asked = client.post(move_url(ucla, "unpublish"), {"comment": "Gone.", "loaded_at": loaded})
    assert f'name="loaded_at" value="{loaded}"' in asked.text  # the question keeps it
    type(ucla).objects.filter(pk=ucla.pk).update(summary="Someone else's words.")
    ucla.refresh_from_db()
    ucla.save()  # another curator's save: its time moves on
    answer = {"comment": "Gone.", "confirmed": "yes", "loaded_at": loaded}
    page = client.post(move_url(ucla, "unpublish"), answer, follow=True).text
    assert "“Unpublish (back to draft)” was not done" in page
    assert status_of(ucla) == Status.PUBLISHED
