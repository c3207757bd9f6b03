from collections.abc import Iterator
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from breachdesk.orgs.diary import CODE_SPACE, counter_year, render_number, short_code


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English here; the Swedish ones in the page tests."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("number_format", "number", "on", "expected"),
    [
        ("{YY}AFN{N}", 70, date(2022, 6, 1), "22AFN70"),
        ("{N}-1.1.2-{YYYY}", 2143, date(2023, 6, 26), "2143-1.1.2-2023"),
        ("{YYYY}/{N:4}", 7, date(2026, 1, 2), "2026/0007"),
        ("PUI-{YY}{MM}{DD}-{N:3}", 12, date(2026, 3, 9), "PUI-260309-012"),
    ],
)
def test_render_the_seed_formats(number_format: str, number: int, on: date, expected: str) -> None:
    assert render_number(number_format, number=number, on=on) == expected


def test_date_and_code_format_has_the_seed_shape() -> None:
    text = render_number("{YY}{MM}{DD}-PERSINC-{CODE}", number=2, on=date(2023, 6, 20))
    assert text.startswith("230620-PERSINC-")
    assert len(text.rsplit("-", 1)[1]) == 4


def test_short_codes_are_distinct_and_unambiguous() -> None:
    codes = [short_code(n) for n in range(1, 50_001)]
    assert len(set(codes)) == len(codes)
    assert not any(set(code) & set("ILOU") for code in codes)


def test_short_codes_run_out_loudly() -> None:
    with pytest.raises(ValueError, match="run out"):
        short_code(CODE_SPACE)


@pytest.mark.parametrize(
    ("number_format", "message"),
    [
        ("{YY}AFN", "must contain {N} or {CODE}"),
        ("{YY}{X}{N}", "Unknown token {X}"),
        ("{YY{N}", "brace"),
        ("{N}}", "brace"),
        ("{N}<script>", "letters, digits"),
    ],
)
def test_bad_formats_are_explained(number_format: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        render_number(number_format, number=1, on=date(2026, 1, 1))


def test_counter_restarts_yearly_only_when_the_year_is_shown() -> None:
    assert counter_year("{YY}AFN{N}", date(2026, 5, 1)) == 2026
    assert counter_year("{YY}{MM}{DD}-PERSINC-{CODE}", date(2026, 5, 1)) == 2026
    assert counter_year("PUI-{N}", date(2026, 5, 1)) == 0
