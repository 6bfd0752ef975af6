"""Shared factory-boy factories. Evidence items are logged through the service, as users log them."""

import datetime
import io
from pathlib import Path

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from evidence import services as evidence_services
from evidence.models import (
    EvidenceItem,
    Excerpt,
    ExclusionReason,
    ImportBatch,
    Organisation,
    Submitter,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    Theme,
)
from meetings.models import ActionPoint, AgendaItem, Attendance, Decision, ExternalAttendee, Meeting
from publication import services as publication_services
from publication.models import PublicationDecision, Redaction, RedactionReason
from recommendations.models import Chapter, EvidenceLink, ImplementationStatus, OutreachEntry, Recommendation

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@wp.example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            user.groups.add(Group.objects.get(name=extracted))
        if create:
            user.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.PRIVATE_PROVIDER


class SubmitterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submitter

    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"submitter{n}@example.net")
    consent_to_publish = True


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Survey {n}")
    slug = factory.Sequence(lambda n: f"survey-{n}")


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    code = factory.Sequence(lambda n: f"q{n}")
    text = factory.Sequence(lambda n: f"Question number {n}?")
    order = factory.Sequence(int)


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceItem

    title = factory.Sequence(lambda n: f"Evidence item {n}")
    kind = EvidenceItem.Kind.WRITTEN_SUBMISSION
    received_on = datetime.date(2023, 11, 1)
    summary = "A summary of the evidence."
    body = "Full text of the evidence about outsourced assessments."
    submitter = factory.SubFactory(SubmitterFactory)
    confidentiality = EvidenceItem.Confidentiality.PUBLISHABLE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        status = kwargs.pop("status", None)
        themes = kwargs.pop("themes", ())
        item = evidence_services.evidence_log(item=model_class(*args, **kwargs), by=None, themes=themes)
        if status and status != EvidenceItem.Status.RECEIVED:
            reason = None
            if status == EvidenceItem.Status.EXCLUDED:
                reason = ExclusionReason.objects.get_or_create(name="Out of scope")[0]
            EvidenceItem.objects.filter(pk=item.pk).update(
                status=status, status_reason="set by factory", exclusion_reason=reason
            )
            item.refresh_from_db()
        return item


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyAnswer

    item = factory.SubFactory(EvidenceItemFactory)
    question = factory.SubFactory(SurveyQuestionFactory)
    answer = factory.Sequence(lambda n: f"Answer number {n}.")


class ExcerptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Excerpt

    item = factory.SubFactory(EvidenceItemFactory)
    quote = factory.LazyAttribute(lambda excerpt: excerpt.item.body[:40])


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    survey = factory.SubFactory(SurveyFactory)
    file_name = factory.Sequence(lambda n: f"responses-{n}.csv")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Working Party Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + datetime.timedelta(hours=2))
    format = Meeting.Format.HYBRID
    location = "Meeting room 2, London"
    join_link = "https://meet.example.org/wp"


class ExternalAttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalAttendee

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Witness {n}")
    organisation = "Citizens Advice (a local branch)"
    role = ExternalAttendee.Role.WITNESS


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Chapter title {n}")
    order = factory.SelfAttribute("number")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    number = factory.Sequence(lambda n: f"{n // 100 + 1}.{n % 100 + 1}")
    position = factory.LazyAttribute(lambda rec: int(rec.number.split(".")[1]))
    title = factory.Sequence(lambda n: f"Recommendation {n}")
    text = "Contracting authorities should publish performance data for every contract."
    rationale = "Evidence shows performance data is routinely withheld."

    @factory.lazy_attribute
    def chapter(self):
        return ChapterFactory(number=int(self.number.split(".")[0]))


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceLink

    recommendation = factory.SubFactory(RecommendationFactory)
    evidence = factory.SubFactory(EvidenceItemFactory)
    stance = EvidenceLink.Stance.SUPPORTS
    strength = 2


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    presenter = "Chair"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(UserFactory)
    status = Attendance.Status.PRESENT


class ActionPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPoint

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Follow up on point {n}")
    owner = factory.SubFactory(UserFactory)
    due = factory.LazyAttribute(lambda action: timezone.localtime(action.meeting.starts_at).date())
    done = False
    done_at = factory.LazyAttribute(lambda action: timezone.now() if action.done else None)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"The working party agreed point {n}.")
    outcome = Decision.Outcome.AGREED


class ImplementationStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationStatus
        skip_postgeneration_save = True

    recommendation = factory.SubFactory(RecommendationFactory, status=Recommendation.Status.PUBLISHED)
    stakeholder = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.PUBLIC_BODY)
    status = ImplementationStatus.State.IN_DIALOGUE
    progress = 10

    @factory.post_generation
    def targeted(status, create, extracted, **kwargs):
        if create:
            status.recommendation.target_stakeholders.add(status.stakeholder)


class OutreachEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachEntry

    implementation = factory.SubFactory(ImplementationStatusFactory)
    date = datetime.date(2024, 5, 1)
    channel = OutreachEntry.Channel.EMAIL
    summary = "Sent the report with a covering letter."


# Documents as users send them: Word and OpenDocument files written by the libraries that read them,
# and PDFs printed by Chromium (tests/evidence/data/documents/, with the HTML they were printed from).
DOCUMENTS = Path(__file__).parent / "evidence" / "data" / "documents"


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(paragraphs: list[str], heading: str = "") -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    if heading:
        document.text.addElement(H(outlinelevel=1, text=heading))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def pdf_bytes(name: str = "submission.pdf", *, password: str = "") -> bytes:
    content = (DOCUMENTS / name).read_bytes()
    if not password:
        return content
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    writer.encrypt(user_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class DualCodingAssignmentFactory(factory.django.DjangoModelFactory):
    """An item assigned to two members for dual coding (written directly: the service checks the
    assigner's permission, which tests of other things need not set up)."""

    class Meta:
        model = "coding.DualCodingAssignment"

    item = factory.SubFactory(EvidenceItemFactory)
    coder_a = factory.SubFactory(UserFactory, role="Member")
    coder_b = factory.SubFactory(UserFactory, role="Member")
    assigned_at = factory.LazyFunction(timezone.now)


class PublicationDecisionFactory(factory.django.DjangoModelFactory):
    """Decided through the service by a chair (so an override is allowed when the test asks for one)."""

    class Meta:
        model = PublicationDecision

    item = factory.SubFactory(EvidenceItemFactory)
    outcome = PublicationDecision.Outcome.PUBLISH_FULL
    reason = "Cleared for publication."

    @classmethod
    def _create(cls, model_class, *args, by=None, **kwargs):
        by = by or UserFactory(username="decision-chair", role="Chair")
        return publication_services.decision_record(decision=model_class(*args, **kwargs), by=by)


class RedactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Redaction

    item = factory.SubFactory(EvidenceItemFactory)
    quoted_text = factory.LazyAttribute(lambda redaction: redaction.item.body.split()[0])
    # get_or_create: transactional (browser) tests empty the tables the data migration filled.
    reason = factory.LazyFunction(
        lambda: RedactionReason.objects.get_or_create(name="Third-party personal data")[0]
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return publication_services.redaction_save(redaction=model_class(*args, **kwargs), by=None)
