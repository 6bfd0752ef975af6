"""The implementation progress summary: one page, written to be read outside the working party."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from recommendations.implementation.selectors import implementation_counts, progress_by_recommendation


@login_required
def progress(request):
    recommendations = progress_by_recommendation()
    return render(
        request,
        "recommendations/progress.html",
        {
            "recommendations": recommendations,
            "counts": implementation_counts(),
            "today": timezone.localdate(),
        },
    )
