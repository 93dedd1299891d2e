"""Pieces every service shares: errors, validation, operation tables, pagination."""
