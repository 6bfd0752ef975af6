import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_sync_roles_migration_grants_approval_to_the_chair_and_reverses():
    call_command("migrate", "recommendations", "0002", verbosity=0)
    approve = Permission.objects.get(codename="approve_recommendation")
    Group.objects.get_or_create(name="Chair")[0].permissions.remove(approve)
    call_command("migrate", "recommendations", verbosity=0)
    assert Group.objects.get(name="Chair").permissions.filter(pk=approve.pk).exists()
    assert not Group.objects.get(name="Member").permissions.filter(pk=approve.pk).exists()
    assert (
        Group.objects.get(name="Chair").permissions.filter(codename="view_recommendationtransition").exists()
    )
