"""runs: the app's long work (training, a corpus through the batch stage, the demo student's build) in background threads, by who started it,
and that work itself for one workspace (train_locally, train_on_job, start_training, start_corpus).

A run belongs to its starter (the signed-in user, else the browser session), not to the page that started it, so a
reloaded page or another tab of the same visitor re-attaches to it: `Runs.current(visitor, kind)` gives the run, and
`Run.watch()` replays everything it reported so far, then follows it live (progress, loss entries, log lines) until it
ends. Its starter, from any tab, and the owner can cancel it; one run of each kind per visitor at a time.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import batch, cascade, demo, hub, jobs, picking, sharing, teaching, train
from pipeline.data import count_rows, stream_rows
from pipeline.errors import UserError
from pipeline.evaluate import NO_TARGET
from pipeline.models import SHIPPED_ADAPTER, named_base
from pipeline.space import gpu
from pipeline.visitors import LIMITS, LONG_WORK, Visitor, check_count, check_lora, check_repo

KINDS = {"train": "training run", "job": "training Job", "corpus": "corpus run"}
# runs of a kind the app does at once, everyone's together: training and corpora share its CPUs or GPU; a Job mostly
# waits on the Hub (LIMITS.jobs_per_visitor caps each person's)
AT_ONCE = {"train": 1, "job": 8, "corpus": 2}


@dataclass
class Run:
    """One background run: what it reported (`events`, in order), its latest progress, and how it ended."""

    kind: str
    starter: str
    stop: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.time)
    events: list = field(default_factory=list)  # whatever the work reports: loss entries (dicts), log lines (str)
    progress: tuple[int, int | None] = (0, None)  # rows or steps done, and of how many (None: unknown yet)
    result: dict | None = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition, repr=False)

    @property
    def running(self) -> bool:
        return not self.done.is_set()

    def report(self, event) -> None:
        """Add one event (a loss entry, a log line) for every watcher."""
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def advance(self, done: int, total: int | None = None) -> None:
        with self.changed:
            self.progress = (done, total)
            self.changed.notify_all()

    def end(self, result: dict | None = None, error: BaseException | None = None) -> None:
        with self.changed:
            self.result, self.error = result, error
            self.done.set()
            self.changed.notify_all()

    def watch(self, every: float = 1.0) -> Iterator[tuple[list, tuple[int, int | None]]]:
        """(the events so far, the progress) at once, then again whenever something changes (at most every
        `every` seconds), until the run ends; the last item is its final state. A new watcher starts from the
        first event, so a reloaded page draws the whole curve again."""
        seen, shown = -1, None
        while True:
            with self.changed:
                if len(self.events) == seen and self.progress == shown and self.running:
                    self.changed.wait(timeout=every * 10)
                ended = not self.running
                events, progress = list(self.events), self.progress
            if len(events) != seen or progress != shown or ended:
                seen, shown = len(events), progress
                yield events, progress
            if ended:
                return
            time.sleep(every)


class Runs:
    """The runs in progress (and the last finished one of each kind), by starter."""

    def __init__(self):
        self.lock = threading.Lock()
        self.runs: dict[tuple[str, str], Run] = {}

    @staticmethod
    def who(visitor: Visitor) -> str:
        """The starter of a run: the user, else the browser session (never the address, which others may share)."""
        return f"user:{visitor.username}" if visitor.signed_in else f"session:{visitor.session}"

    def start(self, visitor: Visitor, kind: str, work: Callable[[Run], dict]) -> Run:
        """Run `work(run)` in a background thread (in the caller's context: its Hub identity), unless the visitor
        already has a run of this kind going."""
        key = (self.who(visitor), kind)
        with self.lock:
            current = self.runs.get(key)
            if current is not None and current.running:
                raise UserError(f"your {KINDS[kind]} is still going (started {time.strftime('%H:%M:%S', time.localtime(current.started))}): "
                                "this page follows it; cancel it first to start another")
            going = sum(1 for (_, k), r in self.runs.items() if k == kind and r.running)
            if going >= AT_ONCE[kind]:
                raise UserError(f"the app already has {going} {KINDS[kind]}{'s' if going > 1 else ''} going, the most it runs at once; "
                                "try again when one ends")
            run = self.runs[key] = Run(kind=kind, starter=key[0])

        def go() -> None:
            try:
                run.end(result=work(run))
            except BaseException as e:  # noqa: BLE001 - handed to whoever watches
                run.end(error=e)

        threading.Thread(target=contextvars.copy_context().run, args=(go,), daemon=True, name=f"understudy-{kind}").start()
        return run

    def current(self, visitor: Visitor, kind: str) -> Run | None:
        """The visitor's run of this kind: the one going, else the last one that ended (until the next starts)."""
        with self.lock:
            return self.runs.get((self.who(visitor), kind))

    def cancel(self, visitor: Visitor, everyone: bool = False, kinds: tuple[str, ...] = ()) -> int:
        """Set the stop switch of the visitor's running work (of these kinds, or all; everyone's for the owner with
        `everyone`); how many were stopped."""
        mine = self.who(visitor)
        with self.lock:
            switches = [r.stop for (who, k), r in self.runs.items()
                        if r.running and (who == mine or (everyone and visitor.owner)) and (not kinds or k in kinds)]
        switches = [s for s in switches if not s.is_set()]
        for s in switches:
            s.set()
        return len(switches)


def current(ws, kind: str) -> Run | None:
    """The workspace visitor's run of this kind (training, corpus): the one going, else the last one that ended."""
    return ws.app.runs.current(ws.visitor, kind)


TRAINING = ("train", "job")  # the kinds of run the Train tab shows and cancels: a local training run, a Hugging Face Job


def latest(ws, kinds: tuple[str, ...]) -> Run | None:
    """The visitor's most recently started run of these kinds (a local training run or a Job: what the Train tab shows)."""
    found = [r for r in (current(ws, k) for k in kinds) if r is not None]
    return max(found, key=lambda r: r.started) if found else None


# ----------------------------------------------------------------------------------------------------
# The app's first start: the shipped student's test split, and the demo student built from scratch (once per app,
# shared by every visitor; the owner starts it)
# ----------------------------------------------------------------------------------------------------


@dataclass
class Build:
    """The demo student being built in the background (one per app, shared by every visitor)."""

    running: bool = False
    fraction: float = 0.0
    message: str = ""
    error: str = ""
    started: float = 0.0
    thread: threading.Thread | None = field(default=None, repr=False)


def prepare_shipped_dataset(ws) -> None:
    """The shipped student's own train/test split (regenerated: a few seconds), the default dataset when
    the app has no other; its test split holds no recipe the student was trained on."""
    app = ws.app
    if not SHIPPED_ADAPTER.is_dir() or app.dataset():  # none shipped, or a dataset of the app's own (or made already)
        return
    with app._lock:
        demo.release_dataset(app.root / "shipped")


def start_demo_build(ws) -> Build:
    """Start building the offline demo student in the background, unless it exists or is being built.
    The demo is the app's: on a public app only the owner starts its build."""
    app = ws.app
    if not ws.visitor.owner:
        raise UserError("only the app's owner builds the demo student")
    with app._lock:
        if app.build.running or (app.demo_dir / "adapter" / "adapter_config.json").is_file():
            return app.build
        app.build = Build(running=True, message="starting", started=time.time())
        b = app.build

    def report(fraction: float, message: str) -> None:
        b.fraction, b.message = fraction, message

    def work() -> None:
        try:
            result = demo.run(demo.DemoConfig(out=str(app.demo_dir)), progress=report)
            app.save_settings(adapter=result["adapter"], dataset=str(app.demo_dir / "prepared"), report=result["report"])
        except Exception as e:  # noqa: BLE001 - shown in the page, and the button can retry
            b.error = str(e) if isinstance(e, UserError) else f"{type(e).__name__}: {e}"
        finally:
            b.running = False

    b.thread = threading.Thread(target=work, name="demo-build", daemon=True)
    b.thread.start()
    return b


# ----------------------------------------------------------------------------------------------------
# The work: training (here, or as a Hugging Face Job) and a corpus through the batch stage, for one workspace
# (`ws`: pipeline.workspace.Workspace, its folder, settings, student and identity)
# ----------------------------------------------------------------------------------------------------


def train_locally(ws, base_model: str, lora_r: int, lora_alpha: int, lora_dropout: float, learning_rate: float,
          epochs: float, batch_size: int = 16, on_log=None, stop=None) -> dict:
    """Train an adapter on the active dataset; it becomes the active student when it finishes. On a public app a
    visitor signs in first, and their run stops after LIMITS.train_minutes (what it learned so far is kept)."""

    ws.visitor.require_sign_in(LONG_WORK["train"])
    dataset = ws.dataset()
    if not dataset:
        raise UserError("no prepared dataset: build the demo student, or label and prepare data in the Data & labels tab")
    base_model = (base_model or "").strip()
    if base_model and (ws.visitor.public and not ws.visitor.owner) and named_base(base_model) is None:
        base_model = ws.visitors_hub_model(base_model)
    lora = check_lora(lora_r, lora_alpha, lora_dropout, learning_rate, epochs)
    out = ws.new_run_dir("adapters")
    config = train.TrainConfig(dataset=str(Path(dataset) / "dataset"), out=str(out), base_model=base_model or ws.default_base(),
                               batch_size=int(batch_size), **lora)
    capped = threading.Event()
    timer = None
    if ws.visitor.public and not ws.visitor.owner:
        stop = stop or threading.Event()
        timer = threading.Timer(LIMITS.train_minutes * 60, lambda: (capped.set(), stop.set()))
        timer.daemon = True
        timer.start()
    try:
        with ws.acting():
            result = train_adapter(config, on_log, stop)
    finally:
        if timer is not None:
            timer.cancel()
    if capped.is_set():
        result["time_capped"] = f"stopped at the {LIMITS.train_minutes:g}-minute limit for visitors"
    if (out / "adapter_config.json").is_file():
        result["activation"] = picking.activate_if_better(ws, out, result)
    return {**result, "adapter": ws.display(out)}

def train_on_job(ws, base_model: str, lora_r: int, lora_alpha: int, lora_dropout: float, learning_rate: float,
                 epochs: float, flavor: str, push_to: str, on_line=None, on_log=None, stop=None) -> dict:
    """The same training as a Hugging Face Job: QLoRA on a Hub GPU (`train --on hf-jobs`), billed to
    whoever acts: the owner's HF_TOKEN for the owner, a signed-in visitor's own token otherwise. The
    active dataset goes to the Hub (private), the Job pushes the adapter to `push_to`; its log lines
    go to `on_line`, its losses to `on_log`; setting `stop` cancels the Job. When it completes, the
    adapter is pulled and becomes the active student."""

    ws.visitor.require_sign_in("start a training Job on Hugging Face GPUs")
    dataset = ws.dataset()
    if not dataset:
        raise UserError("no prepared dataset: build the demo student, or label and prepare data in the Data & labels tab")
    if not (base_model or "").strip():
        raise UserError("a Job trains a Hub model: type its id in 'Base model' (e.g. Qwen/Qwen2.5-0.5B-Instruct)")
    push_to = check_repo(push_to, "Push the adapter to")
    lora = check_lora(lora_r, lora_alpha, lora_dropout, learning_rate, epochs)
    config = train.TrainConfig(dataset=str(Path(dataset) / "dataset"), base_model=base_model.strip(), on="hf-jobs",
                               flavor=(flavor or "").strip(), push_to=(push_to or "").strip(), **lora)
    say = (lambda line: on_line(ws.scrub(line))) if on_line else (lambda line: None)  # no server folder in a log line
    with ws.app.jobs.slot(ws.visitor):
        with ws.acting():
            result = follow_job(config, say, on_log, stop)
    if ws.server.remote:  # the app's student is a server: it serves the new adapter once it loads it
        result["load_error"] = (f"the app classifies through {ws.server.describe()}; serve the new adapter there "
                                f"(TGI: LORA_ADAPTERS={config.push_to}; vLLM: --lora-modules student={config.push_to})")
        return result
    if result.get("cancelled"):
        return result
    try:
        result["active"] = sharing.load_adapter(ws, config.push_to)["adapter"]
    except UserError as e:
        result["load_error"] = f"loading it here failed: {e}"
    return result

def follow_job(config, say, on_log, stop) -> dict:

    started = jobs.submit(config, follow=False, printer=say)
    finished = threading.Event()

    def cancel_on_stop() -> None:
        stop.wait()
        if not finished.is_set():
            say(f"cancelling job {started['job_id']} ...")
            jobs.cancel(started["job_id"], started["namespace"], started["endpoint"])

    if stop is not None:  # the watcher acts with the same identity as this call
        threading.Thread(target=contextvars.copy_context().run, args=(cancel_on_stop,), daemon=True).start()
    try:
        return jobs.follow_job(started, printer=say, on_loss=on_log)
    except UserError:
        if stop is not None and stop.is_set():
            return {**started, "stage": "CANCELED", "cancelled": True}
        raise
    finally:
        finished.set()
        if stop is not None:
            stop.set()  # ends the watcher

def start_training(ws, base_model: str, lora_r: int, lora_alpha: int, lora_dropout: float, learning_rate: float,
                   epochs: float, batch_size: int = 16) -> Run:
    """`train` in the background: its loss entries are the run's events."""
    ws.visitor.require_sign_in(LONG_WORK["train"])
    if not ws.dataset():
        raise UserError("no prepared dataset: build the demo student, or label and prepare data in the Data & labels tab")
    check_lora(lora_r, lora_alpha, lora_dropout, learning_rate, epochs)  # a bad value: one line now, not when the run ends
    return ws.app.runs.start(ws.visitor, "train", lambda run: train_locally(
        ws, base_model, lora_r, lora_alpha, lora_dropout, learning_rate, epochs, batch_size, on_log=run.report, stop=run.stop))

def start_job(ws, base_model: str, lora_r: int, lora_alpha: int, lora_dropout: float, learning_rate: float, epochs: float,
              flavor: str, push_to: str) -> Run:
    """`train_on_job` in the background: the Job's log lines and losses are the run's events; Cancel cancels the Job."""
    ws.visitor.require_sign_in("start a training Job on Hugging Face GPUs")
    check_lora(lora_r, lora_alpha, lora_dropout, learning_rate, epochs)
    return ws.app.runs.start(ws.visitor, "job", lambda run: train_on_job(
        ws, base_model, lora_r, lora_alpha, lora_dropout, learning_rate, epochs, flavor, push_to,
        on_line=run.report, on_log=run.report, stop=run.stop))


def start_corpus(ws, upload: str | None, hub_id: str | None, target=None, teacher_model: str = "gpt-4",
                 base_url: str = "", key: str = "", resume: bool = False) -> Run:
    """Classify a file (an upload, or a Hub dataset id) with the active student through the batch stage, in the
    background, into this workspace's corpus/ folder; with a target agreement, the cascade sends the rows the
    student is unsure of to the teacher. `resume` starts the last corpus run again with its settings: the batch
    stage skips its finished parts. A visitor signs in, classifies at most LIMITS.corpus_rows rows a run, and
    pays the teacher with their own key."""
    ws.visitor.require_sign_in(LONG_WORK["corpus"])
    if resume:
        last = ws.settings().get("corpus")
        if not last or not Path(last.get("out", "")).is_dir():
            raise UserError("no corpus run to resume here: upload a file and press Classify")
        source, out, target = last["input"], Path(last["out"]), last.get("target")
        teacher_model, base_url = last.get("teacher", teacher_model), last.get("teacher_base_url", "")
    else:
        source, out = corpus_source(ws, upload, hub_id), None
    path = hub.local_source(source)
    split = corpus_split(path)
    if not ws.visitor.owner:
        n = count_rows(path, split) or sum(1 for _ in stream_rows(path, lambda i: True, split, columns=[]))
        if n > LIMITS.corpus_rows:
            raise UserError(f"{n:,} rows is over the {LIMITS.corpus_rows:,} one visitor may classify at once; upload fewer rows "
                            "(or run `python -m pipeline batch` yourself for millions)")
    student = ws.student()
    config = batch.BatchConfig(input=str(path), split=split, chunk_size=CORPUS_CHUNK, batch_size=16, adapter="",
                               out=str(out or ws.new_run_dir("corpus")), teacher_cache=str(ws.root / "teacher_cache.sqlite"))
    teacher_key, calls = None, 0
    if target not in (None, "", NO_TARGET):
        config = replace(config, cascade_teacher=(teacher_model or "gpt-4").strip(), target_agreement=check_count(target, "the target agreement", 0.5, 0.999, kind=float),
                         teacher_base_url=teaching.teacher_url(ws, base_url))
        teacher_key = teaching.teacher_key(ws, key, base_url)
        if not teacher_key:
            raise UserError("the cascade asks the teacher: type your OpenAI API key (used for this run only, never stored)")
        cascade.decide_threshold(config, getattr(student, "calibration", None))  # no calibration: one line now
        if not ws.visitor.owner:  # a visitor's live teacher calls, 10 s each, no retry, as for Label
            calls = LIMITS.teacher_calls_per_visitor
            config = replace(config, teacher_concurrency=calls, teacher_max_retries=0)
    ws.save_settings(corpus={"input": source, "out": config.out, "target": target if config.cascade_teacher else None,
                               "teacher": config.cascade_teacher, "teacher_base_url": base_url})

    def work(run: Run) -> dict:
        with ws.app.teacher_calls.slot(ws.visitor, calls) if calls else contextlib.nullcontext(), ws.acting():
            summary = batch.run(config, student=student, progress=run.advance, stop=run.stop, teacher_key=teacher_key,
                                public_teacher_only=bool(config.cascade_teacher) and teaching.teacher_must_be_public(ws))
        return {**summary, "out": ws.display(summary["out"])}

    return ws.app.runs.start(ws.visitor, "corpus", work)

def corpus_source(ws, upload: str | None, hub_id: str | None) -> str:
    """The corpus: an upload taken into this workspace, or a Hub dataset id (never a path on this machine)."""
    if upload:
        return ws.take_upload(upload)
    hub_id = (hub_id or "").strip()
    if not hub_id:
        raise UserError("no corpus: upload a JSONL, CSV or parquet file with a 'recipe' column, or name a Hub dataset (user/name)")
    return ws.rows_source(None, hub_id)


def corpus_download(ws, fmt: str) -> str:
    """The last corpus run's predictions as one CSV, JSONL or parquet file (in Gradio's upload folder, which it serves)."""
    from gradio.utils import get_upload_folder

    last = ws.settings().get("corpus")
    if not last or not Path(last.get("out", "")).is_dir():
        raise UserError("no corpus classified here yet: upload a file and press Classify")
    fmt = (fmt or "csv").lower()
    dest = Path(tempfile.mkdtemp(prefix="understudy-export-", dir=get_upload_folder())) / f"predictions.{fmt}"
    return str(batch.export_predictions(ws.readable(last["out"]), fmt, dest))


@gpu(duration=120)
def train_adapter(config, on_log=None, stop=None) -> dict:
    """A local training run (Train)."""

    return train.run(config, on_log=on_log, stop=stop)


CORPUS_CHUNK = 200  # rows per part of a corpus run from the page: the unit of its progress, Cancel and resume


def corpus_split(path: Path) -> str:
    """The split a corpus is read from: a saved dataset's train split (else its first); "test" (unused) for a file."""
    info = path / "dataset_dict.json"
    if path.is_dir() and info.is_file():
        splits = json.loads(info.read_text()).get("splits") or []
        return "train" if "train" in splits else (splits[0] if splits else "train")
    return "test"
