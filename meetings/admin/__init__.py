from meetings.admin import action_points, meetings  # noqa: F401  (registers the model admins)
