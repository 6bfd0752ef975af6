import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.codebook_exchange import (
    codebook_csv,
    codebook_import,
    codebook_plan,
    codebook_qdc,
    read_csv,
    read_qdc,
)
from evidence.models import Theme
from tests.factories import ThemeFactory
from tests.html_forms import form_data

# Written by hand from the REFI-QDA codebook schema (Codebook.xsd): namespace, nested codes with
# GUIDs, upper-case colours, descriptions as elements, and a code set this importer ignores.
OTHER_TOOL_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti 23">
  <Codes>
    <Code guid="0f8fad5b-d9cb-469f-a165-70867728950e" name="Accountability" isCodable="true" color="#AA3377">
      <Description>Who answers for failures.</Description>
      <Code guid="7c9e6679-7425-40de-944b-e07fc1f90ae7" name="Complaints" isCodable="true" color="#228833"/>
      <Code guid="9b2f1b3c-1a4e-4f0e-8f5e-6a1d2c3b4a5f" name="Ombudsman" isCodable="false"/>
    </Code>
  </Codes>
  <Sets>
    <Set guid="3f2504e0-4f89-11d3-9a0c-0305e82c3301" name="Reviewed codes">
      <MemberCode targetGUID="7c9e6679-7425-40de-944b-e07fc1f90ae7"/>
    </Set>
  </Sets>
</CodeBook>
"""


def _clear():
    """Empty the codebook (the seeded one too), sub-themes first."""
    while Theme.objects.exists():
        Theme.objects.filter(children__isnull=True).delete()


@pytest.fixture
def codebook(db):
    _clear()
    top = ThemeFactory(
        name="Contracts", description='Terms, safeguards, "breaks".', colour="#1f77b4", order=1
    )
    ThemeFactory(name="Safeguards", parent=top, description="Line one\nline two", colour="#ff7f0e")
    oversight = ThemeFactory(name="Oversight", colour="#2ca02c", order=2)
    ThemeFactory(name="Safeguards", colour="#d62728", order=3)  # the same name elsewhere in the tree
    for parent in (top, oversight):  # a sub-theme name used twice
        ThemeFactory(name="Monitoring", parent=parent)


def _snapshot():
    return sorted(
        (theme.name, theme.parent.name if theme.parent else "", theme.description, theme.colour)
        for theme in Theme.objects.select_related("parent")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("export", "read"), [(lambda: codebook_csv().encode(), read_csv), (codebook_qdc, read_qdc)]
)
def test_codebook_round_trips_unchanged(codebook, secretariat_user, export, read):
    before, exported = _snapshot(), export()
    _clear()
    plan = codebook_plan(read(exported))
    assert plan.ok, plan.errors
    assert len(plan.create) == 6
    codebook_import(plan=plan, by=secretariat_user)
    assert _snapshot() == before
    assert export() == exported
    again = codebook_plan(read(exported))  # importing again matches everything
    assert (len(again.create), len(again.update), len(again.unchanged)) == (0, 0, 6)


@pytest.mark.django_db
def test_a_codebook_written_by_another_tool_imports(codebook, secretariat_user):
    plan = codebook_plan(read_qdc(OTHER_TOOL_QDC.encode()))
    assert plan.ok, plan.errors
    assert [row.path for row in plan.create] == [
        "Accountability",
        "Accountability › Complaints",
        "Accountability › Ombudsman",
    ]
    codebook_import(plan=plan, by=secretariat_user)
    complaints = Theme.objects.get(name="Complaints")
    assert (complaints.parent.name, complaints.colour) == ("Accountability", "#228833")
    assert Theme.objects.get(name="Accountability").description == "Who answers for failures."
    assert complaints.history.first().history_change_reason == "codebook import"


def _plan(text: str):
    return codebook_plan(read_csv(text.encode()))


@pytest.mark.django_db
def test_csv_errors_name_the_row_and_nothing_is_written(codebook, secretariat_user):
    plan = _plan(
        "name,parent,description,colour\n"
        "Redress,,,\n"
        "Tribunals,Redress,,#12345\n"  # bad colour
        "Appeals,Redres,,\n"  # unknown parent (typo)
        "Redress,,,\n"  # duplicate
        "Chicken,Egg,,\n"
        "Egg,Chicken,,\n"  # cycle
        "Breaks,Monitoring,,\n"  # ambiguous: two sub-themes are called Monitoring
    )
    assert plan.errors == [
        "row 3: colour “#12345” is not #rrggbb (e.g. #1f77b4).",
        "row 4: parent “Redres” is neither in the file nor in the codebook. Add it, or leave the parent "
        "empty for a top-level theme.",
        "row 5: “Redress” appears twice (also row 2): names must differ under one parent.",
        "row 6: the parents go round in a circle: “Chicken” (row 6) → “Egg” (row 7).",
        "row 7: the parents go round in a circle: “Egg” (row 7) → “Chicken” (row 6).",
        "row 8: parent “Monitoring” is ambiguous: write its path, e.g. “Contracts › Monitoring”.",
    ]
    before = _snapshot()
    with pytest.raises(ValidationError):
        codebook_import(plan=plan, by=secretariat_user)
    assert _snapshot() == before


@pytest.mark.django_db
def test_csv_matches_by_path_and_updates_descriptions(codebook, secretariat_user):
    plan = _plan(
        "Name,Parent,Description,Colour\r\n"
        "Safeguards,Contracts,New words,\r\n"
        "Break clauses,Contracts › Safeguards,,#ABCDEF\r\n"
    )
    assert plan.ok, plan.errors
    assert ([row.path for row in plan.update], [row.path for row in plan.create]) == (
        ["Contracts › Safeguards"],
        ["Contracts › Safeguards › Break clauses"],
    )
    codebook_import(plan=plan, by=secretariat_user)
    assert Theme.objects.get(name="Break clauses").parent.description == "New words"


def test_unreadable_files_are_refused_with_what_to_do():
    with pytest.raises(ValidationError, match="must name the columns"):
        read_csv(b"theme;colour\nA;#000000\n")
    with pytest.raises(ValidationError, match=r"not a readable \.qdc"):
        read_qdc(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook/>')
    with pytest.raises(ValidationError, match="no <Codes> element"):
        read_qdc(b"<Project/>")


CHANGELIST = "/admin/evidence/theme/"


@pytest.mark.django_db
def test_admin_exports_both_formats_and_members_may_download(codebook, member_client):
    page = member_client.get(CHANGELIST).content.decode()
    assert "Export codebook (CSV)" in page and "Import codebook" not in page
    csv_file = member_client.get(reverse("admin:evidence_theme_export_csv"))
    assert csv_file["Content-Disposition"] == 'attachment; filename="codebook.csv"'
    assert csv_file.content.decode("utf-8-sig").startswith("name,parent,description,colour\r\nContracts,,")
    qdc = member_client.get(reverse("admin:evidence_theme_export_qdc"))
    assert b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"' in qdc.content
    assert member_client.get(reverse("admin:evidence_theme_import")).status_code == 403


@pytest.mark.django_db
def test_admin_import_previews_then_writes_on_confirm(codebook, secretariat_client):
    url = reverse("admin:evidence_theme_import")
    upload = SimpleUploadedFile("atlas.qdc", OTHER_TOOL_QDC.encode())
    preview = secretariat_client.post(url, {"file": upload}).content.decode()
    assert "3 theme(s) to create, 0 to update" in preview
    assert "<td>Accountability › Complaints</td><td>created</td>" in preview
    assert not Theme.objects.filter(name="Complaints").exists()
    data = form_data(preview, None)
    done = secretariat_client.post(
        url, {key: data[key] for key in ("filename", "content")} | {"confirm": "1"}, follow=True
    )
    assert (
        "Codebook imported: 3 theme(s) created, 0 updated, 0 already as in the file." in done.content.decode()
    )
    assert Theme.objects.get(name="Complaints").parent.name == "Accountability"


@pytest.mark.django_db
def test_admin_import_with_errors_offers_no_confirm_and_writes_nothing(codebook, secretariat_client):
    url = reverse("admin:evidence_theme_import")
    upload = SimpleUploadedFile("codes.csv", b"name,parent\nAppeals,Redres\n")
    page = secretariat_client.post(url, {"file": upload}).content.decode()
    assert "1 error(s): nothing will be imported." in page and "row 2: parent “Redres”" in page
    assert 'name="confirm"' not in page
    forged = secretariat_client.post(
        url, {"filename": "codes.csv", "content": "QXBwZWFscyxSZWRyZXMK", "confirm": "1"}
    )
    assert forged.status_code == 200 and not Theme.objects.filter(name="Appeals").exists()
