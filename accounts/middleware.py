"""Response headers and session lifetime for every request."""

from __future__ import annotations

import time

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase

NO_STORE = "private, no-store"
# The expiry of a signed-in session moves forward at most this often (seconds), so that a
# burst of requests (search suggestions as someone types) writes the session once.
ACTIVITY_RESOLUTION = 60
LAST_SEEN_KEY = "_last_seen"


def _is_static(request: HttpRequest) -> bool:
    static_url = settings.STATIC_URL
    if not static_url:
        return False
    return request.path.startswith(static_url)


def _is_admin(request: HttpRequest) -> bool:
    return request.path.startswith("/admin/")


class NoStoreMiddleware:
    """Nothing the site answers may stay in a browser's cache on a shared PC: every response
    but a static file (CSS, JS, fonts: long cached by name) is `private, no-store`, whatever
    the view set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not _is_static(request):
            response["Cache-Control"] = NO_STORE
            response.headers.pop("Expires", None)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one policy for the staff site and one for the admin.

    The staff site enforces `CONTENT_SECURITY_POLICY`. The admin enforces
    `ADMIN_CONTENT_SECURITY_POLICY` (what Wagtail's editors need) and reports, without
    enforcing, anything that breaks the staff site's stricter policy
    (`ADMIN_CONTENT_SECURITY_POLICY_REPORT_ONLY`). A view that sets its own policy (images,
    documents) keeps it."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.config is None and _is_admin(request):
            name = "ADMIN_CONTENT_SECURITY_POLICY" + ("_REPORT_ONLY" if report_only else "")
            parts.config = getattr(settings, name)["DIRECTIVES"]
        return parts


class SessionIdleTimeoutMiddleware:
    """Signs out a session that has had no request for SESSION_IDLE_TIMEOUT seconds.

    The session store forgets it too: SESSION_COOKIE_AGE is the idle time, and marking the
    session modified (at most once a minute) moves its server-side expiry forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen >= settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                return self.get_response(request)  # LoginRequiredMiddleware sends to sign-in
            if last_seen is None or now - last_seen >= ACTIVITY_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
