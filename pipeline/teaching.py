"""The teacher and the labels of a workspace: the teacher's half of Side by side (a live call with the key
that may be used, towards an address that may be called, or the stored label), labeling a file with a teacher,
the labeled rows' preview, prepare, the proxy's recorded calls, the bundled sample, and a person's corrections.

Functions of one workspace (`ws`: pipeline.workspace.Workspace, the visitor's folder, settings, student and identity),
as app.py calls them."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import time
from dataclasses import replace
from pathlib import Path

from pipeline import hub, label, prepare, prices, proxy, sample, store, trying
from pipeline.data import read_rows, stream_jsonl, write_jsonl
from pipeline.errors import UserError
from pipeline.evaluate import disagreements
from pipeline.label import Fatal, LabelConfig, Teacher, api_key, check_public_address, is_openai, teacher_host
from pipeline.task import Task
from pipeline.visitors import LIMITS, OPENAI_URL, check_count, check_recipe, check_rows_source


def stored_label(ws, text: str) -> dict | None:
    """The teacher's stored labels for a test (or train) recipe with exactly this text."""
    dataset = ws.dataset()
    if not dataset:
        return None
    task = ws.task()
    for name in ("test", "train"):
        path = Path(dataset) / f"{name}.jsonl"
        if path.is_file():
            for r in read_rows(path):
                if r[task.input].strip() == text.strip():
                    return {"labels": {n: r[n] for n in task.field_names}, "source": r.get("source", "teacher"), "id": r["id"]}
    return None

def teacher_key(ws, typed: str = "", base_url: str = "") -> str:
    """The key a teacher call uses: the one typed (for that call only), else the owner's
    OPENAI_API_KEY, for the owner alone and only towards the endpoint the owner configured
    (OPENAI_BASE_URL, or OpenAI's own). "" when there is none to use."""

    typed = (typed or "").strip()
    if typed:
        return typed
    configured = os.environ.get("OPENAI_BASE_URL", "").strip().rstrip("/")
    url = (base_url or "").strip().rstrip("/")
    if url not in ("", configured):  # the owner's key never goes to an address typed in the page
        return "" if is_openai(url) else "unused"
    if not ws.visitor.owner:
        return ""

    try:
        return api_key(configured)
    except UserError:
        return ""

def side_by_side(ws, text: str, key: str = "", teacher_model: str = "gpt-4", base_url: str = "",
                 hardware: str = "cpu-upgrade") -> dict:
    """The student and the teacher on one recipe. The teacher is live when a key is given (typed,
    or the owner's own OPENAI_API_KEY), else the stored label of that recipe if it has one."""
    text = check_recipe(text)
    student = trying.classify_one(ws, text)
    student["dollars"] = prices.hourly(hardware).dollars / 3600 * student["seconds"]
    student["basis"] = f"{student['seconds'] * 1000:.0f} ms on {hardware} at ${prices.hourly(hardware).dollars:g}/h"
    try:
        teacher = teacher_answer(ws, text, key, teacher_model, base_url)
    except UserError as e:  # the student's half stays; the teacher's says what went wrong and what to do
        teacher = {"stored": False, "labels": None, "model": (teacher_model or "gpt-4").strip(), "error": str(e)}
    agree = None
    if teacher.get("labels") and student.get("labels"):
        agree = {n: student["labels"][n] == teacher["labels"].get(n) for n in student["labels"]}
    return {"student": student, "teacher": teacher, "agree": agree}

def teacher_answer(ws, text: str, key: str = "", teacher_model: str = "gpt-4", base_url: str = "") -> dict:
    """The teacher's labels for one recipe: asked live when there is a key, else the stored label of that recipe."""
    url = teacher_url(ws, base_url)
    key = teacher_key(ws, key, base_url)
    if not key:
        return stored_teacher(stored_label(ws, text))
    model = (teacher_model or "gpt-4").strip()
    with ws.app.teacher_calls.slot(ws.visitor):
        try:
            return ask_teacher(text, ws.task(), key, model, url,
                               seconds=LIMITS.teacher_seconds if not ws.visitor.owner else 30.0,
                               retries=0 if not ws.visitor.owner else 2, public_only=teacher_must_be_public(ws))
        except UserError as e:
            raise UserError(teacher_failure(str(e), url)) from None

def teacher_must_be_public(ws) -> bool:
    """A visitor's teacher calls connect only to public addresses, pinned per connection (unless a self-hosted
    app lets its visitors use a teacher on its own network: UNDERSTUDY_PRIVATE_TEACHERS)."""
    return not ws.visitor.owner and not os.environ.get("UNDERSTUDY_PRIVATE_TEACHERS")

def teacher_url(ws, base_url: str) -> str:
    """The endpoint a teacher call goes to: the one typed (an http(s) URL; for a visitor, never an
    address on this machine or its private network), else the owner's configured one for the owner,
    and OpenAI's own for everyone else."""
    typed = (base_url or "").strip()
    if typed and not re.match(r"^https?://[^\s/]+", typed):
        raise UserError(f"the teacher's base URL must start with http:// or https:// (e.g. https://api.openai.com/v1), got {typed[:80]!r}")
    if typed and teacher_must_be_public(ws):
        check_public_address(typed)
    if typed:
        return typed
    return os.environ.get("OPENAI_BASE_URL", "").strip() or OPENAI_URL if ws.visitor.owner else OPENAI_URL

def label_rows(ws, source: str, model: str, base_url: str = "", key: str = "", limit: int = 0, on_progress=None) -> dict:
    """Label an upload (already taken into this workspace) or a Hub dataset id with a teacher; the
    run's folder gets labeled.jsonl. Every call is cached in the workspace, so a re-run costs nothing.
    On a public app a visitor labels at most LIMITS.label_per_call rows a call and LIMITS.label_per_visitor
    in all; the owner (and the local user) labels as many as `limit` says (0: all)."""
    ws.visitor.require_sign_in("label with a teacher")
    fetched = Path(source).resolve().is_relative_to(hub.fetched_datasets().resolve()) if str(source) else False
    if str(source) and Path(source).exists() and not fetched:
        source = str(ws.readable(source))
    elif not fetched:
        source = check_rows_source(source)
    key = teacher_key(ws, key, base_url)
    if not key:
        raise UserError("no key for the teacher: type your OpenAI API key (used for this call only, never stored)")
    used = int(ws.settings().get("labeled_rows", 0))
    if ws.visitor.owner:
        limit = check_count(limit or 0, "rows to label", 0, float("inf"))
    else:
        limit = check_count(limit or LIMITS.label_per_call, "rows to label", 1, LIMITS.label_per_call)
        left = LIMITS.label_per_visitor - used
        if left <= 0:
            raise UserError(f"you have labeled {used:,} rows here, the most one visitor may; run Understudy yourself for more")
        limit = min(limit, left)
    out = ws.new_run_dir("labels") / "labeled.jsonl"
    config = label.LabelConfig(input=source, out=str(out), model=model.strip() or "gpt-4", base_url=teacher_url(ws, base_url),
                               limit=limit, cache=str(ws.root / "teacher_cache.sqlite"), progress=False)
    calls = 1
    if not ws.visitor.owner:  # a visitor's requests, not presses, count: all of their live calls, 10 s each, no retry
        calls = LIMITS.teacher_calls_per_visitor
        config = replace(config, concurrency=calls, timeout=LIMITS.teacher_seconds, max_retries=0)
    with ws.app.teacher_calls.slot(ws.visitor, calls), ws.acting():
        summary = label.run(config, key=key, on_progress=on_progress, public_only=teacher_must_be_public(ws))
    ws.save_settings(labeled=str(out), labeled_rows=used + int(summary["rows"]))
    return {**summary, "preview": read_rows(out)[:50]}

def preview_headers(ws) -> list[str]:
    """The columns of the labeled rows' preview: id, the text, one per label."""
    task = ws.task()
    return ["id", task.input, *task.field_names]

def labeled_preview(ws, limit: int = 50) -> list[dict]:
    """The first rows of the last labeled file (the sample's or a labeling run's), as the page's table
    shows them: id, the text cut short, one column per label (and the error, when a row has one)."""
    labeled = ws._own_setting("labeled")
    if not labeled or not Path(labeled).is_file():
        return []
    task = ws.task()
    rows = [preview_row(row, task) for _, row in itertools.islice(stream_jsonl(Path(labeled), lambda i: True), limit)]
    if not any(r.get("error") for r in rows):  # an error column only when a row has one
        rows = [{k: v for k, v in r.items() if k != "error"} for r in rows]
    return rows

def prepare_labeled(ws, labeled: str) -> dict:
    """Split labeled rows into the active train/test dataset."""

    labeled = str(ws.readable(labeled))
    out = ws.new_run_dir("prepared")
    summary = prepare.run(prepare.PrepareConfig(input=labeled, out=str(out)))
    ws.save_settings(dataset=str(out))
    return {**summary, "folder": ws.display(out)}

def use_recorded(ws, upload: str | None) -> dict:
    """The proxy's store (`python -m pipeline proxy --store FILE.sqlite`), uploaded: its teacher-labeled calls, one
    row per text, become the labeled rows to prepare."""
    if not upload:
        raise UserError("no file: upload the proxy's store (the .sqlite file its --store names)")
    path = Path(ws.take_upload(upload))
    if not store.is_store(path):
        raise UserError(f"{path.name} is not the proxy's store: upload the .sqlite file `python -m pipeline proxy --store` wrote")
    rows = store.labeled_rows(path)
    if not rows:
        raise UserError(f"{path.name} holds no call the teacher labeled yet: record some calls with the proxy first")
    out = path.parent / "labeled.jsonl"
    write_jsonl(out, rows)
    path.unlink()  # the rows are kept; the store itself (with its callers' key hashes) is not
    ws.save_settings(labeled=str(out))
    return {"rows": len(rows), "labeled": ws.display(out)}

def require_owner_for_proxy(ws) -> None:
    if not ws.visitor.owner:  # the page would otherwise call any address a visitor types, from the server
        raise UserError("only the owner of this app can watch or switch a proxy from the page; run Understudy yourself")

def proxy_stats(ws, url: str, key: str = "") -> dict:
    """A running proxy's stats (`python -m pipeline proxy`): its mode, stored calls, audits and warnings."""
    require_owner_for_proxy(ws)
    return proxy.remote_stats(url, key)

def proxy_switch(ws, url: str, key: str, admin_key: str, mode: str) -> dict:
    """Switch a running proxy's mode (with its --admin-key-env key), then its stats (with its --key-env key, if any)."""
    require_owner_for_proxy(ws)
    proxy.remote_switch(url, admin_key, mode)
    return proxy.remote_stats(url, key)

def use_sample(ws, n: int = 400) -> dict:
    """The bundled sample: generated recipes with their labels (the offline teacher)."""

    n = check_count(n, "the sample size", 1, LIMITS.sample_max)
    out = ws.root / "sample"
    result = sample.run(sample.SampleConfig(out=str(out), n=n))
    ws.save_settings(labeled=result["labeled"])
    return {**result, "labeled": ws.display(result["labeled"])}

def save_corrections(ws, corrections: list[dict]) -> dict:

    if not corrections:
        raise UserError("no corrections to save: mark at least one disagreement 'student is right' first")
    return prepare.add_corrections(corrections_target(ws), corrections, ws.task())

def corrections_target(ws) -> str:
    """The dataset corrections go into: this workspace's own; the app's default is copied here first."""
    dataset = ws.dataset()
    if not dataset:
        raise UserError("no prepared dataset yet: build the demo student or prepare a labeled dataset first")
    if ws.is_app or Path(dataset).resolve().is_relative_to(ws.root.resolve()):
        return dataset
    own = ws.new_run_dir("prepared")
    shutil.copytree(dataset, own, dirs_exist_ok=True)
    ws.save_settings(dataset=str(own))
    return str(own)


def preview_row(row: dict, task: Task, width: int = 70) -> dict:
    """One labeled row for the page's table: id, its text cut to `width` characters, its labels, its error."""
    text = " ".join(str(row.get(task.input, "")).split())
    labels = row.get("labels") if isinstance(row.get("labels"), dict) else {n: row[n] for n in task.field_names if n in row}
    out = {"id": str(row.get("id", "")), task.input: text if len(text) <= width else text[:width - 1] + "…"}
    out.update({n: labels.get(n, "") for n in task.field_names})
    if any(key in row for key in ("error", "invalid")):
        out["error"] = row.get("error") or row.get("invalid") or ""
    return out


def ask_teacher(text: str, task: Task, key: str, model: str = "gpt-4", base_url: str = OPENAI_URL, seconds: float = 30.0,
                retries: int = 2, public_only: bool = False) -> dict:
    """One live teacher call through the labeling stage's Teacher: {labels, seconds, dollars, tokens}."""
    config = LabelConfig(model=model, base_url=base_url, max_retries=retries, timeout=seconds, cache="")
    teacher = Teacher(config, task, key, prices.price(model), public_only=public_only)
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


LABEL_SOURCES = {"generator": "the bundled sample's generator", "human": "a person's correction"}


def stored_teacher(stored: dict | None) -> dict:
    """The teacher's half of Side by side from a stored label: who made it (a teacher model, the sample's
    generator, a person), never passed off as a live call."""
    if not stored:
        return {"stored": True, "labels": None, "source": "",
                "note": "no key given and this recipe has no stored label: type an OpenAI key to ask the teacher live"}
    source = str(stored.get("source") or "teacher")
    by = LABEL_SOURCES.get(source, source)
    return {"stored": True, "labels": stored["labels"], "source": by,
            "note": f"stored label of recipe {stored['id']}, made by {by}; no teacher was asked (type a key to ask one live)"}


def teacher_failure(message: str, url: str) -> str:
    """A failed teacher call as one line that says what to fix: the key, the address, or the teacher."""
    host = teacher_host(url)
    if "refused the API key" in message:
        return f"{message}; check the key (an OpenAI key for OpenAI, the server's own key for another endpoint)"
    if any(word in message for word in ("APIConnectionError", "Connection error", "APITimeoutError", "timed out")):
        return (f"the teacher at {host} could not be reached ({message.removeprefix('the teacher did not answer: ')}); "
                "check the base URL under 'Teacher endpoint', and that this machine can reach it")
    return f"{message} (teacher at {host})" if host not in message else message


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


