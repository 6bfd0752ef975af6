"""The dashboard at `/`: where the work stands, every figure a link to the admin list behind it."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from evidence.flow import flow_diagram
from evidence.models import EvidenceItem
from justice_wp.statistics import dashboard_statistics
from meetings import selectors as meeting_selectors
from recommendations.implementation.selectors import (
    implementation_counts,
    overdue_follow_ups,
    overdue_responses,
)
from recommendations.models import ImplementationStatus, OutreachEntry, Recommendation

LIST_LIMIT = 10


@dataclass
class Figure:
    label: str
    count: int
    url: str


def changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _evidence(stats) -> dict:
    item = EvidenceItem
    return {
        "total": Figure("Evidence items", stats.total, changelist(item)),
        "late": Figure("Received after the deadline", stats.late, changelist(item, late="yes")),
        "by_status": [
            Figure(t.label, t.count, changelist(item, status__exact=t.key)) for t in stats.by_status
        ],
        "by_kind": [Figure(t.label, t.count, changelist(item, kind__exact=t.key)) for t in stats.by_kind],
        "by_survey": [
            Figure(t.label, t.count, changelist(item, survey__id__exact=t.key)) for t in stats.by_survey
        ],
        "by_theme": [
            Figure(t.label, t.count, changelist(item, themes__id__exact=t.key))
            for t in stats.by_theme[:LIST_LIMIT]
        ],
    }


def _flow_link(status: str = "", exclusion_reason: int | None = None) -> str:
    if exclusion_reason is not None:
        return changelist(EvidenceItem, exclusion_reason__id__exact=exclusion_reason)
    return changelist(EvidenceItem, status__exact=status) if status else changelist(EvidenceItem)


def _recommendations() -> list[Figure]:
    Status = Recommendation.Status
    counts = Recommendation.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )
    return [
        Figure(status.label, counts[status.value], changelist(Recommendation, status__exact=status))
        for status in Status
    ]


def _deadline() -> dict:
    days = (settings.EVIDENCE_DEADLINE - timezone.localdate()).days
    if days > 0:
        text = f"{days} day{'s' if days != 1 else ''} until the evidence deadline"
    elif days == 0:
        text = "The evidence deadline is today"
    else:
        text = f"{-days} day{'s' if days != -1 else ''} since the evidence deadline"
    return {"date": settings.EVIDENCE_DEADLINE, "days": days, "text": text}


def _implementation() -> dict:
    counts = implementation_counts()
    State = ImplementationStatus.State
    return {
        "average": counts["average"],
        "total": Figure("Stakeholder statuses", counts["total"], changelist(ImplementationStatus)),
        "by_state": [
            Figure(label, count, changelist(ImplementationStatus, status__exact=State(state)))
            for state, label, count in counts["by_state"]
        ],
    }


def _overdue_actions() -> dict:
    actions = meeting_selectors.overdue_action_points()
    rows = list(actions)
    return {
        "count": len(rows),
        "url": changelist(actions.model, done__exact=0, due__lt=timezone.localdate().isoformat()),
        "rows": [
            {"label": str(action), "due": getattr(action, "due", None), "url": change_url(action)}
            for action in rows[:LIST_LIMIT]
        ],
    }


def _overdue_responses() -> dict:
    today = timezone.localdate()
    rows = list(overdue_responses(today=today))
    return {
        "count": len(rows),
        "url": changelist(ImplementationStatus, response="overdue"),
        "rows": [
            {"status": row, "days": (today - row.response_due).days, "url": change_url(row)}
            for row in rows[:LIST_LIMIT]
        ],
    }


def _charts(evidence: dict, recommendations: list[Figure], implementation: dict) -> dict:
    def chart(figures):
        return {"labels": [f.label for f in figures], "values": [f.count for f in figures],
                "links": [f.url for f in figures]}  # fmt: skip

    return {
        "evidence-status": chart(evidence["by_status"]),
        "evidence-kind": chart(evidence["by_kind"]),
        "evidence-theme": chart(evidence["by_theme"]),
        "recommendation-status": chart(recommendations),
        "implementation-state": chart(implementation["by_state"]),
    }


@login_required
def dashboard(request):
    """Constant queries: session, user, unless kept for a few seconds (justice_wp.statistics) evidence
    statistics (3), exclusion reasons (flow) and thin evidence, then recommendations by status,
    upcoming meetings, overdue actions, implementation counts, overdue stakeholder responses, and by
    role: overdue follow-ups (who can edit outreach), own recommendations (who leads any)."""
    user = request.user
    statistics = dashboard_statistics()
    evidence = _evidence(statistics.evidence)
    recommendations = _recommendations()
    implementation = _implementation()
    thin = statistics.thin
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "deadline": _deadline(),
        "evidence": evidence,
        "flow": flow_diagram(statistics.flow, link=_flow_link),
        "figures_taken_at": statistics.taken_at,
        "recommendations": recommendations,
        "awaiting_approval": next(f for f in recommendations if f.label == "Under discussion"),
        "can_change_recommendations": user.has_perm("recommendations.change_recommendation"),
        "thin": {
            "count": len(thin),
            "url": changelist(Recommendation, id__in=",".join(str(r.pk) for r in thin)),
            "rows": [(r, change_url(r)) for r in thin[:LIST_LIMIT]],
        },
        "meetings": [(m, change_url(m)) for m in meeting_selectors.upcoming_meetings()[:5]],
        "meetings_url": changelist(meeting_selectors.upcoming_meetings().model),
        "actions": _overdue_actions(),
        "implementation": implementation,
        "responses": _overdue_responses(),
        "charts": _charts(evidence, recommendations, implementation),
    }
    if user.has_perm("recommendations.change_outreachentry"):
        follow_ups = list(overdue_follow_ups())
        context["follow_ups"] = {
            "count": len(follow_ups),
            "url": changelist(OutreachEntry, follow_up="overdue"),
            "rows": [(entry, change_url(entry)) for entry in follow_ups[:LIST_LIMIT]],
        }
    mine = list(
        Recommendation.objects.filter(lead_member=user)
        .exclude(status=Recommendation.Status.WITHDRAWN)
        .select_related("chapter")
    )
    context["mine"] = {
        "count": len(mine),
        "url": changelist(Recommendation, lead_member__id__exact=user.pk),
        "rows": [(r, change_url(r)) for r in mine[:LIST_LIMIT]],
    }
    return TemplateResponse(request, "dashboard.html", context)
