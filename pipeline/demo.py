"""demo: the whole pipeline offline on a CPU, in one command.

sample → base → prepare → train → classify → evaluate, each stage the same `run(config)` the CLI
calls. Leaves DIR/report.json, DIR/report.md and the adapter in DIR/adapter. The training settings
here suit the tiny offline base model (a high learning rate, few epochs); the train stage's own
defaults are the original study's settings for real models.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import base, classify, evaluate, prepare, sample, train


@dataclass
class DemoConfig:
    out: str = field(default="demo", metadata={"help": "folder for every stage's output"})
    n: int = field(default=4000, metadata={"help": "recipes to generate (10% are held out for the test)"})
    seed: int = field(default=0, metadata={"help": "seed for the sample and the split"})
    base_steps: int = field(default=900, metadata={"help": "pretraining steps of the tiny base model"})
    epochs: float = field(default=4.0, metadata={"help": "LoRA training epochs"})
    learning_rate: float = field(default=5e-3, metadata={"help": "LoRA learning rate (high: the base model is tiny)"})
    lora_r: int = field(default=16, metadata={"help": "LoRA rank"})
    lora_alpha: int = field(default=32, metadata={"help": "LoRA alpha"})
    batch_size: int = field(default=16, metadata={"help": "training batch size"})
    rebuild_base: bool = field(default=False, metadata={"help": "rebuild the base model even if DIR/base exists"})


# share of the whole run each stage takes (measured on a 2-core CPU), for one progress bar over all six
WEIGHTS = {1: 0.005, 2: 0.24, 3: 0.01, 4: 0.70, 5: 0.03, 6: 0.015}


class _Progress:
    """Tells `report(fraction, message)` how far the whole demo is; prints each stage's heading."""

    def __init__(self, report: Callable[[float, str], None] | None):
        self.report, self.number, self.name = report, 0, ""

    def stage(self, name: str, number: int) -> float:
        print(f"\n[{number}/6] {name}", flush=True)
        self.number, self.name = number, name
        self.within(0.0)
        return time.perf_counter()

    def within(self, fraction: float) -> None:
        if self.report:
            done = sum(w for n, w in WEIGHTS.items() if n < self.number) + WEIGHTS[self.number] * min(fraction, 1.0)
            self.report(min(done, 1.0), f"[{self.number}/6] {self.name}")


def run(config: DemoConfig, progress: Callable[[float, str], None] | None = None) -> dict:
    """Every stage in turn; `progress(fraction, message)` follows the whole run (the app's bar)."""
    out = Path(config.out)
    timings = {}
    p = _Progress(progress)
    _stage = p.stage

    t = _stage("sample: generating labeled recipes", 1)
    sampled = sample.run(sample.SampleConfig(out=str(out / "sample"), n=config.n, seed=config.seed))
    timings["sample"] = time.perf_counter() - t

    t = _stage("base: the tiny offline base model", 2)
    if config.rebuild_base or not (out / "base" / "config.json").exists():
        built = base.run(base.BaseConfig(out=str(out / "base"), steps=config.base_steps),
                         on_step=lambda done, total: p.within(done / total))
        print(f"built {built['parameters'] / 1e6:.1f}M parameters in {built['seconds']} s, final loss {built['final_loss']}")
    else:
        print(f"reusing {out / 'base'} (pass --rebuild-base to build it again)")
    timings["base"] = time.perf_counter() - t

    t = _stage("prepare: train/test split in chat format", 3)
    prepared = prepare.run(prepare.PrepareConfig(input=sampled["labeled"], out=str(out / "prepared"), seed=config.seed))
    print(f"{prepared['train']} train, {prepared['test']} test")
    timings["prepare"] = time.perf_counter() - t

    t = _stage("train: LoRA adapter with TRL's SFTTrainer", 4)
    trained = train.run(train.TrainConfig(
        dataset=prepared["dataset"], out=str(out / "adapter"), base_model=str(out / "base"),
        epochs=config.epochs, learning_rate=config.learning_rate, lora_r=config.lora_r,
        lora_alpha=config.lora_alpha, lora_dropout=0.0, batch_size=config.batch_size, warmup_ratio=0.05,
    ), on_log=lambda entry: p.within(entry["step"] / max(entry["max_steps"], 1)))
    print(f"{trained['steps']} steps in {trained['seconds']} s, final loss {trained['final_loss']}")
    timings["train"] = time.perf_counter() - t

    t = _stage("classify: the held-out split with the student", 5)
    predicted = classify.run(classify.ClassifyConfig(
        input=str(out / "prepared" / "test.jsonl"), adapter=str(out / "adapter"), out=str(out / "predictions.jsonl"),
    ))
    print(f"{predicted['n']} recipes at {predicted['texts_per_second']} recipes/s")
    timings["classify"] = time.perf_counter() - t

    t = _stage("evaluate: agreement with the labels", 6)
    report = evaluate.run(evaluate.EvaluateConfig(
        predictions=[f"student={out / 'predictions.jsonl'}"], reference=str(out / "prepared" / "test.jsonl"),
        out=str(out), adapter=str(out / "adapter"),
    ))
    timings["evaluate"] = time.perf_counter() - t
    timings = {k: round(v, 1) for k, v in timings.items()}
    if progress:
        progress(1.0, "done")
    (out / "timings.json").write_text(json.dumps(timings, indent=1))
    print("\n" + evaluate.format_table(report))
    print(f"\nseconds per stage: {timings} (total {sum(timings.values()):.0f} s)")
    print(f"report: {out / 'report.json'}  adapter: {out / 'adapter'}")
    return {"report": str(out / "report.json"), "adapter": str(out / "adapter"), "mean_agreement": report["mean_agreement"], "timings": timings}
