"""What the coordinator fills in for the risk assessment: the choices, `Group` and `RiskInputs`.

"Not known yet" is always the last answer: the rules weigh a fact not known yet as its worst
answer, never as the mildest one. `ORDERS` lists each ordered answer from the mildest to the
worst, the order the tests prove the rules respect (docs/assessment.md).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

METHOD_VERSION = "2"
LEGACY_METHOD_VERSION = "1"  # the method before groups, mitigations and likelihood


class Insight(models.TextChoices):
    """How much the data reveals about the person in its context (ENISA DPC adjustment)."""

    NONE = "none", _("none: already public, outdated, or says nothing real about the person")
    LIMITED = "limited", _("limited: only general assumptions can be drawn")
    USUAL = "usual", _("as one would expect of this kind of data")
    EXTENSIVE = (
        "extensive",
        _("extensive: the volume or the context allows a profile of the person"),
    )
    UNKNOWN = "unknown", _("not known yet")


class Identification(models.TextChoices):
    """ENISA Ease of Identification (EI)."""

    NEGLIGIBLE = "negligible", _("negligible: practically impossible to identify the people")
    LIMITED = "limited", _("limited: possible, but difficult")
    SIGNIFICANT = "significant", _("significant: reasonably easy")
    MAXIMUM = "maximum", _("maximum: the data identifies the people directly")
    UNKNOWN = "unknown", _("not known yet")


class Exposure(models.TextChoices):
    """Who may have got the data: the loss of confidentiality."""

    NONE = "none", _("no loss of confidentiality")
    NO_EVIDENCE = (
        "no_evidence",
        _("exposed, but no sign that anyone has read it (for example a lost device)"),
    )
    KNOWN = "known", _("a known or limited number of recipients")
    WIDE = "wide", _("an unknown number of recipients, or published")
    UNKNOWN = "unknown", _("cannot be established (for example whether data was copied)")


# Method 1's answer "a known and trusted recipient, who has confirmed deletion": method 2 asks
# it as KNOWN with the mitigations TRUSTED_RECIPIENT and DELETION_CONFIRMED.
LEGACY_TRUSTED_DELETED = "trusted_deleted"


class Integrity(models.TextChoices):
    NONE = "none", _("no loss of integrity")
    RECOVERABLE = "recoverable", _("data altered, but the correct data can be restored")
    IRRECOVERABLE = "irrecoverable", _("data altered and cannot be restored")
    UNKNOWN = "unknown", _("cannot be established")


class Availability(models.TextChoices):
    NONE = "none", _("no loss of availability")
    TEMPORARY = "temporary", _("temporarily unavailable")
    PERMANENT = "permanent", _("permanently lost")
    UNKNOWN = "unknown", _("cannot be established")


class Encryption(models.TextChoices):
    """Whether the data was unintelligible to whoever got it."""

    INTACT = "intact", _("encrypted, and the key was not compromised")
    HASHED_SALTED = (
        "hashed_salted",
        _("only the passwords were protected: salted with a slow hash (bcrypt, Argon2, PBKDF2)"),
    )
    HASHED_WEAK = (
        "hashed_weak",
        _("only the passwords were protected: unsalted or with a fast hash (MD5, SHA-1)"),
    )
    COMPROMISED = "compromised", _("encrypted, but the key or the protection may be compromised")
    NONE = "none", _("not encrypted")
    UNKNOWN = "unknown", _("not known yet")


class TriState(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not known yet")


class Intent(models.TextChoices):
    """Whether anyone acted on purpose: an accident, a theft of the carrier, or an attack."""

    NO = "no", _("no: an accident or a mistake")
    THEFT = "theft", _("theft of a device or papers, not aimed at the data")
    YES = "yes", _("yes: an attack, a misuse or someone after the data")
    UNKNOWN = "unknown", _("not known yet")


class Consequence(models.TextChoices):
    IDENTITY_THEFT = "identity_theft", _("identity theft or fraud")
    FINANCIAL_LOSS = "financial_loss", _("financial loss")
    DISCRIMINATION = "discrimination", _("discrimination")
    REPUTATION = "reputation", _("damage to reputation")
    SECRECY = "secrecy", _("loss of confidentiality of information covered by secrecy")
    PHYSICAL_HARM = "physical_harm", _("physical harm (to health or safety)")
    DISTRESS = "distress", _("distress")


class Stopped(models.TextChoices):
    """What the loss of availability stopped."""

    CARE = "care", _("care or treatment")
    PAYMENTS = "payments", _("payments or benefits to the people")
    DECISIONS = "decisions", _("decisions about the people")
    OTHER = "other", _("other services to the people")


class Mitigation(models.TextChoices):
    """What was done, or holds, that makes harm less likely."""

    TRUSTED_RECIPIENT = "trusted_recipient", _("the recipient is known and trusted")
    SECRECY_BOUND = (
        "secrecy_bound",
        _("the recipient is bound by professional secrecy (tystnadsplikt)"),
    )
    DELETION_CONFIRMED = "deletion_confirmed", _("the recipient has confirmed deletion")
    DELETION_REQUESTED = (
        "deletion_requested",
        _("deletion has been asked for, but not confirmed"),
    )
    RECALLED = "recalled", _("the message or the papers were recalled before anyone read them")
    REMOTE_WIPE = "remote_wipe", _("the lost device was wiped remotely")
    CREDENTIALS_RESET = (
        "credentials_reset",
        _("the passwords were reset before they could be used"),
    )


@dataclass(frozen=True)
class Group:
    """One group of people affected, with its own count and its own data."""

    label: str
    people_count: int | None  # None: not known yet
    data_types: frozenset[str]  # values of incidents.vocabulary.DataType
    types_uncertain: bool  # the types could not all be established: there may be more
    vulnerable_people: TriState  # children or other vulnerable people in the group
    insight: Insight
    identification: Identification

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "people_count": self.people_count,
            "data_types": sorted(self.data_types),
            "types_uncertain": self.types_uncertain,
            "vulnerable_people": str(self.vulnerable_people),
            "insight": str(self.insight),
            "identification": str(self.identification),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Group":
        return cls(
            label=str(data.get("label", "")),
            people_count=data.get("people_count"),
            data_types=frozenset(data.get("data_types") or ()),
            types_uncertain=bool(data.get("types_uncertain", False)),
            vulnerable_people=TriState(data.get("vulnerable_people", TriState.UNKNOWN)),
            insight=Insight(data.get("insight", Insight.UNKNOWN)),
            identification=Identification(data.get("identification", Identification.UNKNOWN)),
        )


def everyone(groups: tuple[Group, ...]) -> dict[str, Any]:
    """The groups summed up for everyone affected: every type of data, the total count (not
    known if any group's is not), and the worst answer to each question."""
    counts = [group.people_count for group in groups]

    def worst(name: str) -> str:
        order = ORDERS[name]
        return max((str(getattr(group, name)) for group in groups), key=order.index)

    return {
        "data_types": sorted(set().union(*(group.data_types for group in groups))),
        "people_count": None if None in counts else sum(c for c in counts if c is not None),
        "vulnerable_people": worst("vulnerable_people"),
        "insight": worst("insight"),
        "identification": worst("identification"),
    }


@dataclass(frozen=True)
class RiskInputs:
    """What the coordinator filled in. `None` counts and hours are not known yet, as is every
    UNKNOWN answer."""

    groups: tuple[Group, ...]
    exposure: Exposure
    encryption: Encryption
    integrity: Integrity
    availability: Availability
    unavailable_hours: int | None = None
    backup: TriState = TriState.UNKNOWN  # whether a usable backup existed
    stopped: frozenset[str] = field(default_factory=frozenset)  # values of Stopped
    malicious: Intent = Intent.UNKNOWN
    consequences: frozenset[str] = field(default_factory=frozenset)  # values of Consequence
    mitigations: frozenset[str] = field(default_factory=frozenset)  # values of Mitigation
    record_count: int | None = None  # shown as information; the people are what counts


# Each ordered answer from the mildest to the worst (the properties of tests/test_risk_laws.py).
ORDERS: dict[str, tuple[str, ...]] = {
    "insight": tuple(Insight.values),
    "identification": tuple(Identification.values),
    "vulnerable_people": (TriState.NO, TriState.YES, TriState.UNKNOWN),
    "exposure": tuple(Exposure.values),
    "encryption": tuple(Encryption.values),
    "integrity": tuple(Integrity.values),
    "availability": tuple(Availability.values),
    "backup": (TriState.YES, TriState.NO, TriState.UNKNOWN),
    "malicious": tuple(Intent.values),
}
