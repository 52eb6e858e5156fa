from django.conf import settings


def single_sign_on(request):
    """Login pages offer single sign-on when it is configured."""
    return {
        "sso_enabled": settings.OIDC_ENABLED,
        "sso_provider_name": settings.OIDC_PROVIDER_NAME,
    }
