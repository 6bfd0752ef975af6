import pytest
from django.contrib.auth.models import Group


def _perms(role: str) -> set[str]:
    return set(
        Group.objects.get(name=role)
        .permissions.filter(content_type__app_label="meetings")
        .values_list("codename", flat=True)
    )


@pytest.mark.django_db
def test_roles_cover_the_meeting_models_added_after_the_roles_migration():
    """The roles migration ran before these models existed; the post-migrate sync must add them."""
    secretariat, member = _perms("Secretariat"), _perms("Member")
    for model in ("agendaitem", "attendance", "actionpoint", "decision"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= secretariat
        assert f"view_{model}" in member
        assert f"change_{model}" not in member
