from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The coding workbench: the reader page, personal read queues, duplicates and suggestions.

    It sits above `evidence` and `recommendations` (it codes excerpts and tags them to recommendations
    in one step), so it extends the evidence admin from here rather than the other way round."""

    name = "workbench"
    verbose_name = "Coding workbench"
