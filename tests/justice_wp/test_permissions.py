"""The permission matrix of README "Roles and permissions", enforced over HTTP on the admin: every
registered model × role × view/add/change/delete, and every admin action.

EXPECTED is written from the README table, not from justice_wp/roles.py, so a change to either that
is not made to both fails here. Models added later fall back to their app's row of the table."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from evidence.models import AccessLogEntry, ErasureRecord, Sector
from tests.factories import (
    ActionPointFactory,
    ChapterFactory,
    EvidenceItemFactory,
    EvidenceLinkFactory,
    ExcerptFactory,
    ImplementationStatusFactory,
    ImportBatchFactory,
    MeetingFactory,
    OrganisationFactory,
    OutreachEntryFactory,
    RecommendationFactory,
    SubmitterFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    ThemeFactory,
    UserFactory,
)

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
}
# Append-only records: the admin refuses add/change/delete to everyone.
# Admin actions guarded by a permission of their own (has_<name>_permission): who holds it.
CUSTOM_ACTION_PERMISSIONS = {
    "tag": {"Member", "Chair"},  # recommendations.add_evidencelink: tag evidence to recommendations
    "approve": {"Chair"},  # recommendations.approve_recommendation: agree and publish
}
READ_ONLY = {
    "evidence.accesslogentry",
    "evidence.erasurerecord",
    "evidence.importbatch",  # written by imports, changed only by undo
    "axes.accesslog",
    "axes.accessfailurelog",
}


def expected(role: str, label: str) -> frozenset:
    app, model = label.split(".")
    if role == "anonymous" or app == "auth":
        granted = NONE  # user accounts are managed by superusers only
    elif app == "axes":
        granted = (VIEW | ({"delete"} if model == "accessattempt" else set())) if role == "Chair" else NONE
    elif label == "evidence.accesslogentry":
        granted = VIEW if role == "Chair" else NONE
    elif role == "Chair":
        granted = ALL
    elif role == "Secretariat":
        if app in {"evidence", "meetings"}:
            granted = ALL
        else:
            granted = ALL if model in {"outreachentry", "implementationstatus"} else VIEW
    elif label in MEMBER:
        granted = MEMBER[label]
    else:
        granted = VIEW if app in {"meetings", "recommendations"} else NONE
    if label in READ_ONLY:
        granted &= VIEW
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
    "meetings.meeting": MeetingFactory,
    "meetings.actionpoint": ActionPointFactory,
    "recommendations.implementationstatus": ImplementationStatusFactory,
    "recommendations.outreachentry": OutreachEntryFactory,
    "recommendations.chapter": ChapterFactory,
    "recommendations.recommendation": RecommendationFactory,
    "recommendations.evidencelink": EvidenceLinkFactory,
    "auth.user": UserFactory,
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
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)
ACTIONS = [
    (model, name, getattr(func, "allowed_permissions", ()))
    for model in MODELS
    for func, name, _ in admin.site._registry[model]._get_base_actions()
]


def client_for(role: str) -> Client:
    client = Client()
    if role != "anonymous":
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


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["view", "add", "change", "delete"])
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize("role", ROLES)
def test_role_model_action(role, model, action):
    granted = expected(role, model._meta.label_lower)
    client = client_for(role)
    if action == "view":
        response = client.get(url(model, "changelist"))
        if granted & {"view", "change"}:
            assert response.status_code == 200
        else:
            assert_denied(role, response)
    elif action == "add":
        response = client.get(url(model, "add"))
        assert response.status_code == 200 if "add" in granted else assert_denied(role, response) is None
    elif action == "change":
        obj = instance_of(model)
        response = client.get(url(model, "change", obj.pk))
        if "change" in granted:
            assert response.status_code == 200 and 'name="_save"' in response.content.decode()
        elif "view" in granted:
            assert response.status_code == 200 and 'name="_save"' not in response.content.decode()
            assert_denied("Member", client.post(url(model, "change", obj.pk), {}))
        else:
            assert_denied(role, response)
    else:
        obj = instance_of(model)
        response = client.get(url(model, "delete", obj.pk))
        if "delete" in granted:
            assert response.status_code == 200
        else:
            assert_denied(role, response)
            assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "action_name", "needs"),
    ACTIONS,
    ids=[f"{model._meta.label_lower}:{name}" for model, name, _ in ACTIONS],
)
@pytest.mark.parametrize("role", ROLES)
def test_role_admin_action(role, model, action_name, needs):
    """The action is offered exactly to the roles holding the permissions it declares; posting it
    anyway as another role does nothing to the object."""
    granted = expected(role, model._meta.label_lower)
    standard, custom = set(needs) & ALL, set(needs) - ALL
    allowed = (
        bool(granted & {"view", "change"})
        and standard <= granted
        and all(role in CUSTOM_ACTION_PERMISSIONS[name] for name in custom)
    )
    obj = instance_of(model)
    client = client_for(role)
    page = client.get(url(model, "changelist"))
    offered = page.status_code == 200 and f'value="{action_name}"' in page.content.decode()
    assert offered == allowed
    if not allowed:
        before = model.objects.filter(pk=obj.pk).values().first()
        client.post(
            url(model, "changelist"), {"action": action_name, "_selected_action": [obj.pk], "post": "yes"}
        )
        assert model.objects.filter(pk=obj.pk).values().first() == before
