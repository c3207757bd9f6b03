"""Fields and widgets the incident's forms share: dates and times in a sensible range, Swedish
wall-clock times with the autumn's repeated hour asked about, and the choice fields.

Every date of a case lies from EARLIEST on; a date or time of what already happened (`past`)
lies no later than now (times with CLOCK_SKEW of allowance for a fast clock), any other date
no later than LATEST. A time is typed as the wall clock in Stockholm showed it: the hour the
clocks go back in October comes twice, so the field asks which of the two is meant (summer or
winter time); the hour skipped in March never came, and the field says so.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import BaseTemporalField
from django.forms.renderers import BaseRenderer, get_default_renderer
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from breachdesk.lib.deadlines import STOCKHOLM

# A reporter's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=10)
MAX_COUNT = 100_000_000
TEXT = forms.Textarea(attrs={"rows": 4})

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
FOLD_SUFFIX = "_fold"
FOLD_TEMPLATE = "incidents/widgets/fold_choice.html"


def today_local() -> date:
    return timezone.now().astimezone(STOCKHOLM).date()


def _day(value: date) -> str:
    return value.isoformat()


# Wall-clock times in Stockholm ------------------------------------------------------------


@dataclass(frozen=True)
class WallTime:
    """A time as typed, read against Stockholm's clock changes."""

    naive: datetime

    def at(self, fold: int) -> datetime:
        return self.naive.replace(tzinfo=STOCKHOLM, fold=fold)

    @property
    def repeated(self) -> bool:
        """The clocks showed this time twice (the autumn's change back)."""
        first, second = self.at(0), self.at(1)
        return first.utcoffset() != second.utcoffset() and not self.missing

    @property
    def missing(self) -> bool:
        """The clocks never showed this time (the spring's change forward)."""
        first = self.at(0)
        return first.astimezone(UTC).astimezone(STOCKHOLM).replace(tzinfo=None) != self.naive

    def words(self) -> dict[str, str]:
        return {
            "time": self.naive.strftime("%H:%M"),
            "date": dateformat.format(self.naive, "j F"),
        }

    def option_label(self, fold: int) -> str:
        moment = self.at(fold)
        offset = int((moment.utcoffset() or timedelta(0)).total_seconds() // 3600)
        words = {**self.words(), "name": moment.tzname() or "", "offset": f"{offset:+d}"}
        if moment.dst():
            return _("%(time)s in summer time (%(name)s, UTC%(offset)s), the first time") % words
        return _("%(time)s in winter time (%(name)s, UTC%(offset)s), an hour later") % words


class TypedTime(str):
    """The text of a date and time input, with the answer to "which one?" when the time was
    one of the autumn's repeated hour (0: the first, in summer time; 1: the second)."""

    fold: int | None

    def __new__(cls, text: str, fold: int | None = None) -> "TypedTime":
        typed = super().__new__(cls, text)
        typed.fold = fold
        return typed


def _fold_of(raw: Any) -> int | None:
    return {"0": 0, "1": 1}.get(str(raw)) if raw is not None else None


def _wall_time_of(value: Any) -> tuple[WallTime, int | None] | None:
    """The wall-clock time a widget shows for `value` (what was typed, or the initial value),
    with the fold chosen for it, if any."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(STOCKHOLM)
            return WallTime(value.replace(tzinfo=None)), value.fold
        return WallTime(value), value.fold
    if isinstance(value, str):
        try:
            naive = parse_datetime(value.strip())
        except ValueError:
            return None
        if naive is None or naive.tzinfo is not None:
            return None
        if not EARLIEST <= naive.date() <= LATEST:
            return None
        return WallTime(naive), getattr(value, "fold", None)
    return None


class LocalDateTimeInput(forms.DateTimeInput):
    """A date and time box; for a time of the autumn's repeated hour, two radio buttons under
    it ask which of the two is meant (named `<name>_fold`)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        text = data.get(name)
        if not isinstance(text, str):
            return text
        return TypedTime(text, _fold_of(data.get(name + FOLD_SUFFIX)))

    def fold_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        found = _wall_time_of(value)
        if found is None or not found[0].repeated:
            return {}
        wall, fold = found
        base = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return {
            "name": name + FOLD_SUFFIX,
            "legend": _("Which %(time)s on %(date)s?") % wall.words(),
            "options": [
                {
                    "id": f"{base}{FOLD_SUFFIX}_{option}",
                    "value": str(option),
                    "label": wall.option_label(option),
                    "checked": fold == option,
                }
                for option in (0, 1)
            ],
        }

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        html = super().render(name, value, attrs, renderer)
        choice = self.fold_context(name, value, attrs)
        if not choice:
            return html
        question = (renderer or get_default_renderer()).render(FOLD_TEMPLATE, choice)
        return mark_safe(html + question)  # noqa: S308 - both are rendered templates


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# The fields --------------------------------------------------------------------------------


class LocalDateField(forms.DateField):
    """A date from EARLIEST; with `past`, not after today (in Stockholm), else not after
    LATEST."""

    widget = DateInput

    def __init__(self, *, past: bool = False, **kwargs: Any) -> None:
        self.past = past
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if not isinstance(value, date):
            return
        if self.past:
            if value > today_local():
                raise ValidationError(_("The date cannot be in the future."), code="future")
            if value < EARLIEST:
                raise ValidationError(
                    _("Give a date from %(earliest)s until today.") % {"earliest": _day(EARLIEST)},
                    code="too_early",
                )
        elif not EARLIEST <= value <= LATEST:
            raise ValidationError(
                _("Give a date between %(earliest)s and %(latest)s.")
                % {"earliest": _day(EARLIEST), "latest": _day(LATEST)},
                code="out_of_range",
            )


class LocalDateTimeField(forms.DateTimeField):
    """A moment typed as Stockholm's wall clock showed it, from EARLIEST; with `past`, not
    later than now (with CLOCK_SKEW), else not after LATEST. A time of the autumn's repeated
    hour needs the answer to "which one?"; a time of the spring's skipped hour is refused."""

    widget = LocalDateTimeInput

    def __init__(self, *, past: bool = False, **kwargs: Any) -> None:
        self.past = past
        super().__init__(**kwargs)

    def _range_error(self) -> ValidationError:
        if self.past:
            return ValidationError(
                _("Give a time from %(earliest)s 00:00 until now.") % {"earliest": _day(EARLIEST)},
                code="too_early",
            )
        return ValidationError(
            _("Give a time between %(earliest)s and %(latest)s.")
            % {"earliest": _day(EARLIEST), "latest": _day(LATEST)},
            code="out_of_range",
        )

    def _future_error(self) -> ValidationError:
        return ValidationError(_("The time cannot be in the future."), code="future")

    def _naive(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, time.min)
        text = str(value).strip()
        try:
            parsed = parse_datetime(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if parsed is not None:
            return parsed
        found = BaseTemporalField.to_python(self, text)
        if not isinstance(found, datetime):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return found

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        parsed = self._naive(value)
        # The range first, on the wall time, so that no conversion can overflow.
        wall_day = parsed.replace(tzinfo=None).date()
        if wall_day < EARLIEST:
            raise self._range_error()
        if wall_day > LATEST:
            raise self._future_error() if self.past else self._range_error()
        if timezone.is_aware(parsed):
            return parsed
        wall = WallTime(parsed)
        if wall.missing:
            raise ValidationError(
                _(
                    "%(time)s on %(date)s never came: that night the clocks went forward an "
                    "hour, to summer time. Check the time; perhaps it was %(later)s."
                )
                % {
                    **wall.words(),
                    "later": wall.at(0).astimezone(UTC).astimezone(STOCKHOLM).strftime("%H:%M"),
                },
                code="nonexistent",
            )
        if wall.repeated:
            fold = getattr(value, "fold", None)
            if isinstance(value, datetime) and timezone.is_naive(value):
                fold = value.fold
            if fold is None:
                raise ValidationError(
                    _("%(time)s on %(date)s happened twice; which one?") % wall.words(),
                    code="ambiguous",
                )
            # In UTC: Python never finds a time of the repeated hour equal to one of another zone.
            return wall.at(fold).astimezone(UTC)
        return wall.at(0).astimezone(UTC)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.past and isinstance(value, datetime) and value > timezone.now() + CLOCK_SKEW:
            raise self._future_error()


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.controller.name} – {obj.name}"


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.title})" if obj.title else str(obj)


def radio(choices: Any, label: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, help_text=help_text
    )


__all__ = [
    "CLOCK_SKEW",
    "EARLIEST",
    "LATEST",
    "MAX_COUNT",
    "TEXT",
    "DateInput",
    "LocalDateField",
    "LocalDateTimeField",
    "LocalDateTimeInput",
    "PersonChoiceField",
    "UnitChoiceField",
    "radio",
]
