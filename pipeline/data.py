"""Reading inputs (JSONL, CSV, parquet, a saved dataset), whole or streamed row by row, and writing JSONL, with errors a user can act on."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pipeline import store
from pipeline.errors import UserError

SUFFIXES = (".jsonl", ".json", ".csv", ".parquet", ".sqlite")  # .sqlite: the proxy's store


def read_rows(path: str | Path, split: str | None = None) -> list[dict]:
    """Rows of a JSONL/CSV/parquet file, of a dataset saved with save_to_disk (one split), or of the proxy's store (.sqlite)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"input not found: {path}")
    if path.is_dir():
        return _read_dataset_dir(path, split)
    suffix = path.suffix.lower()
    if store.is_store(path):  # the proxy's recorded calls: one labeled row per text
        return store.labeled_rows(path, split)
    try:
        if suffix in (".jsonl", ".json"):
            return _read_jsonl(path)
        if suffix == ".csv":
            import pandas as pd

            return _records(pd.read_csv(path, encoding="utf-8", keep_default_na=False))
        if suffix == ".parquet":
            import pandas as pd

            return _records(pd.read_parquet(path))
    except UnicodeDecodeError as e:
        raise UserError(f"{path}: not UTF-8 text (byte {e.start}); re-save the file as UTF-8") from None
    except UserError:
        raise
    except Exception as e:  # pandas/pyarrow parse errors
        raise UserError(f"{path}: cannot read as {suffix[1:]} ({type(e).__name__}: {str(e).splitlines()[0][:200]})") from None
    raise UserError(f"{path}: unsupported file type {suffix or '(none)'}; use one of {', '.join(SUFFIXES)} or a dataset folder")


def _records(frame) -> list[dict]:
    return frame.to_dict(orient="records")


def _read_jsonl(path: Path) -> list[dict]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise UserError(f"{path}: line {line} is not UTF-8 text; re-save the file as UTF-8") from None
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" and stripped.startswith("["):
        rows = json.loads(stripped)
        return [r for r in rows]
    return [jsonl_row(path, number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def jsonl_row(path: Path, number: int, line: str | bytes) -> dict:
    """One JSONL line as a row, or a UserError naming the file and line (read whole or streamed)."""
    try:
        row = json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
    except UnicodeDecodeError:
        raise UserError(f"{path}: line {number} is not UTF-8 text; re-save the file as UTF-8") from None
    except json.JSONDecodeError as e:
        raise UserError(f"{path}: line {number} is not valid JSON ({e.msg}); fix or remove that line") from None
    if not isinstance(row, dict):
        raise UserError(f"{path}: line {number} is not a JSON object")
    return row


def _read_dataset_dir(path: Path, split: str | None) -> list[dict]:
    from datasets import load_from_disk

    try:
        ds = load_from_disk(str(path))
    except Exception as e:
        raise UserError(f"{path}: not a dataset saved with save_to_disk ({str(e).splitlines()[0][:200]})") from None
    if hasattr(ds, "keys"):  # DatasetDict
        if split is None:
            split = "test" if "test" in ds else list(ds.keys())[0]
        if split not in ds:
            raise UserError(f"{path}: no split {split!r}; it has {', '.join(ds.keys())}")
        ds = ds[split]
    return ds.to_list()


def missing_column(source, column: str, row: dict) -> str:
    """The one line for input whose rows lack the text column, naming the columns the first row has."""
    found = ", ".join(map(str, row.keys()))
    return f"{source}: no {column!r} column (found: {found}); name the text column {column!r} or pass --text-column"


def texts_of(rows: list[dict], column: str, source: str) -> list[str]:
    if rows and column not in rows[0]:
        raise UserError(missing_column(source, column, rows[0]))
    return ["" if r.get(column) is None else str(r.get(column)) for r in rows]


def write_jsonl(path: str | Path, rows: Iterable[dict]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


# Streaming: a corpus too large to hold, read row by row (batch)


def stream_rows(path: Path, keep: Callable[[int], bool], split: str = "test", columns: list[str] | None = None) -> Iterator[tuple[int, dict]]:
    """(index, row) for every row of the input whose 0-based index passes `keep`, in input order.
    Only those rows are parsed (a JSONL line that is skipped is never decoded)."""
    if path.is_dir():
        from datasets import load_from_disk

        try:
            ds = load_from_disk(str(path))
        except Exception as e:  # noqa: BLE001 - any load failure is the folder's problem
            raise UserError(f"{path}: not a dataset saved with save_to_disk ({str(e).splitlines()[0][:200]})") from None
        if hasattr(ds, "keys"):
            if split not in ds:
                raise UserError(f"{path}: no split {split!r}; it has {', '.join(ds.keys())} (pass --split)")
            ds = ds[split]
        for index, row in enumerate(ds):
            if keep(index):
                yield index, row
        return
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        yield from stream_jsonl(path, keep)
    elif suffix == ".csv":
        import pandas as pd

        try:
            index = 0
            for frame in pd.read_csv(path, encoding="utf-8", keep_default_na=False, chunksize=10_000, dtype=str):
                for row in frame.to_dict(orient="records"):
                    if keep(index):
                        yield index, row
                    index += 1
        except UnicodeDecodeError as e:
            raise UserError(f"{path}: not UTF-8 text (byte {e.start}); re-save the file as UTF-8") from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
            raise UserError(f"{path}: cannot read as csv ({str(e).splitlines()[0][:200]})") from None
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            file = pq.ParquetFile(path)
        except Exception as e:  # noqa: BLE001 - pyarrow's ArrowInvalid and friends
            raise UserError(f"{path}: cannot read as parquet ({str(e).splitlines()[0][:200]})") from None
        names = file.schema_arrow.names
        wanted = [c for c in columns if c in names] if columns and columns[0] in names else None  # all, to name them in an error
        index = 0
        for record_batch in file.iter_batches(batch_size=10_000, columns=wanted):
            for row in record_batch.to_pylist():
                if keep(index):
                    yield index, row
                index += 1
    else:
        raise UserError(f"{path}: unsupported file type {suffix or '(none)'}; use .jsonl, .csv, .parquet or a dataset folder")


def stream_jsonl(path: Path, keep: Callable[[int], bool]) -> Iterator[tuple[int, dict]]:
    with path.open("rb") as f:
        head = f.read(64).lstrip()
        if head.startswith(b"["):
            raise UserError(f"{path}: a JSON array cannot be streamed; write one JSON object per line (JSONL)")
        f.seek(0)
        index = 0
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            if keep(index):
                yield index, jsonl_row(path, number, line)
            index += 1


def count_rows(path: Path, split: str) -> int | None:
    """Rows in the input, for the progress bar's ETA; None where only a full parse could tell (CSV)."""
    suffix = path.suffix.lower()
    if path.is_dir():
        return None
    if suffix in (".jsonl", ".json"):
        with path.open("rb") as f:
            return sum(1 for line in f if line.strip())
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(path).metadata.num_rows
        except Exception:  # noqa: BLE001 - reported properly when streamed
            return None
    return None


# Sampling: N rows drawn uniformly from a corpus that is never held whole (label --sample)


def iter_rows(path: str | Path, split: str = "train") -> Iterator[dict]:
    """Every row of a JSONL/CSV/parquet file or a saved dataset (one split), one at a time, in input order."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"input not found: {path}")
    for _, row in stream_rows(path, lambda index: True, split):
        yield row


@dataclass
class Sample:
    """A uniform random sample of a corpus: its rows in input order (each with its id, or its index as id), and the corpus's size."""

    rows: list[dict]
    corpus_rows: int
    seed: int


class Reservoir:
    """Algorithm R over row indices: `offer(index)` says whether that row enters the reservoir (so only rows that
    do are parsed at all), `put(index, row)` stores it in the slot it won. Seeded, so the same corpus, size and
    seed always give the same rows."""

    def __init__(self, size: int, seed: int):
        self.size, self.rng = size, random.Random(seed)
        self.slots: list[tuple[int, dict] | None] = []
        self.seen = 0
        self.won: dict[int, int] = {}  # index -> slot, for rows offered and not yet put

    def offer(self, index: int) -> bool:
        self.seen = index + 1
        if index < self.size:
            self.won[index] = index
            self.slots.append(None)
            return True
        slot = self.rng.randrange(index + 1)
        if slot < self.size:
            self.won[index] = slot
            return True
        return False

    def put(self, index: int, row: dict) -> None:
        self.slots[self.won.pop(index)] = (index, row)

    def in_input_order(self) -> list[tuple[int, dict]]:
        return sorted((kept for kept in self.slots if kept is not None), key=lambda kept: kept[0])


def sample_rows(source: str | Path, n: int, seed: int = 0, split: str = "train") -> Sample:
    """`n` rows drawn uniformly at random (reservoir sampling, `random.Random(seed)`) from a file or dataset folder
    streamed row by row: memory holds the sample, never the corpus. All rows when the corpus has `n` or fewer."""
    if n < 1:
        raise UserError(f"--sample must be at least 1, got {n}")
    path = Path(source)
    if not path.exists():
        raise UserError(f"input not found: {path}")
    reservoir = Reservoir(n, seed)
    for index, row in stream_rows(path, reservoir.offer, split):
        reservoir.put(index, row)
    rows = [row if row.get("id") is not None else {**row, "id": str(index)} for index, row in reservoir.in_input_order()]
    return Sample(rows, reservoir.seen, seed)


def hash_file(path: Path, h=None):
    """`h` (a new sha256 by default) updated with the file's bytes, read a megabyte at a time."""
    h = h or hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h
