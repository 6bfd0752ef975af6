import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import EvidenceItem, Theme
from tests.factories import EvidenceItemFactory, SubmitterFactory, SurveyFactory


@pytest.mark.django_db
def test_late_flag_follows_the_deadline_setting(settings):
    item = EvidenceItemFactory(received_on=datetime.date(2023, 12, 5))
    assert item.is_late
    settings.EVIDENCE_DEADLINE = datetime.date(2023, 12, 31)
    assert not item.is_late


@pytest.mark.django_db
def test_item_on_the_deadline_day_is_on_time():
    assert not EvidenceItemFactory(received_on=datetime.date(2023, 12, 4)).is_late


@pytest.mark.django_db
def test_survey_response_needs_its_survey_and_other_kinds_refuse_one():
    response = EvidenceItem(title="R", kind=EvidenceItem.Kind.SURVEY_RESPONSE)
    with pytest.raises(ValidationError, match="which survey"):
        response.full_clean(exclude=["reference"])
    article = EvidenceItem(title="A", kind=EvidenceItem.Kind.NEWS_ARTICLE, survey=SurveyFactory())
    with pytest.raises(ValidationError, match="Only survey responses"):
        article.full_clean(exclude=["reference"])


@pytest.mark.django_db
def test_duplicate_reference_is_refused_by_validation():
    existing = EvidenceItemFactory()
    duplicate = EvidenceItem(
        reference=existing.reference,
        title="Copy",
        kind=EvidenceItem.Kind.OTHER,
        received_on=existing.received_on,
    )
    with pytest.raises(ValidationError, match="Reference already exists"):
        duplicate.full_clean()


@pytest.mark.django_db
def test_theme_cannot_sit_under_its_own_child():
    parent = Theme.objects.create(name="Parent", slug="parent")
    child = Theme.objects.create(name="Child", slug="child", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError, match="cannot sit under itself"):
        parent.full_clean()


@pytest.mark.django_db
def test_attachment_of_the_wrong_type_is_refused():
    item = EvidenceItem(
        title="A", kind=EvidenceItem.Kind.OTHER, attachment=SimpleUploadedFile("payload.exe", b"MZ...")
    )
    with pytest.raises(ValidationError, match="File extension “exe” is not allowed"):
        item.full_clean(exclude=["reference"])


@pytest.mark.django_db
def test_oversize_attachment_is_refused(settings):
    settings.EVIDENCE_ATTACHMENT_MAX_BYTES = 10
    item = EvidenceItem(
        title="A",
        kind=EvidenceItem.Kind.OTHER,
        attachment=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 too long"),
    )
    with pytest.raises(ValidationError, match="the limit is 10"):
        item.full_clean(exclude=["reference"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("flags", "public_name"),
    [
        ({"consent_to_publish": True}, "Pat Named"),
        ({"consent_to_publish": True, "anonymity_requested": True}, "Anonymous respondent"),
        ({"consent_to_publish": True, "vulnerable": True}, "Anonymous respondent"),
        ({"consent_to_publish": False}, "Anonymous respondent"),
    ],
)
def test_submitter_public_name_respects_consent(flags, public_name):
    assert SubmitterFactory(name="Pat Named", **flags).public_name == public_name


@pytest.mark.django_db
def test_submitter_email_is_unique_ignoring_case():
    SubmitterFactory(email="Pat@Example.org")
    with pytest.raises(ValidationError, match="already exists"):
        SubmitterFactory.build(email="pat@example.org").full_clean()
