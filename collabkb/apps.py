from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CollabkbConfig(AppConfig):
    name = "collabkb"
    verbose_name = "Sources and citations"

    def ready(self):
        from django.db.models.signals import post_migrate

        from collabkb import roles
        from collabkb.search import index

        # Each app registers its record kinds in its kinds.py (as admin.py
        # registers ModelAdmins); then search connects to what was registered.
        autodiscover_modules("kinds")
        index.connect()
        post_migrate.connect(roles.sync_roles, dispatch_uid="collabkb-roles")
