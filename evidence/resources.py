"""django-import-export resources for exporting evidence (admin "Export" and export_evidence)."""

from import_export.fields import Field

from evidence import privacy
from evidence.exporting import SafeModelResource
from evidence.models import EvidenceItem, Submitter
from evidence.models.people import ANONYMOUS

CONFIDENTIAL = "Confidential (not shown)"


class EvidenceItemResource(SafeModelResource):
    """One row per evidence item. Submitter identities are shown only to users who may see them
    (evidence.view_submitter), or where the privacy policy names the submitter (consented, no anonymity,
    not vulnerable, publishable item); otherwise "Anonymous respondent". Email addresses only to users
    who may see identities. The body and answers of confidential items follow the same rule."""

    survey = Field(attribute="survey__name", column_name="survey")
    kind = Field(attribute="get_kind_display", column_name="kind")
    status = Field(attribute="get_status_display", column_name="status")
    confidentiality = Field(attribute="get_confidentiality_display", column_name="confidentiality")
    late = Field(column_name="late")
    submitter = Field(column_name="submitter")
    submitter_email = Field(column_name="submitter_email")
    organisation = Field(column_name="organisation")
    themes = Field(column_name="themes")
    answers = Field(column_name="answers")
    body = Field(column_name="body")

    class Meta:
        model = EvidenceItem
        fields = [
            "reference",
            "title",
            "kind",
            "status",
            "status_reason",
            "received_on",
            "late",
            "survey",
            "external_id",
            "submitter",
            "submitter_email",
            "organisation",
            "confidentiality",
            "themes",
            "summary",
            "body",
            "answers",
            "source_url",
        ]
        export_order = fields

    def __init__(self, user=None, show_identities: bool | None = None, **kwargs):
        super().__init__(user=user, **kwargs)
        if show_identities is None:
            show_identities = bool(user and user.has_perm("evidence.view_submitter"))
        self.show_identities = show_identities

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("survey", "submitter__organisation").prefetch_related(
            "themes__parent", "answers__question"
        )

    def _identity(self, item) -> Submitter | None:
        submitter = item.submitter
        if submitter is None or submitter.erased_at:
            return None
        if self.show_identities or privacy.identity_shown(None, submitter, item):
            return submitter
        return None

    def dehydrate_late(self, item):
        return "yes" if item.is_late else "no"

    def dehydrate_submitter(self, item):
        if item.submitter is None:
            return ""
        identity = self._identity(item)
        if identity is None:
            return ANONYMOUS
        if privacy.is_confidential_submitter(identity):
            self.reveal("evidence.submitter", identity.pk)
        return identity.name

    def dehydrate_submitter_email(self, item):
        identity = self._identity(item)
        return identity.email if identity and self.show_identities else ""

    def dehydrate_organisation(self, item):
        identity = self._identity(item)
        return identity.organisation.name if identity and identity.organisation_id else ""

    def dehydrate_themes(self, item):
        return "; ".join(str(theme) for theme in item.themes.all())

    def _body_hidden(self, item) -> bool:
        # Same key as identities: whoever may not see who submitted may not read confidential text.
        return not self.show_identities and item.confidentiality == EvidenceItem.Confidentiality.CONFIDENTIAL

    def dehydrate_body(self, item):
        if self._body_hidden(item):
            return CONFIDENTIAL
        if item.confidentiality == EvidenceItem.Confidentiality.CONFIDENTIAL:
            self.reveal("evidence.evidenceitem", item.pk)
        return item.body

    def dehydrate_answers(self, item):
        if self._body_hidden(item):
            return CONFIDENTIAL if item.answers.all() else ""
        return "\n".join(f"{answer.question.code}: {answer.answer}" for answer in item.answers.all())


class SubmitterResource(SafeModelResource):
    """Personal data: the admin offers it only to users with evidence.view_submitter (secretariat, chair)."""

    organisation = Field(attribute="organisation__name", column_name="organisation")
    evidence = Field(column_name="evidence")

    class Meta:
        model = Submitter
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "organisation",
            "role",
            "experience",
            "anonymity_requested",
            "consent_to_publish",
            "vulnerable",
            "retention_until",
            "erased_at",
            "evidence",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation").prefetch_related("evidence_items")

    def dehydrate_name(self, submitter):
        if privacy.is_confidential_submitter(submitter):
            self.reveal("evidence.submitter", submitter.pk)
        return submitter.name

    def dehydrate_evidence(self, submitter):
        return "; ".join(item.reference for item in submitter.evidence_items.all())
