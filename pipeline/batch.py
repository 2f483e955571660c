"""batch: classify a whole corpus (millions of rows) into parquet chunks, resumable and shardable.

The input is streamed, never loaded whole: JSONL line by line, CSV in pandas chunks, parquet in
pyarrow record batches, a saved dataset through its memory-mapped arrow files. Every `chunk_size`
rows of this shard become one file, written to a temporary name and renamed, so a part on disk is
always complete:

    OUT/_manifest.json        task, model identity, input path and fingerprint, shard, chunk size, engine
    OUT/part-00000.parquet    id, row (index in the input), labels, confidence, error, warning, prompt_tokens
    OUT/part-00001.parquet    ...

The names starting with `_` and `.` are skipped by readers, so `pandas.read_parquet(OUT)` returns the
finished rows. A killed run started again with the same settings counts the finished parts and skips
that many of its rows: no row is lost or written twice. A folder started with another task, model,
input, shard or chunk size is refused rather than mixed.

`--shard I/N` keeps the rows whose 0-based index in the input satisfies `index % N == I`, so N machines
(or N processes each talking to its own TGI replica) split one corpus, each into its own --out folder;
the union of the N folders is the whole corpus, each row once (the `row` column says which).

With the local backend `--batch-size` texts share a forward pass (sorted by length within a chunk);
with tgi or openai `--concurrency` requests are kept in flight (a server batches them itself).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.calibration import DriftWatch
from pipeline.cascade import Cascade, CascadeSpec
from pipeline.data import count_rows, hash_file, missing_column, stream_rows
from pipeline.errors import UserError
from pipeline.student import StudentSpec

log = logging.getLogger("understudy.batch")

MANIFEST = "_manifest.json"
PART = "part-{:05d}.parquet"
_PART_RE = re.compile(r"^part-(\d{5})\.parquet$")
FORMAT = 1
ENGINES = ("local", "ray")


@dataclass
class BatchConfig(CascadeSpec, StudentSpec):
    input: str = field(default="", metadata={"help": "JSONL, CSV or parquet file, or a dataset folder, streamed row by row"})
    out: str = field(default="data/batch", metadata={"help": "output folder: _manifest.json and part-NNNNN.parquet files"})
    text_column: str = field(default="", metadata={"help": "input column (default: the task's input, e.g. recipe)"})
    id_column: str = field(default="id", metadata={"help": "column with the row id (missing: the row's index)"})
    split: str = field(default="test", metadata={"help": "split to read from a DatasetDict folder"})
    shard: str = field(default="0/1", metadata={"help": "I/N: classify only the rows whose index % N == I"})
    chunk_size: int = field(default=10_000, metadata={"help": "rows per output part (the unit of resuming)"})
    batch_size: int = field(default=64, metadata={"help": "texts per forward pass (local backend)"})
    concurrency: int = field(default=64, metadata={"help": "requests kept in flight (tgi, openai backends)"})
    engine: str = field(default="local", metadata={"help": "local (this process) or ray (an actor pool on a Ray cluster, each actor loading the student once; pip install -r requirements-scale.txt)"})
    ray_address: str = field(default="", metadata={"help": "--engine ray: the cluster to join, auto or ray://HOST:10001 or HOST:6379 ('' starts a local one)"})
    workers: int = field(default=2, metadata={"help": "--engine ray: actors classifying at once, each with the student loaded"})
    gpus_per_worker: float = field(default=0.0, metadata={"help": "--engine ray: GPUs each actor takes (0: CPU)"})
    cpus_per_worker: float = field(default=1.0, metadata={"help": "--engine ray: CPU cores each actor takes (its torch threads)"})


# ----------------------------------------------------------------------------------------------------
# Settings checked before anything is loaded
# ----------------------------------------------------------------------------------------------------


def parse_shard(spec: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(spec))
    if not m:
        raise UserError(f"--shard must look like I/N (e.g. 0/4 for the first of four shards), got {spec!r}")
    i, n = int(m.group(1)), int(m.group(2))
    if n < 1:
        raise UserError(f"--shard {spec}: the number of shards must be at least 1")
    if i >= n:
        raise UserError(f"--shard {spec}: shards are numbered from 0 to {n - 1} of {n}; use {n - 1}/{n} for the last one")
    return i, n


def input_fingerprint(path: Path) -> dict:
    """Size plus a hash of the first and last MiB: cheap on a multi-GB file, changes when the file does."""
    if path.is_dir():
        h = hashlib.sha256()
        for p in sorted(path.rglob("*")):
            if p.is_file():
                h.update(f"{p.relative_to(path)}:{p.stat().st_size}\n".encode())
        return {"kind": "folder", "sha256": h.hexdigest()[:16]}
    size = path.stat().st_size
    h = hashlib.sha256()
    with path.open("rb") as f:
        h.update(f.read(1 << 20))
        if size > 2 << 20:
            f.seek(size - (1 << 20))
            h.update(f.read())
    return {"kind": "file", "size": size, "sha256_head_tail": h.hexdigest()[:16]}


# ----------------------------------------------------------------------------------------------------
# Streaming input
# ----------------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------------
# Output: parts and manifest
# ----------------------------------------------------------------------------------------------------


def schema(task, cascade: bool = False):
    """The parts' columns; a cascade adds who answered and the student's own labels."""
    import pyarrow as pa

    value = {"boolean": pa.bool_(), "enum": pa.string()}
    labels = pa.struct([(f.name, value[f.type]) for f in task.fields])
    columns = [
        ("id", pa.string()),
        ("row", pa.int64()),
        ("labels", labels),
        ("confidence", pa.struct([(f.name, pa.float64()) for f in task.fields])),
        ("error", pa.string()),
        ("warning", pa.string()),
        ("prompt_tokens", pa.int64()),
    ]
    if cascade:
        columns += [("answered_by", pa.string()), ("student_labels", labels)]
    return pa.schema(columns)


def write_part(out: Path, number: int, ids: list[str], rows: list[int], results: list[dict], task, cascade: bool = False) -> Path:
    """One finished chunk, written under a hidden temporary name and renamed: complete or absent."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = schema(task, cascade).names
    columns = {"id": ids, "row": rows, **{name: [r.get(name) for r in results] for name in names[2:]}}
    table = pa.Table.from_pydict(columns, schema=schema(task, cascade))
    final = out / PART.format(number)
    tmp = out / ("." + final.name + ".tmp")
    with tmp.open("wb") as f:
        pq.write_table(table, f, compression="zstd")
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(final)
    return final


def finished_parts(out: Path) -> int:
    """How many parts are done: part-00000 ... part-(k-1), with no gap."""
    numbers = sorted(int(m.group(1)) for p in out.iterdir() if (m := _PART_RE.match(p.name)))
    if numbers != list(range(len(numbers))):
        missing = sorted(set(range(max(numbers) + 1)) - set(numbers))
        raise UserError(f"{out}: part {PART.format(missing[0])} is missing between finished parts; "
                        "the folder was edited by hand: delete it and start again")
    return len(numbers)


def model_identity(student) -> dict:
    """The student's stable identity (its describe(), with a hash of the adapter's weights),
    JSON-normalised so it compares with the manifest's copy."""
    ident = dict(student.describe())
    # local folders: the same folder reached from another working directory is the same model, and an
    # adapter retrained in place is not
    if ident.get("backend") in ("tgi", "openai") and ident.get("model"):
        ident.pop("url", None)  # the same model on another replica or port is the same model
    for key in ("base_model", "adapter"):
        if ident.get(key):
            ident[key] = _resolved(str(ident[key]))
    weights = Path(str(ident.get("adapter") or "")) / "adapter_model.safetensors"
    if ident.get("adapter") and weights.is_file():
        ident["adapter_weights_sha256"] = hash_file(weights).hexdigest()[:16]
    if getattr(student, "calibration", None):  # confidences calibrated another way are not mixed into one folder
        ident["calibration"] = student.calibration.temperatures
    return json.loads(json.dumps(ident, sort_keys=True, default=str))


def _resolved(name: str) -> str:
    return str(Path(name).resolve()) if name and Path(name).exists() else name


def _differences(old: dict, new: dict, out: Path) -> None:
    """Refuse to add to a folder started with other settings, naming the first that differs."""
    def short(v) -> str:
        return json.dumps(v, sort_keys=True)[:160]

    if old.get("task") != new["task"]:
        raise UserError(f"{out} holds results of task {old.get('task', {}).get('name')!r}, not {new['task']['name']!r}; "
                        "pass another --out (or the same task to resume it)")
    if old.get("model") != new["model"]:
        raise UserError(f"{out} was started with model {short(old.get('model'))}, this run uses {short(new['model'])}; "
                        "refusing to mix their outputs: resume with the same model or pass another --out")
    for key, flag in (("input", "--input"), ("input_fingerprint", "--input"), ("text_column", "--text-column"),
                      ("split", "--split"), ("shard", "--shard"), ("chunk_size", "--chunk-size")):
        if old.get(key) != new[key]:
            what = "the input file has changed since" if key == "input_fingerprint" else f"{flag} was {short(old.get(key))} in"
            raise UserError(f"{out}: {what} the run that started this folder; resume with the same {flag} or pass another --out")


def check_out_folder(out: Path) -> dict | None:
    """The manifest of a started folder, None for a new or empty one; a UserError for anything else."""
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file; pass a folder")
    if not out.exists():
        return None
    manifest = out / MANIFEST
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text())
            assert isinstance(data, dict) and data.get("stage") == "batch"
        except (json.JSONDecodeError, AssertionError):
            raise UserError(f"{out}/{MANIFEST} is not a batch manifest; pass another --out") from None
        return data
    visible = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    if visible:
        raise UserError(f"--out {out} already holds other files ({', '.join(sorted(visible)[:3])}) and no {MANIFEST}; "
                        "pass a new or empty folder")
    return None


# ----------------------------------------------------------------------------------------------------
# The stage, in steps the Ray engine (pipeline.batch_ray) shares
# ----------------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """A run settled before anything is written: where, which rows, and the folder's manifest."""

    source: Path
    out: Path
    shard: tuple[int, int]
    column: str
    manifest: dict
    old: dict | None  # the manifest found in OUT, None for a new folder
    done_parts: int  # finished parts already in OUT
    skip: int  # rows of this shard already in those parts


def check_settings(config: BatchConfig) -> tuple[tuple[int, int], Path, Path, dict | None]:
    """The shard, the input, the output folder and its manifest if started; one line for anything wrong."""
    shard = parse_shard(config.shard)
    if config.engine not in ENGINES:
        raise UserError(f"--engine must be local or ray, got {config.engine!r}")
    if config.chunk_size < 1:
        raise UserError(f"--chunk-size must be at least 1, got {config.chunk_size}")
    if config.batch_size < 1:
        raise UserError(f"--batch-size must be at least 1, got {config.batch_size}")
    if not config.input:
        raise UserError("nothing to classify: pass --input FILE (JSONL, CSV or parquet)")
    source = Path(config.input)
    if not source.exists():
        raise UserError(f"input not found: {source}")
    out = Path(config.out)
    return shard, source, out, check_out_folder(out)


def plan(config: BatchConfig, settings: tuple, task, identity: dict, cascade: dict | None = None) -> Plan:
    """The manifest of this run, checked against the folder's, and how far the folder already got."""
    (shard_i, shard_n), source, out, old = settings
    column = config.text_column or task.input
    manifest = {
        "stage": "batch", "format": FORMAT,
        "task": task.to_dict(),
        "model": identity,
        "input": str(source.resolve()),
        "input_fingerprint": input_fingerprint(source),
        "text_column": column,
        "split": config.split if source.is_dir() else None,
        "shard": f"{shard_i}/{shard_n}",
        "chunk_size": config.chunk_size,
    }
    if cascade:  # the teacher and threshold: a folder is never finished with other cascade settings
        manifest["cascade"] = cascade
    if old is not None:
        _differences(old, manifest, out)
        manifest = {**old, **{k: v for k, v in manifest.items() if k not in old}}
    manifest["engine"] = config.engine  # of the latest run: either engine resumes the other's folder
    done_parts = finished_parts(out) if out.is_dir() else 0
    return Plan(source, out, (shard_i, shard_n), column, manifest, old, done_parts, done_parts * config.chunk_size)


def already_complete(p: Plan) -> dict | None:
    """The summary of a folder that is already complete (nothing to do), else None."""
    if p.old is None or not p.old.get("complete"):
        return None
    log.warning("%s is already complete (%d rows in %d parts); nothing to do", p.out, p.old.get("rows", 0), p.done_parts)
    return {"out": str(p.out), "rows": p.old.get("rows"), "parts": p.done_parts, "new_rows": 0, "errors": p.old.get("errors", 0),
            "seconds": 0.0, "recipes_per_second": None, "complete": True}


def refuse_a_missing_column(config: BatchConfig) -> None:
    """A local input file whose first row lacks the text column (--text-column, else the input of the task known
    before loading: --task, or a local adapter folder's): one line, before the student is loaded."""
    task = config.known_task()
    column = config.text_column or (task.input if task else None)
    if column is None or not Path(config.input).is_file():
        return
    first = next(stream_rows(Path(config.input), lambda index: index == 0, config.split, columns=[column, config.id_column]), None)
    if first is not None and column not in first[1]:
        raise UserError(missing_column(config.input, column, first[1]))


def rows_to_classify(config: BatchConfig, p: Plan):
    """(index, row) of this shard's rows after the finished parts, streamed; the first is read at once so a
    missing column or an empty input is refused before anything is written."""
    shard_i, shard_n = p.shard
    skip = p.skip
    keep = lambda index: index % shard_n == shard_i and index // shard_n >= skip  # noqa: E731
    rows = stream_rows(p.source, keep, config.split, columns=[p.column, config.id_column])
    first = next(rows, None)
    if first is not None and p.column not in first[1]:
        raise UserError(missing_column(p.source, p.column, first[1]))
    if first is None and skip == 0 and shard_n == 1:
        raise UserError(f"{p.source}: no rows to classify")
    return itertools.chain([first] if first is not None else [], rows)


def text_and_id(index: int, row: dict, column: str, id_column: str) -> tuple[str, str]:
    """A row's text ('' for none) and id (its index when it has none)."""
    text, rid = row.get(column), row.get(id_column)
    return ("" if text is None else str(text)), str(index if rid is None or rid == "" else rid)


def begin_writing(p: Plan):
    """Create OUT, take its lock (held while the returned handle lives), drop a part left half-written by
    a killed run and mark the manifest unfinished."""
    p.out.mkdir(parents=True, exist_ok=True)
    lock = _lock(p.out)
    for stale in p.out.glob(".part-*.tmp"):  # a part being written when the last run was killed
        stale.unlink()
    p.manifest["complete"] = False
    _write_json(p.out / MANIFEST, p.manifest)
    return lock


def shard_total(config: BatchConfig, p: Plan) -> int | None:
    """Rows in this shard (for the progress bar's ETA), None when the input cannot tell cheaply."""
    shard_i, shard_n = p.shard
    total_rows = count_rows(p.source, config.split)
    return None if total_rows is None else max(0, (total_rows - shard_i + shard_n - 1) // shard_n)


def progress_bar(config: BatchConfig, p: Plan, progress: Callable[[int, int | None], None] | None = None):
    """A tqdm bar over this shard's rows (recipes/s and an ETA) that also reports to `progress(done, total)`."""
    from tqdm.auto import tqdm

    class Bar(tqdm):
        def update(self, n=1):
            super().update(n)
            if progress is not None:
                progress(self.n, self.total)

    shard_i, shard_n = p.shard
    return Bar(total=shard_total(config, p), initial=p.skip, desc=f"classifying shard {shard_i}/{shard_n}" if shard_n > 1 else "classifying",
               unit="recipe", smoothing=0.05, mininterval=0.5)


class PartWriter:
    """Collects classified rows in input order and writes a part every `chunk_size` rows (and the rest on close)."""

    def __init__(self, p: Plan, chunk_size: int, task):
        self.out, self.chunk_size, self.task = p.out, chunk_size, task
        self.cascade = bool(p.manifest.get("cascade"))
        self.part, self.new_rows = p.done_parts, 0
        self.ids: list[str] = []
        self.rows: list[int] = []
        self.results: list[dict] = []

    def add(self, ids: list[str], rows: list[int], results: list[dict]) -> None:
        if self.rows and rows and rows[0] <= self.rows[-1]:
            raise RuntimeError(f"rows out of order: {rows[0]} after {self.rows[-1]}")  # would break resuming
        self.ids += ids
        self.rows += rows
        self.results += results
        while len(self.rows) >= self.chunk_size:
            self._write(self.chunk_size)

    def close(self) -> None:
        if self.rows:
            self._write(len(self.rows))

    def _write(self, n: int) -> None:
        write_part(self.out, self.part, self.ids[:n], self.rows[:n], self.results[:n], self.task, self.cascade)
        del self.ids[:n], self.rows[:n], self.results[:n]
        self.part, self.new_rows = self.part + 1, self.new_rows + n


def finish(p: Plan, writer: PartWriter, seconds: float) -> dict:
    """Mark the manifest complete, with its rows and errors, and summarise the run."""
    total_done, all_errors = count_rows_and_errors(p.out)
    p.manifest.update(complete=True, rows=total_done, parts=writer.part, errors=all_errors)
    _write_json(p.out / MANIFEST, p.manifest)
    new_rows = writer.new_rows
    return {
        "out": str(p.out), "rows": total_done, "parts": writer.part, "new_rows": new_rows, "resumed_after_rows": p.skip,
        "errors": all_errors, "seconds": round(seconds, 3),
        "recipes_per_second": round(new_rows / seconds, 2) if seconds and new_rows else None, "complete": True,
    }


def run(config: BatchConfig, student=None, progress: Callable[[int, int | None], None] | None = None,
        stop: threading.Event | None = None, teacher_key: str | None = None, public_teacher_only: bool = False) -> dict:
    """Classify this shard of the input into OUT's parts, resuming after the last finished one.
    `progress(done, total)` is called after each batch (for the app); the CLI shows a tqdm bar. Setting `stop`
    ends the run after the chunk in hand (its part written; the same settings resume it). The cascade's teacher
    uses `teacher_key` when given (else the environment's key), connecting only to public addresses with
    `public_teacher_only` (a visitor's teacher on a public app).
    This is the local engine; `--engine ray` is pipeline.batch_ray.run (the CLI picks it)."""
    settings = check_settings(config)
    if config.engine != "local":
        raise UserError(f"--engine {config.engine} runs through pipeline.batch_ray.run, not batch.run")
    if student is None:
        refuse_a_missing_column(config)  # before the model loads: seconds sooner on a CPU
    student = student or config.load()
    # its threshold is checked before any work
    cascade = Cascade(config, student, teacher_key, public_only=public_teacher_only) if config.cascade_teacher else None
    p = plan(config, settings, student.task, model_identity(student), cascade.identity() if cascade else None)
    if (done := already_complete(p)) is not None:
        return done
    rows = rows_to_classify(config, p)
    lock = begin_writing(p)  # noqa: F841 - held until this function returns (or the process dies)
    writer = PartWriter(p, config.chunk_size, student.task)
    drift = DriftWatch(getattr(student, "calibration", None))
    start = time.perf_counter()
    with progress_bar(config, p, progress) as bar:
        for chunk in chunks(rows, config.chunk_size):
            if stop is not None and stop.is_set():
                break
            pairs = [text_and_id(index, row, p.column, config.id_column) for index, row in chunk]
            texts = [text for text, _ in pairs]
            results = student.classify(texts, config.batch_size, progress=bar)
            if (line := drift.add(results)):
                log.warning("%s", line)
            if cascade:
                results = cascade.answer(texts, results)  # before the part is written: a killed run asks the cache again
            writer.add([rid for _, rid in pairs], [index for index, _ in chunk], results)
    writer.close()
    if stop is not None and stop.is_set():
        done, errors = count_rows_and_errors(p.out)
        return with_trust({"out": str(p.out), "rows": done, "parts": writer.part, "new_rows": writer.new_rows, "errors": errors,
                           "seconds": round(time.perf_counter() - start, 3), "complete": False, "cancelled": True}, drift, cascade)
    if (line := drift.test()):
        log.warning("%s", line)
    return with_trust(finish(p, writer, time.perf_counter() - start), drift, cascade)


EXPORTS = ("csv", "jsonl", "parquet")


def export_predictions(out: str | Path, fmt: str, dest: str | Path) -> Path:
    """The finished parts as one table a user opens: id, row, one column per field, each field's confidence, who
    answered (a cascade), the error and the warning; written to `dest` as CSV, JSONL or parquet."""
    import pandas as pd

    if fmt not in EXPORTS:
        raise UserError(f"the download format must be {', '.join(EXPORTS)}, got {fmt!r}")
    parts = sorted(Path(out).glob("part-*.parquet"))
    if not parts:
        raise UserError(f"{out}: no finished part to download yet")
    table = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    flat = table[["id", "row"]].copy()
    labels = pd.json_normalize(table["labels"].map(lambda v: v if isinstance(v, dict) else {}).tolist())
    confidence = pd.json_normalize(table["confidence"].map(lambda v: v if isinstance(v, dict) else {}).tolist())
    for name in labels.columns:
        flat[name] = labels[name].values
    for name in confidence.columns:
        flat[f"{name}_confidence"] = confidence[name].values
    for name in ("answered_by", "error", "warning"):
        if name in table.columns:
            flat[name] = table[name].values
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        flat.to_csv(dest, index=False)
    elif fmt == "jsonl":
        flat.to_json(dest, orient="records", lines=True, force_ascii=False)
    else:
        flat.to_parquet(dest, index=False)
    return dest


def with_trust(summary: dict, drift: DriftWatch, cascade: Cascade | None) -> dict:
    """The summary, with the drift test's result and the cascade's counts when there are any."""
    if drift.result:
        summary["drift"] = drift.result
    if cascade:
        summary["cascade"] = cascade.summary(summary["new_rows"])
        if (line := cascade.failure_line()):
            log.warning("%s", line)
            summary["cascade"]["warning"] = line
    return summary


def chunks(items, size: int):
    """Lists of `size` items (the last one shorter) from an iterator."""
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def count_rows_and_errors(out: Path) -> tuple[int, int]:
    """Rows, and rows with an error, over all finished parts (reads only the error column)."""
    import pyarrow.parquet as pq

    tables = [pq.read_table(p, columns=["error"]) for p in sorted(out.glob("part-*.parquet"))]
    return sum(t.num_rows for t in tables), sum(t.num_rows - t.column("error").null_count for t in tables)


def _lock(out: Path):
    """An exclusive lock on OUT/.lock, so two runs never write the same folder; the system drops it when
    the process ends, even by SIGKILL."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one run per folder is the user's care
        return None
    handle = (out / ".lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise UserError(f"another batch run is writing to {out}; wait for it, or give each run its own --out") from None
    return handle


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False))
    tmp.replace(path)
