from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures"
    verbose_name = "Procedures library"

    def ready(self):
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_published

        from .permission_policies import LibraryPagePermissionPolicy
        from .versioning import on_page_published

        register_permission_policy(AbstractPage, LibraryPagePermissionPolicy(Page))
        page_published.connect(on_page_published, dispatch_uid="procedures.versioning")
