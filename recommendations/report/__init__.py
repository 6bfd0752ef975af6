"""The working party's report: data (selectors), DOCX and HTML builders."""

from recommendations.report.data import FINAL_STATUSES, ReportData, report_data
from recommendations.report.docx import build_docx
from recommendations.report.html import build_html

__all__ = ["FINAL_STATUSES", "ReportData", "build_docx", "build_html", "report_data"]
