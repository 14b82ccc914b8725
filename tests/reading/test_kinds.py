"""The kind registry: each app registers its kinds, shared code loops over them."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cases.kinds import CASE
from cases.models import Case, Organisation
from challenges.models import Challenge
from collabkb.exchange.export import exported_models
from collabkb.exchange.notes_import import _section_kind
from collabkb.kinds import Registry, registry
from collabkb.models import Citation
from tests import factories as f


def test_it_holds_the_kinds_the_apps_registered_in_their_order():
    assert registry.names() == ["challenges", "practices", "cases", "organisations"]
    assert registry.for_model(Case) is CASE
    assert registry.for_model(Citation) is None
    assert registry.by_key("organisation").model is Organisation
    assert registry.app_labels() == ["challenges", "practices", "cases"]


def test_it_refuses_a_kind_registered_twice():
    fresh = Registry()
    fresh.register(CASE)
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        fresh.register(CASE)


def test_it_names_the_citing_records_of_each_kind():
    assert [kind.citing_name for kind in registry] == [
        "challenges",
        "practices",
        "cases",
        "organisations",
    ]


def test_every_kind_is_exported_with_its_tags_after_what_it_refers_to():
    models = exported_models()
    for kind in registry:
        assert kind.model in models and kind.tagged in models, kind.name
    for position, model in enumerate(models):
        for field in model._meta.get_fields():
            target = field.related_model
            if not (field.concrete and target) or target is model or target not in models:
                continue
            assert models.index(target) < position, f"{model.__name__}.{field.name}"


@pytest.mark.parametrize(
    ("heading", "kind", "per_subsection"),
    [
        ("Key Challenges to Cross-border Government Innovation", "challenges", False),
        ("Success Factors for Cross-border Collaboration", "practices", False),
        ("Success factors for overcoming challenges", "practices", False),
        ("Examples and Approaches", "cases", True),
        ("The Future of Cross-border Collaboration", "practices", False),
        ("Introduction", None, None),
    ],
)
def test_the_words_found_first_in_a_notes_heading_choose_the_kind(heading, kind, per_subsection):
    found, section = _section_kind(heading)
    assert (found.name if found else None) == kind
    assert (section.per_subsection if section else None) == per_subsection


@pytest.mark.django_db
def test_a_citation_links_to_its_moment_or_its_place_in_the_outline():
    video = f.make_source(kind="video", slug="webinar")
    report = f.make_source(slug="report")
    moment = f.make_citation(video, timestamp_label="28:12:00", second=1692)
    table = f.make_citation(report, locator="Table 3")
    assert moment.get_absolute_url() == "/sources/webinar/t/1692/"
    assert table.get_absolute_url() == "/sources/report/#table-3"


@pytest.mark.django_db
def test_the_level_filter_is_a_database_filter_on_both_databases():
    both = f.make_challenge(levels=["individual", "project"])
    f.make_challenge(levels=["individual"])
    assert list(Challenge.objects.filter(levels__slug="project")) == [both]
    assert both.level_list == ["Individual", "Project"]


def test_collabkb_imports_no_app():
    """The layers contract of pyproject.toml, as CI runs it."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout
