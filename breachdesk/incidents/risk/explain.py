"""The reasons of an assessment, in the order a coordinator reads them: the conclusion, the group
of people that weighs most, what made misuse more or less likely, the outage, what would tip the
advice, and last, folded away, how it was computed (docs/assessment.md)."""

from dataclasses import dataclass, replace
from typing import Any

from breachdesk.incidents.risk.assess import (
    CONSEQUENCE_SEVERITY,
    MANY_PEOPLE,
    STOPPED_SEVERITY,
    GroupResult,
    RiskResult,
    evaluate,
)
from breachdesk.incidents.risk.enisa import (
    AVAILABILITY_CB,
    EXPOSURE_CB,
    INTEGRITY_CB,
    malice_cb,
    unreadable_types,
)
from breachdesk.incidents.risk.inputs import (
    ORDERS,
    Availability,
    Encryption,
    Exposure,
    Identification,
    Integrity,
    Intent,
    Mitigation,
    RiskInputs,
    TriState,
)
from breachdesk.incidents.risk.reasons import Reason, number
from breachdesk.incidents.risk.scales import Recommendation, RiskLevel
from breachdesk.incidents.vocabulary import DataType

_GROUP_FACTS = (
    "group.label",
    "group.people_count",
    "group.data_types",
    "group.vulnerable_people",
    "group.insight",
    "group.identification",
)

_REC_RANK = {
    Recommendation.DOCUMENT: 0,
    Recommendation.NOTIFY: 1,
    Recommendation.NOTIFY_AND_INFORM: 2,
}

MAX_TIPS = 3
_NATURE = frozenset({"exposure", "integrity", "availability"})


@dataclass(frozen=True)
class Assessment:
    """The result of the method, and its reasons."""

    result: RiskResult
    reasons: tuple[Reason, ...]


def risk_assess(inputs: RiskInputs) -> Assessment:
    """Assess `inputs` and explain the result."""
    result = evaluate(inputs)
    return Assessment(result, explain(inputs, result))


def _types(kinds: frozenset[str]) -> list[str]:
    return [kind for kind in DataType.values if kind in kinds]


def _conclusion(result: RiskResult) -> Reason:
    if result.settled:
        return Reason("conclusion_nothing_lost", facts=("exposure", "integrity", "availability"))
    if result.doubt:
        return Reason("conclusion_doubt", {"fields": list(result.unknown)}, facts=result.unknown)
    code = {
        RiskLevel.NONE: "conclusion_none",
        RiskLevel.RISK: "conclusion_risk",
        RiskLevel.HIGH: "conclusion_high",
    }[RiskLevel(result.level)]
    return Reason(code)


def _group_reasons(inputs: RiskInputs, result: RiskResult) -> list[Reason]:
    lead = result.lead
    group = lead.group
    params = {
        "count": group.people_count,
        "count_cap": group.people_count,
        "types": _types(group.data_types - unreadable_types(inputs)),
        "impact": lead.impact,
        "group": group.label,
    }
    code = (
        "group_lead" if len(result.groups) > 1 else "group_named" if group.label else "group_only"
    )
    reasons = [Reason(code, params, facts=_GROUP_FACTS)]
    whom = group.label if len(result.groups) > 1 else ""
    reasons.append(
        Reason("group_reveals", {"insight_short": group.insight}, facts=("group.insight",))
    )
    if group.identification != Identification.MAXIMUM and lead.severity.identifying:
        reasons.append(
            Reason(
                "group_identifying",
                {"types_cap": list(lead.severity.identifying)},
                facts=("group.data_types", "group.identification"),
            )
        )
    else:
        reasons.append(
            Reason(
                "group_identification",
                {"identification_short": group.identification},
                facts=("group.identification",),
            )
        )
    if lead.severity.vulnerable:
        code = (
            "group_vulnerable_unknown"
            if group.vulnerable_people == TriState.UNKNOWN
            else "group_vulnerable"
        )
        reasons.append(Reason(code, {"whom": whom}, facts=("group.vulnerable_people",)))
    if lead.severity.protected:
        reasons.append(Reason("group_protected", facts=("group.data_types",)))
    if group.types_uncertain:
        reasons.append(Reason("group_uncertain", facts=("group.data_types",)))
    elif not group.data_types:
        reasons.append(Reason("group_no_types", facts=("group.data_types",)))
    if group.people_count is None:
        reasons.append(Reason("group_count_unknown", facts=("group.people_count",)))
    elif lead.many:
        reasons.append(
            Reason(
                "group_many",
                {"count_cap": group.people_count, "many": MANY_PEOPLE},
                facts=("group.people_count",),
            )
        )
    hidden = _types(group.data_types & unreadable_types(inputs))
    if hidden:
        reasons.append(
            Reason("unreadable", {"types_cap": hidden}, facts=("encryption", "mitigations"))
        )
        if not lead.readable and inputs.exposure != "none":
            reasons.append(
                Reason(
                    "nothing_readable",
                    {"whom": whom},
                    facts=("encryption", "mitigations", "group.data_types"),
                )
            )
    if lead.consequence:
        reasons.append(_consequence_floor(lead.consequence, lead.impact))
    for other in result.groups:
        if other is not lead:
            reasons.append(_other_group(inputs, other))
    return reasons


def _other_group(inputs: RiskInputs, other: GroupResult) -> Reason:
    return Reason(
        "group_other",
        {
            "group": other.group.label,
            "count": other.group.people_count,
            "types": _types(other.group.data_types - unreadable_types(inputs)),
            "impact": other.impact,
            "level": other.level,
        },
        facts=_GROUP_FACTS,
    )


def _consequence_floor(consequence: str, impact: int) -> Reason:
    return Reason(
        "group_consequence",
        {"consequence_cap": consequence, "impact": impact},
        facts=("consequences",),
    )


def _confidentiality(inputs: RiskInputs, result: RiskResult) -> list[Reason]:
    likelihood = result.confidentiality
    if inputs.exposure == Exposure.NONE:
        return []
    if likelihood.encrypted:
        return [Reason("encrypted", facts=("encryption", "exposure"))]
    reasons = [
        Reason(
            "confidentiality",
            {"exposure": inputs.exposure, "likelihood": likelihood.value},
            facts=("exposure",),
        )
    ]
    note = {
        Encryption.HASHED_WEAK: "weak_hash",
        Encryption.COMPROMISED: "compromised",
        Encryption.UNKNOWN: "encryption_unknown",
    }.get(Encryption(inputs.encryption))
    if note:
        reasons.append(Reason(note, facts=("encryption",)))
    if likelihood.malice:
        code = {Intent.THEFT: "theft", Intent.UNKNOWN: "malice_unknown"}.get(
            Intent(inputs.malicious), "malice"
        )
        reasons.append(Reason(code, facts=("malicious",)))
    if likelihood.safe:
        reasons.append(
            Reason(
                "safe_hands",
                {"mitigations_cap": list(likelihood.mitigated)},
                facts=("mitigations", "malicious"),
            )
        )
    elif likelihood.mitigated:
        reasons.append(
            Reason(
                "mitigated", {"mitigations_cap": list(likelihood.mitigated)}, facts=("mitigations",)
            )
        )
    if likelihood.unheeded:
        reasons.append(
            Reason(
                "unheeded",
                {"mitigations_cap": list(likelihood.unheeded)},
                facts=("mitigations", "exposure"),
            )
        )
    return reasons


def _integrity(inputs: RiskInputs, result: RiskResult) -> list[Reason]:
    if inputs.integrity == Integrity.NONE:
        return []
    reasons = [
        Reason(
            "integrity",
            {"integrity": inputs.integrity, "likelihood": result.integrity.value},
            facts=("integrity",),
        )
    ]
    if result.integrity.malice:
        reasons.append(Reason("integrity_malice", facts=("malicious",)))
    return reasons


def _outage(inputs: RiskInputs, result: RiskResult) -> list[Reason]:
    lost = result.outage
    if inputs.availability == Availability.NONE:
        return []
    reasons: list[Reason] = []
    if inputs.availability == Availability.TEMPORARY:
        if inputs.unavailable_hours is None:
            reasons.append(Reason("outage_hours_unknown", facts=("unavailable_hours",)))
        else:
            reasons.append(
                Reason(
                    "outage_hours",
                    {"hours": inputs.unavailable_hours},
                    facts=("availability", "unavailable_hours"),
                )
            )
    elif inputs.availability == Availability.PERMANENT:
        reasons.append(Reason("outage_permanent", facts=("availability",)))
    else:
        reasons.append(Reason("outage_unknown", facts=("availability",)))
    backup = {
        TriState.YES: "outage_backup",
        TriState.NO: "outage_no_backup",
        TriState.UNKNOWN: "outage_backup_unknown",
    }[TriState(inputs.backup)]
    reasons.append(Reason(backup, facts=("backup",)))
    if lost.stopped:
        impact = max(STOPPED_SEVERITY[kind] for kind in lost.stopped)
        reasons.append(
            Reason(
                "outage_stopped",
                {"stopped": list(lost.stopped), "impact": impact},
                facts=("stopped",),
            )
        )
    floor = max(inputs.consequences, key=CONSEQUENCE_SEVERITY.__getitem__, default=None)
    if floor and CONSEQUENCE_SEVERITY[floor] == lost.impact > 1:
        reasons.append(_consequence_floor(floor, lost.impact))
    reasons.append(
        Reason("outage_level", {"level": lost.level}, facts=("availability", "stopped", "backup"))
    )
    return reasons


def _vary(inputs: RiskInputs, governing: int, question: str, answer: Any) -> RiskInputs:
    if question.startswith("group."):
        groups = list(inputs.groups)
        groups[governing] = replace(groups[governing], **{question[6:]: answer})
        return replace(inputs, groups=tuple(groups))
    return replace(inputs, **{question: answer})


def _candidates(inputs: RiskInputs, result: RiskResult) -> list[tuple[str, object, bool]]:
    """Single answers to try: each fact not known yet at its mildest, each known ordered fact
    one step worse and one step milder. (question, answer, milder)."""
    lead = result.lead.group
    current = {
        "group.insight": lead.insight,
        "group.identification": lead.identification,
        "group.vulnerable_people": lead.vulnerable_people,
        **{name: getattr(inputs, name) for name in ORDERS if hasattr(inputs, name)},
    }
    found: list[tuple[str, object, bool]] = []
    for question, value in current.items():
        order = ORDERS[question.removeprefix("group.")]
        if question in _NATURE and value == "none":
            continue  # the nature of the breach is the investigation's, not a close call
        at = order.index(value)
        if value == "unknown":
            found.append((question, order[0], True))
            continue
        if at + 2 < len(order):
            found.append((question, order[at + 1], False))
        if at > 0 and not (question in _NATURE and order[at - 1] == "none"):
            found.append((question, order[at - 1], True))
    if inputs.availability == Availability.TEMPORARY and inputs.unavailable_hours is None:
        found.append(("unavailable_hours", 24, True))
    return found


def _tips(inputs: RiskInputs, result: RiskResult) -> list[Reason]:
    """What one changed answer would make of the advice, the milder answers first."""
    if result.settled:
        return []
    rank = _REC_RANK[Recommendation(result.recommendation)]
    tips: list[tuple[bool, Reason]] = []
    for question, answer, milder in _candidates(inputs, result):
        other = evaluate(_vary(inputs, result.governing, question, answer)).recommendation
        if _REC_RANK[other] != rank and (_REC_RANK[other] < rank) == milder:
            params = {"question": question, "answer": (question, answer), "recommendation": other}
            tips.append((not milder, Reason("tip", params, facts=(question,))))
    tips.sort(key=lambda tip: tip[0])
    return [reason for _, reason in tips[:MAX_TIPS]]


def _details(inputs: RiskInputs, result: RiskResult) -> list[Reason]:
    reasons: list[Reason] = []
    for item in result.groups:
        severity = item.severity
        label = item.group.label
        reasons += [
            Reason(
                "detail_severity",
                {
                    "group": label,
                    "dpc": severity.dpc,
                    "ei": number(severity.ei),
                    "cb": number(severity.cb),
                    "score": str(severity.score),
                    "band": severity.band,
                },
                detail=True,
            ),
            Reason(
                "detail_dpc",
                {
                    "dpc": severity.dpc,
                    "category": severity.category,
                    "insight_short": item.group.insight,
                },
                detail=True,
            ),
            Reason(
                "detail_ei",
                {"ei": number(severity.ei), "identification_short": item.group.identification},
                detail=True,
            ),
            Reason(
                "detail_impact",
                {"band": severity.band, "impact": item.impact, "impact_n": item.impact},
                detail=True,
            ),
        ]
    reasons.append(
        Reason(
            "detail_cb",
            {
                "cb": number(result.lead.severity.cb),
                "c": number(EXPOSURE_CB[inputs.exposure]),
                "i": number(INTEGRITY_CB[inputs.integrity]),
                "a": number(AVAILABILITY_CB[inputs.availability]),
                "m": number(malice_cb(inputs)),
            },
            detail=True,
        )
    )
    lead = result.lead
    likelihood = max(result.confidentiality.value, result.integrity.value)
    reasons.append(
        Reason(
            "detail_matrix",
            {
                "likelihood": likelihood,
                "likelihood_n": likelihood,
                "impact_n": lead.impact,
                "level": lead.level,
            },
            detail=True,
        )
    )
    if inputs.availability != Availability.NONE:
        lost = result.outage
        reasons.append(
            Reason(
                "detail_outage",
                {
                    "likelihood_n": lost.likelihood,
                    "impact_n": lost.impact,
                    "level": lost.level,
                },
                detail=True,
            )
        )
    return reasons


def explain(inputs: RiskInputs, result: RiskResult) -> tuple[Reason, ...]:
    """The reasons of `result`, the conclusion first and the computation last."""
    reasons = [_conclusion(result)]
    if not result.settled:
        reasons += _group_reasons(inputs, result)
        reasons += _confidentiality(inputs, result)
        reasons += _integrity(inputs, result)
        reasons += _outage(inputs, result)
    if not result.settled and Mitigation.DELETION_REQUESTED in inputs.mitigations:
        reasons.append(Reason("deletion_requested", facts=("mitigations",)))
    if inputs.consequences:
        reasons.append(
            Reason(
                "consequences",
                {"consequences": sorted(inputs.consequences)},
                facts=("consequences",),
            )
        )
    if result.level == RiskLevel.HIGH and inputs.encryption == Encryption.INTACT:
        reasons.append(Reason("inform_exception", facts=("encryption",)))
    if inputs.record_count is not None:
        reasons.append(Reason("records", {"records": inputs.record_count}, facts=("record_count",)))
    reasons += _tips(inputs, result)
    if not result.settled:
        reasons += _details(inputs, result)
    return tuple(reasons)
