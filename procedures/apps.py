from django.apps import AppConfig
from django.db.models.signals import pre_delete, pre_save
from wagtail.signals import page_published, task_submitted


class ProceduresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures"
    verbose_name = "Procedures library"

    def ready(self):
        # Imported here, not at the top: models, and the modules that use them, can be
        # imported only once the app registry is ready, so receivers and permission policies
        # are wired here (Django's way).
        from wagtail.models import AbstractPage, Page, PageLogEntry, TaskState
        from wagtail.permissions import register_permission_policy

        from .history_log import stamp_actor
        from .models import DocumentPage, LibraryDocument, LibraryImage
        from .notifications import notify_deciders
        from .permission_policies import LibraryMediaPermissionPolicy, LibraryPagePermissionPolicy
        from .publication import guard_deletion, guard_publication
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
        # Only the workflow publishes; a published document is never deleted.
        pre_save.connect(guard_publication, sender=DocumentPage, dispatch_uid="procedures.publish")
        pre_delete.connect(guard_deletion, sender=DocumentPage, dispatch_uid="procedures.delete")
        # The people who must act are told; the audit trail keeps names as they were.
        task_submitted.connect(notify_deciders, sender=TaskState, dispatch_uid="procedures.notify")
        pre_save.connect(stamp_actor, sender=PageLogEntry, dispatch_uid="procedures.log_actor")
