"""/plan/: the plan as a page, as Markdown (?format=md) and as JSON (?format=json)."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from collabkb.exchange import downloads
from collabkb.web.options import choices
from explore.planner import answers as reading
from explore.planner import why
from explore.planner.build import make_plan
from explore.planner.references import References


def plan(request):
    result = make_plan(request.GET)
    wanted = request.GET.get("format", "")
    query = urlencode(result.answers.query())
    origin = f"{request.scheme}://{request.get_host()}"  # a printed plan prints whole addresses
    context = {
        "plan": result,
        "answers": result.answers,
        "query": query,
        "origin": origin,
        "made": timezone.now(),
        "address": request.build_absolute_uri(request.path + (f"?{query}" if query else "")),
    }
    if wanted == "json":
        return downloads.json_response(as_data(result, request, context["address"]), "plan")
    if wanted == "md":
        context["references"] = References(origin)
        text = render_to_string("explore/plan.md", context, request=request)
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="plan.md"'
        return response
    if wanted:
        result.answers.messages.append(
            "Plans download as Markdown (format=md) or JSON (format=json): here is the page."
        )
    return render(request, "explore/plan.html", {**context, "form": _form(result)})


def _form(result):
    """The form's checkboxes and radios (``collabkb.web.options``); the challenges
    come as (dimension, checkboxes, how many more) triples, each a fieldset of
    the template, and those found by name as checkboxes."""
    answers = result.answers
    chosen = {c.slug for c in answers.challenges}
    unsure = [("", "Not sure")]
    return {
        "sectors": choices("sector", reading.SECTORS.items(), set(answers.sectors)),
        "scopes": choices(
            "scope", [*unsure, *reading.SCOPES.items()], {answers.scope}, kind="radio"
        ),
        "stages": choices(
            "stage", [*unsure, *reading.STAGES.items()], {answers.stage}, kind="radio"
        ),
        "countries": choices("country", ((c, c) for c in result.countries), set(answers.countries)),
        "challenges": [
            (
                group.label,
                choices("challenge", ((c.slug, c.display_title) for c in group.choices), chosen),
                group.more,
            )
            for group in result.offered
        ],
        "find": result.find,
        "finding": bool(result.find) or any(group.more for group in result.offered),
        "found": choices("challenge", ((c.slug, c.display_title) for c in result.found), chosen),
    }


def _record(record, request):
    return {
        "title": record.display_title,
        "slug": record.slug,
        "url": request.build_absolute_uri(record.get_absolute_url()),
        "citations": [downloads.citation_data(c, request) for c in record.citations.all()],
    }


def as_data(result, request, address):
    answers = result.answers
    return {
        "address": address,
        "partnership": {
            "sectors": [reading.SECTORS[s] for s in answers.sectors],
            "scope": reading.SCOPES.get(answers.scope, ""),
            "countries": answers.countries,
            "stage": reading.STAGES.get(answers.stage, ""),
            "stated_links_only": answers.stated_only,
        },
        "messages": answers.messages,
        "first": _record(result.contextual, request) if result.contextual else None,
        "challenges": [
            {
                **_record(item.challenge, request),
                "proposed": item.proposed,
                "why": why.challenge(item, result) if item.proposed else "",
                "interview_mentions": item.challenge.mentions,
                "practices": [
                    {
                        **_record(r.practice, request),
                        "basis": "ours" if r.basis_name == "ours" else "stated",
                        "paired_by_a_source": r.basis_name == "paired",
                        "stated_at": [downloads.citation_data(c, request) for c in r.places],
                        "reason": r.reason if r.basis_name == "ours" else "",
                        "to_do": why.to_do(r.practice),
                        "why": why.practice(r, result),
                        "fit": r.fit,
                        "also_addresses": [c.slug for c in r.also],
                    }
                    for r in item.practices
                ],
                "more_practices": item.more,
            }
            for item in result.challenges
        ],
        "cases": [
            {
                **_record(alike.case, request),
                "summary": alike.case.summary,
                "likeness": alike.score,
                "why": alike.reasons,
                "practices": [p.slug for p in alike.did],
            }
            for alike in result.cases
        ],
        "checklists": [
            {
                "series": series.title,
                "url": request.build_absolute_uri(series.get_absolute_url()),
                "steps": [_record(step, request) for step in series.practices.all()],
            }
            for series in result.checklists
        ],
        # The steps of those series as one list: the order is ours (checklist.py).
        "checklist": [
            {
                **_record(step.practice, request),
                "action": step.action,
                "series": step.series.title,
                "number": step.number,
            }
            for step in result.checklist
        ],
    }
