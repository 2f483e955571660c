"""train --processes N: the same LoRA training as N data-parallel CPU processes (gloo), at the effective
batch size and learning rate of one process; and the process counts it refuses."""

import json
from pathlib import Path

from conftest import cli, error_line

from pipeline.student import LocalStudent


def losses(folder) -> list[dict]:
    return [json.loads(line) for line in (Path(folder) / "losses.jsonl").read_text().splitlines()]


def test_two_processes_train_as_one_at_the_same_effective_batch(prepared, tiny_base, adapter, tmp_path):
    out = tmp_path / "adapter"
    # the settings of the `adapter` fixture, trained in one process
    result = cli("train", "--processes", "2", "--dataset", str(prepared / "dataset"), "--out", str(out), "--base-model", tiny_base,
                 "--max-steps", "6", "--batch-size", "8", "--learning-rate", "2e-3", "--lora-r", "4", "--lora-alpha", "8")
    assert result.returncode == 0, result.stderr
    assert "training on 2 processes (gloo): effective batch size 8 = 2 x 4 per process" in result.stderr
    summary = json.loads(result.stdout)  # one summary, from the first process
    assert summary["steps"] == 6
    assert summary["data_parallel"] == {"processes": 2, "per_process_batch_size": 4, "grad_accum": 1, "effective_batch_size": 8,
                                        "learning_rate": 0.002, "backend": "gloo"}
    one, two = losses(adapter), losses(out)
    assert [e["step"] for e in two] == [e["step"] for e in one] == list(range(1, 7))
    assert [e["learning_rate"] for e in two] == [e["learning_rate"] for e in one]  # the same schedule
    for a, b in zip(one, two):  # the same batches split in two: the same losses up to the order of the sums
        assert abs(a["loss"] - b["loss"]) < 0.01, (a, b)

    texts = [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()[:8]]
    results = LocalStudent(str(out)).classify(texts)
    assert all(r["labels"] is not None and r.get("error") is None for r in results)


def test_process_counts_it_cannot_take(prepared, tmp_path):
    common = ["train", "--dataset", str(prepared / "dataset"), "--out", str(tmp_path / "a")]
    line = error_line(cli(*common, "--processes", "3", "--batch-size", "8"))
    assert "--batch-size 8 does not split across 3 processes; pass a multiple of 3" in line
    line = error_line(cli(*common, "--processes", "0"))
    assert "--processes must be at least 1" in line
    assert not (tmp_path / "a").exists()
