"""A labelled corpus for the privacy guard, and the scoring that both the corpus test and
bench/guard_corpus.py use.

Every text is invented for Breachdesk: the people, places and case numbers are fictional. The
personnummer are checksum-valid numbers with serial numbers 980-999 (Skatteverket's range for test
numbers) or the well-known 19121212-1212; card numbers are the card networks' published test
numbers; IBANs, bank account, bankgiro and plusgiro numbers are made up with valid check digits.

Each sample is a text and the findings a careful reader would mark in it: the kind and the exact
substring (which occurs once in the text). A finding is correct when its kind and span match an
expected one. Uncertain findings count like certain ones, for recall and for precision: the user
sees both in the list before a document is made, so an uncertain false alarm costs as much as a
certain one, and an expected finding reported as uncertain is still found.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from breachdesk.guard.base import Finding, FindingKind
from breachdesk.guard.scan import guard_scan

K = FindingKind
Expected = tuple[FindingKind, str]


@dataclass(frozen=True)
class Sample:
    text: str
    expected: tuple[Expected, ...] = ()
    security: bool = False  # scan as an IMY draft
    names: tuple[str, ...] = ()  # names known to the case


def sample(
    text: str, *expected: Expected, security: bool = False, names: tuple[str, ...] = ()
) -> Sample:
    return Sample(text, expected, security, names)


SAMPLES: tuple[Sample, ...] = (
    # --- Personnummer and samordningsnummer (all checksum-valid) ---------------------------------
    sample("Brevet innehöll personnummer 850314-9877 i klartext.", (K.PERSONNUMMER, "850314-9877")),
    sample(
        "Elevens personnummer 20031130-9975 syntes i schemat.", (K.PERSONNUMMER, "20031130-9975")
    ),
    sample("Sökande: 19121212-1212, ansökan inkom i maj.", (K.PERSONNUMMER, "19121212-1212")),
    sample("The file listed 4807019981 next to the address field.", (K.PERSONNUMMER, "4807019981")),
    sample("Samordningsnummer 900572-9836 angavs i beslutet.", (K.PERSONNUMMER, "900572-9836")),
    sample("Hennes nummer 770512 9844 stod på kuvertet.", (K.PERSONNUMMER, "770512 9844")),
    sample("Pensionären 561224+9820 fick fel brev.", (K.PERSONNUMMER, "561224+9820")),
    sample("Listan hade 199202299914 och fler rader.", (K.PERSONNUMMER, "199202299914")),
    sample("Personnr: 640823-9959.", (K.PERSONNUMMER, "640823-9959")),
    sample(
        "Två personnummer, 990909-9989 och 881111-9992, lämnades ut.",
        (K.PERSONNUMMER, "990909-9989"),
        (K.PERSONNUMMER, "881111-9992"),
    ),
    # --- E-mail -----------------------------------------------------------------------------------
    sample(
        "Svaret gick till vh.testberg@exempel.se av misstag.", (K.EMAIL, "vh.testberg@exempel.se")
    ),
    sample("The report was sent to j.doe+hr@example.org.", (K.EMAIL, "j.doe+hr@example.org")),
    sample("Kontakt: elev (at) skola.exempel.se.", (K.EMAIL, "elev (at) skola.exempel.se")),
    sample(
        "Mejlet till ANNA.B@EXEMPELKOMMUN.SE vidarebefordrades.",
        (K.EMAIL, "ANNA.B@EXEMPELKOMMUN.SE"),
    ),
    sample(
        "Kopia skickades till foralder123@exempelpost.se.", (K.EMAIL, "foralder123@exempelpost.se")
    ),
    sample(
        "Adressen hr-support@bolag.exempel.com syntes.", (K.EMAIL, "hr-support@bolag.exempel.com")
    ),
    sample(
        "Via kontaktformulär till info[at]forening.exempel.se.",
        (K.EMAIL, "info[at]forening.exempel.se"),
    ),
    sample(
        "Sändlistan omfattade elev.a@skola.se och elev.b@skola.se.",
        (K.EMAIL, "elev.a@skola.se"),
        (K.EMAIL, "elev.b@skola.se"),
    ),
    sample("Reply to x_y@exempel.nu was delayed.", (K.EMAIL, "x_y@exempel.nu")),
    # --- Phone ------------------------------------------------------------------------------------
    sample("Vårdnadshavaren nås på 070-123 45 67.", (K.PHONE, "070-123 45 67")),
    sample("Ring 08-123 456 78 under kontorstid.", (K.PHONE, "08-123 456 78")),
    sample("Mobil: +46 70 123 45 67.", (K.PHONE, "+46 70 123 45 67")),
    sample("Numret 0701234567 stod i protokollet.", (K.PHONE, "0701234567")),
    sample("Please call +358 40 123 4567 about the letter.", (K.PHONE, "+358 40 123 4567")),
    sample("Växeln 031-12 34 56 kopplade fel.", (K.PHONE, "031-12 34 56")),
    sample("Sms skickades till 073-1234567 i stället.", (K.PHONE, "073-1234567")),
    sample("Hemtelefon 0480-123 45 angavs.", (K.PHONE, "0480-123 45")),
    sample("Kundtjänst 0771-12 34 56 fick samtalet.", (K.PHONE, "0771-12 34 56")),
    sample("Från utlandet: 0046 8 123 456 78.", (K.PHONE, "0046 8 123 456 78")),
    # --- Names ------------------------------------------------------------------------------------
    sample("Brevet till Karin Påhittadsson kom fel.", (K.NAME, "Karin Påhittadsson")),
    sample("Ansvarig chef Erik Exempelsson-Lind informerades.", (K.NAME, "Erik Exempelsson-Lind")),
    sample("Samråd med Ola A skedde samma dag.", (K.NAME, "Ola A")),
    sample("The letter was sent to Maria von Exempel by mistake.", (K.NAME, "Maria von Exempel")),
    sample("Handläggaren Sofia Testberg skickade svaret.", (K.NAME, "Sofia Testberg")),
    sample(
        "Uppgifterna om Rut Anmälarsson lämnades ut.",
        (K.NAME, "Rut Anmälarsson"),
        names=("Rut Anmälarsson",),
    ),
    sample(
        "Anmälarsson kontaktades per telefon.", (K.NAME, "Anmälarsson"), names=("Rut Anmälarsson",)
    ),
    sample("Eleven Lars Påhittad fick fel schema.", (K.NAME, "Lars Påhittad")),
    sample("Enhetschef Anna-Karin Exempeldotter ringde.", (K.NAME, "Anna-Karin Exempeldotter")),
    sample("Mötet med Johan Fiktivsson hölls i går.", (K.NAME, "Johan Fiktivsson")),
    # --- Security details (IMY drafts) ------------------------------------------------------------
    sample("Angriparen utnyttjade CVE-2021-44228.", (K.SECURITY, "CVE-2021-44228"), security=True),
    sample(
        "Servern körde version 10.2.3 av systemet.", (K.SECURITY, "version 10.2.3"), security=True
    ),
    sample(
        "Filservern kör Windows Server 2012 R2.",
        (K.SECURITY, "Windows Server 2012 R2"),
        security=True,
    ),
    sample(
        "Domänkontrollanten dc01.exempel.local svarade inte.",
        (K.SECURITY, "dc01.exempel.local"),
        security=True,
    ),
    sample("Fjärrskrivbord var öppet på port 3389.", (K.SECURITY, "port 3389"), security=True),
    sample(
        "Sårbarheten rapporterades av leverantören.", (K.SECURITY, "Sårbarheten"), security=True
    ),
    sample("Lösenordet är Sommar2023 och delades.", (K.SECURITY, "Lösenordet är Sommar2023")),
    sample("The firewall allowed 445/tcp from anywhere.", (K.SECURITY, "445/tcp"), security=True),
    sample("Systemet var opatchat sedan i våras.", (K.SECURITY, "opatchat"), security=True),
    sample(
        "Sidan https://intranet.kommun.se/admin/users var öppen.",
        (K.SECURITY, "https://intranet.kommun.se/admin/users"),
        security=True,
    ),
    # --- IP addresses -----------------------------------------------------------------------------
    sample("Inloggningen kom från 192.168.10.25 enligt loggen.", (K.IP, "192.168.10.25")),
    sample("Login attempts came from 10.0.0.5:3389.", (K.IP, "10.0.0.5:3389")),
    sample(
        "Adressen 2001:db8:85a3::8a2e:370:7334 syns i loggen.",
        (K.IP, "2001:db8:85a3::8a2e:370:7334"),
    ),
    sample("Gränssnittet fe80::1 svarade.", (K.IP, "fe80::1")),
    sample("Nätet 172.16.0.0/12 nåddes utifrån.", (K.IP, "172.16.0.0/12")),
    sample("Besökarens adress 203.0.113.77 loggades.", (K.IP, "203.0.113.77")),
    sample("Källa 198.51.100.23, mål 10.20.30.40.", (K.IP, "198.51.100.23"), (K.IP, "10.20.30.40")),
    sample("Routern 192.0.2.1 startades om.", (K.IP, "192.0.2.1")),
    sample("Skrivaren på 10.1.2.3 skrev ut listan.", (K.IP, "10.1.2.3")),
    # --- Postal addresses -------------------------------------------------------------------------
    sample(
        "Brevet gick till Storgatan 12, 123 45 Exempelby.",
        (K.ADDRESS, "Storgatan 12, 123 45 Exempelby"),
    ),
    sample("Svar till Box 123, 411 23 Göteborg snarast.", (K.ADDRESS, "Box 123, 411 23 Göteborg")),
    sample(
        "Adress:\nLillgatan 3 B\n123 45 Exempelby", (K.ADDRESS, "Lillgatan 3 B\n123 45 Exempelby")
    ),
    sample(
        "Familjen bor på Norra Skolvägen 7, 234 56 Påhittsta.",
        (K.ADDRESS, "Norra Skolvägen 7, 234 56 Påhittsta"),
    ),
    sample(
        "Beslutet skickades till Ekbacken 4, 12345 Exempelby i stället.",
        (K.ADDRESS, "Ekbacken 4, 12345 Exempelby"),
    ),
    sample(
        "Mottagare: Björkvägen 21A, 552 33 Jönköping.",
        (K.ADDRESS, "Björkvägen 21A, 552 33 Jönköping"),
    ),
    sample(
        "Brevet till Kvarngränd 9, lgh 1102, 703 61 Örebro kom tillbaka.",
        (K.ADDRESS, "Kvarngränd 9, lgh 1102, 703 61 Örebro"),
    ),
    sample(
        "The letter went to Parkgatan 5, 211 34 Malmö instead.",
        (K.ADDRESS, "Parkgatan 5, 211 34 Malmö"),
    ),
    sample("Kuvertet var märkt 411 23 Göteborg.", (K.ADDRESS, "411 23 Göteborg")),
    sample(
        "Ny adress: Stora Torget 2, 753 20 Uppsala.", (K.ADDRESS, "Stora Torget 2, 753 20 Uppsala")
    ),
    # --- Bank accounts, bankgiro, plusgiro --------------------------------------------------------
    sample(
        "Ersättningen betalas till clearingnummer 8327-9, kontonummer 123 456 789-0.",
        (K.BANK_ACCOUNT, "8327-9"),
        (K.BANK_ACCOUNT, "123 456 789-0"),
    ),
    sample(
        "Pengarna sattes in på konto 5000 12 345 67 i fel namn.", (K.BANK_ACCOUNT, "5000 12 345 67")
    ),
    sample("Betala till bankgiro 5050-1055 senast fredag.", (K.BANK_ACCOUNT, "5050-1055")),
    sample("Föreningens bankgiro: 782-1234.", (K.BANK_ACCOUNT, "782-1234")),
    sample("Gåvan gick till plusgiro 90 20 01-7.", (K.BANK_ACCOUNT, "90 20 01-7")),
    sample("Plusgironummer 1 23 45 67-4 stod på blanketten.", (K.BANK_ACCOUNT, "1 23 45 67-4")),
    sample("Bankkonto 6000-123 456 789 angavs i ansökan.", (K.BANK_ACCOUNT, "6000-123 456 789")),
    sample("Kontonr. 3300 12 34 567 syntes i bilagan.", (K.BANK_ACCOUNT, "3300 12 34 567")),
    sample("The refund went to account number 9500 123 4567.", (K.BANK_ACCOUNT, "9500 123 4567")),
    sample(
        "Utbetalning till kontonummer: 8105-9, 944 123 456-7.",
        (K.BANK_ACCOUNT, "8105-9, 944 123 456-7"),
    ),
    sample("Handlingen visade BG 5402-9699 och vår referens.", (K.BANK_ACCOUNT, "5402-9699")),
    # --- IBAN -------------------------------------------------------------------------------------
    sample(
        "Återbetalning till SE45 5000 0000 0583 9825 7466 enligt blanketten.",
        (K.IBAN, "SE45 5000 0000 0583 9825 7466"),
    ),
    sample("IBAN: SE5412000000012810105723.", (K.IBAN, "SE5412000000012810105723")),
    sample(
        "Kontot SE98 8000 0832 7900 0001 2345 tillhör sökanden.",
        (K.IBAN, "SE98 8000 0832 7900 0001 2345"),
    ),
    sample(
        "Pay to DE89 3704 0044 0532 0130 00 BANK transfer.", (K.IBAN, "DE89 3704 0044 0532 0130 00")
    ),
    sample("Norsk konto NO93 8601 1117 947 angavs.", (K.IBAN, "NO93 8601 1117 947")),
    sample("Dansk IBAN DK50 0040 0440 1162 43 syntes.", (K.IBAN, "DK50 0040 0440 1162 43")),
    sample("Finskt konto FI21 1234 5600 0007 85 i ansökan.", (K.IBAN, "FI21 1234 5600 0007 85")),
    sample(
        "The UK account GB29 NWBK 6016 1331 9268 19 was listed.",
        (K.IBAN, "GB29 NWBK 6016 1331 9268 19"),
    ),
    sample(
        "Mottagarens IBAN SE71 6000 0000 0001 2345 6789.", (K.IBAN, "SE71 6000 0000 0001 2345 6789")
    ),
    sample("Konto NL91ABNA0417164300 användes.", (K.IBAN, "NL91ABNA0417164300")),
    sample("Felskrivet: SE46 5000 0000 0583 9825 7466.", (K.IBAN, "SE46 5000 0000 0583 9825 7466")),
    # --- Payment cards ----------------------------------------------------------------------------
    sample("Kortnumret 4111 1111 1111 1111 syntes i kvittot.", (K.CARD, "4111 1111 1111 1111")),
    sample("Betalkort 5555-5555-5555-4444 med utgångsdatum.", (K.CARD, "5555-5555-5555-4444")),
    sample("Amex 3714 496353 98431 fanns i mejlet.", (K.CARD, "3714 496353 98431")),
    sample("Card 4012 8888 8888 1881 was stored in plain text.", (K.CARD, "4012 8888 8888 1881")),
    sample("Kortet 6011 1111 1111 1117 spärrades.", (K.CARD, "6011 1111 1111 1117")),
    sample("Numret 2223 0031 2200 3008 lästes upp.", (K.CARD, "2223 0031 2200 3008")),
    sample("Kort: 5105 1051 0510 5100.", (K.CARD, "5105 1051 0510 5100")),
    sample("Kortnummer 4242424242424242 i loggen.", (K.CARD, "4242424242424242")),
    sample("Elevens kort 4000 0566 5566 5556 syntes.", (K.CARD, "4000 0566 5566 5556")),
    sample("Kortet 3530 1113 3330 0000 användes.", (K.CARD, "3530 1113 3330 0000")),
    # --- Vehicle registration numbers -------------------------------------------------------------
    sample("Tjänstebilen ABC 123 stod olåst.", (K.VEHICLE, "ABC 123")),
    sample("Fordonet med regnr ABC12D fotograferades.", (K.VEHICLE, "ABC12D")),
    sample("Skylten XYZ 987 syntes på bilden.", (K.VEHICLE, "XYZ 987")),
    sample("Bilen med registreringsnummer KLM 45F parkerade.", (K.VEHICLE, "KLM 45F")),
    sample("The car DEF 456 was filmed.", (K.VEHICLE, "DEF 456")),
    sample("Kamerabilden visade GHJ 78A vid infarten.", (K.VEHICLE, "GHJ 78A")),
    sample("Reg.nr RST 234 angavs i parkeringsärendet.", (K.VEHICLE, "RST 234")),
    sample("Hemtjänstens bil NPR 901 användes.", (K.VEHICLE, "NPR 901")),
    sample("Felparkering: fordon UWX 11B, kl. 12:40.", (K.VEHICLE, "UWX 11B")),
    sample(
        "Listan med EFG 345 och HKL 678 delades.", (K.VEHICLE, "EFG 345"), (K.VEHICLE, "HKL 678")
    ),
    # --- Sensitive words --------------------------------------------------------------------------
    sample("Kallelse till Rehabmöte skickades till fel mottagare.", (K.SENSITIVE, "Rehabmöte")),
    sample("Medarbetaren är sjukskriven sedan mars.", (K.SENSITIVE, "sjukskriven")),
    sample("Läkarintyget bifogades e-postmeddelandet.", (K.SENSITIVE, "Läkarintyget")),
    sample(
        "Eleven har diabetes och adhd enligt bilagan.",
        (K.SENSITIVE, "diabetes"),
        (K.SENSITIVE, "adhd"),
    ),
    sample("Listan visade vilka som är fackmedlemmar.", (K.SENSITIVE, "fackmedlemmar")),
    sample("Beslut om försörjningsstöd skickades till grannen.", (K.SENSITIVE, "försörjningsstöd")),
    sample("En orosanmälan vidarebefordrades till skolan.", (K.SENSITIVE, "orosanmälan")),
    sample(
        "Barnet är placerat i familjehem enligt LVU.",
        (K.SENSITIVE, "familjehem"),
        (K.SENSITIVE, "LVU"),
    ),
    sample("Personen har skyddad identitet.", (K.SENSITIVE, "skyddad identitet")),
    sample(
        "Handlingen hade sekretessmarkering i folkbokföringen.", (K.SENSITIVE, "sekretessmarkering")
    ),
    sample("En polisanmälan gjordes om hotet.", (K.SENSITIVE, "polisanmälan")),
    sample("Han är misstänkt för stöld enligt protokollet.", (K.SENSITIVE, "misstänkt för")),
    sample(
        "Uppgifter om religion och etniskt ursprung fanns i enkäten.",
        (K.SENSITIVE, "religion"),
        (K.SENSITIVE, "etniskt ursprung"),
    ),
    sample("The form showed his sexual orientation.", (K.SENSITIVE, "sexual orientation")),
    sample(
        "She was on sick leave after a depression.",
        (K.SENSITIVE, "sick leave"),
        (K.SENSITIVE, "depression"),
    ),
    sample("Uppgift om alkoholmissbruk lämnades ut.", (K.SENSITIVE, "alkoholmissbruk")),
    sample(
        "Ansökan om ekonomiskt bistånd hamnade hos fel handläggare.",
        (K.SENSITIVE, "ekonomiskt bistånd"),
    ),
    sample(
        "Mannen dömdes för misshandel; domen vann laga kraft.",
        (K.SENSITIVE, "dömdes"),
        (K.SENSITIVE, "domen"),
    ),
    # --- Several kinds in one text ----------------------------------------------------------------
    sample(
        "Karin Påhittadsson (850314-9877), Storgatan 12, 123 45 Exempelby, nås på 070-123 45 67.",
        (K.NAME, "Karin Påhittadsson"),
        (K.PERSONNUMMER, "850314-9877"),
        (K.ADDRESS, "Storgatan 12, 123 45 Exempelby"),
        (K.PHONE, "070-123 45 67"),
    ),
    sample(
        "Utbetalningen av försörjningsstöd gick till konto 5000 12 345 67, "
        "inte till SE45 5000 0000 0583 9825 7466.",
        (K.SENSITIVE, "försörjningsstöd"),
        (K.BANK_ACCOUNT, "5000 12 345 67"),
        (K.IBAN, "SE45 5000 0000 0583 9825 7466"),
    ),
    # --- Harder cases, written after the rules, without tuning them -------------------------------
    sample(
        "Adressen Drottning Kristinas väg 5, 114 28 Stockholm lämnades ut.",
        (K.ADDRESS, "Drottning Kristinas väg 5, 114 28 Stockholm"),
    ),
    sample(
        "Avsändare: c/o Berg, Sjövägen 14, SE-871 31 Härnösand.",
        (K.ADDRESS, "Sjövägen 14, SE-871 31 Härnösand"),
    ),
    sample(
        "Kallelsen skickades till Sankt Eriksgatan 40, 112 34 Stockholm.",
        (K.ADDRESS, "Sankt Eriksgatan 40, 112 34 Stockholm"),
    ),
    sample("Bilens registreringsnummer abc 123 angavs i mejlet.", (K.VEHICLE, "abc 123")),
    sample("Kontrollavgift för fordon MLB 12C utfärdades.", (K.VEHICLE, "MLB 12C")),
    sample(
        "Iban se45 5000 0000 0583 9825 7466 skrevs med gemener.",
        (K.IBAN, "se45 5000 0000 0583 9825 7466"),
    ),
    sample("Kortnummer 4111-1111-1111-1111 och CVC lämnades.", (K.CARD, "4111-1111-1111-1111")),
    sample(
        "Swish-konto: clearingnr 9420, kontonr 417 23 85.",
        (K.BANK_ACCOUNT, "9420"),
        (K.BANK_ACCOUNT, "417 23 85"),
    ),
    sample(
        "Hon får stöd från HVB-hemmet och psykiatrin.",
        (K.SENSITIVE, "HVB-hemmet"),
        (K.SENSITIVE, "psykiatrin"),
    ),
    sample(
        "En rehabiliteringsplan togs fram med företagshälsovården.",
        (K.SENSITIVE, "rehabiliteringsplan"),
        (K.SENSITIVE, "företagshälsovården"),
    ),
    sample("Dom skickade brevet till fel adress i går."),
    sample("Brottsförebyggande rådet publicerade statistik."),
    sample("Lagen om offentlig upphandling (LOU 2016:1145) gäller."),
    sample("Rapporten ABC 2023 publicerades i mars."),
    sample("Vi fick 4 500 svar; 1 234 56 procent är orimligt."),
    # --- Look-alikes: no finding ------------------------------------------------------------------
    sample("Ärendet 22AFN70 gäller e-post utan meddelandesäkerhet.", security=True),
    sample("Anmälan 230620-PERSINC-FI02 avser ett e-postmeddelande.", security=True),
    sample("Diarienummer 2143-1.1.2-2023 i kommunstyrelsens serie.", security=True),
    sample("Händelsen inträffade 2022-06-01 och upptäcktes 22-08-30.", security=True),
    sample("2023-06-12 ca kl: 21:30 upptäcks att en obehörig loggat in.", security=True),
    sample("Kommunens organisationsnummer är 212000-0142.", security=True),
    sample("Leverantören har organisationsnummer 556677-8899 och 5566778899.", security=True),
    sample("Skadeståndet uppgick till 12 500 kr, totalt 1 234 567 kronor.", security=True),
    sample("IMY:s beslut IMY-2026-1234 och tidigare DI-2022-1234.", security=True),
    sample("Enligt offentlighets- och sekretesslagen (2009:400) gäller sekretess.", security=True),
    sample("Beslut BUN 123/2022 och KSN 2023-45 fattades i juni.", security=True),
    sample("Enligt SFS 2018:218 och SFS 123 gäller detta."),
    sample("Fakturan på 125 000 kr betalades den 12 juni 2023."),
    sample("OCR 4111111111111111 angavs på inbetalningskortet."),
    sample("Referensnummer 4242 4242 4242 4242 i ärendesystemet."),
    sample("Diarienummer 5050-1055 och 1234-5678 utan etikett."),
    sample("Kontot låstes 2023-06-12 efter händelsen."),
    sample("Kontonummer 12345678901 i kundregistret."),
    sample("Kortnumret 4111 1111 1111 1112 är felskrivet."),
    sample("Koden AB12 3456 7890 1234 5678 angavs."),
    sample("Mötet varade 15:40-16:30 och 123 deltagare deltog."),
    sample("Version 2.1 av rutinen antogs 2023-01-15 enligt § 45."),
    sample("Avbrottet i tjänsten varade i två timmar."),
    sample("Domänen pekade fel och placering av skrivaren ändrades."),
    sample("Socialtjänsten informerade de fackliga företrädarna om händelsen."),
    sample("A race condition in the login form was fixed in the same release."),
    sample("Sårbara grupper berörs, enligt riskbedömningen."),
    sample("Meddelandet skickades okrypterat till fel mottagare."),
    sample("Totalt 234 56 Exempelby-invånare berördes."),
    sample("Kl. 09:15 den 3 maj ringde enheten tillbaka."),
    sample("Mellan 2019 och 2023 registrerades 412 ärenden."),
    sample("Postnumret saknades helt i adressfältet."),
    sample("Nämnden (KS 2023/412) beslutade den 2023-11-14."),
    sample("Bilaga 3 till protokoll 2023:14 § 7."),
    sample("The PDF 123 pages long was sent via SMS 456 times."),
)


# --- Scoring --------------------------------------------------------------------------------------

Scan = Callable[[Sample], list[Finding]]


def scan_sample(item: Sample) -> list[Finding]:
    return guard_scan(item.text, security=item.security, names=item.names)


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


def expected_spans(item: Sample) -> set[tuple[FindingKind, int, int]]:
    """The expected findings of a sample as (kind, start, end)."""
    spans = set()
    for kind, substring in item.expected:
        start = item.text.index(substring)
        spans.add((kind, start, start + len(substring)))
    return spans


def corpus_scores(
    samples: Iterable[Sample] = SAMPLES, scan: Scan = scan_sample
) -> dict[FindingKind, Score]:
    """Per kind: how many findings were expected, found and correct (same kind and span)."""
    scores = {kind: Score() for kind in FindingKind}
    for item in samples:
        expected = expected_spans(item)
        found = {(f.kind, f.start, f.end) for f in scan(item)}
        for kind, start, end in expected:
            scores[kind].expected += 1
            if (kind, start, end) not in found:
                scores[kind].misses.append(f"{item.text[start:end]!r} in {item.text!r}")
        for kind, start, end in found:
            scores[kind].found += 1
            if (kind, start, end) in expected:
                scores[kind].correct += 1
            else:
                scores[kind].false_alarms.append(f"{item.text[start:end]!r} in {item.text!r}")
    return scores


def score_table(scores: dict[FindingKind, Score], samples: Sequence[Sample] = SAMPLES) -> str:
    """The scores as a plain-text table, one row per kind."""
    lines = [
        f"{len(samples)} samples, {sum(not s.expected for s in samples)} without any finding",
        f"{'kind':<14}{'expected':>9}{'found':>7}{'correct':>9}{'recall':>8}{'precision':>11}",
    ]
    for kind, score in scores.items():
        lines.append(
            f"{kind.value:<14}{score.expected:>9}{score.found:>7}{score.correct:>9}"
            f"{score.recall:>8.2f}{score.precision:>11.2f}"
        )
    return "\n".join(lines)
