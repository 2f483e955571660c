"""trying: the Try it tab of one workspace: its test recipes to pick from, and the active student on one recipe.

Functions of a workspace `ws`. `classify_texts` is the app's GPU work for a few texts (Try it, Side by side): run
under ZeroGPU's spaces.GPU on a ZeroGPU Space, a plain call elsewhere.
"""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.data import read_rows
from pipeline.errors import UserError
from pipeline.space import gpu
from pipeline.visitors import check_recipe


@gpu(duration=60)
def classify_texts(student, texts: list[str]) -> list[dict]:
    """The student on a few texts (Try it, Side by side)."""
    return student.classify(texts)


def test_rows(ws, limit: int = 0) -> list[dict]:
    """The active dataset's test split (its first `limit` rows; 0: all), or none without a dataset."""
    dataset = ws.dataset()
    if not dataset:
        return []
    rows = read_rows(Path(dataset) / "test.jsonl")
    return rows[:limit] if limit else rows


def test_choices(ws, limit: int = 200) -> list[tuple[str, str]]:
    """(title, id) of test recipes, for a picker."""
    task = ws.task()
    return [(f"{r['id']}: {str(r[task.input]).strip().splitlines()[0][:60]}", str(r["id"])) for r in test_rows(ws, limit)]


def test_recipe(ws, row_id: str) -> str:
    """The text of the test recipe with this id."""
    task = ws.task()
    for r in test_rows(ws):
        if str(r["id"]) == str(row_id):
            return r[task.input]
    raise UserError(f"no test recipe with id {row_id!r}")


def classify_one(ws, text: str) -> dict:
    """{labels, confidence, seconds, prompt_tokens, warning?} for one pasted recipe."""
    text = check_recipe(text)
    student = ws.student()
    start = time.perf_counter()
    result = classify_texts(student, [text])[0]
    seconds = time.perf_counter() - start
    if result.get("error"):
        where = f"; is the student's server ({ws.server.describe()}) up?" if ws.server.remote else ""
        raise UserError(f"the student could not classify this recipe: {result['error']}{where}")
    return {**result, "seconds": seconds}
