from django.apps import AppConfig


class CollabkbConfig(AppConfig):
    name = "collabkb"
    verbose_name = "Sources and citations"
