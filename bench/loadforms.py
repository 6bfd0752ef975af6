"""Admin forms for the load test's users (bench/locustfile.py): read from the page as a browser would
submit them (hidden fields such as the CSRF token, selected options, inline management forms), so a
POST exercises the same validation as a person using the admin."""

import re
from html.parser import HTMLParser

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


def form_from(html: str, form_id: str) -> FormData:
    """The fields of form #`form_id` as a browser would submit them; FormError if the page has none."""
    parser = _FormParser(form_id)
    parser.feed(html)
    if not parser.found:
        raise FormError(f"the page has no form #{form_id}")
    return FormData(parser.pairs)


def csrf_token(html: str) -> str:
    """The CSRF token of the page's first form (for forms without an id)."""
    found = CSRF.search(html)
    if found is None:
        raise FormError("the page has no form with a CSRF token")
    return found.group(1)


def error_text(body: str) -> str:
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
