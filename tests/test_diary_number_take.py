"""Diary numbers: the next one, per year, without gaps, also under concurrency."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from breachdesk.orgs.models import Controller, DiaryCounter, DiarySeries
from breachdesk.orgs.services import diary_number_take
from tests.threads import at_the_same_moment


def _series(number_format: str = "{YY}AFN{N}") -> DiarySeries:
    controller = Controller.objects.create(name="Nämnd", organisation_number="212999-0004")
    return DiarySeries.objects.create(controller=controller, name="S", number_format=number_format)


def _take(series: DiarySeries, on: date) -> str:
    with transaction.atomic():
        return diary_number_take(series=series, on=on).text


@pytest.mark.django_db
def test_register_gives_next_number_in_series() -> None:
    series = _series()
    taken = [_take(series, date(2022, 6, 1)) for _ in range(3)]
    assert taken == ["22AFN1", "22AFN2", "22AFN3"]


@pytest.mark.django_db
def test_counter_restarts_when_the_year_changes() -> None:
    series = _series("{N}-1.1.2-{YYYY}")
    assert _take(series, date(2025, 12, 31)) == "1-1.1.2-2025"
    assert _take(series, date(2025, 12, 31)) == "2-1.1.2-2025"
    assert _take(series, date(2026, 1, 1)) == "1-1.1.2-2026"
    assert _take(series, date(2025, 12, 31)) == "3-1.1.2-2025"


@pytest.mark.django_db
def test_counter_never_restarts_without_a_year_in_the_format() -> None:
    series = _series("PUI-{N:4}")
    assert _take(series, date(2025, 12, 31)) == "PUI-0001"
    assert _take(series, date(2026, 1, 1)) == "PUI-0002"


@pytest.mark.django_db
def test_a_rolled_back_registration_leaves_no_gap() -> None:
    series = _series()
    assert _take(series, date(2026, 2, 1)) == "26AFN1"
    with pytest.raises(RuntimeError, match="changed my mind"), transaction.atomic():
        diary_number_take(series=series, on=date(2026, 2, 1))
        raise RuntimeError("changed my mind")
    assert _take(series, date(2026, 2, 1)) == "26AFN2"


@pytest.mark.django_db(transaction=True)
def test_taking_a_number_outside_a_transaction_is_refused() -> None:
    series = _series()
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        diary_number_take(series=series, on=date(2026, 1, 1))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing_counter", [True, False])
def test_concurrent_registrars_get_unique_gapless_numbers(existing_counter: bool) -> None:
    """Many threads, each with its own database connection, take numbers at the same moment."""
    series = _series()
    if existing_counter:
        DiaryCounter.objects.create(series=series, year=2026, last_number=0)
    threads_count, per_thread = 8, 10
    results: list[str] = []
    lock = threading.Lock()

    def work(_number: int) -> None:
        for _ in range(per_thread):
            text = _take(series, date(2026, 4, 1))
            with lock:
                results.append(text)

    errors = at_the_same_moment(work, threads_count)
    assert errors == []
    total = threads_count * per_thread
    assert sorted(results, key=lambda text: int(text[5:])) == [
        f"26AFN{n}" for n in range(1, total + 1)
    ]
    assert DiaryCounter.objects.get(series=series, year=2026).last_number == total
    assert connection.vendor in {"sqlite", "postgresql"}
