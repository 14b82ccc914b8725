"""Small factories for test data: plain functions, real database rows.

Each ``make_*`` runs as one change (``collabkb.changes.batch``): the stores
derived from the content (search documents, stored figures, the versions
of cached pages) follow once, when it returns, not at every row it writes."""

import functools
import itertools

from cases.models import Case, Organisation, Participation, Place, ProjectExample
from challenges.models import LEVELS, Challenge, Level
from collabkb import changes, figures
from collabkb.models import Citation, Source, Status
from practices.models import Practice, Series

_numbers = itertools.count(1)


def _one_change(make):
    @functools.wraps(make)
    def made(*args, **kwargs):
        with changes.batch():
            return make(*args, **kwargs)

    return made


def _n():
    return next(_numbers)


@_one_change
def make_source(kind=Source.Kind.REPORT, **fields):
    n = _n()
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("title", f"Source {n}")
    if kind == Source.Kind.VIDEO:
        fields.setdefault("video_id", "nGjuo-7sUXM")
    return Source.objects.create(kind=kind, **fields)


@_one_change
def make_citation(source=None, **fields):
    source = source or make_source()
    if source.kind == Source.Kind.VIDEO:
        fields.setdefault("timestamp_label", "27:33:00")
        fields.setdefault("second", 27 * 60 + 33)
    else:
        fields.setdefault("locator_kind", Citation.LocatorKind.TABLE)
        fields.setdefault("locator", f"Table {_n()}")
    return Citation.objects.create(source=source, **fields)


def attach(record, citation, stance):
    """Attach ``citation`` to ``record`` with ``stance`` (a write the admin could make)."""
    record.citations.add(citation, through_defaults={"stance": stance})


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


def level(slug):
    """A level of the migration's vocabulary (made again after a test flushed the tables)."""
    names = dict(LEVELS)
    position = [s for s, _ in LEVELS].index(slug) + 1 if slug in names else 0
    found, _ = Level.objects.get_or_create(
        slug=slug, defaults={"name": names.get(slug, slug.capitalize()), "position": position}
    )
    return found


@_one_change
def make_challenge(citations=(), tags=(), levels=(), **fields):
    challenge = _record(Challenge, citations, tags, **fields)
    if levels:
        challenge.levels.set([level(slug) for slug in levels])
    return challenge


@_one_change
def make_series(**fields):
    n = _n()
    fields.setdefault("slug", f"series-{n}")
    fields.setdefault("title", f"Series {n}")
    return Series.objects.create(**fields)


@_one_change
def make_practice(citations=(), tags=(), addresses=(), **fields):
    fields.setdefault("kind", Practice.Kind.LESSON)
    practice = _record(Practice, citations, tags, **fields)
    if addresses:
        practice.addresses.set(addresses)
    return practice


@_one_change
def make_organisation(citations=(), tags=(), **fields):
    fields.setdefault("sector", "academic")
    fields.setdefault("country", "United Kingdom")
    return _record(Organisation, citations, tags, **fields)


@_one_change
def make_place(**fields):
    n = _n()
    fields.setdefault("slug", f"place-{n}")
    fields.setdefault("name", f"Place {n}")
    fields.setdefault("kind", Place.Kind.CITY)
    fields.setdefault("country", "United Kingdom")
    return Place.objects.create(**fields)


@_one_change
def make_case(citations=(), tags=(), organisations=(), **fields):
    fields.setdefault("kind", Case.Kind.POLICY_LAB)
    case = _record(Case, citations, tags, **fields)
    for organisation in organisations:
        Participation.objects.create(case=case, organisation=organisation)
    return case


@_one_change
def make_example(case, **fields):
    n = _n()
    fields.setdefault("slug", f"example-{n}")
    fields.setdefault("title", f"Example {n}")
    return ProjectExample.objects.create(case=case, **fields)


@_one_change
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
    # The practice's link to the challenge is stated, by a place both cite.
    stated = practice.addresses_links.get()
    stated.basis = "stated"
    stated.save()
    stated.citations.set([table])
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


def format_label(second):
    """A label in the notes' mm:ss:00 shape."""
    return f"{second // 60:02d}:{second % 60:02d}:00"


def grow_knowledge_base(factor=9, video_slug=None, report_slug=None):
    """Add ``factor`` times as many records as there are, linked to the old ones.

    Built with bulk_create so that tests can make thousands of rows quickly.
    Each new record cites existing places, carries two existing tags, and links
    to the existing records the page tests open, so their pages grow too.
    """
    from taggit.models import Tag

    from cases.models import TaggedCase
    from challenges.models import TaggedChallenge
    from practices.models import TaggedPractice

    video = (
        Source.objects.get(slug=video_slug)
        if video_slug
        else Source.objects.filter(kind="video").first()
    )
    report = (
        Source.objects.get(slug=report_slug)
        if report_slug
        else Source.objects.filter(kind="report").first()
    )
    tags = list(Tag.objects.order_by("pk")[:2])
    n_challenges = factor * max(Challenge.objects.count(), 3)
    n_practices = factor * max(Practice.objects.count(), 3)
    n_cases = factor * max(Case.objects.count(), 3)
    n_orgs = factor * max(Organisation.objects.count(), 3)
    run = _n()

    seconds = list(Citation.objects.filter(source=video).values_list("second", flat=True)[:20]) or [
        60
    ]
    places = list(
        Citation.objects.filter(source=report).values_list("locator_kind", "locator", "position")[
            :20
        ]
    ) or [("table", "Table 1", 1)]
    citations = Citation.objects.bulk_create(
        [
            Citation(
                key=f"grow-{run}-v{i}",
                source=video,
                timestamp_label=format_label(seconds[i % len(seconds)]),
                second=seconds[i % len(seconds)],
            )
            for i in range(n_challenges)
        ]
        + [
            Citation(
                key=f"grow-{run}-r{i}",
                source=report,
                locator_kind=places[i % len(places)][0],
                locator=places[i % len(places)][1],
                position=places[i % len(places)][2],
                quotation=f"Quoted words {i}.",
                speaker_role="university",
                concept="Grown",
            )
            for i in range(n_challenges)
        ]
    )

    def records(model, n, **fields):
        return model.objects.bulk_create(
            [
                model(
                    title=f"Grown {model.__name__.lower()} {run}-{i}",
                    slug=f"grown-{model.__name__.lower()}-{run}-{i}",
                    summary=f"Grown record {i} for the query-count tests.",
                    status=Status.PUBLISHED,
                    **{k: (v(i) if callable(v) else v) for k, v in fields.items()},
                )
                for i in range(n)
            ]
        )

    new_challenges = records(
        Challenge,
        n_challenges,
        dimension="leadership",
        mentions=lambda i: i,
    )
    project = level("project")
    Challenge.levels.through.objects.bulk_create(
        [Challenge.levels.through(challenge=c, level=project) for c in new_challenges]
    )
    series = Series.objects.create(slug=f"grown-series-{run}", title=f"Grown series {run}")
    new_practices = records(
        Practice, n_practices, kind="lesson", series=series, number=lambda i: i + 1
    )
    new_orgs = records(Organisation, n_orgs, sector="public", country=lambda i: f"Country {i % 7}")
    new_cases = records(Case, n_cases, kind="policy-lab")

    old_challenges = list(Challenge.objects.exclude(pk__in=[c.pk for c in new_challenges]))
    old_practices = list(Practice.objects.exclude(pk__in=[p.pk for p in new_practices]))
    old_cases = list(Case.objects.exclude(pk__in=[c.pk for c in new_cases]))

    def link(through, pairs, left, right):
        through.objects.bulk_create(
            [through(**{left: a, right: b}) for a, b in pairs], ignore_conflicts=True
        )

    for model, new in (
        (Challenge, new_challenges),
        (Practice, new_practices),
        (Case, new_cases),
        (Organisation, new_orgs),
    ):
        through = model.citations.through
        name = model._meta.model_name
        link(
            through,
            [(r.pk, citations[i % len(citations)].pk) for i, r in enumerate(new)],
            f"{name}_id",
            "citation_id",
        )
        link(
            through,
            [(r.pk, citations[(i + 7) % len(citations)].pk) for i, r in enumerate(new)],
            f"{name}_id",
            "citation_id",
        )
    for through, new in (
        (TaggedChallenge, new_challenges),
        (TaggedPractice, new_practices),
        (TaggedCase, new_cases),
    ):
        through.objects.bulk_create([through(content_object=r, tag=t) for r in new for t in tags])

    link(
        Practice.addresses.through,
        [
            (
                p.pk,
                (
                    old_challenges[i % len(old_challenges)] if old_challenges else new_challenges[0]
                ).pk,
            )
            for i, p in enumerate(new_practices)
        ]
        + [(p.pk, new_challenges[i % len(new_challenges)].pk) for i, p in enumerate(new_practices)],
        "practice_id",
        "challenge_id",
    )
    link(
        Challenge.related.through,
        [
            (
                c.pk,
                (
                    old_challenges[i % len(old_challenges)]
                    if old_challenges
                    else new_challenges[-1]
                ).pk,
            )
            for i, c in enumerate(new_challenges)
        ],
        "from_challenge_id",
        "to_challenge_id",
    )
    link(
        Practice.related.through,
        [
            (
                p.pk,
                (old_practices[i % len(old_practices)] if old_practices else new_practices[-1]).pk,
            )
            for i, p in enumerate(new_practices)
        ],
        "from_practice_id",
        "to_practice_id",
    )
    link(
        Case.exemplifies.through,
        [
            (
                c.pk,
                (old_practices[i % len(old_practices)] if old_practices else new_practices[0]).pk,
            )
            for i, c in enumerate(new_cases)
        ]
        + [(c.pk, new_practices[i % len(new_practices)].pk) for i, c in enumerate(new_cases)],
        "case_id",
        "practice_id",
    )
    link(
        Case.faced.through,
        [
            (
                c.pk,
                (
                    old_challenges[i % len(old_challenges)] if old_challenges else new_challenges[0]
                ).pk,
            )
            for i, c in enumerate(new_cases)
        ],
        "case_id",
        "challenge_id",
    )
    link(
        Case.related.through,
        [
            (c.pk, (old_cases[i % len(old_cases)] if old_cases else new_cases[-1]).pk)
            for i, c in enumerate(new_cases)
        ],
        "from_case_id",
        "to_case_id",
    )
    Participation.objects.bulk_create(
        [
            Participation(case=c, organisation=new_orgs[i % len(new_orgs)])
            for i, c in enumerate(new_cases)
        ]
        + [
            Participation(
                case=(old_cases[i % len(old_cases)] if old_cases else new_cases[0]),
                organisation=o,
                role="grown",
            )
            for i, o in enumerate(new_orgs)
        ],
        ignore_conflicts=True,
    )
    ProjectExample.objects.bulk_create(
        [
            ProjectExample(case=c, slug=f"grown-{run}-{i}", title=f"Example {i}", position=i)
            for i, c in enumerate(new_cases)
        ]
    )
    # Bulk writes send no signal: the stored figures are made again, as after an import.
    figures.rebuild()


def make_curator(username, role=None, superuser=False):
    """A staff user in a role (roles.CONTRIBUTORS or roles.EDITORS), or a superuser."""
    from django.contrib.auth.models import Group, User

    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "pw")
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user
