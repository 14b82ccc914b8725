"""Apply missing.json (the knowledge the sources give that CollabKB left out) to the database.

Run from the repository, on a database that holds fixtures/collabkb.json:

    DATABASE_URL=sqlite:////tmp/content.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py import_kb fixtures/collabkb.json
    DATABASE_URL=... .venv/bin/python manage.py shell < docs/review/2026-12-07/apply_missing.py
    DATABASE_URL=... .venv/bin/python manage.py export_kb --output fixtures/collabkb.json

It checks every change first (quotations verbatim in the report, no run of
eight source words copied outside a quotation, citations and link targets
that exist, a basis for every link) and writes nothing if one fails. Then, in
one transaction, it creates the new citations, the new records (published,
as the shipped ones are) with their citations, stances, tags and links, and
makes the edits. A change already applied is refused (its slug or key exists).
"""

import json
import re

from django.conf import settings
from django.db import transaction
from taggit.models import Tag

from cases.models import Case, CaseCitation, Exemplifying, Facing
from challenges.models import Challenge, ChallengeCitation, RelatedChallenge
from collabkb.models import Citation, Source
from collabkb.models.claims import Basis, problems
from practices.models import Addressing, Practice, PracticeCitation, RelatedPractice, Series

HERE = settings.BASE_DIR / "docs" / "review" / "2026-12-07"
REPORT = settings.BASE_DIR.parent / "shared" / "sources"
REPORT_TEXT = (REPORT / "catalyst-project-cross-sector-collaboration-report.txt").read_text(
    encoding="utf-8"
)
NOTES_TEXT = (REPORT / "oecd-opsi-crossborder-collaboration-video-notes.md").read_text(
    encoding="utf-8"
)
KINDS = {"practice": Practice, "challenge": Challenge, "case": Case}
ATTACH = {Practice: PracticeCitation, Challenge: ChallengeCitation, Case: CaseCitation}
RUN = 8  # as tests/knowledge/test_content_gaps.py
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|^>.*$", re.MULTILINE)
CURLY = re.compile(r"“([^”]*)”")


def squeeze(text):
    return re.sub(r"\s+", "", text)


def words(text):
    return re.findall(r"[a-z0-9£$%]+", text.lower().replace("’", "").replace("'", ""))


def runs(found):
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def entries(change):
    """(key, stance, new citation or None) for each citation of a change."""
    for item in change.get("citations") or []:
        if isinstance(item, str):
            yield item, "supports", None
        elif "new" in item:
            yield item["new"]["key"], item.get("stance", "supports"), item["new"]
        else:
            yield item["key"], item["stance"], None
    for item in change.get("citations_add") or []:
        if isinstance(item, str):
            yield item, "supports", None
        else:
            yield item["new"]["key"], item.get("stance", "supports"), item["new"]


def check(changes):
    found = []
    report, source_runs = squeeze(REPORT_TEXT), runs(words(REPORT_TEXT + "\n" + NOTES_TEXT))
    new_keys = {new["key"] for c in changes for _, _, new in entries(c) if new}
    new_records = {f"{c['kind']}:{c['slug']}" for c in changes if c["op"] == "new"}
    for change in changes:
        name = change.get("slug") or change.get("record")
        for key, stance, new in entries(change):
            if new and squeeze(new["quotation"]) not in report:
                found.append(f"{name}: not verbatim in the report: {new['quotation']}")
            if not new and key not in new_keys and not Citation.objects.filter(key=key).exists():
                found.append(f"{name}: no citation {key}")
            if stance not in ("supports", "qualifies", "argues-otherwise"):
                found.append(f"{name}: stance {stance}")
        for field in ("title", "summary", "body", "value"):
            text = change.get(field)
            if not isinstance(text, str):
                continue
            for quoted in CURLY.findall(text):
                if squeeze(quoted) not in report:
                    found.append(f"{name} ({field}): quoted but not in the report: {quoted}")
            copied = runs(words(QUOTED.sub(" ¶ ", text))) & source_runs
            if copied:
                found.append(f"{name} ({field}): copies “{' '.join(sorted(copied)[0])}”")
        for link in change.get("links") or []:
            kind, slug = link["to"].split(":")
            if link["to"] not in new_records and not KINDS[kind].objects.filter(slug=slug).exists():
                found.append(f"{name}: links to {link['to']}, which does not exist")
            if link["basis"] not in Basis.values or not link["reason"].strip():
                found.append(f"{name} → {link['to']}: a basis and a reason")
    return found


def make_citations(changes, report):
    for change in changes:
        for key, _, new in entries(change):
            if new:
                Citation.objects.create(
                    key=key,
                    source=report,
                    locator_kind=Citation.LocatorKind.SECTION,
                    locator=new["locator"],
                    position=new["position"],
                    quotation=new["quotation"],
                )


def attach(record, change):
    through = ATTACH[type(record)]
    for key, stance, _ in entries(change):
        through.objects.create(
            **{through.record_field: record},
            citation=Citation.objects.get(key=key),
            stance=stance,
        )


def make_record(change):
    model = KINDS[change["kind"]]
    fields = {
        "slug": change["slug"],
        "title": change["title"],
        "summary": change["summary"],
        "body": change.get("body", ""),
        "status": "published",
    }
    if model is Practice:
        fields.update(kind=change["practice_kind"], references=change["references"])
    else:
        fields.update(dimension=change["dimension"], mentions=None)
    record = model.objects.create(**fields)
    attach(record, change)
    for name in change["tags"]:
        record.tags.add(Tag.objects.get(name=name))  # only the tags the knowledge base has
    return record


def record_of(reference):
    kind, slug = reference.split(":")
    return KINDS[kind].objects.get(slug=slug)


def link_row(record, field, other):
    """The link row (unsaved) that ``field`` on ``record`` names, written from its side."""
    if isinstance(record, Practice):
        if field == "related":
            return RelatedPractice(from_practice=record, to_practice=other)
        if field == "addresses":
            return Addressing(practice=record, challenge=other)
        if field == "exemplifies":  # the case exemplifies this practice
            return Exemplifying(case=other, practice=record)
    if isinstance(record, Challenge):
        if field == "related":
            return RelatedChallenge(from_challenge=record, to_challenge=other)
        if field == "addresses":  # the practice addresses this challenge
            return Addressing(practice=other, challenge=record)
        if field == "faced":  # the case faced this challenge
            return Facing(case=other, challenge=record)
    raise ValueError(f"{record.slug}: no link {field} to {other.slug}")


def make_links(change):
    record = record_of(f"{change['kind']}:{change['slug']}")
    made = []
    for link in change["links"]:
        row = link_row(record, link["field"], record_of(link["to"]))
        row.basis, row.reason = link["basis"], link["reason"]
        citations = [Citation.objects.get(key=key) for key in link["citations"]]
        wrong = problems(row.basis, row.reason, citations, row.end_records())
        if wrong:
            raise ValueError(f"{row}: {wrong}")
        row.save()
        row.citations.set(citations)
        made.append(row)
    return made


def edit(change):
    kind, slug = change["record"].split(":")
    if kind == "series":
        target = Series.objects.get(slug=slug)
    else:
        target = KINDS[kind].objects.get(slug=slug)
    if change["value"] is not None:
        setattr(target, change["field"], change["value"])
        target.save()
    if change.get("citations_add"):
        attach(target, {"citations_add": change["citations_add"]})


def touched(changes, kind):
    """The slugs of the records of ``kind`` that ``changes`` create or edit."""
    found = [c["slug"] for c in changes if c.get("kind") == kind]
    return found + [
        c["record"].split(":")[1] for c in changes if c.get("record", "").startswith(f"{kind}:")
    ]


def to_the_millisecond(model, slugs):
    """The export writes times to the millisecond, and a time of .000 with
    microseconds left over would read back as a whole second: store what the
    export writes, so that the fixture loads and exports to the same bytes."""
    for record in model.objects.filter(slug__in=slugs):
        created, updated = (
            t.replace(microsecond=t.microsecond // 1000 * 1000)
            for t in (record.created, record.updated)
        )
        model.objects.filter(pk=record.pk).update(created=created, updated=updated)


def apply(changes):
    refused = check(changes)
    if refused:
        raise SystemExit("Nothing written:\n" + "\n".join(refused))
    with transaction.atomic():
        make_citations(changes, Source.objects.get(slug="catalyst-project-report"))
        new = [c for c in changes if c["op"] == "new"]
        for change in new:
            make_record(change)
        links = [row for change in new for row in make_links(change)]
        for change in changes:
            if change["op"] == "edit":
                edit(change)
        for kind, model in KINDS.items():
            to_the_millisecond(model, touched(changes, kind))
    stated = sum(row.basis == Basis.STATED for row in links)
    print(
        f"Applied: {len(new)} records, {len(changes) - len(new)} edits, "
        f"{len(links)} links ({stated} stated, {len(links) - stated} our reading)."
    )


apply(json.loads((HERE / "missing.json").read_text(encoding="utf-8")))
