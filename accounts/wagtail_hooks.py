from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [
        path("sign-in-lockouts/", admin_views.lockouts, name="accounts_lockouts"),
        path("sign-in-lockouts/unlock/", admin_views.unlock_view, name="accounts_unlock"),
    ]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_unlock(request.user)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        "Sign-in lockouts", reverse("accounts_lockouts"), icon_name="lock", order=650
    )
