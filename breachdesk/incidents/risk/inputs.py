"""What the coordinator fills in for the risk assessment: the choices and `RiskInputs`."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Insight(models.TextChoices):
    """How much the data reveals about the person in its context (ENISA DPC adjustment)."""

    NONE = "none", _("none: already public, outdated, or says nothing real about the person")
    LIMITED = "limited", _("limited: only general assumptions can be drawn")
    USUAL = "usual", _("as one would expect of this kind of data")
    EXTENSIVE = (
        "extensive",
        _("extensive: the volume or the context allows a profile of the person"),
    )
    UNKNOWN = "unknown", _("not known yet")


class Identification(models.TextChoices):
    """ENISA Ease of Identification (EI)."""

    NEGLIGIBLE = "negligible", _("negligible: practically impossible to identify the people")
    LIMITED = "limited", _("limited: possible, but difficult")
    SIGNIFICANT = "significant", _("significant: reasonably easy")
    MAXIMUM = "maximum", _("maximum: the data identifies the people directly")
    UNKNOWN = "unknown", _("not known yet")


class Exposure(models.TextChoices):
    """How far the data was exposed: the loss of confidentiality (ENISA CB)."""

    NONE = "none", _("no loss of confidentiality")
    NO_EVIDENCE = (
        "no_evidence",
        _("exposed, but no sign that anyone has read it (for example a lost device)"),
    )
    TRUSTED_DELETED = (
        "trusted_deleted",
        _("a known and trusted recipient, who has confirmed deletion"),
    )
    KNOWN = "known", _("a known or limited number of recipients")
    WIDE = "wide", _("an unknown number of recipients, or published")
    UNKNOWN = "unknown", _("not known yet")


class Integrity(models.TextChoices):
    """The loss of integrity (ENISA CB)."""

    NONE = "none", _("no loss of integrity")
    RECOVERABLE = "recoverable", _("data altered, but the correct data can be restored")
    IRRECOVERABLE = "irrecoverable", _("data altered and cannot be restored")
    UNKNOWN = "unknown", _("not known yet")


class Availability(models.TextChoices):
    """The loss of availability (ENISA CB)."""

    NONE = "none", _("no loss of availability")
    TEMPORARY = "temporary", _("temporarily unavailable")
    PERMANENT = "permanent", _("permanently lost")
    UNKNOWN = "unknown", _("not known yet")


class Encryption(models.TextChoices):
    """Whether the data was unintelligible to whoever got it."""

    NONE = "none", _("not encrypted")
    INTACT = "intact", _("encrypted, and the key was not compromised")
    COMPROMISED = "compromised", _("encrypted, but the key or the protection may be compromised")
    UNKNOWN = "unknown", _("not known yet")


class TriState(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not known yet")


class Consequence(models.TextChoices):
    IDENTITY_THEFT = "identity_theft", _("identity theft or fraud")
    FINANCIAL_LOSS = "financial_loss", _("financial loss")
    DISCRIMINATION = "discrimination", _("discrimination")
    REPUTATION = "reputation", _("damage to reputation")
    SECRECY = "secrecy", _("loss of confidentiality of information covered by secrecy")
    PHYSICAL_HARM = "physical_harm", _("physical harm")
    DISTRESS = "distress", _("distress")


@dataclass(frozen=True)
class RiskInputs:
    """What the coordinator filled in. `None` counts are not known yet, as is every UNKNOWN
    answer; the rules weigh what is not known yet toward notifying, never as the mildest
    answer (docs/assessment.md)."""

    data_types: frozenset[str]  # values of incidents.models.DataType
    vulnerable_people: TriState  # children or other vulnerable people among those affected
    people_count: int | None
    record_count: int | None
    insight: Insight
    identification: Identification
    exposure: Exposure
    integrity: Integrity
    availability: Availability
    unavailable_hours: int | None
    restored_from_backup: bool
    encryption: Encryption
    malicious: TriState
    consequences: frozenset[str]  # values of Consequence
