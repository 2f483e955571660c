import json

import pytest

from pipeline.data import write_jsonl
from pipeline.errors import UserError
from pipeline.evaluate import EvaluateConfig, run

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
    assert set(saved) >= {"mean_agreement", "per_field", "exact_match", "invalid_rate", "n"}
    md = (files / "eval" / "report.md").read_text()
    assert "| ours | flawed |" in md and "0.95" in md
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
