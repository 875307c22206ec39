"""Command modules: each registers its commands on `studyguide.cli.app.app`."""
