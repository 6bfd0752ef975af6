"""Demo meetings for seed_demo (idempotent: keyed by title and start)."""

import datetime
from zoneinfo import ZoneInfo

from meetings.models import Meeting

LONDON = ZoneInfo("Europe/London")

ACCOUNTABILITY_TITLE = "Working Party Meeting: Accountability"


def seed() -> dict[str, Meeting]:
    accountability, _ = Meeting.objects.get_or_create(
        title=ACCOUNTABILITY_TITLE,
        starts_at=datetime.datetime(2023, 11, 22, 17, 0, tzinfo=LONDON),
        defaults={
            "ends_at": datetime.datetime(2023, 11, 22, 19, 0, tzinfo=LONDON),
            "format": Meeting.Format.HYBRID,
            "location": "Working party offices, London (meeting room 2)",
            "join_link": "https://meet.example.org/oaj-accountability",
            "status": Meeting.Status.HELD,
            "agenda_notes": "Oversight, transparency and enforcement of outsourced contracts.",
        },
    )
    return {"accountability": accountability}
