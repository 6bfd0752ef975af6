"""Demo meetings for seed_demo (idempotent: meetings keyed by title, their parts by meeting and text).

Evidence is seeded after meetings (evidence items point at the meeting where they were presented), so
agenda items are linked to their evidence in a second step, `link_evidence()`."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from evidence.models import EvidenceItem
from meetings import services
from meetings.models import ActionPoint, AgendaItem, Attendance, Decision, Meeting

LONDON = ZoneInfo("Europe/London")

ACCOUNTABILITY_TITLE = "Working Party Meeting: Accountability"
TENDER_TITLE = "Working Party Meeting: Tender & Contract"
IMPLEMENTATION_TITLE = "Implementation Review: outreach to stakeholders"


def _london(year, month, day, hour, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def _next_weekday_evening(days_ahead: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() != 2:  # the working party meets on Wednesdays
        day += datetime.timedelta(days=1)
    return _london(day.year, day.month, day.day, 17)


MEETINGS = {
    "tender": {
        "title": TENDER_TITLE,
        # 18 October 2023 is in British Summer Time: 17:00 London is 16:00 UTC.
        "starts_at": lambda: _london(2023, 10, 18, 17),
        "hours": 2,
        "format": Meeting.Format.VIRTUAL,
        "location": "",
        "join_link": "https://meet.example.org/oaj-tender-contract",
        "status": Meeting.Status.HELD,
        "agenda_notes": "How contracts for assessments are tendered, and which safeguards they contain.",
        "minutes": "Members heard early survey findings on tendering and agreed the themes for the "
        "November session on accountability.",
        "agenda": [
            ("Welcome and declarations of interest", "Chair", []),
            (
                "Early findings from the Tender & Contract survey",
                "Secretariat",
                ["Survey response: disability assessment contract (Tender & Contract)"],
            ),
            (
                "Safeguards for individuals in contract terms",
                "Member",
                ["Written submission: Legal Advice Network"],
            ),
        ],
        "attendance": {
            "chair": Attendance.Status.PRESENT,
            "member": Attendance.Status.PRESENT,
            "secretariat": Attendance.Status.PRESENT,
        },
        "actions": [
            ("Circulate the November agenda on accountability", "secretariat", (2023, 11, 8), True),
        ],
        "decisions": [
            ("Hold the November meeting on oversight, transparency and enforcement.", "agreed"),
        ],
    },
    "accountability": {
        "title": ACCOUNTABILITY_TITLE,
        # 22 November 2023 is in GMT: 17:00 London is 17:00 UTC.
        "starts_at": lambda: _london(2023, 11, 22, 17),
        "hours": 2,
        "format": Meeting.Format.HYBRID,
        "location": "Working party offices, London (meeting room 2)",
        "join_link": "https://meet.example.org/oaj-accountability",
        "status": Meeting.Status.HELD,
        "agenda_notes": "Oversight, transparency and enforcement of outsourced contracts.",
        "minutes": (
            "Present: the Chair and the Secretariat; apologies from one member.\n\n"
            "1. The minutes of the Tender & Contract meeting were agreed.\n"
            "2. A former contract manager described how performance is monitored in practice: "
            "largely from the provider's own figures, with few independent checks.\n"
            "3. The Secretariat summarised an FOI response on assessment providers' performance data; "
            "several councils could not say how often their providers missed targets.\n"
            "4. Members discussed research on contracts re-awarded after repeated failures.\n\n"
            "Decided: performance data for outsourced assessment contracts should be published; a "
            "draft recommendation comes to the next meeting. Actions as listed below."
        ),
        "agenda": [
            ("Welcome, apologies and minutes of the Tender & Contract meeting", "Chair", []),
            (
                "Oversight: how outsourced contracts are monitored in practice",
                "Former contract manager (oral evidence)",
                ["Oral evidence: former contract manager on performance monitoring"],
            ),
            (
                "Transparency: access to providers' performance data",
                "Secretariat",
                ["FOI response: assessment provider performance data"],
            ),
            (
                "Enforcement of contracts and re-awarding after repeated breaches",
                "Member",
                ["Research report: re-awarding contracts after repeated failures"],
            ),
            ("Actions and any other business", "Chair", []),
        ],
        "attendance": {
            "chair": Attendance.Status.PRESENT,
            "member": Attendance.Status.APOLOGIES,
            "secretariat": Attendance.Status.PRESENT,
        },
        "actions": [
            (
                "Send follow-up FOI requests to three councils for contract performance reports",
                "secretariat",
                (2023, 12, 6),
                False,
            ),
            (
                "Draft a recommendation on publishing contract performance data",
                "member",
                (2024, 1, 10),
                False,
            ),
        ],
        "decisions": [
            (
                "Performance data for outsourced assessment contracts should be published; "
                "a draft recommendation to be brought to the next meeting.",
                "agreed",
            ),
        ],
    },
    "implementation": {
        "title": IMPLEMENTATION_TITLE,
        "starts_at": lambda: _next_weekday_evening(21),
        "hours": 1.5,
        "format": Meeting.Format.VIRTUAL,
        "location": "",
        "join_link": "https://meet.example.org/oaj-implementation",
        "status": Meeting.Status.PLANNED,
        "agenda_notes": "Progress of outreach to the bodies each recommendation is aimed at.",
        "minutes": "",
        "agenda": [
            ("Outreach log since the last review", "Secretariat", []),
            ("Stakeholders not yet engaged", "Chair", []),
        ],
        "attendance": {},
        "actions": [],
        "decisions": [],
    },
}


def _meeting(spec: dict, by) -> Meeting:
    meeting = Meeting.objects.filter(title=spec["title"]).first()
    if meeting:
        if meeting.status == Meeting.Status.HELD and not meeting.minutes and spec["minutes"]:
            meeting.minutes = spec["minutes"]  # a demo loaded before the minutes were written
            services.meeting_save(meeting=meeting, by=by, reason="minutes added")
        return meeting
    starts_at = spec["starts_at"]()
    meeting = Meeting(
        title=spec["title"],
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=spec["hours"]),
        **{
            key: spec[key] for key in ("format", "location", "join_link", "status", "agenda_notes", "minutes")
        },
    )
    return services.meeting_save(meeting=meeting, by=by, reason="demo data")


def _parts(meeting: Meeting, spec: dict, users: dict, by) -> None:
    for order, (title, presenter, _evidence) in enumerate(spec["agenda"], start=1):
        if not meeting.agenda_items.filter(order=order).exists():
            item = AgendaItem(meeting=meeting, order=order, title=title, presenter=presenter)
            services.agenda_item_save(item=item, by=by)
    for username, status in spec["attendance"].items():
        services.attendance_record(meeting=meeting, member=users[username], status=status, by=by)
    for text, owner, due, done in spec["actions"]:
        if not meeting.action_points.filter(text=text).exists():
            action = ActionPoint(
                meeting=meeting, text=text, owner=users[owner], due=datetime.date(*due), done=done
            )
            services.action_point_save(action=action, by=by)
    for text, outcome in spec["decisions"]:
        if not meeting.decisions.filter(text=text).exists():
            services.decision_save(decision=Decision(meeting=meeting, text=text, outcome=outcome), by=by)


def seed(*, users: dict) -> dict[str, Meeting]:
    by = users["secretariat"]
    meetings = {}
    for key, spec in MEETINGS.items():
        meetings[key] = _meeting(spec, by)
        _parts(meetings[key], spec, users, by)
    return meetings


def link_evidence(meetings: dict[str, Meeting]) -> None:
    """Attach the demo evidence to the agenda items where it is discussed (run after evidence seeding)."""
    titles = {title for spec in MEETINGS.values() for _, _, evidence in spec["agenda"] for title in evidence}
    items = {item.title: item for item in EvidenceItem.objects.filter(title__in=titles)}
    for key, spec in MEETINGS.items():
        agenda = {item.order: item for item in meetings[key].agenda_items.all()}
        for order, (_title, _presenter, evidence) in enumerate(spec["agenda"], start=1):
            wanted = [items[title] for title in evidence if title in items]
            if wanted and order in agenda:
                agenda[order].evidence.add(*wanted)
