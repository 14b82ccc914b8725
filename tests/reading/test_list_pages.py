"""The lists of challenges, practices and cases: filters, counts, sorting, pages."""

import pytest

from collabkb.published import facets
from tests import factories as f
from tests.responses import body

pytestmark = pytest.mark.django_db


def titles(response):
    return [record.title for record in response.context["listing"].page.object_list]


def facet_options(response, param):
    for facet, options, _ in response.context["listing"].facets:
        if facet.param == param:
            return {value: count for value, _, count in options}
    raise AssertionError(f"no facet {param}")


def test_it_lists_published_challenges_and_hides_drafts(client):
    f.make_challenge(title="Role clarity")
    f.make_challenge(title="Hidden draft", status="draft")
    response = client.get("/challenges/")
    assert response.status_code == 200
    assert titles(response) == ["Role clarity"]
    assert "Hidden draft" not in response.text


def test_it_narrows_challenges_by_dimension_and_counts_each_value(client):
    f.make_challenge(title="A", dimension="cultural")
    f.make_challenge(title="B", dimension="cultural")
    f.make_challenge(title="C", dimension="leadership")
    assert facet_options(client.get("/challenges/"), "dimension") == {
        "cultural": 2,
        "leadership": 1,
    }
    response = client.get("/challenges/?dimension=cultural")
    assert titles(response) == ["A", "B"]
    # The dimension facet still offers the other value, counted without itself.
    assert facet_options(response, "dimension") == {"cultural": 2, "leadership": 1}


def test_it_combines_filters_and_counts_with_the_others_kept(client):
    f.make_challenge(title="A", dimension="cultural", tags=["trust"])
    f.make_challenge(title="B", dimension="cultural", tags=["funding"])
    f.make_challenge(title="C", dimension="leadership", tags=["trust"])
    response = client.get("/challenges/?dimension=cultural&tag=trust")
    assert titles(response) == ["A"]
    assert facet_options(response, "tag") == {"trust": 1, "funding": 1}
    assert facet_options(response, "dimension") == {"cultural": 1, "leadership": 1}


def test_it_filters_challenges_by_level_within_a_list_of_levels(client):
    f.make_challenge(title="Both", levels=["individual", "project"])
    f.make_challenge(title="Individual", levels=["individual"])
    response = client.get("/challenges/?level=project")
    assert titles(response) == ["Both"]
    assert facet_options(response, "level") == {"individual": 2, "project": 1}


def test_it_shows_an_empty_result_with_a_message_for_an_unknown_value(client):
    f.make_challenge(title="A", dimension="cultural")
    response = client.get("/challenges/?dimension=nonsense&level=galaxy&sort=sideways")
    assert response.status_code == 200
    assert titles(response) == []
    assert "No challenges with dimension “nonsense”." in response.text
    assert "No challenges with level “galaxy”." in response.text
    assert "Unknown order" in response.text


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "%00"])
def test_it_answers_a_malformed_page_number_with_a_page(client, page):
    f.make_challenge()
    assert client.get(f"/challenges/?page={page}").status_code == 200


def test_it_paginates_twenty_at_a_time_keeping_the_filters(client):
    for i in range(25):
        f.make_challenge(title=f"Challenge {i:02d}", dimension="data")
    response = client.get("/challenges/?dimension=data")
    assert len(titles(response)) == 20
    assert "?dimension=data&amp;page=2" in response.text
    second = client.get("/challenges/?dimension=data&page=2")
    assert titles(second) == [f"Challenge {i}" for i in range(20, 25)]


def test_it_sorts_challenges_by_mentions(client):
    f.make_challenge(title="Few", mentions=1)
    f.make_challenge(title="Many", mentions=10)
    assert titles(client.get("/challenges/?sort=mentions")) == ["Many", "Few"]
    assert titles(client.get("/challenges/")) == ["Few", "Many"]


def test_challenges_without_a_count_of_mentions_come_last(client):
    # On PostgreSQL a descending order puts NULLs first unless told otherwise.
    f.make_challenge(title="Uncounted", mentions=None)
    f.make_challenge(title="Few", mentions=1)
    f.make_challenge(title="Many", mentions=10)
    text = client.get("/challenges/?sort=mentions").text
    assert text.index(">Many<") < text.index(">Few<") < text.index(">Uncounted<")


def test_it_sorts_practices_by_the_evidence_of_the_sources_not_by_citations(client):
    report, video = f.make_source(), f.make_source(kind="video")
    f.make_practice(title="Quoted often", citations=[f.make_citation(report) for _ in range(4)])
    both = f.make_practice(title="Named twice", citations=[f.make_citation(report)])
    f.attach(both, f.make_citation(video), "supports")
    challenge = f.make_challenge()
    paired = f.make_practice(title="Paired", addresses=[challenge], citations=[f.make_citation()])
    link = paired.addresses_links.get()
    link.basis = "stated"
    link.save()
    response = client.get("/practices/?sort=evidence")
    assert titles(response) == ["Named twice", "Paired", "Quoted often"]
    assert "strongest evidence" in response.text and "most cited" not in response.text


def test_it_filters_practices_by_series_and_source(client):
    series = f.make_series(slug="lessons")
    report = f.make_source(slug="catalyst")
    f.make_practice(title="In", series=series, number=1, citations=[f.make_citation(report)])
    f.make_practice(title="Out", citations=[f.make_citation()])
    assert titles(client.get("/practices/?series=lessons")) == ["In"]
    assert titles(client.get("/practices/?source=catalyst")) == ["In"]


def test_it_filters_cases_by_participant_country_and_sector(client):
    uk = f.make_organisation(country="United Kingdom", sector="public")
    sg = f.make_organisation(country="Singapore", sector="academic")
    f.make_case(title="British", organisations=[uk])
    f.make_case(title="Singaporean", organisations=[sg])
    f.make_case(title="Both", organisations=[uk, sg])
    assert titles(client.get("/cases/?country=Singapore")) == ["Both", "Singaporean"]
    response = client.get("/cases/?sector=public&country=Singapore")
    assert titles(response) == ["Both"]
    assert facet_options(client.get("/cases/"), "country") == {
        "United Kingdom": 2,
        "Singapore": 2,
    }


def test_it_filters_cases_by_kind(client):
    f.make_case(title="Lab", kind="policy-lab")
    f.make_case(title="Office", kind="data-office")
    response = client.get("/cases/?kind=data-office")
    assert titles(response) == ["Office"]
    assert "Office of data analytics" in response.text


def test_it_counts_a_case_whose_other_participant_has_no_country(client):
    known = f.make_organisation(country="Singapore")
    unknown = f.make_organisation(country="")
    f.make_case(title="Consortium", organisations=[known, unknown])
    response = client.get("/cases/")
    assert facet_options(response, "country") == {"Singapore": 1}


@pytest.mark.parametrize("url", ["/challenges/", "/practices/", "/cases/"])
@pytest.mark.parametrize("value", ["\x00", "a\x00b", "'; DROP TABLE x; --", "%", "😀" * 300])
def test_it_answers_any_filter_value_with_a_page(client, url, value):
    f.make_challenge()
    for param in (
        "dimension",
        "level",
        "kind",
        "series",
        "tag",
        "source",
        "country",
        "scope",
        "outcomes",
        "sort",
    ):
        assert client.get(url, {param: value}).status_code == 200


def test_an_organisation_of_no_stated_sector_is_filtered_and_shown_as_not_stated(client):
    f.make_organisation(title="Named only", sector="")
    f.make_organisation(title="A university", sector="academic")
    response = client.get("/organisations/")
    assert facet_options(response, "sector") == {"academic": 1, "not-stated": 1}
    assert ">Not stated <" in response.text and "sector not stated" in response.text
    narrowed = client.get("/organisations/?sector=not-stated")
    assert titles(narrowed) == ["Named only"] and "No organisations with" not in narrowed.text


def test_the_organisations_index_filters_by_sector_and_country_and_counts_published_cases(client):
    essex = f.make_organisation(title="University of Essex", sector="academic")
    council = f.make_organisation(title="Essex County Council", sector="public")
    f.make_organisation(title="Irish university", sector="academic", country="Ireland")
    f.make_organisation(title="Draft body", status="draft")
    f.make_case(title="Catalyst", organisations=[essex, council])
    f.make_case(title="Second", organisations=[essex])
    f.make_case(title="Unpublished", organisations=[council], status="draft")
    response = client.get("/organisations/?sort=cases")
    assert titles(response) == ["University of Essex", "Essex County Council", "Irish university"]
    assert "Draft body" not in response.text
    assert "2 cases" in response.text and "1 case<" in response.text
    assert facet_options(response, "sector") == {"academic": 2, "public": 1}
    assert facet_options(response, "country") == {"United Kingdom": 2, "Ireland": 1}
    narrowed = client.get("/organisations/?sector=academic&country=Ireland")
    assert titles(narrowed) == ["Irish university"]


def test_the_series_index_lists_series_with_a_published_practice(client):
    report = f.make_source(short_name="The report")
    steps = f.make_series(title="Ten steps", source=report)
    drafts = f.make_series(title="Only drafts")
    f.make_practice(series=steps, number=1)
    f.make_practice(series=steps, number=2)
    f.make_practice(series=steps, number=3, status="draft")
    f.make_practice(series=drafts, number=1, status="draft")
    text = client.get("/series/").text
    assert "Ten steps" in text and "2 practices" in text and "The report" in text
    assert "Only drafts" not in text


def test_the_home_page_counts_lead_to_the_organisation_and_series_indexes(client):
    f.make_linked_set()
    text = client.get("/").text
    assert '<a href="/organisations/">Organisations</a>' in text
    assert '<a href="/series/">Series</a>' in text


def test_lists_sort_naturally_ignoring_case_and_accents_and_pages_agree(
    client, monkeypatch, uncached
):
    for title in [
        "Step 10: Last",
        "step 2: Second",
        "AI Singapore",
        "Actionable Intelligence",
        "Émilie's lab",
        "Emma's lab",
        "Step 1: First",
    ]:
        f.make_practice(title=title)
    expected = [
        "Actionable Intelligence",
        "AI Singapore",
        "Émilie's lab",
        "Emma's lab",
        "Step 1: First",
        "step 2: Second",
        "Step 10: Last",
    ]
    assert titles(client.get("/practices/?sort=title")) == expected
    monkeypatch.setattr(facets, "PAGE_SIZE", 3)
    pages = [titles(client.get(f"/practices/?sort=title&page={n}")) for n in (1, 2, 3)]
    assert sum(pages, []) == expected


def test_a_step_shows_its_series_in_lists_cards_search_and_downloads(client):
    series = f.make_series(title="GovLab steps for a data culture", short_name="GovLab")
    f.make_practice(
        title="Step 2: Establish collaboration protocols", series=series, number=2, kind="step"
    )
    f.make_practice(title="Step 10: Review", series=series, number=10, kind="step")
    shown = "GovLab step 2 — Establish collaboration protocols"
    assert titles(client.get("/practices/"))[0] == "Step 2: Establish collaboration protocols"
    assert shown in client.get("/practices/").text
    assert client.get("/practices/?sort=title").text.index(shown) < client.get(
        "/practices/?sort=title"
    ).text.index("GovLab step 10 — Review")
    assert (
        "GovLab step 2 — Establish collaboration <mark>" in client.get("/search/?q=protocols").text
    )
    assert shown in body(client.get("/practices/?format=csv")).decode()
    series.short_name = "The GovLab"
    series.save()
    assert "The GovLab step 2 — Establish" in client.get("/practices/").text
