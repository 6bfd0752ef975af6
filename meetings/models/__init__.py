from meetings.models.attendees import ExternalAttendee
from meetings.models.business import ActionPoint, AgendaItem, Attendance, Decision
from meetings.models.meeting import Meeting

__all__ = ["ActionPoint", "AgendaItem", "Attendance", "Decision", "ExternalAttendee", "Meeting"]
