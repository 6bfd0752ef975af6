"""The role → permission matrix (README "Roles and permissions" is the readable version).

Patterns are `app_label.codename` globs over the model permissions Django creates."""

from fnmatch import fnmatch

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "Secretariat": [
        "evidence.*",
        "meetings.*",
        "recommendations.view_*",
        "recommendations.*_outreachentry",
        "recommendations.*_implementationstatus",
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
    ],
    "Chair": [
        "evidence.*",
        "meetings.*",
        "recommendations.*",
    ],
}


def sync_roles(groups, permissions) -> None:
    """Make each role group hold exactly the permissions its patterns match.

    Takes managers (live or from a migration's historical models)."""
    permissions = list(permissions.select_related("content_type"))
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _ = groups.get_or_create(name=role)
        wanted = [
            perm
            for perm in permissions
            if any(fnmatch(f"{perm.content_type.app_label}.{perm.codename}", pattern) for pattern in patterns)
        ]
        group.permissions.set(wanted)
