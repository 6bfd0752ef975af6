from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from recommendations import selectors
from recommendations.export import csv_text
from recommendations.models import EvidenceLink

Stance = EvidenceLink.Stance
DIMENSION_LABELS = {"theme": "Theme", "kind": "Evidence kind"}
FILTER_PARAMS = {"theme": "evidence__themes__id__exact", "kind": "evidence__kind__exact"}


def _links_url(base: str, recommendation_id: int, stance: str, by: str | None = None, key: str | None = None):
    """The admin list of evidence links (at `base`, reversed once: a matrix has thousands of cells)
    behind one count of the matrix."""
    params = {"recommendation__id__exact": recommendation_id, "stance__exact": stance}
    if by:
        params[FILTER_PARAMS[by]] = key
    return f"{base}?{urlencode(params)}"


def _cell(base: str, recommendation_id: int, by: str, key: str, supporting: int, contradicting: int) -> dict:
    """A matrix cell; an empty one shows a dot and links nowhere, so it needs no URLs."""
    cell = {"supporting": supporting, "contradicting": contradicting}
    if supporting or contradicting:
        cell["supporting_url"] = _links_url(base, recommendation_id, Stance.SUPPORTS, by, key)
        cell["contradicting_url"] = _links_url(base, recommendation_id, Stance.CONTRADICTS, by, key)
    return cell


def _dimension(request) -> str:
    by = request.GET.get("by", "theme")
    if by not in selectors.MATRIX_DIMENSIONS:
        raise Http404(f"Unknown matrix dimension: use one of {', '.join(selectors.MATRIX_DIMENSIONS)}.")
    return by


@login_required
@permission_required("recommendations.view_recommendation", raise_exception=True)
def matrix(request):
    """Recommendations × themes or evidence kinds, with the thin-evidence list.

    Shows recommendations, themes and counts only: no submitter appears on this page."""
    by = _dimension(request)
    recommendations = list(selectors.recommendations_with_stance_counts())
    data = selectors.traceability_matrix(recommendations=recommendations, by=by)
    base = reverse("admin:recommendations_evidencelink_changelist")
    rows = [
        {
            "recommendation": row.recommendation,
            "supporting_url": _links_url(base, row.recommendation.pk, Stance.SUPPORTS),
            "contradicting_url": _links_url(base, row.recommendation.pk, Stance.CONTRADICTS),
            "cells": [
                _cell(base, row.recommendation.pk, by, key, supporting, contradicting)
                for (key, _), (supporting, contradicting) in zip(data.columns, row.cells, strict=True)
            ],
        }
        for row in data.rows
    ]
    return render(
        request,
        "recommendations/matrix.html",
        {
            **admin.site.each_context(request),
            "title": "Traceability matrix",
            "by": by,
            "dimension_label": DIMENSION_LABELS[by],
            "dimensions": DIMENSION_LABELS,
            "columns": data.columns,
            "rows": rows,
            "thin": list(selectors.thin_evidence()),
            "threshold": settings.THIN_EVIDENCE_THRESHOLD,
        },
    )


@login_required
@permission_required("recommendations.view_recommendation", raise_exception=True)
def matrix_csv(request):
    by = _dimension(request)
    recommendations = list(selectors.recommendations_with_stance_counts())
    data = selectors.traceability_matrix(recommendations=recommendations, by=by)
    header = ["Number", "Title", "Chapter", "Status", "Supporting", "Contradicting", "Context"]
    for _, label in data.columns:
        header += [f"{label}: supporting", f"{label}: contradicting"]
    body = []
    for row in data.rows:
        rec = row.recommendation
        line = [rec.number, rec.title, rec.chapter.title, rec.get_status_display()]
        line += [rec.supporting, rec.contradicting, rec.context]
        for supporting, contradicting in row.cells:
            line += [supporting, contradicting]
        body.append(line)
    response = HttpResponse(csv_text([header, *body]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="traceability-by-{by}.csv"'
    return response
