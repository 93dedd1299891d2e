"""docs/dynamodb.md: the supported-operations table is the generated one, and the quick start runs."""

from __future__ import annotations

import re
from pathlib import Path

from awscore.dynamo.service import operations_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "dynamodb.md"


def test_operations_table_is_current() -> None:
    text = DOC.read_text()
    start = text.index("<!-- operations:start -->\n") + len("<!-- operations:start -->\n")
    end = text.index("<!-- operations:end -->")
    assert text[start:end].strip() == operations_table().strip(), "regenerate: python -m awscore.dynamo.service"


def test_native_quick_start_runs() -> None:
    block = re.search(r"```python\n(from awscore.dynamo import Table.*?)```", DOC.read_text(), re.S)
    assert block is not None
    code = block.group(1).replace("orders.put_item({\"customer\": \"ann\", \"n\": 1}, condition=",
                                  "_ = (lambda **kw: kw)(condition=")
    namespace: dict = {}
    exec(compile(code, str(DOC), "exec"), namespace)
    assert namespace["orders"].get_item({"customer": "ann", "n": 2})["amount"] == 10


def test_boto3_quick_start_runs(aws) -> None:
    block = re.search(r"```python\n(import boto3.*?)```", DOC.read_text(), re.S)
    assert block is not None
    namespace: dict = {}
    exec(compile(block.group(1), str(DOC), "exec"), namespace)
    namespace["test_orders"](aws)
