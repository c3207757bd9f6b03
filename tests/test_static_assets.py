"""The design system ships built with the project, and production can collect it."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
VENDOR = ROOT / "static" / "vendor" / "govuk-frontend"


def test_the_built_files_are_the_pinned_version_with_their_licence() -> None:
    pinned = json.loads((ROOT / "frontend" / "package.json").read_text())["devDependencies"]
    version = (VENDOR / "VERSION").read_text().strip()
    assert version == pinned["govuk-frontend"]
    licence = (VENDOR / "LICENSE").read_text()
    assert "The MIT License (MIT)" in licence and version in licence
    script = (VENDOR / "govuk-frontend.min.js").read_text()
    assert f'const version="{version}"' in script
    assert "sourceMappingURL" not in script


def test_no_crown_no_gds_typeface_in_the_stylesheet() -> None:
    css = (VENDOR / "govuk-frontend.min.css").read_text()
    assert "GDS Transport" not in css
    assert "govuk-crest" not in css
    assert re.findall(r"url\(", css) == [], "nothing the stylesheet would fetch"
    assert "#0b4f8a" in css.lower(), "Breachdesk's own brand colour"


def test_production_collects_and_hashes_the_static_files(tmp_path: Path) -> None:
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in (
        "vendor/govuk-frontend/govuk-frontend.min.css",
        "vendor/govuk-frontend/govuk-frontend.min.js",
        "js/breachdesk.js",
        "css/app.css",
    ):
        assert (tmp_path / manifest[name]).is_file(), name
    # The module imports the design system's script by a path that resolves in STATIC_ROOT.
    module = (tmp_path / "js" / "breachdesk.js").read_text()
    (imported,) = re.findall(r'from "\.\./([^"]+)"', module)
    assert (tmp_path / imported).is_file()
