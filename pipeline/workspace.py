"""The app's data folder and what its tabs do, as plain functions over the stages.

app.py only wires widgets to these. Everything the app writes lives under one folder (UNDERSTUDY_HOME,
default data/app): the demo student it builds on first start (demo/), uploads, labeled data, trained
adapters, evaluations, and settings.json (the active adapter and dataset), which persists across
restarts. A key typed in the page is passed through to the call that needs it and never stored.

The student is the active adapter, run in-process, unless the app is pointed at a server
(`python app.py --backend tgi --url http://tgi:80 --adapter-id you/student`, or the UNDERSTUDY_BACKEND,
UNDERSTUDY_URL and UNDERSTUDY_ADAPTER_ID variables): then every tab classifies through that TGI, vLLM
or `serve` endpoint, as production does.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import costs, prices
from pipeline.data import SUFFIXES, read_rows
from pipeline.errors import UserError
from pipeline.task import Task, load_task

MAX_RECIPE_CHARS = 20_000  # a recipe is 3 to 30 lines; anything far longer is a wrong paste


def default_root() -> Path:
    return Path(os.environ.get("UNDERSTUDY_HOME", "data/app"))


@dataclass(frozen=True)
class StudentServer:
    """Where the app's student runs: in-process (local), or a TGI / OpenAI-compatible server."""

    backend: str = "local"  # local | tgi | openai
    url: str = ""
    adapter_id: str = ""
    api_key_env: str = ""
    base_model: str = ""  # its tokenizer renders TGI prompts (default: the active adapter's base, else TGI's model_id)

    @classmethod
    def from_env(cls) -> "StudentServer":
        env = os.environ.get
        return cls(env("UNDERSTUDY_BACKEND", "local") or "local", env("UNDERSTUDY_URL", ""), env("UNDERSTUDY_ADAPTER_ID", ""),
                   env("UNDERSTUDY_API_KEY_ENV", ""), env("UNDERSTUDY_BASE_MODEL", ""))

    @property
    def remote(self) -> bool:
        return self.backend != "local"

    def check(self) -> "StudentServer":
        """A clear line for a wrong setting, before the app starts (the same checks as classify's)."""
        from pipeline import tgi
        from pipeline.classify import check_backend

        if check_backend(self.backend) != "local":
            tgi.check_server_url(self.backend, self.url)
        return self

    def describe(self) -> str:
        name = {"tgi": "TGI", "openai": "OpenAI-compatible server"}.get(self.backend, "")
        return f"{name} at {self.url}" + (f", adapter {self.adapter_id}" if self.adapter_id else "")


@dataclass
class Build:
    """The demo student being built in the background (one per app, shared by every visitor)."""

    running: bool = False
    fraction: float = 0.0
    message: str = ""
    error: str = ""
    started: float = 0.0
    thread: threading.Thread | None = field(default=None, repr=False)


class Workspace:
    def __init__(self, root: str | Path | None = None, server: StudentServer | None = None):
        self.root = Path(root) if root else default_root()
        self.server = server or StudentServer()
        self.root.mkdir(parents=True, exist_ok=True)
        self.settings_path = self.root / "settings.json"
        self.build = Build()
        self._student = None
        self._student_key = None
        self._lock = threading.Lock()

    # --- settings ------------------------------------------------------------------------------

    def settings(self) -> dict:
        try:
            return json.loads(self.settings_path.read_text())
        except (OSError, json.JSONDecodeError):
            return {}

    def save_settings(self, **values) -> dict:
        merged = {**self.settings(), **{k: v for k, v in values.items() if v is not None}}
        tmp = self.settings_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(merged, indent=1))
        tmp.replace(self.settings_path)
        return merged

    def inside(self, path: str | Path) -> Path:
        """`path` resolved, if it lies in the data folder; the app serves and writes nothing else."""
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(self.root.resolve()):
            raise UserError(f"{path} is outside the app's data folder {self.root}")
        return resolved

    # --- the active student and dataset -------------------------------------------------------

    @property
    def demo_dir(self) -> Path:
        return self.root / "demo"

    def adapter(self) -> str | None:
        chosen = self.settings().get("adapter")
        for candidate in (chosen, str(self.demo_dir / "adapter")):
            if candidate and (Path(candidate) / "adapter_config.json").is_file():
                return candidate
        return None

    def dataset(self) -> str | None:
        """The active prepared dataset folder (train.jsonl, test.jsonl, dataset/)."""
        chosen = self.settings().get("dataset")
        for candidate in (chosen, str(self.demo_dir / "prepared")):
            if candidate and (Path(candidate) / "test.jsonl").is_file():
                return candidate
        return None

    def ready(self) -> bool:
        return self.server.remote or self.adapter() is not None

    def student_name(self) -> str | None:
        """What the banner calls the active student."""
        return self.server.describe() if self.server.remote else self.adapter()

    def student(self):
        """The active adapter, loaded once (and again when the active adapter changes); or the client
        of the server the app is pointed at, connected on first use (a server down gives one line)."""
        from pipeline.classify import LocalStudent

        if self.server.remote:
            return self._remote_student()
        adapter = self.adapter()
        if adapter is None:
            raise UserError(self.not_ready_message())
        weights = Path(adapter) / "adapter_model.safetensors"
        stamp = (adapter, weights.stat().st_mtime if weights.exists() else 0)  # retrained in place: load again
        with self._lock:
            if self._student_key != stamp:
                self._student, self._student_key = LocalStudent(adapter), stamp
            return self._student

    def _remote_student(self):
        from pipeline import tgi
        from pipeline.classify import ClassifyConfig

        with self._lock:
            if self._student_key != self.server:
                s = self.server
                config = ClassifyConfig(backend=s.backend, url=s.url, adapter_id=s.adapter_id, api_key_env=s.api_key_env,
                                        base_model=s.base_model, adapter=self.adapter() or "", task="")
                self._student, self._student_key = tgi.remote_student(config), s
            return self._student

    def task(self) -> Task:
        adapter = self.adapter()
        if adapter and (Path(adapter) / "task.json").exists():
            return load_task(str(Path(adapter) / "task.json"))
        return load_task("recipes")

    def not_ready_message(self) -> str:
        b = self.build
        if b.running:
            return f"The demo student is still being built ({b.fraction:.0%}: {b.message}); it is ready in a few minutes."
        if b.error:
            return f"Building the demo student failed: {b.error}. Press 'Build the demo student' to try again."
        return "No student yet: press 'Build the demo student' (about 5 minutes on a CPU), or train one in the Train tab."

    # --- the demo student, built on first start ------------------------------------------------

    def start_demo_build(self) -> Build:
        """Start building the offline demo student in the background, unless it exists or is being built."""
        from pipeline import demo

        with self._lock:
            if self.build.running or self.ready():
                return self.build
            self.build = Build(running=True, message="starting", started=time.time())
            b = self.build

        def report(fraction: float, message: str) -> None:
            b.fraction, b.message = fraction, message

        def work() -> None:
            try:
                result = demo.run(demo.DemoConfig(out=str(self.demo_dir)), progress=report)
                self.save_settings(adapter=result["adapter"], dataset=str(self.demo_dir / "prepared"),
                                   report=result["report"])
            except Exception as e:  # noqa: BLE001 - shown in the page, and the button can retry
                b.error = str(e) if isinstance(e, UserError) else f"{type(e).__name__}: {e}"
            finally:
                b.running = False

        b.thread = threading.Thread(target=work, name="demo-build", daemon=True)
        b.thread.start()
        return b

    # --- Try it --------------------------------------------------------------------------------

    def test_rows(self, limit: int = 0) -> list[dict]:
        dataset = self.dataset()
        if not dataset:
            return []
        rows = read_rows(Path(dataset) / "test.jsonl")
        return rows[:limit] if limit else rows

    def test_choices(self, limit: int = 200) -> list[tuple[str, str]]:
        """(title, id) of test recipes, for a picker."""
        task = self.task()
        return [(f"{r['id']}: {str(r[task.input]).strip().splitlines()[0][:60]}", str(r["id"])) for r in self.test_rows(limit)]

    def test_recipe(self, row_id: str) -> str:
        task = self.task()
        for r in self.test_rows():
            if str(r["id"]) == str(row_id):
                return r[task.input]
        raise UserError(f"no test recipe with id {row_id!r}")

    def stored_label(self, text: str) -> dict | None:
        """The teacher's stored labels for a test (or train) recipe with exactly this text."""
        dataset = self.dataset()
        if not dataset:
            return None
        task = self.task()
        for name in ("test", "train"):
            path = Path(dataset) / f"{name}.jsonl"
            if path.is_file():
                for r in read_rows(path):
                    if r[task.input].strip() == text.strip():
                        return {"labels": {n: r[n] for n in task.field_names}, "source": r.get("source", "teacher"), "id": r["id"]}
        return None

    def classify_one(self, text: str) -> dict:
        """{labels, confidence, seconds, prompt_tokens, warning?} for one pasted recipe."""
        text = check_recipe(text)
        student = self.student()
        start = time.perf_counter()
        result = student.classify([text])[0]
        seconds = time.perf_counter() - start
        if result.get("error"):
            where = f"; is the student's server ({self.server.describe()}) up?" if self.server.remote else ""
            raise UserError(f"the student could not classify this recipe: {result['error']}{where}")
        return {**result, "seconds": seconds}

    # --- Side by side --------------------------------------------------------------------------

    def side_by_side(self, text: str, key: str = "", teacher_model: str = "gpt-4", base_url: str = "",
                     hardware: str = "cpu-upgrade") -> dict:
        """The student and the teacher on one recipe. The teacher is live when a key is given (typed,
        or OPENAI_API_KEY), else the stored label of that recipe if it has one."""
        text = check_recipe(text)
        student = self.classify_one(text)
        student["dollars"] = prices.hourly(hardware).dollars / 3600 * student["seconds"]
        student["basis"] = f"{student['seconds'] * 1000:.0f} ms on {hardware} at ${prices.hourly(hardware).dollars:g}/h"
        key = (key or "").strip() or os.environ.get("OPENAI_API_KEY", "")
        if key:
            teacher = ask_teacher(text, self.task(), key, teacher_model, base_url)
        else:
            stored = self.stored_label(text)
            teacher = {"stored": True, "labels": stored["labels"] if stored else None, "model": "stored label",
                       "note": (f"stored teacher label of recipe {stored['id']} ({stored['source']})" if stored else
                                "no key given and this recipe has no stored label: type an OpenAI key to ask the teacher live")}
        agree = None
        if teacher.get("labels") and student.get("labels"):
            agree = {n: student["labels"][n] == teacher["labels"].get(n) for n in student["labels"]}
        return {"student": student, "teacher": teacher, "agree": agree}

    # --- Data & labels, Train, Evaluate ----------------------------------------------------------

    def new_run_dir(self, kind: str) -> Path:
        path = self.root / kind / time.strftime("%Y%m%d-%H%M%S")
        n = 1
        while path.exists():
            path = self.root / kind / f"{time.strftime('%Y%m%d-%H%M%S')}-{n}"
            n += 1
        path.mkdir(parents=True)
        return path

    def label(self, source: str, model: str, base_url: str = "", key: str = "", limit: int = 0, on_progress=None) -> dict:
        """Label an uploaded file, a dataset folder or a Hub dataset id with a teacher; the run's
        folder gets labeled.jsonl. Every call is cached in the data folder, so a re-run costs nothing."""
        from pipeline import label

        source = check_rows_source(source)
        out = self.new_run_dir("labels") / "labeled.jsonl"
        config = label.LabelConfig(input=source, out=str(out), model=model.strip() or "gpt-4", base_url=base_url.strip(),
                                   limit=int(limit or 0), cache=str(self.root / "teacher_cache.sqlite"), progress=False)
        summary = label.run(config, key=(key or "").strip() or None, on_progress=on_progress)
        self.save_settings(labeled=str(out))
        return {**summary, "preview": read_rows(out)[:50]}

    def prepare(self, labeled: str) -> dict:
        """Split labeled rows into the active train/test dataset."""
        from pipeline import prepare

        labeled = check_rows_source(labeled)
        out = self.new_run_dir("prepared")
        summary = prepare.run(prepare.PrepareConfig(input=labeled, out=str(out)))
        self.save_settings(dataset=str(out))
        return {**summary, "folder": str(out)}

    def sample(self, n: int = 400) -> dict:
        """The bundled sample: generated recipes with their labels (the offline teacher)."""
        from pipeline import sample

        out = self.root / "sample"
        result = sample.run(sample.SampleConfig(out=str(out), n=int(n)))
        self.save_settings(labeled=result["labeled"])
        return result

    def train(self, base_model: str, lora_r: int, lora_alpha: int, lora_dropout: float, learning_rate: float,
              epochs: float, batch_size: int = 16, on_log=None, stop=None) -> dict:
        """Train an adapter on the active dataset; it becomes the active student when it finishes."""
        from pipeline import train

        dataset = self.dataset()
        if not dataset:
            raise UserError("no prepared dataset: build the demo student, or label and prepare data in the Data & labels tab")
        out = self.new_run_dir("adapters")
        base_model = (base_model or "").strip() or str(self.demo_dir / "base")
        config = train.TrainConfig(dataset=str(Path(dataset) / "dataset"), out=str(out), base_model=base_model,
                                   lora_r=int(lora_r), lora_alpha=int(lora_alpha), lora_dropout=float(lora_dropout),
                                   learning_rate=float(learning_rate), epochs=float(epochs), batch_size=int(batch_size))
        result = train.run(config, on_log=on_log, stop=stop)
        if (out / "adapter_config.json").is_file():
            self.save_settings(adapter=str(out))
        return {**result, "adapter": str(out)}

    def train_on_job(self, base_model: str, lora_r: int, lora_alpha: int, lora_dropout: float, learning_rate: float,
                     epochs: float, flavor: str, push_to: str, on_line=None, on_log=None, stop=None) -> dict:
        """The same training as a Hugging Face Job: QLoRA on a Hub GPU (`train --on hf-jobs`), with the
        app's HF_TOKEN. The active dataset goes to the Hub (private), the Job pushes the adapter to
        `push_to`; its log lines go to `on_line`, its losses to `on_log`; setting `stop` cancels the Job.
        When it completes, the adapter is pulled and becomes the active student."""
        from pipeline import jobs, train

        dataset = self.dataset()
        if not dataset:
            raise UserError("no prepared dataset: build the demo student, or label and prepare data in the Data & labels tab")
        if not (base_model or "").strip():
            raise UserError("a Job trains a Hub model: type its id in 'Base model' (e.g. Qwen/Qwen2.5-0.5B-Instruct)")
        config = train.TrainConfig(dataset=str(Path(dataset) / "dataset"), base_model=base_model.strip(), lora_r=int(lora_r),
                                   lora_alpha=int(lora_alpha), lora_dropout=float(lora_dropout),
                                   learning_rate=float(learning_rate), epochs=float(epochs), on="hf-jobs",
                                   flavor=(flavor or "").strip(), push_to=(push_to or "").strip())
        say = on_line or (lambda line: None)
        started = jobs.submit(config, follow=False, printer=say)
        finished = threading.Event()

        def cancel_on_stop() -> None:
            stop.wait()
            if not finished.is_set():
                say(f"cancelling job {started['job_id']} ...")
                jobs.cancel(started["job_id"], started["namespace"], started["endpoint"])

        if stop is not None:
            threading.Thread(target=cancel_on_stop, daemon=True).start()
        try:
            result = jobs.follow_job(started, printer=say, on_loss=on_log)
        except UserError:
            if stop is not None and stop.is_set():
                return {**started, "stage": "CANCELED", "cancelled": True}
            raise
        finally:
            finished.set()
            if stop is not None:
                stop.set()  # ends the watcher
        if self.server.remote:  # the app's student is a server: it serves the new adapter once it loads it
            result["load_error"] = (f"the app classifies through {self.server.describe()}; serve the new adapter there "
                                    f"(TGI: LORA_ADAPTERS={config.push_to}; vLLM: --lora-modules student={config.push_to})")
            return result
        try:
            result["active"] = self.load_adapter(config.push_to)["adapter"]
        except UserError as e:
            result["load_error"] = f"loading it here failed: {e}"
        return result

    def evaluate(self) -> dict:
        """The active student on the active test split, against the teacher's labels."""
        from pipeline import classify, evaluate

        dataset, adapter = self.dataset(), self.adapter()
        if not dataset or not adapter:
            raise UserError(self.not_ready_message() if not adapter else "no prepared dataset to evaluate on")
        out = self.new_run_dir("eval")
        classify.run(classify.ClassifyConfig(input=str(Path(dataset) / "test.jsonl"), adapter=adapter,
                                             out=str(out / "predictions.jsonl")), student=self.student())
        report = evaluate.run(evaluate.EvaluateConfig(predictions=[f"student={out / 'predictions.jsonl'}"],
                                                      reference=str(Path(dataset) / "test.jsonl"), out=str(out),
                                                      task=str(Path(adapter) / "task.json") if (Path(adapter) / "task.json").exists() else "recipes"))
        self.save_settings(report=str(out / "report.json"))
        return report

    def measure_rate(self, n: int = 256) -> float:
        """The active student's recipes/s (on this machine, or on the server the app is pointed at),
        batched as the batch stage runs it."""
        return costs.measure_student_rate(self.student(), n)

    def last_report(self) -> tuple[dict, Path] | None:
        path = self.settings().get("report") or str(self.demo_dir / "report.json")
        if path and Path(path).is_file():
            return json.loads(Path(path).read_text()), Path(path).parent
        return None

    def save_corrections(self, corrections: list[dict]) -> dict:
        from pipeline import prepare

        if not corrections:
            raise UserError("no corrections to save: mark at least one disagreement 'student is right' first")
        return prepare.add_corrections(self.corrections_target(), corrections, self.task())

    # --- Hub ------------------------------------------------------------------------------------

    def push_dataset(self, repo: str, private: bool = False) -> dict:
        """The active dataset to the Hub (HF_TOKEN) or the local Hub folder (no token, or HF_HUB_DIR)."""
        from pipeline import hub

        dataset = self.dataset()
        if not dataset:
            raise UserError("no prepared dataset to push: build the demo student or prepare one in Data & labels")
        return hub.push_dataset(hub.PushDatasetConfig(dir=dataset, repo=(repo or "").strip(), private=bool(private)))

    def push_adapter(self, repo: str, private: bool = False) -> dict:
        from pipeline import hub

        adapter = self.adapter()
        if not adapter:
            raise UserError(self.not_ready_message())
        last = self.last_report()
        report = str(last[1] / "report.json") if last else ""
        return hub.push_adapter(hub.PushAdapterConfig(dir=adapter, repo=(repo or "").strip(), private=bool(private), report=report))

    def load_adapter(self, repo: str, revision: str = "") -> dict:
        """An adapter by Hub id (and revision), copied into the data folder and made the active student."""
        from pipeline import hub

        repo = hub.check_repo_id((repo or "").strip())
        out = self.root / "hub-adapters" / repo.replace("/", "--") / (revision.strip() or "main")
        result = hub.pull_adapter(hub.PullAdapterConfig(repo=repo, revision=(revision or "").strip(), out=str(out)))
        self.save_settings(adapter=result["adapter"])
        return result

    def corrections_target(self) -> str:
        dataset = self.dataset()
        if not dataset:
            raise UserError("no prepared dataset yet: build the demo student or prepare a labeled dataset first")
        return dataset


def job_flavors() -> list[str]:
    """The Hub's GPU flavors for a training Job."""
    from pipeline import jobs

    return jobs.gpu_flavors()


def check_rows_source(source: str | None) -> str:
    """A file of rows, a dataset folder or a Hub dataset id; anything else is refused by name."""
    source = str(source or "").strip()
    if not source:
        raise UserError("no data: upload a JSONL/CSV/parquet file or name a Hub dataset (user/name)")
    path = Path(source)
    if path.is_file() and path.suffix.lower() not in SUFFIXES:
        raise UserError(f"{path.name} is not a table of rows; upload JSONL, CSV or parquet with a 'recipe' column")
    return source


class ActiveStudent:
    """Whatever student is active in the workspace, for the OpenAI-compatible routes mounted beside
    the page: loaded on first use, answering 503 until one exists."""

    adapter, base_model = "understudy", ""

    def __init__(self, workspace: Workspace):
        self._workspace = workspace
        self.task = workspace.task()

    def __getattr__(self, name):
        from pipeline.serve import APIError

        try:
            return getattr(self._workspace.student(), name)
        except UserError as e:
            raise APIError(503, str(e), None, "model_not_ready") from None


def check_recipe(text: str | None) -> str:
    if text is None or not str(text).strip():
        raise UserError("the recipe is empty: paste a recipe or pick one from the test split")
    if len(text) > MAX_RECIPE_CHARS:
        raise UserError(f"that text is {len(text):,} characters; a recipe is at most {MAX_RECIPE_CHARS:,} (paste one recipe)")
    return text


def ask_teacher(text: str, task: Task, key: str, model: str = "gpt-4", base_url: str = "") -> dict:
    """One live teacher call through the labeling stage's Teacher: {labels, seconds, dollars, tokens}."""
    from pipeline.label import Fatal, LabelConfig, Teacher

    config = LabelConfig(model=model, base_url=base_url, max_retries=2, timeout=30.0, cache="")
    teacher = Teacher(config, task, key, prices.price(model))
    start = time.perf_counter()
    try:
        answer = teacher.ask(text)
    except Fatal as e:
        raise UserError(str(e)) from None
    seconds = time.perf_counter() - start
    if answer.get("error") or answer.get("invalid"):
        raise UserError(f"the teacher did not answer: {answer.get('error') or answer.get('invalid')}")
    return {"stored": False, "labels": answer["labels"], "model": model, "seconds": seconds, "dollars": answer["dollars"],
            "prompt_tokens": answer["prompt_tokens"], "completion_tokens": answer["completion_tokens"]}


def disagreements(report_dir: str | Path, limit: int = 200) -> list[dict]:
    path = Path(report_dir) / "disagreements.jsonl"
    rows = read_rows(path) if path.is_file() else []
    return rows[:limit] if limit else rows


def cost_table(corpus: int, input_tokens: float, output_tokens: float, student_rate: float, dollars_per_hour: float,
               teacher_prices: dict | None = None) -> dict:
    """The Costs tab's table: costs.run with the page's numbers and prices."""
    config = costs.CostsConfig(corpus=int(corpus), input_tokens=float(input_tokens), output_tokens=float(output_tokens),
                               student_rate=float(student_rate), dollars_per_hour=float(dollars_per_hour))
    if teacher_prices:
        config.teachers = list(teacher_prices)
    return costs.run(config, teacher_prices)


def disagreement_cases(report_dir: str | Path, task: Task, model: str | None = None) -> list[dict]:
    """Disagreements grouped per recipe: {id, model, text, fields: {name: {teacher, student, confidence}}}."""
    cases: dict[tuple, dict] = {}
    for d in disagreements(report_dir, limit=0):
        if model and d["model"] != model:
            continue
        case = cases.setdefault((d["model"], d["id"]), {"id": d["id"], "model": d["model"], "text": d.get(task.input, ""), "fields": {}})
        case["fields"][d["field"]] = {"teacher": d["reference"], "student": d["predicted"], "confidence": d.get("confidence")}
    return list(cases.values())


def corrected_labels(case: dict, teacher_labels: dict, verdict: str) -> dict | None:
    """The labels a person's verdict on one case means: 'student' takes the student's values on the
    disputed fields; 'teacher' keeps the teacher's (nothing to correct)."""
    if verdict != "student":
        return None
    return {**teacher_labels, **{name: f["student"] for name, f in case["fields"].items()}}
