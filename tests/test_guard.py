"""The document guard: what it reports in text bound for a public document, and what it leaves.

Personnummer here are generated with serial numbers 980-999 (the range of Skatteverket's test
personnummer) or are the well-known test number 19121212-1212; names are invented.
"""

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import pytest
from django.utils import translation

from breachdesk.documents.guard import Finding, FindingKind, SensitiveCategory, guard_scan

# --- Helpers ------------------------------------------------------------------------------------


def luhn_digit(nine_digits: str) -> str:
    """The check digit of a personnummer: Luhn over YYMMDDNNN, weights 2, 1, 2, ..."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Number:
    century: str  # "19"
    birth: str  # "YYMMDD" (day + 60 for a samordningsnummer)
    last_four: str  # serial + check digit

    def forms(self) -> dict[str, str]:
        return {
            "YYMMDD-NNNN": f"{self.birth}-{self.last_four}",
            "YYMMDDNNNN": f"{self.birth}{self.last_four}",
            "YYYYMMDD-NNNN": f"{self.century}{self.birth}-{self.last_four}",
            "YYYYMMDDNNNN": f"{self.century}{self.birth}{self.last_four}",
            "YYMMDD+NNNN": f"{self.birth}+{self.last_four}",
            "YYMMDD NNNN": f"{self.birth} {self.last_four}",
        }

    def with_wrong_check_digit(self) -> "Number":
        wrong = str((int(self.last_four[3]) + 1) % 10)
        return Number(self.century, self.birth, self.last_four[:3] + wrong)


def make_number(born: date, serial: str, *, samordning: bool = False) -> Number:
    day = born.day + 60 if samordning else born.day
    birth = f"{born:%y%m}{day:02d}"
    return Number(f"{born:%Y}"[:2], birth, serial + luhn_digit(birth + serial))


TEST_NUMBERS = [
    Number("19", "121212", "1212"),  # Skatteverket's well-known test number
    make_number(date(1985, 3, 14), "982"),
    make_number(date(1948, 7, 1), "987"),
    make_number(date(2003, 11, 30), "991"),
]
SAMORDNINGSNUMMER = make_number(date(1990, 5, 12), "983", samordning=True)


def kinds(findings: list[Finding]) -> list[FindingKind]:
    return [finding.kind for finding in findings]


def without_sensitive(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.kind != FindingKind.SENSITIVE]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


# --- Personnummer and samordningsnummer ---------------------------------------------------------


def test_luhn_helper_agrees_with_the_known_test_number() -> None:
    assert luhn_digit("121212121") == "2"
    assert luhn_digit("640823323") == "4"  # Skatteverket's worked example


@pytest.mark.parametrize("number", TEST_NUMBERS, ids=lambda n: n.birth)
@pytest.mark.parametrize("form", list(TEST_NUMBERS[0].forms()))
def test_every_written_form_of_a_valid_personnummer_is_certain(number: Number, form: str) -> None:
    written = number.forms()[form]
    text = f"Mail till fel mottagare, innehållande namn och personnummer {written} i klartext."

    finding = only(guard_scan(text))

    assert finding.kind == FindingKind.PERSONNUMMER
    assert finding.text == written
    assert finding.certain


@pytest.mark.parametrize("form", list(SAMORDNINGSNUMMER.forms()))
def test_samordningsnummer_is_certain(form: str) -> None:
    written = SAMORDNINGSNUMMER.forms()[form]
    assert int(SAMORDNINGSNUMMER.birth[4:]) == 12 + 60

    finding = only(guard_scan(f"Elevens samordningsnummer {written} fanns i bilagan."))

    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.PERSONNUMMER,
        written,
        True,
    )


@pytest.mark.parametrize("number", [*TEST_NUMBERS, SAMORDNINGSNUMMER], ids=lambda n: n.birth)
@pytest.mark.parametrize("form", list(TEST_NUMBERS[0].forms()))
def test_wrong_check_digit_is_reported_but_uncertain(number: Number, form: str) -> None:
    written = number.with_wrong_check_digit().forms()[form]

    finding = only(guard_scan(f"Kunden angav {written} i e-tjänsteportalen."))

    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.PERSONNUMMER,
        written,
        False,
    )


def test_valid_check_digit_on_a_date_that_does_not_exist_is_uncertain() -> None:
    birth = "900230"  # 30 February
    written = f"{birth}-982{luhn_digit(birth + '982')}"

    finding = only(guard_scan(f"Personnummer {written} angavs i ärendet."))

    assert (finding.kind, finding.certain) == (FindingKind.PERSONNUMMER, False)


def test_a_bare_number_that_is_a_valid_personnummer_is_not_taken_for_a_phone_number() -> None:
    number = make_number(date(2007, 12, 14), "984")  # 0712149840-ish: also shaped like 07x
    written = number.forms()["YYMMDDNNNN"]

    finding = only(guard_scan(f"Elevens nummer {written} syntes i schemat."))

    assert (finding.kind, finding.certain) == (FindingKind.PERSONNUMMER, True)


def test_twelve_digits_without_a_century_are_not_a_personnummer() -> None:
    ten_digits = TEST_NUMBERS[1].forms()["YYMMDDNNNN"]

    assert guard_scan(f"Kontonummer 55{ten_digits} och 16{ten_digits} hos banken.") == []


# --- Look-alikes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ärendet 22AFN70 gäller e-post utan meddelandesäkerhet.",
        "Anmälan 230620-PERSINC-FI02 avser ett e-postmeddelande till annan förvaltning.",
        "Diarienummer 2143-1.1.2-2023 i kommunstyrelsens serie.",
        "Händelsen inträffade 2022-06-01 och upptäcktes 22-08-30.",
        "2023-06-12 ca kl: 21:30 upptäcks att en obehörig loggat in som eleven.",
        "Kommunens organisationsnummer är 212000-0142.",
        "Leverantören har organisationsnummer 556677-8899 och 5566778899.",
        "Skadeståndet uppgick till 12 500 kr, totalt 1 234 567 kronor.",
        "IMY:s beslut IMY-2026-1234 och tidigare DI-2022-1234.",
        "Enligt offentlighets- och sekretesslagen (2009:400) gäller sekretess.",
    ],
)
def test_look_alikes_give_no_finding(text: str) -> None:
    assert guard_scan(text, security=True) == []


def test_times_next_to_a_sensitive_word_give_only_the_word() -> None:
    text = "Kl. 15:40 skickades en inbjudan till rehabiliteringsmöte, kl. 13:23 kontaktades HR."

    finding = only(guard_scan(text, security=True))

    assert (finding.kind, finding.text) == (FindingKind.SENSITIVE, "rehabiliteringsmöte")


# --- E-mail and phone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Kallelse till rehabmöte skickades till anna.testberg@exempelkommun.se av misstag.",
            "anna.testberg@exempelkommun.se",
        ),
        ("The e-mail was forwarded to j.doe+hr@example.org.", "j.doe+hr@example.org"),
        ("Svar skickades till elev (at) skola.exempel.se i går.", "elev (at) skola.exempel.se"),
    ],
)
def test_email_addresses_are_found(text: str, address: str) -> None:
    finding = only(without_sensitive(guard_scan(text)))  # "rehabmöte" is one

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.EMAIL, address, True)


@pytest.mark.parametrize(
    "number",
    [
        "070-123 45 67",
        "073-1234567",
        "0701234567",
        "070 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)70-123 45 67",
        "0046 8 123 456 78",
        "08-123 456 78",
        "08-12 34 56",
        "031-12 34 56",
        "0771-12 34 56",
        "0480-123 45",
    ],
)
def test_swedish_phone_numbers_are_found(number: str) -> None:
    text = f"Medarbetaren ringde vårdnadshavaren på {number} efter händelsen."

    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.PHONE, number, True)


def test_a_following_count_is_not_part_of_the_phone_number() -> None:
    finding = only(guard_scan("Hon ringde 070-123 45 67 12 gånger."))

    assert finding.text == "070-123 45 67"


def test_a_foreign_number_is_reported_as_uncertain() -> None:
    finding = only(guard_scan("Please call +358 40 123 4567 about the letter."))

    assert (finding.kind, finding.certain) == (FindingKind.PHONE, False)


# --- Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kallelse till rehabmöte skickades till Karin Påhittadsson på HR.", "Karin Påhittadsson"),
        ("Ansvarig chef Erik Exempelsson-Lind informerade enheten.", "Erik Exempelsson-Lind"),
        ("Samråd med Ola A och dataskyddsombudet.", "Ola A"),
        ("Kallelse Anna-Karin Testberg till mötet.", "Anna-Karin Testberg"),
        ("The letter was sent to Maria von Exempel by mistake.", "Maria von Exempel"),
    ],
)
def test_a_common_first_name_followed_by_a_capitalised_word_is_an_uncertain_name(
    text: str, name: str
) -> None:
    finding = only(without_sensitive(guard_scan(text)))  # "rehabmöte" is one

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.NAME, name, False)


@pytest.mark.parametrize(
    "text",
    [
        "Rut har själv skickat sina uppgifter.",  # a first name alone
        "Uppgifterna skickades per e-post till Vuxenutbildningen Skola.",  # no first name
        "Mia\tEnheten för vägledning",  # a table column, not a surname
    ],
)
def test_text_without_a_name_shape_gives_no_name(text: str) -> None:
    assert FindingKind.NAME not in kinds(guard_scan(text))


@pytest.mark.parametrize(
    "text",
    [
        "Brevet till Rut Anmälarsson skickades fel.",
        "Brevet till RUT ANMÄLARSSON skickades fel.",
        "Brevet till rut\nanmälarsson skickades fel.",
        "Brevet till Anmälarsson, Rut skickades fel.",
    ],
)
def test_a_name_known_to_the_case_is_certain_in_any_case(text: str) -> None:
    finding = only(guard_scan(text, names=["Rut Anmälarsson"]))

    assert (finding.kind, finding.certain) == (FindingKind.NAME, True)
    assert finding.text.casefold().replace("\n", " ") in {"rut anmälarsson", "anmälarsson, rut"}


def test_a_known_name_and_a_longer_name_shape_over_it_become_one_certain_finding() -> None:
    text = "Brevet till Rut Anmälarsson Berg kom fel."

    finding = only(guard_scan(text, names=["Rut Anmälarsson"]))

    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.NAME,
        "Rut Anmälarsson Berg",
        True,
    )


def test_the_surname_of_a_known_name_alone_is_uncertain() -> None:
    text = "Anmälarsson kontaktades per telefon."

    finding = only(guard_scan(text, names=("Rut Anmälarsson",)))
    assert guard_scan(text) == []

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.NAME, "Anmälarsson", False)


def test_a_single_name_passed_as_a_string_is_one_name() -> None:
    finding = only(guard_scan("Ärendet gäller Zelda Påhittad.", names="Zelda Påhittad"))

    assert (finding.text, finding.certain) == ("Zelda Påhittad", True)


# --- Security details ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Åtgärder har vidtagits genom att ändra lösenordet.", "lösenordet"),
        ("Administratörslösenordet delades i Teams.", "Administratörslösenordet"),
        ("Sårbarheten i inloggningen rapporterades av leverantören.", "Sårbarheten"),
        ("The vulnerability was reported by the supplier.", "vulnerability"),
        ("A default password was never changed.", "password"),
        ("Leverantören hittade en bakdörr i modulen.", "bakdörr"),
        ("En zero-day utnyttjades.", "zero-day"),
        ("Servern var end of life sedan länge.", "end of life"),
        ("Systemet var opatchat sedan i våras.", "opatchat"),
        ("The server was not patched for a year.", "not patched"),
    ],
)
def test_security_words_are_uncertain_and_only_looked_for_when_asked(
    text: str, detail: str
) -> None:
    finding = only(guard_scan(text, security=True))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.SECURITY, detail, False)
    assert guard_scan(text) == []


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Angriparen utnyttjade CVE-2021-44228 i loggningen.", "CVE-2021-44228"),
        ("Servern körde version 10.2.3 av systemet.", "version 10.2.3"),
        ("The portal ran v2.4.1 of the module.", "v2.4.1"),
        ("Filservern kör Windows Server 2012 R2 sedan länge.", "Windows Server 2012 R2"),
        ("Webbservern var en Apache 2.4.49 utan uppdateringar.", "Apache 2.4.49"),
        ("Ärendesystemet nås på server01.kommun.se från kontoret.", "server01.kommun.se"),
        ("Domänkontrollanten dc01.exempel.local svarade inte.", "dc01.exempel.local"),
        (
            "Sidan https://intranet.kommun.se/admin/users var öppen.",
            "https://intranet.kommun.se/admin/users",
        ),
        ("Länken http://vklient/rapport delades.", "http://vklient/rapport"),
        ("Filerna låg på \\\\filserver\\hr$\\rehab.", "\\\\filserver\\hr$\\rehab"),
        ("Fjärrskrivbord var öppet på port 3389 mot internet.", "port 3389"),
        ("The firewall allowed 445/tcp from anywhere.", "445/tcp"),
    ],
)
def test_certain_security_details_in_swedish_and_english(text: str, detail: str) -> None:
    finding = only(guard_scan(text, security=True))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.SECURITY, detail, True)
    assert without_sensitive(guard_scan(text)) == []  # "rehab" in a path is one


@pytest.mark.parametrize(
    "text",
    [
        "Versionen 1.2 av rutinen för personuppgifter i e-post gäller.",  # a routine's version
        "E-tjänsten e-tjanst.kommun.se visade fel uppgifter.",  # may be a public e-service
    ],
)
def test_doubtful_security_details_are_uncertain(text: str) -> None:
    finding = only(guard_scan(text, security=True))

    assert (finding.kind, finding.certain) == (FindingKind.SECURITY, False)


@pytest.mark.parametrize(
    "text",
    [
        # What IMY needs to be told is never flagged.
        "Meddelandet skickades okrypterat; Sefos krypterar inte ärenderubriken.",
        "The attachment was unencrypted and sent to the wrong recipient.",
        "En obehörig har kommit över en elevs inloggningsuppgifter efter nätfiske.",
        "Sårbara grupper berörs: barn och personer med hemliga telefonnummer.",
        "Vulnerable persons are affected.",
        "Kommunen använder Microsoft 365 och Skola24 för schemat.",
        # Public sites, file names and abbreviations are not hosts.
        "Se www.imy.se och https://www.imy.se/verksamhet/ samt imy.se för vägledning.",
        "Bilagan rapport.slutlig.docx skickades t.ex. till HR, bl.a. fr.o.m. måndag m.fl.",
        # A building entrance is not a network port.
        "Brevet lades i fel brevlåda i port 3.",
    ],
)
def test_facts_imy_needs_and_harmless_words_give_no_finding(text: str) -> None:
    assert guard_scan(text, security=True) == []


def test_a_written_out_password_is_reported_even_without_the_security_scan() -> None:
    text = "Lösenordet är Sommar2023 och delades i chatten."

    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.SECURITY,
        "Lösenordet är Sommar2023",
        True,
    )


def test_a_sentence_about_a_password_is_not_a_written_out_password() -> None:
    assert guard_scan("Lösenordet är ändrat och lösenord: ******.") == []


# --- IP addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Inloggningen kom från 192.168.10.25 enligt loggen.", "192.168.10.25"),
        ("Login attempts came from 10.0.0.5:3389.", "10.0.0.5:3389"),
        ("Adressen 2001:db8:85a3::8a2e:370:7334 syns i loggen.", "2001:db8:85a3::8a2e:370:7334"),
        ("Gränssnittet fe80::1 svarade.", "fe80::1"),
    ],
)
def test_ip_addresses_are_always_reported(text: str, address: str) -> None:
    for security in (False, True):
        finding = only(guard_scan(text, security=security))
        assert (finding.kind, finding.text, finding.certain) == (FindingKind.IP, address, True)


def test_numbers_beyond_255_are_not_ip_addresses() -> None:
    assert guard_scan("Tabellen 300.12.45.7 och 10.0.0.256 i bilagan.") == []


def test_a_dotted_section_number_is_at_most_an_uncertain_ip_address() -> None:
    finding = only(guard_scan("Se avsnitt 1.1.2.3 i rutinen."))

    assert (finding.kind, finding.certain) == (FindingKind.IP, False)


# --- Overlaps, offsets and order ----------------------------------------------------------------


def test_overlapping_findings_become_one() -> None:
    text = "Mejlet till admin@server01.kommun.se och länken http://10.0.0.5/login."

    findings = guard_scan(text, security=True)

    assert [(f.kind, f.text) for f in findings] == [
        (FindingKind.EMAIL, "admin@server01.kommun.se"),
        (FindingKind.SECURITY, "http://10.0.0.5/login"),
    ]


def test_offsets_point_at_the_text_and_findings_are_in_order_without_overlap() -> None:
    pnr = TEST_NUMBERS[1].forms()["YYYYMMDD-NNNN"]
    text = (
        "Kallelse till rehabmöte skickades till fel mottagare.\n"
        f"Karin Påhittadsson ({pnr}) nås på 070-123 45 67 eller karin@exempel.se.\n"
        "Servern srv02.exempel.local (10.20.30.40) kör Windows 10; lösenord: Vinter#2024.\n"
        "Brevet till Rut Anmälarsson gällde ärende 22AFN70 från 2022-06-01."
    )

    findings = guard_scan(text, security=True, names=["Rut Anmälarsson"])

    assert [f.kind for f in findings] == [
        FindingKind.SENSITIVE,
        FindingKind.NAME,
        FindingKind.PERSONNUMMER,
        FindingKind.PHONE,
        FindingKind.EMAIL,
        FindingKind.SECURITY,
        FindingKind.IP,
        FindingKind.SECURITY,
        FindingKind.SECURITY,
        FindingKind.NAME,
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    for before, after in pairwise(findings):
        assert before.end <= after.start


def test_offsets_hold_when_lower_casing_changes_the_length() -> None:
    # "İ".lower() is two characters; the case-insensitive rules must still point right.
    text = "İİİ Lösenordet är Sommar2023 enligt İT, se CVE-2021-44228 och elev@exempel.se."

    findings = guard_scan(text, security=True)

    assert [f.text for f in findings] == [
        "Lösenordet är Sommar2023",
        "CVE-2021-44228",
        "elev@exempel.se",
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_a_long_text_gives_exactly_the_planted_findings() -> None:
    filler = "Incidenten bedömdes av enheten och rutinen ses över under hösten 2023. " * 5
    planted = [TEST_NUMBERS[1].forms()["YYMMDD-NNNN"], "070-123 45 67", "elev@exempel.se"]
    text = "".join(f"{filler}{item} " for item in planted) * 60

    findings = guard_scan(text, security=True)

    assert len(text.split()) > 10_000
    assert [f.text for f in findings] == planted * 60


# --- Addresses, accounts, cards and vehicles ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "certain"),
    [
        (
            "Brevet gick till Storgatan 12, 123 45 Exempelby.",
            "Storgatan 12, 123 45 Exempelby",
            True,
        ),
        ("Svar till Box 123, 411 23 Göteborg snarast.", "Box 123, 411 23 Göteborg", True),
        (
            "Adress:\nNorra Långgatan 3 B\n123 45 Exempelby",
            "Norra Långgatan 3 B\n123 45 Exempelby",
            True,
        ),
        ("Kuvertet var märkt 411 23 Göteborg.", "411 23 Göteborg", False),
    ],
)
def test_postal_addresses_are_found_from_the_postcode(
    text: str, expected: str, certain: bool
) -> None:
    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.ADDRESS, expected, certain)


@pytest.mark.parametrize(
    ("text", "expected", "certain"),
    [
        ("Utbetalning till kontonummer 123 456 789-0 gjordes.", ["123 456 789-0"], True),
        ("Clearingnummer 8327-9, kontonummer 123 456 789-0.", ["8327-9", "123 456 789-0"], True),
        ("Pengarna sattes in på konto 5000 12 345 67 i fel namn.", ["5000 12 345 67"], True),
        ("Betala till bankgiro 5050-1055 senast fredag.", ["5050-1055"], True),
        ("Betala till bankgiro 5050-1056 senast fredag.", ["5050-1056"], False),  # bad check
        ("Pengar fördes till kontot 5000 12 345 67.", ["5000 12 345 67"], False),  # user account?
    ],
)
def test_labelled_bank_account_numbers_are_found(
    text: str, expected: list[str], certain: bool
) -> None:
    findings = guard_scan(text)

    assert [(f.kind, f.text, f.certain) for f in findings] == [
        (FindingKind.BANK_ACCOUNT, number, certain) for number in expected
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Diarienummer 5050-1055 och 1234-5678 utan etikett.",  # no label: a diary number
        "Kontot låstes 2023-06-12 efter händelsen.",  # a user account and a date
        "Kontonummer 12345678901 i kundregistret.",  # a bare run may be any account
    ],
)
def test_unlabelled_or_dated_numbers_are_not_bank_accounts(text: str) -> None:
    assert guard_scan(text) == []


@pytest.mark.parametrize(
    "written",
    ["SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466", "DE89 3704 0044 0532 0130 00"],
)
def test_valid_ibans_are_found_with_or_without_spaces(written: str) -> None:
    finding = only(guard_scan(f"Återbetalning till {written} BANK enligt blanketten."))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.IBAN, written, True)


def test_a_mistyped_iban_is_still_an_iban_and_a_wrong_shape_is_nothing() -> None:
    finding = only(guard_scan("Kontot SE46 5000 0000 0583 9825 7466 angavs."))
    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.IBAN,
        "SE46 5000 0000 0583 9825 7466",
        True,
    )
    assert FindingKind.IBAN not in kinds(guard_scan("Koden AB12 3456 7890 1234 5678 angavs."))


@pytest.mark.parametrize(
    ("written", "certain"),
    [
        ("4111 1111 1111 1111", True),
        ("5555-5555-5555-4444", True),
        ("3782 822463 10005", True),
        ("4111111111111111", False),  # a bare run may be an OCR or reference number
    ],
)
def test_luhn_valid_card_numbers_are_found(written: str, certain: bool) -> None:
    finding = only(guard_scan(f"Kortnumret {written} syntes i kvittot."))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.CARD, written, certain)


@pytest.mark.parametrize(
    "text",
    [
        "Kortnumret 4111 1111 1111 1112 är felskrivet.",  # Luhn fails
        "Betala med OCR 4111111111111111 före förfallodagen.",  # an OCR number
        "Organisationsnummer 556677-8899 och 5566778899, personnummer 19121212-1212.",
    ],
)
def test_look_alikes_are_not_card_numbers(text: str) -> None:
    assert FindingKind.CARD not in kinds(guard_scan(text))


@pytest.mark.parametrize(
    ("text", "plate", "certain"),
    [
        ("Tjänstebilen ABC 123 stod olåst.", "ABC 123", True),
        ("Fordonet med regnr ABC12D fotograferades.", "ABC12D", True),
        ("Skylten XYZ 987 syntes på bilden.", "XYZ 987", False),
    ],
)
def test_vehicle_registration_numbers_are_found(text: str, plate: str, certain: bool) -> None:
    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.VEHICLE, plate, certain)


@pytest.mark.parametrize(
    "text",
    [
        "Ärendet 22AFN70 och BUN 123/2022 avser samma händelse.",
        "Enligt SFS 123 och beslut i KSN 456 gäller detta, se SKR 123.",
        "Skickat via SMS 123 gånger, IMY 123 och ABCD 123.",
    ],
)
def test_diary_numbers_and_abbreviations_are_not_registration_numbers(text: str) -> None:
    assert FindingKind.VEHICLE not in kinds(guard_scan(text))


# --- Sensitive words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "category"),
    [
        ("Kallelse till Rehabmöte skickades fel.", "Rehabmöte", SensitiveCategory.HEALTH),
        ("Medarbetaren är sjukskriven sedan mars.", "sjukskriven", SensitiveCategory.HEALTH),
        ("Eleven fick diagnosen i våras.", "diagnosen", SensitiveCategory.HEALTH),
        (
            "Listan visade vilka som är fackmedlemmar.",
            "fackmedlemmar",
            SensitiveCategory.TRADE_UNION,
        ),
        (
            "Beslut om försörjningsstöd skickades fel.",
            "försörjningsstöd",
            SensitiveCategory.SOCIAL_WELFARE,
        ),
        ("En orosanmälan vidarebefordrades.", "orosanmälan", SensitiveCategory.SOCIAL_WELFARE),
        (
            "Personen har skyddad identitet.",
            "skyddad identitet",
            SensitiveCategory.PROTECTED_IDENTITY,
        ),
        (
            "Barn och personer med skyddade personuppgifter berörs.",
            "skyddade personuppgifter",
            SensitiveCategory.PROTECTED_IDENTITY,
        ),
        ("He was suspected of fraud.", "suspected of", SensitiveCategory.CRIMINAL),
        (
            "Uppgift om sexuell läggning fanns i bilagan.",
            "sexuell läggning",
            SensitiveCategory.SEX_LIFE,
        ),
    ],
)
def test_sensitive_words_are_uncertain_with_their_category_without_the_security_scan(
    text: str, word: str, category: SensitiveCategory
) -> None:
    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain, finding.category) == (
        FindingKind.SENSITIVE,
        word,
        False,
        category,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Avbrottet i tjänsten varade i två timmar.",  # avbrott is no brott
        "Domänen kommun.se pekade fel; placering av skrivaren ändrades.",
        "Socialtjänsten informerade de fackliga företrädarna om händelsen.",
        "A race condition in the login form was fixed.",
    ],
)
def test_everyday_words_near_sensitive_ones_give_no_finding(text: str) -> None:
    assert guard_scan(text) == []


def test_every_sensitive_word_entry_has_a_known_category_and_is_recognised() -> None:
    from importlib import resources

    content = resources.files("breachdesk.documents").joinpath("data", "sensitive_words.txt")
    entries = [
        line.split("#")[0].strip()
        for line in content.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    assert len(entries) >= 100
    for entry in entries:
        category, _colon, word = entry.partition(":")
        written = word.strip().strip("*")
        finding = only(guard_scan(f"Det gällde {written} i ärendet."))
        assert (finding.kind, finding.category) == (FindingKind.SENSITIVE, category), entry


# --- Kinds and data files -----------------------------------------------------------------------


def test_kinds_have_stable_values_and_english_labels() -> None:
    with translation.override("en"):
        labels = {kind.value: str(kind.label) for kind in FindingKind}

    assert labels == {
        "personnummer": "personnummer or samordningsnummer",
        "email": "e-mail address",
        "phone": "phone number",
        "name": "name of a person",
        "security": "detail of a security weakness",
        "ip": "IP address",
        "address": "postal address",
        "bank_account": "bank account number",
        "iban": "IBAN",
        "card": "payment card number",
        "vehicle": "vehicle registration number",
        "sensitive": "word revealing sensitive data",
    }


def test_every_first_name_in_the_data_file_is_recognised() -> None:
    from importlib import resources

    content = resources.files("breachdesk.documents").joinpath("data", "first_names.txt")
    names = [
        line.split("#")[0].strip()
        for line in content.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]

    assert len(names) >= 300
    unrecognised = [
        name
        for name in names
        if kinds(guard_scan(f"Mötet med {name} Testberg.")) != [FindingKind.NAME]
    ]
    assert unrecognised == []


def test_sensitive_categories_have_stable_values_and_english_labels() -> None:
    with translation.override("en"):
        labels = {category.value: str(category.label) for category in SensitiveCategory}

    assert labels == {
        "health": "health",
        "ethnicity": "ethnic origin",
        "religion": "religion or belief",
        "politics": "political opinions",
        "trade_union": "trade union membership",
        "sex_life": "sex life or sexual orientation",
        "criminal": "criminal offences",
        "social_welfare": "social welfare",
        "protected_identity": "protected identity",
    }


def test_a_finding_of_another_kind_has_no_category_and_old_callers_still_build_findings() -> None:
    finding = only(guard_scan("Ring 070-123 45 67."))

    assert finding.category is None
    assert Finding(FindingKind.PHONE, "x", 0, 1, True).category is None


def test_an_unknown_category_in_the_sensitive_word_list_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from breachdesk.documents import guard

    monkeypatch.setattr(guard, "_data_lines", lambda filename: ("helth: diabetes",))

    with pytest.raises(ValueError, match="helth: diabetes"):
        guard._sensitive_word_rules.__wrapped__()
