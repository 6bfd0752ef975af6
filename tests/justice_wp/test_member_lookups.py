"""Generated from the admin registry and the models' _meta: every registered changelist and export, as
a member, with every lookup of every field (and relation paths reaching personal data or confidential
text), each sort column and searches for protected values. A future admin is covered automatically.

Each request is made twice: before and after every protected value in the world is changed (names,
emails, the identity link, confidential bodies, file names, answers and quotes). The same request must
answer the same (status and rows in order, or the same export bytes): no result depends on a value the
member may not see.

Over 6,000 lookups are generated. All of them are put to the admin's `lookup_allowed` as the member.
Refused ones are refused before any query (PolicyChangeList.get_filters), so their answer cannot depend
on data; over HTTP the test sends the allowed ones, and the refused ones on protected fields of the
model itself and one relation away (exports: the model itself) — the classic attacks: ?body__regex=,
?submitter=6, ?attachment__startswith=, … — to prove the refusal is what the member gets. Sending all
of them over HTTP would take minutes."""

import hashlib
import re
from urllib.parse import quote, unquote

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from import_export.admin import ExportMixin

from evidence import privacy
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.policy import PolicyAdminMixin, PolicyExportMixin
from evidence.models import EvidenceItem, Submitter, SurveyAnswer
from tests.factories import SubmitterFactory, SurveyQuestionFactory

OUR_APPS = {
    "evidence",
    "recommendations",
    "meetings",
    "justice_wp",
    "workbench",
    "people",
    "correspondence",
    "post_office",
}
TEXT_LOOKUPS = ["", "__exact", "__icontains", "__startswith", "__regex", "__in", "__isnull"]
KEY_LOOKUPS = ["", "__exact", "__in", "__isnull"]
MAX_DEPTH = 3
LOOKUP_NAMES = {"exact", "icontains", "startswith", "regex", "in", "isnull"}
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
CONFIDENTIAL = EvidenceItem.Confidentiality.CONFIDENTIAL


def _ours():
    return [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label in OUR_APPS]


def test_every_admin_asks_the_privacy_policy():
    """Lookups, search and sorting of every admin, history pages of every admin with history and every
    export go through the policy's base classes (evidence/admin/policy.py, history.py)."""
    for model, model_admin in _ours():
        assert isinstance(model_admin, PolicyAdminMixin), model
        if hasattr(model._meta, "simple_history_manager_attribute"):
            assert isinstance(model_admin, PrivateHistoryAdmin), model
        if isinstance(model_admin, ExportMixin):
            assert isinstance(model_admin, PolicyExportMixin), model


def _protected_leaves() -> dict[type, set[str]]:
    """Fields holding values members may not see: every submitter field, the link to a submitter,
    and the policy's confidential text fields."""
    leaves = {Submitter: {f.name for f in Submitter._meta.concrete_fields}}
    for model in {f.model for f in _all_fields() if f.related_model is Submitter and f.concrete}:
        leaves.setdefault(model, set()).update(
            f.name for f in model._meta.concrete_fields if f.related_model is Submitter
        )
    for model, names in privacy.CONFIDENTIAL_TEXT.items():
        leaves.setdefault(model, set()).update(names)
    return leaves


def _all_fields():
    from django.apps import apps

    return [f for model in apps.get_models() for f in model._meta.get_fields()]


def lookup_paths(model) -> list[tuple[str, type, models.Field]]:
    """(path, leaf model, leaf field): every field of `model`, and every relation path (no model
    twice) that ends at a protected field."""
    leaves = _protected_leaves()
    paths = [(f.name, model, f) for f in model._meta.get_fields() if not f.auto_created or f.is_relation]
    frontier = [("", model, {model})]
    for _ in range(MAX_DEPTH):
        grown = []
        for prefix, current, seen in frontier:
            for field in current._meta.get_fields():
                path = f"{prefix}{field.name}"
                if prefix and field.name in leaves.get(current, ()):
                    paths.append((path, current, field))
                target = field.related_model
                if field.is_relation and target is not None and target not in seen:
                    grown.append((f"{path}__", target, seen | {target}))
        frontier = grown
    return paths


def _value_of(obj, field) -> str:
    value = getattr(obj, field.attname) if field.concrete else obj.pk
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(getattr(value, "name", value))


def lookup_queries(model, originals) -> list[str]:
    queries = []
    for path, leaf_model, field in lookup_paths(model):
        obj = originals.get(leaf_model)
        value = _value_of(obj, field) if obj is not None and hasattr(field, "attname") else "1"
        lookups = KEY_LOOKUPS if field.is_relation else TEXT_LOOKUPS
        for lookup in lookups:
            if lookup == "__isnull":
                queries.append(f"{path}{lookup}=False")
            elif lookup in ("__icontains", "__startswith", "__regex"):
                start = 0 if lookup != "__icontains" else min(3, len(value) // 2)
                part = value[start : start + 8]
                queries.append(
                    f"{path}{lookup}={quote('^' + re.escape(part) if lookup == '__regex' else part)}"
                )
            else:
                queries.append(f"{path}{lookup}={quote(value)}")
    return queries


def _refusal_sample(query: str, protected: set[str], hops: int) -> bool:
    """A refused lookup sent over HTTP: a protected field of the model itself or `hops` - 1 relations away."""
    fields = [part for part in query.partition("=")[0].split("__") if part not in LOOKUP_NAMES]
    return len(fields) <= hops and fields[-1] in protected


def requests_for(model, model_admin, originals, request) -> list[tuple[str, str, dict | None]]:
    """(method, url, data) for the changelist and export of one admin: the lookups the member may use,
    a sample of refused ones, each sort column and searches for protected values."""
    info = (model._meta.app_label, model._meta.model_name)
    try:
        changelist = reverse("admin:{}_{}_changelist".format(*info))
    except NoReverseMatch:
        return []
    if not model_admin.has_view_permission(request):
        return [("get", changelist, None)]  # refused whatever the address says
    protected = set().union(*_protected_leaves().values())
    reachable, refused = [], []
    for query in lookup_queries(model, originals):
        key, _, value = query.partition("=")
        if model_admin.lookup_allowed(key, unquote(value), request):
            reachable.append(query)
        elif _refusal_sample(query, protected, hops=2):
            refused.append(query)
    reachable += [f"o={index}" for index in range(len(model_admin.list_display) + 1)]
    reachable += [f"q={quote(_value_of(obj, field)[:12])}" for obj, field in _search_values(originals)]
    requests = [("get", f"{changelist}?{query}", None) for query in reachable + refused]
    if isinstance(model_admin, ExportMixin):
        export = reverse("admin:{}_{}_export".format(*info))
        resource = model_admin.resource_classes[0]
        data = {"format": "0", "resource": "0"}
        data |= {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
        own_fields = [q for q in refused if _refusal_sample(q, protected, hops=1)]
        requests += [("post", f"{export}?{query}", data) for query in reachable + own_fields]
    return requests


def _search_values(originals):
    return [
        (obj, field)
        for model, obj in originals.items()
        for field in model._meta.concrete_fields
        if field.name in _protected_leaves().get(model, ()) and not field.is_relation
    ]


def outcome(response) -> tuple:
    """What the member learnt: the status, and the rows in order (a list) or the bytes (an export)."""
    context = response.context or {}
    if response.status_code == 200 and "cl" in context:
        return 200, [obj.pk for obj in context["cl"].result_list]
    return response.status_code, hashlib.sha256(CSRF.sub(b"", response.content)).hexdigest()


def change_every_protected_value(world) -> None:
    """New values for all a member may not see; what the member may see (protection itself) unchanged."""
    other = SubmitterFactory(name="Other Person", anonymity_requested=True, consent_to_publish=False)
    Submitter.objects.filter(pk=world.submitter.pk).update(
        name="Changed Name", email="changed@elsewhere.example", phone="01632 960000", notes="Changed."
    )
    EvidenceItem.objects.filter(submitter=world.submitter).update(submitter=other)
    for model, names in privacy.CONFIDENTIAL_TEXT.items():
        if model is EvidenceItem:
            rows = model.objects.filter(confidentiality=CONFIDENTIAL)
        else:
            item = next(f for f in model._meta.concrete_fields if f.related_model is EvidenceItem)
            rows = model.objects.filter(**{f"{item.name}__confidentiality": CONFIDENTIAL})
        rows.update(**{name: f"zz-changed-{name}.pdf" for name in names})


@pytest.mark.django_db
def test_no_member_list_or_export_depends_on_a_protected_value(
    member_client, member_user, confidential_world
):
    world = confidential_world
    EvidenceItem.objects.filter(pk=world.confidential_item.pk).update(
        attachment="evidence/2023/11/quillfeather-statement.pdf"
    )
    question = SurveyQuestionFactory()
    answer = SurveyAnswer.objects.create(
        item=world.confidential_item, question=question, answer="Quillfeather said the tribunal lied."
    )
    originals = {
        Submitter: world.submitter,
        EvidenceItem: EvidenceItem.objects.get(pk=world.confidential_item.pk),
        SurveyAnswer: answer,
        type(world.confidential_excerpt): world.confidential_excerpt,
    }
    request = RequestFactory().get("/")
    request.user = member_user
    requests = [
        r
        for model, model_admin in admin.site._registry.items()
        for r in requests_for(model, model_admin, originals, request)
    ]

    def answers():
        return [outcome(getattr(member_client, method)(url, data)) for method, url, data in requests]

    before = answers()
    change_every_protected_value(world)
    after = answers()
    differing = [url for (_, url, _), a, b in zip(requests, before, after, strict=True) if a != b]
    assert differing == [], "\n".join(differing[:20])
    # Not blind: the member's lists answered with rows, and filters were refused, not ignored.
    assert sum(1 for status, rows in before if status == 200 and rows) > 50
    assert sum(1 for status, _ in before if status == 400) > 200
