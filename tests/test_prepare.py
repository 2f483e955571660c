import json
import math

import pytest
from datasets import load_from_disk

from pipeline.data import write_jsonl
from pipeline.errors import UserError
from pipeline.prepare import PrepareConfig, run
from pipeline.task import load_task


def rows(n):
    task = load_task()
    return [{"id": f"r{i}", "recipe": f"Recipe {i}\n\nIngredients:\n- {i} eggs\n\nDirections:\n- Boil.",
             "labels": {f: (i + j) % 2 == 0 for j, f in enumerate(task.field_names)}, "source": "gpt-4"} for i in range(n)]


def test_split_columns_and_chat_format(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", rows(50))
    summary = run(PrepareConfig(input=str(tmp_path / "in.jsonl"), out=str(tmp_path / "out"), seed=1))
    assert (summary["train"], summary["test"], summary["rejected"]) == (45, 5, 0)
    ds = load_from_disk(str(tmp_path / "out" / "dataset"))
    # what was written, not what was reported: 10% of 50 held out, every input row in exactly one split
    written = {name: [json.loads(line)["id"] for line in (tmp_path / "out" / f"{name}.jsonl").read_text().splitlines()]
               for name in ("train", "test")}
    assert (len(written["train"]), len(written["test"])) == (len(ds["train"]), len(ds["test"])) == (50 - math.ceil(0.1 * 50), math.ceil(0.1 * 50))
    assert not set(written["train"]) & set(written["test"])
    assert sorted(written["train"] + written["test"]) == sorted(r["id"] for r in rows(50))
    task = load_task()
    assert set(ds["train"].column_names) == {"id", "recipe", "source", "messages", *task.field_names}
    row = ds["test"][0]
    assert [m["role"] for m in row["messages"]] == ["system", "user", "assistant"]
    assert row["messages"][0]["content"] == task.system_prompt and row["messages"][1]["content"] == row["recipe"]
    assert json.loads(row["messages"][2]["content"]) == {f: row[f] for f in task.field_names}
    assert list(json.loads(row["messages"][2]["content"])) == task.field_names  # task order
    assert row["source"] == "gpt-4"
    jsonl = [json.loads(line) for line in (tmp_path / "out" / "test.jsonl").read_text().splitlines()]
    assert [r["id"] for r in jsonl] == ds["test"]["id"]
    # seeded: the same seed gives the same split
    run(PrepareConfig(input=str(tmp_path / "in.jsonl"), out=str(tmp_path / "again"), seed=1))
    assert load_from_disk(str(tmp_path / "again" / "dataset"))["test"]["id"] == ds["test"]["id"]


def test_bad_rows_are_set_aside_with_reasons(tmp_path):
    data = rows(20)
    data[3]["recipe"] = "   "
    data[5]["labels"] = {"requires_oven": True}
    data[7]["labels"], data[7]["error"] = None, "teacher answer was not JSON"
    write_jsonl(tmp_path / "in.jsonl", data)
    summary = run(PrepareConfig(input=str(tmp_path / "in.jsonl"), out=str(tmp_path / "out")))
    assert summary["train"] + summary["test"] == 17 and summary["rejected"] == 3
    rejected = [json.loads(line) for line in (tmp_path / "out" / "rejected.jsonl").read_text().splitlines()]
    assert {r["id"]: r["reason"] for r in rejected}["r3"] == "empty recipe"
    assert "missing field(s)" in {r["id"]: r["reason"] for r in rejected}["r5"]
    assert {r["id"]: r["reason"] for r in rejected}["r7"] == "no labels: teacher answer was not JSON"


def test_csv_with_one_column_per_label(tmp_path):
    import pandas as pd

    flat = [{"id": r["id"], "recipe": r["recipe"], **{k: str(v).lower() for k, v in r["labels"].items()}} for r in rows(10)]
    pd.DataFrame(flat).to_csv(tmp_path / "in.csv", index=False)
    summary = run(PrepareConfig(input=str(tmp_path / "in.csv"), out=str(tmp_path / "out"), test_fraction=0.2))
    assert summary["train"] == 8 and summary["test"] == 2 and summary["rejected"] == 0
    train = [json.loads(line) for line in (tmp_path / "out" / "train.jsonl").read_text().splitlines()]
    assert len(train) == 8
    # the "true"/"false" columns were read as the labels they spell
    by_id = {r["id"]: r for r in rows(10)}
    assert all(r[k] is by_id[r["id"]]["labels"][k] for r in train for k in by_id[r["id"]]["labels"])


def test_file_without_recipe_column(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [{"text": "x", "labels": {}}])
    with pytest.raises(UserError, match="no 'recipe' column"):
        run(PrepareConfig(input=str(tmp_path / "in.jsonl"), out=str(tmp_path / "out")))


def test_non_utf8_file(tmp_path):
    (tmp_path / "in.jsonl").write_bytes(b'{"recipe": "caf\xe9"}\n')
    with pytest.raises(UserError, match="line 1 is not UTF-8"):
        run(PrepareConfig(input=str(tmp_path / "in.jsonl"), out=str(tmp_path / "out")))


def test_corrections_move_rows_into_training_with_the_human_labels(prepared, tmp_path):
    import shutil

    from pipeline.data import read_rows
    from pipeline.prepare import add_corrections

    folder = tmp_path / "prepared"
    shutil.copytree(prepared, folder)
    row = read_rows(folder / "test.jsonl")[0]
    flipped = {n: not row[n] for n in ("has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish")}
    before = len(read_rows(folder / "test.jsonl"))
    train_before = len(read_rows(folder / "train.jsonl"))
    result = add_corrections(folder, [{"id": row["id"], "labels": flipped, "was": {}}])
    assert result == {"corrected": 1, "moved_to_train": 1, "train": train_before + 1, "test": before - 1}
    assert len(read_rows(folder / "train.jsonl")) == train_before + 1
    moved = [r for r in read_rows(folder / "train.jsonl") if r["id"] == row["id"]]
    assert len(moved) == 1 and moved[0]["source"] == "human"
    assert all(moved[0][n] == v for n, v in flipped.items())
    assert row["id"] not in {r["id"] for r in read_rows(folder / "test.jsonl")}
    from datasets import load_from_disk

    saved = load_from_disk(str(folder / "dataset"))
    assert (len(saved["train"]), len(saved["test"])) == (train_before + 1, before - 1)
    assert (folder / "corrections.jsonl").read_text().count(row["id"]) == 1
