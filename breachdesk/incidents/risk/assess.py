"""The assessment: the severity, the risk level (EDPB Guidelines 9/2022 and the worked examples
of EDPB Guidelines 01/2021) and the recommendation, each step with its reason."""

from dataclasses import dataclass
from decimal import Decimal

from breachdesk.incidents.risk.enisa import cb_value, dpc_score, ei_value, severity_band
from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Identification,
    Integrity,
    RiskInputs,
    TriState,
)
from breachdesk.incidents.risk.reasons import Reason, number
from breachdesk.incidents.risk.scales import Recommendation, RiskLevel, SeverityBand

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
    dpc = dpc_score(inputs, reasons, unknown)
    ei = ei_value(inputs, reasons)
    cb = cb_value(inputs, reasons, unknown)
    score = (dpc * ei + cb).quantize(Decimal("0.01"))
    band = severity_band(score)
    reasons.append(
        Reason(
            "severity",
            {
                "dpc": dpc,
                "ei": number(ei),
                "cb": number(cb),
                "score": str(score),
                "band": band.value,
            },
        )
    )
    if inputs.identification == Identification.UNKNOWN:
        unknown.append("identification")
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
