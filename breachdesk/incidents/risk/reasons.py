"""The reasons of an assessment: each stored as a code and parameters, shown in the reader's
language, one plain sentence each (docs/assessment.md lists them).

A reason names the facts it rests on (`facts`, the names of `RiskInputs` fields, a group's as
"group.<name>"); the tests prove that every fact that changed the result is named by a reason.
Reasons marked `detail` say how the result was computed and are shown folded away.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from breachdesk.incidents.risk.inputs import (
    LEGACY_METHOD_VERSION,
    METHOD_VERSION,
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    Intent,
    Mitigation,
    Stopped,
    TriState,
)
from breachdesk.incidents.risk.legacy import LEGACY_REASON_TEXTS, legacy_render
from breachdesk.incidents.risk.scales import Category, Recommendation, RiskLevel, SeverityBand
from breachdesk.incidents.vocabulary import DataType


@dataclass(frozen=True)
class Reason:
    """One step of the reasoning, stored as a code and parameters, shown translated."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    detail: bool = False  # how it was computed: shown under a fold
    facts: tuple[str, ...] = ()  # the inputs it rests on
    method: str = METHOD_VERSION

    def text(self) -> str:
        """The reason in the active language."""
        if self.method == LEGACY_METHOD_VERSION:
            template = LEGACY_REASON_TEXTS.get(self.code)
            render = legacy_render
        else:
            template = REASON_TEXTS.get(self.code)
            render = _render
        if template is None:
            return self.code
        return str(template) % {name: render(name, value) for name, value in self.params.items()}

    def to_json(self) -> dict[str, Any]:
        """The reason as stored: its code, its JSON-serialisable parameters and its method."""
        return {
            "code": self.code,
            "params": self.params,
            "detail": self.detail,
            "facts": list(self.facts),
            "method": self.method,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Reason":
        """The reason `to_json()` stored; one stored without its method is method 1's."""
        return cls(
            code=str(data.get("code", "")),
            params=dict(data.get("params") or {}),
            detail=bool(data.get("detail", False)),
            facts=tuple(data.get("facts") or ()),
            method=str(data.get("method", LEGACY_METHOD_VERSION)),
        )


REASON_TEXTS: dict[str, Promise] = {
    # The conclusion, first.
    "conclusion_none": _(
        "Document the breach internally only: it is unlikely to result in a risk to the "
        "people's rights and freedoms (GDPR art. 33(1) and 33(5))."
    ),
    "conclusion_risk": _(
        "Notify IMY within 72 hours: the breach is likely to result in a risk to the people's "
        "rights and freedoms (GDPR art. 33(1))."
    ),
    "conclusion_high": _(
        "Notify IMY and inform the people affected: the breach is likely to result in a high "
        "risk to their rights and freedoms (GDPR art. 33(1) and 34(1))."
    ),
    "conclusion_doubt": _(
        "Notify IMY: on the facts known so far the risk is low, but %(fields)s are not known "
        "yet, and when in doubt the advice is to notify. A notification can be supplemented "
        "later (GDPR art. 33(4))."
    ),
    "conclusion_nothing_lost": _(
        "Document internally: no loss of confidentiality, integrity or availability is "
        "recorded, so this may not be a personal data breach at all. If so, close the case as "
        "not a personal data incident."
    ),
    # The groups of people, the one that weighs most first.
    "group_only": _(
        "%(count_cap)s affected, with %(types)s: the consequences for them would be %(impact)s."
    ),
    "group_named": _(
        "%(group)s, %(count)s, with %(types)s: the consequences for them would be %(impact)s."
    ),
    "group_lead": _(
        "%(group)s weigh most (%(count)s, with %(types)s): the consequences for them would be "
        "%(impact)s."
    ),
    "group_other": _(
        "%(group)s (%(count)s, with %(types)s): the consequences would be %(impact)s, which "
        "alone gives %(level)s."
    ),
    "group_reveals": _("What the data reveals about them: %(insight_short)s."),
    "group_identification": _("How easily they can be identified: %(identification_short)s."),
    "group_vulnerable": _(
        "Children or other vulnerable people are among %(whom)s: the consequences weigh more."
    ),
    "group_vulnerable_unknown": _(
        "It is not known whether children or other vulnerable people are among %(whom)s: "
        "counted as if they were."
    ),
    "group_protected": _(
        "A protected identity is among the data: its disclosure can endanger the person's "
        "safety, so the data counts as the most sensitive."
    ),
    "group_identifying": _("%(types_cap)s identify the people directly."),
    "group_uncertain": _(
        "Not every type of data could be established: the data is counted as if it could also "
        "hold financial data."
    ),
    "group_no_types": _(
        "No type of data is given: the data is counted as if it could hold financial data."
    ),
    "group_many": _("%(count_cap)s is many (from %(many)s): the consequences weigh one step more."),
    "group_count_unknown": _(
        "The number of people is not known: counted as many, so the consequences weigh one "
        "step more."
    ),
    "group_consequence": _(
        "%(consequence_cap)s is possible: the consequences would be at least %(impact)s."
    ),
    "group_insight_unknown": _(
        "What the data reveals is not known: counted as enough to build a profile of the people."
    ),
    "unreadable": _(
        "%(types_cap)s could not be read (salted and slowly hashed, encrypted or reset in "
        "time): they do not count."
    ),
    "nothing_readable": _(
        "Nothing readable about %(whom)s was disclosed: the disclosure cannot harm them."
    ),
    # Confidentiality.
    "confidentiality": _(
        "Loss of confidentiality, %(exposure)s: misuse of the data is %(likelihood)s."
    ),
    "encrypted": _(
        "The data was encrypted and the key was not compromised: it is unintelligible to "
        "whoever got it, so its disclosure is unlikely to harm anyone (GDPR art. 34(3)(a))."
    ),
    "weak_hash": _("Unsalted or fast hashes can be cracked: the passwords count as readable."),
    "compromised": _("The key or the protection may be compromised: the data counts as readable."),
    "encryption_unknown": _(
        "It is not known whether the data was encrypted: it counts as readable."
    ),
    "malice": _("Someone acted on purpose: misuse of the data is more likely."),
    "malice_unknown": _(
        "It is not known whether anyone acted on purpose: counted as if someone did, so misuse "
        "is more likely."
    ),
    "theft": _(
        "The device or the papers were stolen: a thief is likely to look at what was taken, so "
        "misuse is more likely than after a loss."
    ),
    "mitigated": _("%(mitigations_cap)s: misuse is one step less likely."),
    "safe_hands": _(
        "%(mitigations_cap)s, and nobody acted on purpose: the data is back in safe hands, so "
        "misuse is ruled out (EDPB Guidelines 01/2021, transmission to a trusted third party)."
    ),
    "unheeded": _(
        "%(mitigations_cap)s cannot make misuse less likely once the data may have spread "
        "beyond reach."
    ),
    "deletion_requested": _(
        "Deletion was asked for but is not confirmed: it lowers nothing until it is confirmed."
    ),
    # Integrity.
    "integrity": _("Loss of integrity, %(integrity)s: harm from wrong data is %(likelihood)s."),
    "integrity_malice": _(
        "The data may have been altered on purpose: harm from wrong data is more likely."
    ),
    # Availability, weighed on its own.
    "outage_hours": _("The data was unavailable for %(hours)s."),
    "outage_hours_unknown": _(
        "It is not known how long the data will be unavailable: counted as more than 72 hours."
    ),
    "outage_permanent": _("The data is lost for good."),
    "outage_unknown": _(
        "It cannot be established whether the data can be restored: counted as lost for good."
    ),
    "outage_backup": _("A usable backup existed."),
    "outage_no_backup": _(
        "There was no usable backup: restoring takes longer or fails, so harm is more likely."
    ),
    "outage_backup_unknown": _(
        "It is not known whether a usable backup existed: counted as if none did."
    ),
    "outage_stopped": _(
        "The outage stopped %(stopped)s: its consequences would be at least %(impact)s."
    ),
    "outage_level": _("The loss of availability alone gives %(level)s."),
    # After the reasons: the exception to informing, and what would tip the advice.
    "inform_exception": _(
        "The data was encrypted with a safe key: under GDPR art. 34(3)(a) the people may not "
        "need to be informed of the disclosure."
    ),
    "tip": _(
        "Were the answer to “%(question)s” “%(answer)s”, the advice would be to %(recommendation)s."
    ),
    "consequences": _("Possible consequences for the people: %(consequences)s."),
    "records": _(
        "Records affected: %(records)s (information only: the assessment weighs the people)."
    ),
    # How it was computed.
    "detail_severity": _(
        "%(group)s: ENISA severity SE = DPC × EI + CB = %(dpc)s × %(ei)s + %(cb)s = %(score)s, "
        "%(band)s."
    ),
    "detail_dpc": _(
        "DPC %(dpc)s: %(category)s data, revealing %(insight_short)s (ENISA's table of "
        "adjustments, one step more for vulnerable people)."
    ),
    "detail_ei": _("EI %(ei)s: ease of identification, %(identification_short)s."),
    "detail_cb": _(
        "CB %(cb)s: confidentiality %(c)s, integrity %(i)s, availability %(a)s, malice %(m)s."
    ),
    "detail_impact": _(
        "Severity of the consequences %(impact_n)s of 4 (%(impact)s): ENISA's band %(band)s, "
        "raised where the reasons above say so."
    ),
    "detail_matrix": _(
        "Likelihood %(likelihood_n)s of 3 (%(likelihood)s) and severity %(impact_n)s of 4 give "
        "%(level)s (the table in docs/assessment.md)."
    ),
    "detail_outage": _(
        "Loss of availability: likelihood %(likelihood_n)s of 3 and severity %(impact_n)s of 4 "
        "give %(level)s."
    ),
}


# What a question is called in a reason: "If <question>: <answer>, …" and in the list of facts
# not known yet.
QUESTION_LABELS: dict[str, Promise] = {
    "group.data_types": _("the types of personal data"),
    "group.people_count": _("how many people are affected"),
    "group.vulnerable_people": _("whether children or other vulnerable people are affected"),
    "group.insight": _("what the data reveals about the people"),
    "group.identification": _("how easily the people can be identified"),
    "exposure": _("who may have got the data"),
    "encryption": _("whether the data was encrypted"),
    "integrity": _("whether the data was altered"),
    "availability": _("whether the data was unavailable"),
    "unavailable_hours": _("how long the data was unavailable"),
    "backup": _("whether a usable backup existed"),
    "malicious": _("whether anyone acted on purpose"),
    "mitigations": _("what was done to stop misuse"),
}


_CHOICES: dict[str, Any] = {
    "group.vulnerable_people": TriState,
    "group.insight": Insight,
    "group.identification": Identification,
    "exposure": Exposure,
    "encryption": Encryption,
    "integrity": Integrity,
    "availability": Availability,
    "backup": TriState,
    "malicious": Intent,
    "stopped": Stopped,
    "consequence": Consequence,
    "mitigations": Mitigation,
    "category": Category,
    "band": SeverityBand,
    "level": RiskLevel,
    "recommendation": Recommendation,
}

_PARAM_QUESTION = {
    "insight": "group.insight",
    "identification": "group.identification",
}

# Short answers, for inside a sentence.
SHORT_LABELS: dict[str, dict[str, Promise]] = {
    "insight": {
        Insight.NONE: _("nothing real (public or outdated)"),
        Insight.LIMITED: _("only general assumptions"),
        Insight.USUAL: _("what one would expect of such data"),
        Insight.EXTENSIVE: _("enough for a profile"),
        Insight.UNKNOWN: _("not known yet"),
    },
    "identification": {
        Identification.NEGLIGIBLE: _("practically impossible"),
        Identification.LIMITED: _("possible, but difficult"),
        Identification.SIGNIFICANT: _("reasonably easy"),
        Identification.MAXIMUM: _("directly from the data"),
        Identification.UNKNOWN: _("not known yet"),
    },
}

# The questions, as a tip quotes them.
QUESTIONS: dict[str, Promise] = {
    "group.people_count": _("How many people are in the group?"),
    "group.vulnerable_people": _("Are children or other vulnerable people in the group?"),
    "group.insight": _("What does the data reveal about them?"),
    "group.identification": _("How easily can they be identified?"),
    "exposure": _("Who may have got the data?"),
    "encryption": _("Was the data encrypted or hashed?"),
    "integrity": _("Was the data altered?"),
    "availability": _("Was the data unavailable?"),
    "unavailable_hours": _("For how many hours was it unavailable?"),
    "backup": _("Did a usable backup exist?"),
    "malicious": _("Did anyone act on purpose?"),
}

LIKELIHOOD_WORDS: dict[int, Promise] = {
    0: _("ruled out"),
    1: _("unlikely"),
    2: _("possible"),
    3: _("likely"),
}

IMPACT_WORDS: dict[int, Promise] = {
    1: _("limited"),
    2: _("significant"),
    3: _("serious"),
    4: _("very serious"),
}

_DECIMAL_PARAMS = frozenset({"ei", "cb", "score", "c", "i", "a", "m"})
_LISTS = {
    "types": DataType,
    "stopped": Stopped,
    "mitigations": Mitigation,
    "consequences": Consequence,
}


def _label(kind: Any, value: Any) -> str:
    return str(dict(kind.choices).get(value, value))


def join(items: list[str]) -> str:
    """A list in words: "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return str(_("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]})


def people(count: int | None) -> str:
    if count is None:
        return str(_("an unknown number of people"))
    grouped = formats.number_format(count, force_grouping=True)
    return ngettext("%(n)s person", "%(n)s people", count) % {"n": grouped}


def _render_plain(name: str, value: Any) -> str:
    if name == "question":
        return str(QUESTIONS.get(value, value))
    if name.endswith("_short"):
        return str(SHORT_LABELS[name.removesuffix("_short")].get(value, value))
    if name.endswith("_n"):
        return str(value)
    if name == "answer":
        question, answer = value
        key = _PARAM_QUESTION.get(question, question)
        if key == "group.people_count":
            return people(answer)
        if key == "unavailable_hours":
            return hours(answer)
        kind = _CHOICES.get(key)
        return _label(kind, answer) if kind else str(answer)
    if name == "types" and not value:
        return str(_("no type of data given"))
    if name in _LISTS:
        return join([_label(_LISTS[name], item) for item in value])
    if name == "fields":
        return join([str(QUESTION_LABELS.get(item, item)) for item in value])
    if name == "count":
        return people(value)
    if name == "records":
        return formats.number_format(value, force_grouping=True)
    if name == "hours":
        return hours(value)
    if name == "likelihood":
        return str(LIKELIHOOD_WORDS.get(value, value))
    if name == "impact":
        return str(IMPACT_WORDS.get(value, value))
    if name == "group":
        return quoted(value) if value else str(_("Those affected"))
    if name == "whom":
        return quoted(value) if value else str(_("those affected"))
    if name == "many":
        return formats.number_format(value, force_grouping=True)
    if name in _DECIMAL_PARAMS:
        return formats.number_format(number(Decimal(str(value))), use_l10n=True)
    kind = _CHOICES.get(_PARAM_QUESTION.get(name, name))
    if kind is not None:
        return _label(kind, value)
    return str(value)


def _render(name: str, value: Any) -> str:
    """One parameter of a reason, in the active language; a name ending in "_cap" starts a
    sentence."""
    if name.endswith("_cap"):
        text = _render_plain(name.removesuffix("_cap"), value)
        return text[:1].upper() + text[1:]
    return _render_plain(name, value)


def quoted(text: str) -> str:
    """A group's name as the language quotes it."""
    return str(_("“%(text)s”") % {"text": text})


def hours(count: int | None) -> str:
    if count is None:
        return str(_("an unknown time"))
    if count >= 48:
        days, rest = divmod(count, 24)
        if rest == 0:
            return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
        return str(_("%(days)s days and %(hours)s hours") % {"days": days, "hours": rest})
    return ngettext("%(n)s hour", "%(n)s hours", count) % {"n": count}


def number(value: Decimal) -> str:
    """A decimal as stored in a reason: 4.25 as "4.25", 4.00 as "4", never in exponent form."""
    return format(value.normalize(), "f")
