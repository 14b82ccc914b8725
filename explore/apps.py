from django.apps import AppConfig


class ExploreConfig(AppConfig):
    """The features that span the record kinds: plan, compare, world map."""

    name = "explore"
