"""The words of a report: where it happened, who and what data were affected.

Kept apart from the models so that the pure risk module can use them too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Location(models.TextChoices):
    CONTROLLER = "controller", _("at our own organisation")
    PROCESSOR = "processor", _("at a processor (personuppgiftsbiträde)")


class Channel(models.TextChoices):
    """How a report came in."""

    BREACHDESK = "breachdesk", _("in Breachdesk, by the reporter")
    EMAIL = "email", _("by e-mail, entered by a registrar")
    PHONE = "phone", _("by telephone, entered by a registrar")
    LETTER = "letter", _("by letter, entered by a registrar")
    IN_PERSON = "in_person", _("in person, entered by a registrar")


class SubjectCategory(models.TextChoices):
    EMPLOYEES = "employees", _("employees")
    STUDENTS = "students", _("students")
    PUPILS = "pupils", _("pupils")
    CHILDREN = "children", _("children")
    GUARDIANS = "guardians", _("guardians")
    PATIENTS = "patients", _("patients")
    CLIENTS = "clients", _("clients of social services")
    APPLICANTS = "applicants", _("applicants")
    PUBLIC = "public", _("members of the public")
    ELECTED = "elected", _("elected representatives")


class DataType(models.TextChoices):
    NAME = "name", _("name")
    PERSONNUMMER = "personnummer", _("personnummer or samordningsnummer")
    CONTACT = "contact", _("contact details")
    HEALTH = "health", _("health (art. 9)")
    ETHNIC = "ethnic", _("racial or ethnic origin (art. 9)")
    POLITICAL = "political", _("political opinions (art. 9)")
    RELIGION = "religion", _("religious or philosophical beliefs (art. 9)")
    TRADE_UNION = "trade_union", _("trade union membership (art. 9)")
    GENETIC = "genetic", _("genetic data (art. 9)")
    BIOMETRIC = "biometric", _("biometric data for identification (art. 9)")
    SEX_LIFE = "sex_life", _("sex life or sexual orientation (art. 9)")
    CRIMINAL = "criminal", _("criminal convictions and offences (art. 10)")
    PROTECTED_IDENTITY = "protected_identity", _("protected identity (skyddade personuppgifter)")
    IDENTITY_DOCUMENT = "identity_document", _("passport, ID card or driving licence numbers")
    BIRTH_DATE = "birth_date", _("date of birth")
    SEX = "sex", _("sex or gender")
    FAMILY = "family", _("civil status or family")
    EMPLOYMENT = "employment", _("employment or CV (education, experience)")
    SOCIAL = "social", _("social circumstances (social services, support)")
    FINANCIAL = "financial", _("financial circumstances (income, debts, benefits)")
    PAYMENT = "payment", _("card or bank account numbers")
    PURCHASES = "purchases", _("orders or purchases")
    CREDENTIALS = "credentials", _("user names or passwords")
    LOCATION = "location", _("location data")
    SCHOOL = "school", _("school records (grades, absence)")


SPECIAL_DATA_TYPES: frozenset[str] = frozenset(
    {
        DataType.HEALTH,
        DataType.ETHNIC,
        DataType.POLITICAL,
        DataType.RELIGION,
        DataType.TRADE_UNION,
        DataType.GENETIC,
        DataType.BIOMETRIC,
        DataType.SEX_LIFE,
    }
)

# What an assessment calls out (the list): art. 9 and art. 10 data, personnummer and
# protected identity, in this order.
CALLED_OUT_DATA_TYPES: tuple[str, ...] = (
    *(kind for kind in DataType.values if kind in SPECIAL_DATA_TYPES),
    DataType.CRIMINAL,
    DataType.PERSONNUMMER,
    DataType.PROTECTED_IDENTITY,
)
