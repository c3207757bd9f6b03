"""ENISA's severity (2013): SE = DPC × EI + CB, from the data processing context, the ease of
identification and the circumstances of the breach (docs/assessment.md)."""

from decimal import Decimal

from breachdesk.incidents.risk.inputs import (
    Availability,
    Exposure,
    Identification,
    Insight,
    Integrity,
    RiskInputs,
    TriState,
)
from breachdesk.incidents.risk.reasons import Reason, number
from breachdesk.incidents.risk.scales import Category, SeverityBand

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


# ENISA Table 1 as whole steps: the final DPC by category and by what the data reveals. What the
# data reveals, when not known yet, counts as extensive: the highest step of each category.
DPC_TABLE: dict[Category, dict[Insight, int]] = {
    Category.SIMPLE: {
        Insight.NONE: 1,
        Insight.LIMITED: 1,
        Insight.USUAL: 1,
        Insight.EXTENSIVE: 2,
        Insight.UNKNOWN: 2,
    },
    Category.BEHAVIOURAL: {
        Insight.NONE: 1,
        Insight.LIMITED: 1,
        Insight.USUAL: 2,
        Insight.EXTENSIVE: 3,
        Insight.UNKNOWN: 3,
    },
    Category.FINANCIAL: {
        Insight.NONE: 1,
        Insight.LIMITED: 2,
        Insight.USUAL: 3,
        Insight.EXTENSIVE: 4,
        Insight.UNKNOWN: 4,
    },
    Category.SENSITIVE: {
        Insight.NONE: 1,
        Insight.LIMITED: 2,
        Insight.USUAL: 4,
        Insight.EXTENSIVE: 4,
        Insight.UNKNOWN: 4,
    },
}


EI_VALUES: dict[Identification, Decimal] = {
    Identification.NEGLIGIBLE: Decimal("0.25"),
    Identification.LIMITED: Decimal("0.5"),
    Identification.SIGNIFICANT: Decimal("0.75"),
    Identification.MAXIMUM: Decimal("1"),
    Identification.UNKNOWN: Decimal("1"),  # not known yet counts as maximum
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


def dpc_score(inputs: RiskInputs, reasons: list[Reason], unknown: list[str]) -> int:
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
    if inputs.insight == Insight.UNKNOWN:
        unknown.append("insight")
    if inputs.vulnerable_people == TriState.UNKNOWN:
        unknown.append("vulnerable_people")
    dpc = DPC_TABLE[category][inputs.insight]
    if dpc != int(category):
        reasons.append(Reason("dpc_insight", {"insight": str(inputs.insight), "score": dpc}))
    if inputs.insight != Insight.NONE:
        # Not known yet counts as if children or other vulnerable people were affected.
        if inputs.vulnerable_people != TriState.NO and dpc < 4:
            dpc += 1
            code = (
                "dpc_vulnerable_unknown"
                if inputs.vulnerable_people == TriState.UNKNOWN
                else "dpc_vulnerable"
            )
            reasons.append(Reason(code, {"score": dpc}))
        if "protected_identity" in inputs.data_types and dpc < 4:
            dpc = 4
            reasons.append(Reason("dpc_protected"))
    return max(1, min(4, dpc))


def ei_value(inputs: RiskInputs, reasons: list[Reason]) -> Decimal:
    ei = EI_VALUES[inputs.identification]
    reasons.append(
        Reason("ei_chosen", {"identification": str(inputs.identification), "value": number(ei)})
    )
    unique = {"personnummer", "protected_identity"} & inputs.data_types
    if unique and ei < 1:
        ei = Decimal("1")
        reasons.append(Reason("ei_unique"))
    return ei


def cb_value(inputs: RiskInputs, reasons: list[Reason], unknown: list[str]) -> Decimal:
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
            reasons.append(Reason(code, {name: str(choice), "value": number(value)}))
    if inputs.malicious == TriState.UNKNOWN:
        unknown.append("malicious")
    elif inputs.malicious == TriState.YES:
        total += MALICE_CB
        reasons.append(Reason("cb_malicious", {"value": number(MALICE_CB)}))
    return total
