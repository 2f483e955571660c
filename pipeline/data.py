"""Reading inputs (JSONL, CSV, parquet, a saved dataset) and writing JSONL, with errors a user can act on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from pipeline.errors import UserError

SUFFIXES = (".jsonl", ".json", ".csv", ".parquet")


def read_rows(path: str | Path, split: str | None = None) -> list[dict]:
    """Rows of a JSONL/CSV/parquet file or of a dataset saved with save_to_disk (one split)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"input not found: {path}")
    if path.is_dir():
        return _read_dataset_dir(path, split)
    suffix = path.suffix.lower()
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


def texts_of(rows: list[dict], column: str, source: str) -> list[str]:
    if rows and column not in rows[0]:
        raise UserError(f"{source}: no {column!r} column (found: {', '.join(map(str, rows[0].keys()))}); name the text column {column!r} or pass --text-column")
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
