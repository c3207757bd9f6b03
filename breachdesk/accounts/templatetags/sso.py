"""The login page's single sign-on button: {% sso_provider as name %}."""

from django import template

from breachdesk.accounts.oidc import sso_provider_name

register = template.Library()


@register.simple_tag
def sso_provider() -> str:
    """The identity provider's name when single sign-on is on, otherwise ""."""
    return sso_provider_name()
