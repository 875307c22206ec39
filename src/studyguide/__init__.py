"""studyguide: a command-line study guide for modern AI."""

__version__ = "0.1.0"
