"""cascade: send the rows the student is unsure of to the teacher, at an agreement the user chooses.

`classify` and `batch` take `--cascade-teacher MODEL` with `--target-agreement A` and
`--failure-probability D` (or a fixed `--threshold T`). A row whose least confident field (calibrated) is
below the threshold goes to the teacher; the others keep the student's answer. The threshold comes from the
calibration rows stored with the adapter (pipeline.calibration: a Hoeffding–Bentkus bound, chosen the
risk-controlling way), so the combined output's agreement with the teacher is at least A with probability
at least 1 − D on rows like those. When no threshold short of "everything to the teacher" can be certified,
the cascade refuses and says how many more audit rows would do.

Every row says who answered (`answered_by`: student or teacher) and keeps the student's labels
(`student_labels`) and confidence. Teacher calls go through label's client: concurrent, cached on disk as
each finishes (a killed run asks no finished call again), costed. A teacher that fails on a row leaves that
row without labels and with the teacher's error: never silently the student's answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pipeline import calibration as cal
from pipeline import label, prices
from pipeline.errors import UserError

log = logging.getLogger("understudy.cascade")


@dataclass
class CascadeSpec:
    """The cascade's settings, shared by classify and batch."""

    cascade_teacher: str = field(default="", metadata={"help": "send the rows the student is unsure of to this teacher model (e.g. gpt-4); '' = no cascade"})
    target_agreement: float = field(default=0.98, metadata={"help": "the cascade: agreement with the teacher to guarantee (from the adapter's calibration rows)"})
    failure_probability: float = field(default=0.05, metadata={"help": "the cascade: the chance the guarantee may fail"})
    threshold: float = field(default=-1.0, metadata={"help": "the cascade: send rows whose least confident field is below this (overrides --target-agreement; no guarantee)"})
    teacher_base_url: str = field(default="", metadata={"help": "the cascade teacher's OpenAI-compatible base URL ('' = OpenAI's own)"})
    teacher_style: str = field(default="tools", metadata={"help": "the cascade teacher's answer style: tools or json_schema (as `label --style`)"})
    teacher_concurrency: int = field(default=16, metadata={"help": "the cascade: teacher requests in flight at once"})
    teacher_max_retries: int = field(default=6, metadata={"help": "the cascade: retries of a teacher call after 429, 5xx, timeouts or dropped connections"})
    teacher_cache: str = field(default="data/teacher_cache.sqlite", metadata={"help": "the cascade: SQLite cache of teacher answers (shared with `label`)"})
    prices: str = field(default="", metadata={"help": "YAML/JSON price file overriding the built-in table"})


def decide_threshold(spec: CascadeSpec, calibration: cal.Calibration | None) -> cal.Choice:
    """The threshold: the one given, or the lowest the calibration rows certify for the target."""
    if spec.threshold >= 0:
        if spec.threshold > 1:
            raise UserError(f"--threshold is a confidence between 0 and 1, got {spec.threshold}")
        if calibration is None:
            return cal.Choice(threshold=spec.threshold, teacher_share=float("nan"), agreement=float("nan"), agreement_bound=None, rows=0)
        return cal.at_threshold(calibration.score_rows(), spec.threshold)
    cal.check_target(spec.target_agreement, spec.failure_probability)
    if calibration is None:
        raise UserError("the cascade needs the student's calibration to pick its threshold: label an audit sample "
                        "(`python -m pipeline label --sample 500`), run `python -m pipeline calibrate` on it, or pass --threshold T")
    rows = calibration.score_rows()
    choice = cal.choose_threshold(rows, spec.target_agreement, spec.failure_probability)
    if choice.teacher_share >= 1:
        raise UserError(cal.cannot_meet(rows, spec.target_agreement, spec.failure_probability, calibration.source or "the calibration"))
    return choice


class Cascade:
    """The threshold, the teacher's client and its cache, for one run."""

    def __init__(self, spec: CascadeSpec, student, key: str | None = None, public_only: bool = False):
        self.spec, self.task = spec, student.task
        self.choice = decide_threshold(spec, getattr(student, "calibration", None))
        self.config = label.LabelConfig(model=spec.cascade_teacher, base_url=spec.teacher_base_url, style=spec.teacher_style,
                                        concurrency=spec.teacher_concurrency, cache=spec.teacher_cache, prices=spec.prices,
                                        max_retries=spec.teacher_max_retries,
                                        task=self.task.name, progress=False)
        label.check(self.config)
        if spec.teacher_concurrency < 1:
            raise UserError(f"--teacher-concurrency must be at least 1, got {spec.teacher_concurrency}")
        self.teacher = label.Teacher(self.config, self.task, key or label.api_key(spec.teacher_base_url),
                                     prices.price(spec.cascade_teacher, spec.prices or None), public_only=public_only)
        self.spent = {"prompt_tokens": 0, "completion_tokens": 0, "dollars": 0.0}
        self.counts = {"student": 0, "teacher": 0, "teacher_failed": 0, "from_cache": 0}

    def identity(self) -> dict:
        """What decides the cascade's answers, for batch's manifest."""
        return {"teacher": self.spec.cascade_teacher, "teacher_base_url": self.spec.teacher_base_url, "style": self.spec.teacher_style,
                "threshold": self.choice.threshold}

    def describe(self) -> str:
        return f"cascade to {self.spec.cascade_teacher}: {self.choice.describe()}"

    def to_teacher(self, result: dict) -> bool:
        return cal.row_score(result.get("confidence"), result.get("labels")) < self.choice.threshold

    def answer(self, texts: list[str], results: list[dict]) -> list[dict]:
        """The rows below the threshold answered by the teacher; every row marked with who answered."""
        routed = [i for i, r in enumerate(results) if self.to_teacher(r) and isinstance(texts[i], str) and texts[i].strip()]
        answers = self.ask([texts[i] for i in routed])
        out = []
        for i, r in enumerate(results):
            row = {**r, "student_labels": r.get("labels"), "answered_by": "student"}
            out.append(row)
        for i, a in zip(routed, answers):
            row = out[i]
            row["answered_by"] = "teacher"
            problem = a.get("error") or a.get("invalid")
            if problem:
                row.update(labels=None, error=f"teacher ({self.spec.cascade_teacher}): {problem}")
                self.counts["teacher_failed"] += 1
            else:
                row.update(labels=a["labels"], error=None)
        self.counts["teacher"] += len(routed)
        self.counts["student"] += len(results) - len(routed)
        return out

    def ask(self, texts: list[str]) -> list[dict]:
        """The teacher's answers, from the cache or asked concurrently, each committed to the cache as it comes."""
        cache = label.Cache(self.config.cache)
        try:
            keys = [label.cache_key(self.config.model, self.config.base_url, self.config.style, self.task, t) for t in texts]
            answers: dict[str, dict] = {}
            for k in keys:
                hit = cache.get(k)
                if hit is not None and k not in answers:
                    answers[k] = hit
                    self.counts["from_cache"] += 1
            todo = {k: t for k, t in zip(keys, texts) if k not in answers}

            def record(k: str, answer: dict) -> None:
                for name in self.spent:
                    self.spent[name] += answer.get(name, 0)
                answers[k] = answer

            label.ask_all(self.teacher, cache, todo, record)
            return [answers[k] for k in keys]
        finally:
            cache.close()

    def summary(self, rows: int) -> dict:
        share = self.counts["teacher"] / rows if rows else 0.0
        out = {"teacher": self.spec.cascade_teacher, "threshold": self.choice.threshold, "answered_by_student": self.counts["student"],
               "answered_by_teacher": self.counts["teacher"], "teacher_failed": self.counts["teacher_failed"],
               "teacher_share": round(share, 4), "predicted_teacher_share": None if self.choice.teacher_share != self.choice.teacher_share
               else round(self.choice.teacher_share, 4), "teacher_from_cache": self.counts["from_cache"],
               "teacher_dollars": round(self.spent["dollars"], 6), "teacher_prompt_tokens": self.spent["prompt_tokens"],
               "teacher_completion_tokens": self.spent["completion_tokens"], "guarantee": self.choice.describe()}
        if self.choice.target is not None:
            out.update(target_agreement=self.choice.target, failure_probability=self.choice.failure_probability,
                       predicted_agreement=round(self.choice.agreement, 4), agreement_bound=round(self.choice.agreement_bound, 4))
        return out

    def failure_line(self) -> str | None:
        n = self.counts["teacher_failed"]
        if not n:
            return None
        return (f"the teacher failed on {n} of the {self.counts['teacher']} rows sent to it: those rows have no labels and the teacher's "
                "error; run the same command again to ask it again (answers already given come from the cache)")
