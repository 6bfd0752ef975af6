"""Accepting an invitation: /accounts/invitation/<uidb64>/<token>/ shows the set-password form while
the link is valid (unused, not expired, account active) and logs nothing in: the person then signs in
on the admin login page with their new password."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from people import services
from people.forms import InvitationAcceptForm
from people.models import Person
from people.tokens import invitation_token


def _person(uidb64: str) -> Person | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return Person.objects.filter(pk=pk, is_active=True, is_superuser=False).first()


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def invitation_accept(request, uidb64: str, token: str):
    person = _person(uidb64)
    context = {**admin.site.each_context(request), "title": "Choose your password"}
    if person is None or not invitation_token.check_token(person, token):
        response = TemplateResponse(request, "people/invitation_invalid.html", context, status=404)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    form = InvitationAcceptForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_accept(person=person, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password is set. Sign in with your username and new password.")
        return redirect("admin:login")
    response = TemplateResponse(
        request, "people/invitation_accept.html", {**context, "form": form, "person": person}
    )
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in this page's address
    return response
