"""The risk assessment as pure arithmetic: ENISA 2013 severity, the risk level, a recommendation.

Nothing here touches the database. `risk_assess()` takes what the coordinator filled in
(`RiskInputs`) and returns the severity score SE = DPC × EI + CB with its band, the risk to the
people's rights and freedoms (no risk / risk / high risk, EDPB Guidelines 9/2022 and the worked
examples of EDPB Guidelines 01/2021) and a recommendation, each step with a reason that is
stored as a code and parameters and shown in the reader's language. docs/assessment.md explains
the method and every rule.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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


class Identification(models.TextChoices):
    """ENISA Ease of Identification (EI)."""

    NEGLIGIBLE = "negligible", _("negligible: practically impossible to identify the people")
    LIMITED = "limited", _("limited: possible, but difficult")
    SIGNIFICANT = "significant", _("significant: reasonably easy")
    MAXIMUM = "maximum", _("maximum: the data identifies the people directly")


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


class SeverityBand(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    VERY_HIGH = "very_high", _("very high")


class RiskLevel(models.TextChoices):
    NONE = "none", _("no risk")
    RISK = "risk", _("risk")
    HIGH = "high", _("high risk")


class Recommendation(models.TextChoices):
    DOCUMENT = "document", _("document internally only")
    NOTIFY = "notify", _("notify IMY")
    NOTIFY_AND_INFORM = "notify_and_inform", _("notify IMY and inform the people affected")


@dataclass(frozen=True)
class RiskInputs:
    """What the coordinator filled in. `None` counts are not known yet."""

    data_types: frozenset[str]  # values of incidents.models.DataType
    vulnerable_people: bool  # children or other vulnerable people among those affected
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


@dataclass(frozen=True)
class Reason:
    """One step of the reasoning, stored as a code and parameters, shown translated."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The reason in the active language."""
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Reason":
        return cls(code=str(data.get("code", "")), params=dict(data.get("params") or {}))


@dataclass(frozen=True)
class RiskResult:
    dpc: int
    ei: Decimal
    cb: Decimal
    score: Decimal  # SE = DPC × EI + CB
    band: SeverityBand
    level: RiskLevel
    recommendation: Recommendation
    reasons: tuple[Reason, ...]
    unknown: tuple[str, ...]  # names of RiskInputs fields not known yet; non-empty = incomplete

    @property
    def incomplete(self) -> bool:
        return bool(self.unknown)


def risk_assess(inputs: RiskInputs) -> RiskResult:
    """Compute severity, risk level and recommendation from `inputs`, with the reasons."""
    raise NotImplementedError
