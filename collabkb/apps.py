from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CollabkbConfig(AppConfig):
    name = "collabkb"
    verbose_name = "Sources and citations"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate, pre_save

        from collabkb import changes, figures
        from collabkb.admin import history
        from collabkb.curation import roles
        from collabkb.exchange.export import exported_models
        from collabkb.figures import places  # noqa: F401  (registers its stored figures)
        from collabkb.kinds import registry
        from collabkb.models import Citation
        from collabkb.models.base import fill_derived_fields
        from collabkb.models.naming import name_made_tables
        from collabkb.search import index
        from collabkb.web import pagecache

        # Each app registers its record kinds in its kinds.py (as admin.py
        # registers ModelAdmins); then every write to what is exported is
        # told to the stores derived from it (collabkb/changes.py).
        autodiscover_modules("kinds")
        changes.connect(exported_models())
        changes.listen(index.refresh)
        changes.listen(figures.refresh)
        changes.listen(pagecache.refresh)
        pre_save.connect(fill_derived_fields, sender=Citation, dispatch_uid="citation-sort")
        for kind in registry:
            pre_save.connect(
                fill_derived_fields, sender=kind.model, dispatch_uid=f"markdown-{kind.key}"
            )
        name_made_tables(apps.get_models(include_auto_created=True))
        post_migrate.connect(roles.sync_roles, dispatch_uid="collabkb-roles")
        post_migrate.connect(figures.migrated, dispatch_uid="collabkb-figures")
        post_migrate.connect(
            history.create_link_content_types, sender=self, dispatch_uid="collabkb-link-types"
        )
