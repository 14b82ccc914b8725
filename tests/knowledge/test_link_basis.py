"""Every link of the shipped content has a basis, and a stated one is stated where it says.

The rule, for each link (a practice addresses a challenge, a case exemplifies
a practice or faced a challenge, two records are related):

- it has a basis: "stated" (a source makes it) or "ours" (our reading);
- a link of our reading has a reason (one line a curator wrote);
- a stated link has at least one citation, each attached to the record at
  one end of the link or the other;
- and its cited places name one of the two records: the words of at least
  one of its citations hold a distinctive word of either record's title (a
  word of five letters or more, not one of the words every title of this
  knowledge base shares, such as "partnership" or "project"; compared by its
  first six letters, so that "sharing" finds "shared"). A citation's words
  are its own (locator, quotation, interview concept) and those of its place
  in the source (``tests.content.place_text``: the section, table, table row
  or appendix its locator names in the report, or the notes' entry at its
  timestamp), so that a bare "Table 1" is read as the table it is. A table
  row or a sentence that states a link names what it links; a citation that
  names neither record was picked for something else. A cited place whose
  text cannot be found in its source is a problem of its own.

The shipped content's links were each reviewed against the sources; the
naming check skips, with a message, where the source documents are absent.
"""

import re

import pytest

from cases.models import Exemplifying, Facing, RelatedCase
from challenges.models import RelatedChallenge
from collabkb.models import Source
from collabkb.models.claims import Basis
from practices.models import Addressing, RelatedPractice
from tests import factories as f
from tests.content import REPORT_SLUG, VIDEO_SLUG, PlaceNotFound, place_text

pytestmark = pytest.mark.django_db

LINK_MODELS = (Addressing, RelatedPractice, Exemplifying, Facing, RelatedCase, RelatedChallenge)

GENERIC = {
    "about",
    "across",
    "build",
    "building",
    "challenge",
    "collaboration",
    "collaborative",
    "council",
    "councils",
    "early",
    "government",
    "governments",
    "lesson",
    "other",
    "partner",
    "partners",
    "partnership",
    "partnerships",
    "practice",
    "project",
    "projects",
    "research",
    "their",
    "university",
    "universities",
    "where",
    "within",
    "working",
}


def distinctive(title):
    """The stems of a title's distinctive words: five letters or more, not generic."""
    words = re.findall(r"[a-z]+", title.lower())
    return {word[:6] for word in words if len(word) >= 5 and word not in GENERIC}


def names_either(citation, one, other, place=""):
    """Whether the citation's words, or those of its ``place``, name ``one`` or
    ``other`` (see the module's rule)."""
    text = " ".join([citation.locator, citation.quotation, citation.concept, place]).lower()
    return any(stem in text for stem in distinctive(one.title) | distinctive(other.title))


NAMING = "no cited place names either record"


def _where(link):
    one, other = link.end_records()
    return f"{type(link).__name__} {one.slug} → {other.slug}"


def link_problems(link):
    """What is wrong with ``link`` (a row of a link model) by the module's rule,
    but for what its places name (``naming_problems``)."""
    one, other = link.end_records()
    where = _where(link)
    if link.basis not in Basis.values:
        return [f"{where}: no basis"]
    if link.basis == Basis.OURS:
        return [] if link.reason.strip() else [f"{where}: our reading without a reason"]
    citations = list(link.citations.all())
    if not citations:
        return [f"{where}: stated, but no citation says where"]
    attached = set(one.citations.values_list("pk", flat=True))
    attached |= set(other.citations.values_list("pk", flat=True))
    return [
        f"{where}: cites {citation.key}, which neither record cites"
        for citation in citations
        if citation.pk not in attached
    ]


def naming_problems(link):
    """Whether a stated ``link``'s cited places can be found and name one of its records."""
    if link.basis != Basis.STATED:
        return []
    one, other = link.end_records()
    found, named = [], False
    for citation in link.citations.all():
        place = citation.locator or citation.timestamp_label
        try:
            text = place_text(citation.source.slug, citation.locator, citation.timestamp_label)
        except PlaceNotFound as missing:
            found.append(f"{_where(link)}: cites {citation.key} at {place!r}: {missing}")
            continue
        named = named or names_either(citation, one, other, text)
    if not named:
        found.append(f"{_where(link)}: {NAMING}")
    return found


# The rule on made-up links.


def _pair(cited=()):
    table = f.make_citation(locator="Table 3, row: data sharing agreements", quotation="")
    challenge = f.make_challenge(title="Data sharing across borders", citations=[table, *cited])
    practice = f.make_practice(title="Agree on data sharing", addresses=[challenge])
    return practice.addresses_links.get(), table


def _source(slug, kind):
    return Source.objects.filter(slug=slug).first() or f.make_source(kind=kind, slug=slug)


def _cited(link, **place):
    """``link`` stated by a new citation of ``place`` in one of the two sources,
    attached to the record at its first end."""
    if "timestamp_label" in place:
        source = _source(VIDEO_SLUG, Source.Kind.VIDEO)
        place.setdefault("second", 0)
    else:
        source = _source(REPORT_SLUG, Source.Kind.REPORT)
        place.setdefault("locator_kind", "table")
    citation = f.make_citation(source=source, **place)
    link.end_records()[0].citations.add(citation)
    link.basis = Basis.STATED
    link.save()
    link.citations.set([citation])
    return citation


def _stated(challenge, practice, **place):
    challenge = f.make_challenge(title=challenge)
    practice = f.make_practice(title=practice, addresses=[challenge])
    link = practice.addresses_links.get()
    return link, _cited(link, **place)


def test_it_passes_a_stated_link_citing_a_place_its_records_cite():
    link, table = _pair()
    link.basis = Basis.STATED
    link.save()
    link.citations.set([table])
    assert link_problems(link) == []


def test_it_fails_a_link_of_our_reading_without_a_reason():
    link, _ = _pair()
    assert link_problems(link) == [
        f"Addressing {link.practice.slug} → {link.challenge.slug}: our reading without a reason"
    ]
    link.reason = "Both are about what partners share."
    assert link_problems(link) == []


def test_it_fails_a_stated_link_without_a_citation():
    link, _ = _pair()
    link.basis = Basis.STATED
    assert "stated, but no citation says where" in link_problems(link)[0]


def test_it_fails_a_stated_link_citing_a_place_neither_record_cites():
    link, _ = _pair()
    elsewhere = f.make_citation(locator="Table 1, row: data sharing")
    link.basis = Basis.STATED
    link.citations.set([elsewhere])
    assert [p for p in link_problems(link) if "which neither record cites" in p]


def test_generic_words_do_not_count_as_naming_a_record():
    place = f.make_citation(locator="Partnership project", quotation="the partners")
    one = f.make_challenge(title="Partnership project partners")
    other = f.make_practice(title="Working across partners")
    assert not names_either(place, one, other)


# What a stated link's places name: the words of the place in the source.


def test_it_reads_a_bare_table_as_the_table_it_is():
    link, table = _stated(
        "Weak personal connections", "Designate boundary spanners", locator="Table 1"
    )
    one, other = link.end_records()
    assert not names_either(table, one, other)  # "Table 1" alone names neither
    assert naming_problems(link) == []


def test_it_fails_a_stated_link_whose_place_names_neither_record():
    link, _ = _stated(
        "Data sharing across borders",
        "Agree on data sharing",
        locator="Table 1, row: Risk aversion",
    )
    assert naming_problems(link) == [f"{_where(link)}: {NAMING}"]


def test_it_reads_the_row_a_locator_names_not_the_whole_table():
    link, _ = _stated(
        "Weak personal connections", "Openness", locator="Table 1, row: Lack of social cohesion"
    )
    assert naming_problems(link) == [f"{_where(link)}: {NAMING}"]
    link.citations.set([_cited(link, locator="Table 1, row: Weak personal connections")])
    assert naming_problems(link) == []


def test_it_reads_the_notes_entry_at_a_moment():
    link, _ = _stated("Scaling of experiments", "Strategic budgeting", timestamp_label="40:48:00")
    assert naming_problems(link) == []
    link.citations.set([_cited(link, timestamp_label="06:36:00")])
    assert naming_problems(link) == [f"{_where(link)}: {NAMING}"]


def test_it_fails_a_stated_link_citing_a_place_its_source_does_not_have():
    link, _ = _stated("Weak personal connections", "Designate boundary spanners", locator="Table 9")
    problems = naming_problems(link)
    assert problems[0].startswith(f"{_where(link)}: cites ") and "'Table 9'" in problems[0]
    assert problems[-1].endswith(NAMING)  # a place not found names nothing


# The shipped content.


def shipped_problems(check):
    problems = []
    for model in LINK_MODELS:
        first, second = model.ends
        links = model.objects.select_related(first, second)
        for link in links.prefetch_related("citations__source"):
            problems += check(link)
    return problems


@pytest.mark.usefixtures("shipped_content")
def test_every_shipped_link_has_a_basis_a_reason_or_places_its_records_cite():
    problems = shipped_problems(link_problems)
    assert problems == [], f"{len(problems)} link(s):\n" + "\n".join(problems[:40])


@pytest.mark.usefixtures("shipped_content")
def test_every_shipped_stated_link_cites_a_place_naming_one_of_its_records():
    problems = shipped_problems(naming_problems)
    assert problems == [], f"{len(problems)} link(s):\n" + "\n".join(problems[:40])


@pytest.mark.usefixtures("shipped_content")
def test_every_shipped_link_has_a_basis_of_the_two_and_mirrors_agree():
    """Holds before the review too: every link row has one of the two bases,
    and the two rows of a related link say the same."""
    for model in LINK_MODELS:
        assert set(model.objects.values_list("basis", flat=True)) <= set(Basis.values)
    for model in (RelatedPractice, RelatedCase, RelatedChallenge):
        first, second = model.ends
        rows = {
            (getattr(link, f"{first}_id"), getattr(link, f"{second}_id")): (
                link.basis,
                link.reason,
                frozenset(c.pk for c in link.citations.all()),
            )
            for link in model.objects.prefetch_related("citations")
        }
        for (one, other), said in rows.items():
            assert rows.get((other, one)) == said
