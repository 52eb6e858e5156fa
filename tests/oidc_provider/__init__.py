"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in its
own Django project, run as a separate process (`python -m tests.oidc_provider.serve`), with
its own database, users, groups and signing key. The library talks to it over HTTP exactly
as it would to Microsoft Entra ID: discovery, authorisation code with PKCE, token, JWKS,
userinfo."""
