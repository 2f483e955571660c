import json

import pytest

from pipeline.data import write_jsonl
from pipeline.errors import UserError
from pipeline.evaluate import EvaluateConfig, format_table, run

F = ["has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish"]


def labels(*bits):
    return dict(zip(F, [bool(b) for b in bits]))


@pytest.fixture
def files(tmp_path):
    ref = [{"id": f"r{i}", "recipe": f"recipe {i}", "labels": labels(1, 0, 1, 0, 1)} for i in range(4)]
    perfect = [{"id": r["id"], "labels": r["labels"], "confidence": {f: 0.9 for f in F}} for r in ref]
    flawed = [
        {"id": "r0", "labels": labels(1, 0, 1, 0, 1)},
        {"id": "r1", "labels": labels(0, 0, 1, 0, 1)},            # one field wrong
        {"id": "r2", "labels": {k: v for k, v in labels(1, 0, 1, 0, 1).items() if k != "main_dish"}},  # lacks a field
        {"id": "r3", "error": "timeout"},
    ]
    write_jsonl(tmp_path / "ref.jsonl", ref)
    write_jsonl(tmp_path / "perfect.jsonl", perfect)
    write_jsonl(tmp_path / "flawed.jsonl", flawed)
    return tmp_path


def expected_agreement(pred_path, ref_path) -> dict:
    """Per-field agreement, mean, exact match and invalid rate, counted here by hand from the files: a
    prediction with an error, no row or a missing field is wrong on every field."""
    refs = {r["id"]: r["labels"] for r in map(json.loads, ref_path.read_text().splitlines())}
    preds = {r["id"]: r for r in map(json.loads, pred_path.read_text().splitlines())}
    right = dict.fromkeys(F, 0)
    exact = invalid = 0
    for rid, ref in refs.items():
        row = preds.get(rid) or {}
        labels = row.get("labels") or {}
        if row.get("error") or set(labels) != set(F):
            invalid += 1
            continue
        for f in F:
            right[f] += labels[f] == ref[f]
        exact += all(labels[f] == ref[f] for f in F)
    n = len(refs)
    per_field = {f: right[f] / n for f in F}
    return {"per_field": per_field, "mean_agreement": sum(per_field.values()) / len(F),
            "exact_match": exact / n, "invalid_rate": invalid / n}


def test_report_numbers_and_files(files):
    result = run(EvaluateConfig(predictions=[f"ours={files / 'perfect.jsonl'}", str(files / "flawed.jsonl")],
                                reference=str(files / "ref.jsonl"), out=str(files / "eval")))
    assert result["mean_agreement"] == 1.0 and result["exact_match"] == 1.0 and result["n"] == 4
    flawed = result["models"]["flawed"]
    # r2 (missing field) and r3 (error) are invalid and count as wrong on every field; r1 is wrong once
    assert flawed["invalid_rate"] == 0.5
    assert flawed["per_field"]["has_non_fish_meat"] == 0.25 and flawed["per_field"]["requires_oven"] == 0.5
    assert flawed["exact_match"] == 0.25
    assert flawed["confusion"]["has_non_fish_meat"] == {"true": {"true": 1, "false": 1}, "false": {"true": 0, "false": 0}}
    assert any("missing field(s): main_dish" in reason for reason in flawed["invalid_reasons"])
    saved = json.loads((files / "eval" / "report.json").read_text())
    assert saved == json.loads(json.dumps(result))  # the file holds exactly what run returned
    md = (files / "eval" / "report.md").read_text()
    assert "| ours | flawed |" in md and "n=4" in md
    # every row of the table carries the numbers counted independently above, per model, in column order
    ours = expected_agreement(files / "perfect.jsonl", files / "ref.jsonl")
    bad = expected_agreement(files / "flawed.jsonl", files / "ref.jsonl")
    assert bad["per_field"]["has_non_fish_meat"] == 0.25 and bad["mean_agreement"] == pytest.approx(0.45)
    for key in ("per_field", "mean_agreement", "exact_match", "invalid_rate"):
        assert flawed[key] == pytest.approx(bad[key], abs=1e-4) and result["models"]["ours"][key] == pytest.approx(ours[key], abs=1e-4)
    table = {line.split(" | ")[0].lstrip("| "): line for line in md.splitlines() if line.startswith("| ")}
    for f in F:
        assert table[f] == f"| {f} | {ours['per_field'][f]:.3f} | {bad['per_field'][f]:.3f} |"
    for key, label in (("mean_agreement", "**mean agreement**"), ("exact_match", "exact match"), ("invalid_rate", "invalid outputs")):
        assert table[label] == f"| {label} | {ours[key]:.3f} | {bad[key]:.3f} |"
    dis = [json.loads(line) for line in (files / "eval" / "disagreements.jsonl").read_text().splitlines()]
    assert dis == [{"model": "flawed", "id": "r1", "field": "has_non_fish_meat", "reference": True,
                    "predicted": False, "confidence": None, "recipe": "recipe 1"}]


def test_predictions_for_another_file_are_refused(files, tmp_path):
    write_jsonl(tmp_path / "other.jsonl", [{"id": "x9", "labels": labels(1, 1, 1, 1, 1)}])
    with pytest.raises(UserError, match="none of its ids match"):
        run(EvaluateConfig(predictions=[str(tmp_path / "other.jsonl")], reference=str(files / "ref.jsonl"), out=str(tmp_path / "e")))


def test_reference_without_labels(files, tmp_path):
    write_jsonl(tmp_path / "nolabels.jsonl", [{"id": "r0", "recipe": "x"}])
    with pytest.raises(UserError, match="row 1 has no usable reference labels"):
        run(EvaluateConfig(predictions=[str(files / "perfect.jsonl")], reference=str(tmp_path / "nolabels.jsonl"), out=str(tmp_path / "e")))


def test_every_model_is_scored_without_the_rows_the_student_trained_on(files, tmp_path):
    from pipeline.cards import write_training_rows

    (tmp_path / "student").mkdir()
    write_training_rows(tmp_path / "student", ["recipe 1", "some other recipe"])  # r1 of the reference was a training row
    result = run(EvaluateConfig(predictions=[f"ours={files / 'perfect.jsonl'}", str(files / "flawed.jsonl")],
                                reference=str(files / "ref.jsonl"), out=str(files / "eval"), trained_on=str(tmp_path / "student")))
    assert result["seen_in_training"] == 1 and result["seen_in_training_ids"] == ["r1"] and result["n"] == 3
    flawed = result["models"]["flawed"]
    # without r1 (its one wrong field), flawed has r0 right and r2, r3 invalid: 1 of 3 on every field
    assert flawed["n"] == 3 and flawed["per_field"] == dict.fromkeys(F, pytest.approx(1 / 3, abs=1e-4))
    assert flawed["invalid_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert flawed["including_seen_rows"]["per_field"]["has_non_fish_meat"] == 0.25 and flawed["including_seen_rows"]["n"] == 4
    dis = [json.loads(line) for line in (files / "eval" / "disagreements.jsonl").read_text().splitlines()]
    assert dis == [{"model": "flawed", "id": "r1", "field": "has_non_fish_meat", "reference": True, "predicted": False,
                    "confidence": None, "recipe": "recipe 1", "seen_in_training": True}]
    assert "warning: 1 of 4 test rows were seen in training by the student (student)" in format_table(result)


def test_a_student_no_better_than_the_majority_answer_is_flagged_on_that_field(tmp_path):
    """Beside test.jsonl, train.jsonl gives each field's most common answer; the report, report.md and the CLI
    table show how often always giving it agrees, and flag a student that does not beat it on a field."""
    from pipeline.views import agreement_table as page_table

    train = [{"id": f"t{i}", "recipe": f"train {i}", "labels": labels(i % 4 != 0, 0, 1, i % 2, 1)} for i in range(20)]
    test = [{"id": f"r{i}", "recipe": f"recipe {i}", "labels": labels(i % 5 != 0, i % 2, 1, 0, i % 3 != 0)} for i in range(10)]
    write_jsonl(tmp_path / "train.jsonl", train)
    write_jsonl(tmp_path / "test.jsonl", test)
    lazy = [{"id": r["id"], "labels": labels(1, 0, 1, 0, 1)} for r in test]  # always the majority answer of train
    good = [{"id": r["id"], "labels": {**r["labels"], "requires_stove": r["labels"]["requires_stove"]}} for r in test]
    write_jsonl(tmp_path / "lazy.jsonl", lazy)
    write_jsonl(tmp_path / "good.jsonl", good)
    result = run(EvaluateConfig(predictions=[f"lazy={tmp_path / 'lazy.jsonl'}", f"good={tmp_path / 'good.jsonl'}"],
                                reference=str(tmp_path / "test.jsonl"), out=str(tmp_path / "eval")))
    baseline = result["baseline"]
    assert baseline["answers"] == labels(1, 0, 1, 0, 1)
    assert baseline["per_field"]["has_non_fish_meat"] == 0.8 and baseline["per_field"]["requires_oven"] == 0.5
    assert baseline["per_field"]["main_dish"] == 0.6 and baseline["mean"] == round((0.8 + 0.5 + 1 + 1 + 0.6) / 5, 4)
    assert result["below_baseline"] == {"lazy": F, "good": ["requires_stove", "cook_time_over_30_mins"]}  # ties are not wins
    table = format_table(result)
    assert "majority" in table.splitlines()[0] and "0.800!" in table and "1.000!" in table
    md = (tmp_path / "eval" / "report.md").read_text()
    assert "majority answer (training split)" in md and "0.500 (always False)" in md and "⚠" in md
    html = page_table(result)
    assert "always the majority answer" in html and html.count("⚠") == len(F) + 2 and "rows of" in html
