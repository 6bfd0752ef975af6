"""The role → permission matrix (README "Roles and permissions" is the readable version).

Patterns are `app_label.codename` globs over the model permissions Django creates; a pattern starting
with `!` removes what it matches from the role. `evidence.view_submitter` is the key to personal data:
whoever holds it sees submitters' identity and confidential evidence (evidence.privacy)."""

from fnmatch import fnmatch

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "Secretariat": [
        "evidence.*",
        # The access log records what the secretariat looked at; only the chair reads it.
        "!evidence.*_accesslogentry",
        "meetings.*",
        "recommendations.view_*",
        "recommendations.*_outreachentry",
        "recommendations.*_implementationstatus",
        # Dual coding: assigns items to two members and resolves their conflicts; codes none itself.
        "coding.*",
        "!coding.code_*",
        # Emails to submitters: templates, the outbox (requeue), the log, opt-outs. Members get none
        # of it (correspondence is personal data).
        "correspondence.*",
        "post_office.*",
        # Decisions and redactions; publishing more than a submitter asked for is the chair's.
        "publication.*",
        "!publication.override_publicationdecision",
    ],
    "Member": [
        "evidence.view_evidenceitem",
        "evidence.view_excerpt",
        "evidence.add_excerpt",
        "evidence.change_excerpt",
        "evidence.view_theme",
        "evidence.view_organisation",
        "evidence.view_sector",
        "evidence.view_survey",
        "evidence.view_surveyquestion",
        "evidence.view_surveyanswer",
        "meetings.view_*",
        "recommendations.view_*",
        "recommendations.add_recommendation",
        "recommendations.change_recommendation",
        "recommendations.*_evidencelink",
        # Dual coding: codes the items assigned to them (the admin lists only their own assignments).
        "coding.view_dualcodingassignment",
        "coding.code_dualcodingassignment",
        # Whether and how items are published; not the redactions (they quote the private text).
        "publication.view_publicationdecision",
        "publication.view_redactionreason",
    ],
    "Chair": [
        "evidence.*",
        "meetings.*",
        "recommendations.*",
        "coding.*",
        # People: invite, edit, re-invite, deactivate (never delete); no superuser needed (people/).
        "people.view_person",
        "people.add_person",
        "people.change_person",
        "correspondence.*",
        "post_office.*",
        "publication.*",
        # Unlocking a colleague locked out by django-axes = deleting their access attempts.
        "axes.view_*",
        "axes.delete_accessattempt",
    ],
}


def _matches(perm, patterns: list[str]) -> bool:
    return any(fnmatch(f"{perm.content_type.app_label}.{perm.codename}", pattern) for pattern in patterns)


def sync_roles(groups, permissions) -> None:
    """Make each role group hold exactly the permissions its patterns match.

    Takes managers (live or from a migration's historical models)."""
    permissions = list(permissions.select_related("content_type"))
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _ = groups.get_or_create(name=role)
        include = [pattern for pattern in patterns if not pattern.startswith("!")]
        exclude = [pattern[1:] for pattern in patterns if pattern.startswith("!")]
        wanted = [perm for perm in permissions if _matches(perm, include) and not _matches(perm, exclude)]
        group.permissions.set(wanted)
