"""The evidence flow diagram: server-rendered SVG (no script, no external service), so the dashboard,
the report preview and a saved HTML report all show the same picture.

Main column: received → screened → included → reviewed → cited; beside each step, the items that
stopped there (not yet screened, excluded by reason, awaiting review, reviewed but not cited)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from evidence.models import EvidenceItem
from evidence.selectors import EvidenceFlow

Status = EvidenceItem.Status
WIDTH, BOX_WIDTH, SIDE_X, BOX_HEIGHT, GAP, LINE = 720, 280, 400, 56, 34, 18
MAIN_X = 20


@dataclass
class Line:
    text: str
    url: str | None
    y: int = 0


@dataclass
class Box:
    x: int
    y: int
    height: int
    label: str
    count: int
    url: str | None
    lines: list[Line] = field(default_factory=list)
    width: int = BOX_WIDTH

    @property
    def middle_y(self) -> int:
        return self.y + self.height // 2

    @property
    def text_x(self) -> int:
        return self.x + 14

    @property
    def count_x(self) -> int:
        return self.x + self.width - 14

    @property
    def text_y(self) -> int:
        return self.y + 22


def _layout(flow: EvidenceFlow, link: Callable[..., str | None]) -> tuple[list[Box], list[Box], int]:
    steps = [
        (
            "Received",
            flow.received,
            link(),
            ("Not yet screened", flow.not_screened, link(status=Status.RECEIVED)),
        ),
        ("Screened", flow.screened, None, ("Excluded", flow.excluded, link(status=Status.EXCLUDED))),
        (
            "Included",
            flow.included,
            None,
            ("Awaiting review", flow.awaiting_review, link(status=Status.TRIAGED)),
        ),
        (
            "Reviewed",
            flow.reviewed,
            None,
            ("Reviewed, not cited", flow.not_cited, link(status=Status.REVIEWED)),
        ),
        ("Cited", flow.cited, link(status=Status.CITED), None),
    ]
    main, side, y = [], [], 10
    for label, count, url, beside in steps:
        lines = []
        if label == "Screened":
            lines = [
                Line(f"{t.label}: {t.count}", link(exclusion_reason=t.key)) for t in flow.excluded_by_reason
            ]
        height = max(BOX_HEIGHT, 50 + LINE * len(lines))
        main.append(Box(MAIN_X, y + (height - BOX_HEIGHT) // 2, BOX_HEIGHT, label, count, url))
        for number, line in enumerate(lines):
            line.y = y + 46 + LINE * number
        if beside:
            side_label, side_count, side_url = beside
            side.append(Box(SIDE_X, y, height, side_label, side_count, side_url, lines, WIDTH - SIDE_X - 20))
        y += height + GAP
    return main, side, y - GAP + 10


def flow_diagram(flow: EvidenceFlow, link: Callable[..., str | None] = lambda **params: None) -> SafeString:
    """The SVG, each box a link when `link(status=…)` / `link(exclusion_reason=pk)` / `link()`
    returns a URL (the dashboard links to the admin lists; the report links nowhere)."""
    main, side, height = _layout(flow, link)
    arrows = [(a.x + a.width // 2, a.y + a.height, b.x + b.width // 2, b.y) for a, b in pairwise(main)]
    arrows += [
        (box.x + box.width, box.middle_y, beside.x, box.middle_y)
        for box, beside in zip(main, side, strict=False)
    ]
    summary = (
        f"{flow.received} received; {flow.not_screened} not yet screened; {flow.screened} screened, of which "
        f"{flow.excluded} excluded and {flow.included} included; {flow.awaiting_review} awaiting review; "
        f"{flow.reviewed} reviewed, of which {flow.cited} cited."
    )
    return render_to_string(
        "evidence/flow.svg",
        {"main": main, "side": side, "arrows": arrows, "width": WIDTH, "height": height, "summary": summary},
    )
