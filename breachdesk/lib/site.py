"""The public address of the installation (SITE_URL), for links that leave a request:
e-mails and calendar feeds."""

from urllib.parse import urlsplit

from django.conf import settings


def site_link(path: str) -> str:
    """The full address of `path` on this installation."""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    """The host name of this installation, for Message-IDs and calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "breachdesk.invalid"
