"""ENISA's severity (2013) of one group of people: SE = DPC × EI + CB, from the data processing
context, the ease of identification and the circumstances of the breach (docs/assessment.md)."""

from dataclasses import dataclass
from decimal import Decimal

from breachdesk.incidents.risk.inputs import (
    Availability,
    Encryption,
    Exposure,
    Group,
    Identification,
    Insight,
    Integrity,
    Intent,
    Mitigation,
    RiskInputs,
    TriState,
)
from breachdesk.incidents.risk.scales import Category, SeverityBand
from breachdesk.incidents.vocabulary import SPECIAL_DATA_TYPES, DataType

# The art. 9 categories, art. 10 and protected identity.
_SENSITIVE_TYPES = SPECIAL_DATA_TYPES | {DataType.CRIMINAL, DataType.PROTECTED_IDENTITY}


CATEGORY_OF: dict[str, Category] = {
    **dict.fromkeys(_SENSITIVE_TYPES, Category.SENSITIVE),
    DataType.FINANCIAL: Category.FINANCIAL,
    DataType.SOCIAL: Category.FINANCIAL,  # social-welfare circumstances (ENISA: financial)
    DataType.PAYMENT: Category.FINANCIAL,
    DataType.IDENTITY_DOCUMENT: Category.FINANCIAL,  # enough for fraud in another's name
    DataType.PERSONNUMMER: Category.FINANCIAL,  # likewise, with a name (Swedish reading)
    DataType.LOCATION: Category.BEHAVIOURAL,
    DataType.CREDENTIALS: Category.BEHAVIOURAL,
    DataType.PURCHASES: Category.BEHAVIOURAL,  # habits and preferences
}  # everything else (name, contact, date of birth, family, CV, school records …) is simple data


# Types that identify the person by themselves: the ease of identification is the highest.
UNIQUE_TYPES = frozenset(
    {
        DataType.PERSONNUMMER,
        DataType.PROTECTED_IDENTITY,
        DataType.IDENTITY_DOCUMENT,
        DataType.BIOMETRIC,
    }
)


# The category assumed of the types that could not all be established: the data may hold more
# than was found, so at least financial data (ENISA's third category) is assumed.
UNCERTAIN_CATEGORY = Category.FINANCIAL


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


EI_VALUES: dict[str, Decimal] = {
    Identification.NEGLIGIBLE: Decimal("0.25"),
    Identification.LIMITED: Decimal("0.5"),
    Identification.SIGNIFICANT: Decimal("0.75"),
    Identification.MAXIMUM: Decimal("1"),
    Identification.UNKNOWN: Decimal("1"),  # not known yet counts as maximum
}


EXPOSURE_CB: dict[str, Decimal] = {
    Exposure.NONE: Decimal("0"),
    Exposure.NO_EVIDENCE: Decimal("0"),
    Exposure.KNOWN: Decimal("0.25"),
    Exposure.WIDE: Decimal("0.5"),
    Exposure.UNKNOWN: Decimal("0.5"),
}


INTEGRITY_CB: dict[str, Decimal] = {
    Integrity.NONE: Decimal("0"),
    Integrity.RECOVERABLE: Decimal("0.25"),
    Integrity.IRRECOVERABLE: Decimal("0.5"),
    Integrity.UNKNOWN: Decimal("0.5"),
}


AVAILABILITY_CB: dict[str, Decimal] = {
    Availability.NONE: Decimal("0"),
    Availability.TEMPORARY: Decimal("0.25"),
    Availability.PERMANENT: Decimal("0.5"),
    Availability.UNKNOWN: Decimal("0.5"),
}


MALICE_CB = Decimal("0.5")
_MALICE = frozenset({Intent.YES, Intent.UNKNOWN})


@dataclass(frozen=True)
class Severity:
    """ENISA's severity of one group, with what went into it."""

    category: Category
    dpc: int
    ei: Decimal
    cb: Decimal
    score: Decimal  # SE = DPC × EI + CB
    band: SeverityBand
    counted_types: tuple[str, ...]  # the types in the highest category, as counted
    vulnerable: bool  # the DPC rose for vulnerable people (or not known whether any)
    protected: bool  # a protected identity set the DPC to the highest
    uncertain: bool  # the types were not all established, or none was given
    identifying: tuple[str, ...]  # the types that set the ease of identification to 1


def severity_band(score: Decimal) -> SeverityBand:
    """The ENISA band of a severity score."""
    if score < 2:
        return SeverityBand.LOW
    if score < 3:
        return SeverityBand.MEDIUM
    if score < 4:
        return SeverityBand.HIGH
    return SeverityBand.VERY_HIGH


def malice_cb(inputs: RiskInputs) -> Decimal:
    """ENISA's addition for malicious intent (a malice not known yet counts)."""
    return MALICE_CB if inputs.malicious in _MALICE else Decimal("0")


def unreadable_types(inputs: RiskInputs) -> frozenset[str]:
    """The types nobody could use: passwords encrypted, salted and slowly hashed, or reset."""
    if (
        inputs.encryption in (Encryption.INTACT, Encryption.HASHED_SALTED)
        or Mitigation.CREDENTIALS_RESET in inputs.mitigations
    ):
        return frozenset({DataType.CREDENTIALS})
    return frozenset()


def _category(data_type: str) -> Category:
    return CATEGORY_OF.get(data_type, Category.SIMPLE)


def group_severity(group: Group, inputs: RiskInputs) -> Severity:
    """ENISA's severity of `group` in the breach `inputs` describes."""
    types = sorted(group.data_types - unreadable_types(inputs))
    category = max((_category(kind) for kind in types), default=Category.SIMPLE)
    uncertain = group.types_uncertain or not group.data_types
    if uncertain:
        category = max(category, UNCERTAIN_CATEGORY)
    counted = tuple(kind for kind in types if _category(kind) == category)
    dpc = DPC_TABLE[category][Insight(group.insight)]
    vulnerable = protected = False
    if group.insight != Insight.NONE:
        # Not known yet counts as if children or other vulnerable people were affected.
        if group.vulnerable_people != TriState.NO and dpc < 4:
            dpc += 1
            vulnerable = True
        if DataType.PROTECTED_IDENTITY in types and dpc < 4:
            dpc = 4
            protected = True
    identifying = tuple(kind for kind in types if kind in UNIQUE_TYPES)
    ei = Decimal("1") if identifying else EI_VALUES[group.identification]
    cb = (
        EXPOSURE_CB[inputs.exposure]
        + INTEGRITY_CB[inputs.integrity]
        + AVAILABILITY_CB[inputs.availability]
        + malice_cb(inputs)
    )
    score = (dpc * ei + cb).quantize(Decimal("0.01"))
    return Severity(
        category=category,
        dpc=dpc,
        ei=ei,
        cb=cb,
        score=score,
        band=severity_band(score),
        counted_types=counted,
        vulnerable=vulnerable,
        protected=protected,
        uncertain=uncertain,
        identifying=identifying,
    )
