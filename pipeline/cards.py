"""cards: what an adapter or dataset says about itself when shared: the model card, the dataset card,
their cost section, and the one agreement table that every card and evaluation report uses.

Cards are huggingface_hub ModelCard / DatasetCard files. Nothing in them names the machine's folders:
local paths are reduced to their last part (repo_ids.shareable_name).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline import prices
from pipeline.repo_ids import TINY_BASE_NAME, shareable_name
from pipeline.task import Task, task_of_folder

TRAINING_ROWS_FILE = "training_rows.json"  # what an adapter was trained on, as short digests of the input texts
CALIBRATION_FILE = "calibration.json"  # the student's per-field calibration and the cascade's calibration rows (pipeline.calibrate)
ROW_HASH = "sha256"
ROW_NORMALISE = "strip"  # what is done to a text before hashing: leading and trailing whitespace removed
ROW_DIGEST_CHARS = 16  # hex characters kept of each digest: small, and a chance collision is ~1e-19 per pair

SUMMARY_ROWS = (("mean_agreement", "**mean agreement**"), ("exact_match", "exact match"), ("invalid_rate", "invalid outputs"))


def agreement_table(reports: dict[str, dict], baseline: dict | None = None) -> str:
    """Per-field agreement of one or more models with the reference labels, then the mean agreement,
    exact match and invalid rate: {model name: report with per_field, mean_agreement, ...}. With `baseline`
    (evaluate.majority_baseline), a last column: each field's majority answer, and a model that does not beat it
    on a field is marked there (⚠)."""
    names = list(reports)
    fields = list(next(iter(reports.values()))["per_field"])
    extra = [f"majority answer ({baseline['source']})"] if baseline else []
    lines = ["| field | " + " | ".join(names + extra) + " |", "|---|" + "---|" * (len(names) + len(extra))]
    for f in fields:
        cells = [f"{reports[m]['per_field'][f]:.3f}" + (" ⚠" if baseline and not beats(reports[m]['per_field'][f], baseline, f) else "")
                 for m in names]
        if baseline:
            cells.append(f"{baseline['per_field'][f]:.3f} (always {baseline['answers'][f]})")
        lines.append(f"| {f} | " + " | ".join(cells) + " |")
    for key, label in SUMMARY_ROWS:
        tail = [f"{baseline['mean']:.3f}" if key == "mean_agreement" else ""] if baseline else []
        lines.append(f"| {label} | " + " | ".join([f"{reports[m][key]:.3f}" for m in names] + tail) + " |")
    note = ("\n⚠: no better than always giving that field's most common answer in the training split.\n"
            if baseline and any(not beats(reports[m]["per_field"][f], baseline, f) for m in names for f in fields) else "")
    return "\n".join(lines) + "\n" + note


def beats(agreement: float, baseline: dict | None, field: str) -> bool:
    """Whether a model's agreement on a field beats the majority answer's (always true with no baseline)."""
    return baseline is None or field not in baseline["per_field"] or agreement > baseline["per_field"][field]


def shareable_settings(settings: dict) -> dict:
    """Training settings as they may be shared: the dataset, output folder and base model as a Hub id, or a
    local folder's name only."""
    return {k: shareable_name(v) if k in ("dataset", "out", "base_model") and isinstance(v, str) else v for k, v in settings.items()}


def shareable_training(training: dict) -> dict:
    """training.json's content with no local paths: its base model and its config made shareable."""
    shared = {**training, "config": shareable_settings(training.get("config") or {})}
    if isinstance(training.get("base_model"), str):
        shared["base_model"] = shareable_name(training["base_model"])
    return shared


GENERATOR_SOURCES = {"generator", "sample"}  # labels written by Understudy's recipe generator (sample stage)
HUMAN_SOURCES = {"human"}  # a person's corrections (Evaluate's "student is right")


def source_name(source: str, host: str = "") -> str:
    """Where a row's label came from, in words: the teacher model and its host, the generator, or a person."""
    if source in GENERATOR_SOURCES:
        return "Understudy's recipe generator (rules, not a teacher model)"
    if source in HUMAN_SOURCES:
        return "a person's corrections"
    if source in ("", "unknown"):
        return "an unrecorded source"
    return f"the teacher model {source}" + (f" at {host}" if host else "")


def label_sources(sources: list[str], hosts: list[str] | None = None) -> dict[str, int]:
    """How many rows each source labeled ({"the teacher model gpt-4o at api.openai.com": 1200, ...}), most first."""
    counts: dict[str, int] = {}
    for source, host in zip(sources, hosts or [""] * len(sources)):
        name = source_name(str(source or ""), str(host or ""))
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def labels_phrase(sources: dict[str, int] | None) -> str:
    """The card's "labeled by ...": each source with its rows, or plainly unrecorded (an adapter trained before
    training.json kept its label sources)."""
    if not sources:
        return "a source this adapter did not record (trained before Understudy kept it)"
    if len(sources) == 1:
        return next(iter(sources))
    return ", ".join(f"{name} ({n} rows)" for name, n in sources.items())


def base_note(summary: dict, base: str) -> str:
    """After the base's name on the card: nothing for a Hub model; plainly "a local model" otherwise."""
    if base == TINY_BASE_NAME:
        return " (a local model: Understudy's tiny base, shipped inside the package, not on the Hub)"
    if summary.get("base_pushed_from_local_folder"):
        return " (a local model, pushed to the Hub with this adapter)"
    if not summary.get("base_model_hub_id"):
        return " (a local model, not on the Hub: a folder on the machine that trained this adapter)"
    return ""


def write_model_card(out: Path, settings: dict, task: Task, summary: dict, report: dict | None = None) -> None:
    """The adapter's README.md: huggingface_hub ModelCard with base_model, library_name peft, the task,
    the training config, and the evaluation against the teacher once known."""
    from huggingface_hub import ModelCard, ModelCardData

    data = ModelCardData(
        base_model=summary.get("base_model_hub_id"),
        library_name="peft",
        pipeline_tag="text-generation",
        tags=["understudy", "lora", "sft", "trl", f"task:{task.name}"],
    )
    shared = shareable_settings(settings)  # the card names no local folder
    base = shareable_name(summary.get("base_model") or shared["base_model"])
    fields = "\n".join(f"| `{f.name}` | {f.type} | {f.description} |" for f in task.fields)
    settings = "\n".join(f"| {k} | {v} |" for k, v in shared.items())
    evaluation = evaluation_section(report)
    content = f"""---
{data.to_yaml()}
---

# Understudy adapter: {task.name}

A LoRA adapter for `{base}`{base_note(summary, base)} that answers the **{task.name}** task with
compact JSON, trained with Understudy on {summary['train_examples']} examples labeled by {labels_phrase(summary.get('label_sources'))}.

## Task

System prompt: "{task.system_prompt}"

| field | type | description |
| --- | --- | --- |
{fields}

## Training

{summary['steps']} steps in {summary['seconds']} s, final loss {summary['final_loss']}.

| setting | value |
| --- | --- |
{settings}

{training_rows_note(out)}
## Evaluation against the teacher

{evaluation}
"""
    kept = card_section(out, "Calibration")  # written by `calibrate`; a card rewritten after it keeps it
    ModelCard(content).save(out / "README.md")
    if kept:
        put_card_section(out, "Calibration", kept)


def _section_span(text: str, title: str) -> tuple[int, int] | None:
    head = f"\n## {title}\n"
    start = text.find(head)
    if start < 0:
        return None
    end = text.find("\n## ", start + len(head))
    return start, (len(text) if end < 0 else end)


def card_section(adapter_dir: str | Path, title: str) -> str:
    """The body of the card's `## title` section ('' when it has none)."""
    path = Path(adapter_dir) / "README.md"
    text = path.read_text() if path.is_file() else ""
    span = _section_span(text, title)
    return text[span[0]:span[1]].split("\n", 2)[2].strip("\n") + "\n" if span else ""


def put_card_section(adapter_dir: str | Path, title: str, body: str) -> None:
    """Write `## title` with this body into the adapter's card, replacing the section of that name if any."""
    path = Path(adapter_dir) / "README.md"
    text = path.read_text()
    section = f"\n## {title}\n\n{body.strip()}\n"
    span = _section_span(text, title)
    text = text[:span[0]] + section + text[span[1]:] if span else text.rstrip("\n") + "\n" + section
    path.write_text(text)


def training_rows_note(adapter_dir: Path) -> str:
    """The card's line about training_rows.json, when the folder has one."""
    if not (Path(adapter_dir) / TRAINING_ROWS_FILE).is_file():
        return ""
    return (f"`{TRAINING_ROWS_FILE}` holds a short {ROW_HASH} digest of each training row's input text (stripped "
            "first; neither the text nor its labels), so that `python -m pipeline evaluate --adapter` can leave out of its "
            "headline figures the test rows this adapter was trained on.\n")


# ----------------------------------------------------------------------------------------------------
# The training rows' digests: so an evaluation can tell which test rows the adapter has seen
# ----------------------------------------------------------------------------------------------------


def row_digest(text: str, chars: int = ROW_DIGEST_CHARS) -> str:
    """A text's short digest as training_rows.json keeps it: sha256 of the stripped UTF-8 text, in hex."""
    return hashlib.sha256(str(text).strip().encode("utf-8")).hexdigest()[:chars]


def write_training_rows(adapter_dir: str | Path, texts: list[str]) -> dict:
    """Write training_rows.json: the digest of every training row's input text (sorted, each once)."""
    record = {"hash": ROW_HASH, "normalise": ROW_NORMALISE, "digest_chars": ROW_DIGEST_CHARS, "n": len(texts),
              "hashes": sorted({row_digest(t) for t in texts if str(t).strip()})}
    (Path(adapter_dir) / TRAINING_ROWS_FILE).write_text(json.dumps(record, separators=(",", ":")) + "\n")
    return record


def read_training_rows(adapter_dir: str | Path) -> dict | None:
    """training_rows.json of an adapter folder, or None when it has none this code can use (an adapter
    trained before the file existed, or one hashed another way)."""
    path = Path(adapter_dir) / TRAINING_ROWS_FILE
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    hashes = record.get("hashes") if isinstance(record, dict) else None
    if record.get("hash") != ROW_HASH or record.get("normalise") != ROW_NORMALISE or not isinstance(hashes, list) or not hashes:
        return None
    return record


def seen_in_training(record: dict, texts: dict[str, str]) -> list[str]:
    """The ids (of {id: text}) whose text is among the training rows `record` (read_training_rows) lists."""
    digests = set(record["hashes"])
    chars = len(record["hashes"][0])
    return [rid for rid, text in texts.items() if str(text or "").strip() and row_digest(text, chars) in digests]


def evaluation_section(report: dict | None) -> str:
    if not report:
        return "Not evaluated yet: run `python -m pipeline evaluate` with this adapter's predictions."
    left_out = (report.get("including_seen_rows") or {}).get("n", report["n"]) - report["n"]
    note = f" (leaving out {left_out} test rows this adapter was trained on)" if left_out else ""
    return f"On {report['n']} held-out examples{note}:\n\n" + agreement_table({"this adapter": report})


def add_evaluation_to_card(adapter_dir: str | Path, report: dict) -> None:
    """Rewrite the adapter's card with the evaluation table (called by evaluate and demo)."""
    adapter_dir = Path(adapter_dir)
    training = json.loads((adapter_dir / "training.json").read_text())
    task = task_of_folder(adapter_dir)
    write_model_card(adapter_dir, training["config"], task, training, report)


def cost_section(training: dict, labeling_cost: float | None) -> tuple[str, dict]:
    """The card's cost figures: labeling, and training time × the hardware's $/h when the flavor is known."""
    flavor = (training.get("config") or {}).get("flavor") or ""
    seconds = training.get("seconds") or 0
    figures = {"labeling_usd": labeling_cost, "training_seconds": seconds, "training_hardware": flavor or "local",
               "training_usd": None}
    rows = [f"| labeling by the teacher | {'$%.2f' % labeling_cost if labeling_cost is not None else 'not recorded'} |"]
    if flavor and flavor in prices.HARDWARE:
        rate = prices.HARDWARE[flavor]
        figures["training_usd"] = round(seconds / 3600 * rate.dollars, 4)
    training_text = f"{seconds} s on {flavor or 'the local machine'}"
    if figures["training_usd"] is not None:
        training_text += f", ${figures['training_usd']:.4f}"
    rows.append(f"| training | {training_text} |")
    text = "## Cost\n\n| item | cost |\n| --- | --- |\n" + "\n".join(rows) + "\n\nPer-item serving cost: `python -m pipeline costs`."
    return text, figures


def dataset_card(task, splits: dict, balance: dict, sources: dict, dates: list[str], cost: float | None, repo_id: str):
    """huggingface_hub DatasetCard: the task and fields, the teacher and date, split sizes, label balance, labeling cost."""
    from huggingface_hub import DatasetCard, DatasetCardData

    teacher = ", ".join(f"{k} ({v} rows)" for k, v in sorted(sources.items(), key=lambda kv: -kv[1])) or "unknown"
    date = (dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}") if dates else "not recorded"
    n = sum(splits.values())
    size = "n<1K" if n < 1000 else "1K<n<10K" if n < 10000 else "10K<n<100K" if n < 100000 else "100K<n<1M"
    understudy = {
        "task": task.name, "input": task.input,
        "fields": [{"name": f.name, "type": f.type, "description": f.description} for f in task.fields],
        "teacher": sorted(sources, key=lambda k: -sources[k]), "labeled": date, "splits": splits, "balance": balance,
        "labeling_cost_usd": cost,
    }
    data = DatasetCardData(
        pretty_name=f"Understudy {task.name} ({repo_id})",
        task_categories=["text-classification"],
        tags=["understudy", "distillation", "synthetic-labels", f"task:{task.name}"],
        size_categories=[size],
        configs=[{"config_name": "default", "data_files": [{"split": s, "path": f"data/{s}-*.parquet"} for s in splits]}],
        understudy=understudy,
    )
    fields = "\n".join(f"| `{f.name}` | {f.type} | {f.description} |" for f in task.fields)
    sizes = "\n".join(f"| {s} | {c} |" for s, c in splits.items())
    values = sorted({v for b in balance.values() for v in b})
    bal = "\n".join(f"| `{name}` | " + " | ".join(f"{b.get(v, 0):.3f}" for v in values) + " |" for name, b in balance.items())
    cost_text = f"${cost:,.2f}" if cost is not None else "not recorded (pass --labeling-cost with the label stage's dollars)"
    content = f"""---
{data.to_yaml()}
---

# Understudy dataset: {task.name}

Inputs labeled by a teacher model for the **{task.name}** task, split and formatted by Understudy's `prepare` stage
for fine-tuning a small student model. Each row has the input (`{task.input}`), one column per field, where the
label came from (`source`), and `messages` (system prompt, input, the teacher's answer as JSON).

## Task

System prompt: "{task.system_prompt}"

| field | type | description |
| --- | --- | --- |
{fields}

## Labels

- Teacher: {teacher}
- Labeled: {date}
- Labeling cost: {cost_text}

| split | rows |
| --- | --- |
{sizes}

Label balance in the train split (share of rows per value):

| field | {' | '.join(values)} |
| --- | {' | '.join('---' for _ in values)} |
{bal}

## Use

    python -m pipeline hub pull-dataset {repo_id}
    python -m pipeline train --dataset {repo_id}
"""
    return DatasetCard(content)
