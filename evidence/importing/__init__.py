"""Survey-export import: read (reading) → map headers (columns) → validate every row (planning)
→ write everything in one transaction (writing). See README "Importing and exporting"."""

from evidence.importing.columns import map_columns
from evidence.importing.plan import ImportPlan, RowError
from evidence.importing.planning import plan_import
from evidence.importing.reading import FORMATS, ImportRefused, read_table
from evidence.importing.writing import write_plan

__all__ = [
    "FORMATS",
    "ImportPlan",
    "ImportRefused",
    "RowError",
    "map_columns",
    "plan_import",
    "read_table",
    "write_plan",
]
