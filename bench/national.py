"""A fictional national installation for the page benchmark: the organisation and its people.

Some hundreds of controllers: the ten committees of each of 30 municipalities, four regions
with four committees each, and 24 state agencies. Each has a default diary series, a small unit
tree (an administration, its departments, their sections), a GDPR coordinator per department
and one at the top, a decision-maker, a reporter, and the registrar and DPO it shares with
the other committees of its municipality or region. Every name is invented.

The benchmark personas (`PERSONAS`) hold the roles the pages are timed for: the registrar of
the largest controller, a coordinator of one department subtree of it, the DPO of the
largest municipality's committees, a reporter there, and a DPO shared by enough controllers
to export about 100 000 rows. They log in with `PASSWORD`.
"""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from breachdesk.accounts.models import User
from breachdesk.orgs.models import Controller, DiarySeries, Membership, Role, Unit

PASSWORD = "bench-national-2026"  # noqa: S105 (the published password of fictional accounts)

REGISTRAR, COORDINATOR, DPO, REPORTER, EXPORTER = (
    "bench_registrar",
    "bench_coordinator",
    "bench_dpo",
    "bench_reporter",
    "bench_exporter",
)
PERSONAS = (REGISTRAR, COORDINATOR, DPO, REPORTER, EXPORTER)
EXPORT_ROWS = 100_000

TOWNS = ("Exempelby", "Provköping", "Teststad", "Mallhamn", "Påhittsala", "Övningsvik")
MUNICIPALITIES = 30
REGIONS = 4
SURNAMES = (
    "Exempelsson",
    "Provberg",
    "Testlund",
    "Mallström",
    "Påhittander",
    "Övningsdal",
    "Demoqvist",
    "Fiktivsson",
    "Låtsasberg",
    "Skissholm",
)
FIRST_NAMES = (
    "Alva", "Bo", "Cecilia", "Dan", "Elin", "Filip", "Greta", "Hugo", "Ida", "Jonas", "Karin",
    "Lars", "Maja", "Nils", "Olivia", "Per", "Rut", "Sven", "Tove", "Ulf", "Vera", "Åke",
)  # fmt: skip


@dataclass(frozen=True)
class Kind:
    """A kind of controller: its name, the story texts its cases draw from (the demo's
    controller keys), its share of cases relative to the others, its departments."""

    name: str
    abbreviation: str
    stories: tuple[str, ...]
    weight: float
    administration: str
    departments: tuple[str, ...]


SECTIONS = ("Enhet Norr", "Enhet Söder", "Enhet Centrum")
MUNICIPAL = (
    Kind(
        "Socialnämnden",
        "SN",
        ("sn",),
        12,
        "Socialförvaltningen",
        ("Individ- och familjeomsorgen", "Försörjningsstöd", "Barn och unga", "Funktionsstöd"),
    ),
    Kind(
        "Barn- och utbildningsnämnden",
        "BUN",
        ("bn",),
        8,
        "Utbildningsförvaltningen",
        ("Förskolan", "Grundskolan", "Elevhälsan"),
    ),
    Kind(
        "Vård- och omsorgsnämnden",
        "VON",
        ("sn",),
        8,
        "Omsorgsförvaltningen",
        ("Äldreomsorgen", "Hemtjänsten", "Hälso- och sjukvården"),
    ),
    Kind(
        "Kommunstyrelsen",
        "KS",
        ("sn", "bn", "hs"),
        4,
        "Kommunledningskontoret",
        ("HR-avdelningen", "IT-avdelningen", "Kansliet"),
    ),
    Kind(
        "Gymnasie- och vuxenutbildningsnämnden",
        "GVN",
        ("bn",),
        3,
        "Gymnasieförvaltningen",
        ("Gymnasieskolan", "Vuxenutbildningen"),
    ),
    Kind(
        "Kultur- och fritidsnämnden",
        "KFN",
        ("bn", "hs"),
        1,
        "Kultur- och fritidsförvaltningen",
        ("Biblioteken", "Fritidsgårdarna"),
    ),
    Kind(
        "Miljö- och byggnadsnämnden",
        "MBN",
        ("hs",),
        1,
        "Samhällsbyggnadsförvaltningen",
        ("Bygglov", "Miljötillsyn"),
    ),
    Kind(
        "Tekniska nämnden",
        "TN",
        ("hs",),
        1,
        "Tekniska förvaltningen",
        ("Gata och park", "Vatten och avlopp"),
    ),
    Kind(
        "Överförmyndarnämnden",
        "ÖFN",
        ("sn",),
        1,
        "Överförmyndarkansliet",
        ("Handläggning", "Granskning"),
    ),
    Kind("Valnämnden", "VN", ("hs",), 0.2, "Valkansliet", ("Valadministrationen",)),
)
REGIONAL = (
    Kind(
        "Hälso- och sjukvårdsnämnden",
        "HSN",
        ("sn",),
        7,
        "Hälso- och sjukvårdsförvaltningen",
        ("Primärvården", "Akutsjukvården", "Psykiatrin", "Tandvården"),
    ),
    Kind(
        "Regionstyrelsen",
        "RS",
        ("sn", "hs"),
        3,
        "Regionkansliet",
        ("HR-staben", "Digitaliseringsstaben", "Ekonomistaben"),
    ),
    Kind(
        "Kollektivtrafiknämnden",
        "KTN",
        ("hs",),
        1,
        "Kollektivtrafikförvaltningen",
        ("Färdtjänsten", "Kundtjänst"),
    ),
    Kind(
        "Regionala utvecklingsnämnden",
        "RUN",
        ("hs",),
        1,
        "Regional utveckling",
        ("Näringsliv", "Kultur"),
    ),
)
AGENCY_AREAS = (
    "studiestöd", "socialförsäkring", "arbetsmarknad", "körkort", "lantmäteri", "tillstånd",
    "bidrag", "pensioner", "tull", "statistik", "kriminalvård", "skolinspektion", "folkhälsa",
    "läkemedel", "fordon", "jordbruk", "kultur", "forskning", "migration", "arkiv", "bostäder",
    "energi", "väder", "sjöfart",
)  # fmt: skip
AGENCY = Kind("Exempelverket", "EV", ("hs", "sn"), 1.5, "Verksamheten",
              ("Handläggningsavdelningen", "IT-avdelningen", "Kundtjänst"))  # fmt: skip
# The municipalities' and regions' sizes fall off with their rank: the first is the largest.
SIZE_OFFSET = 4


@dataclass
class UnitPlan:
    unit_id: int
    coordinator: User  # the nearest coordinator: the one who is assigned its cases


@dataclass
class ControllerPlan:
    """What the cases of one controller need to know about it."""

    controller_id: int
    name: str
    kind: Kind
    share: float  # of all cases
    series_id: int
    number_format: str
    registrar: User
    decision_maker: User
    reporter: User
    units: list[UnitPlan] = field(default_factory=list)


@dataclass(frozen=True)
class Node:
    unit: Unit
    depth: int
    parent: "Node | None"


@dataclass(frozen=True)
class Spec:
    """A controller to build: its name, kind, the group (municipality, region or agency)
    whose registrar and DPO it shares, and its relative size."""

    name: str
    kind: Kind
    group: str
    organisation_number: str
    number_format: str
    weight: float


def _organisation_number(prefix: str, serial: int) -> str:
    """NNNNNN-NNNN with a valid check digit (the Luhn algorithm, as for personnummer)."""
    nine = f"{prefix}{serial:05d}"
    total = 0
    for index, char in enumerate(reversed(nine)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return f"{nine[:6]}-{nine[6:]}{(10 - total % 10) % 10}"


def world_specs() -> list[Spec]:
    """Every controller of the installation, largest group first."""
    specs: list[Spec] = []
    for m in range(1, MUNICIPALITIES + 1):
        town = f"{TOWNS[(m - 1) % len(TOWNS)]} {m}"
        number = _organisation_number("2129", m)
        size = 1 / (m + SIZE_OFFSET - 1)
        for kind in MUNICIPAL:
            specs.append(
                Spec(
                    f"{kind.name} i {town}",
                    kind,
                    town,
                    number,
                    f"{{YY}}{kind.abbreviation}{{N}}",
                    kind.weight * size,
                )
            )
    for r in range(1, REGIONS + 1):
        region = f"Region Exempelland {r}"
        number = _organisation_number("2329", r)
        size = 2 / (r + SIZE_OFFSET - 1)
        for kind in REGIONAL:
            specs.append(
                Spec(
                    f"{kind.name} i {region}",
                    kind,
                    region,
                    number,
                    f"{kind.abbreviation} {{YYYY}}-{{N:4}}",
                    kind.weight * size,
                )
            )
    for a, area in enumerate(AGENCY_AREAS, start=1):
        name = f"{AGENCY.name} för {area}"
        fmt = "{N}-1.1.2-{YYYY}" if a % 2 else "{YY}{MM}{DD}-PERSINC-{CODE}"
        specs.append(
            Spec(name, AGENCY, name, _organisation_number("2021", a), fmt, AGENCY.weight / 6)
        )
    return specs


class People:
    """Users made in memory and saved at once, with invented names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.password = make_password(PASSWORD)  # hashed once, for every account
        self.users: list[User] = []

    def new(self, username: str, title: str) -> User:
        user = User(
            username=username,
            first_name=self.rng.choice(FIRST_NAMES),
            last_name=self.rng.choice(SURNAMES),
            title=title,
            email=f"{username}@breachdesk-bench.example",
            password=self.password,
        )
        self.users.append(user)
        return user

    def save(self) -> None:
        User.objects.bulk_create(self.users, batch_size=500)


def world_build(rng: random.Random, size: int) -> list[ControllerPlan]:
    """Create the controllers, units, people and roles; return what the cases need."""
    specs = world_specs()
    total = sum(s.weight for s in specs)
    controllers = Controller.objects.bulk_create(
        [
            Controller(
                name=s.name,
                organisation_number=s.organisation_number,
                dpo_name=f"Dataskyddsombudet för {s.group}",
                dpo_email="dataskyddsombud@breachdesk-bench.example",
                imy_contact_name=f"Registratorn i {s.group}",
                address=f"{s.name}\nBox 1\n999 99 {s.group}",
            )
            for s in specs
        ]
    )
    series = DiarySeries.objects.bulk_create(
        [
            DiarySeries(
                controller=c, name="Personuppgiftsincidenter", number_format=s.number_format
            )
            for c, s in zip(controllers, specs, strict=True)
        ]
    )
    trees = [_unit_tree(c, s.kind, rng) for c, s in zip(controllers, specs, strict=True)]
    _units_save(trees)

    people = People(rng)
    roles: list[tuple[User, Controller, Unit | None, Role]] = []
    shared: dict[tuple[str, Role], User] = {}

    def one_of(group: str, role: Role, title: str) -> User:
        if (group, role) not in shared:
            persona = group == specs[0].group and role == Role.DPO  # the largest municipality's
            username = DPO if persona else f"{role.value}-{len(shared) + 1}"
            shared[group, role] = people.new(username, title)
        return shared[group, role]

    plans: list[ControllerPlan] = []
    for n, (c, s, ds, tree) in enumerate(zip(controllers, specs, series, trees, strict=True)):
        largest = n == 0  # the first controller of the largest municipality
        if largest:
            registrar = people.new(REGISTRAR, "Registrator")
        else:
            registrar = one_of(s.group, Role.REGISTRAR, "Registrator")
        chief = people.new(f"chief-{n + 1}", "Förvaltningschef")
        reporter = people.new(REPORTER if largest else f"reporter-{n + 1}", "Handläggare")
        roles += [
            (registrar, c, None, Role.REGISTRAR),
            (one_of(s.group, Role.DPO, "Dataskyddsombud"), c, None, Role.DPO),
            (chief, c, None, Role.DECISION_MAKER),
            (chief, c, None, Role.RESPONSIBLE_MANAGER),
            (reporter, c, tree[-1].unit, Role.REPORTER),
        ]
        plan = ControllerPlan(
            c.pk, s.name, s.kind, s.weight / total, ds.pk, s.number_format, registrar, chief,
            reporter,
        )  # fmt: skip
        # A coordinator at the top and one per department; a section's cases go to its
        # department's. The persona is the first department's of the largest controller.
        coordinators: dict[int, User] = {}
        for node in tree:
            unit = node.unit
            if node.depth <= 1:
                persona = largest and node.depth == 1 and len(coordinators) == 1
                username = COORDINATOR if persona else f"coordinator-{n + 1}-{len(coordinators)}"
                coordinators[unit.pk] = who = people.new(username, "GDPR-samordnare")
                roles.append((who, c, unit, Role.COORDINATOR))
        for node in tree:
            ids = [int(part) for part in node.unit.path.strip("/").split("/")]
            nearest = next(coordinators[i] for i in reversed(ids) if i in coordinators)
            plan.units.append(UnitPlan(node.unit.pk, nearest))
        plans.append(plan)

    exporter = people.new(EXPORTER, "Dataskyddsombud")
    covered = 0.0
    for c, plan in sorted(zip(controllers, plans, strict=True), key=lambda cp: -cp[1].share):
        if covered * size >= EXPORT_ROWS:
            break
        roles.append((exporter, c, None, Role.DPO))
        covered += plan.share
    people.save()
    Membership.objects.bulk_create(
        [Membership(user=u, controller=c, unit=unit, role=r) for u, c, unit, r in roles],
        batch_size=1000,
    )
    return plans


def _unit_tree(controller: Controller, kind: Kind, rng: random.Random) -> list[Node]:
    """The administration, its departments and some sections, in memory."""
    root = Node(Unit(controller=controller, name=kind.administration), 0, None)
    tree = [root]
    for name in kind.departments:
        department = Node(Unit(controller=controller, name=name), 1, root)
        tree.append(department)
        for section in SECTIONS[: rng.randint(0, len(SECTIONS))]:
            tree.append(Node(Unit(controller=controller, name=section), 2, department))
    return tree


def _units_save(trees: list[list[Node]]) -> None:
    """Save the units level by level and give each its materialised path ("/3/17/42/"), as
    Unit.save() would, in a few statements."""
    nodes = [node for tree in trees for node in tree]
    for level in range(3):
        here = [node for node in nodes if node.depth == level]
        for node in here:
            node.unit.parent_id = node.parent.unit.pk if node.parent is not None else None
        Unit.objects.bulk_create([node.unit for node in here], batch_size=1000)
        for node in here:
            prefix = node.parent.unit.path if node.parent is not None else "/"
            node.unit.path = f"{prefix}{node.unit.pk}/"
    Unit.objects.bulk_update([node.unit for node in nodes], ["path"], batch_size=1000)
