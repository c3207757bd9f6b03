"""The scales the assessment reports on: ENISA's data categories and severity bands, the risk
to the people's rights and freedoms, and the recommendation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.IntegerChoices):
    """ENISA's data categories, valued at their basic DPC score."""

    SIMPLE = 1, _("simple")
    BEHAVIOURAL = 2, _("behavioural")
    FINANCIAL = 3, _("financial")
    SENSITIVE = 4, _("sensitive")


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
