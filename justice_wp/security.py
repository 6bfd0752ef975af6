"""Request-level security: headers Django does not send, session time limits, client IP for axes,
and ending a deactivated user's sessions."""

import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

LOGIN_AT = "security_login_at"
SEEN_AT = "security_seen_at"


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy (Django 5.2 sends neither)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_ABSOLUTE_TIMEOUT
    seconds after login. Activity is recorded at most every SESSION_ACTIVITY_RESOLUTION seconds so
    that most requests do not write the session row."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
            if login_at is None or seen_at is None:
                # A session created before these limits existed: start its clocks now.
                session[LOGIN_AT], session[SEEN_AT] = now, now
            elif (
                now - seen_at > settings.SESSION_IDLE_TIMEOUT
                or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                logout(request)
            elif now - seen_at >= settings.SESSION_ACTIVITY_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes lockout for every login that comes through a web request. Authentication without
    a request (the test client's `login()`, shell scripts) has no client to lock out, so it is passed
    on to the next backend instead of raising."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_logged_in, dispatch_uid="justice_wp.security.start_session_clocks")
def start_session_clocks(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def client_ip(request) -> str | None:
    """The client address axes keys lockouts on. Only the last TRUSTED_PROXY_COUNT hops of
    X-Forwarded-For are trusted: earlier entries are whatever the client chose to send."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def sessions_end(*, user) -> int:
    """Delete every live session of `user`; returns how many were ended."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@receiver(post_save, dispatch_uid="justice_wp.security.end_inactive_sessions")
def end_sessions_of_deactivated_user(sender, instance, created, **kwargs):
    # Any sender: a proxy of the user model (people.Person) sends post_save as itself, not as User.
    if isinstance(instance, get_user_model()) and not created and not instance.is_active:
        sessions_end(user=instance)
