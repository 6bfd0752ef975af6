"""The permission matrix of README "Roles and permissions", enforced over HTTP on the admin: every
registered model × role × view/add/change/delete, and every admin action, each posted as the real
admin form and judged by what it did to the database (a GET can never add, change or delete).

EXPECTED is written from the README table, not from justice_wp/roles.py, so a change to either that
is not made to both fails here. Models added later fall back to their app's row of the table; a new
admin action fails here until ACTION_CASES says how to run it and what it does."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, TextField
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS as MAIL_STATUS
from post_office.models import Attachment, Email, EmailTemplate, Log

from coding.models import DualCodingAssignment
from correspondence.models import Correspondence, OptOut
from evidence.bulk_edit import edit_token
from evidence.models import (
    AccessLogEntry,
    ErasureRecord,
    ErasureReview,
    EvidenceItem,
    ExclusionReason,
    Sector,
    Submitter,
    Theme,
)
from meetings.models import ActionPoint, Meeting
from people.models import Person
from publication.models import RedactionReason
from recommendations.models import EvidenceLink, Recommendation
from tests.factories import (
    ActionPointFactory,
    ChapterFactory,
    DualCodingAssignmentFactory,
    EvidenceItemFactory,
    EvidenceLinkFactory,
    ExcerptFactory,
    ImplementationStatusFactory,
    ImportBatchFactory,
    MeetingFactory,
    OrganisationFactory,
    OutreachEntryFactory,
    PublicationDecisionFactory,
    RecommendationFactory,
    RedactionFactory,
    SubmitterFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html_forms import form_controls, form_data

ROLES = ["anonymous", "Member", "Secretariat", "Chair"]
ALL, VIEW, NONE = frozenset({"view", "add", "change", "delete"}), frozenset({"view"}), frozenset()
MEMBER = {
    "evidence.evidenceitem": VIEW,
    "evidence.excerpt": VIEW | {"add", "change"},
    "evidence.theme": VIEW,
    "evidence.organisation": VIEW,
    "evidence.sector": VIEW,
    "evidence.survey": VIEW,
    "evidence.surveyquestion": VIEW,
    "evidence.surveyanswer": VIEW,
    "recommendations.recommendation": VIEW | {"add", "change"},
    "recommendations.evidencelink": ALL,
    "coding.dualcodingassignment": VIEW,  # their own assignments only
    # Members see publication decisions, not redactions (they quote the private text).
    "publication.publicationdecision": VIEW,
    "publication.redactionreason": VIEW,
}
# Append-only records: the admin refuses add/change/delete to everyone.
# Admin actions guarded by a permission of their own (has_<name>_permission): who holds it.
CUSTOM_ACTION_PERMISSIONS = {
    "tag": {"Member", "Chair"},  # recommendations.add_evidencelink: tag evidence to recommendations
    "approve": {"Chair"},  # recommendations.approve_recommendation: agree and publish
    "split": {"Secretariat", "Chair"},  # evidence.add_theme + change_excerpt: split a theme's excerpts off
    "assign_dual_coding": {"Secretariat", "Chair"},  # coding.add_dualcodingassignment
    "correspond": {"Secretariat", "Chair"},  # correspondence.add_correspondence: email submitters
    "opt_out": {"Secretariat", "Chair"},  # correspondence.add_optout + change_optout
    "requeue": {"Secretariat", "Chair"},  # post_office.change_email: put failed emails back in the outbox
}
# Flags raised by erasures: resolved (changed) by people, never added or deleted through the admin.
CHANGE_ONLY = {"evidence.erasurereview"}
READ_ONLY = {
    "evidence.accesslogentry",
    "evidence.erasurerecord",
    "evidence.importbatch",  # written by imports, changed only by undo
    "coding.dualcodingassignment",  # written by the dual-coding services (assign, code, resolve)
    "axes.accesslog",
    "axes.accessfailurelog",
    # The outbox and the correspondence log are written by correspondence.services only.
    "post_office.email",
    "post_office.log",
    "post_office.attachment",
    "correspondence.correspondence",
    "correspondence.optout",
}


def expected(role: str, label: str) -> frozenset:
    app, model = label.split(".")
    if role == "anonymous" or app == "auth":
        granted = NONE  # user accounts are managed by superusers only
    elif app == "axes":
        granted = (VIEW | ({"delete"} if model == "accessattempt" else set())) if role == "Chair" else NONE
    elif app == "people":  # the Chair invites, edits and deactivates; nobody deletes accounts here
        granted = (VIEW | {"add", "change"}) if role == "Chair" else NONE
    elif label == "evidence.accesslogentry":
        granted = VIEW if role == "Chair" else NONE
    elif role == "Chair":
        granted = ALL
    elif role == "Secretariat":
        if app in {"evidence", "meetings", "correspondence", "post_office", "publication"}:
            granted = ALL
        else:
            granted = ALL if model in {"outreachentry", "implementationstatus"} else VIEW
    elif label in MEMBER:
        granted = MEMBER[label]
    else:
        granted = VIEW if app in {"meetings", "recommendations"} else NONE
    if label in READ_ONLY:
        granted &= VIEW
    if label in CHANGE_ONLY:
        granted -= {"add", "delete"}
    if label == "axes.accessattempt":
        granted -= {"add", "change"}
    return frozenset(granted)


INSTANCES = {
    "evidence.theme": ThemeFactory,
    "evidence.survey": SurveyFactory,
    "evidence.surveyquestion": SurveyQuestionFactory,
    "evidence.organisation": OrganisationFactory,
    "evidence.sector": lambda: Sector.objects.get_or_create(name="Probation", slug="probation-test")[0],
    "evidence.submitter": SubmitterFactory,
    "evidence.evidenceitem": EvidenceItemFactory,
    "evidence.excerpt": ExcerptFactory,
    "evidence.importbatch": ImportBatchFactory,
    "evidence.accesslogentry": lambda: AccessLogEntry.objects.create(action="view", what="x", object_ids=[1]),
    "evidence.erasurerecord": lambda: ErasureRecord.objects.create(submitter_id=1),
    "evidence.erasurereview": lambda: ErasureReview.objects.create(
        submitter_id=1,
        content_type=ContentType.objects.get_for_model(EvidenceItem),
        object_id=EvidenceItemFactory().pk,
        field="summary",
        reason=ErasureReview.Reason.NAME_WORD,
    ),
    "meetings.meeting": MeetingFactory,
    "meetings.actionpoint": ActionPointFactory,
    "recommendations.implementationstatus": ImplementationStatusFactory,
    "recommendations.outreachentry": OutreachEntryFactory,
    "recommendations.chapter": ChapterFactory,
    "recommendations.recommendation": RecommendationFactory,
    "recommendations.evidencelink": EvidenceLinkFactory,
    "coding.dualcodingassignment": DualCodingAssignmentFactory,
    "correspondence.correspondence": lambda: _letter(),
    "correspondence.optout": lambda: OptOut.objects.create(submitter=SubmitterFactory(), reason="Phoned"),
    "post_office.email": lambda: _letter().email,
    "post_office.log": lambda: Log.objects.create(
        email=_letter().email, status=MAIL_STATUS.failed, message="x"
    ),
    "post_office.attachment": lambda: Attachment.objects.create(
        name="letter.txt", file="post_office_attachments/letter.txt"
    ),
    "post_office.emailtemplate": lambda: EmailTemplate.objects.create(
        name="test-letter", subject="Hello {{ name }}", content="Dear {{ name }}"
    ),
    "publication.publicationdecision": PublicationDecisionFactory,
    "publication.redaction": RedactionFactory,
    "publication.redactionreason": lambda: RedactionReason.objects.create(name="Matrix reason"),
    "auth.user": UserFactory,
    "people.person": lambda: Person.objects.get(pk=UserFactory(first_name="Pat", role="Member").pk),
    "auth.group": lambda: Group.objects.get(name="Member"),
    "axes.accessattempt": lambda: AccessAttempt.objects.create(
        username="x",
        ip_address="192.0.2.1",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
        failures_since_start=1,
    ),
    "axes.accesslog": lambda: AccessLog.objects.create(
        username="x", ip_address="192.0.2.1", user_agent="", http_accept="", path_info="/"
    ),
    "axes.accessfailurelog": lambda: AccessFailureLog.objects.create(
        username="x", ip_address="192.0.2.1", user_agent="", http_accept="", path_info="/", locked_out=False
    ),
}


def _letter():
    from correspondence.services import correspondence_queue

    return correspondence_queue(submitter=SubmitterFactory(), kind="chaser", by=None)


MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)
ACTIONS = [
    (model, name, getattr(func, "allowed_permissions", ()))
    for model in MODELS
    for func, name, _ in admin.site._registry[model]._get_base_actions()
]


def client_for(role: str) -> Client:
    client = Client()
    if role == "superuser":
        client.force_login(UserFactory(username="matrix-superuser", is_staff=True, is_superuser=True))
    elif role != "anonymous":
        client.force_login(UserFactory(username=f"matrix-{role.lower()}", role=role))
    return client


def instance_of(model):
    label = model._meta.label_lower
    if label in INSTANCES:
        return INSTANCES[label]()
    obj = model.objects.first()
    if obj is None:
        pytest.skip(f"no instance of {label}: add a factory to INSTANCES")
    return obj


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def assert_denied(role: str, response) -> None:
    if role == "anonymous":
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    else:
        assert response.status_code == 403


def assert_saved(response) -> None:
    """The admin redirects after a successful save; a re-rendered form names its errors."""
    errors = response.context and response.context.get("errors")
    assert response.status_code == 302, f"not saved ({response.status_code}): {errors}"


def row(model, pk):
    return model._default_manager.filter(pk=pk).values().first()


def page_form(client: Client, page_url: str, model) -> tuple[dict, set[str]]:
    """The data a browser would submit from the model's admin form at `page_url`, and the names of
    all its controls."""
    response = client.get(page_url)
    assert response.status_code == 200, page_url
    html, form_id = response.content.decode(), f"{model._meta.model_name}_form"
    return form_data(html, form_id), form_controls(html, form_id)


# Text fields an edit cannot simply append to: an excerpt's quote must stay a passage of its item.
NOT_FREE_TEXT = {"evidence.excerpt": {"quote"}, "publication.redaction": {"quoted_text"}}


def editable_text_field(model, data: dict) -> str | None:
    """A plain text field of the main form (not an inline's, not a choice; unique ones last) to edit."""
    candidates = [
        field
        for field in model._meta.concrete_fields
        if type(field) in (CharField, TextField)  # not a URL or email, which the suffix would spoil
        and not field.choices
        and isinstance(data.get(field.name), str)
        and field.name not in NOT_FREE_TEXT.get(model._meta.label_lower, ())
    ]
    candidates.sort(key=lambda field: field.unique)
    return candidates[0].name if candidates else None


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize("role", ROLES)
def test_role_views_the_changelist(role, model):
    granted = expected(role, model._meta.label_lower)
    response = client_for(role).get(url(model, "changelist"))
    if granted & {"view", "change"}:
        assert response.status_code == 200
    else:
        assert_denied(role, response)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize("role", ROLES)
def test_role_adds_by_posting_the_add_form(role, model):
    """The add form filled with a valid object's values (the object deleted first, so unique fields
    are free): it creates exactly one row for roles with add permission and nothing for the others."""
    granted = expected(role, model._meta.label_lower)
    client, superuser = client_for(role), client_for("superuser")
    if superuser.get(url(model, "add")).status_code != 200:  # nobody adds these in the admin
        assert "add" not in granted
        assert_denied(role, client.get(url(model, "add")))
        return
    obj = instance_of(model)
    values, _ = page_form(superuser, url(model, "change", obj.pk), model)
    data, controls = page_form(client if "add" in granted else superuser, url(model, "add"), model)
    data.update({name: value for name, value in values.items() if name in controls and "-" not in name})
    model._default_manager.filter(pk=obj.pk).delete()
    before = model._default_manager.count()
    response = client.post(url(model, "add"), data)
    if "add" in granted:
        assert_saved(response)
        assert model._default_manager.count() == before + 1
    else:
        assert_denied(role, response)
        assert model._default_manager.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize("role", ROLES)
def test_role_changes_by_posting_the_change_form(role, model):
    """A text field edited on the change form is saved for roles with change permission; for the
    others the post is refused and the row is untouched."""
    granted = expected(role, model._meta.label_lower)
    client, superuser = client_for(role), client_for("superuser")
    obj = instance_of(model)
    before = row(model, obj.pk)
    source = client if "change" in granted else superuser
    data, _ = page_form(source, url(model, "change", obj.pk), model)
    field = editable_text_field(model, data)
    if field:
        data[field] = f"{data[field]}-edited"
    response = client.post(url(model, "change", obj.pk), data)
    if "change" in granted:
        assert field, f"{model._meta.label_lower}: no text field to edit on the change form"
        assert_saved(response)
        assert row(model, obj.pk)[field].endswith("-edited")
    else:
        assert_denied("anonymous" if role == "anonymous" else "Member", response)
        assert row(model, obj.pk) == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize("role", ROLES)
def test_role_deletes_by_confirming_the_delete_page(role, model):
    granted = expected(role, model._meta.label_lower)
    client = client_for(role)
    obj = instance_of(model)
    response = client.post(url(model, "delete", obj.pk), {"post": "yes"})
    if "delete" in granted:
        assert_saved(response)
        assert not model._default_manager.filter(pk=obj.pk).exists()
    else:
        assert_denied(role, response)
        assert model._default_manager.filter(pk=obj.pk).exists()


def _recommendation_at(status: str):
    def setup(obj):
        Recommendation.objects.filter(pk=obj.pk).update(status=status)
        if status == Recommendation.Status.UNDER_DISCUSSION:  # agreeing needs supporting evidence
            EvidenceLinkFactory(recommendation=obj, stance=EvidenceLink.Stance.SUPPORTS)
        return {}

    return setup


def _status_is(status: str):
    return lambda model, pk: model._default_manager.filter(pk=pk, status=status).exists()


def _item_at(status: str):
    def setup(obj):
        EvidenceItem.objects.filter(pk=obj.pk).update(status=status)
        return {}

    return setup


def _tag_setup(obj):
    return {"apply": "1", "recommendation": RecommendationFactory().pk, "stance": "supports", "strength": "2"}


def _split_setup(obj):
    theme = ThemeFactory(name="To split")
    obj.themes.add(theme)
    return {"apply": "1", "source": theme.pk, "name": "Split off"}


def _past(model, field, value):
    def setup(obj):
        model._default_manager.filter(pk=obj.pk).update(**{field: value})
        return {}

    return setup


Status = EvidenceItem.Status
RecStatus = Recommendation.Status
# action name → (prepare the object and return the extra POST data, did the action happen?)
ACTION_CASES = {
    "delete_selected": (
        lambda obj: {"post": "yes"},
        lambda model, pk: not model._default_manager.filter(pk=pk),
    ),
    "mark_triaged": (_item_at(Status.RECEIVED), _status_is(Status.TRIAGED)),
    "mark_reviewed": (_item_at(Status.TRIAGED), _status_is(Status.REVIEWED)),
    "mark_cited": (_item_at(Status.REVIEWED), _status_is(Status.CITED)),
    "exclude_selected": (
        lambda obj: {"apply": "1", "exclusion_reason": ExclusionReason.objects.get(name="Duplicate").pk},
        _status_is(Status.EXCLUDED),
    ),
    "bulk_edit": (
        lambda obj: {
            "apply": "1",
            "seen": f"{obj.pk}={edit_token(obj)}",
            "kind": EvidenceItem.Kind.FOI_RESPONSE,
        },
        lambda model, pk: EvidenceItem.objects.filter(pk=pk, kind=EvidenceItem.Kind.FOI_RESPONSE).exists(),
    ),
    "merge_selected": (
        lambda obj: {"apply": "1", "target": ThemeFactory(name="Merged into").pk},
        lambda model, pk: not Theme.objects.filter(pk=pk),
    ),
    "split_to_new_theme": (_split_setup, lambda model, pk: Theme.objects.filter(name="Split off").exists()),
    "assign_dual_coding": (
        lambda obj: {
            "apply": "1",
            "coder_a": UserFactory(username="matrix-coder-a", role="Member").pk,
            "coder_b": UserFactory(username="matrix-coder-b", role="Member").pk,
        },
        lambda model, pk: DualCodingAssignment.objects.filter(item_id=pk).exists(),
    ),
    "tag_to_recommendation": (
        _tag_setup,
        lambda model, pk: EvidenceLink.objects.filter(evidence_id=pk).exists(),
    ),
    "erase_selected": (lambda obj: {"apply": "1"}, lambda model, pk: Submitter.objects.get(pk=pk).erased_at),
    "erase_past_retention": (
        _past(Submitter, "retention_until", datetime.date(2020, 1, 1)),
        lambda model, pk: Submitter.objects.get(pk=pk).erased_at,
    ),
    **{
        f"email_{kind}": (
            lambda obj: {"apply": "1"},
            lambda model, pk, kind=kind: Correspondence.objects.filter(submitter_id=pk, kind=kind).exists(),
        )
        for kind in ["acknowledgement", "consent_confirmation", "chaser", "thank_you"]
    },
    "record_opt_out": (
        lambda obj: {"apply": "1", "reason": "Asked by phone"},
        lambda model, pk: OptOut.objects.filter(submitter_id=pk, lifted_at__isnull=True).exists(),
    ),
    "lift_opt_out": (
        lambda obj: OptOut.objects.create(submitter=obj) and {"apply": "1"},
        lambda model, pk: not OptOut.objects.filter(submitter_id=pk, lifted_at__isnull=True).exists(),
    ),
    "requeue": (
        lambda obj: Email.objects.filter(pk=obj.pk).update(status=MAIL_STATUS.failed) and {},
        lambda model, pk: Email.objects.filter(pk=pk, status=MAIL_STATUS.queued).exists(),
    ),
    "cleanup_expired_attempts": (
        _past(AccessAttempt, "attempt_time", timezone.now() - datetime.timedelta(days=1)),
        lambda model, pk: not AccessAttempt.objects.filter(pk=pk),
    ),
    "mark_done": (lambda obj: {}, lambda model, pk: ActionPoint.objects.get(pk=pk).done),
    "mark_held": (
        _past(Meeting, "starts_at", timezone.now() - datetime.timedelta(hours=3)),
        _status_is(Meeting.Status.HELD),
    ),
    "move_to_draft": (_recommendation_at(RecStatus.IDEA), _status_is(RecStatus.DRAFT)),
    "move_to_under_discussion": (_recommendation_at(RecStatus.DRAFT), _status_is(RecStatus.UNDER_DISCUSSION)),
    "move_to_agreed": (_recommendation_at(RecStatus.UNDER_DISCUSSION), _status_is(RecStatus.AGREED)),
    "move_to_in_report": (_recommendation_at(RecStatus.AGREED), _status_is(RecStatus.IN_REPORT)),
    "move_to_published": (_recommendation_at(RecStatus.IN_REPORT), _status_is(RecStatus.PUBLISHED)),
    "deactivate_selected": (lambda obj: {}, lambda model, pk: not Person.objects.get(pk=pk).is_active),
    "reactivate_selected": (
        _past(Person, "is_active", False),
        lambda model, pk: Person.objects.get(pk=pk).is_active,
    ),
    "resend_invitation": (
        _past(Person, "password", "!invited-not-accepted"),
        lambda model, pk: Person.objects.get(pk=pk).password != "!invited-not-accepted",
    ),
}


def test_every_admin_action_has_a_case():
    assert {name for _, name, _ in ACTIONS} <= set(ACTION_CASES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "action_name", "needs"),
    ACTIONS,
    ids=[f"{model._meta.label_lower}:{name}" for model, name, _ in ACTIONS],
)
@pytest.mark.parametrize("role", ROLES)
def test_role_admin_action(role, model, action_name, needs):
    """The action is offered exactly to the roles holding the permissions it declares; posting it
    (confirmation included) does what it says for them, and nothing to the object for anyone else."""
    granted = expected(role, model._meta.label_lower)
    standard, custom = set(needs) & ALL, set(needs) - ALL
    allowed = (
        bool(granted & {"view", "change"})
        and standard <= granted
        and all(role in CUSTOM_ACTION_PERMISSIONS[name] for name in custom)
    )
    client = client_for(role)  # before preparing: logging in makes django-axes clean expired attempts
    obj = instance_of(model)
    prepare, happened = ACTION_CASES[action_name]
    extra = prepare(obj)
    page = client.get(url(model, "changelist"))
    offered = page.status_code == 200 and f'value="{action_name}"' in page.content.decode()
    assert offered == allowed
    before = row(model, obj.pk)
    client.post(url(model, "changelist"), {"action": action_name, "_selected_action": [obj.pk]} | extra)
    if allowed:
        assert happened(model, obj.pk), f"{action_name} as {role} did nothing"
    else:
        assert not happened(model, obj.pk)
        assert row(model, obj.pk) == before
