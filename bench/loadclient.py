"""A small browser for the load test: one keep-alive connection, cookies, admin forms with CSRF.

Forms are read from the page as a browser would submit them (hidden fields, selected options,
inline management forms), so a POST exercises the same validation as a person using the admin."""

import http.client
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.CannotSendRequest)


class FormError(Exception):
    """The page did not contain the form the user expected (e.g. permission denied)."""


class FormData:
    """Field name → values, in page order (multi-selects repeat a name)."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs

    def __getitem__(self, name: str) -> str:
        return next(value for key, value in self.pairs if key == name)

    def __setitem__(self, name: str, value: str) -> None:
        self.pairs = [(key, v) for key, v in self.pairs if key != name] + [(name, value)]

    def update(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            self[name] = value


class _FormParser(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.found = form_id, False, False
        self.pairs: list[tuple[str, str]] = []
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = self.found = True
        if not self.inside:
            return
        name = attrs.get("name", "")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.pairs.append((name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select" and name and "__prefix__" not in name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.pairs += [(name, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.pairs.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


class Response:
    def __init__(self, status: int, headers, body: str):
        self.status, self.headers, self.body = status, headers, body


class Client:
    def __init__(self, host: str, port: int, record=None):
        self.host, self.port = host, port
        self.record = record or (lambda *args: True)
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def _send(self, method: str, path: str, body: str | None) -> Response:
        headers = {"Host": self.host, "User-Agent": "justice-wp-load/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        self.conn.request(method, path, body=body, headers=headers)
        raw = self.conn.getresponse()
        text = raw.read().decode("utf-8", "replace")
        for cookie in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or not value.strip('"'):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return Response(raw.status, raw.headers, text)

    def request(self, method: str, path: str, label: str, body: str | None = None, expect=(200,)):
        started = time.perf_counter()
        try:
            if body is not None:
                # A POST is never retried (it could write twice), so it goes on a fresh connection.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                response = self._send(method, path, body)
            except STALE:
                if body is not None:
                    raise
                # The server closed an idle keep-alive connection: reconnect once, as browsers do.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                response = self._send(method, path, body)
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.record(label, time.perf_counter() - started, False, f"{method} {path}: {error!r}")
            return None
        ok = response.status in expect
        detail = "" if ok else f"{method} {path} → {response.status} {_error_text(response.body)}"
        self.record(label, time.perf_counter() - started, ok, detail)
        return response if ok else None

    def get(self, path: str, label: str):
        return self.request("GET", path, label)

    def form(self, path: str, label: str, form_id: str) -> FormData | None:
        response = self.get(path, label)
        return None if response is None else self.form_from(response, form_id)

    @staticmethod
    def form_from(response: Response, form_id: str) -> FormData:
        parser = _FormParser(form_id)
        parser.feed(response.body)
        if not parser.found:
            raise FormError(f"the page has no form #{form_id}")
        return FormData(parser.pairs)

    def post(self, path: str, form: FormData, label: str) -> Response | None:
        """POST a form that answers with a page (e.g. an admin action's intermediate form)."""
        return self.request("POST", path, label, body=urlencode(form.pairs))

    def submit(self, path: str, form: FormData, label: str, confirm: str = "") -> bool:
        """POST the form; True when the server confirmed the save by redirecting (as the admin does)
        and, if `confirm` is given, the page after the redirect shows that message."""
        response = self.request("POST", path, label, body=urlencode(form.pairs), expect=(302,))
        if response is None:
            return False
        location = response.headers.get("Location", "")
        if location.startswith("/"):
            after = self.get(location, "page after save")
            return not confirm or (after is not None and confirm in after.body)
        return not confirm

    def login(self, username: str, password: str) -> bool:
        form = self.form("/admin/login/", "login form", "login-form")
        if form is None:
            return False
        form.update({"username": username, "password": password, "next": "/admin/"})
        return (
            self.request("POST", "/admin/login/", "login (POST)", urlencode(form.pairs), (302,)) is not None
        )


def _error_text(body: str) -> str:
    """The admin's own error message, so a failed save says which field and why."""
    for marker in ('class="errornote"', 'class="errorlist'):
        at = body.find(marker)
        if at >= 0:
            snippet = body[at : at + 400]
            return " ".join(HTMLParserText.extract(snippet).split())[:200]
    return body[:120].replace("\n", " ")


class HTMLParserText(HTMLParser):
    @classmethod
    def extract(cls, html: str) -> str:
        parser = cls(convert_charrefs=True)
        parser.chunks = []
        parser.feed(html)
        return " ".join(parser.chunks)

    def handle_data(self, data):
        self.chunks.append(data)
