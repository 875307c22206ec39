"""Command modules: each registers its commands on `studyguide.app.app`."""
