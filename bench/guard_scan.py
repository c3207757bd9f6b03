"""Time the document guard on a long text.

Usage: python bench/guard_scan.py [WORDS]   (default 10 000 words)
Builds a text of Seed-like Swedish sentences with personal data, security details and
look-alikes (diary numbers, dates, amounts) sprinkled in, then prints the median of 20 runs of
guard_scan() without and with the security scan, and the first call (which reads the data
files and builds the rules) separately.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import median_ms

from breachdesk.guard.scan import guard_scan

SENTENCES = [
    "Kallelse till rehabmöte skickades till fel mottagare inom förvaltningen.",
    "Medarbetaren försökte återkalla e-postmeddelandet men det gick inte.",
    "Chefen ska se över rutinen för hantering av personuppgifter i e-post.",
    "Ärendet 22AFN70 registrerades 2022-06-01 och behandlades kl. 15:40 samma dag.",
    "Anmälan 230620-PERSINC-FI02 avser diarienummer 2143-1.1.2-2023.",
    "Leverantören med organisationsnummer 556677-8899 fakturerade 12 500 kr.",
    "IMY:s ärende IMY-2026-1234 avslutades utan åtgärd.",
    "Skolans schema presenterades på en webbsida utan inloggning.",
    "Uppgifterna har tagits bort omedelbart och samtal har förts med enhetschefen.",
    "Meddelandet skickades via Sefos men ärenderubriken krypteras inte.",
]
PLANTED = [
    "Brevet till Karin Påhittadsson innehöll personnummer 19121212-1212.",
    "Vårdnadshavaren nås på 070-123 45 67 eller vh.testberg@exempel.se.",
    "Servern srv01.exempel.local (10.20.30.40) kör Windows Server 2012 R2 med port 3389 öppen.",
    "Sårbarheten CVE-2021-44228 fanns i version 2.14.1 av komponenten.",
    "Rut Anmälarsson ringde från +46 8 123 456 78 om beslutet.",
]


def build_text(words: int, rng: random.Random) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(PLANTED) if rng.random() < 0.05 else rng.choice(SENTENCES)
        parts.append(sentence)
        count += len(sentence.split())
    return " ".join(parts)


def main() -> None:
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    text = build_text(words, random.Random(7))
    names = ["Rut Anmälarsson"]

    start = time.perf_counter()
    findings = guard_scan(text, security=True, names=names)
    first_ms = (time.perf_counter() - start) * 1000

    plain = median_ms(runs=20, action=lambda: guard_scan(text, names=names))
    with_security = median_ms(runs=20, action=lambda: guard_scan(text, security=True, names=names))
    print(f"text: {len(text.split())} words, {len(text)} characters, {len(findings)} findings")
    print(f"first call (reads data files, builds rules): {first_ms:.1f} ms")
    print(f"guard_scan, median of 20: {plain:.1f} ms")
    print(f"guard_scan security=True, median of 20: {with_security:.1f} ms")


if __name__ == "__main__":
    main()
