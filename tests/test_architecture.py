"""The shape of the code (docs/architecture.md): apps in layers, modules of a readable size, and
sources that cite only what a person who clones the project holds."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "breachdesk"
MAX_LINES = 500
# A module may be longer only when it is one coherent table; each says why.
LONG_TABLES: dict[str, str] = {
    "breachdesk/incidents/workflow.py": "the registry of actions: one entry per move and step",
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_apps_keep_their_layers() -> None:
    """The import-linter contract of pyproject.toml holds: no app imports a higher one."""
    lint = Path(sys.executable).with_name("lint-imports")
    found = subprocess.run(  # noqa: S603 (our own venv's tool, fixed arguments)
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert found.returncode == 0, found.stdout + found.stderr
    assert "Contracts: 1 kept, 0 broken." in found.stdout


def test_the_contract_names_every_app() -> None:
    """A new app must take its place in the layers; it cannot slip past the contract."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    layers = pyproject.split("layers = [", 1)[1].split("]", 1)[0]
    named = set(re.findall(r"\b([a-z_]+)\b", layers))
    apps = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert apps == named


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_the_size_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    name = str(path.relative_to(ROOT))
    if name in LONG_TABLES:
        return
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it by concern"


CITES_OUTSIDE = re.compile(
    r"seed 00\d|seeds?/|DESIGN\.md|STYLE\.md|REGULATION\.md|\.\./shared|§ ?\d+\.\d",
    re.IGNORECASE,
)


def _sources() -> list[Path]:
    found = [p for p in PACKAGE.rglob("*") if p.suffix in {".py", ".txt", ".toml", ".json"}]
    found += [*(ROOT / "templates").rglob("*.html"), *(ROOT / "docs").rglob("*.md")]
    found += [ROOT / "README.md", *(ROOT / "bench").glob("*.py"), *(ROOT / "scripts").glob("*")]
    return sorted(p for p in found if p.is_file())


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_sources_cite_only_what_the_project_holds(path: Path) -> None:
    """Code and docs cite the project's own docs or the public source (a GDPR article, IMY's
    guidance), never files a person who clones the project alone does not have."""
    text = path.read_text(encoding="utf-8")
    cited = sorted({m.group(0) for m in CITES_OUTSIDE.finditer(text)})
    assert not cited, f"{path.relative_to(ROOT)} cites {cited}"
