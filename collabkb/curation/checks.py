"""Checks before publishing: what a record needs before readers see it.

- a summary, in our own words: not the placeholder an import leaves
  (``collabkb.text.notes.TO_REWRITE``) in any of its texts, and no run of
  ``RUN`` words of a source as written outside quotation marks in its
  ``own_words_fields`` (the sources' documents, where
  ``settings.SOURCE_DOCUMENTS`` holds them, and the quotations of its
  citations);
- at least one citation;
- a basis for every link at either end of it (``collabkb.models.claims.problems``);
- the records that go through review with it (``Kind.reviewed_with``: a
  case's organisations), where not yet published, pass these checks too:
  they are published with it.

Publishing is refused while one fails; the change form lists them before the
move. Each check reads records in batches: a fixed number of queries for
any number of records, links and citations.
"""

from django.apps import apps
from django.conf import settings

from collabkb.kinds import registry
from collabkb.models import Status
from collabkb.models.claims import Link, problems
from collabkb.text import copies
from collabkb.text.notes import TO_REWRITE

RUN = 10  # consecutive source words, as written, that make a copy


def before_publishing(record):
    """What keeps ``record`` from being published, as a list of messages."""
    found = problems_of([record])[record.pk]
    others = companions(record)
    theirs = {
        model: problems_of([other for other in others if type(other) is model])
        for model in {type(other) for other in others}
    }
    for other in others:
        for problem in theirs[type(other)][other.pk]:
            found.append(f"The {_named(other)}, published with it: {problem}")
    return found


def problems_of(records):
    """{pk: messages} for ``records``, all of one kind."""
    if not records:
        return {}
    model = type(records[0])
    quotations = _quotations(model, [record.pk for record in records])
    found = {record.pk: [] for record in records}
    for record in records:
        found[record.pk] += _text_problems(record, quotations.get(record.pk, []))
        if record.pk not in quotations:
            found[record.pk].append(
                "It cites no source: attach at least one place in a source that supports it."
            )
    for pk, message in _link_problems(model, found):
        found[pk].append(message)
    return found


def _quotations(model, pks):
    """{pk: the quotations of its citations} of the records ``pks`` that cite anything."""
    field = model._meta.get_field("citations")
    through, column = field.remote_field.through, field.m2m_field_name()
    rows = through._default_manager.filter(**{f"{column}__in": pks})
    found = {}
    for pk, quotation in rows.values_list(column, "citation__quotation"):
        found.setdefault(pk, []).append(quotation or "")
    return found


def _text_problems(record, quotations):
    found = []
    if not record.summary.strip():
        found.append("The summary is empty: write two or three sentences in our own words.")
    names = dict.fromkeys(["summary", *type(record).markdown_fields])
    for name in names:
        if TO_REWRITE.lower() in (getattr(record, name) or "").lower():
            found.append(
                f"The {_label(record, name)} still holds the imported notes "
                f"(“{TO_REWRITE}”): write it in our own words, and quote what you keep."
            )
    source = copies.runs_of_documents(settings.SOURCE_DOCUMENTS, RUN)
    mine = set()
    for quotation in quotations:
        mine |= copies.runs(copies.words(quotation), RUN)
    for name in type(record).own_words_fields:
        text = getattr(record, name) or ""
        run = copies.copied(text, source, RUN) or copies.copied(text, mine, RUN)
        if run:
            found.append(
                f"The {_label(record, name)} copies {RUN} or more words of a source as "
                f"written (“…{run}…”): put them in quotation marks, or say it in our own words."
            )
    return found


def _label(record, name):
    return str(type(record)._meta.get_field(name).verbose_name).lower()


def _link_problems(model, pks):
    """(pk, message) for each link between a record ``pks`` and another that has no basis."""
    for link_model, end in _link_ends(model):
        rows = link_model._default_manager.filter(**{f"{end}__in": list(pks)})
        rows = list(rows.select_related(*link_model.ends).prefetch_related("citations"))
        attached = _attached(rows)
        for row in rows:
            ends = row.end_records()
            cited = attached.get((type(ends[0]), ends[0].pk), set())
            cited |= attached.get((type(ends[1]), ends[1].pk), set())
            wrong = problems(row.basis, row.reason, list(row.citations.all()), ends, cited)
            first, second = link_model.ends
            other = getattr(row, second if end == first else first)
            for message in wrong:
                yield getattr(row, f"{end}_id"), f"Its link to {_named(other)}: {message}"


def _link_ends(model):
    """(link model, the name of its end at a record of ``model``) for every
    link model; one end of a link between two records of ``model`` (its
    other row, the mirror, says the same)."""
    for link_model in apps.get_models():
        if not issubclass(link_model, Link):
            continue
        for end in link_model.ends:
            if link_model._meta.get_field(end).related_model is model:
                yield link_model, end
                break


def _attached(rows):
    """{(model, pk): the ids of its citations} of the records at the ends of ``rows``."""
    wanted = {}
    for row in rows:
        if row.is_stated:
            for record in row.end_records():
                wanted.setdefault(type(record), set()).add(record.pk)
    found = {}
    for model, pks in wanted.items():
        field = model._meta.get_field("citations")
        through, column = field.remote_field.through, field.m2m_field_name()
        rows = through._default_manager.filter(**{f"{column}__in": pks})
        for pk, citation in rows.values_list(column, "citation_id"):
            found.setdefault((model, pk), set()).add(citation)
    return found


def _named(record):
    kind = registry.for_model(type(record))
    label = kind.label if kind else type(record)._meta.verbose_name.capitalize()
    return f"{label.lower()} “{record}”"


def companions(record):
    """The unpublished records that go through review with ``record`` (a
    case's new organisations), by title."""
    kind = registry.for_model(type(record))
    found = []
    for name in kind.reviewed_with if kind else ():
        found += getattr(record, name).exclude(status=Status.PUBLISHED).order_by("title", "pk")
    return found


def shown_by(record):
    """The published records that show ``record`` as one going through review
    with them (the published cases of an organisation), by title."""
    found = []
    for kind in registry:
        for name in kind.reviewed_with:
            if kind.model._meta.get_field(name).related_model is type(record):
                shown = kind.model.objects.published().filter(**{name: record}).distinct()
                found += shown.order_by("title", "pk")
    return found
