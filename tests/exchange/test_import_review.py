"""An import never changes what readers see without an editor: import_notes
and import_kb refuse a change to a published record (nothing written) unless
an editor runs them with --publish --user, which records it as theirs."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from cases.models import Case
from challenges.models import Challenge
from collabkb.curation.roles import CONTRIBUTORS, EDITORS
from collabkb.exchange.export import export
from collabkb.models import Source, Status, Transition
from tests import factories as f
from tests.reading.test_leaks import crawl

pytestmark = pytest.mark.django_db

TITLE = "Zorblat webinar on borders"
NOTES = f"""---
title: {TITLE}
videoId: zorblat0001
---

## Key Challenges
*   **Cultural norms** <a class="yt-timestamp" data-t="28:12:00">[28:12:00]</a>: Each
    country works in its own way.
*   **Zorblat ecosystems** <a class="yt-timestamp" data-t="31:54:00">[31:54:00]</a>: Few
    partners to work with.
"""
LONG_AGO = timezone.now() - datetime.timedelta(days=400)


@pytest.fixture
def cultural_norms():
    challenge = f.make_challenge(slug="cultural-norms", title="Cultural norms")
    Challenge.objects.filter(pk=challenge.pk).update(updated=LONG_AGO)
    return challenge


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    return path


def run(command, path, *args):
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refusal(command, path, *args):
    with pytest.raises(CommandError) as caught:
        run(command, path, *args)
    return str(caught.value)


def test_notes_that_would_cite_on_a_published_record_change_nothing_and_say_why(
    cultural_norms, notes
):
    before = export(published_only=False)
    message = refusal("import_notes", notes)
    assert "published record" in message and "Cultural norms" in message
    assert "Nothing was written" in message and "--publish --user" in message
    assert export(published_only=False) == before
    assert not Source.objects.filter(title=TITLE).exists()
    assert not Challenge.objects.filter(slug="zorblat-ecosystems").exists()


def test_an_editors_publishing_import_of_notes_is_recorded_as_theirs(client, cultural_norms, notes):
    edith = f.make_curator("edith", EDITORS)
    report = run("import_notes", notes, "--publish", "--user", "edith")
    assert "published challenge given citations: cultural-norms" in report
    cultural_norms.refresh_from_db()
    assert cultural_norms.citations.filter(second=28 * 60 + 12).exists()
    assert cultural_norms.updated > LONG_AGO + datetime.timedelta(days=300)
    [version] = Version.objects.get_for_object(cultural_norms)
    assert (version.revision.user, version.revision.comment) == (edith, f"Imported from {notes}")
    assert cultural_norms.changed_by == edith  # the admin's list says who changed it last
    # The new record is a draft, by the import's user, with its first version.
    draft = Challenge.objects.get(slug="zorblat-ecosystems")
    assert (draft.status, draft.created_by) == (Status.DRAFT, edith)
    assert Version.objects.get_for_object(draft).get().revision.user == edith
    # Readers see the change: the record's page and the feed.
    feed = client.get(reverse("feed")).content.decode()
    assert "Cultural norms" in feed
    assert TITLE in client.get(cultural_norms.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "options, message",
    [
        (["--publish"], "--publish needs --user"),
        (["--publish", "--user", "carla"], "not an editor"),
        (["--user", "nobody"], "no active user"),
    ],
)
@pytest.mark.parametrize("command", ["import_notes", "import_kb"])
def test_publishing_needs_an_editor(cultural_norms, notes, tmp_path, command, options, message):
    f.make_curator("carla", CONTRIBUTORS)
    path = notes
    if command == "import_kb":
        path = tmp_path / "kb.json"
        path.write_text(export(), encoding="utf-8")
    before = export(published_only=False)
    assert message in refusal(command, path, *options)
    assert export(published_only=False) == before


def _changed_case_file(tmp_path, case, **fields):
    data = json.loads(export())
    for obj in data:
        if obj["model"] == "cases.case" and obj["fields"]["slug"] == case.slug:
            obj["fields"].update(fields)
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_import_that_changes_a_published_case_is_refused_naming_it(tmp_path):
    case = f.make_case(title="Deep Space Food Challenge", summary="As it was.")
    path = _changed_case_file(tmp_path, case, summary="Rewritten by the file.")
    before = export(published_only=False)
    message = refusal("import_kb", path)
    assert "Deep Space Food Challenge" in message and "The database is unchanged" in message
    assert export(published_only=False) == before


def test_an_import_that_renames_a_place_a_published_case_shows_is_refused(tmp_path):
    case = f.make_case(title="Latvian lab")
    case.places.add(f.make_place(name="Latvia", country="Latvia", kind="country"))
    data = json.loads(export())
    for obj in data:
        if obj["model"] == "cases.place":
            obj["fields"]["name"] = "latvia"
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "Latvian lab" in refusal("import_kb", path)
    assert case.places.get().name == "Latvia"


def test_an_editors_publishing_import_is_recorded_and_reaches_the_feed(client, tmp_path):
    case = f.make_case(title="Deep Space Food Challenge", summary="As it was.")
    Case.objects.filter(pk=case.pk).update(updated=LONG_AGO)
    newer = f.make_challenge(title="Role clarity")
    path = _changed_case_file(tmp_path, case, summary="Rewritten by the file.")
    edith = f.make_curator("edith", EDITORS)
    assert "updated 1" in run("import_kb", path, "--publish", "--user", "edith")
    case.refresh_from_db()
    assert case.summary == "Rewritten by the file."
    assert case.updated > newer.updated
    [version] = Version.objects.get_for_object(case)
    assert (version.revision.user, version.revision.comment) == (edith, f"Imported from {path}")
    assert case.changed_by == edith
    feed = client.get(reverse("feed")).content.decode()
    assert feed.index("Deep Space Food Challenge") < feed.index("Role clarity")
    # The same file again changes nothing.
    assert "created 0, updated 0" in run("import_kb", path, "--publish", "--user", "edith")


def test_a_new_published_record_of_an_import_waits_in_review(client, tmp_path):
    f.make_challenge(title="Already here")
    f.make_curator("carla", CONTRIBUTORS)
    data = json.loads(export())
    [challenge] = [o for o in data if o["model"] == "challenges.challenge"]
    new = json.loads(json.dumps(challenge))
    new["fields"].update(slug="zorblat-barrier", title="Zorblat barrier")
    path = tmp_path / "kb.json"
    path.write_text(json.dumps([*data, new]), encoding="utf-8")
    report = run("import_kb", path, "--user", "carla")
    assert "in review (an editor publishes it): challenge zorblat-barrier" in report
    record = Challenge.objects.get(slug="zorblat-barrier")
    assert record.status == Status.IN_REVIEW
    step = Transition.objects.get(object_id=record.pk, content_type__model="challenge")
    assert (step.to_status, step.user.username) == (Status.IN_REVIEW, "carla")
    assert client.get(record.get_absolute_url()).status_code == 404


def test_the_draft_leak_crawl_finds_nothing_of_a_pending_import(client, notes, tmp_path):
    linked = f.make_linked_set()
    run("import_notes", notes)  # new drafts, a new source and its moments
    data = json.loads(export())
    [challenge] = [o for o in data if o["fields"].get("slug") == linked["challenge"].slug]
    new = json.loads(json.dumps(challenge))
    new["fields"].update(slug="zorblat-gap", title="Zorblat gap", summary="Zorblat words.")
    path = tmp_path / "kb.json"
    path.write_text(json.dumps([*data, new]), encoding="utf-8")
    run("import_kb", path)  # a record the file publishes, held in review
    source = Source.objects.get(title=TITLE)
    seeds = [
        source.get_absolute_url(),
        *(c.get_absolute_url() for c in source.citations.all()),
        Challenge.objects.get(slug="zorblat-ecosystems").get_absolute_url(),
        Challenge.objects.get(slug="zorblat-gap").get_absolute_url(),
        # Searches for their other words: the page then echoes no secret.
        "/search/?q=ecosystems",
        "/search/?q=webinar+borders",
    ]
    sitemaps = ["/sitemap.xml", "/sitemap-sources.xml", "/sitemap-moments.xml"]
    sitemaps.append("/sitemap-challenges.xml")
    pages = crawl(client, seeds + sitemaps)
    assert len(pages) > 40
    assert [url for url, (_, text) in pages.items() if "zorblat" in text.lower()] == []
    assert all(pages[url][0] == 200 for url in sitemaps)
    for seed in [seeds[0], *seeds[-4:-2]]:
        assert pages[seed][0] == 404, seed


def test_an_editors_publishing_import_refuses_a_new_record_that_fails_the_checks(client, tmp_path):
    # --publish publishes what the file publishes, after the checks an editor's
    # publish in the admin makes. One record fails them: nothing is written.
    f.make_challenge(title="Already here", citations=[f.make_citation()])
    f.make_curator("edith", EDITORS)
    data = json.loads(export())
    [challenge] = [o for o in data if o["model"] == "challenges.challenge"]
    new = json.loads(json.dumps(challenge))
    new["fields"].update(slug="zorblat-barrier", title="Zorblat barrier", summary="")
    path = tmp_path / "kb.json"
    path.write_text(json.dumps([*data, new]), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="the database is unchanged"):
        call_command(
            "import_kb", str(path), "--publish", "--user", "edith", stdout=io.StringIO(), stderr=err
        )
    assert "challenge “Zorblat barrier” (zorblat-barrier) cannot be published" in err.getvalue()
    assert "It cites no source" in err.getvalue()
    assert not Challenge.objects.filter(slug="zorblat-barrier").exists()
