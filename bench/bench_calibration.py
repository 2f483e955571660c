"""Calibration and the cascade in distribution and under shift.

    python bench/bench_calibration.py [--work bench-calibration] [--holdout soup,salad,casserole]

1. Trains the demo student from scratch with some dish families held out of everything (`demo
   --exclude-families`), calibrated on 600 generated recipes of the other families.
2. Measures, per field, the expected calibration error before and after calibration on the demo's
   held-out split (in distribution) and on 600 recipes of the held-out families only (shifted), and what
   the cascade's certified threshold for 0.98 does on each (share sent to the teacher, agreement).
3. Whether batch's drift test (Kolmogorov–Smirnov on the least confidences) tells each set from the
   calibration rows.
4. The same for the shipped demo student on the 60 hand-written recipes of bench/realistic_recipes.jsonl
   (another kind of shift: real writing), with its shipped calibration.

Prints one table per set; the generator's labels stand in for the teacher's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import calibrate, demo, process, sample  # noqa: E402
from pipeline import calibration as cal  # noqa: E402
from pipeline.data import read_rows  # noqa: E402
from pipeline.models import SHIPPED_ADAPTER  # noqa: E402
from pipeline.student import LocalStudent  # noqa: E402
from pipeline.task import labels_of  # noqa: E402

TARGET = 0.98


def measure(student: LocalStudent, rows: list[dict], name: str) -> dict:
    task = student.task
    labels = [labels_of(r, task) for r in rows]
    raw = student.classify([r["recipe"] for r in rows], 64, calibrated=False)
    c = student.calibration
    out = {"set": name, "rows": len(rows), "fields": {}}
    for f, (probs, correct) in calibrate.per_field(raw, labels, task).items():
        out["fields"][f] = {"agreement": round(sum(correct) / len(correct), 3), "ece_before": round(cal.ece(probs, correct), 4),
                            "ece_after": round(cal.ece([cal.scale(p, c.temperatures[f]) for p in probs], correct), 4)}
    scored = calibrate.score_rows(raw, labels, c, task)
    choice = cal.choose_threshold(c.score_rows(), TARGET, 0.05)
    here = cal.at_threshold([tuple(r) for r in scored], choice.threshold)
    drift = cal.DriftWatch(c, rows=len(rows))
    drift.add(c.apply([dict(r) for r in raw]))
    out["drift"] = drift.result
    out["cascade"] = {"target": TARGET, "threshold": round(choice.threshold, 4), "predicted_share": round(choice.teacher_share, 3),
                      "share": round(here.teacher_share, 3), "agreement_alone": round(1 - sum(loss for _, loss in scored) / len(scored), 4),
                      "agreement": round(here.agreement, 4)}
    return out


def show(m: dict) -> None:
    print(f"\n{m['set']} ({m['rows']} recipes)")
    print(f"{'field':28}{'agreement':>10}{'ECE before':>12}{'ECE after':>11}")
    for f, x in m["fields"].items():
        print(f"{f:28}{x['agreement']:>10.3f}{x['ece_before']:>12.4f}{x['ece_after']:>11.4f}")
    c = m["cascade"]
    print(f"cascade at {c['target']}: threshold {c['threshold']}, {c['share']:.1%} to the teacher (predicted {c['predicted_share']:.1%}), "
          f"agreement {c['agreement_alone']:.4f} alone → {c['agreement']:.4f}")
    d = m["drift"]
    print(f"drift test against the calibration rows: KS D={d['ks_statistic']}, p={d['p_value']:.2g}, {'warned' if d['drift'] else 'no warning'}")


def main() -> None:
    process.set_up()
    p = argparse.ArgumentParser()
    p.add_argument("--work", default="bench-calibration")
    p.add_argument("--holdout", default="soup,salad,casserole")
    p.add_argument("--n", type=int, default=4000)
    args = p.parse_args()
    work = Path(args.work)
    if not (work / "adapter" / cal.CALIBRATION_FILE).is_file():
        demo.run(demo.DemoConfig(out=str(work), n=args.n, exclude_families=args.holdout))
    student = LocalStudent(str(work / "adapter"))
    test = read_rows(work / "prepared" / "test.jsonl")
    shifted = sample.generate(600, seed=77, families=tuple(args.holdout.split(",")))
    results = [measure(student, test, f"in distribution: the demo's held-out split (no {args.holdout})"),
               measure(student, shifted, f"shifted: only the held-out families {args.holdout}")]
    shipped = LocalStudent(str(SHIPPED_ADAPTER))
    results.append(measure(shipped, read_rows(ROOT / "bench" / "realistic_recipes.jsonl"), "the shipped student on 60 hand-written recipes"))
    for m in results:
        show(m)
    (work / "calibration_bench.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
