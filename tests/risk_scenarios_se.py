"""Swedish public-sector scenarios for the risk yardstick (tests/risk_scenarios.py), and the shape
every scenario shares: `Scenario` and the `group("")` helper live here so that this module needs
nothing from the one that gathers all scenarios.

The cases are fictional. Each `expected` is the answer a careful Swedish data protection officer
following IMY's guidance would give; `note` says why. The inputs are what a careful coordinator
would enter from the facts alone: "not known yet" only where the facts leave it open.
"Covered by secrecy" (Consequence.SECRECY) is entered where Swedish law (OSL) makes the data
secret: health care, social services, pupils' special support, protected identities.
"""

from dataclasses import dataclass

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
from breachdesk.incidents.risk.scales import Recommendation
from breachdesk.incidents.vocabulary import DataType

DOCUMENT = Recommendation.DOCUMENT
NOTIFY = Recommendation.NOTIFY
INFORM = Recommendation.NOTIFY_AND_INFORM


@dataclass(frozen=True)
class Scenario:
    """One case with an authoritative answer, to measure the engine against."""

    key: str  # "edpb_…", "enisa_…" or "se_…": the prefix names the family of sources
    source: str
    facts: str  # what a careful coordinator would know
    inputs: RiskInputs  # what that coordinator would enter from the facts alone
    expected: Recommendation
    two_answers: bool = False  # the source says it could go either way, or depends
    note: str = ""


def group(
    label: str,
    count: int | None,
    types: str,
    vulnerable: TriState = TriState.NO,
    insight: Insight = Insight.USUAL,
    identification: Identification = Identification.MAXIMUM,
    uncertain: bool = False,
) -> Group:
    """A group of people; `types` are DataType values separated by spaces (an unknown one is an
    error). By default adults, data as one would expect, directly identified."""
    return Group(
        label=label,
        people_count=count,
        data_types=frozenset(DataType(kind) for kind in types.split()),
        types_uncertain=uncertain,
        vulnerable_people=vulnerable,
        insight=insight,
        identification=identification,
    )


def breach(
    *groups: Group,
    exposure: Exposure,
    encryption: Encryption = Encryption.NONE,
    integrity: Integrity = Integrity.NONE,
    availability: Availability = Availability.NONE,
    unavailable_hours: int | None = None,
    backup: TriState = TriState.UNKNOWN,
    stopped: frozenset[str] = frozenset(),
    malicious: Intent = Intent.NO,
    consequences: frozenset[str] = frozenset(),
    mitigations: frozenset[str] = frozenset(),
) -> RiskInputs:
    """`RiskInputs` where an answer left out is the plain one: not encrypted, nothing altered
    or unavailable, no malice. Each scenario states every answer its facts give otherwise."""
    return RiskInputs(
        groups=groups,
        exposure=exposure,
        encryption=encryption,
        integrity=integrity,
        availability=availability,
        unavailable_hours=unavailable_hours,
        backup=backup,
        stopped=stopped,
        malicious=malicious,
        consequences=consequences,
        mitigations=mitigations,
    )


def _set(*values: str) -> frozenset[str]:
    return frozenset(values)


_SE = "Swedish public sector (fictional)"

SWEDISH: tuple[Scenario, ...] = (
    Scenario(
        key="se_health_centre_letter",
        source=f"{_SE}: misaddressed letter with a diagnosis from a health centre",
        facts="A health centre posted a letter with an adult patient's diagnosis and a referral "
        "to the patient's old address. The new resident, a private person, opened and read it, "
        "phoned the centre and posted it back.",
        inputs=breach(
            group("patient", 1, "name contact personnummer health"),
            exposure=Exposure.KNOWN,
            consequences=_set(Consequence.SECRECY, Consequence.DISTRESS),
        ),
        expected=INFORM,
        two_answers=True,
        note="Health data under health-care secrecy read by a stranger: a risk, so notify IMY. "
        "Informing the patient follows from a diagnosis that is sensitive in itself; a mild one "
        "returned unharmed could stay at notifying IMY.",
    ),
    Scenario(
        key="se_wrong_guardian_support_record",
        source=f"{_SE}: e-mail to the wrong guardian with a pupil's special-support record",
        facts="A teacher e-mailed a 10-year-old pupil's action programme for special support "
        "(särskilt stöd), which mentions an ADHD assessment and the family situation, to the "
        "guardian of another pupil in the class. The guardian read it and confirmed deleting it.",
        inputs=breach(
            group("pupil", 1, "name school health social family", vulnerable=TriState.YES),
            exposure=Exposure.KNOWN,
            consequences=_set(Consequence.SECRECY, Consequence.REPUTATION),
            mitigations=_set(Mitigation.DELETION_CONFIRMED),
        ),
        expected=INFORM,
        two_answers=True,
        note="A child, health data and school secrecy (OSL 23 kap.), read by a parent in the same "
        "class: notify IMY and tell the guardians. The confirmed deletion by a private person "
        "lowers the likelihood, so notifying IMY alone is defensible.",
    ),
    Scenario(
        key="se_pupil_login_misused",
        source=f"{_SE}: a pupil's school-platform login misused by another pupil",
        facts="A 13-year-old saw a classmate's password, logged into the classmate's account on "
        "the school platform, read messages and grades and sent two offensive messages in the "
        "classmate's name. The classmate's guardian reported it the same day; the messages were "
        "removed and the password reset.",
        inputs=breach(
            group("pupil", 1, "name school credentials", vulnerable=TriState.YES),
            exposure=Exposure.KNOWN,
            integrity=Integrity.RECOVERABLE,
            malicious=Intent.YES,
            consequences=_set(Consequence.REPUTATION, Consequence.DISTRESS),
        ),
        expected=NOTIFY,
        two_answers=True,
        note="Deliberate access to a child's account and messages in the child's name: a risk, "
        "notify IMY. No high risk: grades and messages, one known classmate, the messages "
        "removed, and the pupil and guardian already know. Some would only document it.",
    ),
    Scenario(
        key="se_care_app_outage",
        source=f"{_SE}: care-documentation app down for 2 days without backup, care delayed",
        facts="The home-care documentation app was down for 2 days after a failed supplier "
        "update, with no backup or reserve routine. Staff could not see care plans or "
        "medication lists; visits and medication for about 300 care recipients were delayed. "
        "All data came back when the service was restored; nobody else saw it.",
        inputs=breach(
            group(
                "care recipients",
                300,
                "name personnummer contact health social",
                vulnerable=TriState.YES,
            ),
            exposure=Exposure.NONE,
            encryption=Encryption.UNKNOWN,
            availability=Availability.TEMPORARY,
            unavailable_hours=48,
            backup=TriState.NO,
            stopped=_set(Stopped.CARE),
            consequences=_set(Consequence.PHYSICAL_HARM),
        ),
        expected=INFORM,
        two_answers=True,
        note="An availability breach that delayed care for vulnerable people, as in EDPB case 03: "
        "notify IMY and inform. Whether to inform depends on how serious the delays were.",
    ),
    Scenario(
        key="se_minutes_protected_identity",
        source=f"{_SE}: committee minutes published with a protected person's address",
        facts="A committee's minutes, published on the municipality's website for 5 days, named "
        "a resident with protected personal data (skyddade personuppgifter) together with the "
        "home address, in a decision on a housing adaptation grant. The page was visited and "
        "may have been copied.",
        inputs=breach(
            group("resident", 1, "name contact protected_identity health"),
            exposure=Exposure.WIDE,
            consequences=_set(Consequence.PHYSICAL_HARM, Consequence.SECRECY),
        ),
        expected=INFORM,
        note="The address of a person with protected personal data published: the person's "
        "safety is at stake. Notify IMY and inform the person at once.",
    ),
    Scenario(
        key="se_social_file_wrong_municipality",
        source=f"{_SE}: social services case file sent to the wrong municipality",
        facts="A social services secretary sent a client's case file (financial assistance, with "
        "notes on addiction and the children's situation) by secure e-mail to the social "
        "services of the wrong municipality. The recipient, bound by social-services secrecy, "
        "called back at once and confirmed in writing that the file was deleted.",
        inputs=breach(
            group(
                "client and children",
                3,
                "name personnummer social health financial family",
                vulnerable=TriState.YES,
            ),
            exposure=Exposure.KNOWN,
            mitigations=_set(
                Mitigation.TRUSTED_RECIPIENT,
                Mitigation.SECRECY_BOUND,
                Mitigation.DELETION_CONFIRMED,
            ),
        ),
        expected=DOCUMENT,
        two_answers=True,
        note="As EDPB case 09: one known recipient, an authority bound by the same secrecy, which "
        "deleted it at once; harm is unlikely, so document. The data is very sensitive, and "
        "many officers would still notify IMY to be safe.",
    ),
    Scenario(
        key="se_usb_salaries",
        source=f"{_SE}: lost unencrypted USB stick with HR salary data",
        facts="An HR officer lost an unencrypted USB stick on a commuter train with a spreadsheet "
        "of 240 employees' names, personnummer and salaries. It was not found. Municipal "
        "salaries are public records.",
        inputs=breach(
            group("employees", 240, "name personnummer financial employment"),
            exposure=Exposure.NO_EVIDENCE,
        ),
        expected=NOTIFY,
        two_answers=True,
        note="An unencrypted carrier lost where anyone may find it, with personnummer of 240: "
        "notify IMY. No high risk: salaries are public records and nothing is secret.",
    ),
    Scenario(
        key="se_stolen_encrypted_laptop",
        source=f"{_SE}: stolen encrypted laptop",
        facts="A social worker's laptop was stolen from a car. It was switched off, with "
        "full-disk encryption (TPM and PIN) whose key was not compromised. It held case notes "
        "on about 60 clients, adults and children; all documents are also on the server.",
        inputs=breach(
            group("clients", 60, "name personnummer social health", vulnerable=TriState.YES),
            exposure=Exposure.NO_EVIDENCE,
            encryption=Encryption.INTACT,
            malicious=Intent.THEFT,
        ),
        expected=DOCUMENT,
        note="As EDPB case 10: the data is unintelligible to the thief and nothing was lost, "
        "so document only.",
    ),
    Scenario(
        key="se_payroll_ransomware",
        source=f"{_SE}: payroll system ransomware with exfiltration",
        facts="Ransomware at the payroll supplier encrypted the payroll system; the criminal "
        "group copied data and published a sample on its leak site. About 4,800 current and "
        "former employees: names, personnummer, addresses, bank accounts, salaries, sick-leave "
        "days and union-fee deductions. Restored from backup after 4 days; salaries were paid "
        "2 days late.",
        inputs=breach(
            group(
                "employees", 4800, "name personnummer contact payment financial health trade_union"
            ),
            exposure=Exposure.WIDE,
            integrity=Integrity.NONE,
            availability=Availability.TEMPORARY,
            unavailable_hours=96,
            backup=TriState.YES,
            stopped=_set(Stopped.PAYMENTS),
            malicious=Intent.YES,
            consequences=_set(Consequence.IDENTITY_THEFT, Consequence.FINANCIAL_LOSS),
        ),
        expected=INFORM,
        note="Published by criminals, with personnummer, bank accounts, health and union data: "
        "high risk, as EDPB case 04. Notify IMY and inform the employees.",
    ),
    Scenario(
        key="se_record_snooping",
        source=f"{_SE}: a staff member browsing patient records without need",
        facts="A log review showed that an assistant nurse had opened the records of 14 patients "
        "without any care relationship, among them neighbours and a former partner, over six "
        "months. What was read is known from the logs.",
        inputs=breach(
            group("patients", 14, "name personnummer contact health"),
            exposure=Exposure.KNOWN,
            malicious=Intent.YES,
            consequences=_set(Consequence.SECRECY, Consequence.DISTRESS),
        ),
        expected=INFORM,
        note="Deliberate unauthorised access to health records by someone who knows the patients: "
        "high risk. Notify IMY and inform the patients (they may ask for the logs, "
        "patientdatalagen).",
    ),
    Scenario(
        key="se_us_cloud_transfer",
        source=f"{_SE}: US cloud transfer discovered without a transfer basis",
        facts="A review found that the learning platform's supplier keeps backups with a US cloud "
        "provider without any transfer tool under chapter V GDPR. There is no sign of "
        "unauthorised access, alteration or loss: the data is where the supplier put it.",
        inputs=breach(
            group("pupils and staff", 2500, "name school contact", vulnerable=TriState.YES),
            exposure=Exposure.NONE,
            encryption=Encryption.UNKNOWN,
        ),
        expected=DOCUMENT,
        note="Not a personal data breach (art. 4(12)): no loss of confidentiality, integrity or "
        "availability. An unlawful transfer (art. 44) to correct with the supplier; document "
        "it, no breach notification.",
    ),
    Scenario(
        key="se_phished_mailbox",
        source=f"{_SE}: phishing of an employee mailbox holding citizens' e-mails",
        facts="A building-permits officer entered her password on a phishing page. For 2 days "
        "the attacker logged in from abroad, set a forwarding rule and sent phishing mails from "
        "the account. The mailbox held e-mails from about 900 citizens with names, contact "
        "details, personnummer and attachments, some with medical certificates. Whether the "
        "mailbox was downloaded cannot be established; what else it held is not yet known.",
        inputs=breach(
            group(
                "citizens",
                900,
                "name contact personnummer health",
                vulnerable=TriState.UNKNOWN,
                insight=Insight.UNKNOWN,
                uncertain=True,
            ),
            exposure=Exposure.UNKNOWN,
            malicious=Intent.YES,
            consequences=_set(Consequence.IDENTITY_THEFT),
        ),
        expected=INFORM,
        two_answers=True,
        note="An attacker in a mailbox with personnummer and health data, as EDPB case 18: notify "
        "IMY; inform the citizens whose sensitive data was there. Depends on what the review "
        "of the mailbox finds.",
    ),
    Scenario(
        key="se_pupil_list_park",
        source=f"{_SE}: a lost paper list of pupils' names in a park",
        facts="On an excursion a teacher lost a paper class list with the names of 24 pupils aged "
        "8 and their class; nothing else. Nobody in the class has protected personal data "
        "(checked). It was not found.",
        inputs=breach(
            group("pupils", 24, "name school", vulnerable=TriState.YES),
            exposure=Exposure.NO_EVIDENCE,
        ),
        expected=DOCUMENT,
        note="Names and class of pupils are not secret and reveal nothing more; harm is "
        "unlikely. Document it; a protected identity in the class would change that.",
    ),
    Scenario(
        key="se_personnummer_to_processor",
        source=f"{_SE}: personnummer list of 30,000 sent to a processor who should not have it",
        facts="The municipality sent a file with the names, personnummer and addresses of 30,000 "
        "residents (protected identities filtered out) to an IT supplier that is its processor "
        "for another system. The supplier, bound by the processing agreement's confidentiality, "
        "reported it and confirmed deletion in writing the same day.",
        inputs=breach(
            group("residents", 30000, "name personnummer contact"),
            exposure=Exposure.KNOWN,
            mitigations=_set(Mitigation.TRUSTED_RECIPIENT, Mitigation.DELETION_CONFIRMED),
        ),
        expected=DOCUMENT,
        two_answers=True,
        note="As EDPB case 09: a known, contractually bound recipient that deleted the file; not "
        "sensitive data. Document it. The volume makes notifying IMY defensible too.",
    ),
)
