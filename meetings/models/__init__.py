from meetings.models.business import ActionPoint, AgendaItem, Attendance, Decision
from meetings.models.meeting import Meeting

__all__ = ["ActionPoint", "AgendaItem", "Attendance", "Decision", "Meeting"]
