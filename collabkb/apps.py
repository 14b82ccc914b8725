from django.apps import AppConfig


class CollabkbConfig(AppConfig):
    name = "collabkb"
    verbose_name = "Sources and citations"

    def ready(self):
        from collabkb.search import index

        index.connect()
