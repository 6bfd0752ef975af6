from django.apps import AppConfig


class CodingConfig(AppConfig):
    """Dual coding: two members code the same items independently; the secretariat resolves their
    disagreements and reads their agreement (Cohen's kappa).

    It sits above `evidence` (it writes the agreed coding through evidence's services) and below
    `workbench` (whose reader page shows a coder their own codes)."""

    name = "coding"
    verbose_name = "Dual coding"
