from django.apps import AppConfig


class InductionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures.induction"
    label = "induction"
    verbose_name = "Induction and required reading"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the group membership receiver
