# Types of the extension module; the package's documented API is in
# __init__.py.
from typing import Dict, List, Optional, Sequence, Tuple

__version__: str

class CasusError(ValueError):
    """Bad input: an article, a date, a filter or a format casus cannot read."""

class StoreError(RuntimeError):
    """The store could not be opened, read or written."""

_Item = Tuple[str, str, bool, bytes]

def extract(
    text: str,
    date: Optional[str] = None,
    article_id: Optional[str] = None,
    title: Optional[str] = None,
    outlet: Optional[str] = None,
) -> str:
    """The records of one article as a JSON array."""

def extract_items(
    items: Sequence[_Item], jobs: Optional[int] = None, date: Optional[str] = None
) -> Tuple[List[Optional[str]], List[Tuple[int, str]]]:
    """Each item's records as a JSON array (None if it is no article),
    and the errors as (index, message)."""

def extract_jsonl(
    items: Sequence[_Item], jobs: Optional[int] = None, date: Optional[str] = None
) -> Tuple[bytes, List[Tuple[int, str]]]:
    """The records of all items as JSON Lines, and the errors as
    (index, message)."""

class Store:
    """A store: a SQLite file or a PostgreSQL URL."""

    def __init__(self, spec: str, wait: float = 600.0) -> None: ...
    @property
    def name(self) -> str: ...
    def ingest_items(
        self, items: Sequence[_Item], jobs: Optional[int] = None, date: Optional[str] = None
    ) -> Tuple[Dict[str, int], List[Tuple[int, str]]]: ...
    def query(self, filter: Dict[str, str], limit: Optional[int] = None) -> List[str]: ...
    def export(
        self, path: str, format: str, filter: Dict[str, str], limit: Optional[int] = None
    ) -> int: ...
    def close(self) -> None: ...
