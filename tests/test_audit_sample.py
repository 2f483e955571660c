"""label --sample: an audit sample drawn uniformly and streamed from a corpus (JSONL, CSV, parquet, a dataset
folder, a Hub dataset), then labeled by the teacher (the project's own server, as in test_label.py)."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from conftest import cli, error_line
from pipeline.data import iter_rows, sample_rows
from pipeline.errors import UserError
from pipeline.label import run
from pipeline.sample import generate
from test_label import config, read_out, served_teacher

CORPUS = 60


@pytest.fixture(scope="module")
def corpus_rows() -> list[dict]:
    return [{"id": r["id"], "recipe": r["recipe"]} for r in generate(CORPUS, seed=21)]


def write_corpus(rows: list[dict], folder: Path, kind: str) -> Path:
    """The same rows as a JSONL, CSV or parquet file, or a dataset folder saved with save_to_disk (split train)."""
    if kind == "jsonl":
        path = folder / "corpus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    elif kind == "csv":
        path = folder / "corpus.csv"
        pd.DataFrame(rows).to_csv(path, index=False)
    elif kind == "parquet":
        path = folder / "corpus.parquet"
        pd.DataFrame(rows).to_parquet(path)
    else:
        from datasets import Dataset, DatasetDict

        path = folder / "corpus"
        DatasetDict({"train": Dataset.from_list(rows), "test": Dataset.from_list(rows[:3])}).save_to_disk(str(path))
    return path


# --- the draw ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet", "dataset"])
def test_a_sample_of_n_rows_of_the_corpus_in_input_order(kind, corpus_rows, tmp_path):
    path = write_corpus(corpus_rows, tmp_path, kind)
    drawn = sample_rows(path, 10, seed=4)
    by_id = {r["id"]: r for r in corpus_rows}
    ids = [r["id"] for r in drawn.rows]
    assert len(ids) == len(set(ids)) == 10 and drawn.corpus_rows == CORPUS
    assert all(by_id[r["id"]]["recipe"] == r["recipe"] for r in drawn.rows)  # whole rows of the corpus, ids kept
    order = [r["id"] for r in corpus_rows]
    assert [order.index(i) for i in ids] == sorted(order.index(i) for i in ids)
    # the same corpus, size and seed draw the same rows whatever the format holding it
    assert ids == [r["id"] for r in sample_rows(write_corpus(corpus_rows, tmp_path, "jsonl"), 10, seed=4).rows]


def test_same_seed_same_rows_other_seed_other_rows(corpus_rows, tmp_path):
    path = write_corpus(corpus_rows, tmp_path, "jsonl")
    ids = {seed: [r["id"] for r in sample_rows(path, 10, seed=seed).rows] for seed in range(6)}
    assert ids[3] == [r["id"] for r in sample_rows(path, 10, seed=3).rows]
    assert len({tuple(v) for v in ids.values()}) == 6


def test_a_row_without_an_id_takes_its_index(tmp_path):
    path = tmp_path / "bare.jsonl"
    path.write_text("".join(json.dumps({"recipe": f"recipe number {i}"}) + "\n" + ("\n" if i == 2 else "") for i in range(8)))
    drawn = sample_rows(path, 3, seed=1)
    assert all(r["recipe"] == f"recipe number {r['id']}" for r in drawn.rows)  # a blank line is no row, as when read whole


def test_each_row_is_drawn_equally_often(tmp_path):
    """Over 1,500 seeds each of 12 rows is in a sample of 4 about 500 times (Binomial(1500, 1/3): sd 18.3).
    A reservoir that favours early or late rows misses the bound of 5 sd by far."""
    rows = [{"id": f"row{i}", "recipe": "x"} for i in range(12)]
    path = write_corpus(rows, tmp_path, "jsonl")
    counts = dict.fromkeys((r["id"] for r in rows), 0)
    for seed in range(1500):
        for r in sample_rows(path, 4, seed=seed).rows:
            counts[r["id"]] += 1
    assert sum(counts.values()) == 1500 * 4
    assert all(abs(c - 500) < 92 for c in counts.values()), counts


def test_a_200k_row_corpus_is_streamed_not_held(tmp_path):
    path = tmp_path / "big.jsonl"
    filler = "chop the onions and simmer " * 4
    with path.open("w", encoding="utf-8") as f:
        for i in range(200_000):
            f.write(json.dumps({"id": f"b{i}", "recipe": f"recipe {i}: {filler}"}) + "\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        drawn = sample_rows(path, 50, seed=9)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert drawn.corpus_rows == 200_000 and len(drawn.rows) == 50
    assert int(drawn.rows[-1]["id"][1:]) > 100_000  # the draw reached the end of the file
    assert peak < size / 20, (peak, size)  # the rows read as a list would take several times the file's size


def test_the_reader_yields_rows_before_reading_the_rest(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "a", "recipe": "one"}\n{"id": "b", "recipe": "two"}\n{not json\n', encoding="utf-8")
    rows = iter_rows(path)
    assert next(rows)["id"] == "a" and next(rows)["id"] == "b"
    with pytest.raises(UserError, match="line 3 is not valid JSON"):
        next(rows)


def test_bad_sample_requests(tmp_path):
    with pytest.raises(UserError, match="input not found"):
        sample_rows(tmp_path / "missing.jsonl", 5)
    with pytest.raises(UserError, match="--sample must be at least 1"):
        sample_rows(tmp_path / "missing.jsonl", 0)


# --- labeled by the teacher ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def student(adapter):
    from pipeline.student import LocalStudent

    return LocalStudent(adapter)


@pytest.fixture(scope="module")
def teacher(student):
    """The project's server on a free port, counting the chat-completion requests (test_label.py's teacher)."""
    with served_teacher(student) as counter:
        yield counter


@pytest.fixture(scope="module")
def unlabeled(prepared, tmp_path_factory) -> Path:
    rows = []
    for name in ("train.jsonl", "test.jsonl"):
        rows += [json.loads(line) for line in (prepared / name).read_text().splitlines()]
    path = tmp_path_factory.mktemp("audit") / "unlabeled.jsonl"
    path.write_text("".join(json.dumps({"id": r["id"], "recipe": r["recipe"]}) + "\n" for r in rows))
    return path


def test_label_an_audit_sample(teacher, student, unlabeled, tmp_path, capsys):
    corpus = read_out(unlabeled)
    cfg = config(unlabeled, tmp_path, teacher.url, sample=20, seed=5)
    before = teacher.count
    s = run(cfg)
    assert teacher.count - before == 20  # only the sample goes to the teacher
    assert s["rows"] == s["labeled"] == 20 and s["audit_sample"] == "audit sample of 20 of 200 rows (seed 5)"
    assert "audit sample of 20 of 200 rows (seed 5)" in capsys.readouterr().err
    out = read_out(cfg.out)
    order = [r["id"] for r in corpus]
    assert [r["id"] for r in out] == sorted((r["id"] for r in out), key=order.index) and len({r["id"] for r in out}) == 20
    text = {r["id"]: r["recipe"] for r in corpus}
    assert all(r["recipe"] == text[r["id"]] for r in out)
    expected = student.classify([r["recipe"] for r in out])
    assert [r["labels"] for r in out] == [e["labels"] for e in expected]

    again = run(cfg)  # the same seed: the same rows, all from the cache
    assert again["from_cache"] == 20 and teacher.count - before == 20 and read_out(cfg.out) == out
    other = run(config(unlabeled, tmp_path, teacher.url, sample=20, seed=6, out=str(tmp_path / "other.jsonl")))
    assert other["audit_sample"] == "audit sample of 20 of 200 rows (seed 6)"
    assert {r["id"] for r in read_out(other["out"])} != {r["id"] for r in out}


def test_a_sample_larger_than_the_corpus_labels_every_row_with_one_warning(teacher, unlabeled, tmp_path, monkeypatch):
    from pipeline import prices

    (tmp_path / "prices.json").write_text(json.dumps({"adapter": {"input": 30.0, "output": 60.0}}))
    monkeypatch.setenv(prices.ENV, str(tmp_path / "prices.json"))  # a priced teacher: no warning about its price
    small = tmp_path / "small.jsonl"
    small.write_text("".join(unlabeled.read_text().splitlines(keepends=True)[:12]))
    out = tmp_path / "labeled.jsonl"
    result = cli("label", "--input", str(small), "--sample", "50", "--seed", "2", "--model", "adapter", "--base-url", teacher.url,
                 "--cache", str(tmp_path / "cache.sqlite"), "--out", str(out), "--progress", "false")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: --sample 50 is more than the 12 rows of {small}: labeling all of them"]
    assert "audit sample of 12 of 12 rows (seed 2)" in result.stderr
    assert [r["id"] for r in read_out(out)] == [r["id"] for r in read_out(small)]


def test_an_audit_sample_of_a_hub_dataset(teacher, prepared, tmp_path, monkeypatch):
    from pipeline import hub

    monkeypatch.setenv("HF_HUB_DIR", str(tmp_path / "hub"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))
    s = run(config("alice/recipes", tmp_path, teacher.url, split="test", sample=8, seed=1))
    test_ids = [json.loads(line)["id"] for line in (prepared / "test.jsonl").read_text().splitlines()]
    out = [r["id"] for r in read_out(s["out"])]
    assert s["audit_sample"] == f"audit sample of 8 of {len(test_ids)} rows (seed 1)"
    assert len(out) == 8 and set(out) <= set(test_ids) and out == sorted(out, key=test_ids.index)


def test_sample_with_limit_or_negative_is_one_error_line(unlabeled, tmp_path):
    both = cli("label", "--input", str(unlabeled), "--sample", "5", "--limit", "5", "--base-url", "http://127.0.0.1:1/v1")
    assert error_line(both).startswith("error: --sample and --limit cannot be given together; pick one")
    negative = cli("label", "--input", str(unlabeled), "--sample", "-3", "--base-url", "http://127.0.0.1:1/v1")
    assert error_line(negative) == "error: --sample must not be negative, got -3"
