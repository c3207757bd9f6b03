"""Who is told: the people over a case's unit who hold a role, nearest level first."""

from datetime import date

from breachdesk.accounts.models import User
from breachdesk.incidents.models import Incident
from breachdesk.orgs.models import Membership, Role, Unit
from breachdesk.orgs.services import role_holders_by_level


class People:
    """The lookups of this module, remembered for one scheduler run: many cases share their
    unit's role holders and their case officer."""

    def __init__(self) -> None:
        self._levels: dict[tuple[int, str], list[list[Membership]]] = {}
        self._absent: dict[tuple[int, date], bool] = {}

    def levels(self, unit: Unit, role: Role) -> list[list[Membership]]:
        key = (unit.pk, role)
        if key not in self._levels:
            self._levels[key] = role_holders_by_level(unit=unit, role=role)
        return self._levels[key]

    def holders(self, incident: Incident, role: Role) -> list[User]:
        """Every active holder of `role` over `incident`'s unit, at all levels."""
        return [m.user for level in self.levels(incident.unit, role) for m in level]

    def absent(self, user: User, on: date) -> bool:
        key = (user.pk, on)
        if key not in self._absent:
            self._absent[key] = user.is_absent_on(on)
        return self._absent[key]


def dpos_of(*, incident: Incident, people: People | None = None) -> list[User]:
    """The data protection officers over `incident`'s unit."""
    return (people or People()).holders(incident, Role.DPO)


def registrars_of(*, incident: Incident, people: People | None = None) -> list[User]:
    """The registrars who may register `incident`."""
    return (people or People()).holders(incident, Role.REGISTRAR)


def managers_of(*, incident: Incident, people: People | None = None) -> list[User]:
    """The unit's responsible managers at the nearest level; without any, the case officer's
    own manager."""
    levels = (people or People()).levels(incident.unit, Role.RESPONSIBLE_MANAGER)
    if levels:
        return [membership.user for membership in levels[0]]
    assignee = incident.assignee
    if assignee is not None and assignee.manager is not None and assignee.manager.is_active:
        return [assignee.manager]
    return []


def case_officers_of(*, incident: Incident, on: date, people: People | None = None) -> list[User]:
    """Who answers for the clock of `incident` on day `on`: the case officer, and their manager
    too while the case officer is absent; before registration, the registrars."""
    people = people or People()
    assignee = incident.assignee
    if assignee is None or not assignee.is_active:
        return registrars_of(incident=incident, people=people)
    officers = [assignee]
    manager = assignee.manager
    if manager is not None and manager.is_active and people.absent(assignee, on):
        officers.append(manager)
    return officers
