from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures"
    verbose_name = "Procedures library"

    def ready(self):
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy

        from .permission_policies import LibraryPagePermissionPolicy

        register_permission_policy(AbstractPage, LibraryPagePermissionPolicy(Page))
