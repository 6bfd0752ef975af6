from evidence.models.codebook import Survey, SurveyQuestion, Theme
from evidence.models.imports import ImportBatch, ImportUpload
from evidence.models.items import EvidenceItem, Excerpt, ReferenceCounter, SurveyAnswer
from evidence.models.people import Organisation, Sector, Submitter
from evidence.models.privacy import AccessLogEntry, ErasureRecord, ErasureReview
from evidence.models.screening import ExclusionReason

__all__ = [
    "AccessLogEntry",
    "ErasureRecord",
    "ErasureReview",
    "EvidenceItem",
    "Excerpt",
    "ExclusionReason",
    "ImportBatch",
    "ImportUpload",
    "Organisation",
    "ReferenceCounter",
    "Sector",
    "Submitter",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "Theme",
]
