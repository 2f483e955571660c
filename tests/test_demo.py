"""The whole pipeline from the CLI, as the README tells a user to run it (small settings for speed)."""

import json

from conftest import cli


def test_demo_then_classify_and_evaluate_another_file(tmp_path):
    out = tmp_path / "demo"
    result = cli("demo", "--out", str(out), "--n", "240", "--base-steps", "15", "--epochs", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "mean agreement" in result.stdout
    report = json.loads((out / "report.json").read_text())
    assert set(report) >= {"mean_agreement", "per_field", "exact_match", "invalid_rate", "n"}
    assert report["n"] == 24 and report["invalid_rate"] == 0.0
    assert (out / "report.md").exists() and (out / "adapter" / "adapter_model.safetensors").exists()
    # calibrated on generated recipes of another seed, with the cascade curve in the report: no key needed
    calibration = json.loads((out / "adapter" / "calibration.json").read_text())
    assert len(calibration["rows"]) == 600 and "## Calibration" in (out / "adapter" / "README.md").read_text()
    cascade = report["cascade"]
    assert cascade["stored_labels"] == "generator" and cascade["rows"] == 24
    assert cascade["points"][0]["agreement"] == report["mean_agreement"] and cascade["points"][-1]["teacher_share"] == 1.0
    assert [t["target"] for t in cascade["certified"]] == [0.95, 0.97, 0.98, 0.99, 0.995]
    assert "## The cascade: the uncertain rows to gpt-4" in (out / "report.md").read_text()

    # any other JSONL whose rows hold `recipe` and `labels`
    other = tmp_path / "mine.jsonl"
    rows = [{"recipe": r["recipe"], "labels": r["labels"]} for r in map(json.loads, (out / "sample" / "labeled.jsonl").read_text().splitlines()[:7])]
    other.write_text("".join(json.dumps(r) + "\n" for r in rows))
    classified = cli("classify", "--adapter", str(out / "adapter"), "--input", str(other), "--out", str(tmp_path / "p.jsonl"))
    assert classified.returncode == 0, classified.stderr[-2000:]
    preds = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert [p["id"] for p in preds] == [str(i) for i in range(7)]
    evaluated = cli("evaluate", "--predictions", str(tmp_path / "p.jsonl"), "--reference", str(other), "--out", str(tmp_path / "e"))
    assert evaluated.returncode == 0, evaluated.stderr[-2000:]
    assert json.loads((tmp_path / "e" / "report.json").read_text())["n"] == 7
