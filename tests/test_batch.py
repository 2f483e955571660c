"""Batch classification of a corpus: same answers as classify, resumes after a kill, shards add up, clear refusals."""

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from conftest import ROOT, cli, error_line

from pipeline import batch, classify
from pipeline.errors import UserError
from pipeline.student import LocalStudent
from pipeline.sample import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """600 generated recipes as JSONL, CSV and parquet (ids as the sample writes them)."""
    folder = tmp_path_factory.mktemp("corpus")
    rows = [{"id": r["id"], "recipe": r["recipe"]} for r in generate(600, seed=11)]
    with (folder / "recipes.jsonl").open("w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    pd.DataFrame(rows).to_csv(folder / "recipes.csv", index=False)
    pd.DataFrame(rows).to_parquet(folder / "recipes.parquet")
    return folder


@pytest.fixture(scope="module")
def student(adapter):
    return LocalStudent(adapter)


def output_rows(out) -> pd.DataFrame:
    frame = pd.read_parquet(out)  # the manifest and temporary files are invisible to readers
    return frame.sort_values("row").reset_index(drop=True)


def test_chunked_output_equals_classify(adapter, student, corpus, tmp_path):
    source = corpus / "recipes.jsonl"
    head = tmp_path / "head.jsonl"
    head.write_text("".join(source.read_text().splitlines(keepends=True)[:45]))
    result = batch.run(batch.BatchConfig(input=str(head), out=str(tmp_path / "out"), adapter=adapter, chunk_size=10, batch_size=8), student)
    assert result["rows"] == 45 and result["parts"] == 5 and result["errors"] == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("part-*.parquet")) == [f"part-0000{i}.parquet" for i in range(5)]

    classify.run(classify.ClassifyConfig(input=str(head), out=str(tmp_path / "pred.jsonl"), adapter=adapter), student)
    expected = [json.loads(line) for line in (tmp_path / "pred.jsonl").read_text().splitlines()]
    got = output_rows(tmp_path / "out")
    assert list(got["id"]) == [e["id"] for e in expected]
    assert list(got["row"]) == list(range(45))
    for (_, row), e in zip(got.iterrows(), expected):
        assert row["labels"] == e["labels"]
        assert row["prompt_tokens"] == e["prompt_tokens"] and pd.isna(row["error"])
        # other batch neighbours mean other padding: the same probabilities up to float noise
        assert all(abs(row["confidence"][k] - v) < 1e-3 for k, v in e["confidence"].items())


def test_every_input_format_gives_the_same_rows(adapter, student, corpus, tmp_path):
    frames = []
    for name in ("recipes.jsonl", "recipes.csv", "recipes.parquet"):
        out = tmp_path / name
        batch.run(batch.BatchConfig(input=str(corpus / name), out=str(out), adapter=adapter, chunk_size=64, shard="1/5"), student)
        frames.append(output_rows(out))
    assert len(frames[0]) == 120 and all(r % 5 == 1 for r in frames[0]["row"])
    for other in frames[1:]:
        assert list(other["id"]) == list(frames[0]["id"])
        assert list(other["labels"]) == list(frames[0]["labels"])


def test_shards_add_up_to_the_whole(adapter, student, corpus, tmp_path):
    source = str(corpus / "recipes.parquet")
    whole = output_rows(batch.run(batch.BatchConfig(input=source, out=str(tmp_path / "whole"), adapter=adapter, chunk_size=100), student)["out"])
    halves = [output_rows(batch.run(batch.BatchConfig(input=source, out=str(tmp_path / f"s{i}"), adapter=adapter, chunk_size=100,
                                                      shard=f"{i}/2"), student)["out"]) for i in (0, 1)]
    assert len(halves[0]) == len(halves[1]) == 300
    union = pd.concat(halves).sort_values("row").reset_index(drop=True)
    assert list(union["row"]) == list(range(600))
    assert list(union["id"]) == list(whole["id"]) and list(union["labels"]) == list(whole["labels"])


def test_killed_run_resumes_without_losing_or_repeating_a_row(adapter, corpus, tmp_path):
    out = tmp_path / "out"
    args = ["batch", "--input", str(corpus / "recipes.jsonl"), "--out", str(out), "--adapter", adapter,
            "--chunk-size", "25", "--batch-size", "25"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(list(out.glob("part-*.parquet"))) < 3:
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = len(list(out.glob("part-*.parquet")))
    assert 3 <= finished < 24, "kill it half-way"

    result = cli(*args)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["resumed_after_rows"] == finished * 25 and summary["rows"] == 600
    got = output_rows(out)
    assert list(got["row"]) == list(range(600))  # every row exactly once
    assert got["id"].is_unique and got["labels"].notna().all()
    assert not list(out.glob(".*.tmp"))

    again = cli(*args)  # a finished folder: nothing to redo
    assert again.returncode == 0 and json.loads(again.stdout)["new_rows"] == 0


def test_bad_shard_specs(corpus, tmp_path):
    for spec, words in (("5/3", "numbered from 0 to 2"), ("1/0", "at least 1"), ("half", "I/N")):
        line = error_line(cli("batch", "--input", str(corpus / "recipes.jsonl"), "--out", str(tmp_path / "o"), "--shard", spec))
        assert words in line, line


def test_refuses_to_mix_outputs(adapter, tiny_base, corpus, tmp_path):
    small = tmp_path / "small.jsonl"
    small.write_text("".join((corpus / "recipes.jsonl").read_text().splitlines(keepends=True)[:30]))
    out = str(tmp_path / "out")
    batch.run(batch.BatchConfig(input=str(small), out=out, adapter=adapter, chunk_size=10))

    task = tmp_path / "spicy.yaml"
    task.write_text("name: spicy\nsystem_prompt: Is the recipe spicy?\nfields:\n  - {name: spicy, type: boolean, description: hot}\n")
    line = error_line(cli("batch", "--input", str(small), "--out", out, "--adapter", "", "--base-model", tiny_base, "--task", str(task)))
    assert "holds results of task 'recipes', not 'spicy'" in line

    with pytest.raises(UserError, match="refusing to mix"):
        batch.run(batch.BatchConfig(input=str(small), out=out, adapter="", base_model=tiny_base, chunk_size=10))
    with pytest.raises(UserError, match="--shard"):
        batch.run(batch.BatchConfig(input=str(small), out=out, adapter=adapter, chunk_size=10, shard="1/2"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "predictions.jsonl").write_text("{}\n")
    with pytest.raises(UserError, match="already holds other files"):
        batch.run(batch.BatchConfig(input=str(small), out=str(tmp_path / "other"), adapter=adapter))


def test_batch_through_a_tgi_server(adapter, student, corpus, tmp_path):
    from conftest import run_in_thread

    from pipeline.serve import ServeConfig, make_server

    srv = make_server(ServeConfig(adapter=adapter, port=0), student=student)
    thread, port = run_in_thread(srv)
    try:
        small = tmp_path / "small.jsonl"
        small.write_text("".join((corpus / "recipes.jsonl").read_text().splitlines(keepends=True)[:40]))
        remote = batch.run(batch.BatchConfig(input=str(small), out=str(tmp_path / "tgi"), adapter=adapter, backend="tgi",
                                             url=f"http://127.0.0.1:{port}", adapter_id="adapter", chunk_size=16, concurrency=8))
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
    local = batch.run(batch.BatchConfig(input=str(small), out=str(tmp_path / "local"), adapter=adapter, chunk_size=16), student)
    assert remote["rows"] == local["rows"] == 40 and remote["errors"] == 0
    assert list(output_rows(remote["out"])["labels"]) == list(output_rows(local["out"])["labels"])
    manifest = json.loads((tmp_path / "tgi" / "_manifest.json").read_text())
    assert manifest["model"]["backend"] == "tgi" and manifest["model"]["adapter_id"] == "adapter"


def test_shared_prefix_reuse_gives_the_same_answers(adapter, corpus):
    texts = [json.loads(line)["recipe"] for line in (corpus / "recipes.jsonl").read_text().splitlines()[:40]]
    plain = LocalStudent(adapter)
    reusing = LocalStudent(adapter)
    reusing.reuse_prefix = True
    assert len(reusing.shared_prefix()) > 10 and plain.shared_prefix() == []
    want, got = plain.classify(texts, batch_size=8), reusing.classify(texts, batch_size=8)
    assert [g["labels"] for g in got] == [w["labels"] for w in want]
    for g, w in zip(got, want):
        assert g["confidence"] == pytest.approx(w["confidence"], abs=2e-4)


def test_wrong_column_is_refused_before_anything_is_written(adapter, tmp_path):
    (tmp_path / "texts.jsonl").write_text(json.dumps({"id": 1, "text": "Toast"}) + "\n")
    out = tmp_path / "out"
    line = error_line(cli("batch", "--input", str(tmp_path / "texts.jsonl"), "--out", str(out), "--adapter", adapter))
    assert "no 'recipe' column (found: id, text)" in line and not out.exists()
    fixed = cli("batch", "--input", str(tmp_path / "texts.jsonl"), "--out", str(out), "--adapter", adapter, "--text-column", "text")
    assert fixed.returncode == 0, fixed.stderr
    assert list(pd.read_parquet(out)["id"]) == ["1"]


def test_two_runs_never_write_one_folder(adapter, student, corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    held = batch._lock(out)  # as a running batch holds it
    config = batch.BatchConfig(input=str(corpus / "recipes.jsonl"), out=str(out), adapter=adapter, shard="0/50")
    with pytest.raises(batch.UserError, match="another batch run is writing to"):
        batch.run(config, student)
    held.close()
    assert batch.run(config, student)["rows"] == 12


def test_unknown_engine_is_one_line(corpus, tmp_path):
    line = error_line(cli("batch", "--engine", "spark", "--input", str(corpus / "recipes.jsonl"), "--out", str(tmp_path / "o")))
    assert "--engine must be local or ray, got 'spark'" in line and not (tmp_path / "o").exists()
