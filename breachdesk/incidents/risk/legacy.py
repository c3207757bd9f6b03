"""The reasons of method 1, as its assessments stored them.

An assessment keeps the result and the reasons of the method that made it; these are method 1's
texts, kept so that an old case reads as it did (docs/assessment.md, "Versions").
"""

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.risk.inputs import (
    LEGACY_TRUSTED_DELETED,
    Availability,
    Exposure,
    Identification,
    Insight,
    Integrity,
)
from breachdesk.incidents.risk.scales import Category, Recommendation, RiskLevel, SeverityBand
from breachdesk.incidents.vocabulary import DataType

# Answers of method 1 that method 2 no longer offers.
_LEGACY_LABELS: dict[str, Promise] = {
    LEGACY_TRUSTED_DELETED: _("a known and trusted recipient, who has confirmed deletion"),
}


LEGACY_REASON_TEXTS: dict[str, Promise] = {
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
    "dpc_vulnerable_unknown": _(
        "It is not known yet whether children or other vulnerable people are affected, so the "
        "assessment counts them as affected: the data processing context rises by one, to "
        "%(score)s."
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


LEGACY_UNKNOWN_LABELS: dict[str, Promise] = {
    "data_types": _("the types of personal data"),
    "vulnerable_people": _("whether children or other vulnerable people are affected"),
    "people_count": _("how many people are affected"),
    "insight": _("what the data reveals about the people"),
    "identification": _("how easily the people can be identified"),
    "exposure": _("how far the data was exposed"),
    "integrity": _("whether the data was altered"),
    "availability": _("whether the data was unavailable"),
    "unavailable_hours": _("how long the data was unavailable"),
    "encryption": _("whether the data was encrypted"),
    "malicious": _("whether there was malicious intent"),
}


_LEGACY_PARAM_CHOICES: dict[str, type[models.Choices]] = {
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


def legacy_render(name: str, value: Any) -> str:
    """One parameter of a reason, in the active language."""
    if name in _LEGACY_PARAM_CHOICES:
        labels = {**dict(_LEGACY_PARAM_CHOICES[name].choices), **_LEGACY_LABELS}
        return str(labels.get(value, value))
    if name == "types":
        labels = dict(DataType.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if name == "fields":
        return ", ".join(str(LEGACY_UNKNOWN_LABELS.get(item, item)) for item in value)
    if name in _DECIMAL_PARAMS:
        return formats.number_format(format(Decimal(str(value)).normalize(), "f"), use_l10n=True)
    return str(value)
