"""A link between two records as a claim with a basis.

Every link (a practice addresses a challenge, a case exemplifies a practice
or faced a challenge, two records are related) is a row of its own link
model, a subclass of ``Link``: it says whether a source states it (and
where: the citations of the places that do) or whether it is our reading
(and why: a one-line reason a curator wrote).

A link model names its two ends in ``ends`` (the names of its two foreign
keys, as the many-to-many field it serves them); its natural key is the two
records' slugs. A link between records of one kind (``related``) is
symmetrical: Django keeps it as two rows, one each way, and ``mirror`` keeps
the second row's basis, reason and citations those of the one last written.
"""

import threading

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save


class Basis(models.TextChoices):
    STATED = "stated", "Stated by a source"
    OURS = "ours", "Our reading"


class LinkManager(models.Manager):
    def get_by_natural_key(self, one, other):
        first, second = self.model.ends
        return self.get(**{f"{first}__slug": one, f"{second}__slug": other})


class Link(models.Model):
    """What every link row carries: its basis, the reason or the citations."""

    basis = models.CharField(
        max_length=10,
        choices=Basis.choices,
        default=Basis.OURS,
        help_text="Stated: a source makes this link (cite the place that does). "
        "Our reading: CollabKB infers it (say why in the reason).",
    )
    reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="For our reading: one line saying why the two records go together.",
    )
    citations = models.ManyToManyField(
        "collabkb.Citation",
        blank=True,
        related_name="+",
        help_text="For a stated link: the places in the sources that state it (a table row, "
        "a sentence), each cited by the record at one end of the link or the other.",
    )

    objects = LinkManager()
    ends = ()  # the names of its two foreign keys, in the order of its natural key

    class Meta:
        abstract = True

    def __str__(self):
        first, second = self.ends
        return f"{getattr(self, first)} → {getattr(self, second)}"

    @property
    def is_stated(self):
        return self.basis == Basis.STATED

    @property
    def symmetrical(self):
        first, second = (self._meta.get_field(name) for name in self.ends)
        return first.related_model is second.related_model

    def end_records(self):
        first, second = self.ends
        return getattr(self, first), getattr(self, second)


def link_natural_key(*dependencies):
    """A link model's ``natural_key``, with its dependencies (the models at its ends)."""

    def natural_key(self):
        first, second = self.ends
        return (getattr(self, first).slug, getattr(self, second).slug)

    natural_key.dependencies = list(dependencies)
    return natural_key


_state = threading.local()


def _other_way(instance):
    """The row of the same link the other way round, or None."""
    first, second = instance.ends
    one, other = getattr(instance, f"{first}_id"), getattr(instance, f"{second}_id")
    if one == other:
        return None
    return type(instance)._default_manager.filter(**{first: other, second: one}).first()


def _mirroring():
    return getattr(_state, "busy", False)


class _Busy:
    def __enter__(self):
        _state.busy = True

    def __exit__(self, *exc):
        _state.busy = False


def _saved(sender, instance, raw=False, **kwargs):
    """A row of a symmetrical link written: its mirror says the same."""
    if raw or _mirroring():
        return
    first, second = instance.ends
    one, other = getattr(instance, f"{first}_id"), getattr(instance, f"{second}_id")
    if one == other:
        return
    with _Busy():
        mirror = _other_way(instance) or sender(**{f"{first}_id": other, f"{second}_id": one})
        if mirror.pk is None or (mirror.basis, mirror.reason) != (instance.basis, instance.reason):
            mirror.basis, mirror.reason = instance.basis, instance.reason
            mirror.save()
        _copy_citations(instance, mirror)


def _copy_citations(instance, mirror):
    wanted = set(instance.citations.values_list("pk", flat=True))
    if set(mirror.citations.values_list("pk", flat=True)) != wanted:
        mirror.citations.set(wanted)


def _deleted(sender, instance, **kwargs):
    if _mirroring():
        return
    with _Busy():
        mirror = _other_way(instance)
        if mirror is not None:
            mirror.delete()


def _citations_changed(sender, instance, action, reverse, **kwargs):
    if reverse or _mirroring() or action not in ("post_add", "post_remove", "post_clear"):
        return
    with _Busy():
        mirror = _other_way(instance)
        if mirror is not None:
            _copy_citations(instance, mirror)


def mirrored(model):
    """Keep both rows of each link of the symmetrical link ``model`` the same:
    its basis, reason and citations are those of the row last written, and
    a row deleted takes its mirror with it. The one mirror rule, whichever
    side a curator edits (the admin, a restore); loads and imports write
    both rows as the file gives them (raw saves, bulk writes)."""
    uid = f"mirror-{model._meta.label_lower}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-del")
    m2m_changed.connect(
        _citations_changed, sender=model.citations.through, dispatch_uid=uid + "-citations"
    )
    return model


def problems(basis, reason, citations, ends, attached=None):
    """What is wrong with a link of ``basis``, ``reason`` and ``citations``
    between the records ``ends`` (two records, or None for one not yet saved),
    as a list of messages: the rule the admin, the checks before publishing
    and the content test apply. ``attached``: the ids of the citations of the
    two ends, where the caller has read them already."""
    found = []
    if basis == Basis.OURS and not reason.strip():
        found.append("A link of our reading needs a reason: one line saying why.")
    if basis == Basis.STATED:
        if not citations:
            found.append(
                "A stated link needs the citation of the place that states it. "
                "Without one, make it our reading and give a reason."
            )
        if attached is None:
            attached = set()
            for record in ends:
                if record is not None and record.pk is not None:
                    attached |= set(record.citations.values_list("pk", flat=True))
        stray = [citation for citation in citations if citation.pk not in attached]
        if stray:
            names = ", ".join(str(citation.key) for citation in stray)
            found.append(
                f"Each citation of a stated link must be attached to the record at one end "
                f"of it; {names} is not. Attach it to that record first (its citations), "
                "or choose another."
            )
    return found
