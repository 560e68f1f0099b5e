"""Facilitator: plan, run and write up system-leadership workshops, fully offline."""

# The single source of the version: pyproject.toml reads it from here when building.
__version__ = "0.1.0"

APP_NAME = "Facilitator"
