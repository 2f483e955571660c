"""costs: what it costs to label a corpus with each teacher, and with the student.

A teacher costs its tokens: (input tokens × input price + output tokens × output price) per recipe,
from the dated price table in pipeline/prices.py. The student costs its machine's time: corpus ÷
throughput × $/h. The throughput is measured (classify the sample with `--adapter`) or given
(`--student-rate`); without either, it is the original study's (vLLM on one L40: 2,147,248 recipes in
16.5 h, 36.15 recipes/s).

`run` computes the whole table (rows, headline, caution, footnote) and `table_rows` formats it; the CLI
(`python -m pipeline costs`) and the app's Costs tab both show exactly these, so for the same inputs they
show the same figures.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline import prices, sample
from pipeline.errors import UserError
from pipeline.models import resolve_base
from pipeline.student import LocalStudent

TEACHERS = ["gpt-4", "gpt-4-turbo", "gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"]
STUDY_CORPUS = 2_147_248
STUDY_HOURS = 16.5  # the study's run over the corpus, on one L40
STUDY_MACHINE = "l40"
STUDY_RATE = round(STUDY_CORPUS / (STUDY_HOURS * 3600), 2)  # 36.15 recipes/s, the figure the app's field shows
STUDY_TOKENS = (276.0, 42.0)  # input, output tokens per recipe on average
STUDY_PRICES_2023 = {"GPT-4": (30.0, 60.0), "GPT-3.5": (1.5, 1.6)}  # $ per 1M tokens in/out, as the study computed them
HEADLINE_TEACHER = "gpt-4"  # the teacher the headline compares the student with


@dataclass
class CostsConfig:
    corpus: int = field(default=STUDY_CORPUS, metadata={"help": "recipes in the corpus to price"})
    input_tokens: float = field(default=STUDY_TOKENS[0], metadata={"help": "average prompt tokens per recipe (the study's)"})
    output_tokens: float = field(default=STUDY_TOKENS[1], metadata={"help": "average answer tokens per recipe (the study's)"})
    teachers: list[str] = field(default_factory=lambda: list(TEACHERS), metadata={"help": "teacher models to price"})
    adapter: str = field(default="", metadata={"help": "measure this student's throughput on generated recipes"})
    student_rate: float = field(default=0.0, metadata={"help": f"the student's recipes/s (0: measure --adapter, else the study's {STUDY_RATE})"})
    hardware: str = field(default=STUDY_MACHINE, metadata={"help": f"the student's machine, for its $/h: {', '.join(prices.HARDWARE)}"})
    dollars_per_hour: float = field(default=-1.0, metadata={"help": "the student's $/h (overrides --hardware)"})
    measure_n: int = field(default=256, metadata={"help": "recipes to classify when measuring throughput"})
    prices: str = field(default="", metadata={"help": "YAML/JSON file of teacher prices overriding the table"})
    out: str = field(default="", metadata={"help": "write costs.json here (a folder)"})


@dataclass
class Throughput:
    """The student's recipes/s and where the figure comes from."""

    rate: float
    how: str = "given"  # "study", "given" or "measured"
    machine: str = ""  # measured: the hardware (prices.HARDWARE) it ran on, "" when unknown
    n: int = 0  # measured: how many recipes were classified
    toy: str = ""  # measured on the tiny offline base model: its size ("0.28M-parameter"), else ""

    @classmethod
    def of(cls, value) -> "Throughput | None":
        """A throughput kept as a dict (the page's state), or None when it is not one."""
        if not isinstance(value, dict):
            return None
        try:
            return cls(**value)
        except TypeError:
            return None

    def describe(self) -> str:
        """Where the figure comes from, in a few words (the table's basis and the page's field label)."""
        if self.how == "study":
            return "the study's vLLM on one L40"
        if self.how == "measured":
            return f"measured on {self.n} recipes here" + (f", {self.machine}" if self.machine else "")
        return "given"


def rate_label(throughput: Throughput | None = None) -> str:
    """The label of the app's throughput field: it says where the figure in it comes from."""
    return f"Student throughput, recipes/s ({(throughput or study_throughput()).describe()})"


def study_throughput() -> Throughput:
    return Throughput(STUDY_RATE, "study", STUDY_MACHINE)


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


def toy_size(adapter: str | Path | None) -> str:
    """The size of the tiny offline base model ("0.28M-parameter") when `adapter` sits on it, else "".

    pipeline.base writes pretraining.json beside the model it builds; no Hub model has one."""
    if not adapter or not (Path(adapter) / "adapter_config.json").is_file():
        return ""
    try:
        record = json.loads((Path(resolve_base(Path(adapter), "")) / "pretraining.json").read_text())
    except (OSError, ValueError):
        return ""
    return f"{record.get('parameters', 0) / 1e6:.2f}M-parameter"


def teacher_row(model: str, config: CostsConfig, overrides: dict | None = None) -> dict:
    found = prices.lookup(model, overrides or config.prices or None)
    if found is None:
        raise UserError(f"no price known for teacher {model!r}; add it to a price file and pass --prices FILE")
    per_recipe = (config.input_tokens * found.input + config.output_tokens * found.output) / 1_000_000
    return {
        "model": model, "kind": "teacher", "dollars_per_recipe": per_recipe, "corpus_dollars": per_recipe * config.corpus,
        "hours": None, "basis": f"${found.input:g} / ${found.output:g} per 1M tokens in/out", "source": found.source,
    }


def student_row(throughput: Throughput, config: CostsConfig) -> dict:
    dph, dph_source, machine = machine_price(config)
    per_recipe = dph / 3600 / throughput.rate
    return {"model": "student", "kind": "student", "dollars_per_recipe": per_recipe, "corpus_dollars": per_recipe * config.corpus,
            "hours": config.corpus / throughput.rate / 3600, "basis": f"{rate_text(throughput.rate)} recipes/s ({throughput.describe()}); {machine}",
            "source": dph_source, "recipes_per_second": throughput.rate}


def machine_price(config: CostsConfig) -> tuple[float, str, str]:
    """(the student's $/h, where that price comes from, the machine in words)."""
    known = prices.HARDWARE.get(config.hardware.strip().lower()) if config.hardware else None
    if config.dollars_per_hour >= 0 and (known is None or known.dollars != config.dollars_per_hour):
        return config.dollars_per_hour, "given", f"${config.dollars_per_hour:g}/h"
    hw = prices.hourly(config.hardware)
    return hw.dollars, hw.source, f"{config.hardware.strip().lower()} at ${hw.dollars:g}/h"


def throughput_of(config: CostsConfig, measured: Throughput | None = None) -> Throughput:
    """The throughput to price: a measurement whose rate is the one given (the app's field after Measure),
    the rate given, the adapter measured here, or the study's."""
    if measured is not None and config.student_rate in (0, measured.rate):
        return measured
    if config.student_rate == STUDY_RATE:
        return study_throughput()
    if config.student_rate:
        return Throughput(config.student_rate, "given")
    if config.adapter:
        rate = measure_rate(config.adapter, config.measure_n)
        return Throughput(rate, "measured", config.hardware, config.measure_n, toy_size(config.adapter))
    return study_throughput()


def check(config: CostsConfig) -> None:
    if config.corpus <= 0:
        raise UserError(f"corpus must be a positive number of recipes, got {config.corpus}")
    if config.input_tokens < 0 or config.output_tokens < 0:
        raise UserError("token counts per recipe cannot be negative")
    if config.student_rate < 0:
        raise UserError(f"student rate must be positive recipes/s, got {config.student_rate}")


def run(config: CostsConfig, overrides: dict | None = None, measured: Throughput | None = None) -> dict:
    """The cost table: rows (the student first), headline, caution and footnote. `overrides` maps model →
    (input, output) $ per 1M tokens (the app's edited prices); `measured` is a throughput measured before
    (the app's Measure button), used when config.student_rate is its rate."""
    check(config)
    throughput = throughput_of(config, measured)
    student = student_row(throughput, config)
    rows = [student] + [teacher_row(m, config, overrides) for m in config.teachers]
    for row in rows:
        row["times_student"] = (row["corpus_dollars"] / student["corpus_dollars"]) if student["corpus_dollars"] else None
    result = {"corpus": config.corpus, "input_tokens": config.input_tokens, "output_tokens": config.output_tokens,
              "rows": rows, "throughput": asdict(throughput), "headline": headline(rows, config.corpus),
              "caution": caution(throughput), "footnote": study_footnote()}
    if config.out:
        out = Path(config.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "costs.json").write_text(json.dumps(result, indent=1))
        result["written"] = str(out / "costs.json")
    return result


def headline(rows: list[dict], corpus: int) -> str:
    """One line: what the student costs for the corpus, against GPT-4 (or the first teacher priced)."""
    student, teachers = rows[0], rows[1:]
    line = f"The student: {dollars(student['corpus_dollars'])} for {corpus:,} recipes ({student['hours']:,.1f} h)"
    if not teachers:
        return line + "."
    ref = next((r for r in teachers if r["model"] == HEADLINE_TEACHER), teachers[0])
    times = ref["times_student"]
    if times is None:
        return line + f", against {dollars(ref['corpus_dollars'])} with {ref['model']}."
    if times >= 1:
        return line + f", {times_text(times)}× cheaper than {ref['model']} ({dollars(ref['corpus_dollars'])})."
    return line + f", {times_text(1 / times)}× dearer than {ref['model']} ({dollars(ref['corpus_dollars'])})."


def caution(throughput: Throughput) -> str:
    """A warning when the throughput is the tiny offline model's: a toy, nothing like a real student's."""
    if not throughput.toy:
        return ""
    return (f"Caution: {rate_text(throughput.rate)} recipes/s is the throughput of the tiny {throughput.toy} offline demo model, a toy: "
            f"it says nothing about a real 1-8B student (the study's 7B student ran {STUDY_RATE} recipes/s on one L40). "
            "Measure a real student, or type its throughput.")


def study_footnote() -> str:
    """The study's figures, computed from the same constants as the page's and the CLI's defaults."""
    corpus, (tin, tout) = STUDY_CORPUS, STUDY_TOKENS
    teachers = " and ".join(f"{name} {'would have cost ' if i == 0 else ''}{dollars(corpus * (tin * pin + tout * pout) / 1e6)}"
                            for i, (name, (pin, pout)) in enumerate(STUDY_PRICES_2023.items()))
    dph = prices.hourly(STUDY_MACHINE).dollars
    student = corpus / STUDY_RATE / 3600 * dph
    return (f"The original study (2023): {corpus:,} recipes, {tin:g} input and {tout:g} output tokens per recipe on average. "
            f"{teachers} at 2023 prices; the fine-tuned Llama-2-7B ran on vLLM on one L40 (${dph:g}/h) "
            f"in {STUDY_HOURS:g} h, {STUDY_RATE} recipes/s, {dollars(student)} in all.")


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


def dollars_per_recipe(x: float) -> str:
    """A small dollar figure with three significant digits, without an exponent ($0.0108, $0.00000836)."""
    if x <= 0:
        return "$0"
    decimals = max(2, 2 - math.floor(math.log10(x)))
    return f"${x:,.{decimals}f}"


def times_text(x: float | None) -> str:
    """How many times the student's cost: 1,233, 7.6, 1 ("-" when the student costs nothing)."""
    if not x:
        return "-"
    return f"{x:,.0f}" if x >= 10 else f"{x:.2g}"


def rate_text(rate: float) -> str:
    """Recipes/s as the page's field holds it: at most two decimals, no trailing zeros (36.15, 226.2)."""
    return f"{rate:,.2f}".rstrip("0").rstrip(".")


def table_rows(result: dict) -> list[dict]:
    """The table as the CLI prints it and the app shows it, one dict of text per row."""
    return [{"model": r["model"], "$ per recipe": dollars_per_recipe(r["dollars_per_recipe"]),
             "$ for the corpus": dollars(r["corpus_dollars"]), "× the student": times_text(r["times_student"]),
             "basis": r["basis"]} for r in result["rows"]]


def aligned(values: list[str], widths: list[int]) -> str:
    """One line of the CLI's table: the first column left-aligned, the figures right-aligned, the basis last."""
    *figures, basis = values
    return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(figures, widths))) + "  " + basis


def format_table(result: dict) -> str:
    """The CLI's text: the headline (and caution), the table, the student's hours and the study's footnote."""
    rows = table_rows(result)
    names = list(rows[0])
    widths = [max(len(n), *(len(r[n]) for r in rows)) for n in names]
    lines = [result["headline"]] + ([result["caution"]] if result["caution"] else []) + [""]
    lines += [aligned(values, widths) for values in [names] + [[r[n] for n in names] for r in rows]]
    lines.append(f"\nstudent: {result['rows'][0]['hours']:,.1f} h for the corpus")
    lines.append(result["footnote"])
    return "\n".join(lines)
