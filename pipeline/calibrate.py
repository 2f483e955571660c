"""calibrate: fit the student's per-field calibration on teacher-labeled rows, and say what it buys.

    python -m pipeline calibrate --adapter data/adapter --input data/audit.jsonl [--target-agreement 0.98]

The input is rows the teacher labeled (best: an audit sample of the corpus the student will classify,
`python -m pipeline label --sample N`). The student classifies them (its own confidences), a temperature
per field is fitted (pipeline.calibration says why temperature scaling), and calibration.json is written
into the adapter folder, beside the weights it belongs to: every backend then reports calibrated
confidences, and the cascade (`classify --cascade-teacher`) picks its threshold from the rows it keeps.
Rows the adapter was trained on (its training_rows.json) are left out: on them it is overconfident.

OUT/calibration.json is a copy with the figures: per field, the expected calibration error and Brier score before
and after (after: two-fold cross-fitted, each half scored with the temperature fitted on the other), and
OUT/reliability.png draws them.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import calibration as cal
from pipeline.cards import CALIBRATION_FILE, put_card_section, read_training_rows, seen_in_training
from pipeline.data import texts_of
from pipeline.errors import UserError
from pipeline.hub import read_rows
from pipeline.repo_ids import shareable_name
from pipeline.student import StudentSpec
from pipeline.task import InvalidAnswer, Task, labels_of

log = logging.getLogger("understudy.calibrate")

MIN_ROWS = 20  # fewer rows than this cannot fit even one temperature per field


@dataclass
class CalibrateConfig(StudentSpec):
    input: str = field(default="data/audit.jsonl", metadata={"help": "teacher-labeled rows (e.g. an audit sample from `label --sample N`): JSONL/CSV/parquet or a dataset folder"})
    split: str = field(default="test", metadata={"help": "split to read from a dataset folder"})
    text_column: str = field(default="", metadata={"help": "input column (default: the task's input, e.g. recipe)"})
    out: str = field(default="data/calibration", metadata={"help": "folder for calibration.json (a copy) and reliability.png"})
    target_agreement: float = field(default=0.98, metadata={"help": "report the cascade's threshold for this agreement with the teacher"})
    failure_probability: float = field(default=0.05, metadata={"help": "the chance the guarantee may fail (the bound's delta)"})
    batch_size: int = field(default=32, metadata={"help": "texts per forward pass"})
    seed: int = field(default=0, metadata={"help": "seed of the two-fold split for the after-calibration figures"})


def labeled_rows(config: CalibrateConfig, task: Task) -> tuple[list[str], list[dict], str, int]:
    """(texts, teacher labels, who labeled them, rows without usable labels) of the calibration rows."""
    rows = read_rows(config.input, split=config.split)
    if not rows:
        raise UserError(f"{config.input}: no rows to calibrate on; label an audit sample first (`python -m pipeline label --sample 500`)")
    texts = texts_of(rows, config.text_column or task.input, config.input)
    kept_texts, labels, skipped, sources = [], [], 0, set()
    for row, text in zip(rows, texts):
        try:
            labels.append(labels_of(row, task))
        except InvalidAnswer:
            skipped += 1
            continue
        kept_texts.append(text)
        sources.add(str(row.get("teacher_model") or row.get("source") or "unknown"))
    return kept_texts, labels, ", ".join(sorted(sources)), skipped


def unseen(texts: list[str], labels: list[dict], adapter: str) -> tuple[list[str], list[dict], int]:
    """The rows the adapter was not trained on (all of them when it lists no training rows)."""
    record = read_training_rows(adapter) if adapter else None
    if not record:
        return texts, labels, 0
    seen = set(seen_in_training(record, {str(i): t for i, t in enumerate(texts)}))
    keep = [i for i in range(len(texts)) if str(i) not in seen]
    return [texts[i] for i in keep], [labels[i] for i in keep], len(seen)


def per_field(results: list[dict], labels: list[dict], task: Task) -> dict[str, tuple[list[float], list[bool]]]:
    """For each field: the student's raw confidence and whether it agreed with the teacher, over answered rows."""
    out = {f: ([], []) for f in task.field_names}
    for r, ref in zip(results, labels):
        if not r.get("labels") or not r.get("confidence"):
            continue
        for f in task.field_names:
            out[f][0].append(r["confidence"][f])
            out[f][1].append(r["labels"][f] == ref[f])
    return out


def cross_fitted(probs: list[float], correct: list[bool], seed: int) -> list[float]:
    """Each row's calibrated confidence under the temperature fitted on the other half of the rows."""
    order = list(range(len(probs)))
    random.Random(seed).shuffle(order)
    halves = [order[::2], order[1::2]]
    out = [0.0] * len(probs)
    for k in (0, 1):
        fit_on, score = halves[1 - k], halves[k]
        t = cal.fit_temperature([probs[i] for i in fit_on], [correct[i] for i in fit_on])
        for i in score:
            out[i] = cal.scale(probs[i], t)
    return out


def fit_temperatures(results: list[dict], labels: list[dict], task: Task) -> dict[str, float]:
    """The temperature of each field, fitted on these rows."""
    return {f: cal.fit_temperature(probs, correct) for f, (probs, correct) in per_field(results, labels, task).items()}


def fit(results: list[dict], labels: list[dict], task: Task, seed: int = 0) -> tuple[dict, dict, dict]:
    """(temperatures, metrics per field before/after, reliability bins per field before/after)."""
    temperatures, metrics, bins = {}, {}, {}
    for f, (probs, correct) in per_field(results, labels, task).items():
        if not probs:
            raise UserError("the student gave no valid answer on the calibration rows; check the adapter with `python -m pipeline classify`")
        temperatures[f] = cal.fit_temperature(probs, correct)
        after = cross_fitted(probs, correct, seed)
        metrics[f] = {"temperature": temperatures[f], "before": cal.field_metrics(probs, correct), "after": cal.field_metrics(after, correct)}
        bins[f] = {"before": cal.reliability_bins(probs, correct), "after": cal.reliability_bins(after, correct)}
    return temperatures, metrics, bins


def score_rows(results: list[dict], labels: list[dict], calibration: cal.Calibration, task: Task) -> list[list[float]]:
    """Per calibration row: [calibrated least confidence, share of fields that disagree with the teacher]."""
    rows = []
    for r, ref in zip(results, labels):
        confidence = calibration.scale_confidence(r.get("confidence")) if r.get("labels") else None
        rows.append([round(cal.row_score(confidence, r.get("labels")), 6), round(cal.row_loss(r.get("labels"), ref, task.field_names), 6)])
    return rows


def reliability_png(bins: dict, path: Path, metrics: dict | None = None) -> Path:
    """One reliability diagram per field: agreement against confidence per bin, before and after, with the
    diagonal; a point's area is its bin's rows (most rows sit near 1.0, and a bin of three rows is noise)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fields = list(bins)
    fig, axes = plt.subplots(1, len(fields), figsize=(3.2 * len(fields), 3.5), squeeze=False, sharey=True)
    for ax, f in zip(axes[0], fields):
        ax.plot([0, 1], [0, 1], color="#999", linestyle="--", linewidth=1, label="perfectly calibrated")
        for when, color in (("before", "#d62728"), ("after", "#1f77b4")):
            b = bins[f][when]
            total = sum(x["rows"] for x in b) or 1
            ax.plot([x["confidence"] for x in b], [x["accuracy"] for x in b], color=color, linewidth=0.8, alpha=0.5)
            ax.scatter([x["confidence"] for x in b], [x["accuracy"] for x in b], s=[8 + 400 * x["rows"] / total for x in b],
                       color=color, alpha=0.6, label=when)
        m = (metrics or {}).get(f)
        ax.set_title(f + (f"\nECE {m['before']['ece']:.3f} → {m['after']['ece']:.3f}" if m else ""), fontsize=9)
        ax.set_xlabel("confidence")
        ax.set_xlim(0.45, 1.02)
        ax.set_ylim(-0.02, 1.05)
    axes[0][0].set_ylabel("agreement with the teacher")
    axes[0][0].legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def calibration_card_section(calibration: cal.Calibration) -> str:
    rows = "\n".join(f"| `{f}` | {m['temperature']} | {m['before']['ece']:.3f} → {m['after']['ece']:.3f} | "
                     f"{m['before']['brier']:.3f} → {m['after']['brier']:.3f} |" for f, m in calibration.metrics.items())
    return (f"`{CALIBRATION_FILE}` holds a temperature per field, fitted on {len(calibration.rows)} rows labeled by "
            f"{calibration.reference} ({calibration.source}), and those rows' scores for the cascade's threshold "
            "(no text). Every Understudy backend applies it to the confidences.\n\n"
            "| field | temperature | calibration error before → after | Brier score before → after |\n| --- | --- | --- | --- |\n" + rows + "\n")


def target_line(calibration: cal.Calibration, config: CalibrateConfig) -> tuple[dict | None, str | None]:
    rows = calibration.score_rows()
    choice = cal.choose_threshold(rows, config.target_agreement, config.failure_probability)
    if choice.teacher_share >= 1:
        return None, cal.cannot_meet(rows, config.target_agreement, config.failure_probability, shareable_name(config.input))
    return {"target": config.target_agreement, "threshold": choice.threshold, "teacher_share": round(choice.teacher_share, 4),
            "agreement": round(choice.agreement, 4), "agreement_bound": round(choice.agreement_bound, 4)}, None


def run(config: CalibrateConfig, student=None) -> dict:
    cal.check_target(config.target_agreement, config.failure_probability)
    if config.remote and not (config.adapter and Path(config.adapter).is_dir()):
        raise UserError("calibrate --backend tgi/openai needs --adapter: the local adapter folder the server runs, where calibration.json goes")
    known = student.task if student is not None else config.known_task()
    read = labeled_rows(config, known) if known is not None else None  # bad rows: refused before the student loads
    student = student or config.load()
    task = student.task
    adapter = getattr(student, "adapter", "") or ""
    if not adapter or not Path(adapter).is_dir():
        raise UserError("calibrate needs the student's adapter folder (--adapter): the calibration is stored beside its weights")
    texts, labels, reference, skipped = read or labeled_rows(config, task)
    texts, labels, seen = unseen(texts, labels, adapter)
    warnings = []
    if skipped:
        warnings.append(f"{skipped} rows of {config.input} have no usable teacher labels (failed or invalid answers) and were left out")
    if seen:
        warnings.append(f"{seen} rows were among the adapter's training rows and were left out (its confidence on them is too high)")
    if len(texts) < MIN_ROWS:
        raise UserError(f"{config.input}: {len(texts)} usable calibration rows, and calibration needs at least {MIN_ROWS} "
                        "(a few hundred for a useful cascade); label a larger audit sample with `python -m pipeline label --sample 500`")
    from tqdm.auto import tqdm

    with tqdm(total=len(texts), desc="classifying the calibration rows", unit="text") as bar:
        results = student.classify(texts, config.batch_size, progress=bar, calibrated=False)
    temperatures, metrics, bins = fit(results, labels, task, config.seed)
    calibration = cal.Calibration(task=task.name, fields=task.field_names, temperatures=temperatures, adapter=shareable_name(adapter),
                                  weights=cal.weights_digest(adapter), metrics=metrics, bins=bins, reference=reference,
                                  source=shareable_name(config.input))
    calibration.rows = score_rows(results, labels, calibration, task)
    saved = calibration.save(adapter)
    student.calibration = calibration
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    calibration.save(out)
    png = reliability_png(bins, out / "reliability.png", metrics)
    if (Path(adapter) / "README.md").is_file():
        put_card_section(adapter, "Calibration", calibration_card_section(calibration))
    target, problem = target_line(calibration, config)
    if problem:
        warnings.append(problem)
    for w in warnings:
        log.warning(w)
    return {"rows": len(texts), "calibration": str(saved), "report": str(out / CALIBRATION_FILE), "reliability": str(png),
            "temperatures": temperatures, "metrics": {f: {"ece_before": m["before"]["ece"], "ece_after": m["after"]["ece"],
                                                          "brier_before": m["before"]["brier"], "brier_after": m["after"]["brier"]}
                                                      for f, m in metrics.items()},
            "cascade": target, "warnings": warnings}
