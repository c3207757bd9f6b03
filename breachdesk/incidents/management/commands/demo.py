"""manage.py demo: build a fictional demo world of three controllers, people and incidents.

Every name, number and address here is invented. Phone numbers come from the series that the
Swedish Post and Telecom Authority (PTS) reserves for fiction (08-465 004 xx).

The world is built once: when it already exists the command only prints the logins. The demo
incidents go through the real services with moments over the last ten months (the services'
`now=`), so diary numbers, audit events, clocks and alerts are real. Most cases acknowledged
months ago are carried further by `demo_cases`: investigation, contacts, measures, the risk
assessment, the decisions on IMY and the people affected, the notification to IMY and its
answer, the internal decision, closing; a few are closed as not a personal data incident. So
the demo shows cases in every state. `--incidents N` adds N benchmark incidents with
bulk_create, without audit events.
"""

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from breachdesk.accounts.models import Absence, User
from breachdesk.alerts.models import Alert, AlertKind, MailState
from breachdesk.documents.services import committee_report_produce
from breachdesk.incidents.management.demo_cases import HANDLINGS, DemoCase, carry_cases
from breachdesk.incidents.models import DataType as D
from breachdesk.incidents.models import Incident, Location, ProtectionReason
from breachdesk.incidents.models import SubjectCategory as S
from breachdesk.incidents.services import (
    ReportFacts,
    incident_acknowledge,
    incident_protect,
    incident_register,
    incident_report,
    protected_reader_add,
)
from breachdesk.incidents.workflow import State
from breachdesk.lib.deadlines import STOCKHOLM, imy_due_at
from breachdesk.orgs.models import (
    Committee,
    Controller,
    DiarySeries,
    Meeting,
    Membership,
    Role,
    Unit,
)
from breachdesk.orgs.services import coordinator_suggest, nearest_role_holder
from breachdesk.orgs.validators import luhn_valid

SEED = 2026
PASSWORD = "demo"  # noqa: S105 (the published password of fictional demo accounts)
ADDRESS = "http://127.0.0.1:8000/"
BATCH = 5000
BULK_PREFIX = "PUI-B-"  # service references are PUI-XXXX-XXXX, so these never collide


@dataclass(frozen=True)
class ControllerSpec:
    key: str
    name: str
    org_prefix: str  # nine digits; the Luhn check digit is computed
    number_format: str
    committee: str
    meetings: tuple[str, ...]  # MM-DD in 2026
    address: str
    dpo: str  # usernames of personas
    imy_contact: str
    units: tuple[tuple[str, tuple[str, ...]], ...]


CONTROLLERS = (
    ControllerSpec(
        key="sn",
        name="Socialnämnden i Exempelby",
        org_prefix="212999010",
        number_format="{YY}AFN{N}",
        committee="Socialnämnden",
        meetings=("01-28", "03-25", "05-27", "08-26", "10-21", "12-09"),
        address="Exempelby kommun\nSocialnämnden\nBox 101\n999 91 Exempelby",
        dpo="dpo",
        imy_contact="coordinator",
        units=(
            ("Individ- och familjeomsorgen", ("Barn och unga", "Försörjningsstöd")),
            ("Äldreomsorgen", ("Hemtjänst Norr", "Särskilt boende Solgården")),
        ),
    ),
    ControllerSpec(
        key="bn",
        name="Bildningsnämnden i Exempelby",
        org_prefix="212999020",
        number_format="{YY}{MM}{DD}-PERSINC-{CODE}",
        committee="Bildningsnämnden",
        meetings=("02-05", "04-16", "06-11", "09-17", "11-12", "12-10"),
        address="Exempelby kommun\nBildningsnämnden\nBox 102\n999 91 Exempelby",
        dpo="dpo",
        imy_contact="coordinator2",
        units=(
            ("Grundskolan", ("Ekbackens skola", "Tallåsens skola")),
            ("Vuxenutbildningen", ()),
        ),
    ),
    ControllerSpec(
        key="hs",
        name="Högskolan i Exempelstad",
        org_prefix="202999030",
        number_format="{N}-1.1.2-{YYYY}",
        committee="Högskolestyrelsen",
        meetings=("02-12", "04-23", "06-18", "09-24", "11-19", "12-17"),
        address="Högskolan i Exempelstad\nBox 303\n999 93 Exempelstad",
        dpo="uni_dpo",
        imy_contact="uni_coordinator",
        units=(
            ("Institutionen för samhällsvetenskap", ()),
            ("Biblioteket", ()),
            ("Avdelningen för IT", ()),
            ("Studentavdelningen", ()),
        ),
    ),
)


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    title: str
    domain: str
    role: str  # for the login table


MUNI, UNI = "exempelby.se", "exempelstad.se"
# fmt: off
PERSONAS = (
    Persona("reporter", "Rut", "Exempelsson", "Socialsekreterare", MUNI,
            "reporter, Barn och unga (Socialnämnden)"),
    Persona("registrar", "Reidar", "Provberg", "Registrator", MUNI,
            "registrar, Socialnämnden and Bildningsnämnden"),
    Persona("coordinator", "Cecilia", "Testström", "GDPR-samordnare", MUNI,
            "GDPR coordinator, Individ- och familjeomsorgen"),
    Persona("coordinator2", "Cornelia", "Demodotter", "GDPR-samordnare", MUNI,
            "GDPR coordinator, Grundskolan (Bildningsnämnden)"),
    Persona("manager", "Magnus", "Fiktiv", "Verksamhetschef", MUNI,
            "responsible manager and decision-maker, Individ- och familjeomsorgen; "
            "manager of coordinator"),
    Persona("dpo", "Dagny", "Låtsasson", "Dataskyddsombud", MUNI,
            "data protection officer, Socialnämnden and Bildningsnämnden"),
    Persona("care_worker", "Kim", "Provström", "Undersköterska", MUNI,
            "reporter, Hemtjänst Norr (Socialnämnden)"),
    Persona("elder_coordinator", "Elsa", "Exempeldahl", "GDPR-samordnare", MUNI,
            "GDPR coordinator, Äldreomsorgen; absent these days"),
    Persona("elder_manager", "Erik", "Testberg", "Verksamhetschef", MUNI,
            "responsible manager and decision-maker, Äldreomsorgen; stands in for "
            "elder_coordinator"),
    Persona("school_teacher", "Sara", "Demoqvist", "Lärare", MUNI,
            "reporter, Ekbackens skola (Bildningsnämnden)"),
    Persona("adult_coordinator", "Vera", "Fiktivgren", "GDPR-samordnare", MUNI,
            "GDPR coordinator, Vuxenutbildningen (Bildningsnämnden)"),
    Persona("uni_registrar", "Ulrika", "Exempelgren", "Registrator", UNI,
            "registrar, Högskolan i Exempelstad"),
    Persona("uni_coordinator", "Urban", "Testlund", "Informationssäkerhetssamordnare", UNI,
            "GDPR coordinator, Högskolan i Exempelstad"),
    Persona("uni_dpo", "Ingrid", "Demolin", "Dataskyddsombud", UNI,
            "data protection officer, Högskolan i Exempelstad"),
    Persona("teacher", "Tove", "Fiktivsson", "Universitetslektor", UNI,
            "reporter, Institutionen för samhällsvetenskap (Högskolan)"),
    Persona("school_director", "Bo", "Exempelholm", "Förvaltningschef", MUNI,
            "decision-maker and responsible manager, Bildningsnämnden"),
    Persona("uni_director", "Hedda", "Provlind", "Förvaltningschef", UNI,
            "decision-maker and responsible manager, Högskolan i Exempelstad"),
    Persona("admin", "Ada", "Systemsson", "Systemförvaltare", MUNI,
            "administrator (superuser), all controllers"),
)
# fmt: on

IFO, ELDER = "Individ- och familjeomsorgen", "Äldreomsorgen"
MEMBERSHIPS: tuple[tuple[str, str, str | None, Role], ...] = (
    ("reporter", "sn", "Barn och unga", Role.REPORTER),
    ("registrar", "sn", None, Role.REGISTRAR),
    ("registrar", "bn", None, Role.REGISTRAR),
    ("coordinator", "sn", IFO, Role.COORDINATOR),
    ("coordinator2", "bn", "Grundskolan", Role.COORDINATOR),
    ("manager", "sn", IFO, Role.RESPONSIBLE_MANAGER),
    ("manager", "sn", IFO, Role.DECISION_MAKER),
    ("dpo", "sn", None, Role.DPO),
    ("dpo", "bn", None, Role.DPO),
    ("care_worker", "sn", "Hemtjänst Norr", Role.REPORTER),
    ("elder_coordinator", "sn", ELDER, Role.COORDINATOR),
    ("elder_manager", "sn", ELDER, Role.RESPONSIBLE_MANAGER),
    ("elder_manager", "sn", ELDER, Role.DECISION_MAKER),
    ("school_teacher", "bn", "Ekbackens skola", Role.REPORTER),
    ("adult_coordinator", "bn", "Vuxenutbildningen", Role.COORDINATOR),
    ("school_director", "bn", None, Role.RESPONSIBLE_MANAGER),
    ("school_director", "bn", None, Role.DECISION_MAKER),
    ("uni_registrar", "hs", None, Role.REGISTRAR),
    ("uni_coordinator", "hs", None, Role.COORDINATOR),
    ("uni_dpo", "hs", None, Role.DPO),
    ("teacher", "hs", "Institutionen för samhällsvetenskap", Role.REPORTER),
    ("uni_director", "hs", None, Role.RESPONSIBLE_MANAGER),
    ("uni_director", "hs", None, Role.DECISION_MAKER),
    ("admin", "sn", None, Role.ADMINISTRATOR),
    ("admin", "bn", None, Role.ADMINISTRATOR),
    ("admin", "hs", None, Role.ADMINISTRATOR),
)
MANAGERS = {"coordinator": "manager", "elder_coordinator": "elder_manager"}
REGISTRARS = {"sn": "registrar", "bn": "registrar", "hs": "uni_registrar"}
REPORTERS = {"sn": "reporter", "bn": "school_teacher", "hs": "teacher"}
UNIT_REPORTERS = {
    "Hemtjänst Norr": "care_worker",
    "Särskilt boende Solgården": "care_worker",
    ELDER: "elder_manager",
    "Vuxenutbildningen": "adult_coordinator",
    "Biblioteket": "uni_coordinator",
    "Avdelningen för IT": "uni_coordinator",
    "Studentavdelningen": "uni_registrar",
}
ELDER_UNITS = frozenset({ELDER, "Hemtjänst Norr", "Särskilt boende Solgården"})


@dataclass(frozen=True)
class Story:
    key: str
    unit: str
    text: str  # {date}: the day it happened; {n}: the number of people affected
    subjects: tuple[str, ...]
    data: tuple[str, ...]
    low: int
    high: int
    processor: str = ""
    data_other: str = ""


# fmt: off
STORIES = (
    Story("sn", "Barn och unga",
          "En socialsekreterare skickade den {date} en utredning om ett barn till en extern "
          "utförare med vanlig e-post i stället för via Sefos (meddelandesäkerhet). Bilagan "
          "innehöll namn, personnummer och uppgifter om familjens situation. Mottagaren är "
          "behörig, men meddelandet skickades okrypterat.",
          (S.CHILDREN, S.GUARDIANS), (D.NAME, D.PERSONNUMMER, D.SOCIAL, D.HEALTH), 2, 5),
    Story("sn", IFO,
          "Ett e-postmeddelande med ämnesraden \"Kallelse till rehabmöte\" och medarbetarens namn"
          " skickades okrypterat den {date}, och i kopia till en kollega med samma förnamn i "
          "stället för till HR-konsulten.",
          (S.EMPLOYEES,), (D.NAME, D.HEALTH), 1, 1),
    Story("sn", "Hemtjänst Norr",
          "Omsorgsappen, som hemtjänsten använder för insatser, nycklar och larm, var "
          "otillgänglig i cirka fyra timmar den {date}. Personalen kunde inte se vilka insatser"
          " som skulle utföras hos brukarna och flera besök blev försenade. Omsorgsdata AB "
          "utreder orsaken.",
          (S.CLIENTS,), (D.NAME, D.CONTACT, D.HEALTH), 150, 240, "Omsorgsdata AB"),
    Story("sn", "Försörjningsstöd",
          "Ett beslut om försörjningsstöd lades i fel kuvert och skickades till en annan "
          "sökande. Mottagaren ringde den {date} och berättade att brevet gällde någon annan. "
          "Beslutet innehöll namn, adress, inkomster och hyreskostnad.",
          (S.CLIENTS,), (D.NAME, D.CONTACT, D.FINANCIAL, D.SOCIAL), 1, 2),
    Story("sn", "Försörjningsstöd",
          "En handläggare klickade den {date} på en länk i ett nätfiskemejl som såg ut att "
          "komma från IT-avdelningen och angav sitt användarnamn och lösenord. Kontot användes "
          "sedan för att skicka nätfiskemejl vidare. Det går inte att utesluta att angriparen "
          "läst inkorgen, som innehåller ärenden om försörjningsstöd för ungefär {n} personer.",
          (S.CLIENTS, S.EMPLOYEES), (D.CREDENTIALS, D.NAME, D.FINANCIAL, D.SOCIAL), 40, 120),
    Story("sn", "Särskilt boende Solgården",
          "Ett okrypterat USB-minne med genomförandeplaner och läkemedelslistor för boende på "
          "Solgården har kommit bort. Minnet användes för att flytta filer mellan datorer under"
          " ett nätverksavbrott och saknades efter kvällspasset den {date}.",
          (S.CLIENTS, S.PATIENTS), (D.NAME, D.HEALTH, D.SOCIAL), 20, 35),
    Story("sn", ELDER,
          "En krypterad bärbar dator stals ur en tjänstebil den {date}. Datorn är låst med "
          "lösenord och enligt rutin sparas inget lokalt, men det går inte att utesluta att "
          "enstaka dokument om brukare finns i mappen för hämtade filer.",
          (S.EMPLOYEES, S.CLIENTS), (D.NAME, D.HEALTH), 1, 10),
    Story("sn", "Barn och unga",
          "Ett brev om en orosanmälan skickades den {date} till båda vårdnadshavarna, trots att"
          " den ena vårdnadshavaren och barnet har skyddade personuppgifter. Brevet innehöll "
          "barnets nya skola.",
          (S.CHILDREN, S.GUARDIANS), (D.NAME, D.PROTECTED_IDENTITY, D.SOCIAL, D.LOCATION), 2, 3),
    Story("sn", IFO,
          "Handlingar från ett möte om placerade barn skrevs ut på fel skrivare i ett öppet "
          "kontorslandskap den {date} och låg kvar i skrivaren i flera timmar innan en kollega "
          "från en annan enhet lämnade in dem.",
          (S.CHILDREN, S.CLIENTS), (D.NAME, D.SOCIAL, D.HEALTH), 3, 8),
    Story("sn", "Hemtjänst Norr",
          "En nyckellista med brukarnas namn, adresser och portkoder tappades bort under ett "
          "arbetspass den {date}. Listan har inte hittats och portkoderna byts.",
          (S.CLIENTS,), (D.NAME, D.CONTACT, D.LOCATION), 25, 40),
    Story("sn", "Särskilt boende Solgården",
          "Omsorgsdata AB, som levererar verksamhetssystemet för social dokumentation, "
          "meddelade den {date} att en av deras servrar drabbats av utpressningsvirus "
          "(ransomware). Krypteringen stoppades, men angriparen kan ha kopierat en testmiljö "
          "som innehöll riktiga uppgifter.",
          (S.CLIENTS, S.PATIENTS, S.EMPLOYEES),
          (D.NAME, D.PERSONNUMMER, D.HEALTH, D.SOCIAL), 800, 1500, "Omsorgsdata AB"),
    Story("bn", "Ekbackens skola",
          "En lärare skickade den {date} ett e-postmeddelande om en elevs frånvaro och mående "
          "till fel vårdnadshavare. Adressen föreslogs automatiskt av e-postprogrammet eftersom"
          " två vårdnadshavare har liknande namn.",
          (S.PUPILS, S.GUARDIANS), (D.NAME, D.SCHOOL, D.HEALTH), 1, 2),
    Story("bn", "Tallåsens skola",
          "En elev loggade den {date} in i skolplattformen med en klasskamrats inloggning, som "
          "klasskamraten skrivit på en lapp i sitt skåp. Eleven kunde se klasskamratens "
          "omdömen, frånvaro och meddelanden till mentor.",
          (S.PUPILS,), (D.NAME, D.SCHOOL, D.CREDENTIALS), 1, 1),
    Story("bn", "Grundskolan",
          "Skolplattformen AB meddelade den {date} att en underleverantör till modulen för "
          "elevhälsans tidsbokning har lagrat loggdata på servrar i USA. Loggarna innehåller "
          "elevers namn, klass och rubriken på bokningen.",
          (S.PUPILS,), (D.NAME, D.SCHOOL, D.HEALTH), 2000, 3500, "Skolplattformen AB"),
    Story("bn", "Ekbackens skola",
          "Dokument med anteckningar om elevers frånvaro och åtgärder från elevhälsoteamets "
          "möten har legat i en mapp på intranätet som alla anställda i kommunen kan läsa. En "
          "medarbetare på en annan förvaltning hittade dem vid en sökning den {date}.",
          (S.PUPILS,), (D.NAME, D.SCHOOL, D.HEALTH, D.SOCIAL), 30, 60),
    Story("bn", "Tallåsens skola",
          "Schemavisaren på skolans webbplats kan nås utan inloggning och visar lärares och "
          "elevassistenters fullständiga namn, salar och tider. En av lärarna har skyddade "
          "personuppgifter. Felet upptäcktes den {date}.",
          (S.EMPLOYEES,), (D.NAME, D.LOCATION, D.PROTECTED_IDENTITY), 45, 60),
    Story("bn", "Vuxenutbildningen",
          "En studievägledare skickade den {date} ett intyg med namn, personnummer och "
          "uppgifter om en funktionsnedsättning till en extern utbildningsanordnare med vanlig "
          "e-post i stället för via tjänsten för meddelandesäkerhet.",
          (S.STUDENTS,), (D.NAME, D.PERSONNUMMER, D.HEALTH), 1, 1),
    Story("bn", "Grundskolan",
          "Efter en uppdatering den {date} visade Skolplattformen AB elevernas profilbilder och"
          " klasstillhörighet för vårdnadshavare i andra klasser. Felet rättades efter två "
          "dagar.",
          (S.PUPILS, S.GUARDIANS),
          (D.NAME, D.SCHOOL), 300, 450, "Skolplattformen AB", "fotografier"),
    Story("bn", "Ekbackens skola",
          "En lärare har tappat bort ett okrypterat USB-minne med betygsunderlag och "
          "anteckningar om extra anpassningar för två klasser. Minnet användes senast den "
          "{date}.",
          (S.PUPILS,), (D.NAME, D.SCHOOL, D.HEALTH), 45, 55),
    Story("bn", "Vuxenutbildningen",
          "En administratör lämnade den {date} ut sina inloggningsuppgifter på en falsk "
          "inloggningssida efter ett sms som såg ut att komma från kommunens IT-support. Kontot"
          " har behörighet till elevregistret för vuxenutbildningen.",
          (S.STUDENTS, S.EMPLOYEES),
          (D.CREDENTIALS, D.NAME, D.PERSONNUMMER, D.CONTACT, D.SCHOOL), 600, 900),
    Story("bn", "Tallåsens skola",
          "Dokumentationen från ett utvecklingssamtal, med omdömen och en anteckning om "
          "hemförhållanden, laddades den {date} upp på fel elevs sida i skolplattformen och var"
          " synlig för den elevens vårdnadshavare i två dagar.",
          (S.PUPILS, S.GUARDIANS), (D.NAME, D.SCHOOL, D.SOCIAL), 1, 2),
    Story("hs", "Studentavdelningen",
          "En sökande skrev sitt personnummer och uppgifter om sin diagnos i ett supportärende "
          "om kursanmälan den {date}. Ärendet syns för hela supportgruppen och skickades vidare"
          " till en extern konsult.",
          (S.APPLICANTS,), (D.NAME, D.PERSONNUMMER, D.HEALTH), 1, 1),
    Story("hs", "Institutionen för samhällsvetenskap",
          "En lektors krypterade bärbara dator stals på en konferens den {date}. Datorn var "
          "påslagen och olåst i några minuter innan stölden, och en kalkylfil med studenters "
          "namn och tentamensresultat låg öppen.",
          (S.STUDENTS,), (D.NAME, D.SCHOOL), 60, 120),
    Story("hs", "Avdelningen för IT",
          "En medarbetare angav den {date} sina inloggningsuppgifter på en falsk sida för "
          "multifaktorinloggning. Angriparen loggade in från utlandet och läste e-post i "
          "ungefär en timme innan kontot spärrades.",
          (S.EMPLOYEES, S.STUDENTS), (D.CREDENTIALS, D.NAME, D.CONTACT), 150, 400),
    Story("hs", "Biblioteket",
          "Lånesystemet skickade den {date} påminnelser med uppgifter om andra låntagares "
          "försenade lån till fel mottagare, efter en uppdatering hos leverantören Låneportalen"
          " AB.",
          (S.STUDENTS, S.EMPLOYEES, S.PUBLIC), (D.NAME, D.CONTACT), 80, 140, "Låneportalen AB"),
    Story("hs", "Institutionen för samhällsvetenskap",
          "En lärare skickade den {date} resultatlistan från en omtentamen, med namn och betyg,"
          " till alla studenter på kursen i stället för endast till kursadministratören.",
          (S.STUDENTS,), (D.NAME, D.SCHOOL), 70, 110),
    Story("hs", "Studentavdelningen",
          "Ett beslut om studieuppehåll med medicinsk motivering skickades den {date} till fel "
          "student. Två studenter med samma efternamn hade blandats ihop i ärendehanteringen.",
          (S.STUDENTS,), (D.NAME, D.HEALTH), 1, 1),
    Story("hs", "Avdelningen för IT",
          "Säkerkopia AB, som sköter säkerhetskopieringen av högskolans filservrar, meddelade "
          "den {date} att de drabbats av utpressningsvirus (ransomware) och att kopior av "
          "personalmappar kan ha förts ut.",
          (S.EMPLOYEES, S.STUDENTS),
          (D.NAME, D.PERSONNUMMER, D.CONTACT, D.FINANCIAL), 5000, 9000, "Säkerkopia AB"),
    Story("hs", "Studentavdelningen",
          "En delad mapp med ansökningar om särskilt pedagogiskt stöd har varit åtkomlig för "
          "alla med länken. Länken hittades den {date} i ett öppet diskussionsforum för "
          "studenter.",
          (S.STUDENTS,), (D.NAME, D.HEALTH), 35, 60),
    Story("hs", "Institutionen för samhällsvetenskap",
          "Ljudfiler från forskningsintervjuer om deltagarnas politiska engagemang sparades på "
          "en privat molntjänst av en doktorand. Det upptäcktes den {date} vid en genomgång av "
          "projektets datahanteringsplan.",
          (S.PUBLIC,), (D.NAME, D.POLITICAL), 12, 20, "", "ljudinspelningar"),
)
# fmt: on


# States and ages of the 60 demo incidents as reported, registered and acknowledged: fresh ones
# still have time left on the 72-hour clock. demo_cases carries most of the cases acknowledged
# months ago further, through every later state.
PLAN: tuple[tuple[State, str], ...] = (
    *[(State.REPORTED, "fresh")] * 8,
    *[(State.REPORTED, "stale")] * 4,
    *[(State.REGISTERED, "fresh")] * 5,
    *[(State.REGISTERED, "weeks")] * 10,
    *[(State.ACKNOWLEDGED, "fresh")] * 3,
    *[(State.ACKNOWLEDGED, "months")] * 30,
)
AGES_IN_DAYS = {"stale": (3.0, 25.0), "weeks": (3.0, 45.0), "months": (7.0, 300.0)}
MONTHS = (
    *("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti"),
    *("september", "oktober", "november", "december"),
)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Timeline:
    occurred: datetime
    discovered: datetime
    reported: datetime
    registered: datetime | None
    acknowledged: datetime | None


KEYS = {spec.name: spec.key for spec in CONTROLLERS}


@contextmanager
def larger_sqlite_cache() -> Iterator[None]:
    """A 256 MB page cache for this connection while bulk inserting: the random UUIDs of the
    unique `code` index otherwise make SQLite read pages back from disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def organisation_number(prefix: str) -> str:
    check = next(d for d in "0123456789" if luhn_valid(prefix + d))
    return f"{prefix[:6]}-{prefix[6:]}{check}"


def email_of(persona: Persona) -> str:
    local = f"{persona.first_name}.{persona.last_name}".lower()
    return f"{local.translate(str.maketrans('åäöé', 'aaoe'))}@{persona.domain}"


def protects(story: Story) -> bool:
    """Whether a story's case is marked as protected (OSL) in the demo."""
    return D.PROTECTED_IDENTITY in story.data


def timeline(rng: random.Random, now: datetime, state: State, age: str) -> Timeline:
    if age == "fresh":
        reported = now - rng.uniform(1, 40) * HOUR
        discovered = reported - rng.uniform(0.25, 22) * HOUR
    else:
        low, high = AGES_IN_DAYS[age]
        day = (now - timedelta(days=rng.uniform(low, high))).astimezone(STOCKHOLM).date()
        hour, minute = rng.randint(7, 16), rng.randint(0, 59)
        reported = datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)
        discovered = reported - rng.uniform(0.5, 60) * HOUR
    occurred = discovered - rng.choice((0, 0.5, 2, 12, 48, 240)) * rng.random() * HOUR
    registered = acknowledged = None
    if state != State.REPORTED:
        registered = min(
            reported + rng.uniform(0.3, 26) * HOUR, now - rng.uniform(5, 30) * HOUR / 60
        )
        if state == State.ACKNOWLEDGED:
            acknowledged = registered + min(rng.uniform(0.2, 30) * HOUR, (now - registered) * 0.9)
    return Timeline(occurred, discovered, reported, registered, acknowledged)


def facts_for(
    story: Story, unit: Unit, reporter: User, t: Timeline, rng: random.Random
) -> ReportFacts:
    count = rng.randint(story.low, story.high)
    local = t.occurred.astimezone(STOCKHOLM)
    return ReportFacts(
        reporter_name=reporter.get_full_name(),
        reporter_title=reporter.title,
        unit=unit,
        description=story.text.format(date=f"{local.day} {MONTHS[local.month - 1]}", n=count),
        occurred_at=t.occurred,
        occurred_approximate=rng.random() < 0.4,
        discovered_at=t.discovered,
        discovered_approximate=rng.random() < 0.15,
        location=Location.PROCESSOR if story.processor else Location.CONTROLLER,
        processor_name=story.processor,
        subject_categories=sorted(story.subjects),
        subject_categories_other="",
        data_types=sorted(story.data),
        data_types_other=story.data_other,
        affected_count=count,
        affected_count_estimated=story.high > 10,
    )


class Command(BaseCommand):
    help = (
        "Build a fictional demo world (three controllers, people with the password 'demo', "
        "about 60 incidents) unless it exists, and print the logins. With --incidents N, "
        "also add N benchmark incidents by bulk insert: benchmark data, without audit events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--incidents",
            type=int,
            default=0,
            metavar="N",
            help="Add N benchmark incidents with bulk_create (no audit events).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        extra: int = options["incidents"]
        if extra < 0:
            raise CommandError("--incidents must be zero or more.")
        started = time.monotonic()
        if Controller.objects.filter(name=CONTROLLERS[0].name).exists():
            self.stdout.write("The demo world already exists; nothing was added to it.")
        else:
            with transaction.atomic():
                self.build_world()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Built the demo world: {len(CONTROLLERS)} controllers, {len(PERSONAS)} "
                    f"people, {len(PLAN)} incidents ({time.monotonic() - started:.1f} s)."
                )
            )
        if extra:
            started = time.monotonic()
            self.add_bulk(extra)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {extra} benchmark incidents ({time.monotonic() - started:.1f} s)."
                )
            )
        self.print_logins()

    # The world -------------------------------------------------------------------------

    def build_world(self) -> None:
        taken = User.objects.filter(username__in=[p.username for p in PERSONAS])
        if taken.exists():
            names = ", ".join(taken.values_list("username", flat=True))
            raise CommandError(f"These users already exist: {names}. Use an empty database.")
        users = self.create_people()
        controllers: dict[str, Controller] = {}
        units: dict[tuple[str, str], Unit] = {}
        for spec in CONTROLLERS:
            controllers[spec.key] = controller = self.create_controller(spec, users)
            for parent_name, children in spec.units:
                parent = Unit.objects.create(controller=controller, name=parent_name)
                units[spec.key, parent_name] = parent
                for child_name in children:
                    units[spec.key, child_name] = Unit.objects.create(
                        controller=controller, parent=parent, name=child_name
                    )
        for username, key, unit_name, role in MEMBERSHIPS:
            Membership.objects.create(
                user=users[username],
                controller=controllers[key],
                unit=units[key, unit_name] if unit_name else None,
                role=role,
            )
        today = timezone.localdate()
        Absence.objects.create(
            user=users["elder_coordinator"],
            starts_on=today - timedelta(days=2),
            ends_on=today + timedelta(days=7),
            note="Semester",
        )
        self.create_incidents(users, units)
        self.create_reports(controllers)
        self.settle_past_messages()

    def settle_past_messages(self) -> None:
        """The demo's history happened before today: its messages were read and e-mailed then.
        Those of the last two days, and the DPO's supervision alert, stay unread; their
        e-mails wait for the scheduler."""
        past = Alert.objects.filter(created_at__lt=timezone.now() - timedelta(days=2)).exclude(
            kind=AlertKind.SUPERVISION
        )
        past.update(
            seen_at=F("created_at") + timedelta(hours=1),
            mail_state=MailState.SENT,
            mail_sent_at=F("created_at"),
        )

    def create_reports(self, controllers: dict[str, Controller]) -> None:
        """Each committee's report of this year's meetings, by its controller's registrar."""
        today = timezone.localdate()
        for controller in controllers.values():
            registrar = (
                Membership.objects.filter(
                    controller=controller, role=Role.REGISTRAR, unit__isnull=True
                )
                .select_related("user")
                .first()
            )
            for committee in controller.committees.all():
                meetings = list(
                    committee.meetings.filter(held_on__year=today.year, held_on__lte=today)
                )
                if registrar is not None and meetings:
                    committee_report_produce(
                        committee=committee, meetings=meetings, actor=registrar.user
                    )

    def create_people(self) -> dict[str, User]:
        password = make_password(PASSWORD)  # hashed once: the same as set_password("demo")
        users: dict[str, User] = {}
        for p in PERSONAS:
            user = User(
                username=p.username,
                first_name=p.first_name,
                last_name=p.last_name,
                title=p.title,
                email=email_of(p),
                password=password,
                is_staff=p.username == "admin",
                is_superuser=p.username == "admin",
            )
            user.full_clean()
            user.save()
            users[p.username] = user
        for username, manager in MANAGERS.items():
            users[username].manager = users[manager]
            users[username].save(update_fields=["manager"])
        return users

    def create_controller(self, spec: ControllerSpec, users: dict[str, User]) -> Controller:
        dpo, contact = users[spec.dpo], users[spec.imy_contact]
        phone = f"08-465 004 {10 + 10 * [c.key for c in CONTROLLERS].index(spec.key)}"
        controller = Controller(
            name=spec.name,
            organisation_number=organisation_number(spec.org_prefix),
            dpo_name=dpo.get_full_name(),
            dpo_email=dpo.email,
            dpo_phone=phone,
            imy_contact_name=contact.get_full_name(),
            imy_contact_email=contact.email,
            imy_contact_phone=phone[:-1] + "5",
            address=spec.address,
        )
        controller.full_clean()
        controller.save()
        series = DiarySeries(
            controller=controller,
            name="Personuppgiftsincidenter",
            number_format=spec.number_format,
            is_default=True,
        )
        series.full_clean()
        series.save()
        committee = Committee.objects.create(controller=controller, name=spec.committee)
        Meeting.objects.bulk_create(
            Meeting(committee=committee, held_on=date.fromisoformat(f"2026-{day}"))
            for day in spec.meetings
        )
        return controller

    def create_incidents(self, users: dict[str, User], units: dict[tuple[str, str], Unit]) -> None:
        if len(HANDLINGS) != len(STORIES):
            raise CommandError("demo_cases.HANDLINGS must give every story its handling.")
        rng = random.Random(SEED)
        now = timezone.now()
        stories = [story for story in STORIES for _ in range(2)]
        plan = list(PLAN)
        rng.shuffle(plan)
        # Make sure one elder-care case was registered during the coordinator's absence, so
        # the stand-in rule (the absent coordinator's manager is assigned) shows.
        elder = next(i for i, s in enumerate(stories) if s.unit in ELDER_UNITS)
        fresh = plan.index((State.REGISTERED, "fresh"))
        plan[elder], plan[fresh] = plan[fresh], plan[elder]

        specs = [
            (story, age, timeline(rng, now, state, age))
            for story, (state, age) in zip(stories, plan, strict=True)
        ]
        cases: list[tuple[Incident, Timeline, Story, str]] = []
        for story, age, t in sorted(specs, key=lambda spec: spec[2].reported):
            reporter = users[UNIT_REPORTERS.get(story.unit, REPORTERS[story.key])]
            facts = facts_for(story, units[story.key, story.unit], reporter, t, rng)
            incident = incident_report(reporter=reporter, facts=facts, now=t.reported)
            cases.append((incident, t, story, age))

        # Registered in the order of registration, so each series' numbers follow the days.
        registering = [(i, t.registered, s.key) for i, t, s, _ in cases if t.registered]
        for incident, at, key in sorted(registering, key=lambda case: case[1]):
            incident_register(incident=incident, actor=users[REGISTRARS[key]], now=at)

        later: list[DemoCase] = []
        for incident, t, story, age in cases:
            if t.acknowledged is not None:
                if incident.assignee is None:
                    raise CommandError(f"{incident} was registered without a case officer.")
                incident_acknowledge(incident=incident, actor=incident.assignee, now=t.acknowledged)
                if age == "months":
                    handling = HANDLINGS[STORIES.index(story)]
                    later.append(DemoCase(incident, t.acknowledged, handling))
        carry_cases(cases=later, rng=rng, now=now)
        self.protect_some([(incident, story) for incident, _t, story, _age in cases])

    def protect_some(self, cases: list[tuple[Incident, Story]]) -> None:
        """Mark the first registered case of each story about protected identity as protected
        (OSL) by its case officer, who names the unit's decision-maker as a reader."""
        now = timezone.now()
        marked: set[Story] = set()
        for incident, story in cases:
            if not protects(story) or incident.assignee is None or story in marked:
                continue
            marked.add(story)
            incident.refresh_from_db()  # carried through later states meanwhile
            last = incident.audit_events.order_by("-at").values_list("at", flat=True).first()
            at = min((last or now) + timedelta(hours=1), now)  # after its last event
            officer = incident.assignee
            incident_protect(
                incident=incident,
                actor=officer,
                reason=ProtectionReason.PROTECTED_IDENTITY,
                now=at,
            )
            reader = nearest_role_holder(unit=incident.unit, role=Role.DECISION_MAKER)
            if reader is not None and reader != officer:
                protected_reader_add(incident=incident, actor=officer, reader=reader, now=at)

    # Benchmark data ----------------------------------------------------------------------

    def add_bulk(self, count: int) -> None:
        names = [c.name for c in CONTROLLERS]
        units = {
            (KEYS[unit.controller.name], unit.name): unit
            for unit in Unit.objects.filter(controller__name__in=names).select_related("controller")
        }
        series = {
            s.controller_id: s
            for s in DiarySeries.objects.filter(controller__name__in=names, is_default=True)
        }
        people = {
            u.username: u for u in User.objects.filter(username__in=[p.username for p in PERSONAS])
        }
        reporter = people["reporter"]
        today = timezone.localdate()
        assignees: dict[int, User] = {}
        for unit in units.values():
            suggested = coordinator_suggest(unit=unit, on=today).user
            if suggested is None:
                raise CommandError(f"No coordinator is present for {unit}.")
            assignees[unit.pk] = suggested
        last = (
            Incident.objects.filter(reference__startswith=BULK_PREFIX)
            .order_by("-reference")
            .values_list("reference", flat=True)
            .first()
        )
        start = int(last[len(BULK_PREFIX) :]) + 1 if last else 1
        rng = random.Random(f"{SEED}-bulk-{start}")
        now = timezone.now()
        states, weights = (State.REPORTED, State.REGISTERED, State.ACKNOWLEDGED), (1, 2, 7)
        with transaction.atomic(), larger_sqlite_cache():
            batch: list[Incident] = []
            for number in range(start, start + count):
                story = rng.choice(STORIES)
                unit = units[story.key, story.unit]
                state = rng.choices(states, weights)[0]
                age = "fresh" if rng.random() < 0.01 else "months"
                t = timeline(rng, now, state, age)
                facts = facts_for(story, unit, reporter, t, rng)
                incident = Incident(
                    reference=f"{BULK_PREFIX}{number:09d}",
                    controller_id=unit.controller_id,
                    state=state,
                    reporter_id=reporter.pk,
                    reporter_unit_name=unit.name,
                    reported_at=t.reported,
                    aware_at=t.discovered,
                    imy_due_at=imy_due_at(t.discovered),
                    **{f.name: getattr(facts, f.name) for f in fields(facts)},
                )
                if t.registered is not None:
                    incident.diary_series_id = series[unit.controller_id].pk
                    incident.diary_number = f"BULK-{number}"
                    incident.registered_at = t.registered
                    incident.registered_by_id = people[REGISTRARS[story.key]].pk
                    incident.assignee_id = assignees[unit.pk].pk
                if t.acknowledged is not None:
                    incident.acknowledged_at = t.acknowledged
                    incident.acknowledged_by_id = assignees[unit.pk].pk
                batch.append(incident)
                if len(batch) == BATCH:
                    Incident.objects.bulk_create(batch)
                    batch = []
            Incident.objects.bulk_create(batch)

    # Output --------------------------------------------------------------------------------

    def print_logins(self) -> None:
        width = max(len(p.username) for p in PERSONAS) + 2
        self.stdout.write("")
        self.stdout.write(f"Address: {ADDRESS} (scripts/demo.sh starts the server there)")
        self.stdout.write(f'Demo logins, all with the password "{PASSWORD}":')
        self.stdout.write("")
        self.stdout.write(f"  {'username'.ljust(width)}{'password'.ljust(10)}role")
        for p in PERSONAS:
            self.stdout.write(f"  {p.username.ljust(width)}{PASSWORD.ljust(10)}{p.role}")
