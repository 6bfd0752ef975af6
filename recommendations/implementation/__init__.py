"""Implementation tracking after publication: per-stakeholder status, outreach timeline, progress page.

The models live in recommendations/models/implementation.py (Django wants an app's models in one place);
writes in services.py, shared reads in selectors.py, the admin in admin.py, the progress page in views.py."""
