from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures"
    verbose_name = "Procedures library"

    def ready(self):
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_published

        from .models import LibraryDocument, LibraryImage
        from .permission_policies import LibraryMediaPermissionPolicy, LibraryPagePermissionPolicy
        from .versioning import on_page_published

        register_permission_policy(AbstractPage, LibraryPagePermissionPolicy(Page))
        # exact_class: wagtail.images registers its own policy for the image model after
        # this app is ready; an exact-class registration is looked up first.
        register_permission_policy(
            LibraryImage,
            LibraryMediaPermissionPolicy(
                LibraryImage, auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
        register_permission_policy(
            LibraryDocument,
            LibraryMediaPermissionPolicy(
                LibraryDocument,
                auth_model="wagtaildocs.Document",
                owner_field_name="uploaded_by_user",
            ),
            exact_class=True,
        )
        page_published.connect(on_page_published, dispatch_uid="procedures.versioning")
