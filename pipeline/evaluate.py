"""evaluate: how often each model agrees with the reference (teacher) labels.

Per model: agreement per field and their mean (the study's headline number: 0.95 for its fine-tuned
Llama-2-7B), exact match (every field right), the invalid-output rate, confusion counts per field,
and every disagreement. An invalid prediction (missing, an error, a field absent or out of range) counts
as wrong on every field. Several prediction files are compared in one table.
Writes OUT/report.json, OUT/report.md and OUT/disagreements.jsonl.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cards import add_evaluation_to_card, agreement_table
from pipeline.data import write_jsonl
from pipeline.errors import UserError
from pipeline.hub import read_rows
from pipeline.task import InvalidAnswer, Task, labels_of, load_task

STUDY = {"fine-tuned Llama-2-7B (study)": 0.95, "fine-tuned GPT-3.5 (study)": 0.94, "GPT-3.5 (study)": 0.91}


@dataclass
class EvaluateConfig:
    predictions: list[str] = field(default_factory=lambda: ["data/predictions.jsonl"], metadata={"help": "prediction JSONL files (NAME=PATH to name a model)"})
    reference: str = field(default="data/prepared/test.jsonl", metadata={"help": "rows with id (or order) and reference labels"})
    task: str = field(default="recipes", metadata={"help": "task name or YAML"})
    out: str = field(default="data/eval", metadata={"help": "folder for report.json, report.md, disagreements.jsonl"})
    adapter: str = field(default="", metadata={"help": "adapter folder whose model card gets the results (first model)"})


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
    models, all_disagreements = {}, []
    for arg in config.predictions:
        name, path = parse_prediction_arg(arg)
        rows = read_rows(path)
        preds = {str(r.get("id", i)): r for i, r in enumerate(rows)}
        unmatched = len(set(preds) - set(refs))
        if unmatched == len(preds):
            raise UserError(f"{path}: none of its ids match {config.reference}; evaluate predictions made on that file")
        report, disagreements = score(name, refs, preds, task, texts)
        report["predictions"] = path
        models[name] = report
        all_disagreements += disagreements
        if report["invalid_rate"]:
            print(f"{name}: {report['invalid_rate']:.1%} of predictions invalid: {report['invalid_reasons']}")
    first = next(iter(models.values()))
    result = {k: first[k] for k in ("mean_agreement", "per_field", "exact_match", "invalid_rate", "n")}
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
    return (
        f"# Agreement with the reference labels ({task.name}, n={result['n']})\n\n" + agreement_table(result["models"])
        + f"\nFor comparison, the original study's mean agreement with GPT-4: {study}.\n"
    )


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
    return "\n".join(lines) + f"\n(n={result['n']})"
