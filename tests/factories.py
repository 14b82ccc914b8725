"""Small factories for test data: plain functions, real database rows."""

import itertools

from cases.models import Case, Organisation, Participation, Place, ProjectExample
from challenges.models import Challenge
from collabkb.models import Citation, Source, Status
from practices.models import Practice, Series

_numbers = itertools.count(1)


def _n():
    return next(_numbers)


def make_source(kind=Source.Kind.REPORT, **fields):
    n = _n()
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("title", f"Source {n}")
    if kind == Source.Kind.VIDEO:
        fields.setdefault("video_id", "nGjuo-7sUXM")
    return Source.objects.create(kind=kind, **fields)


def make_citation(source=None, **fields):
    source = source or make_source()
    if source.kind == Source.Kind.VIDEO:
        fields.setdefault("timestamp_label", "27:33:00")
        fields.setdefault("second", 27 * 60 + 33)
    else:
        fields.setdefault("locator_kind", Citation.LocatorKind.TABLE)
        fields.setdefault("locator", f"Table {_n()}")
    return Citation.objects.create(source=source, **fields)


def _record(model, citations, tags, **fields):
    n = _n()
    fields.setdefault("title", f"{model.__name__} {n}")
    fields.setdefault("slug", f"{model.__name__.lower()}-{n}")
    fields.setdefault("summary", f"A summary of {model.__name__.lower()} {n}.")
    fields.setdefault("status", Status.PUBLISHED)
    record = model.objects.create(**fields)
    if citations:
        record.citations.set(citations)
    if tags:
        record.tags.set(tags)
    return record


def make_challenge(citations=(), tags=(), **fields):
    return _record(Challenge, citations, tags, **fields)


def make_series(**fields):
    n = _n()
    fields.setdefault("slug", f"series-{n}")
    fields.setdefault("title", f"Series {n}")
    return Series.objects.create(**fields)


def make_practice(citations=(), tags=(), addresses=(), **fields):
    fields.setdefault("kind", Practice.Kind.LESSON)
    practice = _record(Practice, citations, tags, **fields)
    if addresses:
        practice.addresses.set(addresses)
    return practice


def make_organisation(citations=(), tags=(), **fields):
    fields.setdefault("sector", "academic")
    fields.setdefault("country", "United Kingdom")
    return _record(Organisation, citations, tags, **fields)


def make_place(**fields):
    n = _n()
    fields.setdefault("slug", f"place-{n}")
    fields.setdefault("name", f"Place {n}")
    fields.setdefault("kind", Place.Kind.CITY)
    fields.setdefault("country", "United Kingdom")
    return Place.objects.create(**fields)


def make_case(citations=(), tags=(), organisations=(), **fields):
    fields.setdefault("kind", Case.Kind.POLICY_LAB)
    case = _record(Case, citations, tags, **fields)
    for organisation in organisations:
        Participation.objects.create(case=case, organisation=organisation)
    return case


def make_example(case, **fields):
    n = _n()
    fields.setdefault("slug", f"example-{n}")
    fields.setdefault("title", f"Example {n}")
    return ProjectExample.objects.create(case=case, **fields)


def make_linked_set(tags=("data sharing", "trust")):
    """One of everything, linked, cited and tagged."""
    video = make_source(kind=Source.Kind.VIDEO)
    report = make_source()
    moment = make_citation(video)
    table = make_citation(report, quotation="A quoted line.", speaker_role="university")
    challenge = make_challenge(citations=[table], tags=tags, mentions=9)
    other = make_challenge(citations=[moment])
    challenge.related.add(other)
    series = make_series(source=report)
    practice = make_practice(
        citations=[table, moment],
        tags=tags,
        addresses=[challenge],
        series=series,
        number=1,
    )
    organisation = make_organisation(citations=[table], tags=["university"])
    place = make_place()
    case = make_case(citations=[moment], tags=tags, organisations=[organisation])
    case.places.add(place)
    case.exemplifies.add(practice)
    case.faced.add(challenge)
    make_example(case)
    return {
        "video": video,
        "report": report,
        "challenge": challenge,
        "practice": practice,
        "case": case,
        "organisation": organisation,
        "series": series,
    }
