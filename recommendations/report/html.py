"""The report as HTML: a standalone page (build_report) and the admin preview share one body."""

from django.template.loader import render_to_string

from recommendations.report.data import ReportData


def stats_tables(data: ReportData) -> list:
    stats = data.statistics
    return [("By kind", stats.by_kind), ("By survey", stats.by_survey), ("By theme", stats.by_theme)]


def build_html(data: ReportData) -> str:
    return render_to_string(
        "recommendations/report/report.html", {"report": data, "stats_tables": stats_tables(data)}
    )
