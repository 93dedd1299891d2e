"""The docs stay true: docstring examples run, and the operations table matches the registry."""

import doctest
import importlib
import re
from pathlib import Path

import pytest

from awscore.kinesis.service import api

MODULES = ["awscore.kinesis", "awscore.kinesis.hashing", "awscore.kinesis.seqnum", "awscore.kinesis.stream",
           "awscore.kinesis.writing", "awscore.kinesis.backend"]
DOC = Path(__file__).resolve().parents[2] / "docs" / "kinesis.md"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0


def test_operations_table_matches_the_registry() -> None:
    text = DOC.read_text()
    table = re.findall(r"^\| `(\w+)` \|", text, flags=re.M)
    assert table == api.operations
