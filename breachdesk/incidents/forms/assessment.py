"""The risk assessment's form: the inputs of risk_assess() (docs/assessment.md).

No question starts answered for the coordinator: every single choice is a required radio group
with "Don't know" for facts not known yet, which the rules weigh as their worst answer. Only
what the reporter stated as fact starts filled in (the types of data ticked in the report, the
number of people affected); a second assessment starts from the coordinator's own answers.

The people affected come in groups, each with its own count and data: the form starts with one
and "Add a group of people" sends the form back with one more, keeping every answer given. A
group after the first can be removed by ticking its box.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from breachdesk.incidents.forms.fields import MAX_COUNT
from breachdesk.incidents.models import DataType, Incident, RiskAssessment
from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Group,
    Identification,
    Insight,
    Integrity,
    Intent,
    Mitigation,
    RiskInputs,
    Stopped,
    TriState,
)

UNKNOWN = "unknown"
MAX_GROUPS = 10
ADD_GROUP = "add_group"
GROUP_FIELDS = (
    "label",
    "people_count",
    "data_types",
    "types_uncertain",
    "vulnerable_people",
    "insight",
    "identification",
)


def question(
    choices: Any, label: StrPromise, required: StrPromise, help_text: Any = ""
) -> forms.Field:
    """A required radio group whose answer "not known yet" reads "Don't know", listed last."""
    answers = [(value, text) for value, text in choices if value != UNKNOWN]
    if len(answers) < len(choices):
        answers.append((UNKNOWN, _("Don't know")))
    return forms.ChoiceField(
        label=label,
        choices=answers,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required},
    )


def group_name(index: int, name: str) -> str:
    return f"group{index}_{name}"


def _group_fields(index: int) -> dict[str, forms.Field]:
    number = index + 1
    fields: dict[str, forms.Field] = {
        "label": forms.CharField(
            label=_("Group %(number)s: who are they?") % {"number": number},
            max_length=120,
            required=index > 0,
            help_text=_("For example pupils, guardians, staff or patients.") if index == 0 else "",
            error_messages={"required": _("Say who the people of this group are.")},
        ),
        "people_count": forms.IntegerField(
            label=_("How many people are in the group?"),
            min_value=0,
            max_value=MAX_COUNT,
            required=False,
            help_text=_("An estimate will do. Leave empty if it is not known yet."),
        ),
        "data_types": forms.MultipleChoiceField(
            label=_("What types of personal data about them were affected?"),
            choices=DataType.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=_(
                "Ticked as the report or the last assessment gave them: correct them if the "
                "investigation found otherwise."
            ),
        ),
        "types_uncertain": forms.BooleanField(
            label=_(
                "It cannot be established which types of data were affected: there may be more"
            ),
            required=False,
        ),
        "vulnerable_people": question(
            TriState.choices,
            _("Are children or other vulnerable people in the group?"),
            _("Answer whether children or other vulnerable people are in the group."),
            _("For example pupils, patients or clients of the social services."),
        ),
        "insight": question(
            Insight.choices,
            _("What does the data reveal about them?"),
            _("Answer what the data reveals about the people."),
        ),
        "identification": question(
            Identification.choices,
            _("How easily can they be identified?"),
            _("Answer how easily the people can be identified."),
        ),
    }
    if index > 0:
        fields["remove"] = forms.BooleanField(label=_("Remove this group"), required=False)
    fields["label"].heading = _("Group %(number)s") % {"number": number}  # type: ignore[attr-defined]
    return {group_name(index, name): field for name, field in fields.items()}


_STORED_ANSWERS = (
    "record_count",
    "exposure",
    "encryption",
    "malicious",
    "mitigations",
    "integrity",
    "availability",
    "unavailable_hours",
    "backup",
    "stopped",
    "consequences",
)


class RiskAssessmentForm(forms.Form):
    # The hours and the backup matter only while the data was temporarily unavailable.
    reveal = {"availability": {Availability.TEMPORARY.value: ("unavailable_hours", "backup")}}

    group_count = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_GROUPS, required=False
    )
    record_count = forms.IntegerField(
        label=_("How many records (for example e-mails, files, rows)?"),
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        help_text=_("Shown as information: the assessment weighs the people."),
    )
    exposure = question(
        Exposure.choices,
        _("Who may have got the data?"),
        _("Answer who may have got the data."),
        _("Choose “Don't know” if it cannot be established whether data was copied."),
    )
    encryption = question(
        Encryption.choices,
        _("Was the data encrypted or hashed?"),
        _("Answer whether the data was encrypted."),
    )
    malicious = question(
        Intent.choices,
        _("Did anyone act on purpose?"),
        _("Answer whether anyone acted on purpose."),
    )
    mitigations = forms.MultipleChoiceField(
        label=_("What was done, or holds, that makes misuse less likely?"),
        choices=Mitigation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    integrity = question(
        Integrity.choices,
        _("Was the data altered?"),
        _("Answer whether the data was altered."),
        _(
            "Altered means the content is wrong. Ransomware that encrypts the data makes it "
            "unavailable: answer that under the next question."
        ),
    )
    availability = question(
        Availability.choices,
        _("Was the data unavailable?"),
        _("Answer whether the data was unavailable."),
    )
    unavailable_hours = forms.IntegerField(
        label=_("For how many hours was it unavailable?"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Leave empty if it is not known yet."),
    )
    backup = question(
        TriState.choices,
        _("Did a usable backup exist?"),
        _("Answer whether a usable backup existed."),
    )
    stopped = forms.MultipleChoiceField(
        label=_("If the data was unavailable, what did that stop?"),
        choices=Stopped.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consequences = forms.MultipleChoiceField(
        label=_("Which consequences are possible for the people?"),
        choices=Consequence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self, data: QueryDict | Mapping[str, Any] | None = None, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(data, *args, **kwargs)
        self.adding = data is not None and ADD_GROUP in data
        count = self._count(data)
        if self.adding:
            count = min(MAX_GROUPS, count + 1)
        self.group_total = count
        groups: dict[str, forms.Field] = {}
        for index in range(count):
            groups.update(_group_fields(index))
        self.fields = {"group_count": self.fields.pop("group_count"), **groups, **self.fields}
        self.fields["backup"].required = False  # required while the data was unavailable
        self.initial["group_count"] = count
        if isinstance(data, QueryDict):
            self.data = data.copy()
            self.data["group_count"] = str(count)
        elif data is not None:
            self.data = {**data, "group_count": str(count)}
        self.add_group_after = group_name(count - 1, "remove" if count > 1 else "identification")
        self.can_add_group = count < MAX_GROUPS

    def _count(self, data: QueryDict | Mapping[str, Any] | None) -> int:
        raw = data.get("group_count") if data is not None else self.initial.get("group_count")
        try:
            return max(1, min(MAX_GROUPS, int(raw or 1)))
        except (TypeError, ValueError):
            return 1

    def is_valid(self) -> bool:
        """Not while a group is being added: the form comes back, with no errors yet."""
        return not self.adding and super().is_valid()

    def full_clean(self) -> None:
        if self.adding:
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kept = []
        for index in range(self.group_total):
            if data.get(group_name(index, "remove")):
                for name in GROUP_FIELDS:  # nothing asked of a group being removed
                    self._errors.pop(group_name(index, name), None)
            else:
                kept.append(index)
        first = group_name(kept[0], "label") if kept else None
        if len(kept) > 1 and first and not (data.get(first) or "").strip():
            self.add_error(first, self.fields[first].error_messages["required"])
        if data.get("availability") != Availability.TEMPORARY:
            data["unavailable_hours"] = None
            data["backup"] = TriState.UNKNOWN
        elif not data.get("backup"):
            self.add_error("backup", self.fields["backup"].error_messages["required"])
        if data.get("availability") == Availability.NONE:
            data["stopped"] = []
        return data

    def groups(self) -> tuple[Group, ...]:
        data = self.cleaned_data
        found = []
        for index in range(self.group_total):
            values: dict[str, Any] = {
                name: data.get(group_name(index, name)) for name in GROUP_FIELDS
            }
            if data.get(group_name(index, "remove")):
                continue
            found.append(
                Group(
                    label=(values["label"] or "").strip(),
                    people_count=values["people_count"],
                    data_types=frozenset(values["data_types"] or ()),
                    types_uncertain=bool(values["types_uncertain"]),
                    vulnerable_people=TriState(values["vulnerable_people"]),
                    insight=Insight(values["insight"]),
                    identification=Identification(values["identification"]),
                )
            )
        return tuple(found)

    def inputs(self) -> RiskInputs:
        data = self.cleaned_data
        return RiskInputs(
            groups=self.groups(),
            record_count=data["record_count"],
            exposure=Exposure(data["exposure"]),
            encryption=Encryption(data["encryption"]),
            integrity=Integrity(data["integrity"]),
            availability=Availability(data["availability"]),
            unavailable_hours=data["unavailable_hours"],
            backup=TriState(data["backup"] or TriState.UNKNOWN),
            stopped=frozenset(data["stopped"]),
            malicious=Intent(data["malicious"]),
            consequences=frozenset(data["consequences"]),
            mitigations=frozenset(data["mitigations"]),
        )

    @staticmethod
    def first_initial(incident: Incident) -> dict[str, Any]:
        """What the form starts with before the first assessment: only the facts the reporter
        stated (the types of data ticked, the number of people). Every judgement is left to the
        coordinator, with no answer chosen."""
        return {
            "group_count": 1,
            group_name(0, "data_types"): incident.data_types,
            group_name(0, "people_count"): incident.affected_count,
        }

    @staticmethod
    def initial_from(assessment: RiskAssessment, groups: tuple[Group, ...]) -> dict[str, Any]:
        """The answers of `assessment`, to start a new one from; a question its method did not
        ask stays unanswered."""
        initial: dict[str, Any] = {
            "group_count": len(groups),
            **{name: getattr(assessment, name) for name in _STORED_ANSWERS},
        }
        for index, group in enumerate(groups):
            for name, value in group.to_json().items():
                initial[group_name(index, name)] = value
        return initial
