"""Stored figures follow every write, and readers see them where pages show them.

Each test changes a source of a figure the usual way (a save, a link, a
publication, a delete, a load) and reads the page that shows it; and after
every write the stored figures equal those ``rebuild()`` would make.
"""

import io
import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from cases.models import SECTOR_BITS, Case, CaseCountry, Organisation, Participation
from challenges.models import Challenge
from collabkb import figures
from collabkb.kinds import registry
from collabkb.models import Citation, CitingRecord, Source
from practices.models import Practice, Series
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

EVIDENCE = (
    "citation_count",
    "source_count",
    "link_count",
    "stated_source_count",
    "stated_link_count",
)
COLUMNS = {
    Challenge: (*EVIDENCE, "paired_count", "stated_case_count"),
    Practice: (
        *EVIDENCE,
        "quotation_count",
        "case_count",
        "related_count",
        "paired_count",
        "stated_case_count",
    ),
    Case: (*EVIDENCE, "sector_mask", "sector_count", "country_count", "cross_border"),
    Organisation: EVIDENCE,
}


def stored():
    rows = {
        (model.__name__, row[0]): row[1:]
        for model, columns in COLUMNS.items()
        for row in model.objects.values_list("slug", *columns)
    }
    rows["countries"] = sorted(CaseCountry.objects.values_list("case__slug", "country"))
    slugs = {
        (kind.name, pk): slug
        for kind in registry
        for pk, slug in kind.model.objects.values_list("pk", "slug")
    }
    rows["citing"] = sorted(
        (source, second, position, locator, kind, slugs[kind, record], title_sort)
        for source, second, position, locator, kind, record, title_sort in (
            CitingRecord.objects.values_list(
                "source__slug", "second", "position", "locator", "kind", "record_id", "title_sort"
            )
        )
    )
    return rows


def assert_as_rebuilt():
    kept = stored()
    figures.rebuild()
    assert kept == stored()


def card(client, url, title):
    """The evidence and counts lines of ``title``'s card on the list page at ``url``."""
    text = client.get(url).text
    after = text[text.index(f">{title}<") :]
    line = after[after.index('<p class="evidence">') :]
    counts = line.index("</p>", line.index('class="counts'))
    return " ".join(re.sub(r"<[^>]+>", " ", line[:counts]).split())


def test_a_card_says_which_sources_state_a_record_and_counts_its_citations_apart(client):
    report, video = f.make_source(), f.make_source(kind="video")
    challenge = f.make_challenge(title="Role clarity", citations=[f.make_citation(report)])
    f.make_challenge(title="Another", citations=[f.make_citation(report)])
    f.make_challenge(title="A quoted one", citations=[f.make_citation(report) for _ in range(5)])
    assert card(client, "/challenges/", "Role clarity") == (
        "Evidence from the sources: stated by 1 source. "
        "Counts, not strength: 1 citation from 1 source · 0 linked records."
    )
    # A place that qualifies it is counted, but does not state it.
    f.attach(challenge, f.make_citation(video), "qualifies")
    line = card(client, "/challenges/", "Role clarity")
    assert line.startswith("Evidence from the sources: stated by 1 source.")
    assert "2 citations from 2 sources" in line
    f.attach(challenge, f.make_citation(video, second=60), "supports")
    assert card(client, "/challenges/", "Role clarity").startswith(
        "Evidence from the sources: stated by 2 sources."
    )
    # The strongest first: stated by both sources, then the rest by title,
    # however many citations they have.
    strongest = client.get("/challenges/?sort=evidence").context["listing"].page.object_list
    assert [c.title for c in strongest] == ["Role clarity", "A quoted one", "Another"]
    home = client.get("/")
    assert [r.title for r in home.context["several"][0][1]] == ["Role clarity"]
    assert "most cited" not in home.text.lower()
    assert_as_rebuilt()


def test_a_stated_link_is_evidence_and_a_link_of_our_reading_only_a_count(client):
    challenge = f.make_challenge(title="Role clarity", mentions=9)
    practice = f.make_practice(title="Designate clear roles", addresses=[challenge])
    case = f.make_case(title="Lab")
    case.faced.add(challenge)
    line = card(client, "/challenges/", "Role clarity")
    assert "no source states it outright · 9 interview mentions (the report's count)." in line
    assert "pairs" not in line and "2 linked records" in line
    link = practice.addresses_links.get()
    table = f.make_citation()
    f.attach(challenge, table, "supports")
    link.basis = "stated"
    link.save()
    link.citations.set([table])
    line = card(client, "/challenges/", "Role clarity")
    assert "a source pairs 1 practice with it" in line
    assert "a source pairs it with 1 challenge" in card(
        client, "/practices/", "Designate clear roles"
    )
    facing = case.faced_links.get()
    facing.basis = "stated"
    facing.save()
    assert "a source says 1 case faced it" in card(client, "/challenges/", "Role clarity")
    page = client.get(challenge.get_absolute_url()).text
    assert "a source says 1 case faced it" in page and "Counts, not strength" in page
    assert_as_rebuilt()


def test_publishing_or_unpublishing_a_record_changes_what_its_links_count(client):
    challenge = f.make_challenge(title="Role clarity")
    practice = f.make_practice(status="draft", addresses=[challenge])
    assert "0 linked records" in card(client, "/challenges/", "Role clarity")
    practice.status = "published"
    practice.save()
    assert "1 linked record" in card(client, "/challenges/", "Role clarity")
    practice.status = "draft"
    practice.save()
    assert "0 linked records" in card(client, "/challenges/", "Role clarity")
    assert_as_rebuilt()


def test_a_link_removed_or_a_record_deleted_is_counted_out(client):
    challenge = f.make_challenge(title="Role clarity")
    practice = f.make_practice(addresses=[challenge])
    case = f.make_case(title="Lab")
    case.faced.add(challenge)
    assert "2 linked records" in card(client, "/challenges/", "Role clarity")
    practice.addresses.remove(challenge)
    assert "1 linked record" in card(client, "/challenges/", "Role clarity")
    case.delete()
    assert "0 linked records" in card(client, "/challenges/", "Role clarity")
    challenge.addressed_by.add(practice)  # from the other end
    assert "1 linked record" in card(client, "/challenges/", "Role clarity")
    challenge.addressed_by.clear()
    assert "0 linked records" in card(client, "/challenges/", "Role clarity")
    assert_as_rebuilt()


def test_an_organisations_published_cases_show_on_its_card_and_sort_it(client):
    essex = f.make_organisation(title="Essex")
    ucla = f.make_organisation(title="UCLA")
    f.make_case(organisations=[ucla])
    draft = f.make_case(status="draft", organisations=[essex])
    listed = client.get("/organisations/?sort=cases").context["listing"].page.object_list
    assert [(o.title, o.n_cases) for o in listed] == [("UCLA", 1), ("Essex", 0)]
    draft.status = "published"
    draft.save()
    Participation.objects.create(case=f.make_case(), organisation=essex)
    listed = client.get("/organisations/?sort=cases").context["listing"].page.object_list
    assert [(o.title, o.n_cases) for o in listed] == [("Essex", 2), ("UCLA", 1)]
    assert_as_rebuilt()


def plan_practice(client, challenge):
    plan = client.get(f"/plan/?challenge={challenge.slug}&format=json").json()
    return plan["challenges"][0]["practices"][0]


def test_only_cases_a_source_says_show_a_practice_rank_it_in_a_plan(client):
    challenge = f.make_challenge()
    practice = f.make_practice(addresses=[challenge])
    assert plan_practice(client, challenge)["fit"] == 0
    quote = f.make_citation(quotation="We met weekly.", speaker_role="university")
    practice.citations.add(quote)  # a quotation is a count, not strength
    practice.related.add(f.make_practice())
    assert plan_practice(client, challenge)["fit"] == 3  # stated by its source
    case = f.make_case(status="draft")
    case.exemplifies.add(practice)
    case.status = "published"
    case.save()
    assert plan_practice(client, challenge)["fit"] == 3  # a case of our reading
    link = case.exemplifies_links.get()
    link.basis = "stated"
    link.save()
    shown = plan_practice(client, challenge)
    assert shown["fit"] == 3 + 2
    assert "1 case shows it, as a source says" in shown["why"]
    assert_as_rebuilt()


def test_a_participant_of_no_stated_sector_adds_no_sector_to_its_case(client):
    named = f.make_organisation(title="Named only", sector="")
    council = f.make_organisation(title="A council", sector="public")
    case = f.make_case(title="Lab", slug="lab", organisations=[named, council])
    case.refresh_from_db()
    assert (case.sector_count, case.sector_mask) == (1, SECTOR_BITS["public"])
    other = f.make_case(title="Other", slug="other")
    text = client.get(f"/compare/?kind=cases&slug={case.slug}&slug={other.slug}").text
    assert 'Named only</a> <span class="muted">(sector not stated' in text
    assert_as_rebuilt()


def test_a_cases_participants_place_it_on_the_world_map_and_in_a_plan(client):
    case = f.make_case(title="Lab", organisations=[f.make_organisation(country="Spain")])
    assert [p["name"] for p in client.get("/cases/map/").context["places"]] == ["Spain"]
    france = f.make_organisation(country="France", sector="public", status="draft")
    Participation.objects.create(case=case, organisation=france)
    assert client.get("/cases/map/").context["crossing"] == []
    france.status = "published"
    france.save()
    places = client.get("/cases/map/").context["places"]
    assert [(p["name"], p["count"]) for p in places] == [("France", 1), ("Spain", 1)]
    assert [c["title"] for c in client.get("/cases/map/").context["crossing"]] == ["Lab"]
    plan = client.get("/plan/?sector=public&scope=cross-border&format=json").json()
    assert plan["cases"][0]["title"] == "Lab"
    assert plan["cases"][0]["why"] == ["partners from public sector", "across borders"]
    france.country = "Italy"
    france.save()
    places = client.get("/cases/map/").context["places"]
    assert [p["name"] for p in places] == ["Italy", "Spain"]
    case.status = "draft"
    case.save()
    assert client.get("/cases/map/").context["places"] == []
    assert_as_rebuilt()


def test_a_bulk_change_is_made_good_by_rebuild_figures(client):
    challenge = f.make_challenge(title="Role clarity")
    practice = f.make_practice()
    Practice.addresses.through.objects.bulk_create(
        [Practice.addresses.through(practice=practice, challenge=challenge)]
    )  # no signal
    call_command("rebuild_figures", stdout=io.StringIO())
    assert "1 linked record" in card(client, "/challenges/", "Role clarity")


def linked_set_with_figures():
    linked = f.make_linked_set()
    made = stored()
    # citations, sources, links; stated by 2 sources, 1 stated link (the
    # challenge; the case's is our reading); quotations, cases, related;
    # paired with 1 challenge, shown by no case as a source says
    assert made[("Practice", linked["practice"].slug)] == (2, 2, 2, 2, 1, 1, 1, 0, 1, 0)
    return made


def test_loaddata_ends_with_the_figures_of_what_it_loaded(tmp_path):
    made = linked_set_with_figures()
    path = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        "collabkb.source",
        "collabkb.citation",
        "challenges",
        "practices",
        "cases",
        "taggit.tag",
        exclude=["cases.casecountry"],
        natural_foreign=True,
        natural_primary=True,
        output=str(path),
        stdout=io.StringIO(),
    )
    for model in (Case, Organisation, Practice, Challenge):
        model.objects.all().delete()
    call_command("loaddata", str(path), stdout=io.StringIO())
    assert stored() == made


def test_import_kb_ends_with_the_figures_of_what_it_imported(tmp_path):
    made = linked_set_with_figures()
    path = tmp_path / "kb.json"
    call_command("export_kb", output=str(path), stderr=io.StringIO())
    for model in (Case, Organisation, Practice, Challenge, Series, Citation, Source):
        model.objects.all().delete()
    # Into an empty knowledge base, as a new site's first import: it publishes
    # what the file publishes (tests/exchange/test_import_review.py has the
    # editor's import into a knowledge base that holds records).
    call_command("import_kb", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert stored() == made


def test_load_content_ends_with_the_figures_of_the_shipped_content():
    call_command("load_content", stdout=io.StringIO())
    kept = stored()
    assert kept[("Challenge", "role-clarity")][0] > 0  # cited
    figures.rebuild()
    assert stored() == kept
    # The shipped figures are not exported: the fixture stays export_kb's output.
    shipped = json.loads((settings.BASE_DIR / "fixtures" / "collabkb.json").read_text())
    assert not any("citation_count" in obj["fields"] for obj in shipped)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the restored file is read with sqlite3")
def test_a_restored_backup_has_the_figures_of_its_records(tmp_path):
    linked_set_with_figures()
    backup, restored = tmp_path / "kb.backup", tmp_path / "restored.sqlite3"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{restored}"}
    subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
    )
    query = "SELECT slug, citation_count, source_count, link_count FROM practices_practice"
    with connection.cursor() as cursor:
        cursor.execute(query)
        here = sorted(cursor.fetchall())
    with sqlite3.connect(restored) as there:
        assert sorted(there.execute(query).fetchall()) == here
    assert here and here[0][1:] == (2, 2, 2)
