"""The report as HTML: a standalone page (build_report) and the admin preview share one body."""

from django.template.loader import render_to_string

from coding.agreement import METHOD as AGREEMENT_METHOD
from evidence.flow import flow_diagram
from recommendations.report.data import ReportData


def stats_tables(data: ReportData) -> list:
    stats = data.statistics
    return [("By kind", stats.by_kind), ("By survey", stats.by_survey), ("By theme", stats.by_theme)]


def annex_context(data: ReportData) -> dict:
    """What Annex C needs besides the data: its tables and the flow diagram (no links: the report
    is read outside the admin)."""
    return {
        "report": data,
        "stats_tables": stats_tables(data),
        "flow_diagram": flow_diagram(data.flow),
        "agreement_method": AGREEMENT_METHOD,
    }


def build_html(data: ReportData) -> str:
    return render_to_string("recommendations/report/report.html", annex_context(data))
