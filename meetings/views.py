"""Calendar downloads. A meeting file needs a logged-in user; the whole-calendar feed also accepts
the user's secret feed token, because calendar apps subscribing to it cannot log in."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from meetings import selectors
from meetings.calendar import calendar_bytes, user_from_feed_token

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Contains join links: keep it out of shared caches.
    response["Cache-Control"] = "private, no-cache"
    return response


def _require_viewer(request, user):
    if user is None or not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user.has_perm("meetings.view_meeting"):
        raise PermissionDenied
    return None


def meeting_ics(request, pk: int):
    refusal = _require_viewer(request, request.user)
    if refusal:
        return refusal
    meeting = get_object_or_404(selectors.meetings_for_calendar(), pk=pk)
    day = timezone.localtime(meeting.starts_at).date()
    return _ics_response(calendar_bytes([meeting]), f"{slugify(meeting.title)}-{day:%Y-%m-%d}.ics")


def calendar_ics(request):
    token = request.GET.get("token")
    user = user_from_feed_token(token) if token else request.user
    if token and user is None:
        return HttpResponseForbidden(
            "This calendar link is no longer valid (revoked by a password change, or the account is "
            "inactive). Copy a new link from Admin › Meetings."
        )
    refusal = _require_viewer(request, user)
    if refusal:
        return refusal
    body = calendar_bytes(selectors.meetings_for_calendar(), name="Working party meetings")
    return _ics_response(body, "working-party-meetings.ics")
