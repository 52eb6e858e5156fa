"""Wagtail's page and image permission policies, minus what a user is not cleared for.

Wagtail's admin asks the page policy for the pages a user may explore, search and see in
reports (page search, site history, workflow listings), and the image policy for the images
a user may list, choose, edit and delete, so these two overrides keep restricted titles and
thumbnails out of all of them."""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from .access import hidden_page_ids, sees_everything
from .media_access import is_used_by_hidden_document, without_hidden_media


class LibraryPagePermissionPolicy(PagePermissionPolicy):
    def _without_hidden(self, pages, user):
        if sees_everything(user):
            return pages
        return pages.exclude(pk__in=hidden_page_ids(user))

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return self._without_hidden(pages, user)

    def explorable_instances(self, user):
        return self._without_hidden(super().explorable_instances(user), user)


class LibraryMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image and document policy (collections and ownership), except that an image
    or file used by a document the user is not cleared for (its live content or its draft) is
    out of reach, whatever their image or document permissions."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(
            user, actions, instance
        ) and not is_used_by_hidden_document(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return without_hidden_media(user, instances)


LibraryImagePermissionPolicy = LibraryMediaPermissionPolicy
