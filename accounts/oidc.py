"""Single sign-on through OpenID Connect (mozilla-django-oidc), and the mapping from the
provider's group claims to the library's groups.

A person is matched by the provider's issuer and subject (`ExternalIdentity`), never by
e-mail or username, so a provider can never take over a local (break-glass) account. Names
and e-mail come from the provider on every sign-in; so does membership of every group the
administrator's mapping (`OIDC_GROUP_MAP`) names. Groups outside the mapping are left alone,
and nobody becomes staff or superuser through single sign-on."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import ExternalIdentity

logger = logging.getLogger(__name__)


def mapped_group_names(claim_values: Iterable[str], mapping: Mapping) -> set[str]:
    """The library groups that the provider's claim values map to."""
    names: set[str] = set()
    for value in claim_values:
        target = mapping.get(value)
        if isinstance(target, str):
            names.add(target)
        elif isinstance(target, list | tuple):
            names.update(target)
    return names


def managed_group_names(mapping: Mapping) -> set[str]:
    """Every group the mapping names: single sign-on adds and removes exactly these."""
    return mapped_group_names(mapping.keys(), mapping)


def claim_values(claims: Mapping, claim: str) -> list[str]:
    value = claims.get(claim, [])
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value or []]


def sync_groups(user, claims: Mapping) -> None:
    mapping = settings.OIDC_GROUP_MAP
    managed = managed_group_names(mapping)
    if not managed:
        return
    wanted = mapped_group_names(claim_values(claims, settings.OIDC_GROUPS_CLAIM), mapping)
    groups = {group.name: group for group in Group.objects.filter(name__in=managed)}
    missing = managed - groups.keys()
    if missing:
        logger.error("OIDC_GROUP_MAP names groups that do not exist: %s", sorted(missing))
    user.groups.remove(*[group for name, group in groups.items() if name not in wanted])
    user.groups.add(*[group for name, group in groups.items() if name in wanted])


class LibraryOIDCBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        # Providers put groups in the ID token (Entra ID only there), names in both:
        # the verified ID token's claims, completed by the userinfo endpoint's.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def get_or_create_user(self, access_token, id_token, payload):
        self._check_audience_and_issuer(payload)
        return super().get_or_create_user(access_token, id_token, payload)

    def _check_audience_and_issuer(self, payload: Mapping) -> None:
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token not issued for this client")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from an unexpected issuer")

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def _identity(self, claims) -> tuple[str, str]:
        return claims.get("iss") or settings.OIDC_OP_ISSUER, claims["sub"]

    def filter_users_by_claims(self, claims):
        issuer, subject = self._identity(claims)
        return get_user_model().objects.filter(
            external_identity__issuer=issuer, external_identity__subject=subject
        )

    def get_username(self, claims) -> str:
        User = get_user_model()
        base = (
            claims.get(settings.OIDC_USERNAME_CLAIM)
            or claims.get("email")
            or f"sso-{claims['sub']}"
        )[: (User._meta.get_field("username").max_length or 150) - 4]
        username, suffix = base, 1
        while User.objects.filter(username__iexact=username).exists():
            suffix += 1
            username = f"{base}-{suffix}"
        return username

    @transaction.atomic
    def create_user(self, claims):
        user = get_user_model().objects.create_user(self.get_username(claims))  # no password
        issuer, subject = self._identity(claims)
        ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        logger.info("Single sign-on created account %s for %s %s", user, issuer, subject)
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        user.first_name = (claims.get("given_name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        if not (user.first_name or user.last_name) and claims.get("name"):
            user.first_name = claims["name"][:150]
        user.email = claims.get("email") or ""
        user.save(update_fields=["first_name", "last_name", "email"])
        sync_groups(user, claims)
        ExternalIdentity.objects.filter(user=user).update(last_sign_in=timezone.now())
        return user
