"""Editing together: version columns, the one conflict page and audited saves shared by every app."""
