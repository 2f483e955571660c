"""train: a LoRA adapter on a base model with TRL's SFTTrainer and PEFT.

The prepared chat rows become prompt-completion pairs (system + user → assistant), so the loss is on
the answer only and any chat template works. Defaults are the original study's values for real models
(r=32, alpha=16, dropout 0.05 on all linear layers, lr 2e-4, cosine, 5 epochs); `--quantization 4bit`
gives QLoRA (bitsandbytes NF4, bf16 compute) on a CUDA GPU. The adapter folder gets the adapter, the
tokenizer, losses.jsonl (written as training goes, so a crash keeps it), training.json, task.json and
a model card; training.json and the card name the base model and the dataset by Hub id or folder name,
never by the machine's paths (adapter_config.json keeps the base model's path: loading needs it).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.base import CHAT_TEMPLATE, DEFAULT_BASE, ensure_base
from pipeline.errors import UserError
from pipeline.task import Task, load_task


@dataclass
class TrainConfig:
    dataset: str = field(default="data/prepared/dataset", metadata={"help": "prepared DatasetDict folder (from prepare)"})
    out: str = field(default="data/adapter", metadata={"help": "adapter output folder"})
    base_model: str = field(default=DEFAULT_BASE, metadata={"help": "Hub model id or local folder"})
    task: str = field(default="recipes", metadata={"help": "built-in task name or task YAML file"})
    lora_r: int = field(default=32, metadata={"help": "LoRA rank"})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA alpha"})
    lora_dropout: float = field(default=0.05, metadata={"help": "LoRA dropout"})
    target_modules: str = field(default="all-linear", metadata={"help": "modules to adapt: all-linear or a comma list"})
    epochs: float = field(default=5.0, metadata={"help": "passes over the training split"})
    max_steps: int = field(default=-1, metadata={"help": "stop after this many steps (-1: run all epochs)"})
    learning_rate: float = field(default=2e-4, metadata={"help": "peak learning rate"})
    lr_scheduler: str = field(default="cosine", metadata={"help": "learning-rate schedule"})
    warmup_ratio: float = field(default=0.03, metadata={"help": "share of steps spent warming up"})
    batch_size: int = field(default=8, metadata={"help": "examples per device step"})
    grad_accum: int = field(default=1, metadata={"help": "gradient accumulation steps"})
    max_length: int = field(default=1024, metadata={"help": "longer examples are cut to this many tokens"})
    quantization: str = field(default="none", metadata={"help": "none, 8bit or 4bit (QLoRA; needs CUDA)"})
    gradient_checkpointing: bool = field(default=False, metadata={"help": "trade compute for memory on large models"})
    seed: int = field(default=42, metadata={"help": "training seed"})
    on: str = field(default="local", metadata={"help": "where to train: local, or hf-jobs (a Hugging Face Job on a Hub GPU, QLoRA)"})
    flavor: str = field(default="", metadata={"help": "Hub GPU for --on hf-jobs (e.g. t4-small, l4x1, a10g-small, a100-large)"})
    push_to: str = field(default="", metadata={"help": "Hub repository user/name to push the adapter to after training (needed with --on hf-jobs)"})


def hub_access() -> dict:
    """from_pretrained's token for a Hub model: the visitor's own inside hub.acting_as (the app on a
    public Space), else nothing (huggingface_hub's own HF_TOKEN or saved token, as on the CLI)."""
    from pipeline import hub

    return {"token": hub.hub_token()} if hub.acting() else {}


def load_tokenizer(model_id: str):
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(model_id, **hub_access())
    except OSError as e:
        raise UserError(f"base model {model_id!r} is neither a local folder nor reachable on the Hub ({str(e).splitlines()[0][:160]})") from None
    if tokenizer.chat_template is None:  # plain base models (e.g. Llama-2-7b) ship none
        tokenizer.chat_template = CHAT_TEMPLATE.replace("<|end|>", "{{ eos_token }}")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def quantization_config(kind: str):
    import torch

    if kind == "none":
        return None
    if kind not in ("4bit", "8bit"):
        raise UserError(f"--quantization must be none, 4bit or 8bit, got {kind!r}")
    if not torch.cuda.is_available():
        raise UserError(f"--quantization {kind} needs a CUDA GPU; none is visible here. Use --quantization none on CPU")
    try:
        import bitsandbytes  # noqa: F401
    except ImportError:
        raise UserError(f"--quantization {kind} needs bitsandbytes: pip install bitsandbytes") from None
    from transformers import BitsAndBytesConfig

    if kind == "8bit":
        return BitsAndBytesConfig(load_in_8bit=True)
    return BitsAndBytesConfig(
        load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_use_double_quant=True
    )


def load_model(model_id: str, quantization: str = "none"):
    import torch
    from transformers import AutoModelForCausalLM

    cuda = torch.cuda.is_available()
    kwargs = {"dtype": torch.bfloat16 if cuda else torch.float32}
    qconfig = quantization_config(quantization)
    if qconfig is not None:
        kwargs["quantization_config"] = qconfig
    if cuda:
        kwargs["device_map"] = {"": 0}
        kwargs["attn_implementation"] = "sdpa"
    try:
        return AutoModelForCausalLM.from_pretrained(model_id, **kwargs, **hub_access())
    except OSError as e:
        raise UserError(f"base model {model_id!r} is neither a local folder nor reachable on the Hub ({str(e).splitlines()[0][:160]})") from None


def prompt_completion(dataset):
    """Chat rows → TRL's prompt-completion format: the loss falls on the assistant's answer only."""
    return dataset.map(
        lambda row: {"prompt": row["messages"][:-1], "completion": row["messages"][-1:]},
        remove_columns=dataset.column_names,
    )


def load_train_split(path: str):
    from datasets import load_from_disk

    if not Path(path).exists():
        raise UserError(f"prepared dataset not found: {path}; run `python -m pipeline prepare` first")
    try:
        data = load_from_disk(path)
    except Exception as e:
        raise UserError(f"{path}: not a prepared dataset ({str(e).splitlines()[0][:160]})") from None
    if "train" not in data or "messages" not in data["train"].column_names:
        raise UserError(f"{path}: expected a DatasetDict with a train split and a messages column (from prepare)")
    return data["train"]


def loss_text(entry: dict) -> str:
    """One logged loss as a line of the training log (the app's, and a Job's as the CLI prints it)."""
    return f"step {entry['step']}/{entry.get('max_steps', '?')}  loss {entry['loss']:.4f}  epoch {entry.get('epoch', 0):.2f}"


class LossLog:
    """A TrainerCallback that appends each logged loss to losses.jsonl, shows one progress bar with the
    loss, hands each entry to `on_log`, and stops training when `stop` is set."""

    def __init__(self, path: Path, on_log: Callable | None, stop: threading.Event | None):
        from tqdm.auto import tqdm
        from transformers import TrainerCallback

        outer = self

        class _Callback(TrainerCallback):
            def on_train_begin(self, args, state, control, **kwargs):
                outer.bar = tqdm(total=state.max_steps, desc="training", unit="step")

            def on_train_end(self, args, state, control, **kwargs):
                outer.bar.close()

            def on_log(self, args, state, control, logs=None, **kwargs):
                if logs and "loss" in logs:
                    entry = {"step": state.global_step, "max_steps": state.max_steps, "loss": round(float(logs["loss"]), 5),
                             "learning_rate": logs.get("learning_rate"), "epoch": round(state.epoch or 0, 3)}
                    with outer.path.open("a") as f:
                        f.write(json.dumps(entry) + "\n")
                    outer.losses.append(entry)
                    outer.bar.set_postfix(loss=f"{entry['loss']:.4f}")
                    if outer.on_log:
                        outer.on_log(entry)
                self.on_step_end(args, state, control)

            def on_step_end(self, args, state, control, **kwargs):
                outer.bar.update(state.global_step - outer.bar.n)
                if outer.stop is not None and outer.stop.is_set():  # checked after each step and each log
                    control.should_training_stop = True
                    outer.cancelled = True

        self.path, self.on_log, self.stop = path, on_log, stop
        self.losses: list[dict] = []
        self.cancelled = False
        self.callback = _Callback()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")


def sft_config(config: TrainConfig, out: Path):
    import torch
    from trl import SFTConfig

    cuda = torch.cuda.is_available()
    return SFTConfig(
        output_dir=str(out / "checkpoints"),
        num_train_epochs=config.epochs,
        max_steps=config.max_steps,
        learning_rate=config.learning_rate,
        lr_scheduler_type=config.lr_scheduler,
        warmup_steps=config.warmup_ratio,  # below 1: a share of all steps
        per_device_train_batch_size=config.batch_size,
        gradient_accumulation_steps=config.grad_accum,
        max_length=config.max_length,
        activation_checkpointing=config.gradient_checkpointing,
        bf16=cuda,
        fp16=False,
        use_cpu=not cuda,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        seed=config.seed,
        completion_only_loss=True,
        dataset_num_proc=None,
        disable_tqdm=False,
    )


def run(config: TrainConfig, on_log: Callable | None = None, stop: threading.Event | None = None) -> dict:
    """Train and save the adapter. `on_log(entry)` sees each loss; setting `stop` ends training early."""
    if config.on not in ("local", "hf-jobs"):
        raise UserError(f"--on must be local or hf-jobs, got {config.on!r}")
    if config.on == "hf-jobs":  # the same stage, run by a Hugging Face Job that pushes the adapter
        from pipeline import jobs

        return jobs.submit(config)
    if config.push_to:
        from pipeline import hub

        return hub.train_and_push(config, on_log, stop)
    from peft import LoraConfig
    from transformers import ProgressCallback
    from trl import SFTTrainer

    start = time.time()
    task = load_task(config.task)
    out = Path(config.out)
    from pipeline.hub import dataset_folder

    train_split = load_train_split(dataset_folder(config.dataset))  # a Hub dataset id is fetched first
    base = ensure_base(config.base_model)
    tokenizer = load_tokenizer(base)
    model = load_model(base, config.quantization)
    targets = config.target_modules if config.target_modules == "all-linear" else [m.strip() for m in config.target_modules.split(",")]
    peft_config = LoraConfig(
        r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
        target_modules=targets, task_type="CAUSAL_LM",
    )
    log = LossLog(out / "losses.jsonl", on_log, stop)
    trainer = SFTTrainer(
        model=model,
        args=sft_config(config, out),
        train_dataset=prompt_completion(train_split),
        processing_class=tokenizer,
        peft_config=peft_config,
        callbacks=[log.callback],
    )
    trainer.remove_callback(ProgressCallback)  # LossLog draws one quieter bar with the loss
    trainer.train()
    trainer.save_model(str(out))
    tokenizer.save_pretrained(str(out))
    checkpoints = out / "checkpoints"
    if checkpoints.is_dir() and not any(checkpoints.iterdir()):
        checkpoints.rmdir()  # the Trainer makes it; nothing is saved there with save_strategy="no"
    summary = {
        "base_model": config.base_model,  # made shareable below (shareable_training), like the config
        # a Hub id goes into the card's metadata; a local folder does not (decided here, once)
        "base_model_hub_id": None if Path(config.base_model).exists() else config.base_model,
        "task": task.name,
        "train_examples": len(train_split),
        "steps": trainer.state.global_step,
        "final_loss": log.losses[-1]["loss"] if log.losses else None,
        "seconds": round(time.time() - start, 1),
        "cancelled": log.cancelled,
        "trainable_parameters": sum(p.numel() for p in trainer.model.parameters() if p.requires_grad),
        "config": asdict(config),
    }
    summary = shareable_training(summary)
    (out / "training.json").write_text(json.dumps(summary, indent=1))
    (out / "task.json").write_text(json.dumps(task.to_dict(), indent=1))
    write_model_card(out, config, task, summary)
    return {"adapter": str(out), **summary}


def shareable_settings(settings: dict) -> dict:
    """Training settings as they may be shared: the dataset, output folder and base model as a Hub id, or a
    local folder's name only."""
    from pipeline.hub import shareable_name

    return {k: shareable_name(v) if k in ("dataset", "out", "base_model") and isinstance(v, str) else v for k, v in settings.items()}


def shareable_training(training: dict) -> dict:
    """training.json's content with no local paths: its base model and its config made shareable."""
    from pipeline.hub import shareable_name

    shared = {**training, "config": shareable_settings(training.get("config") or {})}
    if isinstance(training.get("base_model"), str):
        shared["base_model"] = shareable_name(training["base_model"])
    return shared


def write_model_card(out: Path, config: TrainConfig, task: Task, summary: dict, report: dict | None = None) -> None:
    """The adapter's README.md: huggingface_hub ModelCard with base_model, library_name peft, the task,
    the training config, and the evaluation against the teacher once known."""
    from huggingface_hub import ModelCard, ModelCardData

    data = ModelCardData(
        base_model=summary.get("base_model_hub_id"),
        library_name="peft",
        pipeline_tag="text-generation",
        tags=["understudy", "lora", "sft", "trl", f"task:{task.name}"],
    )
    shared = shareable_settings(asdict(config))  # the card names no local folder
    fields = "\n".join(f"| `{f.name}` | {f.type} | {f.description} |" for f in task.fields)
    settings = "\n".join(f"| {k} | {v} |" for k, v in shared.items())
    evaluation = _evaluation_section(report)
    content = f"""---
{data.to_yaml()}
---

# Understudy adapter: {task.name}

A LoRA adapter for `{shared['base_model']}` that answers the **{task.name}** task with compact JSON, trained
with Understudy on {summary['train_examples']} examples labeled by a teacher model.

## Task

System prompt: "{task.system_prompt}"

| field | type | description |
| --- | --- | --- |
{fields}

## Training

{summary['steps']} steps in {summary['seconds']} s, final loss {summary['final_loss']}.

| setting | value |
| --- | --- |
{settings}

## Evaluation against the teacher

{evaluation}
"""
    ModelCard(content).save(out / "README.md")


def _evaluation_section(report: dict | None) -> str:
    if not report:
        return "Not evaluated yet: run `python -m pipeline evaluate` with this adapter's predictions."
    rows = "\n".join(f"| `{k}` | {v:.3f} |" for k, v in report["per_field"].items())
    return (
        f"On {report['n']} held-out examples: mean agreement **{report['mean_agreement']:.3f}**, exact match "
        f"{report['exact_match']:.3f}, invalid outputs {report['invalid_rate']:.3f}.\n\n| field | agreement |\n| --- | --- |\n{rows}"
    )


def add_evaluation_to_card(adapter_dir: str | Path, report: dict) -> None:
    """Rewrite the adapter's card with the evaluation table (called by evaluate and demo)."""
    adapter_dir = Path(adapter_dir)
    training = json.loads((adapter_dir / "training.json").read_text())
    task = load_task(adapter_dir / "task.json") if (adapter_dir / "task.json").exists() else load_task()
    write_model_card(adapter_dir, TrainConfig(**training["config"]), task, training, report)
