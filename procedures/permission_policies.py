"""Wagtail's page permission policy, minus the OFFICIAL-SENSITIVE documents a user is not
cleared for. Wagtail's admin asks this policy for the pages a user may explore, search and
see in reports (page search, site history, workflow listings), so one override keeps
restricted titles out of all of them."""

from wagtail.permission_policies.pages import PagePermissionPolicy

from .access import hidden_page_ids, sees_everything


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
