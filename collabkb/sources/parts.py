"""The parts of a source's pages repeated for every place: the records citing
it and its quotations, and a timeline's moments. A timeline or an outline
shows them for each of its dozens (at scale, thousands) of places, so they
are ``collabkb.text.repeated.Partial``s: ``templates/partials/place_records.html``
holding ``place_record.html``, and ``timeline_moment.html``; a moment's page
lists its records with their summaries (``moment_record.html``)."""

import re

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from collabkb.links import reverse
from collabkb.models import Stance
from collabkb.published.citelist import quotation_url
from collabkb.text import timestamps
from collabkb.text.repeated import Partial

MOMENT = (
    "second",
    "url",
    "time",
    "labels",
    "video_url",
    "words",
    "said_kind",
    "said_url",
    "said_title",
    "records",
    "quotations",
    "more",
)

# What a timeline says of a moment, in our words: the first sentence of the
# summary of the first record citing it, cut at this many characters.
SAID_LENGTH = 200
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“‘\"'(])")


def first_sentence(text, length=SAID_LENGTH):
    """The first sentence of ``text`` (our words: a record's summary), or
    its first ``length`` characters, cut at a word, with an ellipsis."""
    sentence = SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    if len(sentence) <= length:
        return sentence
    return sentence[: length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _record_partials():
    """A record citing a place, one for each stance of the place towards it
    ({stance: Partial}), and the list of them (cited: True) or the line
    saying there is none (False)."""
    listed = {
        cited: Partial("partials/place_records.html", ("items",), cited=cited)
        for cited in (False, True)
    }
    item = {
        stance: Partial(
            "partials/place_record.html", ("kind", "url", "title"), stance=Stance(stance).label
        )
        for stance in Stance.values
    }
    return item, listed


def place_records(records, partials=None):
    """The records (``places.Cited``) citing a place, each with the stance of
    the place where it does not support the record, or a line saying there is
    none; ``partials``: ``_record_partials()``, made once for many places."""
    item, listed = partials or _record_partials()
    items = mark_safe(
        "".join(item[r.stance].fill(kind=r.kind, url=r.url, title=r.title) for r in records)
    )
    return mark_safe(listed[bool(records)].fill(items=items))


def moment_records(records):
    """The records (``places.Cited``) citing a moment, each with its summary,
    in our words, and the stance of the moment where it does not support the
    record; or a line saying there is none."""
    item = {
        stance: Partial(
            "partials/moment_record.html",
            ("kind", "url", "title", "summary"),
            stance=Stance(stance).label,
        )
        for stance in Stance.values
    }
    listed = {
        cited: Partial("partials/place_records.html", ("items",), cited=cited)
        for cited in (False, True)
    }
    items = mark_safe(
        "".join(
            item[r.stance].fill(kind=r.kind, url=r.url, title=r.title, summary=r.summary)
            for r in records
        )
    )
    return mark_safe(listed[bool(records)].fill(items=items))


QUOTATION = ("key", "quotation", "role", "concept", "url")


def quotations(citations):
    """The quotations of ``citations``, each a figure with its anchor."""
    partials = {}
    items = [f"\n{quotation(citation, partials=partials)}\n" for citation in citations]
    return mark_safe("".join(items))


def quotation(citation, anchored=True, partials=None):
    """The quotation of ``citation`` as a figure (``partials/place_quotation.html``,
    a Partial for each of its speaker's forms); ``anchored`` gives it the
    quotation's anchor, where no list item around it has it. ``partials``:
    a dict that keeps the Partials made, for many quotations."""
    partials = {} if partials is None else partials
    role, concept = bool(citation.speaker_role), bool(citation.concept)
    form = (role, role and concept, anchored)
    if form not in partials:
        partials[form] = Partial(
            "partials/place_quotation.html",
            QUOTATION,
            with_role=form[0],
            with_concept=form[1],
            anchored=anchored,
        )
    return partials[form].fill(
        key=citation.key,
        quotation=citation.quotation,
        role=citation.get_speaker_role_display(),
        concept=citation.concept,
        url=quotation_url(citation),
    )


def timeline(source, places, staff):
    """The moments (``published.sources.Place``) of a video's timeline, each
    with its records and quotations; a curator (``staff``) also sees the
    notes' labels and which readings are to be confirmed."""
    moment = {
        (doubted, said, quoted): Partial(
            "partials/timeline_moment.html",
            MOMENT,
            staff=staff,
            doubted=doubted,
            said=said,
            quoted=quoted,
        )
        for doubted in (False, True)
        for said in (False, True)
        for quoted in (False, True)
    }
    records = _record_partials()
    items = []
    for place in places:
        second = place.first.second
        url = reverse("sources:moment", [source.slug, second])
        time = timestamps.format_seconds(second)
        more = ""
        if place.more:
            more = render_to_string(
                "partials/timeline_more.html", {"place": place, "url": url, "time": time}
            )
        supporting = (r for r in place.records if r.summary and r.stance == Stance.SUPPORTS)
        said = next(supporting, None)
        form = (place.needs_review, said is not None, bool(place.quotations))
        item = moment[form].fill(
            second=second,
            url=url,
            time=time,
            labels=", ".join(place.labels),
            video_url=timestamps.video_url(source.video_id, second),
            words=first_sentence(said.summary) if said else "",
            said_kind=said.kind.lower() if said else "",
            said_url=said.url if said else "",
            said_title=said.title if said else "",
            records=place_records(place.records, records),
            quotations=quotations(place.quotations),
            more=more,
        )
        items.append(f"\n  {item}\n  ")
    return mark_safe("".join(items))
