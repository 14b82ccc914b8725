"""Every store derived from the content follows every kind of write.

The stores: search documents, the stored shown titles and sort keys, cached
pages, and a listener shaped like the stored figures' ``refresh(changed)``.
The writes: an admin save, a series renamed in the admin (its steps' titles
rewritten by ``bulk_update``), ``import_kb``, ``loaddata``, and a restore
from the history. Each is read where a reader sees it.
"""

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from reversion.models import Version

from collabkb import changes
from collabkb.exchange.export import export
from collabkb.models import Status
from collabkb.text.sorting import sort_key
from practices.models import Practice, Series
from tests import factories as f
from tests.admin_forms import post_form
from tests.curation.test_review import change_url
from tests.processes import manage

pytestmark = pytest.mark.django_db

OLD, NEW = "Policy Lab step 1 — Agree the questions", "RENAMED step 1 — Agree the questions"


@pytest.fixture
def heard():
    """What a listener like the stored figures' ``refresh(changed)`` is told."""
    calls = []

    def refresh(changed):
        calls.append({model: set(pks) for model, pks in changed.items()})

    changes.listen(refresh)
    yield calls
    changes.unlisten(refresh)


def told_of(calls, model, pk):
    return any(model in call and (not call[model] or pk in call[model]) for call in calls)


def a_step():
    series = f.make_series(title="Governance process", short_name="Policy Lab")
    practice = f.make_practice(
        title="Step 1: Agree the questions", series=series, number=1, summary="Trust first."
    )
    return series, practice


def edit(client, obj, form, **fields):
    response = post_form(client, change_url(obj), form, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]


def renamed_in_the_admin(admin_client, series, practice, tmp_path):
    edit(admin_client, series, "series_form", short_name="RENAMED")


def step_retitled_in_the_admin(admin_client, series, practice, tmp_path):
    series.short_name = "RENAMED"  # what the step's title shows once it is saved
    Series.objects.filter(pk=series.pk).update(short_name="RENAMED")
    edit(admin_client, practice, "practice_form", summary="Trust first, then data.")


def _file(tmp_path, change):
    data = json.loads(export())
    for obj in data:
        change(obj)
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _rename(obj):
    if obj["model"] == "practices.series":
        obj["fields"]["short_name"] = "RENAMED"


def imported(admin_client, series, practice, tmp_path):
    options = ["--publish", "--user", "admin"]  # an editor's import of a published change
    call_command("import_kb", _file(tmp_path, _rename), *options, stdout=io.StringIO())


def loaded(admin_client, series, practice, tmp_path):
    call_command("loaddata", _file(tmp_path, _rename), verbosity=0)


def restored_from_history(admin_client, series, practice, tmp_path):
    # A version of the step saved while its series was called RENAMED …
    Series.objects.filter(pk=series.pk).update(short_name="RENAMED")
    edit(admin_client, practice, "practice_form", summary="Trust first.")
    kept = Version.objects.get_for_object(practice).order_by("pk").last()
    # … then the series got its name back and the step was edited again.
    Series.objects.filter(pk=series.pk).update(short_name="Policy Lab")
    edit(admin_client, practice, "practice_form", summary="Something else.")
    assert OLD in admin_client.get("/practices/").text
    # Readers' pages of the current step are cached; then the rename comes back
    # and the kept version is restored.
    Series.objects.filter(pk=series.pk).update(short_name="RENAMED")
    meta = practice._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_revision", args=[practice.pk, kept.pk])
    response = post_form(admin_client, url, "practice_form")
    assert response.status_code == 302


WRITES = [
    renamed_in_the_admin,
    step_retitled_in_the_admin,
    imported,
    loaded,
    restored_from_history,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_every_derived_store_follows_a_write(client, admin_client, heard, tmp_path, write):
    series, practice = a_step()
    practice.status = Status.PUBLISHED
    practice.save()
    pages = [practice.get_absolute_url(), "/practices/", "/search/?q=agree+questions"]
    for url in pages:  # cached as a reader reads them (search marks the words it found)
        assert "Policy Lab step 1" in client.get(url).text
        assert client.get(url)["X-Page-Cache"] == "hit"
    heard.clear()

    write(admin_client, series, practice, tmp_path)

    stored = Practice.objects.get(slug=practice.slug)
    assert (stored.shown_title, stored.title_sort) == (NEW, sort_key(NEW))  # stored titles
    for url in pages:  # cached pages, the list, and the search documents behind the results
        text = client.get(url).text
        assert "RENAMED step 1" in text and "Policy Lab step 1" not in text, url
    rows = client.get("/search/", {"q": "agree questions", "format": "csv"})
    assert NEW in b"".join(rows).decode("utf-8-sig")  # the search CSV
    assert told_of(heard, Practice, stored.pk)  # the figures' hook


def test_saving_one_practice_leaves_an_unrelated_cached_page_a_hit(client, admin_client):
    edited = f.make_practice(title="Edited", status=Status.PUBLISHED)
    other = f.make_practice(title="Unrelated", status=Status.PUBLISHED)
    challenge = f.make_challenge(title="Linked to the edited one", status=Status.PUBLISHED)
    edited.addresses.add(challenge)
    for url in (other.get_absolute_url(), challenge.get_absolute_url(), "/practices/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"

    edit(admin_client, edited, "practice_form", title="Edited again")

    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    linked = client.get(challenge.get_absolute_url())  # it lists the edited practice
    assert linked["X-Page-Cache"] == "miss" and "Edited again" in linked.text
    assert "Edited again" in client.get("/practices/").text


def test_publishing_a_record_shows_on_the_cached_pages_of_what_it_links_to(client, admin_user):
    from collabkb.curation import review

    challenge = f.make_challenge(title="A barrier", status=Status.PUBLISHED)
    practice = f.make_practice(
        title="Not yet public", status=Status.IN_REVIEW, citations=[f.make_citation()]
    )
    practice.addresses.add(challenge, through_defaults={"reason": "It lowers the barrier."})
    assert "Not yet public" not in client.get(challenge.get_absolute_url()).text
    review.move(practice, "publish", admin_user)
    assert "Not yet public" in client.get(challenge.get_absolute_url()).text
    review.move(practice, "unpublish", admin_user)
    assert "Not yet public" not in client.get(challenge.get_absolute_url()).text


def test_a_step_around_another_shows_its_new_title_on_the_cached_page_of_the_other(client):
    series, first = a_step()
    second = f.make_practice(title="Step 2: Share the data", series=series, number=2)
    for step in (first, second):
        step.status = Status.PUBLISHED
        step.save()
    assert "Share the data" in client.get(first.get_absolute_url()).text
    second.title = "Step 2: Share what you can"
    second.save()
    assert "Share what you can" in client.get(first.get_absolute_url()).text


def _drawn(text):
    return text[text.index('<svg class="map"') : text.index("</svg>")]


def test_a_record_renamed_two_steps_out_moves_into_the_cached_neighbourhood(client):
    centre = f.make_challenge(title="Centre", status=Status.PUBLISHED)
    far = [f.make_challenge(title=f"Far {n:02}", status=Status.PUBLISHED) for n in range(1, 13)]
    f.make_practice(title="Between", status=Status.PUBLISHED, addresses=[centre, *far])
    url = centre.get_absolute_url()
    text = client.get(url).text  # its column draws itself and the first 11 of the 12 far ones
    assert "(+1 more)" in _drawn(text) and far[-1].get_absolute_url() not in _drawn(text)
    assert client.get(url)["X-Page-Cache"] == "hit"

    far[-1].title = "A far one, renamed"
    far[-1].save()

    drawn = _drawn(client.get(url).text)
    assert far[-1].get_absolute_url() in drawn and "A far one, renamed" in drawn
    assert far[-2].get_absolute_url() not in drawn  # now the one left out


def test_a_record_edited_two_steps_out_refreshes_its_neighbourhood_and_no_other_page(client):
    centre = f.make_challenge(title="Centre", status=Status.PUBLISHED)
    far = f.make_challenge(title="Far", status=Status.PUBLISHED)
    f.make_practice(title="Between", status=Status.PUBLISHED, addresses=[centre, far])
    lone = f.make_challenge(title="Lone", status=Status.PUBLISHED)
    for url in (centre.get_absolute_url(), lone.get_absolute_url()):
        client.get(url)
    far.summary = "Said otherwise."
    far.save()
    assert client.get(lone.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(centre.get_absolute_url())["X-Page-Cache"] == "miss"  # it draws the far one


# The mechanism itself.


def test_a_listener_is_told_both_ends_of_a_link_and_what_a_deleted_row_was_linked_to(heard):
    practice = f.make_practice()
    challenge = f.make_challenge()
    practice.addresses.add(challenge)
    assert heard[-1] == {Practice: {practice.pk}, type(challenge): {challenge.pk}}
    heard.clear()
    challenge.delete()
    assert told_of(heard, Practice, practice.pk)


def test_a_batch_announces_once_at_its_end_and_not_at_all_if_it_fails(heard):
    with changes.batch():
        one, two = f.make_challenge(), f.make_challenge()
        assert heard == []
    assert len(heard) == 1 and {one.pk, two.pk} <= heard[0][type(one)]
    heard.clear()
    with pytest.raises(RuntimeError), changes.batch():
        f.make_challenge()
        raise RuntimeError
    assert heard == []


def test_a_batch_of_many_rows_counts_as_all_of_them(heard, monkeypatch):
    monkeypatch.setattr(changes, "MOST", 2)
    with changes.batch():
        for _ in range(3):
            f.make_challenge()
    [call] = heard
    assert call[type(f.make_challenge())] == set()  # all of them


def test_an_after_commit_listener_hears_a_write_once_it_commits(
    django_capture_on_commit_callbacks,
):
    heard = []
    changes.listen(heard.append, after_commit=True)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                record = f.make_challenge()
                assert heard == []
        assert any(type(record) in call for call in heard)
        heard.clear()
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError), transaction.atomic():
                f.make_challenge()
                raise RuntimeError
        assert heard == []
    finally:
        changes.unlisten(heard.append)


# A reader during an open write transaction, then after its commit.

READ_DURING_A_WRITE = """
import threading
import django
django.setup()
from django.db import connection, transaction
from django.test import Client
from django.test.utils import setup_test_environment
from challenges.models import Challenge

setup_test_environment()
record = Challenge.objects.published().order_by("pk").first()
url = record.get_absolute_url()
saved, go_on = threading.Event(), threading.Event()

def write():
    with transaction.atomic():
        other = Challenge.objects.get(pk=record.pk)
        other.title = "Written in an open transaction"
        other.save()
        saved.set()
        go_on.wait(30)
    connection.close()

client = Client()
client.get(url)
writer = threading.Thread(target=write)
writer.start()
saved.wait(30)
for moment in ("during", "during again"):
    page = client.get(url)
    print(moment, page.get("X-Page-Cache", "-"), "Written in an open" in page.text)
go_on.set()
writer.join()
page = client.get(url)
print("after", page.get("X-Page-Cache", "-"), "Written in an open" in page.text)
"""


def _lines(out):
    return [line for line in out.splitlines() if line.startswith(("during", "after"))]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite in WAL mode, in a file")
def test_a_page_read_during_an_open_write_is_old_and_new_once_it_commits_sqlite(tmp_path):
    database = tmp_path / "open.sqlite3"
    manage("load_content", "--migrate", database=database)
    script = f"import os; os.environ['CACHE_DIR'] = {str(tmp_path / 'cache')!r}\n"
    out = manage(database=database, command=[sys.executable, "-c", script + READ_DURING_A_WRITE])
    assert _lines(out) == ["during hit False", "during again hit False", "after miss True"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second PostgreSQL connection")
def test_a_page_read_during_an_open_write_is_old_and_new_once_it_commits_postgresql(client):
    import threading

    from django.db import connections

    record = f.make_challenge(title="Old words", status=Status.PUBLISHED)
    url = record.get_absolute_url()
    client.get(url)
    saved, go_on = threading.Event(), threading.Event()

    def write():
        try:
            with transaction.atomic():
                other = type(record).objects.get(pk=record.pk)
                other.title = "New words"
                other.save()
                saved.set()
                go_on.wait(30)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    assert saved.wait(30)
    during = client.get(url)
    go_on.set()
    writer.join()
    assert "Old words" in during.text
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss" and "New words" in after.text
