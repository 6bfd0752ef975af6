"""Dual coding in the admin: the assignments (with the conflict queue and agreement pages), the
"Assign for dual coding…" action on the evidence list, and a coder's view of assigned items."""

from coding.admin import assignments, items  # noqa: F401  (registers the admins)
