"""costs: what it costs to label a corpus with each teacher, and with the student.

A teacher costs its tokens: (input tokens × input price + output tokens × output price) per recipe,
from the dated price table in pipeline/prices.py. The student costs its machine's time: corpus ÷
throughput × $/h. The throughput is measured (classify the sample with `--adapter`) or given
(`--student-rate`); without either, it is the original study's (vLLM on one L40: 2,147,248 recipes in
16.5 h, 36.15 recipes/s).

A cascade (the student on every recipe, then a share of them to the teacher) costs the student's time plus
that share of the teacher's price (`--teacher-share`, `--cascade-teacher`). `study_table` sets the original
study's figures beside ours, row by row (labeling, training, the corpus, the cascade, GPT-4 and GPT-3.5 on
every recipe), each study figure computed from the study's own inputs (`--study`).

`run` computes the whole table (rows, headline, caution, footnote, and with `study` the study's table) and
`table_rows` formats it; the CLI (`python -m pipeline costs`) and the app's Costs tab both show exactly
these, so for the same inputs they show the same figures.
"""

from __future__ import annotations

import json
import math
import textwrap
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pipeline import calibration, prices, sample
from pipeline.errors import UserError
from pipeline.models import adapter_task, resolve_base
from pipeline.student import LocalStudent

TEACHERS = ["gpt-4", "gpt-4-turbo", "gpt-4o", "gpt-4o-mini", "gpt-3.5-turbo"]
STUDY_CORPUS = 2_147_248
STUDY_HOURS = 16.5  # the study's run over the corpus, on one L40
STUDY_MACHINE = "l40"
STUDY_RATE = round(STUDY_CORPUS / (STUDY_HOURS * 3600), 2)  # 36.15 recipes/s, the figure the app's field shows
STUDY_TOKENS = (276.0, 42.0)  # input, output tokens per recipe on average
STUDY_PRICES_2023 = {"GPT-4": (30.0, 60.0), "GPT-3.5": (1.5, 1.6)}  # $ per 1M tokens in/out, as the study computed them
STUDY_MODELS = {"GPT-4": "gpt-4", "GPT-3.5": "gpt-3.5-turbo"}  # the study's teachers as the price table names them
STUDY_LABEL_ROWS = 5_000  # recipes the study labeled with GPT-4 to train its student
STUDY_LABEL_STATED = "about $40"  # what the study says labeling them cost (a round figure; see labeling_row)
HEADLINE_TEACHER = "gpt-4"  # the teacher the headline compares the student with
STUDY_COLUMNS = ("item", "the study (2023)", "ours (these inputs)", "how computed")


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
    teacher_share: float = field(default=0.0, metadata={
        "help": "share of recipes (0 to 1) the cascade sends on to --cascade-teacher; above 0 adds a 'student + cascade' row"})
    cascade_teacher: str = field(default=HEADLINE_TEACHER, metadata={
        "help": "the teacher the cascade sends its share to (and, with --study, the one that labels the training rows)"})
    target_agreement: float = field(default=0.0, metadata={
        "help": "take the cascade's share from --adapter's calibration at this agreement with the teacher (instead of --teacher-share)"})
    failure_probability: float = field(default=0.05, metadata={"help": "with --target-agreement: the guarantee's failure probability"})
    study: bool = field(default=False, metadata={"help": "also show the original study's figures beside ours, row by row"})
    label_rows: int = field(default=STUDY_LABEL_ROWS, metadata={"help": "with --study: rows the teacher labels to train the student"})
    train_hours: float = field(default=0.0, metadata={"help": "with --study: hours the student's training took (0: not given, as in the study)"})
    train_hardware: str = field(default="", metadata={"help": "with --study: the training machine, for its $/h (default: the student's)"})
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


def teacher_price(model: str, config: CostsConfig, overrides: dict | None = None) -> prices.Price:
    """The teacher's price: the page's edited prices, else --prices, else the dated table; a UserError when unknown."""
    found = prices.lookup(model, overrides or config.prices or None)
    if found is None:
        raise UserError(f"no price known for teacher {model!r}; add it to a price file and pass --prices FILE")
    return found


def per_recipe_dollars(input_tokens: float, output_tokens: float, price_in: float, price_out: float) -> float:
    """One recipe's teacher cost: its tokens at $ per 1M tokens in and out."""
    return (input_tokens * price_in + output_tokens * price_out) / 1_000_000


def teacher_row(model: str, config: CostsConfig, overrides: dict | None = None) -> dict:
    found = teacher_price(model, config, overrides)
    per_recipe = per_recipe_dollars(config.input_tokens, config.output_tokens, found.input, found.output)
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


def cascade_name(config: CostsConfig) -> str:
    return f"student + cascade (share {share_text(config.teacher_share)} to {config.cascade_teacher})"


def cascade_row(student: dict, config: CostsConfig, overrides: dict | None = None) -> dict:
    """The student on every recipe, then config.teacher_share of them to the cascade's teacher."""
    teacher = teacher_row(config.cascade_teacher, config, overrides)
    per_recipe = student["dollars_per_recipe"] + config.teacher_share * teacher["dollars_per_recipe"]
    return {"model": cascade_name(config), "kind": "cascade", "dollars_per_recipe": per_recipe, "corpus_dollars": per_recipe * config.corpus,
            "hours": student["hours"], "source": teacher["source"],
            "basis": (f"the student on every recipe, then {share_text(config.teacher_share)} of them to {config.cascade_teacher} "
                      f"at {dollars_per_recipe(teacher['dollars_per_recipe'])} each")}


def share_text(share: float) -> str:
    """A share as a percentage without trailing zeros: 0.1 → 10%, 0.037 → 3.7%."""
    return f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%"


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
    if not 0 <= config.teacher_share <= 1:
        raise UserError(f"--teacher-share must be from 0 to 1 (the share of recipes the cascade sends to the teacher), got {config.teacher_share:g}")
    if config.label_rows < 0 or config.train_hours < 0:
        raise UserError("--label-rows and --train-hours cannot be negative")


def share_at_target(config: CostsConfig) -> float:
    """The share of recipes the cascade sends to the teacher at --target-agreement, from --adapter's calibration."""
    if not config.adapter:
        raise UserError("--target-agreement needs --adapter: the calibrated student whose calibration rows give the share")
    found = calibration.find(config.adapter, adapter_task(config.adapter))
    if found is None:
        raise UserError(f"{config.adapter} has no calibration.json; run `python -m pipeline calibrate --adapter {config.adapter} "
                        "--input AUDIT` or pass --teacher-share")
    choice = calibration.choose_threshold(found.score_rows(), config.target_agreement, config.failure_probability)
    if choice.teacher_share >= 1:
        raise UserError(calibration.cannot_meet(found.score_rows(), config.target_agreement, config.failure_probability, found.source))
    return round(choice.teacher_share, 4)


def run(config: CostsConfig, overrides: dict | None = None, measured: Throughput | None = None) -> dict:
    """The cost table: rows (the student first), headline, caution and footnote. `overrides` maps model →
    (input, output) $ per 1M tokens (the app's edited prices); `measured` is a throughput measured before
    (the app's Measure button), used when config.student_rate is its rate."""
    if config.target_agreement:
        config = replace(config, teacher_share=share_at_target(config))
    check(config)
    throughput = throughput_of(config, measured)
    student = student_row(throughput, config)
    cascade = [cascade_row(student, config, overrides)] if config.teacher_share > 0 else []
    rows = [student] + cascade + [teacher_row(m, config, overrides) for m in config.teachers]
    for row in rows:
        row["times_student"] = (row["corpus_dollars"] / student["corpus_dollars"]) if student["corpus_dollars"] else None
    result = {"corpus": config.corpus, "input_tokens": config.input_tokens, "output_tokens": config.output_tokens,
              "rows": rows, "throughput": asdict(throughput), "headline": headline(rows, config.corpus),
              "caution": caution(throughput), "footnote": study_footnote()}
    if config.study:
        result["study"], result["study_heading"] = study_table(config, overrides, throughput), study_heading(config)
    if config.out:
        out = Path(config.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "costs.json").write_text(json.dumps(result, indent=1))
        result["written"] = str(out / "costs.json")
    return result


def headline(rows: list[dict], corpus: int) -> str:
    """One line: what the student costs for the corpus, against GPT-4 (or the first teacher priced), and the
    cascade's cost when there is one."""
    student, teachers = rows[0], [r for r in rows if r["kind"] == "teacher"]
    line = f"The student: {dollars(student['corpus_dollars'])} for {corpus:,} recipes ({student['hours']:,.1f} h)"
    cascade = "".join(f" {r['model'][0].upper()}{r['model'][1:]}: {dollars(r['corpus_dollars'])}." for r in rows if r["kind"] == "cascade")
    if not teachers:
        return line + "." + cascade
    ref = next((r for r in teachers if r["model"] == HEADLINE_TEACHER), teachers[0])
    times = ref["times_student"]
    if times is None:
        return line + f", against {dollars(ref['corpus_dollars'])} with {ref['model']}." + cascade
    if times >= 1:
        return line + f", {times_text(times)}× cheaper than {ref['model']} ({dollars(ref['corpus_dollars'])})." + cascade
    return line + f", {times_text(1 / times)}× dearer than {ref['model']} ({dollars(ref['corpus_dollars'])})." + cascade


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


def study_table(config: CostsConfig, overrides: dict | None = None, throughput: Throughput | None = None) -> list[dict]:
    """The original study's figures beside ours, row by row (dicts of text keyed by STUDY_COLUMNS): labeling the
    training rows, training, the student on the corpus, the cascade, and GPT-4 and GPT-3.5 on every recipe.
    The study's figures are computed from its own inputs (the study* constants); ours from `config` (and the
    page's edited prices, `overrides`), so with the defaults ours equals the study's wherever the inputs are the
    study's. The CLI (`costs --study`) and the app's Costs tab show exactly these rows."""
    student = student_row(throughput or throughput_of(config), config)
    cascade = [cascade_study_row(student, config, overrides)] if config.teacher_share > 0 else []  # only for a share (or target) given
    return [labeling_row(config, overrides), training_row(config), corpus_row(student, config),
            *cascade, *(baseline_row(name, config, overrides) for name in STUDY_PRICES_2023)]


def study_row(item: str, study: str, ours: str, how: str) -> dict:
    return dict(zip(STUDY_COLUMNS, (item, study, ours, how)))


def study_teacher_dollars(recipes: int, name: str = "GPT-4", tokens: tuple[float, float] = STUDY_TOKENS) -> float:
    """What `recipes` cost with the study's teacher `name` at its 2023 prices and the study's average tokens."""
    return recipes * per_recipe_dollars(*tokens, *STUDY_PRICES_2023[name])


def labeling_row(config: CostsConfig, overrides: dict | None) -> dict:
    """Labeling the training rows with the teacher. The study says "about $40" for 5,000 recipes with GPT-4,
    which its own averages do not give: 5,000 × (276 × $0.03 + 42 × $0.06) / 1K = $54.00. Only its input
    tokens (5,000 × 276 × $0.03 / 1K = $41.40) come near it, and the answers were not free, so the $40 is a
    round figure, not its arithmetic."""
    price = teacher_price(config.cascade_teacher, config, overrides)
    ours = config.label_rows * per_recipe_dollars(config.input_tokens, config.output_tokens, price.input, price.output)
    (tin, tout), (pin, pout) = STUDY_TOKENS, STUDY_PRICES_2023["GPT-4"]
    by_averages = study_teacher_dollars(STUDY_LABEL_ROWS)
    input_only = study_teacher_dollars(STUDY_LABEL_ROWS, tokens=(tin, 0.0))
    return study_row(f"labeling with {config.cascade_teacher}", f"{STUDY_LABEL_STATED} ({STUDY_LABEL_ROWS:,} rows)",
                     f"{dollars(ours)} ({config.label_rows:,} rows)",
                     f"rows × tokens × price. The study's \"{STUDY_LABEL_STATED}\" does not follow from its own averages: "
                     f"{STUDY_LABEL_ROWS:,} × ({tin:g} × ${pin / 1000:g} + {tout:g} × ${pout / 1000:g}) / 1K = {dollars(by_averages)} "
                     f"(its input tokens alone: {dollars(input_only)})")


def training_machine(config: CostsConfig) -> tuple[float, str]:
    """(the training machine's $/h, the machine in words): --train-hardware, else the student's machine."""
    if config.train_hardware:
        hw = prices.hourly(config.train_hardware)
        return hw.dollars, f"{config.train_hardware.strip().lower()} at ${hw.dollars:g}/h"
    dph, _, machine = machine_price(config)
    return dph, machine


def training_row(config: CostsConfig) -> dict:
    """Training the student: hours × the training machine's $/h. The study gives no training time."""
    dph, machine = training_machine(config)
    ours = f"{dollars(config.train_hours * dph)} ({config.train_hours:g} h, {machine})" if config.train_hours else "not given"
    return study_row("training the student", "not given", ours,
                     "--train-hours × the training machine's $/h; the study reports no training time")


def corpus_row(student: dict, config: CostsConfig) -> dict:
    """The student classifying the corpus: the study's 16.5 h on one L40, ours from the throughput and $/h."""
    dph = prices.hourly(STUDY_MACHINE).dollars
    _, _, machine = machine_price(config)
    return study_row("the student on the corpus", f"{dollars(STUDY_HOURS * dph)} ({STUDY_HOURS:g} h, one L40 at ${dph:g}/h)",
                     f"{dollars(student['corpus_dollars'])} ({student['hours']:,.1f} h, {machine})",
                     f"recipes ÷ {rate_text(student['recipes_per_second'])} recipes/s ÷ 3600 × $/h, to the cent as the study "
                     f"(its {STUDY_RATE} recipes/s = {STUDY_CORPUS:,} recipes in {STUDY_HOURS:g} h)")


def cascade_study_row(student: dict, config: CostsConfig, overrides: dict | None) -> dict:
    """The cascade at the chosen share: the student's corpus cost plus that share of the corpus at the teacher's price."""
    cascade = cascade_row(student, config, overrides)
    teacher = teacher_row(config.cascade_teacher, config, overrides)
    return study_row(cascade["model"], "no cascade", dollars(cascade["corpus_dollars"]),
                     f"the student's {dollars(student['corpus_dollars'])} + {share_text(config.teacher_share)} × recipes × "
                     f"{dollars_per_recipe(teacher['dollars_per_recipe'])} ({config.cascade_teacher} per recipe)")


def baseline_row(name: str, config: CostsConfig, overrides: dict | None) -> dict:
    """A teacher on every recipe: the study's 2023 price and averages, against ours at today's (or the page's) price."""
    model = STUDY_MODELS[name]
    price = teacher_price(model, config, overrides)
    ours = config.corpus * per_recipe_dollars(config.input_tokens, config.output_tokens, price.input, price.output)
    (tin, tout), (pin, pout) = STUDY_TOKENS, STUDY_PRICES_2023[name]
    return study_row(f"{name} on every recipe", dollars(study_teacher_dollars(STUDY_CORPUS, name)), f"{dollars(ours)} ({model})",
                     f"{STUDY_CORPUS:,} × ({tin:g} × ${pin / 1000:g} + {tout:g} × ${pout / 1000:g}) / 1K at 2023 prices, "
                     f"the study rounds to the dollar; ours at ${price.input:g}/${price.output:g} per 1M")


def study_heading(config: CostsConfig) -> str:
    """The line above the study's table: the inputs of each side."""
    return (f"The original study (2023) beside ours: {STUDY_CORPUS:,} recipes, {STUDY_TOKENS[0]:g} in and {STUDY_TOKENS[1]:g} out tokens "
            f"per recipe; ours: {config.corpus:,} recipes, {config.input_tokens:g} in and {config.output_tokens:g} out, at the prices in use.")


WIDTH = 100  # the CLI's text fits a terminal of this many columns


def wrap(text: str, width: int = WIDTH, **kwargs) -> list[str]:
    """textwrap.wrap keeping flags and figures whole (no break at a hyphen or inside a word)."""
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False, **kwargs)

STUDY_LABELS = {"the study (2023)": "the study:", "ours (these inputs)": "ours:", "how computed": "how:"}


def format_study(heading: str, rows: list[dict], width: int = WIDTH) -> str:
    """The CLI's study table in `width` columns: each item on a line of its own, then the study's figure, ours and
    how each is computed, indented under it (the last wrapped)."""
    pad = 4 + max(len(label) for label in STUDY_LABELS.values()) + 1
    lines = wrap(heading, width)
    for row in rows:
        lines += ["", row["item"]]
        for column, label in STUDY_LABELS.items():
            lines += wrap(row[column], width, initial_indent=f"    {label}".ljust(pad), subsequent_indent=" " * pad)
    return "\n".join(lines)


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


def aligned(values: list[str], widths: list[int], right: bool = True) -> str:
    """One line of the CLI's table: the first column left-aligned, the figures right-aligned (or left with
    right=False), the basis last."""
    *figures, basis = values
    return "  ".join(v.ljust(w) if i == 0 or not right else v.rjust(w) for i, (v, w) in enumerate(zip(figures, widths))) + "  " + basis


def format_table(result: dict) -> str:
    """The CLI's text: the headline (and caution), the table, the student's hours and the study's footnote."""
    rows = table_rows(result)
    names = list(rows[0])
    widths = [max(len(n), *(len(r[n]) for r in rows)) for n in names]
    lines = [*wrap(result["headline"], WIDTH), *(wrap(result["caution"], WIDTH) if result["caution"] else []), ""]
    for values in [names] + [[r[n] for n in names] for r in rows]:
        line = aligned(values, widths)
        if len(line) <= WIDTH:
            lines.append(line)
        else:  # the basis under the figures
            lines.append(aligned([*values[:-1], ""], widths).rstrip())
            lines += wrap(values[-1], WIDTH, initial_indent=" " * 6, subsequent_indent=" " * 6)
    lines.append(f"\nstudent: {result['rows'][0]['hours']:,.1f} h for the corpus")
    lines.append("\n" + format_study(result["study_heading"], result["study"]) if result.get("study") else "\n".join(wrap(result["footnote"], WIDTH)))
    return "\n".join(lines)
