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


def test_access_control_examples_run():
    """The Access control and Datashares examples are doctests."""
    import doctest

    text = DOC.read_text()
    section = text[text.index("## Access control"):text.index("## Performance")]
    blocks = [b.split("```", 1)[0] for b in section.split("```python")[1:]]
    assert len(blocks) == 2
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for k, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"redshift.md access block {k}", str(DOC), 0))
    summary = runner.summarize(verbose=False)
    assert summary.failed == 0 and summary.attempted >= 10
