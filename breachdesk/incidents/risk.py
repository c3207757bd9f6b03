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
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.vocabulary import DataType


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
        template = REASON_TEXTS.get(self.code)
        if template is None:
            return self.code
        return str(template) % {name: _render(name, value) for name, value in self.params.items()}

    def to_json(self) -> dict[str, Any]:
        """The reason as stored: its code and its JSON-serialisable parameters."""
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Reason":
        """The reason `to_json()` stored."""
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


# The method ---------------------------------------------------------------------------------
# docs/assessment.md explains every rule and its source.


class Category(models.IntegerChoices):
    """ENISA's data categories, valued at their basic DPC score."""

    SIMPLE = 1, _("simple")
    BEHAVIOURAL = 2, _("behavioural")
    FINANCIAL = 3, _("financial")
    SENSITIVE = 4, _("sensitive")


_SENSITIVE_TYPES = frozenset(
    {
        "health",
        "ethnic",
        "political",
        "religion",
        "trade_union",
        "genetic",
        "biometric",
        "sex_life",
        "criminal",
        "protected_identity",
    }
)
CATEGORY_OF: dict[str, Category] = {
    **dict.fromkeys(_SENSITIVE_TYPES, Category.SENSITIVE),
    "financial": Category.FINANCIAL,
    "social": Category.FINANCIAL,  # social-welfare circumstances
    "location": Category.BEHAVIOURAL,
    "credentials": Category.BEHAVIOURAL,
}  # everything else (name, personnummer, contact, school …) is simple data

# ENISA Table 1 as whole steps: the final DPC by category and by what the data reveals.
DPC_TABLE: dict[Category, dict[Insight, int]] = {
    Category.SIMPLE: {Insight.NONE: 1, Insight.LIMITED: 1, Insight.USUAL: 1, Insight.EXTENSIVE: 2},
    Category.BEHAVIOURAL: {
        Insight.NONE: 1,
        Insight.LIMITED: 1,
        Insight.USUAL: 2,
        Insight.EXTENSIVE: 3,
    },
    Category.FINANCIAL: {
        Insight.NONE: 1,
        Insight.LIMITED: 2,
        Insight.USUAL: 3,
        Insight.EXTENSIVE: 4,
    },
    Category.SENSITIVE: {
        Insight.NONE: 1,
        Insight.LIMITED: 2,
        Insight.USUAL: 4,
        Insight.EXTENSIVE: 4,
    },
}
EI_VALUES: dict[Identification, Decimal] = {
    Identification.NEGLIGIBLE: Decimal("0.25"),
    Identification.LIMITED: Decimal("0.5"),
    Identification.SIGNIFICANT: Decimal("0.75"),
    Identification.MAXIMUM: Decimal("1"),
}
EXPOSURE_CB: dict[Exposure, Decimal] = {
    Exposure.NONE: Decimal("0"),
    Exposure.NO_EVIDENCE: Decimal("0"),
    Exposure.TRUSTED_DELETED: Decimal("0.25"),
    Exposure.KNOWN: Decimal("0.25"),
    Exposure.WIDE: Decimal("0.5"),
    Exposure.UNKNOWN: Decimal("0.5"),
}
INTEGRITY_CB: dict[Integrity, Decimal] = {
    Integrity.NONE: Decimal("0"),
    Integrity.RECOVERABLE: Decimal("0.25"),
    Integrity.IRRECOVERABLE: Decimal("0.5"),
    Integrity.UNKNOWN: Decimal("0.25"),
}
AVAILABILITY_CB: dict[Availability, Decimal] = {
    Availability.NONE: Decimal("0"),
    Availability.TEMPORARY: Decimal("0.25"),
    Availability.PERMANENT: Decimal("0.5"),
    Availability.UNKNOWN: Decimal("0.25"),
}
MALICE_CB = Decimal("0.5")
RESTORED_QUICKLY_HOURS = 24  # Breachdesk's reading of "restored within a short time"
MANY_PEOPLE = 100  # Breachdesk's threshold for ENISA's "number of individuals"
_EXPOSED_TO_OTHERS = frozenset({Exposure.KNOWN, Exposure.WIDE, Exposure.UNKNOWN})
_SERIOUS: frozenset[str] = frozenset(
    {Consequence.IDENTITY_THEFT, Consequence.FINANCIAL_LOSS, Consequence.DISCRIMINATION}
)
_LEVEL_FOR_BAND = {
    SeverityBand.LOW: RiskLevel.NONE,
    SeverityBand.MEDIUM: RiskLevel.RISK,
    SeverityBand.HIGH: RiskLevel.HIGH,
    SeverityBand.VERY_HIGH: RiskLevel.HIGH,
}
_RECOMMENDATION_FOR_LEVEL = {
    RiskLevel.NONE: Recommendation.DOCUMENT,
    RiskLevel.RISK: Recommendation.NOTIFY,
    RiskLevel.HIGH: Recommendation.NOTIFY_AND_INFORM,
}

REASON_TEXTS: dict[str, Promise] = {
    "dpc_category": _(
        "The data includes %(types)s: %(category)s data, basic score %(score)s (ENISA, data "
        "processing context)."
    ),
    "dpc_no_types": _(
        "No types of personal data are given yet: the assessment counts them as simple data."
    ),
    "dpc_insight": _(
        "What the data reveals (%(insight)s) sets the data processing context to %(score)s "
        "(ENISA's table of adjustments)."
    ),
    "dpc_vulnerable": _(
        "Children or other vulnerable people are affected (ENISA: special characteristics of the "
        "individuals): the data processing context rises by one, to %(score)s."
    ),
    "dpc_protected": _(
        "Protected identity: disclosure can endanger the person's safety, so the data "
        "processing context is the highest, 4."
    ),
    "ei_chosen": _("Ease of identification: %(identification)s, %(value)s."),
    "ei_unique": _(
        "A personnummer or a protected identity identifies the person uniquely: ease of "
        "identification is the highest, 1."
    ),
    "cb_exposure": _("Loss of confidentiality (%(exposure)s): +%(value)s."),
    "cb_integrity": _("Loss of integrity (%(integrity)s): +%(value)s."),
    "cb_availability": _("Loss of availability (%(availability)s): +%(value)s."),
    "cb_malicious": _("Malicious intent: +%(value)s."),
    "severity": _("Severity SE = %(dpc)s × %(ei)s + %(cb)s = %(score)s: %(band)s."),
    "nothing_lost": _(
        "No loss of confidentiality, integrity or availability is recorded: this may not be a "
        "personal data breach at all. Document it, and close the case as not a personal data "
        "incident if so."
    ),
    "encrypted": _(
        "The data was encrypted and the key was not compromised, so it was unintelligible to "
        "anyone who got it: no risk (EDPB Guidelines 01/2021, stolen device with encrypted "
        "data; GDPR art. 34(3)(a))."
    ),
    "restored_quickly": _(
        "Only availability was lost, and it was restored from backups within %(hours)s hours "
        "without any data leaving the organisation: no risk (EDPB Guidelines 01/2021, "
        "ransomware with proper backup and without exfiltration)."
    ),
    "restored_slowly": _(
        "Only availability was lost, and it took %(hours)s hours to restore it from backups: "
        "the people may have been affected by the delay, so there is a risk."
    ),
    "band_level": _("A %(band)s severity means %(level)s."),
    "trusted_recipient": _(
        "The recipient is known and trusted and has confirmed deletion, and nobody acted "
        "maliciously: the risk is one level lower, %(level)s (EDPB Guidelines 01/2021, "
        "accidental transmission to a trusted third party)."
    ),
    "protected_exposed": _(
        "A protected identity was disclosed: high risk, since it can endanger the person's safety."
    ),
    "physical_harm": _("Physical harm is a possible consequence of the disclosure: high risk."),
    "serious_consequence": _(
        "Identity theft, fraud, financial loss or discrimination is possible: at least a risk."
    ),
    "many_people": _(
        "%(count)s people are affected: with so many people there is at least a risk (ENISA, "
        "number of individuals)."
    ),
    "unknown": _("Not known yet: %(fields)s."),
    "incomplete_notify": _(
        "The assessment is incomplete. When in doubt, notify IMY (the procedure's 3.3.2); a "
        "preliminary notification can be supplemented later (GDPR art. 33(4))."
    ),
    "inform_exception": _(
        "The data was encrypted with a safe key: the exception of art. 34(3)(a) may mean the "
        "people affected need not be informed."
    ),
    "recommendation": _("Recommendation: %(recommendation)s."),
}

UNKNOWN_LABELS: dict[str, Promise] = {
    "data_types": _("the types of personal data"),
    "people_count": _("how many people are affected"),
    "exposure": _("how far the data was exposed"),
    "integrity": _("whether the data was altered"),
    "availability": _("whether the data was unavailable"),
    "unavailable_hours": _("how long the data was unavailable"),
    "encryption": _("whether the data was encrypted"),
    "malicious": _("whether there was malicious intent"),
}

_PARAM_CHOICES: dict[str, type[models.Choices]] = {
    "band": SeverityBand,
    "level": RiskLevel,
    "recommendation": Recommendation,
    "insight": Insight,
    "identification": Identification,
    "exposure": Exposure,
    "integrity": Integrity,
    "availability": Availability,
    "category": Category,
}
_DECIMAL_PARAMS = frozenset({"ei", "cb", "score", "value"})


def _render(name: str, value: Any) -> str:
    """One parameter of a reason, in the active language."""
    if name in _PARAM_CHOICES:
        labels = dict(_PARAM_CHOICES[name].choices)
        return str(labels.get(value, value))
    if name == "types":
        labels = dict(DataType.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if name == "fields":
        return ", ".join(str(UNKNOWN_LABELS.get(item, item)) for item in value)
    if name in _DECIMAL_PARAMS:
        return formats.number_format(_number(Decimal(str(value))), use_l10n=True)
    return str(value)


def _number(value: Decimal) -> str:
    """A decimal as stored in a reason: 4.25 as "4.25", 4.00 as "4", never in exponent form."""
    return format(value.normalize(), "f")


def severity_band(score: Decimal) -> SeverityBand:
    """The ENISA band of a severity score."""
    if score < 2:
        return SeverityBand.LOW
    if score < 3:
        return SeverityBand.MEDIUM
    if score < 4:
        return SeverityBand.HIGH
    return SeverityBand.VERY_HIGH


def _category(data_type: str) -> Category:
    return CATEGORY_OF.get(data_type, Category.SIMPLE)


def _dpc(inputs: RiskInputs, reasons: list[Reason], unknown: list[str]) -> int:
    types = sorted(inputs.data_types)
    if not types:
        unknown.append("data_types")
        reasons.append(Reason("dpc_no_types"))
        category = Category.SIMPLE
    else:
        category = max(_category(kind) for kind in types)
        reasons.append(
            Reason(
                "dpc_category",
                {
                    "types": [kind for kind in types if _category(kind) == category],
                    "category": int(category),
                    "score": int(category),
                },
            )
        )
    dpc = DPC_TABLE[category][inputs.insight]
    if dpc != int(category):
        reasons.append(Reason("dpc_insight", {"insight": str(inputs.insight), "score": dpc}))
    if inputs.insight != Insight.NONE:
        if inputs.vulnerable_people and dpc < 4:
            dpc += 1
            reasons.append(Reason("dpc_vulnerable", {"score": dpc}))
        if "protected_identity" in inputs.data_types and dpc < 4:
            dpc = 4
            reasons.append(Reason("dpc_protected"))
    return max(1, min(4, dpc))


def _ei(inputs: RiskInputs, reasons: list[Reason]) -> Decimal:
    ei = EI_VALUES[inputs.identification]
    reasons.append(
        Reason("ei_chosen", {"identification": str(inputs.identification), "value": _number(ei)})
    )
    unique = {"personnummer", "protected_identity"} & inputs.data_types
    if unique and ei < 1:
        ei = Decimal("1")
        reasons.append(Reason("ei_unique"))
    return ei


def _cb(inputs: RiskInputs, reasons: list[Reason], unknown: list[str]) -> Decimal:
    parts = [
        ("exposure", "cb_exposure", inputs.exposure, EXPOSURE_CB[inputs.exposure]),
        ("integrity", "cb_integrity", inputs.integrity, INTEGRITY_CB[inputs.integrity]),
        (
            "availability",
            "cb_availability",
            inputs.availability,
            AVAILABILITY_CB[inputs.availability],
        ),
    ]
    total = Decimal("0")
    for name, code, choice, value in parts:
        if choice == "unknown":
            unknown.append(name)
        if value:
            total += value
            reasons.append(Reason(code, {name: str(choice), "value": _number(value)}))
    if inputs.malicious == TriState.UNKNOWN:
        unknown.append("malicious")
    elif inputs.malicious == TriState.YES:
        total += MALICE_CB
        reasons.append(Reason("cb_malicious", {"value": _number(MALICE_CB)}))
    return total


def _lower(level: RiskLevel) -> RiskLevel:
    return {RiskLevel.HIGH: RiskLevel.RISK}.get(level, RiskLevel.NONE)


def _level(inputs: RiskInputs, band: SeverityBand, reasons: list[Reason]) -> tuple[RiskLevel, bool]:
    """The risk level, and whether it is settled whatever the answers not known yet turn out
    to be (nothing was lost; or the data was unintelligible)."""
    conf_lost = inputs.exposure != Exposure.NONE
    integ_lost = inputs.integrity != Integrity.NONE
    avail_lost = inputs.availability != Availability.NONE
    restored = inputs.availability == Availability.TEMPORARY and inputs.restored_from_backup
    if not (conf_lost or integ_lost or avail_lost):
        reasons.append(Reason("nothing_lost"))
        return RiskLevel.NONE, True
    if inputs.encryption == Encryption.INTACT and not integ_lost and (not avail_lost or restored):
        reasons.append(Reason("encrypted"))
        return RiskLevel.NONE, True
    if not conf_lost and not integ_lost and restored and inputs.unavailable_hours is not None:
        hours = inputs.unavailable_hours
        if hours <= RESTORED_QUICKLY_HOURS:
            reasons.append(Reason("restored_quickly", {"hours": hours}))
            return RiskLevel.NONE, False
        reasons.append(Reason("restored_slowly", {"hours": hours}))
        return RiskLevel.RISK, False
    level = _LEVEL_FOR_BAND[band]
    reasons.append(Reason("band_level", {"band": band.value, "level": level.value}))
    if (
        inputs.exposure == Exposure.TRUSTED_DELETED
        and inputs.malicious != TriState.YES
        and level != RiskLevel.NONE
    ):
        level = _lower(level)
        reasons.append(Reason("trusted_recipient", {"level": level.value}))
    if "protected_identity" in inputs.data_types and inputs.exposure in _EXPOSED_TO_OTHERS:
        level = RiskLevel.HIGH
        reasons.append(Reason("protected_exposed"))
    if Consequence.PHYSICAL_HARM in inputs.consequences and conf_lost:
        level = RiskLevel.HIGH
        reasons.append(Reason("physical_harm"))
    if level == RiskLevel.NONE and _SERIOUS & inputs.consequences:
        level = RiskLevel.RISK
        reasons.append(Reason("serious_consequence"))
    if (
        level == RiskLevel.NONE
        and inputs.people_count is not None
        and inputs.people_count >= MANY_PEOPLE
        and (inputs.exposure in _EXPOSED_TO_OTHERS or inputs.exposure == Exposure.NO_EVIDENCE)
    ):
        level = RiskLevel.RISK
        reasons.append(Reason("many_people", {"count": inputs.people_count}))
    return level, False


def risk_assess(inputs: RiskInputs) -> RiskResult:
    """Compute severity, risk level and recommendation from `inputs`, with the reasons."""
    reasons: list[Reason] = []
    unknown: list[str] = []
    dpc = _dpc(inputs, reasons, unknown)
    ei = _ei(inputs, reasons)
    cb = _cb(inputs, reasons, unknown)
    score = (dpc * ei + cb).quantize(Decimal("0.01"))
    band = severity_band(score)
    reasons.append(
        Reason(
            "severity",
            {
                "dpc": dpc,
                "ei": _number(ei),
                "cb": _number(cb),
                "score": str(score),
                "band": band.value,
            },
        )
    )
    if inputs.encryption == Encryption.UNKNOWN:
        unknown.append("encryption")
    if inputs.people_count is None:
        unknown.append("people_count")
    if inputs.availability == Availability.TEMPORARY and inputs.unavailable_hours is None:
        unknown.append("unavailable_hours")
    level, settled = _level(inputs, band, reasons)
    recommendation = _RECOMMENDATION_FOR_LEVEL[level]
    if unknown:
        reasons.append(Reason("unknown", {"fields": list(unknown)}))
        if level == RiskLevel.NONE and not settled:
            recommendation = Recommendation.NOTIFY
            reasons.append(Reason("incomplete_notify"))
    if (
        recommendation == Recommendation.NOTIFY_AND_INFORM
        and inputs.encryption == Encryption.INTACT
    ):
        reasons.append(Reason("inform_exception"))
    reasons.append(Reason("recommendation", {"recommendation": recommendation.value}))
    return RiskResult(
        dpc=dpc,
        ei=ei,
        cb=cb,
        score=score,
        band=band,
        level=level,
        recommendation=recommendation,
        reasons=tuple(reasons),
        unknown=tuple(unknown),
    )
