"""How fast casus extracts from Python, beside `casus extract` on the same
file: MB/s and articles/s for extract_batch (dicts), extract_arrow (an
Arrow table) and the command line.

    python bench/python.py [--copies 200] [--casus target/release/casus]

Run it in an environment with the casus wheel and pyarrow installed (as
.ci/run builds target/py-venv). The corpus is the development set's
articles repeated `--copies` times as JSON Lines, written to a temporary
file; each figure is the best of three runs.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import casus

ROOT = Path(__file__).resolve().parents[1]


def best(f, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--casus", default=str(ROOT / "target" / "release" / "casus"))
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "golden" / "dev").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as d:
        corpus = Path(d) / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as f:
            for k in range(args.copies):
                for i, t in enumerate(texts):
                    f.write(json.dumps({"id": f"{i}-{k}", "text": t}) + "\n")
        mb = corpus.stat().st_size / 1e6
        n = len(texts) * args.copies
        print(f"corpus: {n:,} articles, {mb:.1f} MB; casus {casus.__version__}, Python {sys.version.split()[0]}")

        def line(name, secs, rows):
            print(f"{name:34} {secs:6.2f} s  {mb / secs:6.1f} MB/s  {n / secs:9,.0f} articles/s  {rows:,} records")

        for jobs in (1, 2):
            secs, records = best(lambda: casus.extract_batch(corpus, jobs=jobs))
            line(f"extract_batch(jobs={jobs}) -> dicts", secs, len(records))
        for jobs in (1, 2):
            secs, table = best(lambda: casus.extract_arrow(corpus, jobs=jobs))
            line(f"extract_arrow(jobs={jobs}) -> Arrow", secs, table.num_rows)
        secs, table = best(lambda: casus.to_arrow(records))
        line("to_arrow(dicts) alone", secs, table.num_rows)

        def cli():
            out = subprocess.run([args.casus, "extract", str(corpus)], capture_output=True, check=True)
            return out.stdout.count(b"\n")

        secs, rows = best(cli)
        line("casus extract (CLI, all cores)", secs, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
