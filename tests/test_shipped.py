"""The student shipped in the repository (pipeline/demo_student, built by `python -m pipeline demo --release`):
small, safe to load, and as good as its cards say."""

from __future__ import annotations

import json

import pytest

from pipeline import classify, evaluate
from pipeline.models import SHIPPED_ADAPTER, SHIPPED_BASE, SHIPPED_DIR


def test_the_shipped_files_are_small_safetensors_with_cards():
    files = [f for f in SHIPPED_DIR.rglob("*") if f.is_file() and "__pycache__" not in f.parts]
    assert sum(f.stat().st_size for f in files) <= 10 * 1024 * 1024
    assert (SHIPPED_BASE / "model.safetensors").is_file() and (SHIPPED_ADAPTER / "adapter_model.safetensors").is_file()
    assert not [f.name for f in files if f.suffix in (".bin", ".pt", ".pkl", ".pickle", ".pth")]
    report = json.loads((SHIPPED_DIR / "report.json").read_text())
    card = (SHIPPED_ADAPTER / "README.md").read_text()
    assert f"{report['mean_agreement']:.3f}" in card  # the card states the figure the report measured
    assert "demo --release" in card and (SHIPPED_BASE / "README.md").is_file()
    assert json.loads((SHIPPED_ADAPTER / "training_rows.json").read_text())["n"] > 0


@pytest.fixture(scope="module")
def shipped_eval(tmp_path_factory, release_split):
    out = tmp_path_factory.mktemp("shipped")
    test = str(release_split / "test.jsonl")
    classify.run(classify.ClassifyConfig(input=test, adapter=str(SHIPPED_ADAPTER), out=str(out / "predictions.jsonl")))
    report = evaluate.run(evaluate.EvaluateConfig(predictions=[f"student={out / 'predictions.jsonl'}"], reference=test,
                                                  out=str(out / "eval"), trained_on=str(SHIPPED_ADAPTER)))
    return report, json.loads((SHIPPED_DIR / "report.json").read_text())


def test_the_shipped_student_scores_what_its_report_claims_on_rows_it_never_saw(shipped_eval):
    report, claimed = shipped_eval
    assert report["n"] == claimed["n"] and not report.get("seen_in_training")
    assert report["invalid_rate"] == 0.0
    assert report["mean_agreement"] >= 0.97
    assert abs(report["mean_agreement"] - claimed["mean_agreement"]) <= 0.005  # another CPU may break a near-tie
    for name, value in claimed["per_field"].items():
        assert abs(report["per_field"][name] - value) <= 0.01, name
