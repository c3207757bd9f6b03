"""People: the custom user, their manager and their absence periods."""

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class User(AbstractUser):
    """An employee of one or more controllers; roles live in orgs.Membership."""

    title = models.CharField(_("job title"), max_length=200, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("Stands in when this person is an absent coordinator."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.SWEDISH
    )
    # Empty: e-mails come in the interface language.
    email_language = models.CharField(
        _("language of e-mails"),
        max_length=5,
        choices=Language.choices,
        blank=True,
        help_text=_("Empty: the same as the interface."),
    )
    # The SHA-256 of the secret in the person's calendar feed address; empty: no feed.
    calendar_key_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Stored in each session at login; raising it ends every session made before.
    session_epoch = models.PositiveIntegerField(_("session generation"), default=0, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ("last_name", "first_name", "username")
        indexes = [
            models.Index(
                fields=["calendar_key_hash"],
                condition=~models.Q(calendar_key_hash=""),
                name="user_calendar_key",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def mail_language(self) -> str:
        return self.email_language or self.language

    def is_absent_on(self, day: date) -> bool:
        return self.absences.filter(starts_on__lte=day, ends_on__gte=day).exists()


class Absence(models.Model):
    """A period (both days included) when a person is away, e.g. on leave."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="absences"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ("starts_on",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            )
        ]
        indexes = [models.Index(fields=["user", "starts_on", "ends_on"], name="absence_lookup")]

    def __str__(self) -> str:
        return f"{self.user}: {self.starts_on}–{self.ends_on}"
