"""Who handles a new case (seed 004 §3.2): the unit's coordinator, or their manager."""

from datetime import date

from breachdesk.accounts.models import Absence
from breachdesk.orgs.models import Membership, Role, Unit
from breachdesk.orgs.services import AssignmentReason, coordinator_suggest
from tests.conftest import World

TODAY = date(2026, 11, 23)


def test_suggests_the_coordinator_of_the_unit(world: World) -> None:
    suggestion = coordinator_suggest(unit=world.elderly, on=TODAY)
    assert suggestion.user == world.elderly_coordinator
    assert suggestion.reason == AssignmentReason.COORDINATOR


def test_a_sub_unit_gets_the_coordinator_of_its_parent(world: World) -> None:
    assert coordinator_suggest(unit=world.children, on=TODAY).user == world.coordinator


def test_absent_coordinator_is_replaced_by_their_manager(world: World) -> None:
    Absence.objects.create(user=world.coordinator, starts_on=TODAY, ends_on=TODAY)
    suggestion = coordinator_suggest(unit=world.children, on=TODAY)
    assert suggestion.user == world.manager
    assert suggestion.reason == AssignmentReason.STAND_IN
    assert suggestion.absent_coordinator == world.coordinator


def test_absence_counts_only_on_its_days(world: World) -> None:
    Absence.objects.create(
        user=world.coordinator, starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 22)
    )
    assert coordinator_suggest(unit=world.children, on=TODAY).user == world.coordinator


def test_a_present_second_coordinator_goes_before_the_manager(world: World) -> None:
    Absence.objects.create(user=world.coordinator, starts_on=TODAY, ends_on=TODAY)
    Membership.objects.create(
        user=world.decision_maker, controller=world.social, unit=world.ifo, role=Role.COORDINATOR
    )
    assert coordinator_suggest(unit=world.children, on=TODAY).user == world.decision_maker


def test_nobody_when_coordinator_and_manager_are_both_absent(world: World) -> None:
    Absence.objects.create(user=world.coordinator, starts_on=TODAY, ends_on=TODAY)
    Absence.objects.create(user=world.manager, starts_on=TODAY, ends_on=TODAY)
    suggestion = coordinator_suggest(unit=world.children, on=TODAY)
    assert suggestion.user is None
    assert suggestion.reason == AssignmentReason.NONE


def test_a_coordinator_without_sub_units_does_not_cover_them(world: World) -> None:
    Membership.objects.filter(user=world.coordinator).update(include_subunits=False)
    assert coordinator_suggest(unit=world.children, on=TODAY).user is None
    assert coordinator_suggest(unit=world.ifo, on=TODAY).user == world.coordinator


def test_controller_wide_coordinator_covers_units_without_one(world: World) -> None:
    lonely = Unit.objects.create(controller=world.social, name="Kansliet")
    Membership.objects.create(
        user=world.dpo, controller=world.social, unit=None, role=Role.COORDINATOR
    )
    assert coordinator_suggest(unit=lonely, on=TODAY).user == world.dpo


def test_unit_paths_follow_a_move(world: World) -> None:
    world.ifo.parent = world.elderly
    world.ifo.save()
    world.children.refresh_from_db()
    assert world.children.path == f"/{world.elderly.pk}/{world.ifo.pk}/{world.children.pk}/"
    # The elderly coordinator now covers the moved subtree, but the nearer one still wins.
    assert coordinator_suggest(unit=world.children, on=TODAY).user == world.coordinator
