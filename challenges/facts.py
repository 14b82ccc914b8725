"""What a challenge's page shows that belongs to the challenge alone: its
levels (where the report places the barrier), read for one challenge, a
published one or a curator's preview of a draft alike."""

from challenges.models import Challenge
from collabkb import prepared


def levels_of(challenge):
    """The names of ``challenge``'s levels, in the report's order: one query."""
    return [name for (name,) in prepared.rows(_levels_query, (challenge.pk,))]


def _levels_query(pk):
    rows = Challenge.levels.through.objects.filter(challenge_id=pk)
    return rows.order_by("level__position", "level__slug").values_list("level__name")
