"""The one-time invitation link: Django's password-reset token machinery with its own salt and
lifetime (INVITATION_TIMEOUT_DAYS). The token hashes the password and last login, so it dies once
the password is set, and when an invitation is sent again (a fresh unusable password); and the active
flag, so it dies on deactivation."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "people.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user, token):
        """PasswordResetTokenGenerator.check_token with the invitation's lifetime, not
        PASSWORD_RESET_TIMEOUT."""
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return self._num_seconds(self._now()) - ts <= settings.INVITATION_TIMEOUT_DAYS * 24 * 3600


invitation_token = InvitationTokenGenerator()
