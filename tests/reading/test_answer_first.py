"""Record pages answer first: what the record is, then what answers the reader
(a challenge's practices and cases, a practice's challenges and cases, a
case's participants, outcomes and links), then where the sources say so;
related records beside; "Cite this" folded at the end. A case opens with a
fact panel of what the sources give about it, and no more."""

from html.parser import HTMLParser

import pytest

from collabkb.models import Status
from tests import factories as f

pytestmark = pytest.mark.django_db


def in_order(text, *marks):
    """Where each of ``marks`` first is in ``text``; fails on a missing one."""
    return [text.index(mark) for mark in marks]


class Facts(HTMLParser):
    """The fact panel's terms and their descriptions, as a reader reads them."""

    def __init__(self):
        super().__init__()
        self.facts, self.inside, self.term, self.now = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "section" and ("class", "fact-panel") in attrs:
            self.inside = True
        elif self.inside and tag in ("dt", "dd"):
            self.now = tag
            if tag == "dt":
                self.term = ""
            else:
                self.facts[self.term] = ""

    def handle_endtag(self, tag):
        if tag == "section":
            self.inside = False
        elif tag in ("dt", "dd"):
            self.now = None

    def handle_data(self, data):
        if self.now == "dt":
            self.term += data
        elif self.now == "dd":
            self.facts[self.term] += data


def facts_of(text):
    parser = Facts()
    parser.feed(text)
    return {term: " ".join(value.split()) for term, value in parser.facts.items()}


def test_a_challenge_shows_its_practices_and_cases_before_its_citations_and_cite_this(client):
    linked = f.make_linked_set()
    text = client.get(linked["challenge"].get_absolute_url()).text
    places = in_order(
        text,
        "<h1>",
        'id="addressed-by"',
        'id="faced-by"',
        'id="citations-heading"',
        'class="record-side"',
        'id="related"',
        '<details class="cite-this" id="cite">',
        'id="cite-heading"',
    )
    assert places == sorted(places)
    assert linked["practice"].title in text[places[1] : places[2]]
    assert linked["case"].title in text[places[2] : places[3]]


def test_a_practice_shows_its_challenges_its_account_and_cases_before_its_citations(client):
    linked = f.make_linked_set()
    practice = linked["practice"]
    practice.body = "Meet *every* week."
    practice.save()
    text = client.get(practice.get_absolute_url()).text
    places = in_order(
        text,
        "<h1>",
        'id="addresses"',
        'id="in-detail"',
        "Meet <em>every</em> week.",
        'id="exemplified-by"',
        'id="citations-heading"',
        'class="record-side"',
        'id="cite-heading"',
    )
    assert places == sorted(places)
    assert linked["challenge"].title in text[places[1] : places[2]]
    assert text.count("Meet <em>every</em> week.") == 1  # its account once, after its challenges


def test_a_case_shows_its_facts_participants_outcomes_and_links_before_its_citations(client):
    linked = f.make_linked_set()
    case = linked["case"]
    case.outcomes = "It cut waiting times by **a third**."
    case.body = "How it *worked*."
    case.save()
    text = client.get(case.get_absolute_url()).text
    places = in_order(
        text,
        "<h1>",
        'class="fact-panel"',
        'id="participants"',
        'id="what-it-did"',
        "How it <em>worked</em>.",
        'id="outcomes"',
        "It cut waiting times by <strong>a third</strong>.",
        'id="exemplifies"',
        'id="faced"',
        'id="citations-heading"',
        'class="record-side"',
        "Compare with other cases",
        'id="cite-heading"',
    )
    assert places == sorted(places)
    assert text.count("How it <em>worked</em>.") == 1  # the body once, after the participants


def test_a_cases_fact_panel_gives_what_the_sources_give(client):
    places = [
        f.make_place(name="Colchester", country="United Kingdom"),
        f.make_place(name="Latvia", kind="country", country="Latvia"),
    ]
    # 21 universities by title before a council: the panel counts every
    # participant's sector, not only those the page lists (the first 20).
    organisations = [f.make_organisation(title=f"University {n:02d}") for n in range(21)]
    organisations.append(
        f.make_organisation(title="Zeta Council", sector="public", country="Latvia")
    )
    organisations.append(f.make_organisation(title="The OECD", sector="international", country=""))
    report = f.make_source()
    case = f.make_case(
        title="Catalyst",
        kind="research-partnership",
        organisations=organisations,
        founded_year=2019,
        outcomes="Three studies.",
        url="https://example.org/catalyst",
        citations=[f.make_citation(report), f.make_citation(report), f.make_citation()],
    )
    case.places.set(places)
    text = client.get(case.get_absolute_url()).text
    assert facts_of(text) == {
        "Kind": "Research partnership",
        "Places": "Latvia; Colchester (United Kingdom)",  # by country
        "Period": "Since 2019",
        "Participants": "23 organisations: University / research, Public sector, "
        "International body; from 2 countries",
        "Scope": "Across borders",
        "Outcomes": "Reported by the sources",
        "Sources": "3 citations from 2 sources",
        "Website": "https://example.org/catalyst",
    }
    assert 'href="#participants">23 organisations</a>' in text
    assert 'href="#outcomes">' in text and 'id="outcomes"' in text
    assert "Zeta Council</a>" not in text  # not among the participants listed


def test_a_cases_fact_panel_invents_no_period_place_or_participant(client):
    case = f.make_case(kind="initiative", citations=[f.make_citation()])
    text = client.get(case.get_absolute_url()).text
    assert facts_of(text) == {
        "Kind": "Initiative",
        "Outcomes": "Not reported by the sources",
        "Sources": "1 citation from 1 source",
    }
    assert "The sources report no outcome for this case." in text


def test_a_cases_fact_panel_follows_a_participants_new_sector_at_once(client):
    university = f.make_organisation(title="Essex", sector="academic")
    case = f.make_case(organisations=[university], citations=[f.make_citation()])
    assert facts_of(client.get(case.get_absolute_url()).text)["Participants"] == (
        "1 organisation: University / research; from 1 country"
    )
    university.sector = "public"
    university.save()
    assert facts_of(client.get(case.get_absolute_url()).text)["Participants"] == (
        "1 organisation: Public sector; from 1 country"
    )


def test_a_preview_of_a_draft_case_counts_the_participants_it_lists(admin_client):
    draft = f.make_organisation(title="New council", sector="public", status=Status.DRAFT)
    case = f.make_case(organisations=[draft], status=Status.DRAFT)
    panel = facts_of(admin_client.get(case.get_absolute_url()).text)
    assert panel["Participants"] == "1 organisation: Public sector"


def test_an_organisation_shows_its_cases_before_its_citations(client):
    linked = f.make_linked_set()
    text = client.get(linked["organisation"].get_absolute_url()).text
    places = in_order(text, "<h1>", 'id="cases-heading"', 'id="citations-heading"', "Cite this")
    assert places == sorted(places)
    assert 'class="record-side"' not in text
