# Importing the modules registers the model admins; `tagging` extends the evidence item admin.
from recommendations.admin import links, recommendations, tagging  # noqa: F401
from recommendations.implementation import admin as implementation_admin  # noqa: F401
