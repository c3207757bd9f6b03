"""What a message says, in the language active when it is asked (the recipient's).

The same words serve the e-mail and the list in the application. No message quotes the case:
it names the case by its diary number (or reference before registration) and links to it,
because e-mail leaves the controller's systems (docs/messages.md: no case content in e-mail).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from breachdesk.alerts.models import Alert, AlertKind
from breachdesk.lib.deadlines import IMY_DEADLINE, STOCKHOLM


@dataclass(frozen=True)
class Message:
    subject: str
    lines: list[str]
    path: str


def moment_text(moment: datetime) -> str:
    """A moment in Swedish time, e.g. "31 mars 2026 kl. 13:00"."""
    local = moment.astimezone(STOCKHOLM)
    return _("%(date)s at %(time)s") % {
        "date": date_format(local.date(), "j F Y"),
        "time": local.strftime("%H:%M"),
    }


def day_text(day: date) -> str:
    return date_format(day, "j F Y")


_ROLE_LINES = {
    "case_officer": lambda: _("You receive this message as the case officer."),
    "dpo": lambda: _("You receive this message as the data protection officer."),
    "manager": lambda: _("You receive this message as the unit's responsible manager."),
}


def describe(alert: Alert) -> Message:
    """The subject, the lines and the link of `alert`."""
    incident = alert.incident
    ref = incident.display_number
    controller = incident.controller.name
    data = alert.data
    case_path = reverse("incidents:case", args=[incident.code])
    due_line = _("The deadline for notifying IMY: %(moment)s (Swedish time).") % {
        "moment": moment_text(datetime.fromisoformat(data["due_at"]))
        if "due_at" in data
        else moment_text(incident.imy_due_at)
    }
    kind = alert.kind
    if kind == AlertKind.REPORT_NEW:
        return Message(
            _("New incident report to register: %(ref)s") % {"ref": ref},
            [
                _(
                    "A suspected personal data incident has been reported to %(controller)s. "
                    "Register it in the diary and assign a case officer."
                )
                % {"controller": controller},
                due_line,
            ],
            reverse("incidents:case_register", args=[incident.code]),
        )
    if kind == AlertKind.REPORT_RECEIPT:
        return Message(
            _("Your incident report has been received: %(ref)s") % {"ref": ref},
            [
                _(
                    "Thank you for reporting. Your report to %(controller)s has the reference "
                    "%(ref)s. The registrar registers it and a case officer handles it; you "
                    "can follow it in Breachdesk."
                )
                % {"controller": controller, "ref": ref},
            ],
            reverse("incidents:receipt", args=[incident.code]),
        )
    if kind == AlertKind.ASSIGNED:
        lines = [
            _(
                "The case %(ref)s of %(controller)s has been registered and assigned to you. "
                "Confirm that you have received it, and start the investigation."
            )
            % {"ref": ref, "controller": controller}
        ]
        if data.get("stand_in"):
            lines.append(_("You stand in for the unit's GDPR coordinator, who is absent."))
        return Message(
            _("You are the case officer of %(ref)s") % {"ref": ref}, [*lines, due_line], case_path
        )
    if kind == AlertKind.DEADLINE_REMINDER:
        hours = int(data.get("hours", 0))
        left = int(IMY_DEADLINE.total_seconds() // 3600) - hours
        return Message(
            _("%(ref)s: %(left)s hours left to notify IMY") % {"ref": ref, "left": left},
            [
                _(
                    "%(hours)s hours have passed since the incident in case %(ref)s was "
                    "discovered. By the deadline, IMY must be notified or a decision not to "
                    "notify must be taken (art. 33 GDPR). When unsure, notify: a "
                    "notification can be completed later."
                )
                % {"hours": hours, "ref": ref},
                due_line,
            ],
            case_path,
        )
    if kind == AlertKind.DEADLINE_PASSED:
        lines = [
            _(
                "The 72 hours for notifying IMY in case %(ref)s of %(controller)s have passed, "
                "and IMY has neither been notified nor has a decision not to notify been "
                "taken. Notify IMY as soon as possible; a late notification must give the "
                "reasons for the delay."
            )
            % {"ref": ref, "controller": controller},
            due_line,
        ]
        role_line = _ROLE_LINES.get(str(data.get("as", "")))
        if role_line is not None:
            lines.append(role_line())
        return Message(
            _("%(ref)s: the 72 hours to notify IMY have passed") % {"ref": ref}, lines, case_path
        )
    if kind in (AlertKind.INFORM_DUE, AlertKind.INFORM_OVERDUE):
        values = {"ref": ref, "date": day_text(date.fromisoformat(data["due_on"]))}
        if kind == AlertKind.INFORM_DUE:
            return Message(
                _("%(ref)s: the people affected are to be informed by %(date)s") % values,
                [
                    _(
                        "In case %(ref)s the people affected are to be informed by %(date)s, "
                        "without undue delay (GDPR art. 34). Record it in Breachdesk when it "
                        "is done."
                    )
                    % values
                ],
                case_path,
            )
        return Message(
            _("%(ref)s: the people affected are not yet informed") % values,
            [
                _(
                    "In case %(ref)s the people affected were to be informed by %(date)s, and "
                    "it is not recorded as done."
                )
                % values
            ],
            case_path,
        )
    if kind in (AlertKind.MEASURE_DUE, AlertKind.MEASURE_OVERDUE):
        due_on = date.fromisoformat(data["due_on"])
        values = {"ref": ref, "date": day_text(due_on)}
        if kind == AlertKind.MEASURE_DUE:
            return Message(
                _("%(ref)s: a measure is due on %(date)s") % values,
                [
                    _(
                        "A measure you are responsible for in case %(ref)s is due on "
                        "%(date)s. Record it as done in Breachdesk when it is."
                    )
                    % values
                ],
                case_path,
            )
        return Message(
            _("%(ref)s: a measure is overdue") % values,
            [
                _(
                    "A measure you are responsible for in case %(ref)s was due on %(date)s "
                    "and is not recorded as done."
                )
                % values
            ],
            case_path,
        )
    if kind == AlertKind.ACKNOWLEDGED:
        # A protected case is closed to its registrar once registered: the link goes to the
        # register, where they still see its row (docs/case-file.md).
        path = reverse("incidents:register") if incident.protected else case_path
        return Message(
            _("%(ref)s: the case officer has confirmed receipt") % {"ref": ref},
            [
                _(
                    "%(officer)s, the case officer of case %(ref)s of %(controller)s, has "
                    "confirmed receipt of the case you registered."
                )
                % {"officer": data.get("officer", ""), "ref": ref, "controller": controller}
            ],
            path,
        )
    if kind == AlertKind.DECISION:
        return Message(
            _("%(ref)s: an internal decision for the data protection officer") % {"ref": ref},
            [
                _(
                    "The internal decision in case %(ref)s of %(controller)s has been taken "
                    "and is sent to you as data protection officer. Read it in Breachdesk."
                )
                % {"ref": ref, "controller": controller}
            ],
            case_path,
        )
    return Message(
        _("%(ref)s: IMY has opened supervision") % {"ref": ref},
        [
            _(
                "IMY has opened supervision (tillsyn) in case %(ref)s of %(controller)s. "
                "You receive this message as the data protection officer."
            )
            % {"ref": ref, "controller": controller}
        ],
        case_path,
    )
