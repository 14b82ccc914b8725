"""A record's title very like another's of the same kind is a likely
duplicate: the form says which record it is like, and saves only when the
curator confirms that theirs is another record."""

import difflib
import re
import unicodedata

from django.core.exceptions import ValidationError

CONFIRM = "similar_title_ok"  # the box "save anyway", carrying the title it confirms
CUTOFF = 0.9  # "Paris city government" and "Berlin city government" differ (0.84)
SHOWN = 3
NOT_WORDS = re.compile(r"[\W_]+")


def normalised(title):
    """``title`` as compared: case, accents, punctuation and spacing folded."""
    folded = unicodedata.normalize("NFKD", str(title))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(NOT_WORDS.sub(" ", folded).split())


def similar(model, title, pk=None):
    """The records of ``model`` (any status), other than ``pk``, whose title is
    the same as ``title`` or very like it, most alike first: one query."""
    wanted = normalised(title)
    matcher = difflib.SequenceMatcher(b=wanted, autojunk=False)
    found = []
    for record in model._default_manager.exclude(pk=pk).only("pk", "title", "slug", "status"):
        matcher.set_seq1(normalised(record.title))
        if (
            matcher.real_quick_ratio() >= CUTOFF
            and matcher.quick_ratio() >= CUTOFF
            and matcher.ratio() >= CUTOFF
        ):
            found.append((matcher.ratio(), record))
    found.sort(key=lambda pair: -pair[0])
    return [record for _, record in found[:SHOWN]]


class SimilarTitle:
    """A record form that refuses, once, a new or changed title very like
    another record's of its kind, naming it (``similar_records``, which the
    change form lists with a box to save anyway)."""

    similar_records = ()
    confirm_value = ""

    def clean(self):
        cleaned = super().clean()
        title = cleaned.get("title")
        if not title or (self.instance.pk and "title" not in self.changed_data):
            return cleaned
        if self.data.get(CONFIRM) == normalised(title):
            return cleaned
        self.similar_records = similar(type(self.instance), title, self.instance.pk)
        self.confirm_value = normalised(title)
        if self.similar_records:
            kind = type(self.instance)._meta.verbose_name
            names = ", ".join(f"“{record.title}”" for record in self.similar_records)
            self.add_error(
                "title",
                ValidationError(
                    f"A {kind} with a very similar title exists: {names}. If yours is "
                    "another record, tick “Save anyway” at the top of the form and save again; "
                    "if it is the same, change that record instead."
                ),
            )
        return cleaned
