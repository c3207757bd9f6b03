"""The risk assessment of an incident: the inputs, and the result risk_assess() gave.

The groups of people are stored as a list (`groups`); the columns `data_types`, `people_count`,
`vulnerable_people`, `insight` and `identification` sum them up for everyone affected (every
type of data, the total count, the worst answer), for the documents, the register and the IMY
draft. An assessment keeps the result and the reasons of the method version that made it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from breachdesk.incidents.models.incident import Incident
from breachdesk.incidents.risk.inputs import (
    LEGACY_METHOD_VERSION,
    METHOD_VERSION,
    Availability,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    Intent,
    TriState,
)
from breachdesk.incidents.risk.reasons import Reason
from breachdesk.incidents.risk.scales import Recommendation, RiskLevel, SeverityBand
from breachdesk.incidents.vocabulary import CALLED_OUT_DATA_TYPES, DataType


class RiskAssessment(models.Model):
    """The coordinator's risk assessment: the inputs, and the result computed from them."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="risk_assessment"
    )
    method_version = models.CharField(
        _("method version"), max_length=4, default=METHOD_VERSION, editable=False
    )
    groups = models.JSONField(_("groups of people"), default=list)
    data_types = models.JSONField(_("types of personal data"), default=list)
    vulnerable_people = models.CharField(
        _("children or other vulnerable people"), max_length=8, choices=TriState.choices
    )
    people_count = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    record_count = models.PositiveIntegerField(_("number of records"), null=True, blank=True)
    insight = models.CharField(_("what the data reveals"), max_length=12, choices=Insight.choices)
    identification = models.CharField(
        _("how easily the people can be identified"),
        max_length=12,
        choices=Identification.choices,
    )
    exposure = models.CharField(
        _("how far the data was exposed"), max_length=16, choices=Exposure.choices
    )
    integrity = models.CharField(_("loss of integrity"), max_length=16, choices=Integrity.choices)
    availability = models.CharField(
        _("loss of availability"), max_length=16, choices=Availability.choices
    )
    unavailable_hours = models.PositiveIntegerField(_("hours unavailable"), null=True, blank=True)
    # Blank for an assessment of method 1, which did not ask.
    backup = models.CharField(
        _("a usable backup existed"), max_length=8, choices=TriState.choices, blank=True
    )
    stopped = models.JSONField(_("what the outage stopped"), default=list)
    encryption = models.CharField(_("encryption"), max_length=16, choices=Encryption.choices)
    malicious = models.CharField(_("intent"), max_length=8, choices=Intent.choices)
    consequences = models.JSONField(_("possible consequences"), default=list)
    mitigations = models.JSONField(_("mitigations"), default=list)

    # The result, computed by risk_assess() whenever the inputs are saved.
    dpc = models.PositiveSmallIntegerField(_("data processing context (DPC)"))
    ei = models.DecimalField(_("ease of identification (EI)"), max_digits=3, decimal_places=2)
    cb = models.DecimalField(_("circumstances of the breach (CB)"), max_digits=3, decimal_places=2)
    score = models.DecimalField(_("severity (SE)"), max_digits=4, decimal_places=2)
    band = models.CharField(_("severity"), max_length=10, choices=SeverityBand.choices)
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices
    )
    reasons = models.JSONField(_("reasons"), default=list)
    unknown = models.JSONField(_("not known yet"), default=list)
    assessed_at = models.DateTimeField(_("assessed"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.incident}: {self.get_level_display()}"

    @property
    def legacy(self) -> bool:
        """Made by method 1: its result and reasons stand as they were assessed."""
        return self.method_version == LEGACY_METHOD_VERSION

    def reason_list(self) -> list[Reason]:
        """The reasons to read; the computation (method 2's detail reasons) apart."""
        return [reason for reason in self._reasons() if not reason.detail]

    def detail_reasons(self) -> list[Reason]:
        return [reason for reason in self._reasons() if reason.detail]

    def _reasons(self) -> list[Reason]:
        method = self.method_version
        return [Reason.from_json({"method": method, **item}) for item in self.reasons]

    def called_out(self) -> list[str]:
        """The kinds of data and people that weigh most, present in this assessment: art. 9
        and art. 10 data, personnummer, protected identity, children or vulnerable people."""
        labels = dict(DataType.choices)
        found = [str(labels[kind]) for kind in CALLED_OUT_DATA_TYPES if kind in self.data_types]
        if self.vulnerable_people == TriState.YES:
            found.append(str(_("children or other vulnerable people")))
        return found
