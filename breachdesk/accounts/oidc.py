"""STUB: single sign-on through OpenID Connect (to be completed)."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class OidcBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    pass
