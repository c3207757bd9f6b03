"""Breachdesk's own layout of each document, in the active language.

Each is built from the blocks of layout.py over the placeholders of context.PLACEHOLDERS; the
same layout gives the built-in DOCX template (which a controller can download and adapt) and
the PDF.
"""

from functools import lru_cache

from django.utils.translation import get_language, override, pgettext
from django.utils.translation import gettext as _

from breachdesk.documents.layout import (
    FieldLoop,
    Fields,
    Heading,
    Layout,
    Repeat,
    Table,
    Text,
    When,
    docx_template,
)
from breachdesk.documents.models import DocumentKind


def _case_head() -> Fields:
    return Fields(
        (
            (_("Diary number"), "{{ case.diary_number }}"),
            (_("Unit"), "{{ case.unit }}"),
            (_("Case officer"), "{{ case.case_officer }}"),
        )
    )


def _measures_table() -> Table:
    return Table(
        headers=(_("Measure"), _("Responsible"), _("Due"), _("Done")),
        loop="measure in measures",
        cells=(
            "{{ measure.description }}",
            "{{ measure.responsible }}",
            "{{ measure.due_on }}",
            "{{ measure.done_on }}",
        ),
        widths=(9, 4, 2.2, 2.2),
    )


def _imy_notification() -> Layout:
    return Layout(
        (
            Text(
                _(
                    "A draft to carry over into IMY's e-service. A notification becomes a public "
                    "document at IMY: it names no person affected, gives no personnummer and no "
                    "details of security weaknesses."
                ),
                muted=True,
            ),
            Fields(
                (
                    (_("Notification"), "{{ notification.kind }}"),
                    (_("Deadline (72 hours from discovery)"), "{{ notification.due_at }}"),
                )
            ),
            When(
                "notification.late",
                (
                    Heading(_("Reasons for the delay")),
                    Text("{{ notification.delay_reason }}"),
                ),
            ),
            Repeat(
                "section in imy_sections",
                (
                    Heading("{{ section.title }}"),
                    FieldLoop("fact in section.facts", "{{ fact.label }}", "{{ fact.value }}"),
                ),
            ),
            When(
                "notification.other",
                (Heading(_("Other information")), Text("{{ notification.other }}")),
            ),
        )
    )


def _supplement() -> Layout:
    return Layout(
        (
            Text(
                _(
                    "A draft to carry over into IMY's e-service (supplement to an earlier "
                    "notification, art. 33.4). It holds only what is new since the previous "
                    "submission."
                ),
                muted=True,
            ),
            Fields(
                (
                    (_("Our reference"), "{{ case.diary_number }}"),
                    (_("IMY's case number"), "{{ imy.case_number }}"),
                    (_("First notified"), "{{ supplement.first_notified_at }}"),
                    (_("Previous submission"), "{{ supplement.previous_at }}"),
                    (_("With this supplement the notification is"), "{{ supplement.kind }}"),
                )
            ),
            When(
                "not supplement.known",
                (
                    Text(
                        _(
                            "Breachdesk does not know what the previous submission held, so "
                            "every fact is given."
                        ),
                        muted=True,
                    ),
                ),
            ),
            When(
                "supplement.content",
                (Heading(_("What this supplement adds")), Text("{{ supplement.content }}")),
            ),
            Repeat(
                "section in supplement.sections",
                (
                    Heading("{{ section.title }}"),
                    FieldLoop("fact in section.facts", "{{ fact.label }}", "{{ fact.value }}"),
                ),
            ),
        )
    )


def _letter() -> Layout:
    return Layout(
        (
            Text(
                _(
                    "We are writing to tell you about a personal data incident that concerns "
                    "your personal data."
                )
            ),
            Heading(_("What happened, and why")),
            Text("{{ letter.what_happened }}"),
            Heading(_("What it may lead to")),
            Text("{{ letter.consequences }}"),
            Heading(_("What we have done and will do")),
            Text("{{ letter.measures }}"),
            Heading(_("What you can do yourself")),
            Text("{{ letter.advice }}"),
            Heading(_("Whom to contact")),
            Text("{{ letter.contact }}"),
            Text("{{ controller.name }}\n{{ document.date }}"),
        )
    )


def _decision() -> Layout:
    return Layout(
        (
            _case_head(),
            Heading(_("Decision")),
            When(
                "decision.notified",
                (
                    Text(
                        _(
                            "The personal data incident is notified to the Swedish Authority for "
                            "Privacy Protection (IMY)."
                        )
                    ),
                    When(
                        "imy.notified",
                        (
                            Fields(
                                (
                                    (_("Notified to IMY"), "{{ imy.notified_at }}"),
                                    (_("IMY's case number"), "{{ imy.case_number }}"),
                                )
                            ),
                        ),
                    ),
                ),
            ),
            When(
                "not decision.notified",
                (
                    Text(
                        _(
                            "The personal data incident is not notified to the Swedish Authority "
                            "for Privacy Protection (IMY)."
                        )
                    ),
                    Heading(_("Why IMY is not notified"), 3),
                    Text("{{ imy.reason }}"),
                ),
            ),
            Heading(_("What happened")),
            Text("{{ incident.description }}"),
            When("incident.cause_detail", (Text("{{ incident.cause_detail }}"),)),
            Fields(
                (
                    (_("When it happened"), "{{ incident.occurred_at }}"),
                    (_("When it was discovered"), "{{ incident.discovered_at }}"),
                    (_("Categories of people"), "{{ incident.subject_categories }}"),
                    (_("Number of people"), "{{ incident.affected_count }}"),
                    (_("Categories of personal data"), "{{ incident.data_types }}"),
                    (_("Risk"), "{{ assessment.level }}"),
                )
            ),
            Heading(_("Measures taken and planned")),
            When("measures", (_measures_table(),)),
            When("not measures", (Text(_("No measures recorded.")),)),
            Heading(_("The people affected")),
            Text("{{ subjects.text }}"),
            Heading(_("Decision-maker")),
            When(
                "decision.taken",
                (
                    Text(
                        _("Decided on %(date)s by %(who)s, %(title)s.")
                        % {
                            "date": "{{ decision.date }}",
                            "who": "{{ decision.maker }}",
                            "title": "{{ decision.maker_title }}",
                        }
                    ),
                    When(
                        "decision.delegation",
                        (
                            Text(
                                _("The decision is taken under %(point)s.")
                                % {"point": "{{ decision.delegation }}"}
                            ),
                        ),
                    ),
                    When("decision.note", (Text("{{ decision.note }}"),)),
                ),
            ),
            When(
                "not decision.taken",
                (
                    Text(
                        _("Date: ______________    Decision-maker: ______________________________")
                    ),
                    Text(_("Under the delegation order, point: ______________")),
                ),
            ),
            Text(_("Presented by %(who)s.") % {"who": "{{ decision.presenter }}"}),
            Text(
                _("The decision is sent to the data protection officer (%(dpo)s) for information.")
                % {"dpo": "{{ controller.dpo_name }}"}
            ),
        )
    )


def _committee_columns() -> tuple[str, ...]:
    """The committee report's nine columns, worded as the committee knows them."""
    return (
        pgettext("committee report column", "No."),
        pgettext("committee report column", "Dnr"),
        pgettext("committee report column", "Date of event"),
        pgettext("committee report column", "Incident"),
        pgettext("committee report column", "Unit"),
        pgettext("committee report column", "Responsible manager"),
        pgettext("committee report column", "Measure"),
        pgettext(
            "committee report column",
            "Notification to the Swedish Authority for Privacy Protection",
        ),
        pgettext(
            "committee report column",
            "Decision of the Swedish Authority for Privacy Protection Date / Case no.",
        ),
    )


def _log_columns() -> tuple[str, ...]:
    """The incident log's columns."""
    return (
        pgettext("incident log column", "Date of report"),
        pgettext("incident log column", "Description of the incident"),
        pgettext("incident log column", "Measures"),
        pgettext("incident log column", "Contact with the data protection officer"),
        pgettext(
            "incident log column", "Notification to the Swedish Authority for Privacy Protection"
        ),
    )


def _committee_report() -> Layout:
    return Layout(
        (
            Repeat(
                "section in sections",
                (
                    Heading(
                        _("New incidents since the meeting of %(date)s")
                        % {"date": "{{ section.since }}"}
                    ),
                    When(
                        "section.rows",
                        (
                            Table(
                                headers=_committee_columns(),
                                loop="row in section.rows",
                                cells=(
                                    "{{ row.nr }}.",
                                    "{{ row.dnr }}",
                                    "{{ row.event_date }}",
                                    "{{ row.incident }}",
                                    "{{ row.unit }}",
                                    "{{ row.manager }}",
                                    "{{ row.measures }}",
                                    "{{ row.imy_notified }}",
                                    "{{ row.imy_decision }}",
                                ),
                                widths=(0.9, 2.0, 2.4, 5.4, 2.7, 2.4, 6.2, 3.4, 3.4),
                            ),
                        ),
                    ),
                    When("not section.rows", (Text(_("No new incidents.")),)),
                ),
            ),
        ),
        landscape=True,
    )


def _incident_log() -> Layout:
    return Layout(
        (
            Fields(
                (
                    (_("Period"), "{{ period.start }} – {{ period.end }}"),
                    (_("Unit"), "{{ period.unit }}"),
                )
            ),
            When(
                "rows",
                (
                    Table(
                        headers=_log_columns(),
                        loop="row in rows",
                        cells=(
                            "{{ row.reported_on }}\n{{ row.dnr }}",
                            "{{ row.description }}",
                            "{{ row.measures }}",
                            "{{ row.dpo_contact }}",
                            "{{ row.imy_notified }}",
                        ),
                        widths=(3.2, 9.5, 10.5, 2.8, 3.2),
                    ),
                ),
            ),
            When("not rows", (Text(_("No incidents in the period.")),)),
        ),
        landscape=True,
    )


_LAYOUTS = {
    DocumentKind.IMY_NOTIFICATION: _imy_notification,
    DocumentKind.SUBJECTS_LETTER: _letter,
    DocumentKind.DECISION: _decision,
    DocumentKind.IMY_SUPPLEMENT: _supplement,
    DocumentKind.COMMITTEE_REPORT: _committee_report,
    DocumentKind.INCIDENT_LOG: _incident_log,
}


def builtin_layout(kind: str) -> Layout:
    """The built-in layout of `kind` in the active language."""
    layout = _LAYOUTS[DocumentKind(kind)]()
    return Layout(
        layout.blocks,
        landscape=layout.landscape,
        page_label=(_("Page"), _("of")),
    )


@lru_cache(maxsize=32)
def _builtin_docx(kind: str, language: str) -> bytes:
    with override(language):
        return docx_template(builtin_layout(kind))


@lru_cache(maxsize=32)
def _builtin_layout(kind: str, language: str) -> Layout:
    with override(language):
        return builtin_layout(kind)


def builtin_docx(kind: str) -> bytes:
    """The built-in DOCX template of `kind` in the active language (built once per process)."""
    return _builtin_docx(kind, get_language() or "sv")


def builtin_pdf_layout(kind: str) -> Layout:
    """The built-in layout of `kind` in the active language (built once per process)."""
    return _builtin_layout(kind, get_language() or "sv")
