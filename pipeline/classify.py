"""classify: label texts with a student (pipeline.student: local, or behind a TGI or OpenAI-compatible
server), in batches, always validly; the labels, per-field confidence (calibrated when the adapter has a
calibration) and prompt tokens per row. With --cascade-teacher, the rows the student is unsure of go to the
teacher (pipeline.cascade) and every row says who answered."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from pipeline.cascade import Cascade, CascadeSpec
from pipeline.data import texts_of, write_jsonl
from pipeline.errors import UserError
from pipeline.hub import read_rows
from pipeline.student import LocalStudent, StudentSpec

log = logging.getLogger("understudy.classify")
DEFAULT_OUT = "data/predictions.jsonl"


@dataclass
class ClassifyConfig(CascadeSpec, StudentSpec):
    input: str = field(default="", metadata={"help": "JSONL/CSV/parquet file or dataset folder to classify"})
    text: str | None = field(default=None, metadata={"help": "classify this one text instead of a file"})
    out: str = field(default="", metadata={"help": "output JSONL: id, labels, confidence (default: data/predictions.jsonl with --input; "
                                                    "with --text the labels are printed and no file is written unless --out is given)"})
    text_column: str = field(default="", metadata={"help": "input column (default: the task's input, e.g. recipe)"})
    split: str = field(default="test", metadata={"help": "split to read from a DatasetDict folder"})
    batch_size: int = field(default=32, metadata={"help": "texts per forward pass"})


def read_inputs(config: ClassifyConfig, task_input: str) -> tuple[list[str], list[str]]:
    if config.text is not None:
        return ["text"], [config.text]
    if not config.input:
        raise UserError("nothing to classify: pass --input FILE or --text TEXT")
    rows = read_rows(config.input, split=config.split)
    if not rows:
        raise UserError(f"{config.input}: no rows to classify")
    texts = texts_of(rows, config.text_column or task_input, config.input)
    ids = [str(r.get("id", i)) for i, r in enumerate(rows)]
    return ids, texts


def run(config: ClassifyConfig, student: LocalStudent | None = None) -> dict:
    from tqdm.auto import tqdm

    if config.text is not None and not config.text.strip():
        raise UserError("the text is empty; give a recipe to classify")
    known = student.task if student is not None else config.known_task()
    column = config.text_column or (known.input if known else "")
    read = read_inputs(config, column) if column or config.text is not None else None  # a bad input: refused before loading
    student = student or config.load()
    cascade = Cascade(config, student) if config.cascade_teacher else None  # its threshold is checked before any work
    if cascade:
        log.info("%s", cascade.describe())
    ids, texts = read or read_inputs(config, student.task.input)
    start = time.perf_counter()
    with tqdm(total=len(texts), desc="classifying", unit="text", disable=len(texts) < 2) as bar:
        results = student.classify(texts, config.batch_size, progress=bar)
    if cascade:
        results = cascade.answer(texts, results)
    seconds = time.perf_counter() - start
    rows = [{"id": i, **r} for i, r in zip(ids, results)]
    out = config.out or ("" if config.text is not None else DEFAULT_OUT)
    if out:
        write_jsonl(out, rows)
    errors = sum(1 for r in rows if r.get("error"))
    warned = sum(1 for r in rows if r.get("warning"))
    if warned and len(rows) > 1:
        log.warning("%d of %d rows carry a warning (e.g. text that doesn't look like the task's input); see their 'warning'", warned, len(rows))
    extra = {}
    if cascade:
        extra["cascade"] = cascade.summary(len(rows))
        if (line := cascade.failure_line()):
            log.warning("%s", line)
            extra["cascade"]["warning"] = line
    return {
        **extra,
        "out": out or None,
        "n": len(rows),
        "errors": errors,
        "warnings": warned,
        "seconds": round(seconds, 3),
        "texts_per_second": round(len(rows) / seconds, 2) if seconds else None,
        "rows": rows if len(rows) <= 5 else rows[:5],
    }
