"""The shipped students side by side on the same rows: the tiny one (pipeline/demo_student) and the real one
(pipeline/smollm2_student, SmolLM2-135M-Instruct + LoRA).

    python bench/bench_students.py [--n-sample 400] [--json out.json] [--adapter NAME=FOLDER ...]

`--adapter` adds other students (e.g. a training run being tried) to the same table.

For each student, in one process:
1. agreement per field with the generator's labels on the bundled sample (`sample --n 400 --seed 0`; neither
   student trained on a recipe of seed 0), and with the hand-written labels of bench/realistic_recipes.jsonl;
2. the cascade at target 0.95 (and 0.98) on the hand-written recipes: the threshold the adapter's own calibration
   rows certify (Hoeffding-Bentkus, failure probability 0.05), then on these recipes the share sent to the teacher
   and the agreement of the combined answers (the hand-written labels standing in for the teacher's);
3. recipes/s classifying the sample (batch 32; the machine should be quiet).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import calibration as cal  # noqa: E402
from pipeline import process, sample  # noqa: E402
from pipeline.cli import quiet_libraries  # noqa: E402
from pipeline.data import read_rows  # noqa: E402
from pipeline.models import SHIPPED_STUDENTS  # noqa: E402
from pipeline.student import LocalStudent  # noqa: E402
from pipeline.task import labels_of  # noqa: E402

TARGETS = (0.95, 0.98)


def agreement(results: list[dict], rows: list[dict], task) -> dict:
    """Per-field and mean agreement of results with the rows' labels (an invalid answer counts as wrong)."""
    per = {}
    for f in task.fields:
        right = [bool(r["labels"]) and r["labels"][f.name] == labels_of(row, task)[f.name] for r, row in zip(results, rows)]
        per[f.name] = round(sum(right) / len(right), 3)
    return {"mean": round(sum(per.values()) / len(per), 4), "per_field": per, "n": len(rows)}


def cascade(student: LocalStudent, results: list[dict], rows: list[dict], target: float) -> dict:
    """The threshold the calibration certifies for `target`, and what it does on these rows."""
    task = student.task
    choice = cal.choose_threshold(student.calibration.score_rows(), target, 0.05)
    sent, right = 0, 0
    for r, row in zip(results, rows):
        truth = labels_of(row, task)
        if cal.row_score(r["confidence"], r["labels"]) < choice.threshold:
            sent += 1
            right += len(task.fields)  # the teacher's own answer
        else:
            right += sum(r["labels"][f.name] == truth[f.name] for f in task.fields)
    return {"target": target, "threshold": round(choice.threshold, 4), "predicted_share": round(choice.teacher_share, 3),
            "share_sent": round(sent / len(rows), 3), "agreement": round(right / (len(rows) * len(task.fields)), 4)}


def measure(name: str, adapter: Path, sets: dict[str, list[dict]]) -> dict:
    student = LocalStudent(str(adapter))
    shown = adapter.resolve().relative_to(ROOT) if adapter.resolve().is_relative_to(ROOT) else adapter
    out = {"student": name, "adapter": str(shown), "sets": {}}
    for set_name, rows in sets.items():
        texts = [r["recipe"] for r in rows]
        start = time.perf_counter()
        results = student.classify(texts, 32)
        seconds = time.perf_counter() - start
        entry = {**agreement(results, rows, student.task), "recipes_per_second": round(len(rows) / seconds, 2)}
        if student.calibration and set_name == "realistic":
            entry["cascade"] = [cascade(student, results, rows, t) for t in TARGETS]
        out["sets"][set_name] = entry
    return out


def show(m: dict) -> None:
    print(f"\n{m['student']} ({m['adapter']})")
    for set_name, e in m["sets"].items():
        fields = ", ".join(f"{k} {v:.3f}" for k, v in e["per_field"].items())
        print(f"  {set_name:10} n={e['n']:<4} mean {e['mean']:.4f}  ({fields})  {e['recipes_per_second']} recipes/s")
        for c in e.get("cascade", []):
            print(f"    cascade at {c['target']}: threshold {c['threshold']} certified on its calibration rows "
                  f"(predicted share {c['predicted_share']:.1%}); here {c['share_sent']:.1%} sent to the teacher, agreement {c['agreement']:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-sample", type=int, default=400)
    ap.add_argument("--json", default="")
    ap.add_argument("--adapter", action="append", default=[], metavar="NAME=FOLDER", help="another student to measure")
    args = ap.parse_args()
    process.set_up()
    quiet_libraries()
    sets = {"sample": sample.generate(args.n_sample, seed=0), "realistic": read_rows(ROOT / "bench" / "realistic_recipes.jsonl")}
    students = {name: adapter for name, adapter in SHIPPED_STUDENTS.items() if (adapter / "adapter_config.json").is_file()}
    students.update({name: Path(folder) for name, folder in (a.split("=", 1) for a in args.adapter)})
    results = [measure(name, adapter, sets) for name, adapter in students.items()]
    for m in results:
        show(m)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
