"""Readable names for the rows of the many-to-many tables Django makes itself
(a case's places, a link's citations, a challenge's levels), which delete
pages and histories list: "Catalyst project — in United Kingdom", not
"Case_places object (46)".

The model a row points to may say how its rows read (``row_joiner``, "in"
for a place); otherwise its verbose name does ("level: Individual")."""

from django.db import models


def _row_name(self):
    first, second = (field for field in self._meta.fields if field.many_to_one)
    other = second.related_model
    joiner = getattr(other, "row_joiner", f"{other._meta.verbose_name}:")
    return f"{getattr(self, first.name)} — {joiner} {getattr(self, second.name)}"


def name_made_tables(all_models):
    """Give every table Django made for a many-to-many of ``all_models`` a ``__str__``."""
    for model in all_models:
        if model._meta.auto_created and model.__str__ is models.Model.__str__:
            model.__str__ = _row_name
