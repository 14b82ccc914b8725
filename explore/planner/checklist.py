"""A plan's checklist: the steps of the series that fit the stage, as one list.

The sources give each series in its own order and never order the steps of
one series against another's: the merge is ours, and the page says so. Each
series keeps its order; the first step of every series comes first, then
the second of every series, and so on; steps at the same place go by the
order of their series (those of a setting like the partnership's first,
then by title).
"""

from typing import NamedTuple

from practices.models import STEP_TITLE


class Step(NamedTuple):
    practice: object  # the published practice
    series: object
    place: int  # its place in its series, from 1
    number: int | None  # its number, as the source numbers it
    action: str  # what to do: its title without “Step 2:”

    @property
    def origin(self):
        """“GovLab, step 2”: the series as its steps name it, and the step's number."""
        name = self.series.short_name or self.series.title
        return f"{name}, step {self.number}" if self.number else name


def _action(title):
    step = STEP_TITLE.match(title)
    return step.group(1) if step else title


def merged(series_list):
    """The steps of ``series_list`` (in the order ties go by, each with its
    published steps prefetched in order) as one list of ``Step``."""
    steps = [
        (place, rank, Step(practice, series, place, practice.number, _action(practice.title)))
        for rank, series in enumerate(series_list)
        for place, practice in enumerate(series.practices.all(), start=1)
    ]
    return [step for *_, step in sorted(steps, key=lambda row: row[:2])]
