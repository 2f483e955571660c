"""store: the proxy's record of the calls it answered, one SQLite file (write-ahead log), ready for `prepare`.

`pipeline.proxy` writes one row per call that matched the task (`CallStore.add`), committed before the caller
gets its answer: a process killed at any moment (SIGKILL included) loses no answered call, and holds none
twice (each call has its own id, the table's key). SQLite's WAL with synchronous=NORMAL is durable across a
crash of the process; only a crash of the machine itself (power) may lose the last commits. Calls that did not
match, upstream failures and the like are counted (`CallStore.count`), not stored.

A row holds the text, who answered (`teacher`: the upstream; `student`), the labels the caller got, the
teacher's labels (`teacher_labels`: the upstream's answer, also for an audited student answer), the student's
labels and calibrated confidence when it answered or was asked, the upstream model, tokens, dollars, the time
taken, and a salted hash of the caller's key (`key_hash`; the salt lives in the store, the key nowhere).

`labeled_rows(path, split)` reads a store as `prepare` reads a labeled file: one row per distinct text (the newest
teacher answer wins), with the task's input column, `labels` (the teacher's) and provenance (source,
teacher_model, labeled_at, origin: record, cascade or audit). Rows the student answered without an audit have
no teacher labels and are left out: a student never learns from its own answers. Split "audit" keeps only the
audited answers: a uniform sample of the calls the student answered, the rows to calibrate it on.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

from pipeline.errors import UserError
from pipeline.task import Task

SUFFIXES = (".sqlite", ".sqlite3", ".db")
CHECKPOINT_EVERY = 50  # rows between folds of the write-ahead log into the file
COLUMNS = ("call_id", "created", "route", "mode", "model", "teacher_model", "answered_by", "text", "labels", "teacher_labels",
           "student_labels", "student_confidence", "audit", "stream", "prompt_tokens", "completion_tokens", "dollars", "latency_ms",
           "key_hash", "student")
JSON_COLUMNS = ("labels", "teacher_labels", "student_labels", "student_confidence")
SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    call_id TEXT PRIMARY KEY, created TEXT NOT NULL, route TEXT, mode TEXT, model TEXT, teacher_model TEXT,
    answered_by TEXT NOT NULL, text TEXT NOT NULL, labels TEXT, teacher_labels TEXT, student_labels TEXT,
    student_confidence TEXT, audit INTEGER NOT NULL DEFAULT 0, stream INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER,
    completion_tokens INTEGER, dollars REAL, latency_ms REAL, key_hash TEXT, student TEXT);
CREATE TABLE IF NOT EXISTS counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
assert all(c in SCHEMA for c in COLUMNS)


def is_store(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def _connect(path: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db
    except sqlite3.DatabaseError as e:
        raise UserError(f"{path}: not a proxy store that SQLite can open ({e}); give the proxy's --store file") from None


class CallStore:
    """The store of one task's calls. Thread-safe; every write is its own committed transaction."""

    def __init__(self, path: str | Path, task: Task):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = _connect(self.path)
        self.lock = threading.Lock()
        with self.lock:
            self.db.executescript(SCHEMA)
            meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("task", task.name) != task.name:
                raise UserError(f"{self.path} holds calls of the task {meta['task']!r}, not {task.name!r}; give another --store")
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('task', ?)", (task.name,))
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('input', ?)", (task.input,))
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
            self.salt = self.db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0]
            self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the tables in the file itself, for a copy taken while it runs
        self.writes = 0

    def key_hash(self, key: str) -> str | None:
        """A salted hash of a caller's key: tells callers apart, and cannot be turned back into the key."""
        return hashlib.sha256((self.salt + key).encode()).hexdigest()[:16] if key else None

    def add(self, row: dict) -> None:
        """Store one call (committed when this returns)."""
        row = {"audit": 0, "stream": 0, **{k: v for k, v in row.items() if v is not None}}
        values = [json.dumps(row.get(c), ensure_ascii=False) if c in JSON_COLUMNS and row.get(c) is not None else row.get(c)
                  for c in COLUMNS]
        with self.lock:
            self.db.execute(f"INSERT INTO calls ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", values)
            self.writes += 1
            if self.writes % CHECKPOINT_EVERY == 0:  # fold the log into the file now and then: a copy of the file alone is recent
                self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def audit(self, call_id: str, teacher: dict) -> None:
        """Add the upstream's answer to a call the student answered (an audit): its labels, model, tokens, dollars."""
        with self.lock:
            self.db.execute("UPDATE calls SET audit = 1, teacher_labels = ?, teacher_model = ?, prompt_tokens = ?, completion_tokens = ?, "
                            "dollars = ? WHERE call_id = ?", (json.dumps(teacher["teacher_labels"], ensure_ascii=False), teacher["teacher_model"],
                                                          teacher["prompt_tokens"], teacher["completion_tokens"], teacher["dollars"], call_id))

    def count(self, name: str, n: int = 1) -> None:
        with self.lock:
            self.db.execute("INSERT INTO counts VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET n = n + excluded.n", (name, n))

    def counts(self) -> dict[str, int]:
        with self.lock:
            return dict(self.db.execute("SELECT name, n FROM counts ORDER BY name").fetchall())

    def rows(self, where: str = "", args: tuple = ()) -> list[dict]:
        with self.lock:
            found = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM calls {where} ORDER BY rowid", args).fetchall()
        return [_decoded(dict(zip(COLUMNS, r))) for r in found]

    def tally(self) -> dict[str, int]:
        """Stored calls by who answered, and how many were audits."""
        with self.lock:
            by = dict(self.db.execute("SELECT answered_by, COUNT(*) FROM calls GROUP BY answered_by").fetchall())
            audits = self.db.execute("SELECT COUNT(*) FROM calls WHERE audit = 1 AND teacher_labels IS NOT NULL").fetchone()[0]
        return {"teacher": by.get("teacher", 0), "student": by.get("student", 0), "audited": audits}

    def close(self) -> None:
        with self.lock:
            self.db.close()


def _decoded(row: dict) -> dict:
    for c in JSON_COLUMNS:
        if row.get(c) is not None:
            row[c] = json.loads(row[c])
    return row


def labeled_rows(path: str | Path, split: str | None = None) -> list[dict]:
    """The store's teacher-labeled calls as labeled rows for `prepare`: one per distinct text, the newest answer.
    `split` "audit": only the audited answers of the student (a uniform sample of what it answered: the rows to
    calibrate on, `calibrate --split audit`); any other split, all of them."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"input not found: {path}")
    # read-only, and a schema's own functions not trusted: the file may be a visitor's upload. A store with its
    # write-ahead log beside it (a proxy running) is read with it; a lone file (closed, copied, uploaded) as immutable,
    # which leaves no -wal or -shm file behind
    live = Path(f"{path}-wal").exists()
    try:
        db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro{'' if live else '&immutable=1'}", uri=True)
        db.execute("PRAGMA trusted_schema=OFF")
    except sqlite3.DatabaseError as e:
        raise UserError(f"{path}: not a proxy store that SQLite can open ({e})") from None
    try:
        column = dict(db.execute("SELECT key, value FROM meta").fetchall()).get("input") or "text"
        found = db.execute("SELECT call_id, created, mode, answered_by, audit, teacher_model, text, teacher_labels FROM calls "
                           f"WHERE teacher_labels IS NOT NULL {'AND audit = 1' if split == 'audit' else ''} ORDER BY rowid").fetchall()
    except sqlite3.DatabaseError as e:
        raise UserError(f"{path.name}: not the proxy's store ({e}); give the file its --store names (a copy taken while the proxy "
                        f"runs may lack its last rows, which are in {path.name}-wal until the proxy stops)") from None
    finally:
        db.close()
    newest: dict[str, dict] = {}
    for call_id, created, mode, answered_by, audit, model, text, labels in found:
        origin = "audit" if audit else mode
        newest.pop(text, None)  # re-inserted: the rows keep the order of each text's newest answer
        newest[text] = {"id": call_id, column: text, "labels": json.loads(labels), "error": None, "source": model, "teacher_model": model,
                        "labeled_at": created, "origin": f"proxy {origin}"}
    return list(newest.values())
