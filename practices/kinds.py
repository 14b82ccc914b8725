"""The practice kind: what shared code needs to know of practices."""

from django.db.models import Exists, OuterRef

from challenges.models import Challenge
from collabkb import changes
from collabkb.kinds import Kind, NotesSection, SearchText, registry
from collabkb.models.base import fill_derived_fields
from collabkb.published import facets
from collabkb.published.records import link_prefetch, linked
from practices.models import (
    Addressing,
    Practice,
    PracticeCitation,
    RelatedPractice,
    Series,
    TaggedPractice,
)


def list_facets():
    return [
        facets.Facet("kind", "Kind", "kind", labels=dict(Practice.Kind.choices)),
        facets.Facet("series", "Series", "series__slug", label_path="series__title"),
        facets.tag_facet(),
        facets.source_facet(),
    ]


def list_sorts():
    return [facets.by_title(), facets.by_evidence(), facets.by_updated()]


def search_text(practice):
    detail = f"Practice · {practice.get_kind_display()}"
    body = []
    if practice.series:
        detail += f" · {practice.series.title}"
        body.append(practice.series.title)
    body.append(practice.references)
    return SearchText(detail=detail, body=body)


def download_prefetch(queryset):
    return queryset.select_related("series").prefetch_related(
        link_prefetch(Practice, "addresses"), link_prefetch(Practice, "exemplified_by")
    )


def data(practice, related):
    return {
        "kind": practice.get_kind_display(),
        "series": practice.series.title if practice.series else None,
        "series_slug": practice.series.slug if practice.series else None,
        "number": practice.number,
        "references": practice.references,
        **linked("addresses", related("addresses")),
        **linked("exemplified_by", related("exemplified_by")),
    }


def companions(records, everything):
    series = Series.objects.all()
    addressing, related = Addressing.objects.all(), RelatedPractice.objects.all()
    if not everything:
        practices = records[Practice]
        series = series.filter(practices__in=practices).distinct()
        # A link goes with the records at both its ends.
        addressing = addressing.filter(practice__in=practices, challenge__in=records[Challenge])
        related = related.filter(from_practice__in=practices, to_practice__in=practices)
    return {Series: series, Addressing: addressing, RelatedPractice: related}


def home_counts():
    """The numbered series a reader can open (those with a published practice)."""
    published = Practice.objects.published().filter(series=OuterRef("pk"))
    shown = Series.objects.filter(Exists(published)).count()
    return [("Series", shown, "practices:series_index")]


PRACTICE = Kind(
    model=Practice,
    tagged=TaggedPractice,
    name="practices",
    label="Practice",
    label_plural="Practices",
    tagline="what to do about it",
    index_url="practices:index",
    on_home=True,
    home_counts=home_counts,
    evidence_links=("addresses", "exemplified_by"),
    facets=list_facets,
    sorts=list_sorts,
    search_prefetch=lambda queryset: queryset.select_related("series"),
    search_text=search_text,
    download_prefetch=download_prefetch,
    data=data,
    export_rank=20,
    exported=(Series, Practice, PracticeCitation, Addressing, RelatedPractice, TaggedPractice),
    companions=companions,
    notes_sections=(
        NotesSection("success factor", lambda title: {"kind": Practice.Kind.SUCCESS_FACTOR}),
        NotesSection("future", lambda title: {"kind": Practice.Kind.FUTURE_AREA}),
    ),
    map_column=1,
    link_order=("series__slug", "number"),
    map_facet=("kind", "kind", Practice.Kind.choices),
)

registry.register(PRACTICE)


def series_titles(changed):
    """A listener of collabkb.changes: a series' name is in its steps' shown
    titles, which are stored. Rewrites those that differ (``bulk_update``
    sends no signal: it announces them)."""
    if Series not in changed:
        return
    practices = Practice.objects.select_related("series").exclude(series=None)
    if changed[Series]:
        practices = practices.filter(series__in=changed[Series])
    stale = []
    for practice in practices:
        shown = (practice.shown_title, practice.title_sort)
        fill_derived_fields(Practice, practice)
        if (practice.shown_title, practice.title_sort) != shown:
            stale.append(practice)
    if stale:
        Practice.objects.bulk_update(stale, ["shown_title", "title_sort"])
        renamed = [practice.pk for practice in stale]  # they move among their neighbours' links
        changes.announce_changes(
            changes.merge({Practice: set(renamed)}, changes.links_of(Practice, renamed))
        )


changes.listen(series_titles)
