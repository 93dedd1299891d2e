"""The README's demo runs end to end: Kinesis -> S3 Parquet -> DynamoDB -> Redshift COPY -> retention."""

import subprocess
import sys

from awscore import demo
from awscore.mock import adapter


def test_demo_pipeline_runs(capsys):
    assert demo.run() == 0
    out = capsys.readouterr().out
    assert "read 3000 records back, none lost, none duplicated" in out
    assert "SQL agrees" in out
    assert "0 records remain" in out
    assert adapter.active_cloud() is None


def test_cli_entry_point():
    out = subprocess.run([sys.executable, "-m", "awscore", "demo"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("kinesis:")
