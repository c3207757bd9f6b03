"""The privacy guard's rules for details of security weaknesses and written-out secrets
(breachdesk/guard/security_rules.py)."""

import pytest

from breachdesk.guard.base import FindingKind
from breachdesk.guard.scan import guard_scan
from tests.guard_helpers import (
    only,
    without_sensitive,
)

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
