"""casus on Apache Spark: a JSON Lines corpus in, events as Parquet out,
partitioned by month.

    python examples/spark/extract_events.py ARTICLES.jsonl OUT_DIR [--partitions N] [--master local[2]]

Each line of the input is an article as `casus ingest` reads it: `text`
and any of `id`, `date`, `outlet`, `title`, `url`. Spark reads the lines
as a DataFrame and hands each partition to casus on the executors as
Arrow batches (`mapInArrow`); casus extracts them (the GIL released) and
answers Arrow batches with the columns of `casus.RECORD_COLUMNS`, which
Spark writes as Parquet under OUT_DIR/month=YYYY-MM/ (undated events
under month=__HIVE_DEFAULT_PARTITION__, which Parquet readers give as
no month).

Needs the casus package and pyspark on the driver and every executor,
and Java 17 or later. In local mode (the default, `local[*]`) that is
this machine; on a cluster, install the casus wheel on the workers.

Give every article an `id`: it names the article in each record, and
stays the same wherever the article is processed. (An article without
one is named by a digest of its text, where `casus extract` would name
it by its file and line.)
"""

import argparse
import hashlib
import os
import sys
from typing import Iterator

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import SparkSession
from pyspark.sql import types as T

import casus

#: The input's fields, all strings, as `casus ingest` reads them.
ARTICLE_SCHEMA = T.StructType(
    [T.StructField(name, T.StringType()) for name in ("id", "date", "outlet", "title", "url", "text")]
)

_SPARK_TYPES = {
    "string": T.StringType(),
    "float64": T.DoubleType(),
    "int32": T.IntegerType(),
    "int64": T.LongType(),
    "date32": T.DateType(),
    "list<string>": T.ArrayType(T.StringType()),
}

#: The output: casus's record columns and the month they are filed under.
EVENT_SCHEMA = T.StructType(
    [T.StructField(name, _SPARK_TYPES[kind]) for name, kind in casus.RECORD_COLUMNS]
    + [T.StructField("month", T.StringType())]
)


def extract(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Runs on the executors: articles in, event records out."""
    for batch in batches:
        articles = []
        for row in batch.to_pylist():
            article = {k: v for k, v in row.items() if v is not None}
            if "id" not in article:
                digest = hashlib.sha1(article.get("text", "").encode("utf-8")).hexdigest()
                article["id"] = f"sha1:{digest[:16]}"
            articles.append(article)
        # One thread per task: Spark runs a task per core already.
        table = casus.extract_arrow(articles, jobs=1, errors="raise")
        month = pc.strftime(pc.cast(table["date"], pa.timestamp("s")), format="%Y-%m")
        table = table.append_column("month", month)
        yield from table.to_batches()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", help="a JSON Lines file (or a folder of them)")
    ap.add_argument("out", help="the Parquet dataset to write (replaced if it exists)")
    ap.add_argument("--partitions", type=int, default=0, help="spread the articles over N tasks")
    ap.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    args = ap.parse_args(argv)
    # Executors start Python workers with this interpreter, which has casus.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("casus-extract")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    try:
        articles = spark.read.schema(ARTICLE_SCHEMA).json(args.articles)
        if args.partitions:
            articles = articles.repartition(args.partitions)
        events = articles.mapInArrow(extract, EVENT_SCHEMA)
        events.write.mode("overwrite").partitionBy("month").parquet(args.out)
        written = spark.read.parquet(args.out).count()
        print(f"casus: wrote {written} events to {args.out}", file=sys.stderr)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
