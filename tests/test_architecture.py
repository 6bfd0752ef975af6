"""The import contracts of pyproject.toml (run by `make lint`) hold, and fail on a crossing."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "evidence",
    "meetings",
    "recommendations",
    "justice_wp",
    "devdata",
    "workbench",
    "editing",
    "coding",
    "people",
    "correspondence",
    "publication",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=tree, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture
def tree(tmp_path):
    """A copy of the project's packages and contracts, to break without touching the real ones."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_every_contract(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_evidence_importing_recommendations_breaks_the_base_app_contract(tree):
    services = tree / "evidence" / "services.py"
    services.write_text(services.read_text() + "\nfrom recommendations.models import EvidenceLink  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "evidence is the base app: it imports no app built on it BROKEN" in result.stdout
    assert "evidence.services -> recommendations.models" in result.stdout


def test_evidence_importing_correspondence_breaks_the_base_app_contract(tree):
    services = tree / "evidence" / "services.py"
    services.write_text(services.read_text() + "\nfrom correspondence.services import refusal  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "evidence is the base app: it imports no app built on it BROKEN" in result.stdout


def test_correspondence_importing_recommendations_breaks_its_contract(tree):
    services = tree / "correspondence" / "services.py"
    services.write_text(services.read_text() + "\nfrom recommendations.models import EvidenceLink  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "correspondence (emails to submitters) builds on evidence only" in result.stdout


def test_an_app_importing_the_project_package_breaks_its_contract(tree):
    selectors = tree / "meetings" / "selectors.py"
    selectors.write_text(selectors.read_text() + "\nfrom justice_wp import dashboard  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "meetings.selectors -> justice_wp.dashboard" in result.stdout


def test_a_cycle_inside_an_app_breaks_its_layers(tree):
    models = tree / "evidence" / "models" / "items.py"
    models.write_text(models.read_text() + "\nfrom evidence import services  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "evidence layers: no cycles inside the app BROKEN" in result.stdout


def test_recommendations_importing_the_workbench_breaks_its_contract(tree):
    services = tree / "recommendations" / "services.py"
    services.write_text(services.read_text() + "\nfrom workbench import selectors  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "workbench (reading and coding) sits on top: no app below imports it BROKEN" in result.stdout


def test_coding_importing_recommendations_breaks_its_contract(tree):
    selectors = tree / "coding" / "selectors.py"
    crossing = "\nfrom recommendations.models import EvidenceLink  # noqa\n"
    selectors.write_text(selectors.read_text() + crossing)
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "coding (dual coding) builds on evidence only" in result.stdout


def test_people_importing_a_domain_app_breaks_its_contract(tree):
    services = tree / "people" / "services.py"
    services.write_text(services.read_text() + "\nfrom meetings.models import Meeting  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "people (accounts, invitations) uses no domain app" in result.stdout


def test_publication_importing_recommendations_breaks_its_contract(tree):
    selectors = tree / "publication" / "selectors.py"
    selectors.write_text(
        selectors.read_text() + "\nfrom recommendations.models import EvidenceLink  # noqa\n"
    )
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "publication (decisions, redactions, public pages) builds on evidence" in result.stdout
    assert "publication.selectors -> recommendations.models" in result.stdout
