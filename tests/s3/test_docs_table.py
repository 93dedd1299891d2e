"""docs/s3.md's supported-operations table is the one the registry generates."""

from pathlib import Path

from awscore.s3.service import operations_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "s3.md"


def test_operations_table_is_current() -> None:
    text = DOC.read_text()
    start = text.index("<!-- operations:start -->\n") + len("<!-- operations:start -->\n")
    end = text.index("<!-- operations:end -->")
    assert text[start:end].strip() == operations_table().strip(), "regenerate: python -m awscore.s3.service"
