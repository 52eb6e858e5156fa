"""Sign-out by POST (site and admin), the admin account page without self-renaming, and the
single sign-on entry points."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.decorators import method_decorator
from mozilla_django_oidc import views as oidc_views
from wagtail.admin.views.account import AccountView, NameEmailSettingsPanel
from wagtail.admin.views.account import LoginView as WagtailLoginView


class LogoutView(auth_views.LogoutView):
    """Django's logout: POST only (a GET answers 405 and changes nothing), and it ends the
    session on the server (`auth.logout` flushes it), not just in the browser."""

    http_method_names = ["post", "options"]


class AdminLogoutView(LogoutView):
    """The admin's "Log out". Wagtail's own view deletes the session cookie even when it
    refuses a GET, so a link could sign people out while their session stayed valid."""

    next_page = "wagtailadmin_login"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have been signed out.")
        return response


class AdminLoginView(WagtailLoginView):
    """Wagtail's admin login without "Remember me", which gave a cookie that outlived the
    browser: the site's session settings apply to every sign-in."""

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.set_expiry(None)
        return response


def names_editable_by(user) -> bool:
    """Only administrators edit names, and only of local accounts: an approver renaming
    themselves would rewrite who approved what; with single sign-on the provider owns names."""
    return user.is_superuser and not hasattr(user, "external_identity")


class LibraryAccountView(AccountView):
    """Wagtail's account page, without the "Name and Email" panel for anyone who may not
    edit their own name (the form is neither shown nor accepted)."""

    def get_panels(self):
        panels = super().get_panels()
        if names_editable_by(self.request.user):
            return panels
        return [panel for panel in panels if not isinstance(panel, NameEmailSettingsPanel)]


def _require_oidc(view):
    def wrapped(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return login_not_required(wrapped)


@method_decorator(_require_oidc, name="dispatch")
class SSOStartView(oidc_views.OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider."""


@method_decorator(_require_oidc, name="dispatch")
class SSOCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """Where the identity provider sends the browser back with a code."""
