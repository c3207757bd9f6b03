"""Controllers, their unit trees, people's roles, diary series and committees."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from breachdesk.orgs.diary import validate_number_format
from breachdesk.orgs.validators import validate_organisation_number


class Controller(models.Model):
    """A personuppgiftsansvarig: the legal entity that notifies IMY."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, written NNNNNN-NNNN."),
    )
    dpo_name = models.CharField(_("data protection officer"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("DPO e-mail"), blank=True)
    dpo_phone = models.CharField(_("DPO phone"), max_length=40, blank=True)
    imy_contact_name = models.CharField(_("contact for IMY"), max_length=200, blank=True)
    imy_contact_email = models.EmailField(_("contact e-mail for IMY"), blank=True)
    imy_contact_phone = models.CharField(_("contact phone for IMY"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    two_factor_required = models.BooleanField(
        _("two-factor login required"),
        default=False,
        help_text=_(
            "Everyone holding a role other than reporter here must confirm a password login "
            "with a code from an authenticator app. Single sign-on is not affected."
        ),
    )
    assessment_guidance_url = models.URLField(
        _("own guidance for the risk assessment (link)"),
        blank=True,
        help_text=_(
            "The controller's own instructions for assessing a personal data incident, shown "
            "on the assessment page, for example on the intranet."
        ),
    )
    assessment_guidance_title = models.CharField(
        _("title of the own guidance"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("controller")
        verbose_name_plural = _("controllers")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit (enhet, avdelning, institution, förvaltning) in a controller's tree.

    `path` is a materialised path of primary keys ("/3/17/42/") kept by save(), so that
    "this unit and everything below it" is one indexed prefix comparison in SQL.
    """

    controller = models.ForeignKey(
        Controller, verbose_name=_("controller"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ("controller__name", "path")
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "parent", "name"], name="unit_unique_name_under_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # The path is structure, not business logic: it must follow every save, including
        # the admin's, and moves must carry the whole subtree in the same transaction.
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            prefix = self.parent.path if self.parent is not None else "/"
            new_path = f"{prefix}{self.pk}/"
            if new_path != old_path:
                Unit.objects.filter(pk=self.pk).update(path=new_path)
                self.path = new_path
                if old_path:
                    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                        child.path = new_path + child.path[len(old_path) :]
                        Unit.objects.filter(pk=child.pk).update(path=child.path)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent is not None:
            if self.parent.controller_id != self.controller_id:
                raise ValidationError(
                    {"parent": _("The parent unit must belong to the same controller.")}
                )
            if self.pk is not None and f"/{self.pk}/" in self.parent.path:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})


class Role(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    REGISTRAR = "registrar", _("registrar")
    COORDINATOR = "coordinator", _("GDPR coordinator")
    DPO = "dpo", _("data protection officer")
    DECISION_MAKER = "decision_maker", _("decision-maker")
    RESPONSIBLE_MANAGER = "responsible_manager", _("responsible manager")
    ADMINISTRATOR = "administrator", _("administrator")


class Membership(models.Model):
    """A person's role in a controller, or in one unit (and by default its sub-units)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Empty: the role covers the whole controller."),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    include_subunits = models.BooleanField(_("includes sub-units"), default=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ("controller__name", "role", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "controller", "unit", "role"],
                condition=models.Q(unit__isnull=False),
                name="membership_unique_unit_role",
            ),
            models.UniqueConstraint(
                fields=["user", "controller", "role"],
                condition=models.Q(unit__isnull=True),
                name="membership_unique_controller_role",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "role", "controller"], name="membership_scope"),
            models.Index(fields=["unit", "role"], name="membership_unit_role"),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit is not None else self.controller.name
        return f"{self.user} – {self.get_role_display()} – {where}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.unit is not None and self.unit.controller_id != self.controller_id:
            raise ValidationError({"unit": _("The unit must belong to the chosen controller.")})


class DiarySeries(models.Model):
    """A diary series (diarieserie) of a controller: a number format and its counters."""

    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.PROTECT,
        related_name="diary_series",
    )
    name = models.CharField(_("name"), max_length=100)
    number_format = models.CharField(
        _("number format"),
        max_length=100,
        validators=[validate_number_format],
        help_text=_(
            "Tokens: {YYYY} year, {YY} two-digit year, {MM} month, {DD} day, {N} running "
            "number, {N:4} running number padded to four digits, {CODE} a short unique code. "
            "Examples: {YY}AFN{N} gives 22AFN70; {YY}{MM}{DD}-PERSINC-{CODE} gives "
            "230620-PERSINC-FI02; {N}-1.1.2-{YYYY} gives 2143-1.1.2-2023. The running "
            "number restarts every year when the format contains the year."
        ),
    )
    is_default = models.BooleanField(_("default series"), default=True)

    class Meta:
        verbose_name = _("diary series")
        verbose_name_plural = _("diary series")
        ordering = ("controller__name", "name")
        constraints = [
            models.UniqueConstraint(fields=["controller", "name"], name="diary_series_unique_name"),
            models.UniqueConstraint(
                fields=["controller"],
                condition=models.Q(is_default=True),
                name="diary_series_one_default",
                violation_error_message=_("A controller can have only one default series."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number_format})"


class DiaryCounter(models.Model):
    """The last number given in a series, per year (year 0 when the format has no year)."""

    series = models.ForeignKey(DiarySeries, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="diary_counter_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last_number}"


class Committee(models.Model):
    """A committee (nämnd, styrelse) of a controller that receives incident reports."""

    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.CASCADE,
        related_name="committees",
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ("controller__name", "name")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("meeting date"))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ("held_on",)
        constraints = [
            models.UniqueConstraint(fields=["committee", "held_on"], name="meeting_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.held_on.isoformat()}"


class Delegation(models.Model):
    """The point of the controller's delegation order (*delegationsordning*) under which a
    decision-maker takes the internal decision on a personal data incident; the decision
    names it."""

    controller = models.ForeignKey(
        Controller,
        verbose_name=_("controller"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision-maker"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    point = models.CharField(
        _("point of the delegation order"),
        max_length=200,
        help_text=_("As the decision is to name it, for example “Delegationsordning punkt 4.7”."),
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(fields=["controller", "user"], name="delegation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.point}"
