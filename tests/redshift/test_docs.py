"""docs/redshift.md lists exactly the operations the registries implement."""

from __future__ import annotations

from pathlib import Path

from awscore.redshift.service import SERVICES

DOC = Path(__file__).resolve().parents[2] / "docs" / "redshift.md"


def test_operations_table_in_sync():
    text = DOC.read_text()
    for name, definition in SERVICES.items():
        row = f"| `{name}` | {', '.join(definition.api.operations)} |"
        assert row in text, f"docs/redshift.md is out of date for {name}: expected {row}"
