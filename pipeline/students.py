"""Students as versions: every student a workspace can use, listed in one place, chosen on purpose.

A student is an adapter folder. The registry is what the disk already holds, read fresh each time (no second
copy to fall out of step):
- the shipped ones (models.SHIPPED_STUDENTS: `tiny`, `smollm2-135m`), which cannot be deleted;
- every training run of the workspace (`adapters/*`), finished or cancelled (training.json says which);
- every adapter loaded from the Hub into it (`hub-adapters/*`).

For each: its base, its data, when it was made, its steps and final loss, finished or cancelled, its calibration,
and its latest evaluation (the newest `eval/*/report.json` made for it, with its rows). The workspace's
settings.json names the active one (`adapter`), as before; `python -m pipeline students` lists, switches and
deletes them for the app's data folder (the CLI's `classify` without --adapter uses the same active student).
StudentCache keeps the loaded ones, shared by every visitor of the app.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import json
import shutil
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.errors import UserError
from pipeline.models import SHIPPED_STUDENTS, app_home, resolve_base

KINDS = (("adapters", "trained"), ("hub-adapters", "loaded"))  # a workspace's folders of students, and what each holds


@dataclass
class StudentEntry:
    name: str  # what the picker and the CLI call it: a shipped name, or the folder relative to the workspace
    folder: str  # the adapter folder
    kind: str  # shipped, trained or loaded
    base: str = ""
    data: str = ""
    made: str = ""  # when (the training's end, else the folder's time)
    steps: int | None = None
    final_loss: float | None = None
    state: str = ""  # finished, cancelled (a training run), shipped, loaded
    calibration: str = ""  # "calibrated (ECE 0.012)", or "not calibrated"
    evaluation: str = ""  # "0.986 on 1,200 rows (prepared/.../test.jsonl)", or ""
    active: bool = False
    deletable: bool = field(default=True)

    def summary(self) -> str:
        """One line for the picker's note and the CLI."""
        parts = [f"{self.kind}", f"base {self.base or '?'}"]
        if self.data:
            parts.append(f"data {self.data}")
        if self.made:
            parts.append(f"made {self.made}")
        if self.steps is not None:
            loss = f", final loss {self.final_loss:.4f}" if isinstance(self.final_loss, (int, float)) else ""
            parts.append(f"{self.steps} steps{loss}, {self.state}")
        parts.append(self.calibration or "not calibrated")
        parts.append(f"evaluated: {self.evaluation}" if self.evaluation else "not evaluated yet")
        return " · ".join(parts)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def entry_of(folder: Path, name: str, kind: str, root: Path | None = None) -> StudentEntry:
    """What a student folder says about itself (training.json, calibration.json, its newest evaluation)."""
    training = _read_json(folder / "training.json")
    config = _read_json(folder / "adapter_config.json")
    made = training.get("finished_at") or ("" if kind == "shipped" else time.strftime("%Y-%m-%d %H:%M", time.localtime(folder.stat().st_mtime)))
    entry = StudentEntry(name=name, folder=str(folder), kind=kind, made=made,
                         base=_base_name(str(config.get("base_model_name_or_path") or ""), str(training.get("base_model") or "")),
                         data=Path(str((training.get("config") or {}).get("dataset") or "")).parent.name if training.get("config") else "",
                         deletable=kind != "shipped")
    if training and kind == "trained":
        entry.steps, entry.final_loss = training.get("steps"), training.get("final_loss")
        entry.state = "cancelled" if training.get("cancelled") else "finished"
    else:
        entry.state = kind
    calibration = _read_json(folder / "calibration.json")
    if calibration:
        after = [m.get("after", {}) for m in (calibration.get("metrics") or {}).values() if isinstance(m, dict)]
        rows = after[0].get("rows") if after else None
        ece = max((a.get("ece") for a in after if isinstance(a.get("ece"), (int, float))), default=None)
        entry.calibration = "calibrated" + (f" on {rows:,} rows" if isinstance(rows, int) else "") + \
            (f" of {calibration['reference']}" if calibration.get("reference") else "") + \
            (f" (worst field's ECE {ece:.3f})" if ece is not None else "")
    entry.evaluation = latest_evaluation(folder, root)
    return entry


def _base_name(configured: str, trained: str) -> str:
    """How the base is named: the adapter config's shareable name (a Hub id, understudy-tiny-base), else the
    training's (a local folder's own name), never a server path."""
    if configured and not Path(configured).is_absolute():
        return configured
    return Path(trained or configured).name if (trained or configured) else ""


EVALUATED_FILE = "student.txt"  # beside an evaluation's report.json: the adapter folder its figures are for


def report_is_for(report_path: Path, student: Path) -> bool:
    """Whether a report.json holds figures for this student: its run names the student (EVALUATED_FILE), or it is the
    report shipped or built beside the student's own folder (pipeline/demo_student/report.json for .../adapter)."""
    named = report_path.parent / EVALUATED_FILE
    if named.is_file():
        return Path(named.read_text().strip()).resolve() == student.resolve()
    return report_path.parent.resolve() == student.parent.resolve()


def evaluations_of(student: Path, root: Path | None) -> list[Path]:
    """The report.json of every evaluation run under root/eval made for this student, newest first."""
    runs = (root / "eval").glob("*/report.json") if root and (root / "eval").is_dir() else []
    return sorted((p for p in runs if report_is_for(p, student)), key=lambda p: p.stat().st_mtime, reverse=True)


def latest_evaluation(folder: Path, root: Path | None) -> str:
    """The newest evaluation made for this student: "0.986 on 1,200 rows (where)", or its shipped report's."""
    beside = folder.parent / "report.json"
    found = evaluations_of(folder, root) or ([beside] if beside.is_file() and report_is_for(beside, folder) else [])
    if not found:
        return ""
    report = _read_json(found[0])
    mean = report.get("mean_agreement")
    if mean is None and isinstance(report.get("models"), dict) and report["models"]:
        first = next(iter(report["models"].values()))
        mean, report = first.get("mean_agreement"), {**report, **first}
    n = report.get("n") or report.get("rows") or report.get("n_rows")
    where = Path(str(report.get("reference") or "")).parent.name
    return (f"{mean:.3f}" if isinstance(mean, (int, float)) else "?") + (f" on {n:,} rows" if isinstance(n, int) else "") + \
        (f" of {where}" if where else "")


def list_students(root: Path, active: str | None = None) -> list[StudentEntry]:
    """The shipped students, then this workspace's own, newest first; `active` (a folder) marked."""
    entries = [entry_of(path, name, "shipped", root) for name, path in SHIPPED_STUDENTS.items() if (path / "adapter_config.json").is_file()]
    own = []
    for sub, kind in KINDS:
        for folder in (root / sub).glob("*") if (root / sub).is_dir() else []:
            for candidate in [folder, *sorted(folder.glob("*"))]:  # hub-adapters/REPO/REVISION
                if (candidate / "adapter_config.json").is_file():
                    own.append(entry_of(candidate, str(candidate.relative_to(root)), kind, root))
    built = root / "demo" / "adapter"  # the demo student the app built, where none was shipped
    if (built / "adapter_config.json").is_file():
        own.append(entry_of(built, "demo/adapter", "trained", root))
    entries += sorted(own, key=lambda e: Path(e.folder).stat().st_mtime, reverse=True)
    if active and (Path(active) / "adapter_config.json").is_file() and \
            not any(Path(e.folder).resolve() == Path(active).resolve() for e in entries):
        default = entry_of(Path(active), "the app's student", "default", root)  # a visitor's default: the owner's choice
        default.deletable = False
        entries.insert(0, default)
    for e in entries:
        e.active = bool(active) and Path(e.folder).resolve() == Path(active).resolve()
    return entries


def find(entries: list[StudentEntry], name: str) -> StudentEntry:
    """The student called `name` (a shipped name or a folder as listed), or one line listing the names."""
    name = (name or "").strip()
    for e in entries:
        if name in (e.name, e.folder):
            return e
    names = ", ".join(e.name for e in entries)
    raise UserError(f"no student {name!r}; the students are: {names}")


def delete(entry: StudentEntry, root: Path) -> None:
    """Remove a trained or loaded student's folder (never a shipped one, never outside `root`)."""
    if not entry.deletable:
        raise UserError(f"{entry.name} is a shipped student: it cannot be deleted")
    folder = Path(entry.folder).resolve()
    if not folder.is_relative_to(root.resolve()):
        raise UserError(f"{entry.name} is not in this data folder: not deleted")
    shutil.rmtree(folder)


# ----------------------------------------------------------------------------------------------------
# CLI: python -m pipeline students [--use NAME | --delete NAME]
# ----------------------------------------------------------------------------------------------------


@dataclass
class StudentsConfig:
    home: str = field(default="", metadata={"help": "the data folder whose students to list (default: the app's, UNDERSTUDY_HOME or data/app)"})
    use: str = field(default="", metadata={"help": "make this student the active one (a name as listed)"})
    delete: str = field(default="", metadata={"help": "delete this trained or loaded student (not a shipped one)"})
    json: bool = field(default=False, metadata={"help": "print the list as JSON"})


def _settings(root: Path) -> dict:
    return _read_json(root / "settings.json")


_SETTINGS_THREAD_LOCKS: dict[str, threading.Lock] = collections.defaultdict(threading.Lock)


@contextlib.contextmanager
def settings_lock(root: Path):
    """settings.json's lock, held across a read-modify-write: between threads of the app and between processes (the
    app and `python -m pipeline students`), so neither writes over what the other just saved."""
    root.mkdir(parents=True, exist_ok=True)
    with _SETTINGS_THREAD_LOCKS[str(root.resolve())], (root / ".settings.lock").open("w") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; the thread lock alone
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _save_active(root: Path, folder: str | None) -> None:
    with settings_lock(root):
        settings = _settings(root)
        if folder:
            settings["adapter"] = folder
        else:
            settings.pop("adapter", None)
        tmp = root / ".settings-students.tmp"
        tmp.write_text(json.dumps(settings, indent=1))
        tmp.replace(root / "settings.json")


def run(config: StudentsConfig) -> dict:
    root = Path(config.home or app_home())
    active = _settings(root).get("adapter")
    entries = list_students(root, active)
    if config.use:
        chosen = find(entries, config.use)
        resolve_base(Path(chosen.folder), "")
        _save_active(root, chosen.folder)
        active = chosen.folder
    if config.delete:
        chosen = find(entries, config.delete)
        delete(chosen, root)
        if chosen.active:
            _save_active(root, None)  # back to the default: the shipped student
            active = None
    entries = list_students(root, active)
    if config.json:
        print(json.dumps([asdict(e) for e in entries], indent=1))
    else:
        for e in entries:
            print(("* " if e.active else "  ") + e.name)
            print("    " + e.summary())
        if not any(e.active for e in entries):
            print("(no student chosen: the app and `classify` use the shipped tiny student)")
    return {"students": [asdict(e) for e in entries], "active": active}


class StudentCache:
    """Loaded students, shared by every visitor's workspace: one model per adapter (and its weights'
    mtime, so an adapter retrained in place loads again), the last few kept.

    A student loads outside the cache's lock: one loader per key, and a caller waits only for its own key (a
    slow or failing load, such as a large Hub base, stalls nobody else's student; its error reaches the callers
    waiting for that key, and the next call tries again)."""

    def __init__(self, keep: int = 3, wait_seconds: float = 300.0):
        self.keep, self.loaded, self.lock = keep, collections.OrderedDict(), threading.Lock()
        self.loading: dict = {}  # key -> the Future its one loader will fill
        self.wait_seconds = wait_seconds  # how long a second caller waits for someone else's load of the same student

    def get(self, key, load):
        with self.lock:
            if key in self.loaded:
                self.loaded.move_to_end(key)
                return self.loaded[key]
            pending, mine = self.loading.get(key), False
            if pending is None:
                pending, mine = self.loading.setdefault(key, concurrent.futures.Future()), True
        if not mine:
            try:
                return pending.result(timeout=self.wait_seconds)
            except concurrent.futures.TimeoutError:
                raise UserError(f"this student is still loading after {self.wait_seconds:g} s (a large base model downloading?); "
                                "try again in a few minutes") from None
        try:
            student = load()
        except BaseException as e:
            with self.lock:
                self.loading.pop(key, None)
            pending.set_exception(e)
            raise
        with self.lock:
            self.loaded[key] = student
            self.loading.pop(key, None)
            while len(self.loaded) > self.keep:
                self.loaded.popitem(last=False)
        pending.set_result(student)
        return student
