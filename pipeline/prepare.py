"""prepare: labeled rows → a seeded train/test DatasetDict in chat format for the student.

Each row keeps its id, the input text, one column per label, where the labels came from (`source`),
and `messages` (system = the task's prompt, user = the input, assistant = compact JSON of the labels in
task order). The DatasetDict is saved with save_to_disk, and each split also as JSONL.
Rows whose labels do not fit the task, or whose text is empty, are set aside in rejected.jsonl with the
reason, never silently dropped.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.data import write_jsonl
from pipeline.errors import UserError
from pipeline.hub import read_rows
from pipeline.task import (
    InvalidAnswer,
    Task,
    balance,
    labels_of,
    load_task,
    task_of_folder,
)


@dataclass
class PrepareConfig:
    input: str = field(default="data/sample/labeled.jsonl", metadata={"help": "labeled rows: JSONL/CSV/parquet or a dataset folder"})
    out: str = field(default="data/prepared", metadata={"help": "output folder"})
    task: str = field(default="recipes", metadata={"help": "built-in task name or a task YAML file"})
    test_fraction: float = field(default=0.1, metadata={"help": "share of rows held out for testing"})
    seed: int = field(default=42, metadata={"help": "seed of the train/test split"})


def to_example(row: dict, index: int, task: Task) -> dict:
    text = row.get(task.input)
    if text is None or not str(text).strip():
        raise InvalidAnswer(f"empty {task.input}")
    text = str(text)
    labels = labels_of(row, task)
    source = str(row.get("source") or row.get("teacher") or "unknown")
    host = str(row.get("teacher_host") or "")
    if host and source not in ("generator", "human", "unknown") and not source.endswith(f" at {host}"):
        source = f"{source} at {host}"  # the teacher model and where it answered, as the cards name it
    return {
        "id": str(row.get("id", index)),
        task.input: text,
        **labels,
        "source": str(source),
        "messages": task.messages(text, labels),
    }


def split_examples(examples: list[dict], test_fraction: float, seed: int):
    from datasets import Dataset, DatasetDict

    if not 0 < test_fraction < 1:
        raise UserError(f"--test-fraction must be between 0 and 1, got {test_fraction}")
    if len(examples) < 2:
        raise UserError(f"need at least 2 usable rows to split, got {len(examples)}")
    parts = Dataset.from_list(examples).train_test_split(test_size=test_fraction, seed=seed)
    return DatasetDict(train=parts["train"], test=parts["test"])


def run(config: PrepareConfig) -> dict:
    task = load_task(config.task)
    rows = read_rows(config.input, split="train")
    if not rows:
        raise UserError(f"{config.input}: no rows")
    if task.input not in rows[0]:
        raise UserError(f"{config.input}: no {task.input!r} column (found: {', '.join(rows[0])}); the task reads its input from {task.input!r}")
    examples, rejected = [], []
    for i, row in enumerate(rows):
        try:
            examples.append(to_example(row, i, task))
        except InvalidAnswer as e:
            rejected.append({"row": i, "id": row.get("id"), "reason": str(e)})
    if len(examples) < 2:
        first = rejected[0] if rejected else None
        example = f"; row {first['row'] + 1}: {first['reason']}" if first else ""
        raise UserError(f"{config.input}: only {len(examples)} of {len(rows)} rows usable{example}")
    dataset = split_examples(examples, config.test_fraction, config.seed)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    dataset.save_to_disk(str(out / "dataset"))
    for name, split in dataset.items():
        write_jsonl(out / f"{name}.jsonl", split.to_list())
    write_jsonl(out / "rejected.jsonl", rejected)
    (out / "task.json").write_text(json.dumps(task.to_dict(), indent=1))
    summary = {
        "dataset": str(out / "dataset"),
        "train": len(dataset["train"]),
        "test": len(dataset["test"]),
        "rejected": len(rejected),
        "balance": {f.name: balance(dataset["train"][f.name], f) for f in task.fields},
    }
    (out / "prepare.json").write_text(json.dumps(summary, indent=1))
    if rejected:
        print(f"{len(rejected)} row(s) set aside with their reasons in {out / 'rejected.jsonl'}")
    return summary


def add_corrections(prepared: str | Path, corrections: list[dict], task: Task | None = None) -> dict:
    """A person's verdicts on disagreements, written into a prepared dataset so the next training run
    learns from them: each corrected row (by id) gets the given labels and source "human" and moves
    from the test split to the train split (a row the student trains on is no longer a fair test).
    Every correction is also appended to PREPARED/corrections.jsonl."""
    from datasets import Dataset, DatasetDict

    out = Path(prepared)
    if not (out / "train.jsonl").is_file() or not (out / "test.jsonl").is_file():
        raise UserError(f"{out}: not a prepared dataset (no train.jsonl/test.jsonl); run `python -m pipeline prepare` first")
    task = task or task_of_folder(out)
    splits = {name: read_rows(out / f"{name}.jsonl") for name in ("train", "test")}
    by_id = {fix["id"]: task.validate_labels(fix["labels"]) for fix in corrections}
    moved = relabeled = 0
    for name in ("train", "test"):
        kept = []
        for row in splits[name]:
            if row["id"] not in by_id:
                kept.append(row)
                continue
            labels = by_id[row["id"]]
            row = {**row, **labels, "source": "human", "messages": task.messages(row[task.input], labels)}
            relabeled += 1
            if name == "test":
                moved += 1
                splits["train"].append(row)
            else:
                kept.append(row)
        splits[name] = kept
    missing = sorted(set(by_id) - {r["id"] for r in splits["train"]})
    if missing:
        raise UserError(f"{out}: no row with id {missing[0]!r} to correct")
    DatasetDict({n: Dataset.from_list(rows) for n, rows in splits.items()}).save_to_disk(str(out / "dataset.new"))
    shutil.rmtree(out / "dataset", ignore_errors=True)
    (out / "dataset.new").rename(out / "dataset")
    for name, rows in splits.items():
        write_jsonl(out / f"{name}.jsonl", rows)
    with (out / "corrections.jsonl").open("a", encoding="utf-8") as f:
        for fix in corrections:
            f.write(json.dumps({"id": fix["id"], "labels": by_id[fix["id"]], "was": fix.get("was")}) + "\n")
    return {"corrected": relabeled, "moved_to_train": moved, "train": len(splits["train"]), "test": len(splits["test"])}
