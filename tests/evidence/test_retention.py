"""Retention set at intake: every submitter logged or imported gets a date apply_retention acts on."""

import datetime
from pathlib import Path

import pytest

from evidence import services
from evidence.models import Submitter
from evidence.privacy_services import retention_due
from evidence.retention import retention_default

DATA = Path(__file__).parent / "data"
ADD = "/admin/evidence/submitter/add/"


@pytest.fixture(autouse=True)
def _six_years_after_april_2024(settings):
    settings.EVIDENCE_REPORT_DATE = datetime.date(2024, 4, 30)
    settings.EVIDENCE_RETENTION_YEARS = 6


def test_default_is_years_after_the_report_or_after_logging_when_later(settings):
    assert retention_default(logged_on=datetime.date(2023, 11, 20)) == datetime.date(2030, 4, 30)
    assert retention_default(logged_on=datetime.date(2025, 9, 1)) == datetime.date(2031, 9, 1)
    settings.EVIDENCE_REPORT_DATE = datetime.date(2024, 2, 29)
    assert retention_default(logged_on=datetime.date(2024, 1, 1)) == datetime.date(2030, 2, 28)


def submitter_form(**overrides):
    return {"name": "Grace Hopper", "email": "grace@example.net", "role": "individual", **overrides}


@pytest.mark.django_db
def test_the_add_page_shows_the_default_date(secretariat_client):
    page = secretariat_client.get(ADD).content.decode()
    assert f'name="retention_until" value="{retention_default():%d/%m/%Y}"' in page
    assert "EVIDENCE_RETENTION_YEARS after the report" in page


@pytest.mark.django_db
def test_a_submitter_logged_with_a_blank_date_gets_the_default_and_history(secretariat_client):
    response = secretariat_client.post(ADD, submitter_form(retention_until=""))
    assert response.status_code == 302
    submitter = Submitter.objects.get()
    assert submitter.retention_until == retention_default()
    assert submitter.history.get().history_change_reason == "logged"


@pytest.mark.django_db
def test_a_date_typed_by_the_secretariat_is_kept_and_can_be_edited(secretariat_client):
    secretariat_client.post(ADD, submitter_form(retention_until="01/01/2026"))
    submitter = Submitter.objects.get()
    assert submitter.retention_until == datetime.date(2026, 1, 1)
    change = f"/admin/evidence/submitter/{submitter.pk}/change/"
    secretariat_client.post(change, submitter_form(retention_until="01/02/2027"))
    submitter.refresh_from_db()
    assert submitter.retention_until == datetime.date(2027, 2, 1)


@pytest.mark.django_db
def test_imported_submitters_get_the_default_so_retention_can_act(tender_survey, secretariat_user):
    services.survey_responses_import(
        survey=tender_survey,
        content=(DATA / "responses_utf8.csv").read_bytes(),
        filename="responses_utf8.csv",
        by=secretariat_user,
    )
    assert list(Submitter.objects.values_list("name", "retention_until")) == [
        ("Ada Lovelace", retention_default())
    ]
    assert not retention_due(today=retention_default()).exists()
    assert retention_due(today=retention_default() + datetime.timedelta(days=1)).count() == 1


@pytest.mark.django_db
def test_members_cannot_log_submitters(member_client):
    assert member_client.post(ADD, submitter_form()).status_code == 403
    assert not Submitter.objects.exists()
