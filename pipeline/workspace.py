"""workspace: one folder of the app's data (the app's own, or a visitor's), its settings and its active student.

What the tabs do are functions of a workspace in their own modules, which app.py wires widgets to: picking.py (the
Students picker), trying.py (Try it), teaching.py (the teacher, labels, Side by side), runs.py (training, Jobs, a
corpus, the demo build), scoring.py (Evaluate, Costs) and sharing.py (the Hub tab). Everything the app writes lives under one folder (UNDERSTUDY_HOME,
default data/app): the shipped demo student's split (shipped/), a demo student built from scratch (demo/), and the owner's uploads, labeled
data, trained adapters, evaluations and settings.json (the active adapter and dataset, which are the
app's default student and dataset). A key typed in the page is passed through to the call that needs
it and never stored.

Who is calling matters when the app is public (a Hugging Face Space, or `python app.py --public`):
visitors sign in with Hugging Face, and each visitor works in a folder of their own
(visitors/users/NAME, or visitors/sessions/HASH for an anonymous browser session, swept after a day),
on top of the app's default student and dataset, which only the owner changes. The owner's secrets
(OPENAI_API_KEY, HF_TOKEN) serve the owner alone (SPACE_AUTHOR_NAME, or a name in UNDERSTUDY_OWNERS); a
signed-in visitor acts on the Hub with their own token; an anonymous visitor can try the student,
compare it with stored labels or with a key they type, and train on the bundled sample, but not label,
push, pull or start Jobs. Off a Space, the single local user is the owner, with no sign-in.

The student is the active adapter, run in-process, unless the app is pointed at a server
(`python app.py --backend tgi --url http://tgi:80 --adapter-id you/student`, or the UNDERSTUDY_BACKEND,
UNDERSTUDY_URL and UNDERSTUDY_ADAPTER_ID variables): then every tab classifies through that TGI, vLLM
or `serve` endpoint, as production does.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from pipeline import hub
from pipeline import students as registry
from pipeline.cards import CALIBRATION_FILE
from pipeline.errors import UserError
from pipeline.models import (
    SHIPPED_ADAPTER,
    SHIPPED_BASE,
    SHIPPED_DIR,
    SHIPPED_STUDENTS,
    app_home,
    named_base,
)
from pipeline.repo_ids import TINY_BASE_NAME
from pipeline.runs import Build, Runs
from pipeline.serve import APIError
from pipeline.student import LocalStudent, StudentSpec
from pipeline.task import Task, task_of_folder
from pipeline.visitors import (
    LIMITS,
    LOCAL_OWNER,
    SESSION_TTL,
    UPLOADS,
    check_table_file,
    Slots,
    Visitor,
)

def default_root() -> Path:
    return app_home()


def spec_from_env() -> StudentSpec:
    """The app's student as UNDERSTUDY_BACKEND, _URL, _ADAPTER_ID, _API_KEY_ENV and _BASE_MODEL set it
    (by default: the active adapter, in-process)."""
    env = os.environ.get
    return StudentSpec(backend=env("UNDERSTUDY_BACKEND", "local") or "local", url=env("UNDERSTUDY_URL", ""),
                       adapter_id=env("UNDERSTUDY_ADAPTER_ID", ""), api_key_env=env("UNDERSTUDY_API_KEY_ENV", ""),
                       base_model=env("UNDERSTUDY_BASE_MODEL", ""), adapter="")


class Workspace:
    """One folder of the app's data and what the tabs do in it.

    The app's own workspace (`Workspace(root)`) holds the demo student, the owner's work and settings.json
    (the default student and dataset). `app.for_visitor(visitor)` gives the workspace a call acts in: the
    app's own for the owner, else the visitor's folder, which reads the app's defaults and the demo but
    writes only inside itself."""

    def __init__(self, root: str | Path | None = None, server: StudentSpec | None = None, *,
                 app: "Workspace | None" = None, visitor: Visitor = LOCAL_OWNER):
        self.root = Path(root) if root else default_root()
        self.app = app or self
        self.visitor = visitor
        self._server = server or StudentSpec(adapter="")
        self.settings_path = self.root / "settings.json"
        if app is None:
            self.build = Build()
            self.students = registry.StudentCache()
            self.runs = Runs()
            self.jobs = Slots(LIMITS.jobs_per_visitor, "training Jobs")
            self.teacher_calls = Slots(LIMITS.teacher_calls_per_visitor, "teacher calls")
            self._lock = threading.Lock()
            self._swept = 0.0

    @property
    def server(self) -> StudentSpec:
        return self.app._server

    @server.setter
    def server(self, value: StudentSpec) -> None:
        self.app._server = value

    @property
    def is_app(self) -> bool:
        return self.app is self

    def for_visitor(self, visitor: Visitor) -> "Workspace":
        """The workspace one call acts in: the app's own for the owner, the visitor's folder otherwise."""
        if visitor.owner:
            if visitor is LOCAL_OWNER or self.visitor == visitor:
                return self
            ws = Workspace(self.root, app=self, visitor=visitor)
            return ws
        folder = (self.root / "visitors" / visitor.folder_name()).resolve()
        self.sweep_sessions(keep=folder)
        ws = Workspace(folder, app=self, visitor=visitor)
        if ws.root.is_dir():
            os.utime(ws.root)  # last use, for the sweep
        return ws

    def sweep_sessions(self, ttl: float = SESSION_TTL, force: bool = False, keep: Path | None = None) -> list[str]:
        """Remove anonymous visitors' folders unused for `ttl` seconds, then the least recently used ones while there
        are more than LIMITS.anonymous_sessions or they hold more than LIMITS.anonymous_bytes (never `keep`, the
        caller's own), and Gradio's uploads older than `ttl`. At most every 10 minutes unless forced."""
        app = self.app
        now = time.time()
        if now - app._swept < 600 and not force:
            return []
        app._swept = now
        sessions = app.root / "visitors" / "sessions"
        folders = sorted((f for f in (sessions.iterdir() if sessions.is_dir() else []) if f.is_dir()),
                         key=lambda f: f.stat().st_mtime)  # least recently used first
        sizes = {f: folder_bytes(f) for f in folders}
        removed = []
        for folder in folders:
            over = len(folders) - len(removed) > LIMITS.anonymous_sessions or sum(sizes.values()) > LIMITS.anonymous_bytes
            if folder != keep and (now - folder.stat().st_mtime > ttl or over):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
                sizes.pop(folder)
        sweep_uploads(ttl, now)
        return removed

    # --- settings ------------------------------------------------------------------------------

    def settings(self) -> dict:
        try:
            return json.loads(self.settings_path.read_text())
        except (OSError, json.JSONDecodeError):
            return {}

    def save_settings(self, **values) -> dict:
        """Merge `values` into settings.json: under its lock (threads and the `students` CLI), written to a temporary
        file and renamed."""
        with registry.settings_lock(self.root):
            merged = {**self.settings(), **{k: v for k, v in values.items() if v is not None}}
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".settings-", suffix=".tmp")
            with os.fdopen(fd, "w") as f:
                json.dump(merged, f, indent=1)
            os.replace(tmp, self.settings_path)
            return merged

    def inside(self, path: str | Path) -> Path:
        """`path` resolved, if it lies in this workspace's folder; the app writes nothing else."""
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(self.root.resolve()):
            raise UserError(f"{Path(path).name} is outside your data folder")
        return resolved

    def readable(self, path: str | Path) -> Path:
        """`path` resolved, if it lies in this workspace's folder or is the app's (read-only) default."""
        resolved = Path(path).resolve()
        if resolved.is_relative_to(self.root.resolve()) or self._is_app_default(resolved):
            return resolved
        raise UserError(f"{Path(path).name} is outside your data folder")

    def _is_app_default(self, resolved: Path) -> bool:
        app = self.app
        if app.root.resolve() / "visitors" in resolved.parents:
            return False  # another visitor's folder
        if resolved.is_relative_to(app.root.resolve()) or any(resolved.is_relative_to(d.parent.resolve()) for d in SHIPPED_STUDENTS.values()):
            return True
        defaults = [app.settings().get(k) for k in ("adapter", "dataset", "report")]
        return any(d and (resolved == Path(d).resolve() or resolved.is_relative_to(Path(d).resolve().parent)) for d in defaults)

    def _own_setting(self, name: str) -> str | None:
        """A path this workspace's settings name, if it is still where it may be read."""
        value = self.settings().get(name)
        if not value:
            return None
        if is_shipped_student(value):  # a shipped student, picked by this visitor
            return value
        try:
            return str(self.inside(value)) if not self.is_app else value
        except UserError:
            return None

    # --- the active student and dataset -------------------------------------------------------

    @property
    def demo_dir(self) -> Path:
        return self.app.root / "demo"

    def adapter(self) -> str | None:
        """The active adapter folder."""
        return self.active("adapter", "adapter_config.json", "adapter")

    def dataset(self) -> str | None:
        """The active prepared dataset folder (train.jsonl, test.jsonl, dataset/)."""
        return self.active("dataset", "test.jsonl", "prepared")

    def active(self, setting: str, marker: str, demo_name: str) -> str | None:
        """This workspace's choice (a folder that holds `marker`), else the app's, else the demo's."""
        chosen = self._own_setting(setting)
        if chosen and (Path(chosen) / marker).is_file():
            return chosen
        if not self.is_app:
            return self.app.active(setting, marker, demo_name)
        for candidate in (self.demo_dir / demo_name, self.shipped(demo_name)):
            if (candidate / marker).is_file():
                return str(candidate)
        return None

    def shipped(self, demo_name: str) -> Path:
        """The shipped demo student's adapter (pipeline/demo_student), or its recipes prepared in the data folder."""
        return SHIPPED_ADAPTER if demo_name == "adapter" else self.app.root / "shipped" / demo_name

    @property
    def build(self) -> "Build":
        return self.app.__dict__["build"]

    @build.setter
    def build(self, value: "Build") -> None:
        self.app.__dict__["build"] = value

    def ready(self) -> bool:
        return self.server.remote or self.adapter() is not None

    def student_name(self) -> str | None:
        """What the banner calls the active student."""
        if self.server.remote:
            return self.server.describe()
        adapter = self.adapter()
        return self.display(adapter) if adapter else None

    def display(self, path: str | Path) -> str:
        """A path as the page shows it: relative to the app's data folder, never the machine's layout."""
        resolved = Path(path).resolve()
        for base in (self.root.resolve(), self.app.root.resolve()):
            if resolved.is_relative_to(base):
                return str(resolved.relative_to(base)) or "."
        if resolved.is_relative_to(SHIPPED_DIR.parent.resolve()):  # the shipped demo student, as the repository names it
            return "pipeline/" + str(resolved.relative_to(SHIPPED_DIR.parent.resolve()))
        return resolved.name

    def scrub(self, text: str) -> str:
        """A message as a visitor may see it: the data folders', the package's and Gradio's upload folder's absolute
        paths cut (the same places `display` names relatively)."""
        from gradio.utils import get_upload_folder

        folders = {str(self.root.resolve()), str(self.app.root.resolve()), str(Path(get_upload_folder()).resolve())}
        for folder in sorted(folders, key=len, reverse=True):
            text = text.replace(folder + os.sep, "").replace(folder, ".")
        return text.replace(str(SHIPPED_DIR.parent.resolve()), "pipeline")

    def student(self):
        """The active adapter, loaded once (and again when the active adapter changes); or the client
        of the server the app is pointed at, connected on first use (a server down gives one line)."""
        if self.server.remote:
            return self._remote_student()
        adapter = self.adapter()
        if adapter is None:
            raise UserError(self.not_ready_message())
        stamp = (adapter, *(mtime(Path(adapter) / name) for name in ("adapter_model.safetensors", CALIBRATION_FILE)))  # retrained or calibrated in place: load again
        if self.is_app or not Path(adapter).resolve().is_relative_to(self.root.resolve()):
            return self.app.students.get(stamp, lambda: LocalStudent(adapter))  # the app's own: the owner's choice
        self.check_adapter_base(adapter)
        with self.acting():  # a visitor's own adapter: its base model downloads with the visitor's identity
            return self.app.students.get((*stamp, self.visitor.key), lambda: LocalStudent(adapter))

    def check_adapter_base(self, adapter: str | Path) -> None:
        """A visitor's adapter may sit on a Hub model (fetched now, and named in the visitor's copy of its config by
        where it was fetched to), a named base, or the app's own tiny base; never on a folder of this server (a
        path in adapter_config.json would read it, and a Hub id is never taken for a folder of the same name)."""
        if self.visitor.owner:
            return
        config_path = Path(adapter) / "adapter_config.json"
        config = json.loads(config_path.read_text())
        base = str(config.get("base_model_name_or_path") or "")
        if base == TINY_BASE_NAME or named_base(base) is not None or self.fetched_or_app_base(base):
            return
        if not hub.REPO_NAME.match(base):
            raise UserError("this adapter's base model is not a Hub model id (user/name); only Hub models and the app's own base are allowed")
        config["base_model_name_or_path"] = self.visitors_hub_model(base)
        config_path.write_text(json.dumps(config, indent=2, sort_keys=True))

    def fetched_or_app_base(self, base: str) -> bool:
        """A base folder a visitor's adapter may name: one fetched from the Hub into its cache, or the app's own base."""
        from huggingface_hub import constants

        if not base.startswith(os.sep) or not Path(base).is_dir():
            return False
        resolved = Path(base).resolve()
        if hub.cached_repo_id(resolved) and resolved.is_relative_to(Path(constants.HF_HUB_CACHE).resolve()):
            return True
        return any(resolved.is_relative_to(d.resolve()) for d in (self.demo_dir, SHIPPED_DIR))

    def visitors_hub_model(self, model_id: str) -> str:
        """A base model a visitor named: fetched from the Hub as them (config, safetensors, tokenizer; never a pickle)
        into the Hugging Face cache, whose folder is what loads; a server folder of the same name is never read."""
        if not hub.REPO_NAME.match(model_id.split("@")[0]):
            raise UserError("the base model must be a Hub model id (user/name), smollm2-135m, or blank for the tiny local one")
        with self.acting():
            return str(hub.model_snapshot(model_id))

    def default_base(self) -> str:
        """The base model a blank 'Base model' means: the from-scratch demo's tiny base, else the shipped one."""
        built = self.demo_dir / "base"
        return str(built if (built / "config.json").is_file() else SHIPPED_BASE)

    def _remote_student(self):
        """The client of the server the app is pointed at, with the active adapter's folder (for its
        tokenizer and task) when there is one."""
        spec = replace(self.server, adapter=self.adapter() or "", task="")
        return self.app.students.get(repr(spec), spec.load)

    def task(self) -> Task:
        adapter = self.adapter()
        return task_of_folder(adapter)

    def not_ready_message(self) -> str:
        b = self.build
        if b.running:
            return f"The demo student is still being built ({b.fraction:.0%}: {b.message}); it is ready in a few minutes."
        if b.error:
            return f"Building the demo student failed: {b.error}. Press 'Build the demo student' to try again."
        return "No student yet: press 'Build the demo student' (about 5 minutes on a CPU), or train one in the Train tab."

    # --- this workspace's run folders and uploads (what the tabs do with them: see the module's docstring) ---------

    def new_run_dir(self, kind: str) -> Path:
        """A new folder for one run (kind/DATE-TIME). A visitor keeps their newest LIMITS.runs_kept runs of
        each kind (and whatever their settings still name); older ones are removed."""
        if not self.visitor.owner:
            self.prune_runs(kind, LIMITS.runs_kept - 1)
        path = self.root / kind / time.strftime("%Y%m%d-%H%M%S")
        n = 1
        while path.exists():
            path = self.root / kind / f"{time.strftime('%Y%m%d-%H%M%S')}-{n}"
            n += 1
        path.mkdir(parents=True)
        return path

    def prune_runs(self, kind: str, keep: int) -> None:
        named = {str(Path(v).resolve()) for v in self.settings().values() if isinstance(v, str) and v}
        runs = sorted((p for p in (self.root / kind).glob("*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
        for old in runs[:max(0, len(runs) - keep)]:
            if not any(n == str(old.resolve()) or n.startswith(str(old.resolve()) + os.sep) for n in named):
                shutil.rmtree(old, ignore_errors=True)

    def take_upload(self, upload: str | None) -> str:
        """A file Gradio received as an upload, copied into this workspace (uploads/). A path that is not
        in Gradio's upload folder was not uploaded by this visitor, and is refused."""
        from gradio.utils import get_upload_folder

        path = Path(str(upload)).resolve()
        if not path.is_relative_to(Path(get_upload_folder()).resolve()) or not path.is_file():
            raise UserError("that file was not uploaded through the page: upload it with the file box")
        UPLOADS.check(path, self.visitor)  # on a public app, only from the address that uploaded it
        check_table_file(path.name)
        if path.stat().st_size > LIMITS.upload_bytes:
            raise UserError(f"{path.name} is over {LIMITS.upload_bytes // 2**20} MB; upload fewer rows")
        dest = self.new_run_dir("uploads") / re.sub(r"[^A-Za-z0-9._-]", "_", path.name)[-100:]
        shutil.copyfile(path, dest)
        return str(dest)

    def rows_source(self, upload: str | None, hub_id: str | None) -> str:
        """What to label or classify: an upload (taken into this workspace), or a Hub dataset id, fetched as the caller
        into the datasets cache. An id is only ever an id: a folder of the server's that happens to be named like one
        is never read, and the error for a missing dataset is the same whatever folders exist here."""
        if upload:
            return self.take_upload(upload)
        hub_id = (hub_id or "").strip()
        if not hub_id:
            raise UserError("no data: upload a JSONL/CSV/parquet file or name a Hub dataset (user/name)")
        repo, revision = hub.split_revision(hub_id)
        hub.check_repo_id(repo, "a Hub dataset id")
        if revision:
            hub.check_revision(revision)
        with self.acting():
            return hub.dataset_id_folder(repo, revision)

    # --- Hub: the identity its calls act with (the Hub tab itself: pipeline/sharing.py) -----------------

    def acting(self):
        """The Hub identity of this workspace's calls: the visitor's own token (or none), or, for the
        owner, the environment's HF_TOKEN as on the CLI."""
        return hub.acting_as(self.visitor.hub_token()) if not self.visitor.owner else contextlib.nullcontext()


class ActiveStudent:
    """Whatever student is active in the workspace, for the OpenAI-compatible routes mounted beside
    the page: loaded on first use, answering 503 until one exists."""

    adapter, base_model = "understudy", ""

    def __init__(self, workspace: Workspace):
        self._workspace = workspace
        self.task = workspace.task()

    def __getattr__(self, name):

        try:
            return getattr(self._workspace.student(), name)
        except UserError as e:
            raise APIError(503, str(e), None, "model_not_ready") from None


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def sweep_uploads(ttl: float, now: float) -> int:
    """Remove what Gradio's upload folder holds (uploads, and files it cached to serve) older than `ttl`; how many."""
    from gradio.utils import get_upload_folder

    removed = 0
    root = Path(get_upload_folder())
    for entry in root.iterdir() if root.is_dir() else []:
        try:
            if now - entry.stat().st_mtime > ttl:
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
                removed += 1
        except OSError:
            continue
    return removed


def is_shipped_student(path: str | Path) -> bool:
    """Whether `path` is one of the shipped students' adapter folders (read-only, anyone may use them)."""
    resolved = Path(path).resolve()
    return any(resolved == folder.resolve() for folder in SHIPPED_STUDENTS.values())


def mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0

