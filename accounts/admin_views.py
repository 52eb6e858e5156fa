"""Admin: the sign-in lockouts in force, and lifting one (Settings > Sign-in lockouts)."""

from __future__ import annotations

import logging

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from .throttle import current_lockouts, unlock

logger = logging.getLogger(__name__)

UNLOCK_PERMISSION = "axes.delete_accessattempt"


def can_unlock(user) -> bool:
    return user.has_perm(UNLOCK_PERMISSION)


def _check(request) -> None:
    if not can_unlock(request.user):
        raise Http404  # a refusal looks like "not found"


@require_http_methods(["GET", "HEAD"])
def lockouts(request):
    _check(request)
    recent_failures = AccessFailureLog.objects.order_by("-attempt_time")[:50]
    return TemplateResponse(
        request,
        "accounts/admin/lockouts.html",
        {
            "lockouts": current_lockouts(),
            "recent_failures": recent_failures,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_failure_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
            "minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
    )


@require_POST
def unlock_view(request):
    _check(request)
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
    if kind not in ("account", "address") or not value:
        return redirect("accounts_lockouts")
    unlock(kind, value)
    logger.warning("Sign-in lockout lifted for %s %r by %s", kind, value, request.user)
    messages.success(request, f"Unlocked {kind} {value}.")
    return redirect("accounts_lockouts")
