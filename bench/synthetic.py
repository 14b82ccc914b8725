"""A synthetic knowledge base of any size, for the benchmarks.

Titles and summaries are drawn (with a fixed seed) from the words of the
shipped content and the sources, with Zipf frequencies as in real text;
every record has tags, citations and links.
"""

import json
import random
import re
import shutil
from collections import Counter
from itertools import accumulate
from pathlib import Path

from django.db import connection, transaction
from taggit.models import Tag

from cases.models import Case, Organisation, TaggedCase
from challenges.models import Challenge, TaggedChallenge
from collabkb import figures
from collabkb.models import Citation, Source
from practices.models import Practice, TaggedPractice

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "collabkb.json"
SHARES = {Challenge: 0.25, Practice: 0.40, Case: 0.25, Organisation: 0.10}


SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


def word_list():
    """Words of the shipped content (and of the sources, when they are there),
    most frequent first."""
    texts = [
        obj["fields"].get(key, "")
        for obj in json.loads(FIXTURE.read_text(encoding="utf-8"))
        for key in ("title", "summary", "body", "quotation")
    ]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.*"))]
    counts = Counter(w for text in texts for w in re.findall(r"[a-z]{3,}", text.lower()))
    return [w for w, _ in counts.most_common()]


def wipe():
    """Empty every table of the knowledge base (the benchmark's own database).

    Plain DELETEs, children first: the ORM's cascade would load every row
    and send a signal for each.
    """
    from django.apps import apps

    tables = [
        model._meta.db_table
        for app in ("cases", "practices", "challenges", "collabkb")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    order = sorted(tables, key=lambda t: (0 if "_" in t.split("_", 1)[1] else 1, t))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE " + ", ".join(tables + ["taggit_tag", "taggit_taggeditem"]) + " CASCADE"
            )
            return
        cursor.execute("PRAGMA defer_foreign_keys = ON")
        for table in order + ["taggit_taggeditem", "taggit_tag"]:
            cursor.execute(f'DELETE FROM "{table}"')


def generate(n, seed=1):
    """Make ``n`` records with tags, citations and links."""
    rng = random.Random(seed)
    words = word_list()
    # Words occur as in real text: the r-th most frequent with weight 1/r (Zipf).
    weights = list(accumulate(1 / rank for rank in range(1, len(words) + 1)))

    def sentence(k):
        return " ".join(rng.choices(words, cum_weights=weights, k=k)).capitalize()

    with transaction.atomic():
        video = Source.objects.create(
            slug="bench-video", title="Bench video", kind="video", video_id="bench"
        )
        report = Source.objects.create(slug="bench-report", title="Bench report", kind="report")
        tags = Tag.objects.bulk_create(
            [Tag(name=f"{w} {i}", slug=f"{w}-{i}") for i, w in enumerate(rng.sample(words, 50))]
        )
        citations = Citation.objects.bulk_create(
            [
                Citation(
                    key=f"v{i}",
                    source=video,
                    timestamp_label=f"{i % 60:02d}:00:00",
                    second=i % 3600,
                )
                for i in range(max(1, n // 20))
            ]
            + [
                Citation(
                    key=f"r{i}",
                    source=report,
                    locator_kind="section",
                    locator=f"Section {i % 40}",
                    position=i % 40,
                    quotation=sentence(25),
                    speaker_role="university" if i % 2 else "public-sector",
                )
                for i in range(max(1, n // 10))
            ]
        )
        made = {}
        for model, share in SHARES.items():
            count = max(1, int(n * share))
            extra = {
                Challenge: lambda i: {"dimension": "relational", "mentions": i % 11},
                Practice: lambda i: {"kind": "lesson"},
                Case: lambda i: {"kind": "policy-lab", "aims": sentence(20)},
                Organisation: lambda i: {
                    "sector": "public",
                    "country": f"Country {i % 30}",
                },
            }[model]
            made[model] = model.objects.bulk_create(
                [
                    model(
                        slug=f"{model.__name__.lower()}-{i}",
                        title=sentence(rng.randint(2, 6)),
                        summary=sentence(rng.randint(15, 40)),
                        body=sentence(rng.randint(0, 80)),
                        status="published",
                        **extra(i),
                    )
                    for i in range(count)
                ],
                batch_size=2000,
            )
            through = model.citations.through
            name = model._meta.model_name
            through.objects.bulk_create(
                [
                    through(**{f"{name}_id": r.pk, "citation_id": rng.choice(citations).pk})
                    for r in made[model]
                ],
                batch_size=5000,
                ignore_conflicts=True,
            )
        for model, tagged in (
            (Challenge, TaggedChallenge),
            (Practice, TaggedPractice),
            (Case, TaggedCase),
        ):
            tagged.objects.bulk_create(
                [tagged(content_object=r, tag=t) for r in made[model] for t in rng.sample(tags, 2)],
                batch_size=5000,
            )
        Practice.addresses.through.objects.bulk_create(
            [
                Practice.addresses.through(
                    practice_id=p.pk, challenge_id=rng.choice(made[Challenge]).pk
                )
                for p in made[Practice]
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        Case.organisations.through.objects.bulk_create(
            [
                Case.organisations.through(case=c, organisation=rng.choice(made[Organisation]))
                for c in made[Case]
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        figures.rebuild()  # bulk writes send no signal
    return words


def save(path):
    """Keep this SQLite database in ``path``, to grow it once and measure it
    many times (``--base`` of bench/first_render.py and bench/scale.py)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])


def load(path):
    """Replace this SQLite database with the one ``save`` kept in ``path``."""
    name = Path(connection.settings_dict["NAME"])
    connection.close()
    for extra in ("-wal", "-shm"):
        Path(f"{name}{extra}").unlink(missing_ok=True)
    shutil.copyfile(path, name)
