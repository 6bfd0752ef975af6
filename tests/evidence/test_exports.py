"""Exports of evidence items and submitters: admin Export and export_evidence, in CSV/XLSX/JSON."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from evidence.models import EvidenceItem
from evidence.resources import EvidenceItemResource, SubmitterResource
from justice_wp.exporting import escape_formula, export_bytes
from tests.factories import EvidenceItemFactory, SubmitterFactory, ThemeFactory

ITEM_EXPORT = reverse("admin:evidence_evidenceitem_export")
SUBMITTER_EXPORT = reverse("admin:evidence_submitter_export")
FORMULAE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def admin_export(client, url, resource, file_format="0"):
    data = {"format": file_format, "resource": "0"}
    for field in resource().get_export_order():
        data[f"{resource.__name__.lower()}_{field}"] = "on"
    return client.post(url, data)


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV exports carry a BOM so Excel reads £ and “ ” right"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5", "'-5"),
        ("@me", "'@me"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
        (5, 5),
        (None, None),
    ],
)
def test_escape_formula(value, escaped):
    assert escape_formula(value) == escaped


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_every_format_escapes_every_formula_start_and_keeps_the_rest(file_format, tmp_path):
    for value in FORMULAE:
        EvidenceItemFactory(title=value, summary="£5.9m “quoted”")
    out = tmp_path / f"e.{file_format}"
    call_command("export_evidence", "--format", file_format, "-o", str(out))
    if file_format == "csv":
        rows = csv_rows(out.read_bytes())
    elif file_format == "json":
        rows = json.loads(out.read_text())
    else:
        sheet = load_workbook(out).active
        header, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
        rows = [dict(zip(header, row, strict=True)) for row in body]
    assert sorted(row["title"] for row in rows) == sorted("'" + value for value in FORMULAE)
    assert {row["summary"] for row in rows} == {"£5.9m “quoted”"}


@pytest.mark.django_db
def test_admin_export_escapes_formulae(secretariat_client):
    EvidenceItemFactory(title="=cmd|' /C calc'!A0")
    response = admin_export(secretariat_client, ITEM_EXPORT, EvidenceItemResource)
    assert response.status_code == 200
    assert [row["title"] for row in csv_rows(response.content)] == ["'=cmd|' /C calc'!A0"]


@pytest.mark.django_db
def test_package_formula_setting_is_off_because_it_deletes_data(settings):
    """django-import-export's own escaping strips the "=" and ignores + - @; ours is used instead."""
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is False


def identity_items():
    named = SubmitterFactory(name="Named Person", email="named@example.net", consent_to_publish=True)
    hidden = SubmitterFactory(
        name="Hidden Person", email="hidden@example.net", consent_to_publish=True, anonymity_requested=True
    )
    EvidenceItemFactory(title="named", submitter=named)
    EvidenceItemFactory(title="hidden", submitter=hidden)
    EvidenceItemFactory(title="vulnerable", submitter__name="Vul Person", submitter__vulnerable=True)
    EvidenceItemFactory(title="no consent", submitter__name="Shy Person", submitter__consent_to_publish=False)


@pytest.mark.django_db
def test_members_export_omits_confidential_identities(member_client):
    identity_items()
    response = admin_export(member_client, ITEM_EXPORT, EvidenceItemResource)
    rows = {row["title"]: (row["submitter"], row["submitter_email"]) for row in csv_rows(response.content)}
    assert rows == {
        "named": ("Named Person", ""),  # named, but an email address never reaches a member
        "hidden": ("Anonymous respondent", ""),
        "vulnerable": ("Anonymous respondent", ""),
        "no consent": ("Anonymous respondent", ""),
    }
    for name in (b"Hidden Person", b"hidden@example.net", b"Vul Person", b"Shy Person", b"named@example"):
        assert name not in response.content


@pytest.mark.django_db
def test_secretariat_export_includes_identities(secretariat_client):
    identity_items()
    response = admin_export(secretariat_client, ITEM_EXPORT, EvidenceItemResource)
    rows = {row["title"]: row["submitter"] for row in csv_rows(response.content)}
    assert rows["hidden"] == "Hidden Person" and rows["vulnerable"] == "Vul Person"


@pytest.mark.django_db
def test_command_redacts_unless_asked(tmp_path):
    identity_items()
    out = tmp_path / "e.csv"
    call_command("export_evidence", "--format", "csv", "-o", str(out))
    assert b"Hidden Person" not in out.read_bytes()
    call_command("export_evidence", "--format", "csv", "-o", str(out), "--include-identities")
    assert b"Hidden Person" in out.read_bytes()


@pytest.mark.django_db
def test_submitters_export_is_for_the_secretariat_only(secretariat_client, member_user):
    SubmitterFactory(name="Ada Lovelace", email="=ada@example.net")
    member_client = Client()
    member_client.force_login(member_user)
    assert member_client.get(SUBMITTER_EXPORT).status_code == 403
    response = admin_export(secretariat_client, SUBMITTER_EXPORT, SubmitterResource)
    rows = csv_rows(response.content)
    assert [(row["name"], row["email"]) for row in rows] == [("Ada Lovelace", "'=ada@example.net")]


@pytest.mark.django_db
def test_submitters_command_needs_explicit_consent(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="personal data: add --include-identities"):
        call_command(
            "export_evidence", "--format", "csv", "-o", str(tmp_path / "s.csv"), "--dataset", "submitters"
        )


@pytest.mark.django_db
def test_export_carries_themes_and_answers(tmp_path, tender_survey):
    from evidence import services

    survey = tender_survey
    content = b"Timestamp,Themes,q3\n01/11/2023 10:00,vulnerable-users,=rigged\n"
    services.survey_responses_import(survey=survey, content=content, filename="s.csv", by=None)
    out = tmp_path / "e.json"
    call_command("export_evidence", "--format", "json", "-o", str(out))
    [row] = json.loads(out.read_text())
    assert (row["themes"], row["answers"], row["kind"], row["survey"]) == (
        "Vulnerable users",
        "q3: =rigged",
        "Survey response",
        "Tender & Contract",
    )


@pytest.mark.django_db
def test_evidence_export_queries_do_not_grow(django_assert_num_queries):
    """items with survey/submitter/organisation joined; themes (+parent) prefetch; answers (+question)
    prefetch; one round per 100-item page, plus the page count."""
    theme = ThemeFactory()
    for _ in range(5):
        EvidenceItemFactory(themes=[theme])
    queryset = EvidenceItem.objects.order_by("reference")
    with django_assert_num_queries(4):
        export_bytes(EvidenceItemResource(show_identities=True), queryset, "csv")
    for _ in range(45):
        EvidenceItemFactory(themes=[theme])
    with django_assert_num_queries(4):
        data = export_bytes(EvidenceItemResource(show_identities=True), queryset, "csv")
    assert len(csv_rows(data)) == 50


@pytest.mark.django_db
def test_admin_export_queries_do_not_grow(secretariat_client, django_assert_num_queries):
    """session, user, permissions (2), the changelist's exclusion reason, survey and theme filter
    choices (3), count for pagination, the page of items (survey/submitter/organisation joined),
    themes, answers."""
    for _ in range(5):
        EvidenceItemFactory()
    with django_assert_num_queries(11) as small:
        admin_export(secretariat_client, ITEM_EXPORT, EvidenceItemResource)
    for _ in range(45):
        EvidenceItemFactory()
    with django_assert_num_queries(len(small.captured_queries)):
        response = admin_export(secretariat_client, ITEM_EXPORT, EvidenceItemResource)
    assert len(csv_rows(response.content)) == 50


@pytest.mark.django_db
def test_confidential_body_and_answers_are_only_in_privileged_exports(member_client, tmp_path):
    """Members' exports, and the command without --include-identities, say the text is not shown."""
    from evidence.models import SurveyAnswer
    from tests.factories import SurveyQuestionFactory

    item = EvidenceItemFactory(
        title="secret", body="Maple Court file", confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL
    )
    SurveyAnswer.objects.create(
        item=item, question=SurveyQuestionFactory(code="q1"), answer="Maple Court again"
    )
    EvidenceItemFactory(title="open", body="Readable text")
    rows = {
        row["title"]: row
        for row in csv_rows(admin_export(member_client, ITEM_EXPORT, EvidenceItemResource).content)
    }
    assert (rows["secret"]["body"], rows["secret"]["answers"]) == ("Confidential (not shown)",) * 2
    assert rows["open"]["body"] == "Readable text"
    out = tmp_path / "e.csv"
    call_command("export_evidence", "--format", "csv", "-o", str(out))
    assert b"Maple Court" not in out.read_bytes()
    call_command("export_evidence", "--format", "csv", "-o", str(out), "--include-identities")
    rows = {row["title"]: row for row in csv_rows(out.read_bytes())}
    assert (rows["secret"]["body"], rows["secret"]["answers"]) == (
        "Maple Court file",
        "q1: Maple Court again",
    )
