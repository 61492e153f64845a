"""The Python package against the command line and the shared scorer.

Run by .ci/run in a virtual environment with the wheel installed:
    pytest crates/casus-py/tests
CASUS_BIN names the `casus` binary the results are compared with
(default: target/release/casus); ../shared sits beside the checkout.
"""

import doctest
import glob
import importlib.util
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

import casus

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
DEV = ROOT / "tests" / "golden" / "dev"
FLARE = ROOT / "crates" / "casus-store" / "tests" / "fixtures" / "flare.jsonl"
BIN = Path(os.environ.get("CASUS_BIN", ROOT / "target" / "release" / "casus"))


def cli(*args: str) -> str:
    if not BIN.exists():
        pytest.fail(f"{BIN} is missing: build it (cargo build --release -p casus-cli) or set CASUS_BIN")
    done = subprocess.run([str(BIN), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def jsonl(text: str) -> list:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seed_example_scores_full_marks():
    text = (SHARED / "examples" / "tower22.txt").read_text(encoding="utf-8")
    records = casus.extract(text, article_id="tower22")
    score = scorer()
    gold = score.load(SHARED / "examples" / "tower22.gold.jsonl")
    result, _ = score.score(gold, records)
    for level in ("type", "dyad", "full"):
        assert result[level]["f1"] == 1.0, (level, result[level])
    assert result["relations"]["f1"] == 1.0, result["relations"]


def test_records_are_those_of_the_command_line():
    want = jsonl(cli("extract", str(DEV)))
    assert len(want) > 100
    assert casus.extract_batch(DEV) == want
    # And from articles in memory, as dicts and as texts.
    articles = [json.loads(line) for line in FLARE.read_text().splitlines()]
    assert casus.extract_batch(articles, jobs=1) == jsonl(cli("extract", str(FLARE)))
    one = articles[1]
    assert casus.extract(one["text"], date=one["date"], article_id=one["id"], outlet=one["outlet"]) == [
        r for r in jsonl(cli("extract", str(FLARE))) if r["article_id"] == one["id"]
    ]
    texts = casus.extract_batch([a["text"] for a in articles], date="2024-03-23")
    assert {r["article_id"] for r in texts} == {"0", "1"}


def test_threads_give_the_same_records_and_free_the_interpreter():
    articles = [{"id": f"a{i}", "date": "2024-03-23", "text": t}
                for i, t in enumerate(p.read_text() for p in sorted(DEV.glob("*.txt")))]
    many = articles * 20
    one = casus.extract_batch(many, jobs=1)
    two = casus.extract_batch(many, jobs=2)
    assert one == two and len(one) > 1000
    # While a batch runs in another thread, this one runs Python.
    ticks = {"n": 0}
    seen = {}

    def work():
        seen["before"] = ticks["n"]
        casus.extract_batch(many, jobs=1)
        seen["after"] = ticks["n"]

    t = threading.Thread(target=work)
    t.start()
    while t.is_alive():
        ticks["n"] += 1
    t.join()
    assert seen["after"] > seen["before"], seen


def test_bad_input_raises_with_the_command_lines_messages(tmp_path):
    with pytest.raises(casus.CasusError, match=r'date "2024-13-01" is not YYYY-MM-DD'):
        casus.extract("Troops fired on protesters.", date="2024-13-01")
    with pytest.raises(casus.CasusError, match="text is a str"):
        casus.extract(b"bytes")
    bad = [{"id": "ok", "text": "Rebels attacked a village in Mali on Monday."},
           {"id": "no-text"},
           {"id": "bad-date", "date": "May 5", "text": "x"},
           42]
    with pytest.raises(casus.CasusError, match=r"articles\[3\]: an article is a str or a mapping"):
        casus.extract_batch(bad)
    with pytest.raises(casus.CasusError, match=r'articles\[1\]: no "text" field \(and 1 more\)'):
        casus.extract_batch(bad[:3])
    kept = casus.extract_batch(bad[:3], errors="skip", date="2024-05-07")
    assert {r["article_id"] for r in kept} == {"ok"}
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"id": "a", "text": "Rebels attacked a village in Mali on Monday."}\n'
                     "not json\n")
    with pytest.raises(casus.CasusError, match=rf"{lines}:2: not JSON: byte 2"):
        casus.extract_batch(lines)
    with pytest.raises(casus.CasusError, match="no such file or directory"):
        casus.extract_batch(tmp_path / "missing.jsonl")
    with pytest.raises(casus.CasusError, match="jobs must be at least 1"):
        casus.extract_batch(["x"], jobs=0)


def test_tables_have_the_record_columns():
    records = casus.extract_batch(DEV)
    table = casus.to_arrow(records)
    assert table.num_rows == len(records)
    assert table.column_names == [name for name, _ in casus.RECORD_COLUMNS]
    assert str(table.schema.field("date").type) == "date32[day]"
    first = table.slice(0, 1).to_pylist()[0]
    assert first["id"] == records[0]["id"]
    assert first["source_country"] == (records[0].get("source") or {}).get("country")
    linked = [r for r in records if r.get("responds_to")]
    assert linked, "the development set has links"
    # Straight from the articles, the same table.
    assert casus.extract_arrow(DEV, jobs=2).equals(table)
    assert casus.extract_arrow([]).num_rows == 0
    with pytest.raises(casus.CasusError, match=r'articles\[0\]: no "text" field'):
        casus.extract_arrow([{"id": "x"}])
    frame = casus.to_pandas(records)
    assert len(frame) == len(records)
    row = frame[frame["id"] == linked[0]["id"]].iloc[0]
    assert list(row["responds_to"]) == linked[0]["responds_to"]


def test_store_ingests_queries_and_exports_as_the_command_line(tmp_path):
    db = tmp_path / "py.db"
    with casus.Store(db) as store:
        first = store.ingest(DEV)
        assert first["new"] == len(list(DEV.glob("*.txt"))) and first["failed"] == 0, first
        again = store.ingest(DEV)
        assert again["unchanged"] == first["new"] and again["new"] == 0, again
        events = store.query(limit=None)
        assaults = store.query(type="ASSAULT", since="2020-01-01", limit=None)
        n = store.export(tmp_path / "all.parquet", format="parquet")
        csv_n = store.export(tmp_path / "iraq.csv", format="csv", country="IRQ")
    # The same store built by the command line holds the same events.
    other = tmp_path / "cli.db"
    cli("--db", str(other), "ingest", str(DEV))
    assert events == jsonl(cli("--db", str(other), "query", "--format", "jsonl", "--limit", "100000"))
    assert assaults == jsonl(cli("--db", str(other), "query", "--format", "jsonl", "--type",
                                 "ASSAULT", "--since", "2020-01-01", "--limit", "100000"))
    import pyarrow.parquet as pq
    assert n == len(events) == pq.read_table(tmp_path / "all.parquet").num_rows
    cli("--db", str(other), "export", "--format", "csv", "--country", "IRQ", "-o", str(tmp_path / "cli.csv"))
    assert (tmp_path / "iraq.csv").read_text() == (tmp_path / "cli.csv").read_text()
    assert csv_n > 0


def psql():
    found = shutil.which("psql") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))), None)
    if not found:
        pytest.fail("psql is missing, though CASUS_TEST_POSTGRES is set")
    return found


def test_store_on_postgresql_holds_what_sqlite_holds(tmp_path):
    base = os.environ.get("CASUS_TEST_POSTGRES", "").rstrip("/")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: set CASUS_TEST_POSTGRES")
        pytest.skip("CASUS_TEST_POSTGRES is not set")
    for sql in ("DROP DATABASE IF EXISTS casus_python WITH (FORCE)", "CREATE DATABASE casus_python"):
        subprocess.run([psql(), f"{base}/postgres", "-q", "-c", sql], check=True)
    with casus.Store(f"{base}/casus_python") as pg, casus.Store(tmp_path / "lite.db") as lite:
        assert "casus_python" in pg.name
        for store in (pg, lite):
            assert store.ingest(DEV)["failed"] == 0
            store.ingest(FLARE)
        assert pg.query(limit=None) == lite.query(limit=None)
        assert pg.query(country="UKR", type=["ASSAULT", "CONSULT"]) == lite.query(country="UKR", type="ASSAULT,CONSULT")


def test_store_errors_name_the_store_and_the_input(tmp_path):
    with pytest.raises(casus.StoreError, match="opening"):
        casus.Store(tmp_path)  # a folder, not a database file
    store = casus.Store(tmp_path / "s.db")
    sum_ = store.ingest([{"id": "a", "text": "Rebels attacked a village in Mali on Monday."},
                         {"id": "b", "date": "soon", "text": "x"}], date="2024-05-07")
    assert sum_["new"] == 1 and sum_["failed"] == 1
    assert sum_["errors"] == ['articles[1]: "date" "soon" is not YYYY-MM-DD']
    with pytest.raises(casus.CasusError, match="since"):
        store.query(since="yesterday")
    with pytest.raises(casus.CasusError, match="no such filter"):
        store.query(colour="red")
    with pytest.raises(casus.CasusError, match='format "xlsx"'):
        store.export(tmp_path / "x.xlsx", format="xlsx")
    with pytest.raises(casus.StoreError, match="exporting to"):
        store.export(tmp_path / "missing" / "x.csv", format="csv")
    assert not (tmp_path / "missing").exists()
    store.close()
    with pytest.raises(casus.StoreError, match="closed"):
        store.query()


def test_a_writer_waits_for_another_then_says_the_store_is_busy(tmp_path):
    import sys

    db = tmp_path / "busy.db"
    casus.Store(db).close()
    # Another process holds a write until told to stop (SQLite's locks
    # are the process's: one held in this process would not be seen).
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "print('held', flush=True)\n"
         "sys.stdin.readline()\n"
         "c.execute('ROLLBACK')\n",
         str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    article = [{"id": "a", "text": "Rebels attacked a village in Mali on Monday."}]
    with casus.Store(db, wait=0.3) as store:
        with pytest.raises(casus.StoreError, match="busy"):
            store.ingest(article)
        holder.communicate("done\n", timeout=30)
        assert store.ingest(article)["new"] == 1
    with pytest.raises(casus.CasusError, match="wait -1"):
        casus.Store(db, wait=-1)


def test_the_docstrings_examples_hold():
    failed, tried = doctest.testmod(casus)
    assert tried > 0 and failed == 0
