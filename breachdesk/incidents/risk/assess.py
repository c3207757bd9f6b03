"""The assessment, method 2: the risk to the people's rights and freedoms from the likelihood
and the severity of the consequences for each group of people (EDPB Guidelines 9/2022 and
01/2021), and the recommendation. docs/assessment.md is the method; this module follows it.

Each rule only ever raises the result when a fact gets worse: the likelihood and the severity
are looked up in tables whose rows and columns rise, and the answers "not known yet" are the
worst of each question (tests/test_risk_laws.py proves it over the whole input space).
"""

from dataclasses import dataclass
from decimal import Decimal

from breachdesk.incidents.risk.enisa import Severity, group_severity, unreadable_types
from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Group,
    Identification,
    Insight,
    Integrity,
    Intent,
    Mitigation,
    RiskInputs,
    Stopped,
    TriState,
)
from breachdesk.incidents.risk.scales import Recommendation, RiskLevel, SeverityBand

MANY_PEOPLE = 1000  # from this many people in a group, the severity is one step higher
QUICK_RESTORE_HOURS = 24  # an outage this short, restored, is unlikely to harm anyone
SHORT_OUTAGE_HOURS = 72  # the length of the notification deadline

_N, _R, _H = RiskLevel.NONE, RiskLevel.RISK, RiskLevel.HIGH

# MATRIX[likelihood][severity - 1]: likelihood 0 (nothing lost, or unintelligible) to 3 (likely),
# severity 1 (low: a few inconveniences, overcome without problem, in ENISA's words) to 4 (very
# high). Every row and every column rises.
MATRIX: dict[int, tuple[RiskLevel, RiskLevel, RiskLevel, RiskLevel]] = {
    0: (_N, _N, _N, _N),
    1: (_N, _N, _R, _R),
    2: (_N, _R, _R, _H),
    3: (_R, _R, _H, _H),
}

BAND_SEVERITY: dict[SeverityBand, int] = {
    SeverityBand.LOW: 1,
    SeverityBand.MEDIUM: 2,
    SeverityBand.HIGH: 3,
    SeverityBand.VERY_HIGH: 4,
}

# The least severity a possible consequence gives, whatever the data (EDPB Guidelines 9/2022:
# physical, material or non-material damage).
CONSEQUENCE_SEVERITY: dict[str, int] = {
    Consequence.PHYSICAL_HARM: 4,
    Consequence.IDENTITY_THEFT: 3,
    Consequence.FINANCIAL_LOSS: 3,
    Consequence.DISCRIMINATION: 3,
    Consequence.SECRECY: 3,
    Consequence.REPUTATION: 2,
    Consequence.DISTRESS: 2,
}

# The least severity of an outage by what it stopped.
STOPPED_SEVERITY: dict[str, int] = {
    Stopped.CARE: 3,
    Stopped.PAYMENTS: 2,
    Stopped.DECISIONS: 2,
    Stopped.OTHER: 2,
}

EXPOSURE_LIKELIHOOD: dict[str, int] = {
    Exposure.NONE: 0,
    Exposure.NO_EVIDENCE: 1,
    Exposure.KNOWN: 2,
    Exposure.WIDE: 3,
    Exposure.UNKNOWN: 3,
}

# The mitigations that make misuse less likely, while the data has not spread beyond reach.
LOWERING_MITIGATIONS: tuple[str, ...] = (
    Mitigation.TRUSTED_RECIPIENT,
    Mitigation.SECRECY_BOUND,
    Mitigation.DELETION_CONFIRMED,
    Mitigation.RECALLED,
    Mitigation.REMOTE_WIPE,
)
WITHIN_REACH = frozenset({Exposure.NO_EVIDENCE, Exposure.KNOWN})

# Back in safe hands: a recipient who is trusted, or bound by professional secrecy, has confirmed
# deletion, and nobody acted on purpose (EDPB Guidelines 01/2021, accidental transmission to a
# trusted third party): misuse is ruled out.
SAFE_HANDS = (
    frozenset({Mitigation.TRUSTED_RECIPIENT, Mitigation.DELETION_CONFIRMED}),
    frozenset({Mitigation.SECRECY_BOUND, Mitigation.DELETION_CONFIRMED}),
)

_MALICE = frozenset({Intent.YES, Intent.UNKNOWN})

RECOMMENDATION_FOR_LEVEL = {
    RiskLevel.NONE: Recommendation.DOCUMENT,
    RiskLevel.RISK: Recommendation.NOTIFY,
    RiskLevel.HIGH: Recommendation.NOTIFY_AND_INFORM,
}

_RANK = {RiskLevel.NONE: 0, RiskLevel.RISK: 1, RiskLevel.HIGH: 2}


def worst(*levels: RiskLevel) -> RiskLevel:
    return max(levels, key=_RANK.__getitem__)


@dataclass(frozen=True)
class Likelihood:
    """How likely the loss of confidentiality or integrity is to harm the people: 0 to 3."""

    value: int
    base: int  # before intent and mitigations
    malice: bool  # raised by intent (malice, or a theft of something nobody has traced)
    mitigated: tuple[str, ...]  # the mitigations that lowered it
    unheeded: tuple[str, ...]  # the mitigations given that cannot lower it
    encrypted: bool  # the data was unintelligible to whoever got it
    safe: bool = False  # back in safe hands (SAFE_HANDS)


@dataclass(frozen=True)
class GroupResult:
    group: Group
    severity: Severity
    impact: int  # 1 to 4: the severity of the consequences for the people in the group
    many: bool  # raised for the number of people (or because it is not known)
    consequence: str | None  # the consequence that set the least severity, if it did
    level: RiskLevel
    readable: bool = True  # some of the group's data could be read by whoever got it


@dataclass(frozen=True)
class Outage:
    """The loss of availability, on its own: how likely and how severe its harm is."""

    likelihood: int
    impact: int
    level: RiskLevel
    long: bool  # longer than QUICK_RESTORE_HOURS, or not known how long
    no_backup: bool  # no usable backup, or not known whether there was one
    stopped: tuple[str, ...]


@dataclass(frozen=True)
class RiskResult:
    groups: tuple[GroupResult, ...]
    confidentiality: Likelihood
    integrity: Likelihood
    outage: Outage
    governing: int  # the index of the group that governs the result
    level: RiskLevel
    recommendation: Recommendation
    doubt: bool  # the recommendation is "notify" only because facts are not known yet
    unknown: tuple[str, ...]  # the facts not known yet; any of them makes it incomplete
    settled: bool  # nothing was lost: the facts not known yet cannot change it

    @property
    def incomplete(self) -> bool:
        return bool(self.unknown)

    @property
    def lead(self) -> GroupResult:
        return self.groups[self.governing]

    @property
    def dpc(self) -> int:
        return self.lead.severity.dpc

    @property
    def ei(self) -> Decimal:
        return self.lead.severity.ei

    @property
    def cb(self) -> Decimal:
        return self.lead.severity.cb

    @property
    def score(self) -> Decimal:
        return self.lead.severity.score

    @property
    def band(self) -> SeverityBand:
        return self.lead.severity.band


def confidentiality_likelihood(inputs: RiskInputs) -> Likelihood:
    base = EXPOSURE_LIKELIHOOD[inputs.exposure]
    if base == 0 or inputs.encryption == Encryption.INTACT:
        return Likelihood(0, base, False, (), (), base > 0)
    malice = inputs.malicious in _MALICE or (
        inputs.malicious == Intent.THEFT and inputs.exposure == Exposure.NO_EVIDENCE
    )
    value = min(3, base + malice)
    given = tuple(kind for kind in LOWERING_MITIGATIONS if kind in inputs.mitigations)
    mitigated = given if inputs.exposure in WITHIN_REACH else ()
    unheeded = tuple(kind for kind in given if kind not in mitigated)
    safe = (
        bool(mitigated)
        and inputs.malicious == Intent.NO
        and any(pair <= inputs.mitigations for pair in SAFE_HANDS)
    )
    if safe:
        return Likelihood(0, base, malice, mitigated, unheeded, False, safe=True)
    if mitigated:
        value = max(1, value - 1)
    return Likelihood(value, base, malice, mitigated, unheeded, False)


def integrity_likelihood(inputs: RiskInputs) -> Likelihood:
    base = {
        Integrity.NONE: 0,
        Integrity.RECOVERABLE: 1,
        Integrity.IRRECOVERABLE: 2,
        Integrity.UNKNOWN: 2,
    }[Integrity(inputs.integrity)]
    malice = base > 0 and inputs.malicious in _MALICE
    return Likelihood(min(3, base + malice), base, malice, (), (), False)


def outage(inputs: RiskInputs) -> Outage:
    if inputs.availability == Availability.NONE:
        return Outage(0, 1, RiskLevel.NONE, False, False, ())
    hours = inputs.unavailable_hours
    if inputs.availability == Availability.TEMPORARY:
        if hours is not None and hours <= QUICK_RESTORE_HOURS:
            likelihood = 0
        elif hours is not None and hours <= SHORT_OUTAGE_HOURS:
            likelihood = 1
        else:
            likelihood = 2
        long = hours is None or hours > QUICK_RESTORE_HOURS
    else:  # lost for good, or not known
        likelihood, long = 3, True
    no_backup = inputs.backup != TriState.YES
    stopped = tuple(kind for kind in Stopped.values if kind in inputs.stopped)
    likelihood = min(3, likelihood + no_backup)
    if stopped or inputs.consequences:
        likelihood = max(likelihood, 1)
    impact = max(
        [1]
        + [STOPPED_SEVERITY[kind] for kind in stopped]
        + [CONSEQUENCE_SEVERITY[kind] for kind in inputs.consequences]
    )
    return Outage(likelihood, impact, MATRIX[likelihood][impact - 1], long, no_backup, stopped)


def _group_result(
    group: Group, inputs: RiskInputs, confidentiality: Likelihood, integrity: Likelihood
) -> GroupResult:
    severity = group_severity(group, inputs)
    impact = BAND_SEVERITY[severity.band]
    many = group.people_count is None or group.people_count >= MANY_PEOPLE
    impact = min(4, impact + many)
    floor = max(inputs.consequences, key=lambda kind: CONSEQUENCE_SEVERITY[kind], default=None)
    consequence = None
    if floor is not None and CONSEQUENCE_SEVERITY[floor] > impact:
        impact, consequence = CONSEQUENCE_SEVERITY[floor], floor
    # Nothing readable about the group left (only passwords, salted or reset): its disclosure
    # cannot harm it.
    readable = bool(group.data_types - unreadable_types(inputs)) or severity.uncertain
    disclosed = confidentiality.value if readable else 0
    level = worst(MATRIX[disclosed][impact - 1], MATRIX[integrity.value][impact - 1])
    return GroupResult(group, severity, impact, many, consequence, level, readable)


def unknown_facts(inputs: RiskInputs) -> tuple[str, ...]:
    """The facts not known yet, by name (a group's facts as "group.<name>")."""
    found: list[str] = []
    for group in inputs.groups:
        if group.types_uncertain or not group.data_types:
            found.append("group.data_types")
        if group.people_count is None:
            found.append("group.people_count")
        if group.vulnerable_people == TriState.UNKNOWN:
            found.append("group.vulnerable_people")
        if group.insight == Insight.UNKNOWN:
            found.append("group.insight")
        if group.identification == Identification.UNKNOWN:
            found.append("group.identification")
    for name in ("exposure", "encryption", "integrity", "availability", "malicious"):
        if getattr(inputs, name) == "unknown":
            found.append(name)
    if inputs.availability != Availability.NONE and inputs.backup == TriState.UNKNOWN:
        found.append("backup")
    if inputs.availability == Availability.TEMPORARY and inputs.unavailable_hours is None:
        found.append("unavailable_hours")
    return tuple(dict.fromkeys(found))


def _weighed(
    unknown: tuple[str, ...],
    inputs: RiskInputs,
    confidentiality: Likelihood,
    integrity: Likelihood,
) -> tuple[str, ...]:
    """The facts not known yet that could matter: a fact about the data, only if the data may
    have been read or altered; the encryption, only if the data was exposed; and so on."""
    harmed = confidentiality.value > 0 or integrity.value > 0
    read = confidentiality.base > 0 and inputs.encryption != Encryption.INTACT
    matters = {
        "encryption": inputs.exposure != Exposure.NONE,
        "exposure": inputs.encryption != Encryption.INTACT,
        "malicious": read or integrity.base > 0,
    }
    return tuple(
        name
        for name in unknown
        if (harmed if name.startswith("group.") else matters.get(name, True))
    )


def evaluate(inputs: RiskInputs) -> RiskResult:
    """The risk level and the recommendation of `inputs`, with every step that led to them."""
    if not inputs.groups:
        raise ValueError("an assessment needs at least one group of people")
    confidentiality = confidentiality_likelihood(inputs)
    integrity = integrity_likelihood(inputs)
    groups = tuple(
        _group_result(group, inputs, confidentiality, integrity) for group in inputs.groups
    )
    governing = max(
        range(len(groups)),
        key=lambda i: (_RANK[groups[i].level], groups[i].impact, groups[i].severity.score, -i),
    )
    lost = outage(inputs)
    level = worst(groups[governing].level, lost.level)
    settled = (
        inputs.exposure == Exposure.NONE
        and inputs.integrity == Integrity.NONE
        and inputs.availability == Availability.NONE
    )
    unknown = unknown_facts(inputs)
    weighed = _weighed(unknown, inputs, confidentiality, integrity)
    recommendation = RECOMMENDATION_FOR_LEVEL[level]
    doubt = bool(weighed) and not settled and level == RiskLevel.NONE
    if doubt:
        recommendation = Recommendation.NOTIFY
    return RiskResult(
        groups=groups,
        confidentiality=confidentiality,
        integrity=integrity,
        outage=lost,
        governing=governing,
        level=level,
        recommendation=recommendation,
        doubt=doubt,
        unknown=unknown,
        settled=settled,
    )
