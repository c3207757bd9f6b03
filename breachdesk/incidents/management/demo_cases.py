"""The rest of the demo cases' lives, taken through the real services.

HANDLINGS gives every story of the demo command (in the order of its STORIES) a handling: what
the investigation found, contacts, measures, the risk inputs and the texts of the decisions.
`carry_cases()` gives each case acknowledged months ago an end state (the oldest go furthest)
and takes its steps through the services with `now=` moments between the acknowledgement and
now. The coordinator follows the computed recommendation unless a handling deviates, with the
written reason. Everything is invented; the texts name no affected person.
"""

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from django.core.management.base import CommandError

from breachdesk.accounts.models import User
from breachdesk.documents.models import DocumentKind
from breachdesk.documents.services import case_document_produce
from breachdesk.incidents import services
from breachdesk.incidents.models import Cause, ContactParty, ImyOutcome, Incident, Measure
from breachdesk.incidents.models import SubjectsDecision as SD
from breachdesk.incidents.risk import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    Recommendation,
    RiskInputs,
    TriState,
    risk_assess,
)
from breachdesk.incidents.services import ImyDecisionFacts, InvestigationFacts
from breachdesk.incidents.workflow import ImyDecision
from breachdesk.lib.deadlines import STOCKHOLM
from breachdesk.orgs.models import Role
from breachdesk.orgs.services import nearest_role_holder

# How a measure stands: done when recorded, done before the case closes, or long-running.
DONE, LATER, OPEN = "done", "later", "open"


@dataclass(frozen=True)
class Risk:
    """The RiskInputs a story calls for; data types and counts come from the report."""

    exposure: Exposure = Exposure.NONE
    insight: Insight = Insight.USUAL
    identification: Identification = Identification.MAXIMUM
    integrity: Integrity = Integrity.NONE
    availability: Availability = Availability.NONE
    unavailable_hours: int | None = None
    restored_from_backup: bool = False
    encryption: Encryption = Encryption.NONE
    malicious: TriState = TriState.NO
    consequences: frozenset[str] = frozenset()
    vulnerable: bool = False


@dataclass(frozen=True)
class Handling:
    unit: str  # the story's unit, checked against the case
    cause: Cause
    systems: str
    detail: str  # what the investigation found
    risk: Risk
    measures: tuple[tuple[str, str], ...]  # (what, DONE/LATER/OPEN)
    contacts: tuple[tuple[str, str, str], ...] = ()  # (ContactParty, whom, outcome)
    processors: str = ""
    dpo_advice: str = ""  # the DPO was consulted when set
    assessment: str = ""  # the written assessment ("Bedömning") when IMY is not notified
    subjects_reason: str = ""  # why the people affected need not be informed
    inform_how: str = ""
    supplement: str = ""  # a supplement to IMY, when the notification is preliminary
    delay_reason: str = ""  # why IMY would be notified late
    not_incident: tuple[str, str] | None = None  # (what was found, why it is no incident)
    deviation: str = ""  # set: IMY is not notified although notifying is recommended


C, PE = frozenset, Consequence
IT, SUPPLIER, RECIPIENT = ContactParty.IT, ContactParty.SUPPLIER, ContactParty.RECIPIENT
POLICE, OTHER = ContactParty.POLICE, ContactParty.OTHER
LOW_RISK = "Risken för de berörda bedöms inte som hög, så de behöver inte informeras."
NOBODY = "Ingen obehörig har fått del av uppgifterna."


def low(why: str) -> str:
    """The written assessment (seed 001's "Bedömning") when IMY is not notified."""
    return (
        "Vid en sammanvägning bedöms risken för de registrerades rättigheter och friheter som "
        f"låg. {why} Incidenten dokumenteras internt och anmäls inte till IMY."
    )


def no_incident(found: str, why: str) -> tuple[str, str]:
    """What the investigation found, and the reason for closing as no incident (seed 001)."""
    lead = "Bedöms inte vara en personuppgiftsincident efter samråd med dataskyddsombudet"
    return found, f"{lead}: {why}"


# fmt: off
HANDLINGS: tuple[Handling, ...] = (
    Handling("Barn och unga", Cause.UNENCRYPTED_EMAIL, "E-post (Microsoft 365), Sefos",
        "Fel mall valdes i e-postprogrammet. Loggarna visar att meddelandet gick krypterat (TLS) "
        "hela vägen och bara levererades till den avsedda mottagaren.",
        Risk(Exposure.NO_EVIDENCE, encryption=Encryption.INTACT, vulnerable=True),
        (("Påminnelse om att handlingar om enskilda alltid skickas med Sefos.", DONE),
         ("Sefos blir förval för e-post till externa utförare.", LATER)),
        ((IT, "IT-avdelningens e-postförvaltning", "Bekräftade kryptering och leverans."),
         (OTHER, "Den externa utföraren", "Handlingen har tagits emot av behörig handläggare.")),
        dpo_advice="Kan dokumenteras internt; rutinen för Sefos bör förtydligas.",
        assessment=low("Meddelandet gick krypterat till en behörig mottagare, vilket "
                       "IT-avdelningen har kontrollerat i loggarna."),
        subjects_reason=NOBODY,
        not_incident=no_incident(
            "Meddelandet var krypterat (TLS) och levererades bara till den behöriga mottagaren.",
            "utredningen gick krypterad till en behörig mottagare, så ingen obehörig har kunnat "
            "ta del av den. Rutinen för Sefos förtydligas ändå.")),
    Handling("Individ- och familjeomsorgen", Cause.MISADDRESSED_EMAIL, "E-post (Microsoft 365)",
        "Fel mottagare valdes eftersom två medarbetare har samma förnamn. Kollegan omfattas av "
        "sekretess. Ämnesraden visar att en rehabilitering pågår men inget om diagnos.",
        Risk(Exposure.TRUSTED_DELETED, Insight.LIMITED, consequences=C({PE.DISTRESS})),
        (("Kollegan har raderat meddelandet; bekräftelsen finns i ärendet.", DONE),
         ("Ämnesraden i mallen för kallelser till rehabmöten innehåller inte längre namn.", LATER),
         ("Genomgång med förvaltningens chefer om e-post med uppgifter om hälsa.", LATER)),
        ((RECIPIENT, "Kollegan som fick kopian", "Har raderat meddelandet och bekräftat det."),),
        assessment=low("Meddelandet gick till en kollega med tystnadsplikt som har raderat det, "
                       "och det framgår inget om diagnos eller sjukdom."),
        subjects_reason="Risken bedöms som låg. Medarbetaren har ändå informerats av sin chef."),
    Handling("Hemtjänst Norr", Cause.OUTAGE, "Omsorgsappen",
        "Efter en uppdatering hos leverantören startade inte databasen. Den återställdes från "
        "nattens säkerhetskopia efter cirka fyra timmar, utan dataförlust.",
        Risk(availability=Availability.TEMPORARY, unavailable_hours=4, restored_from_backup=True,
             insight=Insight.LIMITED, consequences=C({PE.DISTRESS}), vulnerable=True),
        (("Reservrutinen med utskrivna körlistor användes under avbrottet.", DONE),
         ("Leverantörens incidentrapport följs upp vid nästa avtalsuppföljning.", LATER),
         ("Larmlistor ska finnas tillgängliga även utan appen.", OPEN)),
        ((SUPPLIER, "Omsorgsdata AB, kundsupport", "Bekräftade orsak och återställning."),
         (OTHER, "Arbetsledaren", "Alla besök genomfördes; tre försenades mer än en timme.")),
        processors="Omsorgsdata AB",
        assessment=low("Uppgifterna var otillgängliga i fyra timmar och återställdes från "
                       "säkerhetskopia. Inget röjdes eller gick förlorat."),
        subjects_reason=NOBODY),
    Handling("Försörjningsstöd", Cause.MISADDRESSED_POST, "Utskrift och kuvertering av beslut",
        "Vid manuell kuvertering lades två beslut i fel kuvert. Mottagaren har lämnat tillbaka "
        "beslutet; det andra kuvertet innehöll rätt beslut.",
        Risk(Exposure.KNOWN, consequences=C({PE.REPUTATION, PE.DISTRESS})),
        (("Beslutet har hämtats tillbaka från mottagaren.", DONE),
         ("Beslut skickas i fönsterkuvert så att adressen kommer från beslutet.", LATER)),
        ((RECIPIENT, "Mottagaren av brevet", "Har lämnat tillbaka brevet utan att kopiera det."),),
        inform_how="Telefonsamtal från handläggaren, bekräftat med brev"),
    Handling("Försörjningsstöd", Cause.ATTACK, "E-post (Microsoft 365)",
        "Kontot spärrades cirka två timmar efter inloggningen. Loggarna visar inloggningar från "
        "utlandet men inte vilka meddelanden som öppnades.",
        Risk(Exposure.UNKNOWN, malicious=TriState.YES,
             consequences=C({PE.IDENTITY_THEFT, PE.FINANCIAL_LOSS})),
        (("Kontot spärrat, lösenordet bytt och alla sessioner avslutade.", DONE),
         ("Multifaktorinloggning för e-post utanför kommunens nät.", LATER),
         ("Utbildning om nätfiske för enhetens medarbetare.", LATER)),
        ((IT, "IT-avdelningens säkerhetsfunktion", "Kontot spärrat och loggarna sparade."),
         (POLICE, "Polisen", "Anmälan om dataintrång gjord.")),
        supplement="Loggarna är analyserade: inkorgen öppnades men inga bilagor laddades ned. "
        "De sökande vars ärenden fanns i inkorgen har informerats.",
        inform_how="Brev till de sökande vars ärenden fanns i inkorgen"),
    Handling("Särskilt boende Solgården", Cause.LOST_DEVICE, "USB-minne",
        "Minnet användes i strid med rutinen under ett nätverksavbrott och var inte krypterat. "
        "Det har inte hittats. Uppgifterna finns kvar i verksamhetssystemet.",
        Risk(Exposure.NO_EVIDENCE, vulnerable=True, consequences=C({PE.SECRECY, PE.DISTRESS})),
        (("USB-portarna på boendets datorer spärras för lagringsmedia.", LATER),
         ("Rutinen för nätverksavbrott gås igenom med all personal.", LATER)),
        ((OTHER, "Boendets enhetschef", "Genomsökning av boendet utan resultat."),
         (POLICE, "Polisens hittegodsregister", "Inget motsvarande minne har lämnats in.")),
        dpo_advice="Risken är hög eftersom uppgifterna rör hälsa hos personer i en utsatt "
        "situation; de berörda ska informeras.",
        inform_how="Personligt samtal med de boende och, där det finns, deras företrädare"),
    Handling("Äldreomsorgen", Cause.LOST_DEVICE, "Bärbar dator med diskkryptering",
        "Datorn var krypterad och låst med lösenord och pinkod. Enligt synkroniseringsloggen "
        "fanns två dokument om brukare i mappen för hämtade filer.",
        Risk(Exposure.NO_EVIDENCE, encryption=Encryption.INTACT, malicious=TriState.YES,
             vulnerable=True),
        (("Datorn och kontot spärrade.", DONE),
         ("Påminnelse om att inte spara dokument lokalt.", DONE),
         ("Mappen för hämtade filer rensas automatiskt på förvaltningens datorer.", OPEN)),
        ((POLICE, "Polisen", "Anmälan om stöld ur bil gjord."),
         (IT, "IT-avdelningens servicedesk", "Krypteringen var aktiv enligt loggen.")),
        assessment=low("Datorn var krypterad och låst och nyckeln har inte röjts, så "
                       "uppgifterna är oläsliga för den som har datorn."),
        subjects_reason="Uppgifterna var krypterade och kan inte läsas av obehöriga."),
    Handling("Barn och unga", Cause.MISADDRESSED_POST, "Verksamhetssystemet för socialtjänsten",
        "Markeringen för skyddade personuppgifter hade inte förts över från folkbokföringen "
        "till ärendet, så brevet adresserades automatiskt till båda vårdnadshavarna.",
        Risk(Exposure.KNOWN, vulnerable=True, consequences=C({PE.PHYSICAL_HARM, PE.DISTRESS})),
        (("Skyddsbedömning och stöd till den berörda vårdnadshavaren och barnet.", DONE),
         ("Markeringen kontrolleras i alla ärenden med skyddade personuppgifter.", LATER),
         ("Utskick i sådana ärenden granskas av två handläggare.", OPEN)),
        ((OTHER, "Socialtjänstens samordnare för skyddade personuppgifter", "Stöd påbörjat."),
         (POLICE, "Polisen", "Informerad för en hotbedömning.")),
        dpo_advice="Risken är hög; IMY ska underrättas skyndsamt och den berörda "
        "vårdnadshavaren informeras personligen.",
        inform_how="Personligt möte med den berörda vårdnadshavaren"),
    Handling("Individ- och familjeomsorgen", Cause.OTHER, "Utskriftstjänsten",
        "Skrivarvalet var sparat från ett tidigare möte. Kollegan som lämnade in handlingarna "
        "omfattas av sekretess och uppger att bara första sidan lästes.",
        Risk(Exposure.TRUSTED_DELETED, Insight.LIMITED, vulnerable=True),
        (("Påminnelse om att kontrollera skrivarvalet vid sekretessbelagda utskrifter.", DONE),
         ("Säker utskrift med inloggning vid skrivaren i hela förvaltningen.", LATER)),
        ((OTHER, "Kollegan som lämnade in handlingarna", "Bekräftar att inga kopior gjorts."),),
        subjects_reason="Handlingarna är tillbaka och låg där bara medarbetare med "
        "tystnadsplikt har tillträde. " + LOW_RISK),
    Handling("Hemtjänst Norr", Cause.LOST_DEVICE, "Utskriven nyckellista",
        "Listan skrevs ut när nyckelfunktionen i appen inte fungerade och har inte hittats. "
        "Den innehöll namn, adresser och portkoder men inga uppgifter om insatser.",
        Risk(Exposure.NO_EVIDENCE, vulnerable=True,
             consequences=C({PE.PHYSICAL_HARM, PE.FINANCIAL_LOSS})),
        (("Portkoderna byts i alla berörda fastigheter.", LATER),
         ("Utskrivna nyckellistor avskaffas.", LATER)),
        ((OTHER, "Fastighetsägarna i området", "Portkoderna byts inom en vecka."),),
        inform_how="Brev och telefonsamtal till brukarna",
        not_incident=no_incident(
            "Listan hittades dagen efter i en låst tjänstebil som bara personalen når.",
            "listan återfanns i en låst tjänstebil och har inte varit åtkomlig för obehöriga.")),
    Handling("Särskilt boende Solgården", Cause.PROCESSOR, "Leverantörens testmiljö",
        "Testmiljön innehöll riktiga uppgifter i strid med avtalet; oklart om de förts ut.",
        Risk(Exposure.UNKNOWN, malicious=TriState.YES, vulnerable=True,
             consequences=C({PE.IDENTITY_THEFT, PE.SECRECY, PE.DISTRESS})),
        (("Krav på leverantören att radera riktiga uppgifter ur alla testmiljöer.", LATER),
         ("Revision av personuppgiftsbiträdesavtalet.", OPEN)),
        ((SUPPLIER, "Omsorgsdata AB, incidentansvarig", "Testmiljön är avstängd."),
         (OTHER, "Informationssäkerhetssamordnaren", "Samordnar kraven med andra nämnder.")),
        processors="Omsorgsdata AB",
        dpo_advice="Gör en preliminär anmälan och komplettera den när utredningen är klar.",
        supplement="Slutrapporten: delar av testmiljön har förts ut. De berörda har fått brev.",
        delay_reason="Leverantören angav först efter flera dagar att testmiljön var berörd.",
        inform_how="Brev till de boende och deras företrädare; information till personalen"),
    Handling("Ekbackens skola", Cause.MISADDRESSED_EMAIL, "E-post (Microsoft 365)",
        "E-postprogrammet föreslog en adress från tidigare korrespondens. Mottagaren svarade "
        "samma dag och har raderat meddelandet.",
        Risk(Exposure.TRUSTED_DELETED, Insight.LIMITED, vulnerable=True),
        (("Uppgifter om elevers mående skickas via skolplattformen, inte e-post.", DONE),
         ("Automatiska adressförslag stängs av i skolans e-post.", LATER)),
        ((RECIPIENT, "Vårdnadshavaren som fick meddelandet", "Har raderat det."),
         (OTHER, "Rektor", "Elevens vårdnadshavare har fått veta vad som hänt.")),
        subjects_reason="Mottagaren har raderat meddelandet. " + LOW_RISK),
    Handling("Tallåsens skola", Cause.UNAUTHORISED_ACCESS, "Skolplattformen",
        "Eleven använde klasskamratens inloggning i cirka tio minuter. Loggarna visar att inget "
        "ändrades och inga meddelanden skickades.",
        Risk(Exposure.KNOWN, Insight.LIMITED, vulnerable=True),
        (("Klasskamratens lösenord har bytts.", DONE),
         ("Genomgång i klassen om att inte dela inloggningsuppgifter.", DONE)),
        ((OTHER, "Rektor", "Samtal med båda eleverna och deras vårdnadshavare."),
         (IT, "Bildningsförvaltningens IT-enhet", "Loggarna kontrollerade.")),
        assessment=low("En klasskamrat såg omdömen och frånvaro under kort tid, har inte "
                       "sparat eller spridit något och lösenordet är bytt."),
        subjects_reason="Elevens vårdnadshavare har informerats av rektor. Risken är låg.",
        deviation="Eleven såg uppgifterna i tio minuter och har inte sparat eller spridit något. "
        "Vi bedömer risken som låg, som i tidigare liknande ärenden."),
    Handling("Grundskolan", Cause.THIRD_COUNTRY, "Skolplattformen, elevhälsans tidsbokning",
        "Underleverantören lagrade loggar med namn, klass och bokningens rubrik i USA och "
        "fanns inte i avtalets lista över underbiträden. Loggarna har raderats.",
        Risk(Exposure.NO_EVIDENCE, Insight.LIMITED, vulnerable=True),
        (("Leverantören ska redovisa alla underbiträden och var de lagrar uppgifter.", LATER),),
        ((SUPPLIER, "Skolplattformen AB", "Loggarna raderade; underleverantören bytt."),),
        processors="Skolplattformen AB med underleverantör",
        inform_how="Meddelande till vårdnadshavarna i skolplattformen",
        not_incident=no_incident(
            "Underleverantören finns i avtalets bilaga över underbiträden och omfattas av "
            "EU–US Data Privacy Framework. Ingen obehörig har haft åtkomst till loggarna.",
            "överföringen har stöd i avtalet och ett beslut om adekvat skyddsnivå. Loggarnas "
            "innehåll följs upp i avtalsförvaltningen.")),
    Handling("Ekbackens skola", Cause.PUBLICATION, "Intranätet",
        "Mappen fick behörigheten \"Alla i organisationen\" vid flytten till den nya "
        "intranätplattformen. Fyra personer utanför elevhälsoteamet öppnade dokumenten.",
        Risk(Exposure.KNOWN, vulnerable=True, consequences=C({PE.SECRECY, PE.DISTRESS})),
        (("Behörigheten rättad samma dag.", DONE),
         ("Behörigheterna ses över på alla flyttade webbplatser.", LATER)),
        ((IT, "Intranätets förvaltare", "Åtkomstloggen framtagen."),
         (OTHER, "De fyra som öppnade dokumenten", "Har tystnadsplikt; inget är sparat.")),
        inform_how="Brev till elevernas vårdnadshavare och samtal med mentor"),
    Handling("Tallåsens skola", Cause.PUBLICATION, "Schemavisaren på skolans webbplats",
        "Schemavisaren krävde ingen inloggning. Inloggning krävs nu och läraren med skyddade "
        "personuppgifter visas inte längre.",
        Risk(Exposure.WIDE, Insight.LIMITED, consequences=C({PE.PHYSICAL_HARM})),
        (("Inloggningskrav infört.", DONE),
         ("Personal med skyddade personuppgifter visas med initialer i alla scheman.", LATER)),
        ((SUPPLIER, "Leverantören av schemasystemet", "Inloggningskravet aktiverat."),
         (OTHER, "HR-avdelningen", "Stöd och skyddsbedömning för den berörda läraren.")),
        inform_how="Samtal med den berörda läraren; information på arbetsplatsträff"),
    Handling("Vuxenutbildningen", Cause.UNENCRYPTED_EMAIL, "E-post (Microsoft 365)",
        "Vanlig e-post användes av misstag. Meddelandet gick krypterat (TLS) till mottagaren.",
        Risk(Exposure.NO_EVIDENCE, encryption=Encryption.INTACT),
        (("Påminnelse till studievägledarna om tjänsten för meddelandesäkerhet.", DONE),),
        assessment=low("Intyget gick till en behörig mottagare och meddelandet var krypterat "
                       "under överföringen."),
        subjects_reason=NOBODY,
        not_incident=no_incident(
            "Intyget gick krypterat (TLS) till den behöriga mottagaren.",
            "mottagaren var behörig och meddelandet var krypterat under överföringen.")),
    Handling("Grundskolan", Cause.PROCESSOR, "Skolplattformen",
        "En felaktig behörighetsregel i leverantörens uppdatering visade profilbilder och klass "
        "för vårdnadshavare i andra klasser. Felet rättades efter två dagar.",
        Risk(Exposure.WIDE, Insight.LIMITED, vulnerable=True),
        (("Leverantören ska testa behörighetsregler före varje uppdatering.", LATER),),
        ((SUPPLIER, "Skolplattformen AB", "Incidentrapport mottagen."),),
        processors="Skolplattformen AB",
        subjects_reason="Uppgifterna är namn, klass och profilbild. " + LOW_RISK),
    Handling("Ekbackens skola", Cause.LOST_DEVICE, "USB-minne",
        "Minnet har inte hittats. Betygsunderlaget finns även i skolans system; anteckningarna "
        "beskriver elevers stödbehov kortfattat.",
        Risk(Exposure.NO_EVIDENCE, Insight.LIMITED, vulnerable=True),
        (("Krypterade USB-minnen till lärare som behöver flytta filer.", LATER),
         ("Betygsunderlag sparas bara i skolans system.", LATER)),
        inform_how="Meddelande till vårdnadshavarna i skolplattformen",
        not_incident=no_incident(
            "Minnet hittades två dagar senare i lärarens låsta arbetsrum.",
            "USB-minnet återfanns i lärarens låsta arbetsrum och har inte lämnat skolan.")),
    Handling("Vuxenutbildningen", Cause.ATTACK, "Elevregistret, e-post",
        "Kontot spärrades en timme efter att administratören anmält sms:et. Loggarna för "
        "elevregistret har begärts från leverantören.",
        Risk(Exposure.UNKNOWN, Insight.LIMITED, malicious=TriState.YES),
        (("Kontot spärrat och lösenordet bytt.", DONE),
         ("Varning om sms-nätfiske på intranätet.", DONE),
         ("Multifaktorinloggning krävs för elevregistret.", LATER)),
        ((IT, "IT-supporten", "Kontot spärrat."),
         (SUPPLIER, "Leverantören av elevregistret", "Inga inloggningar av angriparen.")),
        supplement="Leverantörens loggar visar att angriparen inte loggade in i elevregistret.",
        subjects_reason=LOW_RISK + " Eleverna informeras om angriparen visar sig ha loggat in."),
    Handling("Tallåsens skola", Cause.OTHER, "Skolplattformen",
        "Två elever med liknande namn stod intill varandra i listan. Loggen visar att den andra "
        "elevens vårdnadshavare öppnade dokumentet en gång.",
        Risk(Exposure.KNOWN, vulnerable=True, consequences=C({PE.DISTRESS})),
        (("Dokumentet flyttat till rätt elev.", DONE),
         ("Skolplattformen ska visa födelsedatum vid uppladdning.", OPEN)),
        ((RECIPIENT, "Vårdnadshavaren som öppnade dokumentet", "Har inte sparat det."),),
        inform_how="Samtal med rektor och brev till elevens vårdnadshavare"),
    Handling("Studentavdelningen", Cause.OTHER, "Ärendesystemet för studentsupport",
        "Sökanden skrev själv in uppgifterna. Konsulten, ett personuppgiftsbiträde, raderade dem.",
        Risk(Exposure.TRUSTED_DELETED, Insight.LIMITED),
        (("Uppgifterna om diagnos har maskats i ärendet.", DONE),
         ("Supportformuläret uppmanar sökande att inte skriva känsliga uppgifter.", LATER)),
        processors="Konsultbolaget för supportens andra linje",
        assessment=low("Uppgifterna lämnades av sökanden själv och sågs bara av supporten och "
                       "ett personuppgiftsbiträde som har raderat dem."),
        subjects_reason="Risken bedöms som låg.",
        not_incident=no_incident(
            "Sökanden lämnade uppgifterna själv; supporten och konsulten är behöriga.",
            "uppgifterna har bara hanterats av behörig personal och ett personuppgiftsbiträde "
            "enligt avtalet. Uppgifterna om diagnos har ändå maskats.")),
    Handling("Institutionen för samhällsvetenskap", Cause.LOST_DEVICE, "Bärbar dator",
        "Datorn var olåst med filen öppen när den stals. Den är spärrad och fjärrradering är "
        "beställd, men det går inte att veta om raderingen hann genomföras.",
        Risk(Exposure.NO_EVIDENCE, encryption=Encryption.COMPROMISED, malicious=TriState.YES),
        (("Datorn spärrad och fjärrradering beställd.", DONE),
         ("Skärmlås efter två minuter på högskolans bärbara datorer.", LATER)),
        ((POLICE, "Polisen", "Anmälan om stöld gjord."),),
        assessment=low("Filen innehöll namn och tentamensresultat, inga känsliga uppgifter, "
                       "och inget tyder på att någon tagit del av dem."),
        subjects_reason=LOW_RISK + " Studenterna har ändå informerats i lärplattformen."),
    Handling("Avdelningen för IT", Cause.ATTACK, "E-post (Microsoft 365)",
        "Den falska sidan vidarebefordrade inloggningen i realtid. Angriparen läste e-post i "
        "cirka en timme och sökte efter fakturor.",
        Risk(Exposure.KNOWN, Insight.LIMITED, malicious=TriState.YES),
        (("Kontot spärrat och sessionerna avslutade.", DONE),
         ("Utbildning om nätfiske för alla medarbetare.", LATER),
         ("Säkerhetsnycklar för medarbetare med utökad behörighet.", OPEN)),
        ((IT, "IT-avdelningens säkerhetsteam", "Loggarna visar vilka meddelanden som lästes."),
         (POLICE, "Polisen", "Anmälan om dataintrång gjord.")),
        subjects_reason="De lästa meddelandena innehåller inga känsliga uppgifter. " + LOW_RISK),
    Handling("Biblioteket", Cause.PROCESSOR, "Lånesystemet",
        "En ändring i leverantörens mall lade in andra låntagares lån i påminnelserna. "
        "Utskicken stoppades samma dag och mallen är rättad.",
        Risk(Exposure.KNOWN, Insight.LIMITED),
        (("Utskicken stoppade tills mallen var rättad.", DONE),
         ("Leverantören ska testa mallar före driftsättning.", LATER)),
        ((SUPPLIER, "Låneportalen AB", "Lista över berörda utskick mottagen."),),
        processors="Låneportalen AB",
        assessment=low("Påminnelserna visade namn och boktitlar och gick till högskolans egna "
                       "studenter och medarbetare."),
        subjects_reason=LOW_RISK,
        deviation="Rekommendationen bygger på antalet berörda. Påminnelserna innehöll bara namn "
        "och boktitlar och utskicken stoppades samma dag."),
    Handling("Institutionen för samhällsvetenskap", Cause.MISADDRESSED_EMAIL, "Lärplattformen",
        "Kursens sändlista valdes i stället för kursadministratörens adress. Listan innehöll "
        "namn och betyg men inga personnummer.",
        Risk(Exposure.KNOWN),
        (("Mottagarna ombads radera meddelandet.", DONE),
         ("Sändlistan kan bara användas från lärplattformen.", LATER)),
        assessment=low("Listan innehöll namn och betyg, som är allmänna handlingar, och gick "
                       "till studenter på samma kurs."),
        subjects_reason=LOW_RISK,
        deviation="Rekommendationen bygger på antalet berörda. Listan innehöll bara namn och "
        "betyg, som är allmänna handlingar, och gick till studenter på samma kurs."),
    Handling("Studentavdelningen", Cause.MISADDRESSED_EMAIL, "Studiedokumentationen, e-post",
        "Två ärenden blandades ihop vid registreringen. Motiveringen anger medicinska skäl men "
        "ingen diagnos. Mottagaren har raderat beslutet.",
        Risk(Exposure.KNOWN, Insight.LIMITED, consequences=C({PE.DISTRESS})),
        (("Beslutet skickat till rätt student.", DONE),
         ("Personnummer kontrolleras mot ärendet före utskick.", LATER)),
        ((RECIPIENT, "Studenten som fick beslutet", "Har raderat det."),),
        subjects_reason="Ingen diagnos framgick och mottagaren har raderat beslutet. " + LOW_RISK),
    Handling("Avdelningen för IT", Cause.PROCESSOR, "Säkerhetskopior av filservrarna",
        "Angriparen kom in via ett konto hos leverantören utan multifaktorinloggning. Kopior av "
        "personalmappar kan ha förts ut; högskolans egna system påverkades inte.",
        Risk(Exposure.UNKNOWN, malicious=TriState.YES,
             consequences=C({PE.IDENTITY_THEFT, PE.FINANCIAL_LOSS})),
        (("Leverantörens åtkomst till filservrarna stängd.", DONE),
         ("Krav på multifaktorinloggning och revision hos leverantören.", LATER),
         ("Byte av leverantör utreds.", OPEN)),
        ((SUPPLIER, "Säkerkopia AB, incidentansvarig", "Lämnar löpande lägesrapporter."),
         (POLICE, "Polisen", "Uppgifter lämnade till leverantörens polisanmälan.")),
        processors="Säkerkopia AB",
        dpo_advice="Anmäl preliminärt och informera de berörda när omfattningen är känd.",
        supplement="Leverantören har bekräftat att kopior av personalmappar förts ut. De "
        "berörda har informerats och erbjuds råd om bedrägeriskydd.",
        delay_reason="Leverantören angav först efter fem dygn vilka mappar som berördes.",
        inform_how="E-post till alla berörda och information på intranätet"),
    Handling("Studentavdelningen", Cause.PUBLICATION, "Molnlagring",
        "Mappen var delad med en länk för alla som hade den. Åtkomstloggen visar nedladdningar "
        "av okända användare. Delningen stängdes samma dag.",
        Risk(Exposure.WIDE, consequences=C({PE.DISCRIMINATION, PE.DISTRESS})),
        (("Länkdelningen stängd.", DONE),
         ("Delning med länk för alla stängs av i högskolans molnlagring.", LATER)),
        ((IT, "IT-avdelningen", "Åtkomstloggen sparad."),
         (OTHER, "Forumets administratör", "Inlägget med länken är borttaget.")),
        inform_how="E-post med erbjudande om samtal med en studievägledare"),
    Handling("Institutionen för samhällsvetenskap", Cause.OTHER, "Privat molntjänst",
        "Filerna är märkta med intervjukoder och har flyttats till högskolans "
        "forskningslagring och raderats ur molntjänsten. Inget tyder på obehörig åtkomst.",
        Risk(Exposure.NO_EVIDENCE, identification=Identification.LIMITED),
        (("Filerna flyttade och raderade ur molntjänsten.", DONE),
         ("Genomgång av datahanteringsplanerna i institutionens projekt.", LATER)),
        ((OTHER, "Projektledaren", "Bekräftar att filerna är raderade ur molntjänsten."),),
        dpo_advice="Etikprövningen förutsätter lagring i högskolans system; anmäl till IMY.",
        subjects_reason="Filerna är bara märkta med intervjukoder. " + LOW_RISK),
)
# fmt: on

# End states, filled youngest case first; NOT_INCIDENT is drawn first among the stories that
# allow it, and every case left over is closed.
PENDING, INVESTIGATED, ASSESSED, NOTIFIED = "pending", "investigated", "assessed", "notified"
DECIDED, SENT, CLOSED, NOT_INCIDENT = "decided", "sent", "closed", "not_incident"
QUOTAS = ((PENDING, 3), (INVESTIGATED, 2), (ASSESSED, 2), (NOTIFIED, 3), (DECIDED, 2), (SENT, 2))
NOT_INCIDENTS, LATE_AT_LEAST = 3, 2
MARGIN = timedelta(hours=2)  # on time only if acknowledged this long before the deadline
NOTIFIED_ANSWERS = (ImyOutcome.SUPERVISION, ImyOutcome.QUESTIONS, None)  # None: a supplement
DECISION_NOTES = {
    ImyDecision.NOT_NOTIFY: "Jag beslutar i enlighet med bedömningen att incidenten inte anmäls "
    "till IMY och att åtgärderna genomförs enligt planen.",
    ImyDecision.NOTIFY: "Jag fastställer anmälan till IMY och de åtgärder som har vidtagits och "
    "planerats.",
}
IMY_NOTES = {
    ImyOutcome.CLOSED: "IMY har avslutat ärendet utan åtgärd.",
    ImyOutcome.QUESTIONS: "IMY begär in uppgifter om hur många som berörs och vilka tekniska "
    "åtgärder som har vidtagits. Svar ska lämnas inom tre veckor.",
    ImyOutcome.SUPERVISION: "IMY har inlett tillsyn och begär in personuppgiftsbiträdesavtalet, "
    "incidentrapporten och en redogörelse för de tekniska och organisatoriska åtgärderna.",
}
LATE_REACHED = "Ärendet nådde GDPR-samordnaren för sent för att anmäla inom 72 timmar."
LATE_UNCLEAR = "Omfattningen gick inte att klarlägga inom 72 timmar från upptäckten."
SUPPLEMENT = "Utredningen är klar. Antalet berörda och de vidtagna åtgärderna framgår av ärendet."
LEFT_OPEN = "Den återstående åtgärden följs upp i den årliga internkontrollen."


@dataclass
class DemoCase:
    """A case acknowledged months ago, with its story's handling and where it will end."""

    incident: Incident
    acknowledged: datetime
    handling: Handling
    end: str = CLOSED
    answer: ImyOutcome | None = None  # for a case that ends notified: IMY's answer, if any
    late: bool = False  # notified after the 72 hours
    inputs: RiskInputs = field(init=False)
    recommendation: Recommendation = field(init=False)
    decision: ImyDecision = field(init=False)

    def __post_init__(self) -> None:
        if self.incident.unit.name != self.handling.unit:
            raise CommandError(f"The handling of {self.incident} is for {self.handling.unit}.")
        values = asdict(self.handling.risk)
        self.inputs = RiskInputs(
            data_types=frozenset(self.incident.data_types),
            vulnerable_people=values.pop("vulnerable"),
            people_count=self.incident.affected_count,
            record_count=None,
            **values,
        )
        self.recommendation = risk_assess(self.inputs).recommendation
        deviates = bool(self.handling.deviation) and self.recommendation == Recommendation.NOTIFY
        documents = deviates or self.recommendation == Recommendation.DOCUMENT
        self.decision = ImyDecision.NOT_NOTIFY if documents else ImyDecision.NOTIFY
        if documents and not self.handling.assessment:
            raise CommandError(f"The handling of {self.incident} lacks the written assessment.")

    @property
    def notifies(self) -> bool:
        return self.decision == ImyDecision.NOTIFY


def plan(cases: Sequence[DemoCase], rng: random.Random) -> None:
    """Give every case its end: the youngest stop earliest, at most one case per story is
    closed as no incident, and at least LATE_AT_LEAST notifications are late."""
    left = sorted(cases, key=lambda case: case.acknowledged, reverse=True)
    eligible = [case for case in left if case.handling.not_incident]
    rng.shuffle(eligible)
    for case in eligible:
        taken = [c.handling for c in cases if c.end == NOT_INCIDENT]
        if len(taken) < NOT_INCIDENTS and case.handling not in taken:
            case.end = NOT_INCIDENT
            left.remove(case)
    for end, count in QUOTAS:
        for _ in range(min(count, len(left))):
            wanted = {ASSESSED: False, NOTIFIED: True}.get(end)
            case = next((c for c in left if c.notifies == wanted), left[0])
            case.end = SENT if end == NOTIFIED and not case.notifies else end
            left.remove(case)
    notified = [case for case in cases if case.end == NOTIFIED]
    notified.sort(key=lambda case: risk_assess(case.inputs).score, reverse=True)
    for case, answer in zip(notified, NOTIFIED_ANSWERS, strict=False):
        case.answer = answer
    notifying = [c for c in cases if c.notifies and c.end in (NOTIFIED, DECIDED, SENT, CLOSED)]
    for case in notifying:
        case.late = case.acknowledged > case.incident.imy_due_at - MARGIN
    for case in sorted(notifying, key=lambda case: not case.handling.delay_reason):
        if sum(c.late for c in notifying) < LATE_AT_LEAST:
            case.late = True


class Clock:
    """Moments after `at` and before `limit`: in office hours when there is room, else at
    least not at night. A step takes at most half the time left, so any number fits."""

    def __init__(self, at: datetime, limit: datetime, rng: random.Random) -> None:
        if limit <= at:
            raise ValueError("a clock needs time left before its limit")
        self.at, self.limit, self.rng = at, limit, rng

    def step(self, low: float, high: float, after: datetime | None = None) -> datetime:
        """A moment `low` to `high` hours on; from `after` instead, when that leaves room."""
        if after is not None and self.at < after < self.limit - (self.limit - self.at) / 3:
            self.at = after
        cap = (self.limit - self.at) / 3
        moment = self.at + min(timedelta(hours=self.rng.uniform(low, high)), cap)
        for first, last, weekdays in ((8, 17, 5), (7, 22, 7)):  # office, then waking hours
            local = moment.astimezone(STOCKHOLM)
            if local.weekday() < weekdays and first <= local.hour < last:
                break
            day = local.date() + timedelta(days=1 if local.hour >= first else 0)
            while day.weekday() >= weekdays:
                day += timedelta(days=1)
            start = datetime(day.year, day.month, day.day, first, tzinfo=STOCKHOLM)
            snapped = start + timedelta(minutes=self.rng.uniform(0, 120))
            if snapped < self.at + (self.limit - self.at) / 2:
                moment = snapped
                break
        self.at = moment
        return moment


def local_day(moment: datetime) -> date:
    return moment.astimezone(STOCKHOLM).date()


def carry_cases(*, cases: Sequence[DemoCase], rng: random.Random, now: datetime) -> None:
    """Carry `cases` (acknowledged months ago) to their planned ends through the services."""
    plan(cases, rng)
    carrier = Carrier(rng, now)
    for case in sorted(cases, key=lambda case: case.acknowledged):
        carrier.carry(case)


class Carrier:
    """Takes each case through its steps as its case officer and its unit's decision-maker."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng, self.now = rng, now
        self.left_open = False  # one closed case keeps an open measure, with a closing note
        # A few cases carry their documents; each costs a PDF, so not all of them.
        self.documents: dict[str, int] = {
            DocumentKind.IMY_NOTIFICATION: 4,
            DocumentKind.DECISION: 4,
        }

    def document(
        self, incident: Incident, actor: User, kind: str, at: datetime, **inputs: object
    ) -> None:
        """Produce `kind` on `incident` at `at`, while the demo's budget for it lasts."""
        if self.documents[kind] > 0:
            self.documents[kind] -= 1
            case_document_produce(incident=incident, actor=actor, kind=kind, inputs=inputs, now=at)

    def carry(self, case: DemoCase) -> None:
        incident, handling, officer = case.incident, case.handling, case.incident.assignee
        if officer is None:
            raise CommandError(f"{incident} has no case officer.")
        due = incident.imy_due_at
        hurry = case.notifies and not case.late and case.end not in (PENDING, NOT_INCIDENT)
        hurry = hurry and case.acknowledged < due - MARGIN
        limit = min(self.now, due - MARGIN / 4) if hurry else self.now
        clock, pace = Clock(case.acknowledged, limit, self.rng), 0.2 if hurry else 1.0
        if case.end == NOT_INCIDENT:
            found, reason = handling.not_incident or ("", "")
            self.investigate(case, officer, clock.step(2, 30), found=found)
            services.incident_close_not_incident(
                incident=incident, actor=officer, reason=reason, now=clock.step(4, 72)
            )
            return
        self.investigate(case, officer, clock.step(pace, 20 * pace))
        if case.end == PENDING:
            facts = ImyDecisionFacts(imy_decision=ImyDecision.INVESTIGATING)
            services.imy_decide(
                incident=incident, actor=officer, facts=facts, now=clock.step(0.2, 3)
            )
        for party, name, outcome in handling.contacts:
            at = clock.step(0.3, 24 * pace)
            services.contact_record(
                incident=incident,
                actor=officer,
                party=party,
                name=name,
                contacted_on=local_day(at),
                outcome=outcome,
                now=at,
            )
        measures = [
            (self.measure(incident, officer, clock.step(0.1, 3 * pace), item), item[1])
            for item in handling.measures
        ]
        if case.end in (PENDING, INVESTIGATED):
            return
        at = clock.step(0.3, 24 * pace)
        services.risk_assessment_record(
            incident=incident, actor=officer, inputs=case.inputs, now=at
        )
        if incident.recommendation != case.recommendation:
            raise CommandError(f"{incident}: the service recommends otherwise than planned.")
        at = clock.step(0.2, 4 * pace)
        services.imy_decide(incident=incident, actor=officer, facts=self.decision(case, at), now=at)
        if case.end == ASSESSED:
            return

        supplement = handling.supplement or (SUPPLEMENT if case.end == NOTIFIED else "")
        if case.notifies:
            self.document(
                incident,
                officer,
                DocumentKind.IMY_NOTIFICATION,
                at,
                complete=not supplement,
                delay_reason=handling.delay_reason or (LATE_UNCLEAR if case.late else ""),
            )
            self.notify(case, officer, clock, complete=not supplement)
        clock.limit = self.now
        if incident.subjects_decision == SD.INFORM:
            informed = clock.step(2, 72)
            services.subjects_inform_record(
                incident=incident,
                actor=officer,
                informed_at=informed,
                how=handling.inform_how or "Brev till de berörda",
                count=incident.affected_count,
                now=clock.step(0.1, 2),
            )
        if case.notifies and supplement and (case.end != NOTIFIED or case.answer is None):
            made = clock.step(24, 24 * 10)
            services.imy_supplement(
                incident=incident,
                actor=officer,
                made_at=made,
                complete=True,
                content=supplement,
                now=clock.step(0.1, 3),
            )
        if case.end == NOTIFIED:
            if case.answer is not None:
                self.imy_answer(incident, officer, clock, case.answer)
            return

        for measure, status in measures:  # some planned measures are done before the decision
            if status == LATER and self.rng.random() < 0.5:
                self.measure(incident, officer, clock.step(24, 24 * 20), measure)
        maker = nearest_role_holder(unit=incident.unit, role=Role.DECISION_MAKER)
        if maker is None:
            raise CommandError(f"Nobody may take the internal decision on {incident}.")
        at = clock.step(24, 24 * 14)
        note = DECISION_NOTES[case.decision]
        services.incident_decide(
            incident=incident, actor=maker, decided_on=local_day(at), note=note, now=at
        )
        self.document(incident, officer, DocumentKind.DECISION, at)
        if case.end == DECIDED:
            return
        services.decision_send_to_dpo(incident=incident, actor=officer, now=clock.step(0.2, 48))
        if case.end == SENT:
            return

        note = ""
        for measure, status in measures:
            if measure.done_on is None:
                if status == OPEN and not self.left_open:
                    self.left_open, note = True, LEFT_OPEN
                else:
                    self.measure(incident, officer, clock.step(24, 24 * 30), measure)
        at = clock.step(2, 24 * 7)
        services.incident_close(incident=incident, actor=officer, note=note, now=at)
        if incident.imy_notified_at is not None and self.rng.random() < 0.6:
            self.imy_answer(incident, officer, clock, ImyOutcome.CLOSED)

    def investigate(self, case: DemoCase, officer: User, at: datetime, found: str = "") -> None:
        """Record the investigation; `found` is what showed the case to be no incident."""
        incident, handling, inputs = case.incident, case.handling, case.inputs
        advice = "Det är inte en personuppgiftsincident." if found else handling.dpo_advice
        ongoing = case.end == PENDING and bool(handling.processors)  # not known yet
        ended_at = None
        if not ongoing:
            lasted = timedelta(hours=inputs.unavailable_hours or self.rng.uniform(0, 6))
            ended_at = max(incident.occurred_at, min(incident.occurred_at + lasted, at))
        facts = InvestigationFacts(
            confidentiality=not found and inputs.exposure != Exposure.NONE,
            integrity=not found and inputs.integrity != Integrity.NONE,
            availability=not found and inputs.availability != Availability.NONE,
            cause=handling.cause,
            cause_detail=found or handling.detail,
            systems=handling.systems,
            processors=handling.processors,
            has_ended=None if ongoing else True,
            ended_at=ended_at,
            dpo_consulted=bool(advice),
            dpo_consulted_on=local_day(at) if advice else None,
            dpo_advice=advice,
        )
        services.investigation_record(incident=incident, actor=officer, facts=facts, now=at)

    def measure(
        self, incident: Incident, officer: User, at: datetime, item: tuple[str, str] | Measure
    ) -> Measure:
        """Record a measure (done at once, or planned with a due date), or record `item` as
        done now. The unit's responsible manager answers for it: the service's default."""
        done: date | None = local_day(at)
        if isinstance(item, Measure):
            measure, text, due = item, item.description, item.due_on
        else:
            (text, status), measure = item, None
            done = done if status == DONE else None
            due = None if done else local_day(at) + timedelta(days=self.rng.randint(14, 60))
        return services.measure_record(
            incident=incident,
            actor=officer,
            description=text,
            responsible=measure.responsible if measure else None,
            due_on=due,
            done_on=done,
            measure=measure,
            now=at,
        )

    def decision(self, case: DemoCase, at: datetime) -> ImyDecisionFacts:
        """The coordinator's decision: the recommendation's, or the handling's deviation."""
        handling, reason = case.handling, case.handling.subjects_reason or LOW_RISK
        if not case.notifies:
            deviates = case.recommendation != Recommendation.DOCUMENT
            deviation = f"Vi avviker från rekommendationen. {handling.deviation}"
            return ImyDecisionFacts(
                imy_decision=ImyDecision.NOT_NOTIFY,
                imy_decision_reason=handling.assessment,
                subjects_decision=SD.NOT_REQUIRED,
                subjects_reason=reason,
                deviation_reason=deviation if deviates else "",
            )
        if case.recommendation == Recommendation.NOTIFY_AND_INFORM:
            planned = local_day(at) + timedelta(days=self.rng.randint(1, 5))
            return ImyDecisionFacts(
                imy_decision=ImyDecision.NOTIFY,
                subjects_decision=SD.INFORM,
                subjects_inform_planned_on=planned,
            )
        return ImyDecisionFacts(
            imy_decision=ImyDecision.NOTIFY,
            subjects_decision=SD.NOT_REQUIRED,
            subjects_reason=reason,
        )

    def notify(self, case: DemoCase, officer: User, clock: Clock, *, complete: bool) -> None:
        """Notify IMY: within the 72 hours, or after them with the reasons for the delay."""
        incident, handling, due = case.incident, case.handling, case.incident.imy_due_at
        delay = ""
        if not case.late:
            made = clock.step(0.2, 2)
        elif case.acknowledged > due - MARGIN:
            made, delay = clock.step(1, 24, after=due), LATE_REACHED
        else:
            made = clock.step(4, 24 * (4 if handling.delay_reason else 1), after=due)
            delay = handling.delay_reason or LATE_UNCLEAR
        lead = "" if complete else "Preliminär anmälan. "
        services.imy_notify(
            incident=incident,
            actor=officer,
            made_at=made,
            complete=complete,
            imy_case_number=f"IMY-{made.year}-{self.rng.randint(1000, 19999)}",
            content=f"{lead}{incident.description}\n\n{handling.detail}",
            delay_reason=delay,
            now=clock.step(0.05, 1),
        )

    def imy_answer(
        self, incident: Incident, officer: User, clock: Clock, outcome: ImyOutcome
    ) -> None:
        at = clock.step(24 * 10, 24 * 60)
        services.imy_answer_record(
            incident=incident,
            actor=officer,
            answered_on=local_day(at),
            outcome=outcome,
            imy_case_number="",
            note=IMY_NOTES[outcome],
            now=clock.step(0.5, 24),
        )
