"""Challenge.levels: from comma-separated text to a many-to-many of Level rows.

The four levels of the report's tables are created here, so every database
has them; each challenge's comma-separated levels become links to them.
"""

from django.db import migrations, models

LEVELS = [
    ("individual", "Individual"),
    ("project", "Project"),
    ("organisation", "Organisation"),
    ("environment", "Environment"),
]


def create_levels(apps, schema_editor):
    Level = apps.get_model("challenges", "Level")
    for position, (slug, name) in enumerate(LEVELS, start=1):
        Level.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


def text_to_links(apps, schema_editor):
    Challenge = apps.get_model("challenges", "Challenge")
    Level = apps.get_model("challenges", "Level")
    levels = {level.slug: level for level in Level.objects.all()}
    for challenge in Challenge.objects.exclude(levels_text=""):
        slugs = [s.strip() for s in challenge.levels_text.split(",") if s.strip()]
        challenge.levels.set([levels[s] for s in slugs if s in levels])


def links_to_text(apps, schema_editor):
    Challenge = apps.get_model("challenges", "Challenge")
    for challenge in Challenge.objects.all():
        slugs = [level.slug for level in challenge.levels.order_by("position")]
        challenge.levels_text = ",".join(slugs)
        challenge.save(update_fields=["levels_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Level",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(db_index=False, max_length=40)),
                ("name", models.CharField(max_length=60)),
                ("position", models.PositiveSmallIntegerField(default=0, help_text="Its place in the report's order of levels.")),
            ],
            options={
                "ordering": ["position", "slug"],
                "constraints": [models.UniqueConstraint(fields=("slug",), name="level_slug_unique")],
            },
        ),
        migrations.RunPython(create_levels, migrations.RunPython.noop),
        migrations.RenameField("challenge", "levels", "levels_text"),
        migrations.AddField(
            model_name="challenge",
            name="levels",
            field=models.ManyToManyField(
                blank=True,
                help_text="Where the source places the barrier: individual, project, organisation, environment (one or more).",
                related_name="challenges",
                to="challenges.level",
            ),
        ),
        migrations.RunPython(text_to_links, links_to_text),
        migrations.RemoveField("challenge", "levels_text"),
    ]
