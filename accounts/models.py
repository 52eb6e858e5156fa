"""Who signed in through single sign-on: the provider's subject for each such account."""

from django.conf import settings
from django.db import models


class ExternalIdentity(models.Model):
    """Links a library account to the identity provider's `iss` + `sub`, the only stable
    identifier OpenID Connect gives (names, e-mail addresses and usernames change). An
    account with one is managed by the provider: names and mapped groups come from it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identity"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "external identities"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_identity")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer} {self.subject})"
