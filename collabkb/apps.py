from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CollabkbConfig(AppConfig):
    name = "collabkb"
    verbose_name = "Sources and citations"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_save

        from collabkb import pagecache
        from collabkb.admin import history
        from collabkb.curation import roles
        from collabkb.exchange.export import exported_models
        from collabkb.figures import signals as figure_signals
        from collabkb.kinds import registry
        from collabkb.models.base import fill_derived_fields
        from collabkb.search import index

        # Each app registers its record kinds in its kinds.py (as admin.py
        # registers ModelAdmins); then search connects to what was registered.
        autodiscover_modules("kinds")
        index.connect()
        figure_signals.connect()
        pagecache.connect(exported_models())
        for kind in registry:
            pre_save.connect(
                fill_derived_fields, sender=kind.model, dispatch_uid=f"markdown-{kind.key}"
            )
        post_migrate.connect(roles.sync_roles, dispatch_uid="collabkb-roles")
        post_migrate.connect(figure_signals.migrated, dispatch_uid="collabkb-figures")
        post_migrate.connect(
            history.create_link_content_types, sender=self, dispatch_uid="collabkb-link-types"
        )
