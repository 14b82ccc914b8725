"""Figures that span the whole knowledge base, stored in the database.

What the whole-knowledge-base pages need that is not bounded by what they
show is kept on rows and read with indexed queries: each record's evidence
as the sources give it (``stated_source_count``, ``stated_link_count``) and
its counts (``citation_count``, ``source_count``, ``link_count``) on every
record, read by list cards, sorts, the home page and the map
(``collabkb.published.evidence``), and what apps add with
``register`` (the planner's figures of practices and cases, the countries of
cases: ``cases/figures.py``). Links and records count only when published.

``refresh(changed)`` brings them up to date after a write: ``changed`` is
{model: set of pks} (an empty set: every row of that model). A changed
record has its figures recomputed, and so have the records it links to (its
publication changes what they count); a changed citation, those of the
records citing it; a participation, its case and organisation. The work is
in proportion to what changed, a few UPDATEs with correlated subqueries.
``rebuild()`` recomputes everything (after a bulk load; ``manage.py
rebuild_figures``). Both are idempotent. ``collabkb.changes`` calls
``refresh`` at each write, in its transaction; a load or an import runs in
``changes.batch()`` and calls it once, at its end.
"""

from collections import defaultdict

from collabkb.kinds import registry
from collabkb.published import evidence
from collabkb.published.dbstats import refresh_statistics

CHUNK = 500  # primary keys per UPDATE
_updaters = []  # functions of {model: set of pks or None (all)}, in order


def register(updater):
    """Add ``updater(records)``, called by every refresh with {record model:
    set of pks, or None for all} after the records' own figures are made."""
    if updater not in _updaters:
        _updaters.append(updater)
    return updater


def record_models():
    return {kind.model: kind for kind in registry}


def link_tables():
    """(through model, its column of a, model a, its column of b, model b) for
    every many-to-many between record kinds (links, participations)."""
    models = record_models()
    found = []
    for model in models:
        for field in model._meta.many_to_many:
            if field.related_model in models:
                found.append(
                    (
                        field.remote_field.through,
                        f"{field.m2m_field_name()}_id",
                        model,
                        f"{field.m2m_reverse_field_name()}_id",
                        field.related_model,
                    )
                )
    return found


def chunks(pks):
    pks = sorted(pks)
    for start in range(0, len(pks), CHUNK):
        yield pks[start : start + CHUNK]


def neighbours(model, pks):
    """{record model: {pk}} of the records linked to the records ``pks`` of ``model``."""
    found = defaultdict(set)
    for through, here, a, there, b in link_tables():
        for near, far, other in ((here, there, b), (there, here, a)):
            if (a if near == here else b) is not model:
                continue
            for chunk in chunks(pks):
                rows = through.objects.filter(**{f"{near}__in": chunk}).values_list(far, flat=True)
                found[other].update(rows)
    return found


def citing(citation_pks):
    """{record model: {pk}} of the records citing any of ``citation_pks``."""
    found = defaultdict(set)
    for model in record_models():
        through = model.citations.through
        name = f"{model._meta.model_name}_id"
        for chunk in chunks(citation_pks):
            found[model].update(
                through.objects.filter(citation_id__in=chunk).values_list(name, flat=True)
            )
    return found


def affected(changed):
    """{record model: {pk}} whose figures ``changed`` may have changed, or
    None when everything must be made again."""
    from collabkb.models import Citation, Source

    records = defaultdict(set)
    for model, pks in changed.items():
        pks = set(pks)
        if not pks:
            return None
        if model in record_models():
            records[model] |= pks
            for other, linked in neighbours(model, pks).items():
                records[other] |= linked
        elif model is Citation:
            for other, linked in citing(pks).items():
                records[other] |= linked
        elif model is Source:
            cited = Citation.objects.filter(source__in=pks).values_list("pk", flat=True)
            for other, linked in citing(set(cited)).items():
                records[other] |= linked
        else:  # a link row: a participation
            for through, here, a, there, b in link_tables():
                if through is model:
                    for near, far in through.objects.filter(pk__in=pks).values_list(here, there):
                        records[a].add(near)
                        records[b].add(far)
    return {model: pks for model, pks in records.items() if pks}


def _update_records(records):
    for model, kind in record_models().items():
        if records is None:
            model.objects.update(**evidence.counts(kind))
            continue
        for chunk in chunks(records.get(model, ())):
            model.objects.filter(pk__in=chunk).update(**evidence.counts(kind))


def refresh(changed):
    """Bring the stored figures up to date after ``changed`` ({model: set of pks})."""
    records = affected(changed)
    if records is None:
        rebuild()
        return
    if not records:
        return
    _update_records(records)
    for updater in _updaters:
        updater(records)


def rebuild():
    """Make every stored figure again."""
    _update_records(None)
    for updater in _updaters:
        updater(None)


# The migrations that add stored figures: after one, the figures are made.
FIGURE_MIGRATIONS = {
    ("challenges", "0008_stored_figures"),
    ("practices", "0008_stored_figures"),
    ("cases", "0008_stored_figures"),
    ("collabkb", "0008_citing_records"),
    ("challenges", "0012_evidence_figures"),
    ("practices", "0011_evidence_figures"),
    ("cases", "0012_evidence_figures"),
    ("cases", "0015_case_cross_border"),
}


def migrated(app_config=None, plan=None, using="default", **kwargs):
    """post_migrate: once every app is migrated, make the figures if a
    migration that adds them was just applied to a database holding records;
    and after any migration of such a database, its planner statistics again
    (a new index or table without them can lead SQLite's planner astray)."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config is not with_models[-1]:
        return
    applied = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    if not applied or not any(m.objects.exists() for m in record_models()):
        return
    if applied & FIGURE_MIGRATIONS:
        rebuild()
    refresh_statistics(using)
