from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures"
    verbose_name = "Procedures library"

    def ready(self):
        from wagtail.signals import page_published

        from .versioning import on_page_published

        page_published.connect(on_page_published, dispatch_uid="procedures.versioning")
