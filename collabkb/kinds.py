"""The record kinds, registered by the apps that own them.

Each app says what its kinds are in its own ``kinds.py`` and registers them
there with ``registry.register(...)``, as an app's ``admin.py`` registers its
ModelAdmins; ``CollabkbConfig.ready`` imports every app's ``kinds`` module.
Shared code (search, export and import, downloads, sources, tags, the home
page) loops over ``registry`` and never imports an app: what differs by kind
lives on the kind.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


def _unchanged(queryset):
    return queryset


def _nothing(*args):
    return {}


def _no_facets():
    return []


@dataclass
class SearchText:
    """What a kind adds to a record's search document."""

    detail: str
    body: list = field(default_factory=list)
    facets: list = field(default_factory=list)  # (facet, value, label)


@dataclass
class NotesSection:
    """A section of video notes whose items become records of a kind.

    ``words`` are looked for in the section's ``##`` heading; each bold bullet
    is a record, or each ``###`` heading where ``per_subsection``; ``fields``
    gives the new record's kind-specific fields from its title.
    """

    words: str
    fields: Callable = _nothing
    per_subsection: bool = False


@dataclass
class Kind:
    """One kind of record and everything shared code needs to know of it."""

    model: type
    tagged: type  # the through model of its tags
    name: str  # plural, as in its URLs: "challenges"
    label: str  # "Challenge"
    label_plural: str  # "Challenges"
    tagline: str = ""  # what a reader finds there, for the home page
    index_url: str = ""  # the URL name of its list page, if it has one
    on_home: bool = False  # the home page shows what the sources emphasise of its records
    # More counts for the home page: () -> [(label, count, URL name)]
    home_counts: Callable = _no_facets
    # A list the home page leads with: () -> (heading, records, how many, URL name)
    # or None (cases: those across borders)
    home_list: Callable = _nothing
    # Lists
    evidence_links: tuple = ()  # its links to other records, counted on cards
    facets: Callable = _no_facets
    sorts: Callable = _no_facets
    # Search
    search_prefetch: Callable = _unchanged
    search_text: Callable = None  # record -> SearchText
    search_facets: tuple = ()  # (param, title) of facets its documents carry
    # Downloads: its own columns and links, and what they need prefetched
    download_prefetch: Callable = _unchanged
    # (record, related) -> {column: value}; related(name, order=None) gives
    # what the record links to by ``name``: a list's prefetched rows, or a
    # record page's reading (collabkb.published), by title or ``order``
    data: Callable = _nothing
    # Export: models written with it, in load order; kinds that
    # `export_kb --kind NAME` brings along; its models' querysets other than
    # the records and their tags, from {model: records} and whether
    # everything is exported.
    export_rank: int = 0
    exported: tuple = ()
    export_also: tuple = ()
    companions: Callable = _nothing
    # Video notes
    notes_sections: tuple = ()
    # The relationship map: its column, left to right (None: not drawn), and
    # the field /map/ filters its records by: (parameter, field, choices).
    map_column: int | None = None
    map_facet: tuple = ()
    # Fields that give its records' order where a page lists them in
    # sequence (a practice's series and step), before their titles.
    link_order: tuple = ()
    # Curation: its many-to-many fields whose unpublished records are
    # submitted, reviewed and published with it (a case's organisations);
    # unpublishing one of them that a published record of this kind shows
    # asks first (collabkb/curation/checks.py).
    reviewed_with: tuple = ()

    @property
    def key(self):
        """Its name in search documents and record data: "challenge"."""
        return self.model._meta.model_name

    @property
    def citing_name(self):
        """The name of a citation's records of this kind: "challenges"."""
        return self.model._meta.get_field("citations").remote_field.get_accessor_name()


class Registry:
    def __init__(self):
        self._kinds = {}

    def register(self, *kinds):
        for kind in kinds:
            if kind.name in self._kinds:
                raise ImproperlyConfigured(f"The record kind {kind.name!r} is registered twice.")
            if kind.search_text is None:
                raise ImproperlyConfigured(f"The record kind {kind.name!r} has no search_text.")
            self._kinds[kind.name] = kind

    def __iter__(self):
        return iter(list(self._kinds.values()))

    def __len__(self):
        return len(self._kinds)

    def names(self):
        return list(self._kinds)

    def get(self, name):
        return self._kinds[name]

    def for_model(self, model):
        """The kind whose records are ``model``, or None."""
        return next((kind for kind in self if issubclass(model, kind.model)), None)

    def by_key(self, key):
        return next((kind for kind in self if kind.key == key), None)

    def app_labels(self):
        """The apps that own kinds, in the order they registered."""
        labels = []
        for kind in self:
            if kind.model._meta.app_label not in labels:
                labels.append(kind.model._meta.app_label)
        return labels

    def in_export_order(self):
        return sorted(self, key=lambda kind: kind.export_rank)


registry = Registry()
