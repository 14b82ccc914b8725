"""What a challenge's page shows that belongs to the challenge alone: its
levels (where the report places the barrier).

For the published challenges they are read in one query and kept while the
content version stays the same (``kept_for_published``); a curator's preview
of an unpublished challenge reads its own.
"""

from collections import defaultdict

from challenges.models import Challenge
from collabkb.records import kept_for_published


def _levels(challenges):
    """{challenge pk: [level name]} of ``challenges`` (a queryset), in the report's order."""
    found = defaultdict(list)
    rows = Challenge.levels.through.objects.filter(challenge__in=challenges)
    rows = rows.order_by("level__position", "level__slug")
    for pk, name in rows.values_list("challenge_id", "level__name"):
        found[pk].append(name)
    return found


levels_of = kept_for_published(Challenge, _levels)  # levels_of(challenge, [])
