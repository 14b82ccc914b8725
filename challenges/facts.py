"""What a challenge's page shows that belongs to the challenge alone: its
levels (where the report places the barrier), read for one challenge, a
published one or a curator's preview of a draft alike."""

from challenges.models import Challenge


def levels_of(challenge):
    """The names of ``challenge``'s levels, in the report's order: one query."""
    rows = Challenge.levels.through.objects.filter(challenge=challenge)
    rows = rows.order_by("level__position", "level__slug")
    return list(rows.values_list("level__name", flat=True))
