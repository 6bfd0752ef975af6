"""django-post-office's admins, registered again on the project's bases (evidence/admin/policy.py).

The outbox (emails, their send log, attachments) is a record: read-only for everyone; failed emails
are put back in the queue with the *Requeue* action, through correspondence.services (which leaves
out emails to submitters erased or opted out since). Templates are edited with history."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from post_office import admin as post_office_admin
from post_office.models import Attachment, Email, EmailTemplate, Log

from correspondence import services
from correspondence.models import Kind
from editing.admin import AuditedAdminMixin
from editing.services import audited_delete
from evidence.admin.history import PrivateHistoryAdmin
from evidence.admin.policy import PolicyAdminMixin, ReadOnlyAdminMixin
from evidence.admin.privacy import SubmitterAccessLogMixin

for model in (Email, Log, EmailTemplate, Attachment):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class LogInline(admin.TabularInline):
    model = Log
    fields = readonly_fields = ["date", "status", "exception_type", "message"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Email)
class EmailAdmin(SubmitterAccessLogMixin, ReadOnlyAdminMixin, PolicyAdminMixin, post_office_admin.EmailAdmin):
    list_display = ["id", "to_display", "shortened_subject", "status", "last_updated", "template_name"]
    list_filter = ["status", "template__name"]
    list_select_related = ["template", "correspondence__submitter"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created"
    inlines = [LogInline]
    actions = ["requeue"]
    show_full_result_count = False

    def submitter_of(self, email):
        letter = getattr(email, "correspondence", None)  # mail from send_mail has no submitter
        return letter.submitter if letter is not None else None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("correspondence__submitter")

    @admin.display(description="Template", ordering="template__name")
    def template_name(self, email):
        return email.template.name if email.template_id else "—"

    def has_requeue_permission(self, request):
        return request.user.has_perm("post_office.change_email")

    @admin.action(description="Requeue selected emails (sent at the next run)", permissions=["requeue"])
    def requeue(self, request, queryset):
        outcome = services.emails_requeue(emails=list(queryset), by=request.user)
        self.message_user(request, outcome.message("requeued"), messages.SUCCESS)

    def resend(self, request, pk):
        raise PermissionDenied  # sending happens in send_queued_mail only; use Requeue


@admin.register(Log)
class LogAdmin(ReadOnlyAdminMixin, PolicyAdminMixin, post_office_admin.LogAdmin):
    list_display = ["date", "email", "status", "exception_type"]
    list_filter = ["status"]
    list_select_related = ["email"]
    date_hierarchy = "date"
    show_full_result_count = False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, PolicyAdminMixin, post_office_admin.AttachmentAdmin):
    list_display = ["name", "mimetype"]


SEEDED = set(Kind.values)


@admin.register(EmailTemplate)
class EmailTemplateAdmin(AuditedAdminMixin, PrivateHistoryAdmin, post_office_admin.EmailTemplateAdmin):
    """The letters the secretariat edits. The four the services use keep their names and are never
    deleted; a template emails were sent with is kept too (post_office would delete those emails)."""

    list_display = ["name", "description_shortened", "subject", "last_updated"]
    inlines = ()  # one language: translations are not used
    fieldsets = [
        (None, {"fields": ["name", "description"]}),
        (
            "Content",
            {
                "fields": ["subject", "content", "html_content"],
                "description": "Placeholders: {{ name }}, {{ reference }}, {{ title }}, {{ organisation }}, "
                "{{ report_url }}. The plain-text content is what submitters read; HTML is optional.",
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "name"] if obj is not None and obj.name in SEEDED else readonly

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.name in SEEDED or obj.email_set.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def save_object(self, request, obj, form, change, **m2m):
        services.template_save(template=obj, by=request.user, reason="edited" if change else "created")

    def delete_object(self, request, obj):
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        audited_delete(obj, by=request.user)
