"""The page "E-mail and calendar": the language of e-mails and the calendar feed's address."""

import hashlib
import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from breachdesk.accounts.models import User
from breachdesk.audit.models import AuditEvent
from tests.conftest import World, login

PAGE = reverse("accounts:mail_settings")
FEED_URL = re.compile(r'value="(https?://[^"]+/calendar/([A-Za-z0-9_-]+)\.ics)"')


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def _issue(client: Client) -> tuple[str, str, str]:
    """Create a calendar address; return the page, the address and its key."""
    response = client.post(reverse("accounts:calendar_key"))
    assert response.status_code == 200
    page = response.content.decode()
    found = FEED_URL.search(page)
    assert found is not None, "the new address is shown"
    return page, found.group(1), found.group(2)


def test_choosing_the_email_language_stores_it_and_mail_language_follows(
    client: Client, world: World
) -> None:
    login(client, world.coordinator)
    page = client.get(PAGE).content.decode()
    assert re.search(r'name="email_language" value="" id="id_email_language_0" checked', page)
    response = client.post(PAGE, {"email_language": "en"}, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert "Ditt val av språk för e-post är sparat." in response.content.decode()
    person = _fresh(world.coordinator)
    assert (person.language, person.email_language, person.mail_language) == ("sv", "en", "en")
    event = AuditEvent.objects.get(kind="user.email_language_changed")
    assert (event.actor, event.data) == (person, {"old": "", "new": "en"})

    client.post(PAGE, {"email_language": ""})
    person = _fresh(world.coordinator)
    assert (person.email_language, person.mail_language) == ("", "sv")
    person.language = "en"
    assert person.mail_language == "en", "empty: e-mails follow the interface language"


def test_saving_the_same_language_again_records_nothing(client: Client, world: World) -> None:
    login(client, world.dpo)
    client.post(PAGE, {"email_language": "sv"})
    client.post(PAGE, {"email_language": "sv"})
    assert AuditEvent.objects.filter(kind="user.email_language_changed").count() == 1


def test_a_language_not_offered_is_refused_with_the_page_kept(client: Client, world: World) -> None:
    login(client, world.coordinator)
    client.post(PAGE, {"email_language": "en"})
    response = client.post(PAGE, {"email_language": "de"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Välj ett av språken i listan." in page
    assert 'class="govuk-error-summary"' in page
    assert 'href="#id_email_language_0"' in page, "the summary leads to the first answer"
    assert 'name="email_language" value="sv"' in page, "the form is still there"
    assert _fresh(world.coordinator).email_language == "en"
    assert AuditEvent.objects.filter(kind="user.email_language_changed").count() == 1


def test_issuing_a_calendar_key_stores_only_its_hash_and_shows_the_address_once(
    client: Client, world: World
) -> None:
    login(client, world.coordinator)
    assert "Skapa kalenderadress" in client.get(PAGE).content.decode()
    page, url, key = _issue(client)
    assert url == settings.SITE_URL.rstrip("/") + f"/calendar/{key}.ics"
    assert len(key) >= 43
    assert "Prenumerera från webben" in page
    assert "hemlig som ett lösenord" in page
    person = _fresh(world.coordinator)
    assert person.calendar_key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(dict(client.session.items()))
    event = AuditEvent.objects.get(kind="auth.calendar_key_issued")
    assert (event.actor, event.data) == (person, {"replaced": False})
    assert key not in str(event.data)

    again = client.get(PAGE).content.decode()
    assert key not in again
    assert "Skapa en ny adress" in again
    assert "Stoppa kalenderflödet" in again


def test_a_new_address_replaces_the_old_one(client: Client, world: World) -> None:
    login(client, world.coordinator)
    _page, _old_url, old_key = _issue(client)
    page, _url, key = _issue(client)
    assert key != old_key
    assert "Den tidigare adressen fungerar inte längre" in page
    assert _fresh(world.coordinator).calendar_key_hash == hashlib.sha256(key.encode()).hexdigest()
    feed = Client()
    assert feed.get(reverse("calendar_feed", kwargs={"key": old_key})).status_code == 404
    assert feed.get(reverse("calendar_feed", kwargs={"key": key})).status_code == 200
    replaced = AuditEvent.objects.filter(kind="auth.calendar_key_issued").order_by("seq").last()
    assert replaced is not None and replaced.data == {"replaced": True}


def test_stopping_the_feed_removes_the_key(client: Client, world: World) -> None:
    login(client, world.coordinator)
    _page, _url, key = _issue(client)
    response = client.post(reverse("accounts:calendar_key_remove"), follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    page = response.content.decode()
    assert "Kalenderflödet är stoppat" in page
    assert "Skapa kalenderadress" in page
    assert _fresh(world.coordinator).calendar_key_hash == ""
    assert AuditEvent.objects.filter(kind="auth.calendar_key_revoked").count() == 1
    assert Client().get(reverse("calendar_feed", kwargs={"key": key})).status_code == 404

    again = client.post(reverse("accounts:calendar_key_remove"), follow=True)
    assert "Det fanns inget kalenderflöde att stoppa." in again.content.decode()
    assert AuditEvent.objects.filter(kind="auth.calendar_key_revoked").count() == 1


def test_the_page_and_its_actions_need_a_login(client: Client, world: World) -> None:
    for url in [PAGE, reverse("accounts:calendar_key"), reverse("accounts:calendar_key_remove")]:
        response = client.post(url, {"email_language": "en"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.get(PAGE).status_code == 302
    assert not User.objects.exclude(calendar_key_hash="").exists()
    assert not User.objects.exclude(email_language="").exists()


def test_the_calendar_actions_take_only_posts(client: Client, world: World) -> None:
    login(client, world.coordinator)
    assert client.get(reverse("accounts:calendar_key")).status_code == 405
    assert client.get(reverse("accounts:calendar_key_remove")).status_code == 405
    assert client.put(PAGE).status_code == 405
    assert _fresh(world.coordinator).calendar_key_hash == ""


def test_posts_without_a_csrf_token_are_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    for url in [PAGE, reverse("accounts:calendar_key"), reverse("accounts:calendar_key_remove")]:
        assert client.post(url, {"email_language": "en"}).status_code == 403
    person = _fresh(world.coordinator)
    assert (person.email_language, person.calendar_key_hash) == ("", "")


def test_the_security_page_links_to_the_settings(client: Client, world: World) -> None:
    login(client, world.reporter)
    page = client.get(reverse("accounts:security")).content.decode()
    assert f'href="{PAGE}"' in page
