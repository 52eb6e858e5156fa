"""Password sign-in throttling (django-axes): the lockout page, and the lockouts that an
administrator can see and lift (accounts.admin_views)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

LOCKED_STATUS = 429


class AccountAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit of its own for an address.

    Axes compares one count with one limit (AXES_FAILURE_LIMIT, here per account). An
    address's failures are scaled onto that limit, so an address is locked exactly when it
    reaches LOGIN_ADDRESS_FAILURE_LIMIT, however many accounts its failures were spread over."""

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )  # one queryset per AXES_LOCKOUT_PARAMETERS entry: username, then ip_address
        scaled = by_address * settings.AXES_FAILURE_LIMIT // settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(by_account, scaled)


def client_address(request) -> str | None:
    """The address a sign-in attempt came from. Behind LOGIN_THROTTLE_PROXY_COUNT proxies
    that each append to X-Forwarded-For, it is the entry the outermost proxy added (entries
    further left are whatever the client claimed); with none, REMOTE_ADDR."""
    count = settings.LOGIN_THROTTLE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if count > 0 and len(addresses) >= count:
        return addresses[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in sees, on the site's and the admin's login form alike."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=LOCKED_STATUS,
    )


@dataclass(frozen=True)
class Lockout:
    kind: str  # "account" or "address"
    value: str
    failures: int
    last_attempt: datetime


def current_lockouts() -> list[Lockout]:
    """Accounts and addresses whose recent failures reach the limit, newest first."""
    if settings.AXES_COOLOFF_TIME:
        # Attempts older than the cool-off no longer count (axes deletes them lazily).
        cutoff = timezone.now() - get_cool_off()
        attempts = AccessAttempt.objects.filter(attempt_time__gte=cutoff)
    else:
        attempts = AccessAttempt.objects.all()
    lockouts = []
    limits = {
        "username": settings.AXES_FAILURE_LIMIT,
        "ip_address": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
    }
    for kind, field in (("account", "username"), ("address", "ip_address")):
        rows = (
            attempts.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limits[field])
        )
        lockouts += [Lockout(kind, row[field], row["failures"], row["last"]) for row in rows]
    return sorted(lockouts, key=lambda lockout: lockout.last_attempt, reverse=True)


def unlock(kind: str, value: str) -> int:
    """Lift a lockout: forget the failures counted against that account or address."""
    if kind == "account":
        return reset(username=value)
    if kind == "address":
        return reset(ip=value)
    raise ValueError(kind)
