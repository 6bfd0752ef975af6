"""django-axes' lockout admin, with its "Clean up expired attempts" action made to work."""

from axes.admin import AccessAttemptAdmin  # registers axes' admin first, whatever the app order
from axes.models import AccessAttempt
from django.contrib import admin


class LockoutAdmin(AccessAttemptAdmin):
    @admin.action(description="Clean up expired attempts")
    def cleanup_expired_attempts(self, request, queryset):
        # axes dates the cool-off from the login attempt it is handling; an admin request is not
        # one, so without a time of its own the action fails with AttributeError (a 500).
        request.axes_attempt_time = None
        return super().cleanup_expired_attempts(request, queryset)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LockoutAdmin)
