"""costs: what it costs to label a corpus with each teacher, and with the student.

A teacher costs its tokens: (input tokens × input price + output tokens × output price) per recipe,
from the dated price table in pipeline/prices.py. The student costs its machine's time: corpus ÷
throughput × $/h. The throughput is measured (classify the sample with `--adapter`) or given
(`--student-rate`); without either, it is the original study's (vLLM on one L40, about 34 recipes/s).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import prices, sample
from pipeline.errors import UserError
from pipeline.student import LocalStudent

TEACHERS = ["gpt-4", "gpt-4-turbo", "gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"]
STUDY_CORPUS = 2_147_248
STUDY_RATE = 2_147_248 / (16.5 * 3600)  # recipes/s: the study's 16.5 h on one L40
STUDY_FOOTNOTE = (
    "The original study (2023): 2,147,248 recipes, 276 input and 42 output tokens per recipe on average. "
    "GPT-4 would have cost $23,190 and GPT-3.5 $1,033 at 2023 prices; the fine-tuned Llama-2-7B ran on "
    "vLLM on one L40 ($1.14/h) in 16.5 h, about 34 recipes/s, $18.81 in all."
)


@dataclass
class CostsConfig:
    corpus: int = field(default=STUDY_CORPUS, metadata={"help": "recipes in the corpus to price"})
    input_tokens: float = field(default=276.0, metadata={"help": "average prompt tokens per recipe (the study's)"})
    output_tokens: float = field(default=42.0, metadata={"help": "average answer tokens per recipe (the study's)"})
    teachers: list[str] = field(default_factory=lambda: list(TEACHERS), metadata={"help": "teacher models to price"})
    adapter: str = field(default="", metadata={"help": "measure this student's throughput on generated recipes"})
    student_rate: float = field(default=0.0, metadata={"help": "the student's recipes/s (0: measure --adapter, else the study's 34/s)"})
    hardware: str = field(default="l40", metadata={"help": f"the student's machine, for its $/h: {', '.join(prices.HARDWARE)}"})
    dollars_per_hour: float = field(default=-1.0, metadata={"help": "the student's $/h (overrides --hardware)"})
    measure_n: int = field(default=256, metadata={"help": "recipes to classify when measuring throughput"})
    prices: str = field(default="", metadata={"help": "YAML/JSON file of teacher prices overriding the table"})
    out: str = field(default="", metadata={"help": "write costs.json here (a folder)"})


def measure_rate(adapter: str, n: int = 256, batch_size: int = 32) -> float:
    """The adapter's recipes/s on this machine, on `n` generated recipes (after one warm-up batch)."""

    return measure_student_rate(LocalStudent(adapter), n, batch_size)


def measure_student_rate(student, n: int = 256, batch_size: int = 32) -> float:
    """Any student's recipes/s (local or behind a server) on `n` generated recipes, after a warm-up batch."""

    texts = [r["recipe"] for r in sample.generate(max(n, 1), seed=12345)]
    student.classify(texts[:batch_size], batch_size)
    start = time.perf_counter()
    student.classify(texts, batch_size)
    return len(texts) / (time.perf_counter() - start)


def teacher_row(model: str, config: CostsConfig, overrides: dict | None = None) -> dict:
    found = prices.lookup(model, overrides or config.prices or None)
    if found is None:
        raise UserError(f"no price known for teacher {model!r}; add it to a price file and pass --prices FILE")
    per_recipe = (config.input_tokens * found.input + config.output_tokens * found.output) / 1_000_000
    return {
        "model": model, "kind": "teacher", "dollars_per_recipe": per_recipe, "corpus_dollars": per_recipe * config.corpus,
        "hours": None, "basis": f"${found.input:g} / ${found.output:g} per 1M tokens in/out", "source": found.source,
    }


def student_row(rate: float, dollars_per_hour: float, basis: str, source: str) -> dict:
    per_recipe = dollars_per_hour / 3600 / rate
    return {"model": "student", "kind": "student", "dollars_per_recipe": per_recipe, "corpus_dollars": None,
            "hours": None, "basis": basis, "source": source, "recipes_per_second": rate}


def run(config: CostsConfig, overrides: dict | None = None) -> dict:
    """The cost table; `overrides` maps model → (input, output) $ per 1M tokens (the app's edited prices)."""
    if config.corpus <= 0:
        raise UserError(f"corpus must be a positive number of recipes, got {config.corpus}")
    if config.input_tokens < 0 or config.output_tokens < 0:
        raise UserError("token counts per recipe cannot be negative")
    if config.student_rate < 0:
        raise UserError(f"student rate must be positive recipes/s, got {config.student_rate}")
    if config.dollars_per_hour >= 0:
        dph, dph_source = config.dollars_per_hour, "given"
        machine = f"${dph:g}/h"
    else:
        hw = prices.hourly(config.hardware)
        dph, dph_source, machine = hw.dollars, hw.source, f"{config.hardware} at ${hw.dollars:g}/h"
    if config.student_rate:
        rate, how = config.student_rate, "given"
    elif config.adapter:
        rate, how = measure_rate(config.adapter, config.measure_n), f"measured on {config.measure_n} recipes here"
    else:
        rate, how = STUDY_RATE, "the study's vLLM on one L40"
    student = student_row(rate, dph, f"{rate:,.1f} recipes/s ({how}); {machine}", dph_source)
    student["hours"] = config.corpus / rate / 3600
    student["corpus_dollars"] = student["dollars_per_recipe"] * config.corpus
    rows = [student] + [teacher_row(m, config, overrides) for m in config.teachers]
    for row in rows:
        row["times_student"] = (row["corpus_dollars"] / student["corpus_dollars"]) if student["corpus_dollars"] else None
    result = {"corpus": config.corpus, "input_tokens": config.input_tokens, "output_tokens": config.output_tokens,
              "rows": rows, "footnote": STUDY_FOOTNOTE}
    if config.out:
        out = Path(config.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "costs.json").write_text(json.dumps(result, indent=1))
        result["written"] = str(out / "costs.json")
    return result


def dollars(x: float | None) -> str:
    if x is None:
        return "-"
    if x == 0:
        return "$0"
    if x >= 100:
        return f"${x:,.0f}"
    if x >= 0.01:
        return f"${x:,.2f}"
    return f"${x:.2g}"


def format_table(result: dict) -> str:
    lines = [f"{'model':<16}{'per recipe':>12}{'corpus of ' + format(result['corpus'], ','):>24}{'× student':>12}  basis"]
    for r in result["rows"]:
        times = f"{r['times_student']:,.0f}x" if r.get("times_student") else "-"
        lines.append(f"{r['model']:<16}{dollars(r['dollars_per_recipe']):>12}{dollars(r['corpus_dollars']):>24}{times:>12}  {r['basis']}")
    student = result["rows"][0]
    lines.append(f"\nstudent: {student['hours']:,.1f} h for the corpus")
    lines.append(result["footnote"])
    return "\n".join(lines)
