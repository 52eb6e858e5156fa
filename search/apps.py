from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    label = "library_search"
    verbose_name = "Library search"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
