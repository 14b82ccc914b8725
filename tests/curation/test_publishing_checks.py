"""Checks before publishing: what a record needs before readers see it, on
the change form before the move and enforced by the move itself."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from challenges.models import Challenge
from collabkb.curation import review
from collabkb.curation.roles import EDITORS
from collabkb.models import Status, Transition
from collabkb.text.notes import TO_REWRITE
from practices.models import Addressing
from tests import factories as f

pytestmark = pytest.mark.django_db

# Eleven words of the report's executive summary, as written.
COPIED = "enable innovative and far reaching responses to pressing national and global"


@pytest.fixture
def edith(django_user_model):
    user = django_user_model.objects.create_user("edith", "edith@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor(client, edith):
    client.force_login(edith)
    return client


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def move_url(record, name):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_move", args=[record.pk, name])


def ready_challenge(**fields):
    """A draft challenge that passes every check."""
    fields.setdefault("status", Status.DRAFT)
    return f.make_challenge(citations=[f.make_citation()], **fields)


def refused_and_unchanged(editor, record, *reasons):
    before = Version.objects.get_for_object(record).count()
    response = editor.post(move_url(record, "publish"), follow=True)
    page = response.text
    assert "is not published. Before it can be:" in page
    for reason in reasons:
        assert reason in page, reason
    assert type(record).objects.get(pk=record.pk).status == Status.DRAFT
    assert not Transition.objects.filter(object_id=record.pk, to_status="published").exists()
    assert Version.objects.get_for_object(record).count() == before


def test_it_refuses_to_publish_a_record_with_an_empty_summary(editor):
    record = ready_challenge(summary="")
    refused_and_unchanged(editor, record, "The summary is empty")


def test_it_refuses_to_publish_an_imported_record_with_the_notes_placeholder(editor):
    record = ready_challenge(body=f"{TO_REWRITE}\n\n> Cultural norms differ.")
    refused_and_unchanged(editor, record, "The body still holds the imported notes")


def test_it_refuses_to_publish_a_record_that_cites_nothing(editor):
    record = f.make_challenge(status=Status.DRAFT)
    refused_and_unchanged(editor, record, "It cites no source")


def test_it_refuses_to_publish_a_record_with_a_link_without_basis(editor):
    challenge = ready_challenge(title="Weak ties")
    practice = f.make_practice(title="Meet often", citations=[f.make_citation()])
    Addressing.objects.create(practice=practice, challenge=challenge)  # our reading, no reason
    refused_and_unchanged(
        editor,
        challenge,
        "Its link to practice “Meet often”: A link of our reading needs a reason",
    )
    # With a reason, it is published.
    Addressing.objects.filter(challenge=challenge).update(reason="Meeting builds the ties.")
    editor.post(move_url(challenge, "publish"))
    assert Challenge.objects.get(pk=challenge.pk).status == Status.PUBLISHED


def test_it_refuses_ten_words_of_a_quotation_in_the_summary_unless_quoted():
    editor = f.make_curator("ed", role=EDITORS)
    citation = f.make_citation(quotation=f"We had to {COPIED} challenges.")
    record = f.make_challenge(
        status=Status.DRAFT, citations=[citation], summary=f"Labs {COPIED} issues."
    )
    with pytest.raises(review.NotReady) as refused:
        review.move(record, "publish", editor)
    assert "The summary copies 10 or more words of a source" in str(refused.value)
    record.summary = f"Labs, in the report's words, “{COPIED}” issues."
    record.save()
    review.move(record, "publish", editor)
    assert Challenge.objects.get(pk=record.pk).status == Status.PUBLISHED


def test_the_change_form_lists_the_checks_before_the_move(editor):
    record = f.make_challenge(status=Status.DRAFT, summary="")
    page = editor.get(change_url(record)).text
    assert "Before this can be published:" in page
    assert "The summary is empty" in page and "It cites no source" in page
    ready = ready_challenge()
    page = editor.get(change_url(ready)).text
    assert "Before this can be published:" not in page
    assert "Every check before publishing passes." in page


def test_a_submit_is_not_refused_but_says_what_stands_before_publishing(client, django_user_model):
    carla = f.make_curator("carla", role="Contributors")
    client.force_login(carla)
    draft = f.make_challenge(status=Status.DRAFT, created_by=carla)
    page = client.post(move_url(draft, "submit"), follow=True).text
    assert Challenge.objects.get(pk=draft.pk).status == Status.IN_REVIEW
    assert "Submitted; before it can be published:" in page and "It cites no source" in page


def test_the_bulk_publish_says_why_each_record_is_left(editor):
    ready, bare = ready_challenge(title="Ready"), f.make_challenge(status=Status.DRAFT)
    changelist = reverse("admin:challenges_challenge_changelist")
    page = editor.post(
        changelist, {"action": "publish", "_selected_action": [ready.pk, bare.pk]}, follow=True
    ).text
    assert Challenge.objects.get(pk=ready.pk).status == Status.PUBLISHED
    assert Challenge.objects.get(pk=bare.pk).status == Status.DRAFT
    assert f"“{bare}” is not published. Before it can be: It cites no source" in page


def test_a_record_the_notes_import_made_is_not_published_as_it_was(editor):
    from collabkb.exchange.notes_import import import_notes

    notes = (
        "---\ntitle: A talk\nvideoId: abc123\n---\n\n## Key Challenges\n*   **Trust** "
        '<a class="yt-timestamp" data-t="01:02">[01:02]</a>: partners must trust each other.\n'
    )
    import_notes(notes)
    imported = Challenge.objects.get(slug="trust")
    assert imported.citations.exists()  # its moment is cited: the text is what stands
    refused_and_unchanged(
        editor, imported, "The summary is empty", "The body still holds the imported notes"
    )


def test_a_source_document_that_is_not_utf8_or_is_gone_does_not_break_the_checks(
    editor, settings, tmp_path
):
    (tmp_path / "transcript.txt").write_bytes("Caf\xe9 society, in Latin-1.".encode("latin-1"))
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    settings.SOURCE_DOCUMENTS = str(tmp_path)
    record = f.make_challenge(status=Status.DRAFT, summary="", citations=[f.make_citation()])
    page = editor.get(change_url(record)).text
    assert "Before this can be published" in page and "summary" in page
