from django.apps import AppConfig


class InductionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures.induction"
    label = "induction"
    verbose_name = "Induction and required reading"

    def ready(self) -> None:
        # Imported here: the receivers' module imports models, which exist only once the
        # app registry is ready; importing it connects the group membership receiver.
        from . import signals  # noqa: F401
