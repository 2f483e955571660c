"""Calibration and the cascade's guarantee: the bound's coverage, the guarantee simulated on the shipped demo
student over 100 random calibration/held-out splits, the calibration error after calibration, and the
`calibrate` stage from the command line with its bad inputs."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, cli, error_line
from pipeline import calibrate, classify, sample
from pipeline import calibration as cal
from pipeline.errors import UserError
from pipeline.student import LocalStudent
from pipeline.task import labels_of

SHIPPED = ROOT / "pipeline" / "demo_student"
DELTA = 0.05
SPLITS = 100


@pytest.fixture(scope="module")
def held_out(release_split):
    """The shipped student's own 1,200 held-out recipes, its raw (uncalibrated) answers, and the generator's labels."""
    rows = [json.loads(line) for line in (release_split / "test.jsonl").read_text().splitlines()]
    student = LocalStudent(str(SHIPPED / "adapter"))
    results = student.classify([r["recipe"] for r in rows], 64, calibrated=False)
    return student.task, results, [labels_of(r, student.task) for r in rows]


def split_halves(n: int, seed: int) -> tuple[list[int], list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order[: n // 2], order[n // 2:]


def realised(rows: list[list[float]], threshold: float) -> float:
    """The combined output's agreement on these rows: a row below the threshold is the teacher's (agrees)."""
    return 1 - sum(loss for score, loss in rows if score >= threshold) / len(rows)


def test_upper_bound_covers_the_true_risk():
    """Over 2,000 draws of 200 Bernoulli(0.05) losses, the bound lies above 0.05 in at least 95% of them."""
    rng = random.Random(0)
    covered = sum(cal.upper_bound(sum(rng.random() < 0.05 for _ in range(200)) / 200, 200, DELTA) >= 0.05 for _ in range(2000))
    assert covered >= 0.95 * 2000
    # and it is not vacuous: with no error at all over 300 rows it is near the rule of three (3/n)
    assert cal.upper_bound(0.0, 300, DELTA) < 0.011


def test_the_guarantee_holds_over_random_splits(held_out):
    """Fit temperatures and pick the threshold on one half, measure on the other: at least 1 − δ of the 100
    splits reach each target. An uncertified threshold (the cheapest that reaches the target on the
    calibration half) misses 0.99 in many splits, so this simulation can see a broken bound."""
    task, results, labels = held_out
    reached = {t: 0 for t in (0.97, 0.98, 0.99)}
    naive_missed, shares = 0, {t: [] for t in reached}
    for seed in range(SPLITS):
        a, b = split_halves(len(results), seed)
        temps = calibrate.fit_temperatures([results[i] for i in a], [labels[i] for i in a], task)
        c = cal.Calibration(task=task.name, fields=task.field_names, temperatures=temps)
        rows_a = calibrate.score_rows([results[i] for i in a], [labels[i] for i in a], c, task)
        rows_b = calibrate.score_rows([results[i] for i in b], [labels[i] for i in b], c, task)
        for target in reached:
            choice = cal.choose_threshold([tuple(r) for r in rows_a], target, DELTA)
            reached[target] += realised(rows_b, choice.threshold) >= target
            shares[target].append(choice.teacher_share)
        cheapest = min((p for p in cal.curve([tuple(r) for r in rows_a], 400) if p["agreement"] >= 0.99), key=lambda p: p["teacher_share"])
        naive_missed += realised(rows_b, cheapest["threshold"]) < 0.99
    for target, count in reached.items():
        assert count >= (1 - DELTA) * SPLITS, f"target {target}: reached in {count} of {SPLITS} splits"
    assert sum(shares[0.99]) / SPLITS < 0.6  # the student still answers most rows at 0.99
    assert sum(shares[0.98]) / SPLITS < sum(shares[0.99]) / SPLITS
    assert naive_missed > DELTA * SPLITS


def test_calibration_error_after_is_small_in_distribution(held_out):
    """Fitted on one half of the held-out recipes, each field's calibration error on the other half is at most 0.03."""
    task, results, labels = held_out
    a, b = split_halves(len(results), 0)
    temps = calibrate.fit_temperatures([results[i] for i in a], [labels[i] for i in a], task)
    for f, (probs, correct) in calibrate.per_field([results[i] for i in b], [labels[i] for i in b], task).items():
        assert cal.ece([cal.scale(p, temps[f]) for p in probs], correct) <= 0.03, f


def test_too_few_rows_say_how_many_more():
    """A target the rows cannot certify: the line names how many rows would, and that many rows of the same mix do."""
    rng = random.Random(1)
    rows = [(1.0, 0.0)] * 60 + [(rng.uniform(0.6, 0.9), rng.choice([0.0, 0.2])) for _ in range(40)]
    choice = cal.choose_threshold(rows, 0.99, DELTA)
    assert choice.teacher_share == 1
    needed = cal.rows_needed(rows, 0.99, DELTA)
    assert needed and needed > len(rows)
    assert f"{needed - len(rows)} more" in cal.cannot_meet(rows, 0.99, DELTA, "audit.jsonl")
    bigger = rows * (needed // len(rows) + 1)
    assert cal.choose_threshold(bigger, 0.99, DELTA).teacher_share < 1
    # rows whose most confident ones already disagree: no number of rows will do
    assert cal.rows_needed([(0.9, 0.2)] * 100, 0.99, DELTA) is None


def test_drift_is_flagged_on_a_shifted_corpus_only():
    calibration_rows = [[random.Random(i).uniform(0.9, 1.0), 0.0] for i in range(400)]
    c = cal.Calibration(task="recipes", fields=[], temperatures={}, rows=calibration_rows)
    like = [{"labels": {"a": 1}, "confidence": {"a": random.Random(1000 + i).uniform(0.9, 1.0)}} for i in range(500)]
    unlike = [{"labels": {"a": 1}, "confidence": {"a": random.Random(2000 + i).uniform(0.6, 1.0)}} for i in range(500)]
    same, shifted = cal.DriftWatch(c), cal.DriftWatch(c)
    assert same.add(like) is None and same.result["drift"] is False
    line = shifted.add(unlike)
    assert line and line.startswith("drift:") and "label --sample" in line
    assert shifted.add(unlike) is None  # said once


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory) -> Path:
    """A copy of the shipped demo student (base and adapter, so the adapter finds its base), without its calibration."""
    dest = tmp_path_factory.mktemp("calibrate") / "demo_student"
    shutil.copytree(SHIPPED, dest)
    (dest / "adapter" / cal.CALIBRATION_FILE).unlink(missing_ok=True)
    return dest


@pytest.fixture(scope="module")
def audit(tmp_path_factory) -> Path:
    """400 generated recipes of a seed the shipped student never saw, labeled by the generator."""
    out = tmp_path_factory.mktemp("audit")
    sample.run(sample.SampleConfig(out=str(out), n=400, seed=11))
    return out / "labeled.jsonl"


def test_calibrate_writes_the_file_the_card_and_the_diagram(student_copy, audit, tmp_path):
    adapter = student_copy / "adapter"
    r = cli("calibrate", "--adapter", str(adapter), "--input", str(audit), "--out", str(tmp_path / "cal"), "--target-agreement", "0.98")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout[r.stdout.index("{"):])
    saved = json.loads((adapter / cal.CALIBRATION_FILE).read_text())
    assert saved["task"] == "recipes" and len(saved["rows"]) == 400 and set(saved["temperatures"]) == set(saved["fields"])
    assert saved["weights"] == cal.weights_digest(adapter)
    assert (tmp_path / "cal" / "reliability.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    card = (adapter / "README.md").read_text()
    assert "## Calibration" in card and "## The shipped demo student" in card  # the section added, the rest kept
    for f, m in summary["metrics"].items():
        assert f"| `{f}` | {saved['temperatures'][f]} | {m['ece_before']:.3f} → {m['ece_after']:.3f}" in card
    assert 0 < summary["cascade"]["teacher_share"] < 1 and summary["cascade"]["agreement_bound"] >= 0.98

    # every student loaded later reports calibrated confidences, the model's own beside them
    rows = LocalStudent(str(adapter)).classify([json.loads(line)["recipe"] for line in audit.read_text().splitlines()])
    row = next(x for x in rows if min(x["raw_confidence"].values()) < 0.99)
    f = min(row["raw_confidence"], key=row["raw_confidence"].get)
    assert row["confidence"][f] == round(cal.scale(row["raw_confidence"][f], saved["temperatures"][f]), 4)


def test_calibrate_bad_inputs(student_copy, audit, tmp_path, caplog):
    adapter = student_copy / "adapter"
    student = LocalStudent(str(adapter))
    few = tmp_path / "few.jsonl"
    few.write_text("".join(audit.read_text().splitlines(keepends=True)[:10]))
    line = error_line(cli("calibrate", "--adapter", str(adapter), "--input", str(few), "--out", str(tmp_path / "c")))
    assert "10 usable calibration rows" in line and "label --sample" in line

    # a calibration fitted for other weights, or another task, is refused by name
    other = tmp_path / "other.json"
    data = {"task": "recipes", "fields": student.task.field_names, "temperatures": {}, "weights": "0" * 16}
    other.write_text(json.dumps(data))
    with pytest.raises(UserError, match="other adapter weights .* run `python -m pipeline calibrate"):
        LocalStudent(str(adapter), calibration_file=str(other))
    other.write_text(json.dumps({**data, "task": "emails", "weights": ""}))
    with pytest.raises(UserError, match="fitted for task 'emails'"):
        LocalStudent(str(adapter), calibration_file=str(other))

    # a target the rows cannot certify: a warning naming how many more rows, and the cascade refuses to pick a threshold
    summary = calibrate.run(calibrate.CalibrateConfig(adapter=str(adapter), input=str(audit), out=str(tmp_path / "c2"),
                                                      target_agreement=0.999), student=student)
    assert summary["cascade"] is None
    assert any("cannot be certified with the 400 calibration rows" in w and "more) would do" in w for w in summary["warnings"])
    assert "cannot be certified" in caplog.text
    with pytest.raises(UserError, match="cannot be certified.*label --sample"):
        classify.run(classify.ClassifyConfig(adapter=str(adapter), text="Soup", cascade_teacher="gpt-4", target_agreement=0.999), student=student)
