"""A prepared query (collabkb.published.prepared) returns what its queryset
returns, for every value it is run with: it keeps SQL, never rows."""

import pytest
from django.db.models import Count, Value, Window

from challenges.models import Challenge
from collabkb import prepared
from collabkb.models import Status
from tests import factories as f

pytestmark = pytest.mark.django_db


def _titles(limit, pks):
    """Published challenges among ``pks``, by title, with a reordered annotation."""
    return (
        Challenge.objects.published()
        .filter(pk__in=pks)
        .annotate(n=Window(Count("pk")), label=Value("x"))
        .order_by("title_sort", "pk")
        .values_list("label", "title", "pk", "n")[:limit]
    )


def _by_slug(slug):
    return Challenge.objects.filter(slug=slug).values_list("title", "status")


def test_it_returns_the_querysets_rows_for_each_value():
    made = [f.make_challenge(title=title) for title in ("Trust", "Turf", "Budgets", "Roles")]
    f.make_challenge(title="Hidden", status=Status.DRAFT)
    pks = [c.pk for c in Challenge.objects.all()]
    for chosen in (pks, pks[:1], pks[1:3], pks[2:] + pks[:1], [pks[0], pks[0], pks[3]]):
        for limit in (2, 10):
            expected = [tuple(row) for row in _titles(limit, chosen)]
            assert prepared.rows(_titles, (chosen,), (limit,)) == expected
    assert prepared.rows(_by_slug, (made[1].slug,)) == [("Turf", "published")]
    assert prepared.rows(_by_slug, (made[0].slug,)) == [("Trust", "published")]
    assert prepared.rows(_by_slug, ("no-such-challenge",)) == []


def test_a_write_shows_in_its_next_run():
    challenge = f.make_challenge(title="Trust")
    assert prepared.rows(_by_slug, (challenge.slug,)) == [("Trust", "published")]
    challenge.title = "Mutual trust"
    challenge.save()
    assert prepared.rows(_by_slug, (challenge.slug,)) == [("Mutual trust", "published")]


def _constant(pk):
    return Challenge.objects.filter(pk=1).values_list("pk")


def test_a_value_the_sql_does_not_hold_is_refused():
    with pytest.raises(ValueError, match="not a parameter"):
        prepared.rows(_constant, (5,))
    with pytest.raises(ValueError, match="empty list"):
        prepared.rows(_titles, ([],), (3,))


def _steps_below(number):
    from practices.models import Practice

    return Practice.objects.filter(number__lt=number).order_by("number").values_list("number")


def _constant_like_a_stand_in(pk):
    return Challenge.objects.filter(pk__in=[20_001, pk]).order_by("pk").values_list("title")


def test_small_number_fields_and_constants_that_look_like_values():
    series = f.make_series(title="Steps")
    for number in (1, 2, 3):
        f.make_practice(title=f"Step {number}", series=series, number=number)
    assert prepared.rows(_steps_below, (3,)) == [(1,), (2,)]
    assert prepared.rows(_steps_below, (2,)) == [(1,)]
    trust = f.make_challenge(title="Trust")
    assert prepared.rows(_constant_like_a_stand_in, (trust.pk,)) == [("Trust",)]


def test_it_keeps_at_most_a_bounded_number_of_shapes(monkeypatch):
    """What a stranger asks cannot grow it without end: past the limit, the
    oldest shape goes (and is prepared again when asked)."""
    monkeypatch.setattr(prepared, "KEPT", 3)
    monkeypatch.setattr(prepared, "_prepared", {})
    trust = f.make_challenge(title="Trust")
    for limit in range(1, 8):
        assert prepared.rows(_titles, ([trust.pk],), (limit,)) == [("x", "Trust", trust.pk, 1)]
        assert len(prepared._prepared) <= 3


def _derived(pk):
    return Challenge.objects.filter(pk__gt=pk - 1).values_list("pk")


def _timed(pk):
    from django.utils import timezone

    return Challenge.objects.filter(pk=pk, updated__lte=timezone.now()).values_list("pk")


def test_a_parameter_made_from_a_value_or_the_time_is_refused():
    """Kept as a constant, it would be the stand-in's (or the first call's
    time) for ever: refused when the query is prepared."""
    with pytest.raises(ValueError, match="is no value's"):
        prepared.rows(_derived, (5,))
    with pytest.raises(ValueError, match="is no value's"):
        prepared.rows(_timed, (5,))
