"""evaluate: how often each model agrees with the reference (teacher) labels.

Per model: agreement per field and their mean (the study's headline number: 0.95 for its fine-tuned
Llama-2-7B), exact match (every field right), the invalid-output rate, confusion counts per field,
and every disagreement. An invalid prediction (missing, an error, a field absent or out of range) counts
as wrong on every field. Several prediction files are compared in one table.
Writes OUT/report.json, OUT/report.md and OUT/disagreements.jsonl.

Given the student's adapter (--adapter, or --trained-on to leave its card alone), the test rows it was
trained on (its training_rows.json lists their digests) are left out of the headline figures, for every
model alike, and the report says how many there were (`seen_in_training`, `warnings`); the figures over
all rows stay under `including_seen_rows`. A test split the student saw entirely is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cards import (
    TRAINING_ROWS_FILE,
    add_evaluation_to_card,
    agreement_table,
    read_training_rows,
    seen_in_training,
)
from pipeline.data import write_jsonl
from pipeline.errors import UserError
from pipeline.hub import adapter_folder, read_rows
from pipeline.repo_ids import shareable_name
from pipeline.task import InvalidAnswer, Task, labels_of, load_task

STUDY = {"fine-tuned Llama-2-7B (study)": 0.95, "fine-tuned GPT-3.5 (study)": 0.94, "GPT-3.5 (study)": 0.91}


@dataclass
class EvaluateConfig:
    predictions: list[str] = field(default_factory=lambda: ["data/predictions.jsonl"], metadata={"help": "prediction JSONL files (NAME=PATH to name a model)"})
    reference: str = field(default="data/prepared/test.jsonl", metadata={"help": "rows with id (or order) and reference labels"})
    task: str = field(default="recipes", metadata={"help": "task name or YAML"})
    out: str = field(default="data/eval", metadata={"help": "folder for report.json, report.md, disagreements.jsonl"})
    adapter: str = field(default="", metadata={"help": "the student's adapter folder: its model card gets the results (first model), "
                                                       "and the test rows it was trained on are left out of the headline figures"})
    trained_on: str = field(default="", metadata={"help": "adapter folder whose training rows to leave out of the headline figures, "
                                                          "without touching its card (default: --adapter)"})


HEADLINE = ("mean_agreement", "per_field", "exact_match", "invalid_rate", "n")


@dataclass
class SeenRows:
    """Which test rows the student was trained on, as its adapter's training_rows.json tells."""

    adapter: str = ""  # the adapter checked, by its shareable name ('' when none was given)
    checked: bool = False  # whether its training rows were known
    ids: list[str] = field(default_factory=list)  # the test rows among them
    warnings: list[str] = field(default_factory=list)


def reference_labels(rows: list[dict], task: Task, source: str) -> dict[str, dict]:
    refs = {}
    for i, row in enumerate(rows):
        rid = str(row.get("id", i))
        if rid in refs:
            raise UserError(f"{source}: id {rid!r} appears twice (row {i + 1}); reference ids must be unique")
        try:
            refs[rid] = labels_of(row, task)
        except InvalidAnswer as e:
            raise UserError(f"{source}: row {i + 1} has no usable reference labels ({e})") from None
    return refs


def prediction_labels(row: dict | None, task: Task) -> tuple[dict | None, str | None]:
    """(labels, None) for a valid prediction, else (None, why it is invalid)."""
    if row is None:
        return None, "no prediction for this id"
    if row.get("error"):
        return None, str(row["error"])
    try:
        return labels_of(row, task), None
    except InvalidAnswer as e:
        return None, str(e)


def score(name: str, refs: dict[str, dict], preds: dict[str, dict], task: Task, texts: dict[str, str]) -> tuple[dict, list[dict]]:
    n = len(refs)
    agree = {f: 0 for f in task.field_names}
    confusion = {f.name: {str(a).lower(): {str(b).lower(): 0 for b in f.values} for a in f.values} for f in task.fields}
    exact = invalid = 0
    invalid_reasons: dict[str, int] = {}
    disagreements = []
    for rid, ref in refs.items():
        row = preds.get(rid)
        labels, why = prediction_labels(row, task)
        if labels is None:
            invalid += 1
            invalid_reasons[why] = invalid_reasons.get(why, 0) + 1
            continue
        right = 0
        for f in task.field_names:
            confusion[f][str(ref[f]).lower()][str(labels[f]).lower()] += 1
            if labels[f] == ref[f]:
                agree[f] += 1
                right += 1
            else:
                disagreements.append({
                    "model": name, "id": rid, "field": f, "reference": ref[f], "predicted": labels[f],
                    "confidence": (row.get("confidence") or {}).get(f), task.input: texts.get(rid, ""),
                })
        exact += right == len(task.field_names)
    per_field = {f: round(a / n, 4) for f, a in agree.items()}
    report = {
        "n": n,
        "mean_agreement": round(sum(per_field.values()) / len(per_field), 4),
        "per_field": per_field,
        "exact_match": round(exact / n, 4),
        "invalid_rate": round(invalid / n, 4),
        "invalid_reasons": invalid_reasons,
        "confusion": confusion,
        "disagreements": len(disagreements),
    }
    return report, disagreements


def seen_rows(adapter: str, texts: dict[str, str], reference: str) -> SeenRows:
    """The test rows (id → input text) that `adapter` was trained on; a UserError when it was trained on all of them."""
    if not adapter:
        return SeenRows()
    folder = Path(adapter_folder(adapter))  # a Hub id is fetched first
    name = shareable_name(adapter)
    if not folder.is_dir():
        raise UserError(f"adapter folder not found: {adapter}; pass the folder the student was trained into")
    record = read_training_rows(folder)
    if record is None:
        return SeenRows(name, warnings=[f"could not check whether the student saw these test rows in training: its adapter ({name}) "
                                        f"has no {TRAINING_ROWS_FILE} (trained before Understudy recorded its rows, or fetched without it)"])
    if not any(str(t or "").strip() for t in texts.values()):
        return SeenRows(name, warnings=[f"could not check whether the student saw these test rows in training: {reference} "
                                        "has no input texts"])
    ids = seen_in_training(record, texts)
    n = len(texts)
    if len(ids) == n:
        raise UserError(f"all {n} test rows of {reference} were among the training rows of the student ({name}), so agreement on them "
                        "says nothing about new inputs; evaluate on rows it did not train on (prepare its split again with the same "
                        "input and --seed), or train anew on this split")
    warnings = [f"{len(ids)} of {n} test rows were seen in training by the student ({name}), and agreement on rows it learned "
                f"says nothing about new inputs: the headline figures leave them out (n={n - len(ids)})"] if ids else []
    return SeenRows(name, True, sorted(ids), warnings)


def score_without_seen(name: str, refs: dict[str, dict], preds: dict[str, dict], task: Task, texts: dict[str, str],
                       seen: SeenRows) -> tuple[dict, list[dict]]:
    """score() on the rows the student did not train on, with the figures over all rows as `including_seen_rows`
    (and every disagreement, those on seen rows marked `seen_in_training`)."""
    if not seen.ids:
        return score(name, refs, preds, task, texts)
    marked = set(seen.ids)
    report, _ = score(name, {rid: ref for rid, ref in refs.items() if rid not in marked}, preds, task, texts)
    everything, disagreements = score(name, refs, preds, task, texts)
    report["including_seen_rows"] = {k: everything[k] for k in HEADLINE}
    return report, [{**d, "seen_in_training": True} if d["id"] in marked else d for d in disagreements]


def parse_prediction_arg(arg: str) -> tuple[str, str]:
    if "=" in arg and not Path(arg).exists():
        name, path = arg.split("=", 1)
        return name, path
    return Path(arg).stem, arg


def run(config: EvaluateConfig) -> dict:
    task = load_task(config.task)
    ref_rows = read_rows(config.reference)
    if not ref_rows:
        raise UserError(f"{config.reference}: no rows to evaluate against")
    refs = reference_labels(ref_rows, task, config.reference)
    texts = {str(r.get("id", i)): r.get(task.input, "") for i, r in enumerate(ref_rows)}
    seen = seen_rows(config.trained_on or config.adapter, texts, config.reference)
    models, all_disagreements = {}, []
    for arg in config.predictions:
        name, path = parse_prediction_arg(arg)
        rows = read_rows(path)
        preds = {str(r.get("id", i)): r for i, r in enumerate(rows)}
        unmatched = len(set(preds) - set(refs))
        if unmatched == len(preds):
            raise UserError(f"{path}: none of its ids match {config.reference}; evaluate predictions made on that file")
        report, disagreements = score_without_seen(name, refs, preds, task, texts, seen)
        report["predictions"] = path
        models[name] = report
        all_disagreements += disagreements
        if report["invalid_rate"]:
            print(f"{name}: {report['invalid_rate']:.1%} of predictions invalid: {report['invalid_reasons']}")
    first = next(iter(models.values()))
    result = {k: first[k] for k in HEADLINE}
    result.update(seen_in_training=len(seen.ids) if seen.checked else None, seen_in_training_ids=seen.ids, trained_on=seen.adapter,
                  warnings=seen.warnings)
    if seen.ids:
        result["including_seen_rows"] = first["including_seen_rows"]
    result.update(task=task.name, reference=config.reference, report=str(Path(config.out) / "report.json"), models=models)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    (out / "report.md").write_text(markdown(result, task))
    write_jsonl(out / "disagreements.jsonl", all_disagreements)
    if config.adapter:
        add_evaluation_to_card(config.adapter, first)
    return result


def markdown(result: dict, task: Task) -> str:
    study = ", ".join(f"{k} {v:.2f}" for k, v in STUDY.items())
    warnings = "".join(f"> **Warning:** {w}\n\n" for w in result.get("warnings") or [])
    text = (f"# Agreement with the reference labels ({task.name}, n={result['n']})\n\n" + warnings + agreement_table(result["models"])
            + f"\nFor comparison, the original study's mean agreement with GPT-4: {study}.\n")
    if result.get("including_seen_rows"):
        everything = {name: report["including_seen_rows"] for name, report in result["models"].items()}
        text += (f"\n## All {result['including_seen_rows']['n']} test rows, including the {result['seen_in_training']} seen in training "
                 "(not a fair test)\n\n" + agreement_table(everything))
    return text


def format_table(result: dict) -> str:
    """The report as a plain-text table for the terminal."""
    names = list(result["models"])
    fields = list(result["per_field"])
    width = max(len(f) for f in fields + ["mean agreement"]) + 2
    lines = ["".ljust(width) + "".join(n[:14].rjust(16) for n in names)]
    for f in fields:
        lines.append(f.ljust(width) + "".join(f"{result['models'][n]['per_field'][f]:16.3f}" for n in names))
    for key, label in (("mean_agreement", "mean agreement"), ("exact_match", "exact match"), ("invalid_rate", "invalid rate")):
        lines.append(label.ljust(width) + "".join(f"{result['models'][n][key]:16.3f}" for n in names))
    warnings = [f"warning: {w}" for w in result.get("warnings") or []]
    table = "\n".join(warnings + lines) + f"\n(n={result['n']})"
    if result.get("including_seen_rows"):
        table += (f"\nmean agreement on all {result['including_seen_rows']['n']} rows, the {result['seen_in_training']} seen in "
                  "training included (not a fair test): "
                  + ", ".join(f"{n} {result['models'][n]['including_seen_rows']['mean_agreement']:.3f}" for n in names))
    return table
