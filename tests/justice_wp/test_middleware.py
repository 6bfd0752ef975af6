import json
import logging

import pytest


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="justice_wp.requests")
    logger = logging.getLogger("justice_wp.requests")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def _records(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "justice_wp.requests"]


@pytest.mark.django_db
def test_each_request_is_one_json_line_without_the_query_string(
    secretariat_client, secretariat_user, request_log
):
    response = secretariat_client.get("/admin/evidence/evidenceitem/?q=jane.doe@example.net")
    (record,) = _records(request_log)
    assert record["method"] == "GET"
    assert record["path"] == "/admin/evidence/evidenceitem/"
    assert record["status"] == 200
    assert record["user_id"] == secretariat_user.pk
    assert record["duration_ms"] >= 0
    assert record["request_id"] == response["X-Request-ID"]
    assert "jane.doe" not in request_log.text


@pytest.mark.django_db
def test_a_load_balancer_request_id_is_kept_and_a_forged_one_replaced(client, request_log):
    client.get("/admin/login/", headers={"X-Request-ID": "lb-1234abcd"})
    client.get("/admin/login/", headers={"X-Request-ID": 'x"}\n{"status":200'})
    first, second = _records(request_log)
    assert first["request_id"] == "lb-1234abcd"
    assert first["user_id"] is None
    assert len(second["request_id"]) == 32
    assert "status" not in second["request_id"]


@pytest.mark.django_db
def test_healthy_health_checks_are_not_logged(client, request_log):
    client.get("/healthz")
    assert _records(request_log) == []
