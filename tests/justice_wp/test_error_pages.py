"""Issue 20: refusals are styled pages with the site header and a way back, and the Chair finds the
sign-in lockouts under "Security"."""

import pytest
from django.template.loader import get_template
from django.urls import reverse

SITE_HEADER = "Outsourcing and Administrative Justice Working Party"


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:evidence_evidenceitem_add"),
        reverse("admin:evidence_evidenceitem_import_survey"),
    ],
)
def test_a_member_opening_an_add_or_import_page_gets_a_styled_refusal(member_client, url):
    response = member_client.get(url, HTTP_REFERER="http://testserver/admin/evidence/evidenceitem/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You cannot do that with your role</h1>" in html
    assert SITE_HEADER in html and "/static/admin/css/base.css" in html
    assert '<a href="/" class="button">Go to the dashboard</a>' in html
    assert 'href="http://testserver/admin/evidence/evidenceitem/" class="button">Go back</a>' in html
    assert "Signed in as" in html


def test_an_unknown_address_is_a_styled_not_found_page(member_client):
    response = member_client.get("/recommendations/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and SITE_HEADER in html and "Go to the dashboard" in html


def test_not_found_for_someone_signed_out_is_styled_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert SITE_HEADER in response.content.decode()


def test_the_server_error_page_renders_without_a_request_or_the_database():
    # No django_db mark: any query here would fail the test.
    html = get_template("500.html").render()
    assert SITE_HEADER in html and "Something went wrong" in html and 'href="/"' in html
    assert "{%" not in html and "javascript:" not in html  # no inline script: the CSP would block it


@pytest.mark.django_db
def test_the_500_handler_uses_the_styled_page(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and SITE_HEADER in response.content.decode()


def test_the_chair_sees_the_lockouts_under_security(chair_client):
    html = chair_client.get(reverse("admin:index")).content.decode()
    assert "Security (sign-in lockouts)" in html
    assert ">Axes<" not in html and "AXES" not in html


@pytest.mark.parametrize("role_client", ["member_client", "secretariat_client"])
def test_nobody_else_sees_the_security_section(request, role_client):
    html = request.getfixturevalue(role_client).get(reverse("admin:index")).content.decode()
    assert "Security (sign-in lockouts)" not in html


def test_the_security_config_does_not_replace_the_project_apps_own():
    """Two AppConfig classes in justice_wp/apps.py: "justice_wp" must still load JusticeWpConfig (its
    ready() syncs the role groups and connects the session signals)."""
    from django.apps import apps

    from justice_wp.apps import JusticeWpConfig

    assert type(apps.get_app_config("justice_wp")) is JusticeWpConfig
    assert apps.get_app_config("axes").verbose_name == "Security (sign-in lockouts)"
