"""A record's history: two revisions side by side, a restore, a revision kept before a delete."""

import difflib
import re

import reversion
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db.models import CASCADE, Prefetch
from django.db.models.fields.related_descriptors import ReverseManyToOneDescriptor
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from reversion.errors import RevertError
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from collabkb import changes
from collabkb.models import Citation, Status
from collabkb.models.claims import Link

SKIPPED = {"id", "created", "updated"}
WORD_RE = re.compile(r"\s+|[^\s]+")


def _names(model, pks):
    """The current names of related rows; a removed one shows as its number."""
    found = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)}
    return sorted(found.get(pk, f"#{pk} (since removed)") for pk in pks)


def snapshot(version):
    """{label: text} of one version of a record and the rows that belong to it."""
    model = version._model
    data = version.field_dict
    shown = {}
    for field in model._meta.get_fields():
        key = getattr(field, "attname", field.name) if field.many_to_one else field.name
        if field.name in SKIPPED or key not in data or not field.concrete:
            continue
        value = data[key]
        label = str(field.verbose_name).capitalize()
        if field.many_to_many:
            if not isinstance(value, list | tuple | set):
                continue  # tags: shown from the tag rows of the revision, below
            shown[label] = "\n".join(_names(field.related_model, value))
        elif field.many_to_one:
            shown[label] = "\n".join(_names(field.related_model, [value] if value else []))
        elif field.choices:
            shown[label] = str(dict(field.flatchoices).get(value, value or ""))
        else:
            shown[label] = "" if value is None else str(value)
    # The rows that belong to it (tags, participants …), as they were then.
    parts = {}
    for other in version.revision.version_set.exclude(pk=version.pk):
        if (
            other._model is not model
            and not _is_link(other._model, model)
            and _belongs(other, version)
        ):
            label = str(other._model._meta.verbose_name_plural).capitalize()
            parts.setdefault(label, []).append(other.object_repr)
    for label, reprs in sorted(parts.items()):
        shown[label] = "\n".join(sorted(reprs))
    return shown


def followed_rows(model):
    """Prefetches of the rows a revision of a ``model`` record follows (its
    citations, links, tags …), each with what its name and its data read."""
    found = []
    for name in _get_options(model).follow:
        descriptor = getattr(model, name, None)
        if not isinstance(descriptor, ReverseManyToOneDescriptor):
            continue
        related = descriptor.rel.related_model
        ends = []
        for field in related._meta.concrete_fields:
            if field.many_to_one:
                ends.append(field.name)
                if field.related_model is Citation:
                    ends.append(f"{field.name}__source")
        many = [field.name for field in related._meta.local_many_to_many]
        rows = related._default_manager.select_related(*ends).prefetch_related(*many)
        found.append(Prefetch(name, queryset=rows))
    return found


def owned_relations(model):
    """The reverse relations of rows that belong to a record: those deleted with it.

    A challenge's tag rows, a case's participations and examples (CASCADE);
    not an organisation's participations (PROTECT: they are the case's).
    """
    held = held_link_tables(model)
    return [
        relation
        for relation in model._meta.related_objects
        if relation.one_to_many
        and not relation.hidden
        and relation.on_delete is CASCADE
        and relation.related_model not in held
    ]


def held_link_fields(model):
    """The many-to-many fields other kinds declare towards ``model`` (a
    practice's ``addresses``, a case's ``faced``): the rows of their link
    tables go with a record of ``model`` although none of its fields lists them.

    A record's own links (its ``related``, in both directions) are in its version.
    """
    return [
        relation.field
        for relation in model._meta.related_objects
        if relation.many_to_many
        and relation.related_model is not model
        and (relation.through._meta.auto_created or issubclass(relation.through, Link))
    ]


def held_link_tables(model):
    """The link tables of ``held_link_fields(model)``: their rows are the
    other record's, with their basis (a challenge's ``addressed_by``)."""
    return {field.remote_field.through for field in held_link_fields(model)}


def create_link_content_types(**kwargs):
    """The content types of those link tables, made with the others at migrate.

    Django makes none for an auto-created table. Made on demand instead, by a
    delete that is then rolled back, its id would stay in the process's cache
    and every later delete would refer to a content type that is not there.
    """
    from collabkb.kinds import registry

    tables = [f.remote_field.through for kind in registry for f in held_link_fields(kind.model)]
    ContentType.objects.db_manager(kwargs.get("using", "default")).get_for_models(*tables)


def held_links(model, pks):
    """The rows of those link tables that tie other records to the records ``pks``."""
    rows = []
    for field in held_link_fields(model):
        through = field.remote_field.through
        column, holder = field.m2m_reverse_field_name(), field.m2m_field_name()
        # A row is named for its records (a link model's for both): read with them.
        found = through._default_manager.filter(**{f"{column}__in": pks})
        found = found.select_related(holder, column)
        rows += found.order_by("pk")
    return rows


def _is_link(model, record_model=None):
    """Whether rows of ``model`` are links a record of ``record_model``
    holds none of: an auto-created link table's, or a link model's held by
    the record at its other end."""
    return model._meta.auto_created or (
        record_model is not None and model in held_link_tables(record_model)
    )


def link_rows(formset):
    """Rows of a link table (a many-to-many's, with a model of its own or
    not) saved or deleted."""
    if not (formset.model._meta.auto_created or issubclass(formset.model, Link)):
        return []
    return [
        *formset.new_objects,
        *(row for row, _ in formset.changed_objects),
        *formset.deleted_objects,
    ]


def records_linked_by(row, this_model):
    """The records a link row ties to a record of ``this_model``, from the other end."""
    from collabkb.kinds import registry

    return [
        getattr(row, field.name)
        for field in row._meta.concrete_fields
        if field.many_to_one
        and field.related_model is not this_model
        and registry.for_model(field.related_model)
    ]


def _belongs(other, version):
    """Whether ``other`` (a version) is a row of the record of ``version``: its tag, …"""
    links = [
        f.attname
        for f in other._model._meta.concrete_fields
        if f.many_to_one
        and f.related_model is version._model
        and f.remote_field.on_delete is CASCADE
    ]
    return any(str(other.field_dict.get(name)) == str(version.object_id) for name in links)


def restore(version, user=None):
    """Bring back the record of ``version`` and its own rows as they were then,
    changed by ``user`` (a preview, with none, keeps who changed it last).

    Rows it has now that it did not have then (a tag added since) are removed;
    other records in the same revision are left as they are. The record keeps
    its status and its creator: only a workflow move changes the status, and a
    record that no longer exists comes back as a draft, with the links other
    records held to it (those records still there; nothing else of theirs
    changes). A record that exists keeps the links others hold as they are now.
    """
    own, links = [], []
    for other in version.revision.version_set.exclude(pk=version.pk):
        if other._model is not version._model and _belongs(other, version):
            (links if _is_link(other._model, version._model) else own).append(other)
    kept = {(other._model, str(other.object_id)) for other in own}
    manager = version._model._default_manager
    record = manager.filter(pk=version.object_id).first()
    if record is not None:
        for relation in owned_relations(record._meta.model):
            for row in getattr(record, relation.get_accessor_name()).all():
                if (type(row), str(row.pk)) not in kept and reversion.is_registered(type(row)):
                    row.delete()
    as_it_was = version._object_version
    as_it_was.object.status = record.status if record else Status.DRAFT
    as_it_was.object.created_by_id = record.created_by_id if record else None
    as_it_was.object.changed_by_id = (
        user.pk if user is not None else record.changed_by_id if record else None
    )
    if not _without_removed_rows(as_it_was):
        raise RevertError(
            f"“{version.object_repr}” cannot be brought back: "
            "a row it needs has been removed since."
        )
    as_it_was.save(using=version.db)
    for other in own:
        row = other._object_version
        if _without_removed_rows(row):  # a tag removed since stays removed
            row.save(using=other.db)
    if record is None:
        for other in links:
            _link_again(other._object_version, version._model)
    # Link rows saved as rows send no link signal: what the record links to
    # now is told as one change (their figures, pages and search documents).
    pk = as_it_was.object.pk
    changes.announce_changes(
        changes.merge({version._model: {pk}}, changes.links_of(version._model, [pk]))
    )


def _link_again(deserialized, model):
    """Add again the link of ``deserialized`` (a link table's row, as it was)
    from the record that held it, with its basis; a link from a record
    removed since is dropped.

    With its own number, as the record's own rows come back: the recover form
    shows the link in an inline, and its POST restores again, under the same
    numbers (unless another link has taken it since)."""
    row = deserialized.object
    [field] = [f for f in held_link_fields(model) if f.remote_field.through is type(row)]
    holder = field.model._default_manager.filter(pk=getattr(row, f"{field.m2m_field_name()}_id"))
    if not holder.exists():
        return
    if type(row)._default_manager.filter(pk=row.pk).exists():
        kept = {
            f.attname: getattr(row, f.attname)
            for f in row._meta.concrete_fields
            if not f.primary_key and not f.many_to_one
        }
        getattr(holder.get(), field.name).add(
            getattr(row, f"{field.m2m_reverse_field_name()}_id"), through_defaults=kept
        )
    elif _without_removed_rows(deserialized):
        deserialized.save()  # its own links too (a link's citations)


def _without_removed_rows(deserialized):
    """Drop the links of a saved version to rows removed since (a citation, a
    linked record); False if a required foreign key points at one."""
    obj = deserialized.object
    for name, pks in (deserialized.m2m_data or {}).items():
        model = obj._meta.get_field(name).related_model
        there = set(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        deserialized.m2m_data[name] = [pk for pk in pks if pk in there]
    for field in obj._meta.concrete_fields:
        target = getattr(obj, field.attname) if field.many_to_one else None
        if target is None or field.related_model._default_manager.filter(pk=target).exists():
            continue
        if not field.null:
            return False
        setattr(obj, field.attname, None)
    return True


def keep_before_delete(records, user):
    """Save a revision of ``records`` and their own rows as they are, before a delete.

    reversion keeps only versions of rows that still exist when a revision
    block ends, so a revision opened around a delete would keep nothing (and
    the changelist's own revision ends after its bulk delete): the versions are
    written here, as reversion writes them for a record admin's models
    (registered with its defaults: JSON, every field).
    """
    records = list(records)
    if not records:
        return None
    revision = Revision.objects.create(
        date_created=timezone.now(),
        user=user if user and user.is_authenticated else None,
        comment="Deleted; recover it from “Recover deleted”.",
    )
    rows = []
    for record in records:
        rows.append(record)
        for relation in owned_relations(type(record)):
            rows += getattr(record, relation.get_accessor_name()).all()
        rows += held_links(type(record), [record.pk])
    Version.objects.bulk_create(
        Version(
            revision=revision,
            content_type=ContentType.objects.get_for_model(type(row)),
            object_id=str(row.pk),
            db=row._state.db or "default",
            format="json",
            serialized_data=serializers.serialize("json", [row]),
            object_repr=str(row),
        )
        for row in rows
        if reversion.is_registered(type(row))
    )
    return revision


def word_diff(old, new):
    """``new`` against ``old`` word by word: (change, words) pairs, the change
    "same", "removed" or "added" (the compare page strikes out and underlines)."""
    a, b = WORD_RE.findall(old), WORD_RE.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("added", "".join(b[j1:j2])))
    return out


def differences(older, newer):
    """Rows (label, old text, new text, word diff) of the fields that differ."""
    rows = []
    for label in dict.fromkeys([*older, *newer]):
        old, new = older.get(label, ""), newer.get(label, "")
        if old != new:
            rows.append((label, old, new, word_diff(old, new)))
    return rows


def _chosen(versions, request):
    """The two versions to compare: ?a= (older) and ?b= (newer), else the last two."""
    by_id = {str(v.pk): v for v in versions}
    newer = by_id.get(request.GET.get("b", "")) or (versions[0] if versions else None)
    older = by_id.get(request.GET.get("a", ""))
    if older is None and newer is not None:
        position = versions.index(newer)
        older = versions[position + 1] if position + 1 < len(versions) else None
    if older and newer and older.revision.date_created > newer.revision.date_created:
        older, newer = newer, older
    return older, newer


def compare(model_admin, request, record):
    versions = list(
        Version.objects.get_for_object(record)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )
    wrong = [
        key
        for key in ("a", "b")
        if request.GET.get(key) and request.GET[key] not in {str(v.pk) for v in versions}
    ]
    if wrong:
        messages.warning(request, "That version is not one of this record's: showing the latest.")
    older, newer = _chosen(versions, request)
    rows = differences(snapshot(older), snapshot(newer)) if older and newer else []
    opts = model_admin.model._meta
    info = opts.app_label, opts.model_name
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "record": record,
        "title": f"Changes to “{record}”",
        "versions": versions,
        "older": older,
        "newer": newer,
        "rows": rows,
        "history_url": reverse("admin:{}_{}_history".format(*info), args=[record.pk]),
        "change_url": reverse("admin:{}_{}_change".format(*info), args=[record.pk]),
        "revision_url_name": "admin:{}_{}_revision".format(*info),
    }
    return TemplateResponse(request, "admin/collabkb/record_compare.html", context)
