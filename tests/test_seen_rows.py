"""An evaluation cannot score the student on rows it was trained on without saying so: train records a
digest of each training row's text in the adapter folder, and evaluate leaves those rows out of its
headline figures, says how many there were, and refuses a test split the student saw entirely."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from huggingface_hub import ModelCard

from conftest import cli, error_line
from pipeline.data import write_jsonl
from pipeline.evaluate import EvaluateConfig, run as evaluate

F = ["has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish"]


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def reference_and_predictions(prepared: Path, tmp_path: Path, n_seen: int) -> tuple[Path, Path, int]:
    """A reference of `n_seen` training rows (one with extra whitespace around its text) and every test row,
    and predictions right on every field of the seen rows and wrong on main_dish for every unseen one."""
    seen = rows(prepared / "train.jsonl")[:n_seen]
    seen[0] = {**seen[0], "recipe": "\n  " + seen[0]["recipe"] + "  \n"}  # stripped before hashing: still the same text
    unseen = rows(prepared / "test.jsonl")
    reference = [{"id": r["id"], "recipe": r["recipe"], "labels": {f: r[f] for f in F}} for r in seen + unseen]
    predictions = [{"id": r["id"], "labels": dict(r["labels"])} for r in reference]
    for p in predictions[n_seen:]:
        p["labels"]["main_dish"] = not p["labels"]["main_dish"]
    write_jsonl(tmp_path / "ref.jsonl", reference)
    write_jsonl(tmp_path / "preds.jsonl", predictions)
    return tmp_path / "ref.jsonl", tmp_path / "preds.jsonl", len(unseen)


def test_training_writes_the_digests_of_its_rows_texts_and_lists_the_file_in_the_card(adapter, prepared):
    record = json.loads((Path(adapter) / "training_rows.json").read_text())
    train = rows(prepared / "train.jsonl")
    assert record["hash"] == "sha256" and record["normalise"] == "strip" and record["n"] == len(train)
    assert record["hashes"] == sorted({digest(r["recipe"]) for r in train})
    assert not {digest(r["recipe"]) for r in rows(prepared / "test.jsonl")} & set(record["hashes"])
    assert "main_dish" not in (Path(adapter) / "training_rows.json").read_text()  # the texts only, never the labels
    assert "training_rows.json" in ModelCard.load(Path(adapter) / "README.md").text


def test_rows_seen_in_training_are_left_out_of_the_headline_and_said_loudly(adapter, prepared, tmp_path):
    student = tmp_path / "adapter"  # a copy: --adapter rewrites the card
    shutil.copytree(adapter, student)
    ref, preds, n_unseen = reference_and_predictions(prepared, tmp_path, n_seen=6)

    result = cli("evaluate", "--predictions", f"student={preds}", "--reference", str(ref), "--out", str(tmp_path / "eval"),
                 "--adapter", str(student))
    assert result.returncode == 0, result.stderr
    assert f"warning: 6 of {n_unseen + 6} test rows were seen in training by the student (adapter)" in result.stdout
    assert f"(n={n_unseen})" in result.stdout

    report = json.loads((tmp_path / "eval" / "report.json").read_text())
    assert report["seen_in_training"] == 6 and report["n"] == n_unseen
    assert report["mean_agreement"] == pytest.approx(0.8) and report["per_field"]["main_dish"] == 0.0  # unseen rows only
    everything = report["including_seen_rows"]
    assert everything["n"] == n_unseen + 6
    assert everything["mean_agreement"] == pytest.approx((6 * 1.0 + n_unseen * 0.8) / (n_unseen + 6), abs=1e-4)
    assert everything["per_field"]["main_dish"] == pytest.approx(6 / (n_unseen + 6), abs=1e-4)
    assert report["warnings"] == [f"6 of {n_unseen + 6} test rows were seen in training by the student (adapter), and agreement "
                                  f"on rows it learned says nothing about new inputs: the headline figures leave them out (n={n_unseen})"]
    assert report["seen_in_training_ids"] == sorted(r["id"] for r in rows(prepared / "train.jsonl")[:6])

    md = (tmp_path / "eval" / "report.md").read_text()
    assert f"n={n_unseen})" in md and "> **Warning:** 6 of" in md
    assert "| **mean agreement** | 0.800 |" in md
    assert f"## All {n_unseen + 6} test rows, including the 6 seen in training" in md
    card = ModelCard.load(student / "README.md").text
    assert f"On {n_unseen} held-out examples (leaving out 6 test rows this adapter was trained on)" in card


def test_trained_on_checks_without_touching_the_card(adapter, prepared, tmp_path):
    card_before = (Path(adapter) / "README.md").read_text()
    ref, preds, n_unseen = reference_and_predictions(prepared, tmp_path, n_seen=3)
    report = evaluate(EvaluateConfig(predictions=[str(preds)], reference=str(ref), out=str(tmp_path / "e"), trained_on=adapter))
    assert report["seen_in_training"] == 3 and report["n"] == n_unseen and report["mean_agreement"] == pytest.approx(0.8)
    assert (Path(adapter) / "README.md").read_text() == card_before


def test_a_test_split_the_student_trained_on_entirely_is_refused(adapter, prepared, tmp_path):
    train = rows(prepared / "train.jsonl")[:5]
    write_jsonl(tmp_path / "ref.jsonl", train)
    write_jsonl(tmp_path / "preds.jsonl", [{"id": r["id"], "labels": {f: r[f] for f in F}} for r in train])
    line = error_line(cli("evaluate", "--predictions", str(tmp_path / "preds.jsonl"), "--reference", str(tmp_path / "ref.jsonl"),
                          "--out", str(tmp_path / "eval"), "--trained-on", adapter))
    assert line.startswith(f"error: all 5 test rows of {tmp_path / 'ref.jsonl'} were among the training rows of the student (adapter)")
    assert "prepare its split again with the same input and --seed), or train anew on this split" in line
    assert not (tmp_path / "eval" / "report.json").exists()


def test_an_adapter_without_its_training_rows_gives_a_note_and_all_rows(adapter, prepared, tmp_path):
    old = tmp_path / "old-adapter"  # trained before training_rows.json existed
    shutil.copytree(adapter, old)
    (old / "training_rows.json").unlink()
    ref, preds, n_unseen = reference_and_predictions(prepared, tmp_path, n_seen=4)
    report = evaluate(EvaluateConfig(predictions=[str(preds)], reference=str(ref), out=str(tmp_path / "e"), trained_on=str(old)))
    assert report["warnings"] == ["could not check whether the student saw these test rows in training: its adapter (old-adapter) has "
                                  "no training_rows.json (trained before Understudy recorded its rows, or fetched without it)"]
    assert report["seen_in_training"] is None and report["n"] == n_unseen + 4 and "including_seen_rows" not in report
    without = evaluate(EvaluateConfig(predictions=[str(preds)], reference=str(ref), out=str(tmp_path / "e2")))
    assert without["warnings"] == [] and without["seen_in_training"] is None  # no adapter named: nothing to check
