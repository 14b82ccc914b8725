"""The record a page is about, and what is its own: tags, citations, and its
neighbours in a sequence (a series' previous and next steps)."""

from django.http import Http404

from collabkb import prepared, versions
from collabkb.kinds import registry
from collabkb.models import addresses
from collabkb.models.addresses import OldAddress
from collabkb.models.base import may_preview
from collabkb.published import nodes
from collabkb.published.records import CITATION_ORDER, citation_of, citation_paths


def find(model, slug, user, related=()):
    """The record ``slug`` of ``model``: a published one, or for a curator
    (``user`` is staff) any, drafts included (a preview); else 404. With the
    rows of its foreign keys ``related``. One query.

    A record page declares to the page cache everything it shows
    (``collabkb/versions.py``): the record here, the records it lists where
    they are read (``nodes``), what else it shows in its view; so a write
    elsewhere leaves it cached."""
    everything = may_preview(user, model)
    found = prepared.records(model, _find_query, (slug,), (model, everything), tuple(related))
    if not found:
        moved_to = _moved_to(model, slug, everything)
        if moved_to:
            raise Moved(moved_to)
        raise Http404(f"No {model._meta.verbose_name} is at this address.")
    found = found[0]
    versions.page_complete()
    versions.depends_on(versions.tag(type(found), found.pk))
    return found


class Moved(Http404):
    """The record is now at ``url``: its slug changed after it was published.
    Answered with a permanent redirect (collabkb/web/moved.py); a 404 where
    nothing answers it."""

    def __init__(self, url):
        super().__init__(f"This record is now at {url}.")
        self.url = url


def _moved_to(model, slug, everything):
    """The address of the record of ``model`` that was at ``slug`` before its
    slug changed, if a reader (or with ``everything``, a curator) may see it
    now; else None. One query."""
    records = model.objects.all() if everything else model.objects.published()
    was_here = OldAddress.objects.filter(kind=addresses.kind_of(model), slug=slug)
    now = records.filter(pk__in=was_here.values("record_id")).values_list("slug", flat=True)
    now = list(now.order_by()[:1])
    return model(slug=now[0]).get_absolute_url() if now else None


def _find_query(model, everything, slug):
    records = model.objects.all() if everything else model.objects.published()
    return records.filter(slug=slug)


def tags_of(record):
    """``record``'s tags, in the order they were given: one query."""
    rows = prepared.rows(_tags_query, (record.pk,), (type(record),))
    return [nodes.Tag(name, slug) for name, slug in rows]


def _tags_query(model, pk):
    rows = registry.for_model(model).tagged.objects.filter(content_object_id=pk)
    return rows.order_by("pk").values_list("tag__name", "tag__slug")


def citations_of(record):
    """``record``'s citations with their sources, as a reader wants them, each
    with its ``stance`` towards the record: one query."""
    found = []
    for stance, *values in prepared.rows(_citations_query, (record.pk,), (type(record),)):
        citation = citation_of(values)
        citation.stance = stance
        found.append(citation)
    return found


def _citations_query(model, pk):
    kind = registry.for_model(model)
    rows = model.citations.through.objects.filter(**{f"{kind.key}_id": pk})
    order = [f"citation__{name}" for name in CITATION_ORDER]
    return rows.order_by(*order).values_list("stance", *citation_paths("citation"))


def _value(record, path):
    for name in path.split("__"):
        record = getattr(record, name, None)
    return record


def _depends_on_sequence(record, group):
    """The steps around a record come from its sequence (a practice's
    series): a write to any of its steps bumps the series' tag."""
    for path in group:
        field = type(record)._meta.get_field(path.split("__")[0])
        if field.many_to_one and getattr(record, field.attname) is not None:
            versions.depends_on(versions.tag(field.related_model, getattr(record, field.attname)))


def in_sequence_around(record):
    """The published records just before and just after ``record`` in its
    kind's sequence (``link_order``: a practice's series, then its step):
    (node or None, node or None); two queries. ``record`` has its
    ``link_order`` fields loaded (a practice its series)."""
    kind = registry.for_model(type(record))
    if not kind.link_order:
        return None, None
    *group, last = kind.link_order
    _depends_on_sequence(record, group)
    number = _value(record, last)
    if number is None:  # not numbered: in no sequence
        return None, None
    values = [_value(record, path) for path in group]
    shape = (kind.model, tuple(group), last, tuple(value is None for value in values))
    given = (record.pk, number, *(value for value in values if value is not None))
    before = prepared.rows(_step_query, given, (*shape, "before"))
    after = prepared.rows(_step_query, given, (*shape, "after"))
    return (nodes.of_rows(kind.model, before).nodes or [None])[0], (
        nodes.of_rows(kind.model, after).nodes or [None]
    )[0]


def _step_query(model, group, last, empty, side, pk, number, *values):
    """The published record of ``model`` just ``side`` ("before" or "after")
    the step ``number`` (of record ``pk``) in its group: the same values of
    ``group``'s paths (``empty``: those that have none)."""
    same, given = {}, iter(values)
    for path, none in zip(group, empty, strict=True):
        same.update({f"{path}__isnull": True} if none else {path: next(given)})
    sequence = model.objects.published().filter(**same).exclude(pk=pk)
    if side == "before":
        steps = sequence.filter(**{f"{last}__lt": number})
        return nodes.query(steps, (f"-{last}", "-title_sort", "-pk"), 1)
    return nodes.query(sequence.filter(**{f"{last}__gt": number}), (last, "title_sort", "pk"), 1)
