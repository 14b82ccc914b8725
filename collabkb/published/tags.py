"""A tag's published records, kind by kind, as its page lists them."""


def tagged(kind, tag):
    """The published records of ``kind`` with ``tag``, by title: a queryset
    the page counts and slices (the first of each kind, or one kind a page
    at a time)."""
    return kind.model.objects.published().filter(tags=tag).order_by("title_sort", "slug")
