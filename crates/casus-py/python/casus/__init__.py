"""casus: news articles in, structured event data out.

Who did what to whom, when, where, how many were killed or injured, and
who said so, as PLOVER event records with CAMEO codes, Goldstein values
and ACLED types beside them; every field carries its evidence (the
sentence and byte offsets in the article).

    >>> import casus
    >>> records = casus.extract("Police arrested 40 protesters in Lagos on Monday.",
    ...                         date="2024-06-11")
    >>> r = records[0]
    >>> r["event_type"], r["source"]["country"], r["location"]["name"], r["date"]
    ('COERCE', 'NGA', 'Lagos', '2024-06-10')

The records are dicts with the fields of `casus extract`'s JSON Lines
(the schema in the project's docs). `extract_batch` extracts many
articles on a pool of threads with the GIL released; `to_arrow` and
`to_pandas` make tables of records, and `extract_arrow` makes one
straight from articles; `Store` is the store of `casus
ingest`, `casus query` and `casus export`.

Errors raise `CasusError` (bad input: an article, a date, a filter) or
`StoreError` (the store), with the messages the command line gives.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
from pathlib import Path as _Path
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _casus
from ._casus import CasusError, StoreError

__all__ = [
    "Article",
    "CasusError",
    "RECORD_COLUMNS",
    "Store",
    "StoreError",
    "extract",
    "extract_arrow",
    "extract_batch",
    "to_arrow",
    "to_pandas",
]

__version__: str = _casus.__version__

#: An article: its text, or a mapping with ``text`` and any of ``id``,
#: ``date`` (``YYYY-MM-DD`` or a ``datetime.date``), ``outlet``,
#: ``title`` and ``url`` (the JSON Lines input of ``casus ingest``).
Article = Union[str, Mapping[str, Any]]

#: Articles sent to the extension at once: enough to keep every thread
#: busy, few enough that memory stays flat on any iterable.
_CHUNK = 2048

_Item = Tuple[str, str, bool, bytes]


def _date(value: Any, what: str) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise CasusError(f"{what} {value!r} is not a date (YYYY-MM-DD or datetime.date)")


def _item(article: Article, index: int) -> _Item:
    """An article as the extension takes it; its default id is its index."""
    origin = f"articles[{index}]"
    if isinstance(article, str):
        return (origin, str(index), False, article.encode("utf-8"))
    if isinstance(article, Mapping):
        fields = dict(article)
        if "date" in fields:
            fields["date"] = _date(fields["date"], f"{origin}: date")
        try:
            body = _json.dumps(fields, ensure_ascii=False)
        except (TypeError, ValueError) as e:
            raise CasusError(f"{origin}: {e}") from None
        return (origin, str(index), True, body.encode("utf-8"))
    raise CasusError(
        f"{origin}: an article is a str or a mapping with 'text', not {type(article).__name__}"
    )


def _chunks(items: Iterable[_Item]) -> Iterator[List[_Item]]:
    chunk: List[_Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _path_items(path: Union[str, "_os.PathLike[str]"]) -> Iterator[_Item]:
    """The articles of a file or folder, read as ``casus ingest`` reads
    them: folders walked in name order for .txt and .jsonl files, a
    .jsonl file a JSON article per line (its default id ``FILE:LINE``),
    any other file one article whose id is its name without extension."""
    p = _Path(path)
    if p.is_dir():
        files = sorted(
            (f for f in p.rglob("*") if f.is_file() and f.suffix in (".txt", ".jsonl")),
            key=lambda f: f.relative_to(p).parts,
        )
    elif p.exists():
        files = [p]
    else:
        raise CasusError(f"{p}: no such file or directory")
    for f in files:
        name = str(f)
        if f.suffix == ".jsonl":
            with open(f, "rb") as lines:
                for n, line in enumerate(lines, 1):
                    if line.strip():
                        yield (f"{name}:{n}", f"{name}:{n}", True, line)
        else:
            yield (name, f.stem, False, f.read_bytes())


def _items(articles: Union[Iterable[Article], str, "_os.PathLike[str]"]) -> Iterator[_Item]:
    if isinstance(articles, (str, _os.PathLike)):
        return _path_items(articles)
    if isinstance(articles, Mapping):
        raise CasusError("give an iterable of articles (a list of one, for one)")
    return (_item(a, i) for i, a in enumerate(articles))


def extract(
    text: str,
    date: Union[str, _dt.date, None] = None,
    article_id: Optional[str] = None,
    title: Optional[str] = None,
    outlet: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """The event records of one article.

    ``date`` is the article's publication date: relative dates ("on
    Friday", "last week") are read from it. ``article_id`` names the
    article in each record's ``article_id`` and ``id`` (``ID#N``).
    """
    if not isinstance(text, str):
        raise CasusError(f"text is a str, not {type(text).__name__}")
    return _json.loads(
        _casus.extract(text, _date(date, "date"), article_id, title, outlet)
    )


def extract_batch(
    articles: Union[Iterable[Article], str, "_os.PathLike[str]"],
    jobs: Optional[int] = None,
    date: Union[str, _dt.date, None] = None,
    errors: str = "raise",
) -> List[Dict[str, Any]]:
    """The records of many articles, in input order, extracted on ``jobs``
    threads (all cores when ``None``) with the GIL released.

    ``articles`` is an iterable of articles (texts, or mappings as
    :data:`Article` says), or a path: a .jsonl file, a text file or a
    folder, read as ``casus extract`` reads them. ``date`` is used for
    articles that give none. An article that cannot be read raises
    :class:`CasusError` naming it (``errors="raise"``), or is left out
    (``errors="skip"``; its message is in the exception that
    :func:`extract_batch` would raise).
    """
    if errors not in ("raise", "skip"):
        raise CasusError(f"errors={errors!r}: 'raise' or 'skip'")
    when = _date(date, "date")
    out: List[Dict[str, Any]] = []
    for chunk in _chunks(_items(articles)):
        done, bad = _casus.extract_items(chunk, jobs, when)
        if bad and errors == "raise":
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            raise CasusError(bad[0][1] + more)
        for records in done:
            if records is not None:
                out.extend(_json.loads(records))
    return out


#: The columns of :func:`to_arrow` and :func:`to_pandas`, each a record
#: field (nested fields joined by ``_``: ``source_country``) with its
#: Arrow type.
RECORD_COLUMNS: List[Tuple[str, str]] = [
    ("article_id", "string"),
    ("id", "string"),
    ("event_type", "string"),
    ("mode", "string"),
    ("cameo", "string"),
    ("goldstein", "float64"),
    ("acled_event_type", "string"),
    ("acled_sub_event_type", "string"),
    ("date", "date32"),
    ("date_tolerance_days", "int32"),
    ("source_text", "string"),
    ("source_name", "string"),
    ("source_country", "string"),
    ("source_sector", "string"),
    ("source_code", "string"),
    ("target_text", "string"),
    ("target_name", "string"),
    ("target_country", "string"),
    ("target_sector", "string"),
    ("target_code", "string"),
    ("location_text", "string"),
    ("location_name", "string"),
    ("location_country", "string"),
    ("location_admin1", "string"),
    ("location_lat", "float64"),
    ("location_lon", "float64"),
    ("location_precision", "string"),
    ("location_basis", "string"),
    ("location_geonames_id", "int64"),
    ("fatalities", "int64"),
    ("injuries", "int64"),
    ("evidence_text", "string"),
    ("evidence_start", "int64"),
    ("evidence_end", "int64"),
    ("trigger_text", "string"),
    ("trigger_start", "int64"),
    ("trigger_end", "int64"),
    ("date_evidence_text", "string"),
    ("attribution_speaker", "string"),
    ("attribution_outlet", "string"),
    ("responds_to", "list<string>"),
]


def _kind(kind: str):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    return {
        "string": pa.string(),
        "float64": pa.float64(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "date32": pa.date32(),
        "list<string>": pa.list_(pa.string()),
    }[kind]


def _nested_schema():  # type: ignore[no-untyped-def]
    """The records' own shape: :data:`RECORD_COLUMNS` with the nested
    fields as structs (the date still text), for Arrow to read the dicts
    in C++ rather than field by field in Python."""
    import pyarrow as pa

    top: List[Any] = []
    structs: Dict[str, List[Any]] = {}
    for name, kind in RECORD_COLUMNS:
        parent = next((p for p in _NESTED if name.startswith(p + "_")), None)
        typ = pa.string() if name == "date" else _kind(kind)
        if parent is None:
            top.append((name, typ))
        else:
            if parent not in structs:
                structs[parent] = []
                top.append((parent, None))
            structs[parent].append(pa.field(name[len(parent) + 1:], typ))
    return pa.schema([(n, t if t is not None else pa.struct(structs[n])) for n, t in top])


#: The record fields that are objects, whose members become columns.
_NESTED = ("acled", "source", "target", "location", "evidence", "trigger", "date_evidence", "attribution")


def _flatten(nested):  # type: ignore[no-untyped-def]
    """A table of the records' shape as :data:`RECORD_COLUMNS`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    flat = nested.flatten().rename_columns([n for n, _ in RECORD_COLUMNS])
    day = pc.cast(pc.strptime(flat["date"], format="%Y-%m-%d", unit="s"), pa.date32())
    flat = flat.set_column(flat.schema.get_field_index("date"), "date", day)
    return flat.cast(pa.schema([(n, _kind(k)) for n, k in RECORD_COLUMNS]))


def _pyarrow():  # type: ignore[no-untyped-def]
    try:
        import pyarrow
    except ImportError:
        raise ImportError("casus's tables need pyarrow: pip install pyarrow") from None
    return pyarrow


def to_arrow(records: Iterable[Mapping[str, Any]]) -> "pyarrow.Table":  # type: ignore[name-defined]  # noqa: F821
    """Records as a pyarrow Table with the columns of
    :data:`RECORD_COLUMNS` (needs pyarrow)."""
    pa = _pyarrow()
    rows = records if isinstance(records, list) else list(records)
    return _flatten(pa.Table.from_pylist(rows, schema=_nested_schema()))


def extract_arrow(
    articles: Union[Iterable[Article], str, "_os.PathLike[str]"],
    jobs: Optional[int] = None,
    date: Union[str, _dt.date, None] = None,
    errors: str = "raise",
) -> "pyarrow.Table":  # type: ignore[name-defined]  # noqa: F821
    """``to_arrow(extract_batch(...))`` without the dicts between: the
    records go from casus to Arrow's JSON reader as JSON Lines, several
    times faster on large batches. Arguments as :func:`extract_batch`."""
    pa = _pyarrow()
    import io

    import pyarrow.json as pj

    if errors not in ("raise", "skip"):
        raise CasusError(f"errors={errors!r}: 'raise' or 'skip'")
    when = _date(date, "date")
    options = pj.ParseOptions(explicit_schema=_nested_schema(), unexpected_field_behavior="ignore")
    tables = []
    for chunk in _chunks(_items(articles)):
        lines, bad = _casus.extract_jsonl(chunk, jobs, when)
        if bad and errors == "raise":
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            raise CasusError(bad[0][1] + more)
        if lines:
            tables.append(pj.read_json(io.BytesIO(lines), parse_options=options))
    if not tables:
        return to_arrow([])
    return _flatten(pa.concat_tables(tables))


def to_pandas(records: Iterable[Mapping[str, Any]]) -> "pandas.DataFrame":  # type: ignore[name-defined]  # noqa: F821
    """Records as a pandas DataFrame with the columns of
    :data:`RECORD_COLUMNS` (needs pandas and pyarrow)."""
    return to_arrow(records).to_pandas()


def _filter(filters: Mapping[str, Any]) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for key, value in filters.items():
        if value is None:
            continue
        if key in ("type", "mode") and not isinstance(value, str):
            value = ",".join(value)
        elif key in ("since", "until"):
            value = _date(value, key)
        elif key == "bbox" and not isinstance(value, str):
            value = ",".join(str(v) for v in value)
        out[key] = str(value)
    return out


class Store:
    """The store of ``casus ingest``: a SQLite file (created if missing)
    or a PostgreSQL server (``postgres://user@host/db``). Reports of one
    event from several articles are merged into one event.

    A write that finds another process writing waits for it, up to
    ``wait`` seconds (as ``casus ingest --wait``), then raises
    :class:`StoreError`. Use it in a ``with`` block, or call
    :meth:`close`.
    """

    def __init__(
        self, path_or_url: Union[str, "_os.PathLike[str]"] = "casus.db", wait: float = 600.0
    ) -> None:
        self._store = _casus.Store(_os.fspath(path_or_url), float(wait))

    @property
    def name(self) -> str:
        """The store's file, or its URL without the password."""
        return self._store.name

    def ingest(
        self,
        articles: Union[Iterable[Article], str, "_os.PathLike[str]"],
        jobs: Optional[int] = None,
        date: Union[str, _dt.date, None] = None,
    ) -> Dict[str, Any]:
        """Extracts and stores articles (as ``casus ingest``): an iterable
        of articles, or a path (a .jsonl file, a text file or a folder).
        Articles stored before with the same text are skipped; one whose
        text changed has its reports replaced. An article that cannot be
        read is counted as failed and named in ``errors``; the rest go in.

        Returns the counts ``new``, ``unchanged``, ``updated``, ``failed``
        and ``reports``, and ``errors``, a list of messages.
        """
        when = _date(date, "date")
        total: Dict[str, Any] = {
            "new": 0, "unchanged": 0, "updated": 0, "failed": 0, "reports": 0, "errors": []
        }
        for chunk in _chunks(_items(articles)):
            counts, bad = self._store.ingest_items(chunk, jobs, when)
            for k, v in counts.items():
                total[k] += v
            total["errors"].extend(message for _, message in bad)
        return total

    def query(self, limit: Optional[int] = 50, **filters: Any) -> List[Dict[str, Any]]:
        """Stored events, latest first (as ``casus query``), at most
        ``limit`` (``None``: all). Filters: ``type`` and ``mode`` (a
        string, comma-separated, or a list), ``country`` (ISO3 of the
        source, target or place), ``actor`` (words of a name), ``since``
        and ``until`` (dates), ``bbox`` (west, south, east, north),
        ``min_fatalities``, ``text`` (words of the evidence)."""
        return [_json.loads(e) for e in self._store.query(_filter(filters), limit)]

    def export(
        self,
        path: Union[str, "_os.PathLike[str]"],
        format: str = "jsonl",
        limit: Optional[int] = None,
        **filters: Any,
    ) -> int:
        """Writes the events that pass the filters (those of
        :meth:`query`) to ``path`` in one of the layouts of ``casus
        export``: ``jsonl``, ``csv``, ``acled-csv``, ``gdelt-tsv``,
        ``geojson``, ``parquet``. The file appears whole or not at all.
        Returns how many events were written."""
        return self._store.export(_os.fspath(path), format, _filter(filters), limit)

    def close(self) -> None:
        """Closes the store."""
        self._store.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"casus.Store({self.name!r})"
