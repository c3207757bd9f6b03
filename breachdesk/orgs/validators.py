"""Validators for Swedish organisation data."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ORG_NUMBER = re.compile(r"^\d{6}-\d{4}$")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_organisation_number(value: str) -> None:
    if not _ORG_NUMBER.match(value):
        raise ValidationError(_("Write the organisation number as NNNNNN-NNNN."))
    if not luhn_valid(value.replace("-", "")):
        raise ValidationError(_("The organisation number's check digit is wrong."))
