from recommendations.admin import links, recommendations  # noqa: F401  (registers the model admins)
