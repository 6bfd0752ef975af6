import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from justice_wp.roles import ROLE_PERMISSIONS


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


@pytest.mark.django_db
def test_groups_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_PERMISSIONS)
    member = codenames("Member")
    assert "evidence.view_evidenceitem" in member
    assert "evidence.delete_evidenceitem" not in member
    assert "evidence.view_submitter" not in member
    assert "recommendations.add_evidencelink" in member
    secretariat = codenames("Secretariat")
    assert {"evidence.add_evidenceitem", "evidence.change_submitter", "meetings.add_meeting"} <= secretariat
    assert "recommendations.change_recommendation" not in secretariat
    assert "recommendations.delete_recommendation" in codenames("Chair")


@pytest.mark.django_db(transaction=True)
def test_roles_migration_runs_backwards_and_forwards():
    call_command("migrate", "justice_wp", "zero", verbosity=0)
    assert not Group.objects.filter(name__in=ROLE_PERMISSIONS).exists()
    call_command("migrate", "justice_wp", verbosity=0)
    assert "evidence.add_evidenceitem" in codenames("Secretariat")
