"""The runnable examples in the engine's docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["awscore.dynamo.table", "awscore.dynamo.backend", "awscore.dynamo.storage", "awscore.dynamo.capacity"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
