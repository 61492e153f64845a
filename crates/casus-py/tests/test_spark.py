"""The Spark example (examples/spark/extract_events.py) run in local mode
on a small corpus: the events it writes as Parquet are exactly those of
`casus extract` on the same input.

Needs pyspark and Java 17; without them the test is skipped, except
under CI (`CI` set), where it fails: .ci/run installs both.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import casus

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "spark" / "extract_events.py"
DEV = ROOT / "tests" / "golden" / "dev"
BIN = Path(os.environ.get("CASUS_BIN", ROOT / "target" / "release" / "casus"))


def ready() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def test_spark_writes_the_events_casus_extract_gives(tmp_path):
    if not ready():
        if os.environ.get("CI"):
            pytest.fail("CI needs pyspark and java (.ci/run installs them)")
        pytest.skip("no pyspark or java")
    # A corpus of JSON Lines: the development set's articles, and one
    # with no date at all.
    corpus = tmp_path / "articles.jsonl"
    with open(corpus, "w", encoding="utf-8") as out:
        for f in sorted(DEV.glob("*.txt")):
            out.write(json.dumps({"id": f.stem, "outlet": "Dev", "text": f.read_text(encoding="utf-8")}) + "\n")
        out.write(json.dumps({"id": "undated", "text": "Rebels attacked a village in northern Mali."}) + "\n")
    events = tmp_path / "events"
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), str(corpus), str(events), "--partitions", "4", "--master", "local[2]"],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # Partitioned by month.
    months = sorted(p.name for p in events.iterdir() if p.name.startswith("month="))
    assert "month=2024-01" in months and len(months) > 10, months
    import pyarrow.dataset as ds

    got = ds.dataset(events, format="parquet", partitioning="hive").to_table()
    rows = got.drop_columns(["month"]).to_pylist()
    # What the command line extracts from the same file, as the same columns.
    done = subprocess.run([str(BIN), "extract", str(corpus)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    want = casus.to_arrow([json.loads(line) for line in done.stdout.splitlines()]).to_pylist()
    key = lambda r: r["id"]  # noqa: E731
    assert len(rows) == len(want) > 100
    assert sorted(rows, key=key) == sorted(want, key=key)
    # Each row sits under its own month; an undated one under Hive's
    # folder for none, which readers give as no month.
    assert "month=__HIVE_DEFAULT_PARTITION__" in months
    for r in got.select(["date", "month"]).to_pylist():
        assert r["month"] == (r["date"].strftime("%Y-%m") if r["date"] else None), r
