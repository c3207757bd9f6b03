"""Helpers of the privacy guard's tests: test personnummer and the shapes of findings.

Personnummer here are generated with serial numbers 980-999 (the range of Skatteverket's test
personnummer) or are the well-known test number 19121212-1212.
"""

from dataclasses import dataclass
from datetime import date

from breachdesk.guard.base import Finding, FindingKind


def luhn_digit(nine_digits: str) -> str:
    """The check digit of a personnummer: Luhn over YYMMDDNNN, weights 2, 1, 2, ..."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Number:
    century: str  # "19"
    birth: str  # "YYMMDD" (day + 60 for a samordningsnummer)
    last_four: str  # serial + check digit

    def forms(self) -> dict[str, str]:
        return {
            "YYMMDD-NNNN": f"{self.birth}-{self.last_four}",
            "YYMMDDNNNN": f"{self.birth}{self.last_four}",
            "YYYYMMDD-NNNN": f"{self.century}{self.birth}-{self.last_four}",
            "YYYYMMDDNNNN": f"{self.century}{self.birth}{self.last_four}",
            "YYMMDD+NNNN": f"{self.birth}+{self.last_four}",
            "YYMMDD NNNN": f"{self.birth} {self.last_four}",
        }

    def with_wrong_check_digit(self) -> "Number":
        wrong = str((int(self.last_four[3]) + 1) % 10)
        return Number(self.century, self.birth, self.last_four[:3] + wrong)


def make_number(born: date, serial: str, *, samordning: bool = False) -> Number:
    day = born.day + 60 if samordning else born.day
    birth = f"{born:%y%m}{day:02d}"
    return Number(f"{born:%Y}"[:2], birth, serial + luhn_digit(birth + serial))


TEST_NUMBERS = [
    Number("19", "121212", "1212"),  # Skatteverket's well-known test number
    make_number(date(1985, 3, 14), "982"),
    make_number(date(1948, 7, 1), "987"),
    make_number(date(2003, 11, 30), "991"),
]
SAMORDNINGSNUMMER = make_number(date(1990, 5, 12), "983", samordning=True)


def kinds(findings: list[Finding]) -> list[FindingKind]:
    return [finding.kind for finding in findings]


def without_sensitive(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.kind != FindingKind.SENSITIVE]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]
