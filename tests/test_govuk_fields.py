"""Every form field through the design system's field template (breachdesk.lib.govuk)."""

import re
from html.parser import HTMLParser

from django import forms

from breachdesk.lib.forms import Renderer


class Tags(HTMLParser):
    """The start tags of a piece of HTML, in order, with their attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(key) == value for key, value in attrs.items())
        ]


class Kinds(forms.Form):
    reveal = {
        "answer": {"no": ("why",)},
        "secret": {"on": ("kind_of_secret",)},
    }

    loss = forms.BooleanField(label="Loss of confidentiality", required=False)
    integrity = forms.BooleanField(label="Loss of integrity", required=False, help_text="Altered")
    answer = forms.ChoiceField(
        label="Notify?",
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Don't know")],
        widget=forms.RadioSelect,
        help_text="Say what you know.",
    )
    why = forms.CharField(label="Why not", required=False)
    several = forms.MultipleChoiceField(
        label="Which kinds",
        choices=[("a", "Names"), ("b", "Addresses")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    secret = forms.BooleanField(label="Secret", required=False)
    kind_of_secret = forms.CharField(label="Kind of secret", required=False)
    count = forms.IntegerField(label="How many", required=True, help_text="An estimate")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    unit = forms.ChoiceField(label="Unit", choices=[("1", "One")])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("answer") == "no" and not data.get("why"):
            self.add_error("why", "Write why not.")
        return data


def _page(form: forms.Form) -> str:
    return "".join(str(field.as_field_group()) for field in form)


def test_every_box_has_its_own_label_right_after_it() -> None:
    html = _page(Kinds(renderer=Renderer()))
    pairs = re.findall(
        r'<input type="(checkbox|radio)"[^>]*\bid="([^"]+)"[^>]*>\s*'
        r'<label class="govuk-label govuk-(?:checkboxes|radios)__label" for="([^"]+)">([^<]+)<',
        html,
    )
    boxes = Tags(html).all("input", type="checkbox") + Tags(html).all("input", type="radio")
    assert len(pairs) == len(boxes) == 8
    for _type, input_id, label_for, _label in pairs:
        assert input_id == label_for
    labels = {label.strip(): input_id for _type, input_id, _for, label in pairs}
    assert labels["Loss of confidentiality"] == "id_loss"
    assert labels["Loss of integrity"] == "id_integrity"
    assert labels["No"] == "id_answer_1"


def test_no_answer_is_chosen_until_someone_chooses_it() -> None:
    html = _page(Kinds(renderer=Renderer()))
    assert " checked" not in html
    chosen = _page(Kinds({"answer": "unknown", "several": ["b"]}, renderer=Renderer()))
    checked = [tag["id"] for tag in Tags(chosen).all("input") if "checked" in tag]
    assert checked == ["id_answer_2", "id_several_1"]


def test_a_group_is_a_fieldset_whose_legend_is_the_question() -> None:
    html = str(Kinds(renderer=Renderer())["answer"].as_field_group())
    assert re.search(
        r'<fieldset class="govuk-fieldset" aria-describedby="id_answer_helptext">\s*'
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Notify\?</legend>',
        html,
    )
    assert '<div id="id_answer_helptext" class="govuk-hint">Say what you know.</div>' in html


def test_an_error_stands_at_its_field_and_is_announced_with_it() -> None:
    form = Kinds({"answer": "no", "count": "many"}, renderer=Renderer())
    assert not form.is_valid()
    count = str(form["count"].as_field_group())
    assert 'class="govuk-form-group govuk-form-group--error"' in count
    assert re.search(r'<p class="govuk-error-message" id="id_count_error">', count)
    (tag,) = Tags(count).all("input", name="count")
    assert tag["class"] == "govuk-input govuk-input--width-10 govuk-input--error"
    assert tag["aria-describedby"] == "id_count_helptext id_count_error"
    assert tag["aria-invalid"] == "true"
    assert tag["value"] == "many", "what was typed stays"
    # The summary's link for a group goes to its first box; for a field, to the field.
    assert form["answer"].anchor_id == "id_answer_0"  # type: ignore[attr-defined]
    assert form["count"].anchor_id == "id_count"  # type: ignore[attr-defined]


def test_a_revealed_field_is_drawn_once_under_its_answer() -> None:
    form = Kinds({"answer": "no"}, renderer=Renderer())
    form.is_valid()
    html = _page(form)
    assert html.count('name="why"') == 1
    answer = str(form["answer"].as_field_group())
    match = re.search(
        r'<input type="radio" name="answer" value="no" id="id_answer_1" checked '
        r'class="govuk-radios__input" data-aria-controls="([^"]+)">.*?'
        r'<div class="govuk-radios__conditional" id="([^"]+)">(.*?)</div></div>',
        answer,
        re.S,
    )
    assert match is not None
    assert match.group(1) == match.group(2)
    assert 'name="why"' in match.group(3)
    assert "Write why not." in match.group(3), "its error shows where the field is"
    assert str(form["why"].as_field_group()) == "", "on its own it is not drawn again"


def test_a_lone_checkbox_reveals_its_field() -> None:
    html = str(Kinds(renderer=Renderer())["secret"].as_field_group())
    (box,) = Tags(html).all("input", name="secret")
    assert box["data-aria-controls"] == "id_secret_reveal"
    assert re.search(
        r'<div class="govuk-checkboxes__conditional" id="id_secret_reveal">.*name="kind_of_secret"',
        html,
        re.S,
    )


def test_textareas_and_selects_get_the_design_systems_classes() -> None:
    form = Kinds(renderer=Renderer())
    (area,) = Tags(str(form["notes"].as_field_group())).all("textarea")
    assert area["class"] == "govuk-textarea"
    (select,) = Tags(str(form["unit"].as_field_group())).all("select")
    assert select["class"] == "govuk-select"
    label = Tags(str(form["unit"].as_field_group())).all("label")
    assert label == [{"class": "govuk-label govuk-label--s", "for": "id_unit"}]
