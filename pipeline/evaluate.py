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

When the first model's predictions carry confidences, the report adds the cascade curve (`cascade`): for
thresholds on the least confident field, the share of rows that would go to the teacher, the combined
output's agreement (a row sent to the teacher agrees with it) and the corpus's cost at the study's prices,
with the smallest share that reaches each of a few targets on these rows. Given --adapter with a
calibration, it also shows what the calibrated thresholds (the guarantee's) send on these rows. Labels
that did not come from a teacher call (the sample's generator) are marked as stored.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import calibration as cal
from pipeline import costs
from pipeline.cards import (
    TRAINING_ROWS_FILE,
    add_evaluation_to_card,
    agreement_table,
    beats,
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
    cascade_teacher: str = field(default="gpt-4", metadata={"help": "the teacher whose price the cascade curve counts"})
    failure_probability: float = field(default=0.05, metadata={"help": "the calibrated thresholds' failure probability (with --adapter)"})


TARGETS = (0.95, 0.97, 0.98, 0.99, 0.995)
NO_TARGET = "none"  # the target pickers' first choice: no cascade


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


def score_and_loss(refs: dict[str, dict], preds: dict[str, dict], task: Task, leave_out: set[str]) -> list[tuple[float, float]] | None:
    """(least confidence, share of fields wrong) per reference row; None when the predictions carry no confidence."""
    rows = []
    for rid, ref in refs.items():
        if rid in leave_out:
            continue
        labels, _ = prediction_labels(preds.get(rid), task)
        confidence = (preds.get(rid) or {}).get("confidence")
        if labels is not None and not confidence:
            return None
        rows.append((cal.row_score(confidence, labels), cal.row_loss(labels, ref, task.field_names)))
    return rows


def stored_labels(ref_rows: list[dict]) -> str:
    """Who made the reference labels, when not a teacher call: '' for a teacher, else the source (e.g. generator)."""
    sources = {str(r.get("source") or "") for r in ref_rows if not r.get("teacher_model")}
    return ", ".join(sorted(s or "unknown" for s in sources))


def cascade_curve(rows: list[tuple[float, float]], config: EvaluateConfig, stored: str) -> dict:
    """The curve (threshold → teacher share, agreement, corpus dollars) and the cheapest point per target."""
    prices = costs.CostsConfig()
    student = costs.student_row(costs.study_throughput(), prices)["corpus_dollars"]
    teacher = costs.teacher_row(config.cascade_teacher, prices)["corpus_dollars"]
    dollars = lambda share: round(student + share * teacher, 2)  # noqa: E731
    points = [{**p, "threshold": finite(p["threshold"]), "corpus_dollars": dollars(p["teacher_share"])} for p in cal.curve(rows)]
    targets = []
    for target in TARGETS:
        reached = [p for p in points if p["agreement"] >= target]
        best = min(reached, key=lambda p: p["teacher_share"])
        targets.append({"target": target, **best})
    return {"rows": len(rows), "score": "least confident field", "teacher": config.cascade_teacher, "corpus": prices.corpus,
            "prices": f"the study's corpus of {prices.corpus:,} recipes; the student at the study's throughput, {config.cascade_teacher} at today's table price",
            "student_corpus_dollars": round(student, 2), "teacher_corpus_dollars": round(teacher, 2),
            "stored_labels": stored, "points": points, "targets": targets}


def certified_points(rows: list[tuple[float, float]], adapter: str, task: Task, failure_probability: float) -> list[dict]:
    """For each target, the threshold the adapter's calibration certifies and what it does on these rows."""
    folder = adapter_folder(adapter) if adapter else ""
    calibration = cal.find(folder, task) if folder and Path(folder).is_dir() else None
    if calibration is None:
        return []
    out = []
    for target in TARGETS:
        choice = cal.choose_threshold(calibration.score_rows(), target, failure_probability)
        here = cal.at_threshold(rows, choice.threshold)
        out.append({"target": target, "threshold": finite(choice.threshold), "calibration_rows": choice.rows, "failure_probability": failure_probability,
                     "predicted_teacher_share": round(choice.teacher_share, 4), "teacher_share": round(here.teacher_share, 4),
                     "agreement": round(here.agreement, 4)})
    return out


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
    models, all_disagreements, first_preds = {}, [], None
    for arg in config.predictions:
        name, path = parse_prediction_arg(arg)
        rows = read_rows(path)
        preds = {str(r.get("id", i)): r for i, r in enumerate(rows)}
        first_preds = preds if first_preds is None else first_preds  # the student's, for the cascade curve
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
    trust = score_and_loss(refs, first_preds, task, set(seen.ids))
    result = {k: first[k] for k in HEADLINE}
    if trust:
        result["cascade"] = cascade_curve(trust, config, stored_labels(ref_rows))
        result["cascade"]["certified"] = certified_points(trust, config.trained_on or config.adapter, task, config.failure_probability)
    result.update(seen_in_training=len(seen.ids) if seen.checked else None, seen_in_training_ids=seen.ids, trained_on=seen.adapter,
                  warnings=seen.warnings)
    if seen.ids:
        result["including_seen_rows"] = first["including_seen_rows"]
    baseline = majority_baseline(config.reference, refs, task)
    if baseline:
        result["baseline"] = baseline
        result["below_baseline"] = {name: [f for f in r["per_field"] if not beats(r["per_field"][f], baseline, f)] for name, r in models.items()}
    result.update(task=task.name, reference=config.reference, report=str(Path(config.out) / "report.json"), models=models)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    (out / "report.md").write_text(markdown(result, task))
    write_jsonl(out / "disagreements.jsonl", all_disagreements)
    if config.adapter:
        add_evaluation_to_card(config.adapter, first)
    return result


def majority_baseline(reference: str, refs: dict[str, dict], task: Task) -> dict | None:
    """Each field's most common answer in the training split beside the reference (train.jsonl next to test.jsonl),
    and how often always giving it agrees with the reference: what a student must beat to have learned anything.
    None when there is no training split beside it."""
    train = Path(reference).with_name("train.jsonl")
    if not train.is_file() or Path(reference).name == "train.jsonl":
        return None
    counts = {f.name: Counter() for f in task.fields}
    for row in read_rows(str(train)):
        try:
            labels = labels_of(row, task)
        except Exception:  # noqa: BLE001 - a row without labels counts for nothing
            continue
        for f in task.fields:
            counts[f.name][json.dumps(labels[f.name])] += 1
    if not any(counts.values()):
        return None
    answers = {name: json.loads(c.most_common(1)[0][0]) for name, c in counts.items() if c}
    per_field = {name: round(sum(r.get(name) == answers[name] for r in refs.values()) / max(1, len(refs)), 4) for name in answers}
    return {"source": "training split", "answers": answers, "per_field": per_field,
            "mean": round(sum(per_field.values()) / max(1, len(per_field)), 4)}


def markdown(result: dict, task: Task) -> str:
    study = ", ".join(f"{k} {v:.2f}" for k, v in STUDY.items())
    warnings = "".join(f"> **Warning:** {w}\n\n" for w in result.get("warnings") or [])
    text = (f"# Agreement with the reference labels ({task.name}, n={result['n']})\n\n" + warnings + agreement_table(result["models"], result.get("baseline"))
            + f"\nFor comparison, the original study's mean agreement with GPT-4: {study}.\n")
    if result.get("including_seen_rows"):
        everything = {name: report["including_seen_rows"] for name, report in result["models"].items()}
        text += (f"\n## All {result['including_seen_rows']['n']} test rows, including the {result['seen_in_training']} seen in training "
                 "(not a fair test)\n\n" + agreement_table(everything))
    if result.get("cascade"):
        text += cascade_markdown(result["cascade"])
    return text


def cascade_markdown(c: dict) -> str:
    stored = f" The reference labels are stored ones ({c['stored_labels']}), standing in for the teacher." if c["stored_labels"] else ""
    rows = "\n".join(f"| {t['target']:.3f} | {threshold_text(t['threshold'])} | {t['teacher_share']:.1%} | {t['agreement']:.4f} | "
                     f"${t['corpus_dollars']:,.2f} |" for t in c["targets"])
    text = (f"\n## The cascade: the uncertain rows to {c['teacher']}\n\nA row goes to the teacher when its least confident field is "
            f"below the threshold; on these {c['rows']} rows, the cheapest threshold that reaches each agreement (measured here, "
            f"not a guarantee).{stored} Cost: {c['prices']}; all-student ${c['student_corpus_dollars']:,.2f}, all-teacher "
            f"${c['teacher_corpus_dollars']:,.2f}.\n\n| target | threshold | to the teacher | agreement | corpus cost |\n"
            f"| --- | --- | --- | --- | --- |\n{rows}\n")
    if c.get("certified"):
        rows = "\n".join(f"| {t['target']:.3f} | {threshold_text(t['threshold'])} | {t['predicted_teacher_share']:.1%} | "
                         f"{t['teacher_share']:.1%} | {t['agreement']:.4f} |" for t in c["certified"])
        text += ("\nThe thresholds the adapter's calibration certifies (`classify --cascade-teacher --target-agreement`), and what "
                 "they do on these rows:\n\n| target | threshold | to the teacher, predicted | to the teacher, here | agreement here |\n"
                 f"| --- | --- | --- | --- | --- |\n{rows}\n")
    return text


def finite(t: float) -> float | None:
    """A threshold for JSON: None for "every row goes to the teacher" (infinity)."""
    return None if t == float("inf") else t


def threshold_text(t: float | None) -> str:
    return "every row" if t is None or t == float("inf") else f"{t:.4f}"


def format_table(result: dict) -> str:
    """The report as a plain-text table for the terminal."""
    names = list(result["models"])
    fields = list(result["per_field"])
    width = max(len(f) for f in fields + ["mean agreement"]) + 2
    baseline = result.get("baseline")
    lines = ["".ljust(width) + "".join(n[:14].rjust(16) for n in names) + ("majority".rjust(16) if baseline else "")]
    for f in fields:
        cells = "".join((f"{result['models'][n]['per_field'][f]:.3f}" + ("!" if not beats(result['models'][n]['per_field'][f], baseline, f) else "")).rjust(16)
                        for n in names)
        lines.append(f.ljust(width) + cells + (f"{baseline['per_field'][f]:16.3f}" if baseline else ""))
    for key, label in (("mean_agreement", "mean agreement"), ("exact_match", "exact match"), ("invalid_rate", "invalid rate")):
        lines.append(label.ljust(width) + "".join(f"{result['models'][n][key]:16.3f}" for n in names)
                     + (f"{baseline['mean']:16.3f}" if baseline and key == "mean_agreement" else ""))
    if baseline and any(result.get("below_baseline", {}).values()):
        lines.append("! no better than always giving the field's majority answer in the training split (the last column)")
    warnings = [f"warning: {w}" for w in result.get("warnings") or []]
    table = "\n".join(warnings + lines) + f"\n(n={result['n']})"
    if result.get("including_seen_rows"):
        table += (f"\nmean agreement on all {result['including_seen_rows']['n']} rows, the {result['seen_in_training']} seen in "
                  "training included (not a fair test): "
                  + ", ".join(f"{n} {result['models'][n]['including_seen_rows']['mean_agreement']:.3f}" for n in names))
    return table


def disagreements(report_dir: str | Path, limit: int = 200) -> list[dict]:
    path = Path(report_dir) / "disagreements.jsonl"
    rows = read_rows(path) if path.is_file() else []
    return rows[:limit] if limit else rows
