"""Editing a link from the record at its other end.

A practice holds the challenges it addresses; a challenge's form edits the
same rows through an inline of that link table, so a curator can link from
either end. Each row reads as the record at the other end.
"""

from django.contrib import admin


def link_inline(field, other, verbose_name, verbose_name_plural):
    """An inline on the target side of ``field`` (a many-to-many), naming ``other``'s records."""
    through = field.through
    other_fk = next(
        f.name for f in through._meta.concrete_fields if f.many_to_one and f.related_model is other
    )

    def label(row):
        return str(getattr(row, other_fk))

    through.__str__ = label
    return type(
        f"{through.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": through,
            "fk_name": next(
                f.name
                for f in through._meta.concrete_fields
                if f.many_to_one and f.name != other_fk
            ),
            "fields": [other_fk],
            "autocomplete_fields": [other_fk],
            "extra": 1,
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name_plural,
        },
    )
