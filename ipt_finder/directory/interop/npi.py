"""The National Provider Identifier: ten digits, the last a Luhn check digit."""

import re

from django.core.exceptions import ValidationError

NPI_PATTERN = re.compile(r"[12]\d{9}")
# The check digit is computed as if the NPI were prefixed with 80840 (health, USA).
PREFIX = "80840"


def luhn_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_valid_npi(value):
    return bool(NPI_PATTERN.fullmatch(value or "")) and luhn_valid(PREFIX + value)


def validate_npi(value):
    if not NPI_PATTERN.fullmatch(value):
        raise ValidationError("An NPI is 10 digits and starts with 1 or 2.", code="npi_format")
    if not luhn_valid(PREFIX + value):
        raise ValidationError(
            "This NPI's check digit is wrong: check it for a typo.", code="npi_check_digit"
        )
