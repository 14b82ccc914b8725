"""The challenge kind: what shared code needs to know of challenges."""

from django.db.models import F

from challenges.models import (
    Challenge,
    ChallengeCitation,
    Level,
    RelatedChallenge,
    TaggedChallenge,
)
from collabkb.kinds import Kind, NotesSection, SearchText, registry
from collabkb.published import facets
from collabkb.published.records import link_prefetch, linked


def list_facets():
    return [
        facets.Facet(
            "dimension",
            "Dimension",
            "dimension",
            labels=dict(Challenge.Dimension.choices),
        ),
        facets.Facet("level", "Level", "levels__slug", label_path="levels__name"),
        facets.tag_facet(),
        facets.source_facet(),
    ]


def list_sorts():
    return [
        facets.by_title(),
        facets.by_evidence(),
        # Challenges without a count last on both databases: PostgreSQL puts
        # NULLs first in a descending order, SQLite last.
        facets.Sort(
            "mentions", "interview mentions", (F("mentions").desc(nulls_last=True), "title")
        ),
        facets.by_updated(),
    ]


def search_text(challenge):
    detail = " · ".join(x for x in ["Challenge", challenge.get_dimension_display()] if x)
    return SearchText(detail=detail)


def download_prefetch(queryset):
    return queryset.prefetch_related(
        "levels", link_prefetch(Challenge, "addressed_by"), link_prefetch(Challenge, "faced_by")
    )


def data(challenge, related):
    return {
        "dimension": challenge.get_dimension_display(),
        "levels": [level.name for level in related("levels")],
        "mentions": challenge.mentions,
        **linked("addressed_by", related("addressed_by")),
        **linked("faced_by", related("faced_by")),
    }


def companions(records, everything):
    related = RelatedChallenge.objects.all()
    if not everything:
        # A link goes with the records at both its ends.
        challenges = records[Challenge]
        related = related.filter(from_challenge__in=challenges, to_challenge__in=challenges)
    # The levels are a fixed vocabulary: always exported whole.
    return {Level: Level.objects.all(), RelatedChallenge: related}


CHALLENGE = Kind(
    model=Challenge,
    tagged=TaggedChallenge,
    name="challenges",
    label="Challenge",
    label_plural="Challenges",
    tagline="what gets in the way",
    index_url="challenges:index",
    on_home=True,
    evidence_links=("addressed_by", "faced_by"),
    facets=list_facets,
    sorts=list_sorts,
    search_text=search_text,
    download_prefetch=download_prefetch,
    data=data,
    export_rank=10,
    exported=(Level, Challenge, ChallengeCitation, RelatedChallenge, TaggedChallenge),
    companions=companions,
    notes_sections=(NotesSection("challenge"),),
    map_column=0,
    map_facet=("dimension", "dimension", Challenge.Dimension.choices),
)

registry.register(CHALLENGE)
