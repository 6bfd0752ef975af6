# Importing the modules registers the model admins; `items` extends the evidence item admin.
from publication.admin import decisions, items, redactions  # noqa: F401
