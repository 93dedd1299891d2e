"""Test helpers: the pytest plugin and a two-target comparison helper."""
