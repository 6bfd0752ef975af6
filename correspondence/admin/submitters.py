"""Correspondence on the submitter admin: the log on each submitter's page and the list actions
(email a letter, record or lift an opt-out). Extends whichever submitter admin is registered."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from correspondence import services
from correspondence.models import Correspondence, Kind, OptOut
from evidence.models import Submitter

RegisteredSubmitterAdmin = type(admin.site.get_model_admin(Submitter))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="How and when they asked (kept with the opt-out; erased with their personal data).",
    )


def _email_action(kind: Kind):
    def action(modeladmin, request, queryset):
        return modeladmin.email_selected(request, queryset, kind)

    action.__name__ = f"email_{kind.value}"
    return admin.action(
        description=f"Email: {kind.label.lower()} (asks to confirm)", permissions=["correspond"]
    )(action)


class CorrespondenceSubmitterAdmin(RegisteredSubmitterAdmin):
    actions = [
        *RegisteredSubmitterAdmin.actions,
        *[_email_action(kind) for kind in Kind],
        "record_opt_out",
        "lift_opt_out",
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not request.user.has_perm("correspondence.view_correspondence"):
            return fieldsets
        return [*fieldsets, ("Correspondence", {"fields": ["email_opt_out", "correspondence_log"]})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "email_opt_out", "correspondence_log"]

    @admin.display(description="Email opt-out")
    def email_opt_out(self, submitter):
        opt_out = (
            OptOut.objects.filter(submitter=submitter, lifted_at__isnull=True)
            .select_related("recorded_by")
            .first()
        )
        if opt_out is None:
            return "None: the submitter may be emailed."
        by = f" by {opt_out.recorded_by}" if opt_out.recorded_by else ""
        reason = f": {opt_out.reason}" if opt_out.reason else ""
        return f"Opted out on {opt_out.recorded_at:%-d %b %Y}{by}{reason}. Nobody is emailed while it stands."

    @admin.display(description="Emails")
    def correspondence_log(self, submitter):
        rows = Correspondence.objects.filter(submitter=submitter).select_related("email", "queued_by", "item")
        return render_to_string("admin/correspondence/log_table.html", {"rows": rows})

    # --- actions ------------------------------------------------------------------------------
    def has_correspond_permission(self, request):
        return request.user.has_perm("correspondence.add_correspondence")

    def has_opt_out_permission(self, request):
        return request.user.has_perm("correspondence.add_optout") and request.user.has_perm(
            "correspondence.change_optout"
        )

    def _confirm(self, request, queryset, *, action: str, title: str, button: str, **extra):
        return TemplateResponse(
            request,
            "admin/correspondence/confirm_action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "submitters": queryset,
                "opts": self.model._meta,
                "action": action,
                "button": button,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                **extra,
            },
        )

    def email_selected(self, request, queryset, kind: Kind):
        queryset = queryset.select_related("organisation")
        if "apply" not in request.POST:
            skipped = {}
            for submitter in queryset:
                reason = services.refusal(submitter)
                if reason:
                    skipped.setdefault(reason, []).append(submitter)
            return self._confirm(
                request,
                queryset,
                action=f"email_{kind.value}",
                title=f"Email: {kind.label.lower()}",
                button=f"Queue {queryset.count() - sum(map(len, skipped.values()))} email(s)",
                kind=kind,
                skipped=skipped,
            )
        try:
            outcome = services.correspondence_queue_many(
                pairs=[(submitter, None) for submitter in queryset], kind=kind, by=request.user
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        level = messages.SUCCESS if outcome.queued else messages.WARNING
        self.message_user(
            request, outcome.message(kind.label.lower()) + " They go out at the next send run.", level
        )
        return None

    @admin.action(description="Record that they opted out of email (asks why)", permissions=["opt_out"])
    def record_opt_out(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._confirm(
                request,
                queryset,
                action="record_opt_out",
                title="Record an email opt-out",
                button="Record opt-out",
                form=form,
            )
        done, already = 0, 0
        for submitter in queryset:
            try:
                services.optout_record(
                    submitter=submitter, by=request.user, reason=form.cleaned_data["reason"]
                )
                done += 1
            except ValidationError:
                already += 1
        note = f"; {already} had already opted out" if already else ""
        self.message_user(
            request, f"{done} opt-out(s) recorded, unsent emails to them cancelled{note}.", messages.SUCCESS
        )
        return None

    @admin.action(description="Lift their email opt-out (asks why)", permissions=["opt_out"])
    def lift_opt_out(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._confirm(
                request,
                queryset,
                action="lift_opt_out",
                title="Lift an email opt-out",
                button="Lift opt-out",
                form=form,
            )
        done, none = 0, 0
        for submitter in queryset:
            try:
                services.optout_lift(submitter=submitter, by=request.user, reason=form.cleaned_data["reason"])
                done += 1
            except ValidationError:
                none += 1
        note = f"; {none} had not opted out" if none else ""
        self.message_user(request, f"{done} opt-out(s) lifted{note}.", messages.SUCCESS)
        return None


admin.site.unregister(Submitter)
admin.site.register(Submitter, CorrespondenceSubmitterAdmin)
