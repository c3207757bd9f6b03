"""An independent yardstick for the risk assessment (method 2): cases whose answer an authority
gave, with the inputs a careful coordinator would enter from the facts alone.

`SCENARIOS` gathers three families, named by the prefix of each key:

- "edpb_": the 18 worked cases of EDPB Guidelines 01/2021 on examples regarding personal data
  breach notification (version 2.0). `expected` is the guidelines' own table: no notification
  → document, notification to the SA → notify, and communication to the data subjects as well →
  notify and inform. Where the guidelines' text could not be read again, `note` says the answer
  is from memory of the guidelines.
- "enisa_": examples of ENISA's Recommendations for a methodology of the assessment of severity
  of personal data breaches (2013), built on the DPC examples of its Table 1. ENISA gives a
  severity, not an advice: the bands are read as low → document, medium → notify, high and very
  high → notify and inform. That mapping, and the breach circumstances added to each example,
  are this module's reading, and each note says so.
- "se_": Swedish public-sector scenarios (tests/risk_scenarios_se.py).

tests/test_risk_scenarios.py measures how often the engine agrees.
"""

from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    Intent,
    Mitigation,
    Stopped,
    TriState,
)
from tests.risk_scenarios_se import (
    DOCUMENT,
    INFORM,
    NOTIFY,
    SWEDISH,
    Scenario,
    breach,
    group,
)

__all__ = ["SCENARIOS", "Scenario"]

_EDPB = "EDPB Guidelines 01/2021, CASE No."
_MEMORY = "Answer from memory of the guidelines (their text for this case could not be read again)."


def _set(*values: str) -> frozenset[str]:
    return frozenset(values)


EDPB: tuple[Scenario, ...] = (
    Scenario(
        key="edpb_01",
        source=f"{_EDPB} 01: Ransomware with proper backup and without exfiltration",
        facts="Ransomware encrypted a small manufacturing company's systems. The data was "
        "already encrypted at rest with a state-of-the-art algorithm and the key was not "
        "compromised; logs show with certainty that nothing was exfiltrated. A few dozen "
        "clients and employees. Restored from a backup within a few hours, with no effect on "
        "operations, payments or client requests.",
        inputs=breach(
            group("clients and employees", 40, "name contact employment"),
            exposure=Exposure.NO_EVIDENCE,
            encryption=Encryption.INTACT,
            integrity=Integrity.NONE,
            availability=Availability.TEMPORARY,
            unavailable_hours=4,
            backup=TriState.YES,
            malicious=Intent.YES,
        ),
        expected=DOCUMENT,
        note="Text read: no notification to the SA, no communication. The ransomware's "
        "encryption is entered as a loss of availability, as the form's help text asks "
        "(altered means the content is wrong).",
    ),
    Scenario(
        key="edpb_02",
        source=f"{_EDPB} 02: Ransomware without proper backup",
        facts="Ransomware encrypted a computer of an agricultural company; logs show no "
        "exfiltration. A few dozen employees and clients, no special categories. No electronic "
        "backup: the data was restored from paper over 5 working days, with minor delays in "
        "delivering orders to customers.",
        inputs=breach(
            group("employees and clients", 40, "name contact purchases"),
            exposure=Exposure.NO_EVIDENCE,
            integrity=Integrity.NONE,
            availability=Availability.TEMPORARY,
            unavailable_hours=120,
            backup=TriState.NO,
            stopped=_set(Stopped.OTHER),
            malicious=Intent.YES,
        ),
        expected=NOTIFY,
        note=f"Notification to the SA, no communication to the data subjects. {_MEMORY}",
    ),
    Scenario(
        key="edpb_03",
        source=f"{_EDPB} 03: Ransomware with backup and without exfiltration in a hospital",
        facts="Ransomware encrypted a large part of a hospital's information system; no "
        "exfiltration was found. Thousands of patients and employees. Backups existed, but the "
        "restore took 2 working days, with major delays in treatment and surgeries cancelled "
        "or postponed.",
        inputs=breach(
            group("patients", 5000, "name contact health"),
            group("employees", 1500, "name contact employment"),
            exposure=Exposure.NO_EVIDENCE,
            integrity=Integrity.NONE,
            availability=Availability.TEMPORARY,
            unavailable_hours=48,
            backup=TriState.YES,
            stopped=_set(Stopped.CARE),
            malicious=Intent.YES,
            consequences=_set(Consequence.PHYSICAL_HARM),
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subjects. {_MEMORY}",
    ),
    Scenario(
        key="edpb_04",
        source=f"{_EDPB} 04: Ransomware without backup and with exfiltration",
        facts="Ransomware encrypted a public transport company's server and the attacker also "
        "exfiltrated the data: several thousand clients and employees, with identity data, ID "
        "card numbers and credit card details. The backup was encrypted too.",
        inputs=breach(
            group("clients and employees", 5000, "name contact identity_document payment"),
            exposure=Exposure.WIDE,
            integrity=Integrity.IRRECOVERABLE,
            availability=Availability.PERMANENT,
            backup=TriState.NO,
            malicious=Intent.YES,
            consequences=_set(Consequence.IDENTITY_THEFT, Consequence.FINANCIAL_LOSS),
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subjects. {_MEMORY}",
    ),
    Scenario(
        key="edpb_05",
        source=f"{_EDPB} 05: Exfiltration of job application data from a website",
        facts="Malicious code injected into a recruitment website captured what applicants "
        "entered in the job application form for some days: 213 applicants' identification "
        "and contact data, education and work history (their CVs).",
        inputs=breach(
            group("applicants", 213, "name contact birth_date employment"),
            exposure=Exposure.WIDE,
            malicious=Intent.YES,
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subjects. {_MEMORY}",
    ),
    Scenario(
        key="edpb_06",
        source=f"{_EDPB} 06: Exfiltration of hashed password from a website",
        facts="An SQL injection on a website let an attacker copy the user names and the "
        "passwords, salted and hashed with a state-of-the-art algorithm; no other data. "
        "About 1,200 users.",
        inputs=breach(
            group("users", 1200, "credentials", identification=Identification.LIMITED),
            exposure=Exposure.WIDE,
            encryption=Encryption.HASHED_SALTED,
            malicious=Intent.YES,
        ),
        expected=DOCUMENT,
        note=f"No notification to the SA, no communication (the users are asked to change "
        f"their passwords). {_MEMORY}",
    ),
    Scenario(
        key="edpb_07",
        source=f"{_EDPB} 07: Credential stuffing attack on a banking website",
        facts="An attack on a bank's website tried user IDs with a trivial password. A flaw "
        "leaked name, sex, date and place of birth, tax code and user ID of about 100,000 "
        "customers; the attacker logged into about 2,000 accounts that used that password. "
        "No transactions were made.",
        inputs=breach(
            group(
                "accounts logged into",
                2000,
                "name sex birth_date personnummer credentials financial",
            ),
            group("identity data leaked", 100_000, "name sex birth_date personnummer credentials"),
            exposure=Exposure.WIDE,
            malicious=Intent.YES,
            consequences=_set(Consequence.IDENTITY_THEFT, Consequence.FINANCIAL_LOSS),
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subjects. {_MEMORY}",
    ),
    Scenario(
        key="edpb_08",
        source=f"{_EDPB} 08: Exfiltration of business data by an employee",
        facts="During his notice period an employee copied business data (the clients' basic "
        "contact data) from the company's database; months later he used it to contact the "
        "clients for his own new business. How many clients is not stated.",
        inputs=breach(
            group("clients", None, "name contact"),
            exposure=Exposure.KNOWN,
            malicious=Intent.YES,
        ),
        expected=NOTIFY,
        note="Notification to the SA; communication to the data subjects not required (the "
        "guidelines: the controller has no reassurance about the ex-employee's intentions). "
        "Confirmed in a summary of version 2.0.",
    ),
    Scenario(
        key="edpb_09",
        source=f"{_EDPB} 09: Accidental transmission of data to a trusted third party",
        facts="Through a faulty Excel file, an insurance agent received data of two dozen "
        "customers outside his scope. He is bound by professional secrecy, was the only "
        "recipient, reported it at once and confirmed deletion in writing.",
        inputs=breach(
            group("customers", 24, "name contact financial"),
            exposure=Exposure.KNOWN,
            mitigations=_set(
                Mitigation.TRUSTED_RECIPIENT,
                Mitigation.SECRECY_BOUND,
                Mitigation.DELETION_CONFIRMED,
            ),
        ),
        expected=DOCUMENT,
        note=f"No notification to the SA, no communication. Insurance data read as financial. "
        f"{_MEMORY}",
    ),
    Scenario(
        key="edpb_10",
        source=f"{_EDPB} 10: Stolen material storing encrypted personal data",
        facts="In a break-in at a children's day-care centre two tablets were stolen, switched "
        "off, encrypted and protected by a strong password. They held the children's names, "
        "dates of birth and notes on their education. A backup was readily available and the "
        "tablets were wiped remotely.",
        inputs=breach(
            group("children", None, "name birth_date school", vulnerable=TriState.YES),
            exposure=Exposure.NO_EVIDENCE,
            encryption=Encryption.INTACT,
            malicious=Intent.THEFT,
            mitigations=_set(Mitigation.REMOTE_WIPE),
        ),
        expected=DOCUMENT,
        note=f"No notification to the SA, no communication. {_MEMORY}",
    ),
    Scenario(
        key="edpb_11",
        source=f"{_EDPB} 11: Stolen material storing non-encrypted personal data",
        facts="A service provider employee's notebook was stolen, with no password on the "
        "disk: names, sex, addresses and dates of birth of more than 100,000 customers; "
        "whether other data was on it cannot be established. Daily backups exist.",
        inputs=breach(
            group("customers", 100_000, "name sex contact birth_date", uncertain=True),
            exposure=Exposure.NO_EVIDENCE,
            malicious=Intent.THEFT,
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subjects. {_MEMORY}",
    ),
    Scenario(
        key="edpb_12",
        source=f"{_EDPB} 12: Stolen paper files with sensitive data",
        facts="A paper logbook was stolen from a drug addiction rehabilitation centre, with the "
        "patients' basic identity and health data. It was not locked away and there was no "
        "copy: the doctors treating the patients lost the records. How many patients is not "
        "stated.",
        inputs=breach(
            group("patients", None, "name health"),
            exposure=Exposure.NO_EVIDENCE,
            availability=Availability.PERMANENT,
            backup=TriState.NO,
            malicious=Intent.THEFT,
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subjects. {_MEMORY}",
    ),
    Scenario(
        key="edpb_13",
        source=f"{_EDPB} 13: Postal mail mistake",
        facts="A retailer mixed up two shoe orders: each customer received the other's parcel "
        "with the packing bill (name, address, items and price). The retailer recalled both "
        "parcels and sent them to the right customers.",
        inputs=breach(
            group("customers", 2, "name contact purchases", insight=Insight.LIMITED),
            exposure=Exposure.KNOWN,
        ),
        expected=DOCUMENT,
        note=f"No notification to the SA, no communication. A pair of shoes bought says little: "
        f"'limited'. {_MEMORY}",
    ),
    Scenario(
        key="edpb_14",
        source=f"{_EDPB} 14: Highly confidential personal data sent by mail by mistake",
        facts="A public employment office e-mailed more than 60,000 job seekers about trainings "
        "and attached by mistake a document with all of them: name, e-mail, postal address and "
        "social security number. It asked the recipients to delete it.",
        inputs=breach(
            group("job seekers", 60_000, "name contact personnummer"),
            exposure=Exposure.KNOWN,
            consequences=_set(Consequence.IDENTITY_THEFT),
            mitigations=_set(Mitigation.DELETION_REQUESTED),
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subjects. The recipients are "
        f"known by name, hence 'known'. {_MEMORY}",
    ),
    Scenario(
        key="edpb_15",
        source=f"{_EDPB} 15: Personal data sent by mail by mistake",
        facts="The list of 15 participants of a 5-day Legal English course (names, e-mail "
        "addresses, food preferences) was sent to 15 former participants instead of the hotel. "
        "Two had stated lactose intolerance; nobody has a protected identity. The controller "
        "saw the mistake at once and asked the recipients to delete the list.",
        inputs=breach(
            group(
                "participants with a food preference",
                2,
                "name contact health",
                insight=Insight.LIMITED,
            ),
            group("other participants", 13, "name contact"),
            exposure=Exposure.KNOWN,
            mitigations=_set(Mitigation.DELETION_REQUESTED),
        ),
        expected=DOCUMENT,
        note=f"No notification to the SA, no communication: lactose intolerance tells little. "
        f"{_MEMORY} Least sure of the 18.",
    ),
    Scenario(
        key="edpb_16",
        source=f"{_EDPB} 16: Postal mail mistake",
        facts="An enveloping machine put two car-insurance policy letters into one envelope. "
        "The policyholder read the other's letter: name, address, vehicle registration number, "
        "premiums, annual mileage and date of birth; no health, bank or financial data.",
        inputs=breach(
            group("policyholder", 1, "name contact birth_date"),
            exposure=Exposure.KNOWN,
        ),
        expected=NOTIFY,
        two_answers=True,
        note=f"Notification to the SA; whether to communicate depends on whether misuse can be "
        f"ruled out (the draft asked for it). {_MEMORY}",
    ),
    Scenario(
        key="edpb_17",
        source=f"{_EDPB} 17: Identity theft",
        facts="A caller posing as a telecom client gave the client's tax number and postal "
        "address, which the procedure accepted, and had the billing e-mail changed. For a "
        "month the client's invoices went to the impostor; then the change was reverted.",
        inputs=breach(
            group("client", 1, "name contact personnummer financial location"),
            exposure=Exposure.KNOWN,
            integrity=Integrity.RECOVERABLE,
            malicious=Intent.YES,
            consequences=_set(Consequence.IDENTITY_THEFT),
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subject. {_MEMORY}",
    ),
    Scenario(
        key="edpb_18",
        source=f"{_EDPB} 18: Email exfiltration",
        facts="A hypermarket chain found, 3 months late, rules in some mailboxes forwarding every "
        "e-mail about invoices, payments and bank details to an outside address. Posing as a "
        "supplier the attacker had changed the supplier's bank details and sent fake invoices. "
        "Who else is in the mails is not yet known.",
        inputs=breach(
            group(
                "suppliers and employees", None, "name contact payment financial", uncertain=True
            ),
            exposure=Exposure.WIDE,
            integrity=Integrity.RECOVERABLE,
            malicious=Intent.YES,
            consequences=_set(Consequence.FINANCIAL_LOSS, Consequence.IDENTITY_THEFT),
        ),
        expected=INFORM,
        note=f"Notification to the SA and communication to the data subjects. {_MEMORY}",
    ),
)

_ENISA = "ENISA 2013 severity methodology, Table 1 example"
_BANDS = "SE {se}: {band}, read as {advice}. The breach circumstances are this module's reading."

ENISA: tuple[Scenario, ...] = (
    Scenario(
        key="enisa_supermarket_list",
        source=f"{_ENISA}: customer list of a supermarket (simple data, DPC 1)",
        facts="A supermarket's list of 800 customers (names, addresses, phone numbers) was "
        "e-mailed by mistake to one known business partner.",
        inputs=breach(group("customers", 800, "name contact"), exposure=Exposure.KNOWN),
        expected=DOCUMENT,
        note=_BANDS.format(se="1 × 1 + 0.25 = 1.25", band="low", advice="document"),
    ),
    Scenario(
        key="enisa_luxury_goods_list",
        source=f"{_ENISA}: customer list of a luxury goods seller (simple data, DPC 2)",
        facts="A luxury goods seller's list of 500 customers (names, addresses) was published "
        "on its website by mistake; being on it suggests wealth.",
        inputs=breach(
            group("customers", 500, "name contact purchases", insight=Insight.LIMITED),
            exposure=Exposure.WIDE,
        ),
        expected=NOTIFY,
        note=_BANDS.format(se="2 × 1 + 0.5 = 2.5", band="medium", advice="notify"),
    ),
    Scenario(
        key="enisa_adult_bookstore",
        source=f"{_ENISA}: delivery addresses of an adult book store (simple data, DPC 3)",
        facts="The delivery list of an adult book store's web shop, 400 customers' names and "
        "addresses, was left readable on the internet; being on it suggests sexual preferences.",
        inputs=breach(
            group("customers", 400, "name contact purchases sex_life", insight=Insight.LIMITED),
            exposure=Exposure.WIDE,
        ),
        expected=INFORM,
        note=_BANDS.format(se="3 × 1 + 0.5 = 3.5", band="high", advice="notify and inform"),
    ),
    Scenario(
        key="enisa_call_history_year",
        source=f"{_ENISA}: one year of a subscriber's call history (behavioural data, DPC 3)",
        facts="An operator's helpdesk sent a subscriber's call history for a whole year, with "
        "the cells used, to another subscriber by mistake.",
        inputs=breach(
            group("subscriber", 1, "name contact location", insight=Insight.EXTENSIVE),
            exposure=Exposure.KNOWN,
        ),
        expected=INFORM,
        note=_BANDS.format(se="3 × 1 + 0.25 = 3.25", band="high", advice="notify and inform"),
    ),
    Scenario(
        key="enisa_bank_balances_month",
        source=f"{_ENISA}: one month of bank account balances (financial data, DPC 3)",
        facts="A bank employee lost an unencrypted laptop with a month of account balances and "
        "transactions of 150 customers; no sign that anyone has read it.",
        inputs=breach(
            group("customers", 150, "name financial payment"), exposure=Exposure.NO_EVIDENCE
        ),
        expected=INFORM,
        note=_BANDS.format(se="3 × 1 + 0 = 3", band="high", advice="notify and inform"),
    ),
    Scenario(
        key="enisa_er_blood_test",
        source=f"{_ENISA}: the fact of a blood test in the ER (sensitive data, DPC 2)",
        facts="A note that a named patient had a blood test at the emergency department, with "
        "no results, was e-mailed to a wrong, known recipient.",
        inputs=breach(
            group("patient", 1, "name health", insight=Insight.LIMITED), exposure=Exposure.KNOWN
        ),
        expected=NOTIFY,
        note=_BANDS.format(se="2 × 1 + 0.25 = 2.25", band="medium", advice="notify"),
    ),
    Scenario(
        key="enisa_blood_test_results",
        source=f"{_ENISA}: actual blood test results (sensitive data, DPC 4)",
        facts="A laboratory e-mailed the blood test results of 30 named patients to a wrong, "
        "known recipient.",
        inputs=breach(group("patients", 30, "name health"), exposure=Exposure.KNOWN),
        expected=INFORM,
        note=_BANDS.format(se="4 × 1 + 0.25 = 4.25", band="very high", advice="notify and inform"),
    ),
    Scenario(
        key="enisa_invalid_cards",
        source=f"{_ENISA}: card numbers invalid for years (financial data, DPC 1)",
        facts="An old file of 300 customers' names and card numbers, all expired and cancelled "
        "years ago, was published on a web server by mistake.",
        inputs=breach(
            group("customers", 300, "name payment", insight=Insight.NONE), exposure=Exposure.WIDE
        ),
        expected=DOCUMENT,
        note=_BANDS.format(se="1 × 1 + 0.5 = 1.5", band="low", advice="document"),
    ),
)

SCENARIOS: list[Scenario] = [*EDPB, *ENISA, *SWEDISH]
