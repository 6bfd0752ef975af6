"""Structured request log: one JSON line per request, safe to ship to a log store.

Only the path is logged, never the query string: admin searches and autocomplete terms carry names
and email addresses of submitters."""

import json
import logging
import re
import time
import uuid

logger = logging.getLogger("justice_wp.requests")

# A load balancer's request id is kept so its log and ours can be joined; anything else is replaced.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEALTH_PATH = "/healthz"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request.request_id
        # Load balancers poll the health check every few seconds: log it only when it fails.
        if request.path == HEALTH_PATH and response.status_code == 200:
            return response
        user = getattr(request, "user", None)
        record = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": user.pk if user is not None and user.is_authenticated else None,
            "request_id": request.request_id,
        }
        logger.info(json.dumps(record, separators=(",", ":")))
        return response
