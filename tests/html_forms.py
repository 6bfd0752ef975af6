"""Read the data a browser would submit from a rendered HTML form, so tests post the real admin forms
(split date/time widgets, inline management forms and version fields included)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.names: set[str] = set()
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        if "__prefix__" not in name:  # the inline's hidden template row is never submitted
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if name and tag in {"input", "select", "textarea"} and "__prefix__" not in name:
            self.names.add(name)
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            self._select_multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._add(self._select, value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if not self._select_chosen and not self._select_multiple and self._select_first is not None:
                self._add(self._select, self._select_first)  # a browser submits the first option
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the one newline that follows <textarea>.
            self._add(self._textarea, "".join(self._text).removeprefix("\r\n").removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def _read(html: str, form_id: str | None) -> _FormReader:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader


def form_data(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """{name: value} (a list where a name repeats) of the form with `form_id` (else every form)."""
    data = _read(html, form_id).data
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def form_controls(html: str, form_id: str | None = None) -> set[str]:
    """The names of every control of the form, including those a browser would submit empty
    (an autocomplete select with nothing chosen yet)."""
    return _read(html, form_id).names
