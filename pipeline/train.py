"""train: a LoRA adapter on a base model with TRL's SFTTrainer and PEFT.

The prepared chat rows are tokenized here with the student's own chat template: the prompt exactly as the
decoder (pipeline.student) encodes it, then the answer. The loss falls on the tokens the decoder chooses, one
per field value (`--loss values`: the keys and punctuation it forces teach nothing and would dilute the mean
ninefold), or on every answer token (`--loss completion`); `auto`, the default, takes the first for a real model
and the second for the tiny one. The language-model head runs only at the positions where the loss is taken,
and on a CPU with native bf16 a real model's matrix products run under bf16 autocast (`--precision`). Defaults are the original study's values for real models (r=32, alpha=16, dropout
0.05 on all linear layers, lr 2e-4, cosine, 5 epochs); `--quantization 4bit` gives QLoRA (bitsandbytes NF4,
bf16 compute) on a CUDA GPU. The adapter folder gets the adapter, the tokenizer, losses.jsonl (written as
training goes, so a crash keeps it), training.json, task.json, training_rows.json (a short digest of each
training row's input text, so evaluate can tell which test rows the adapter has seen) and a model card;
training.json and the card name the base model and the dataset by Hub id or folder name, never by the
machine's paths. adapter_config.json names a real base by its Hub id (a named base's offline copy too), and
a local base by its path (loading needs it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, NoReturn

from pipeline import hub
from pipeline.base import DEFAULT_BASE, ensure_base
from pipeline.cards import CALIBRATION_FILE, label_sources, shareable_training, write_model_card, write_training_rows
from pipeline.errors import UserError
from pipeline.models import (
    PRECISIONS,
    TINY_BASE_NAME,
    base_source,
    bf16_for,
    hub_id_of,
    is_large,
    load_model,
    load_tokenizer,
    shareable_base_name,
)
from pipeline.student import AnswerPlan
from pipeline.repo_ids import check_repo_id, looks_like_repo_id
from pipeline.task import load_task


@dataclass
class TrainConfig:
    dataset: str = field(default="data/prepared/dataset", metadata={"help": "prepared DatasetDict folder (from prepare)"})
    out: str = field(default="data/adapter", metadata={"help": "adapter output folder"})
    base_model: str = field(default=DEFAULT_BASE, metadata={"help": "Hub model id, local folder, or a named real base: smollm2-135m (the Hub's HuggingFaceTB/SmolLM2-135M-Instruct, or its offline copy)"})
    task: str = field(default="recipes", metadata={"help": "built-in task name or task YAML file"})
    lora_r: int = field(default=32, metadata={"help": "LoRA rank"})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA alpha"})
    lora_dropout: float = field(default=0.05, metadata={"help": "LoRA dropout"})
    target_modules: str = field(default="all-linear", metadata={"help": "modules to adapt: all-linear or a comma list"})
    lora_layers: int = field(default=0, metadata={"help": "adapt only the top N transformer layers (0: every layer); the frozen layers below need no backward pass, a faster step"})
    epochs: float = field(default=5.0, metadata={"help": "passes over the training split"})
    max_steps: int = field(default=-1, metadata={"help": "stop after this many steps (-1: run all epochs)"})
    learning_rate: float = field(default=2e-4, metadata={"help": "peak learning rate"})
    lr_scheduler: str = field(default="cosine", metadata={"help": "learning-rate schedule"})
    warmup_ratio: float = field(default=0.03, metadata={"help": "share of steps spent warming up"})
    batch_size: int = field(default=8, metadata={"help": "examples per device step"})
    grad_accum: int = field(default=1, metadata={"help": "gradient accumulation steps"})
    max_length: int = field(default=1024, metadata={"help": "longer examples are cut to this many tokens"})
    quantization: str = field(default="none", metadata={"help": "none, 8bit or 4bit (QLoRA; needs CUDA)"})
    loss: str = field(default="auto", metadata={"help": "values: the loss only on the tokens the decoder chooses (each field's value); completion: on every answer token, keys and punctuation included; auto: values for real models (50M+ parameters), completion for the tiny one"})
    precision: str = field(default="auto", metadata={"help": "auto (bf16 on CUDA, and on CPUs with native bf16 for real models of 50M+ parameters; else fp32), bf16 or fp32"})
    group_by_length: bool = field(default=False, metadata={"help": "batch rows of similar length together (less padding: a faster step on a CPU)"})
    gradient_checkpointing: bool = field(default=False, metadata={"help": "trade compute for memory on large models"})
    seed: int = field(default=42, metadata={"help": "training seed"})
    on: str = field(default="local", metadata={"help": "where to train: local, or hf-jobs (a Hugging Face Job on a Hub GPU, QLoRA)"})
    flavor: str = field(default="", metadata={"help": "Hub GPU for --on hf-jobs (e.g. t4-small, l4x1, a10g-small, a100-large)"})
    push_to: str = field(default="", metadata={"help": "Hub repository user/name to push the adapter to after training (needed with --on hf-jobs)"})
    processes: int = field(default=1, metadata={"help": "data-parallel processes (DDP): one per GPU, or CPU processes (gloo) without one; --batch-size is split among them"})


PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the folder holding pipeline/, for the launched processes


# ----------------------------------------------------------------------------------------------------
# --processes N: the same training as N data-parallel processes
# ----------------------------------------------------------------------------------------------------


def world_size() -> int:
    """Processes in this training (set by torchrun / accelerate launch); 1 when launched alone."""
    return int(os.environ.get("WORLD_SIZE", "1") or 1)


def is_main_process() -> bool:
    return int(os.environ.get("RANK", "0") or 0) == 0


def leave_process_group() -> None:
    """Close the process group the Trainer opened under torchrun, once the last collective (save_model) is done: a
    process that exits with it open can abort in gloo's threads ("terminate called without an active exception",
    exit -6), and torchrun then calls the whole finished run failed."""
    import torch

    if torch.distributed.is_available() and torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()


def end_launched_process(result: dict | None) -> NoReturn:
    """End a process launched by torchrun here, skipping the interpreter's teardown. Freeing the trainer frees DDP's
    reducer, whose gloo process group joins its worker thread while holding the GIL, and that thread may be freeing a
    finished collective's tensor, which needs the GIL: a deadlock, one run in five on 2 cores (seen with py-spy), that
    left `train --processes 2` hanging after its adapter was written. The first process prints its summary."""
    if result is not None:
        print(json.dumps(result, indent=1, ensure_ascii=False, default=str))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def check_processes(config: TrainConfig) -> None:
    """One line for a process count the machine or the batch size cannot take."""
    import torch

    n = config.processes
    if n < 1:
        raise UserError(f"--processes must be at least 1, got {n}")
    if config.batch_size % n:
        raise UserError(f"--batch-size {config.batch_size} does not split across {n} processes; pass a multiple of {n} "
                        f"(it is the effective batch size, {config.batch_size // n or 1} or so per process)")
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if gpus and n > gpus:
        raise UserError(f"--processes {n}: this machine has {gpus} GPU(s); pass --processes {gpus} or fewer")
    if n > 1 and config.quantization != "none":
        raise UserError("--processes N with --quantization: train QLoRA in one process per run (pass --processes 1)")
    if world_size() > 1 and world_size() != n:
        raise UserError(f"launched as {world_size()} processes but --processes is {n}; pass --processes {world_size()}")


def batch_plan(config: TrainConfig) -> dict:
    """The effective batch size and learning rate, kept those of one process: each process takes its share."""
    n = config.processes
    return {"processes": n, "per_process_batch_size": config.batch_size // n, "grad_accum": config.grad_accum,
            "effective_batch_size": config.batch_size * config.grad_accum, "learning_rate": config.learning_rate,
            "backend": "nccl" if _cuda() else "gloo"}


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def launch_processes(config: TrainConfig) -> dict:
    """Run this training as `config.processes` processes under torchrun (what `accelerate launch --multi_gpu`
    starts), each reading the same settings; the first process writes the adapter, whose summary is returned."""
    import yaml

    plan = batch_plan(config)
    print(f"training on {plan['processes']} processes ({plan['backend']}): effective batch size {plan['effective_batch_size']} = "
          f"{plan['processes']} x {plan['per_process_batch_size']} per process x {plan['grad_accum']} accumulation step(s), "
          f"learning rate {plan['learning_rate']:g}, as with one process", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="understudy-train-") as folder:
        settings = Path(folder) / "train.yaml"
        settings.write_text(yaml.safe_dump(asdict(config)))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")]))}
        command = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={config.processes}",
                   "-m", "pipeline", "train", "--config", str(settings)]
        finished = subprocess.run(command, env=env, stdout=subprocess.DEVNULL)  # each prints its summary; this one is returned
    if finished.returncode != 0:
        raise UserError(f"training on {config.processes} processes failed (exit status {finished.returncode}); its error is above")
    summary = json.loads((Path(config.out) / "training.json").read_text())
    return {"adapter": config.out, **summary}


LOSSES = ("auto", "values", "completion")


def answer_plan(tokenizer, task) -> AnswerPlan:
    """The decoder's answer plan for this tokenizer (the same the student builds): what is forced, what chosen."""
    empty = tokenizer.apply_chat_template(task.prompt_messages(""), add_generation_prompt=True, tokenize=False)
    return AnswerPlan(task, tokenizer, empty)


def tokenized_row(messages: list[dict], tokenizer, plan: AnswerPlan, loss: str) -> dict:
    """One chat row as training sees it: input_ids = the prompt's tokens (as the student encodes them) + the
    answer's tokens, and labels = -100 except where the loss is taken: with `values`, the tokens the decoder
    chooses (a row whose answer is not the decoder's path falls back to every answer token, and says so in
    `fallback`); with `completion`, every answer token (the end of turn included)."""
    encode = lambda text: tokenizer(text, add_special_tokens=False)["input_ids"]  # noqa: E731
    prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=False)
    full = tokenizer.apply_chat_template(messages, tokenize=False)
    prompt_ids, full_ids = encode(prompt), encode(full)
    if not full.startswith(prompt) or full_ids[: len(prompt_ids)] != prompt_ids:
        raise UserError("the chat template's prompt is not a prefix of prompt + answer once tokenized; "
                        "train with a tokenizer whose template ends the prompt on a special token or a newline")
    answer = full_ids[len(prompt_ids):]
    marks = plan.choices(answer) if loss == "values" else None
    fallback = loss == "values" and marks is None
    if marks is None:
        marks = [True] * len(answer)
    labels = [-100] * len(prompt_ids) + [tok if mark else -100 for tok, mark in zip(answer, marks)]
    return {"input_ids": full_ids, "labels": labels, "fallback": fallback}


def tokenized_rows(train_split, tokenizer, task, loss: str):
    """The training split tokenized by tokenized_row (TRL then pads and batches it as it is)."""
    if loss not in LOSSES:
        raise UserError(f"--loss must be {' or '.join(LOSSES)}, got {loss!r}")
    plan = answer_plan(tokenizer, task)
    rows = train_split.map(lambda row: tokenized_row(row["messages"], tokenizer, plan, loss),
                           remove_columns=train_split.column_names, desc="tokenizing")
    fallbacks = sum(rows["fallback"])
    if fallbacks:
        print(f"warning: {fallbacks} of {len(rows)} answers do not follow the decoder's token path; their loss is on every "
              f"answer token", file=sys.stderr, flush=True)
    return rows.remove_columns("fallback")


def chosen_token_trainer():
    """SFTTrainer whose loss reads the language-model head only where the loss is taken: the vocabulary-wide head
    (49,152 x 576 for SmolLM2) at a handful of positions instead of every prompt token, and no per-token metrics."""
    import torch
    from trl import SFTTrainer

    class ChosenTokenTrainer(SFTTrainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            targets = inputs["labels"][:, 1:]  # the token at t + 1 is predicted at t
            taken = targets != -100
            positions = taken.any(dim=0).nonzero().squeeze(-1)  # every row's loss positions, in one set
            outputs = model(input_ids=inputs["input_ids"], attention_mask=inputs.get("attention_mask"), use_cache=False,
                            logits_to_keep=positions)
            logits = outputs.logits
            summed = torch.nn.functional.cross_entropy(logits.float().reshape(-1, logits.shape[-1]),
                                                       targets[:, positions].reshape(-1), ignore_index=-100, reduction="sum")
            count = num_items_in_batch if num_items_in_batch is not None else taken.sum()
            loss = summed / torch.as_tensor(count, device=summed.device).clamp(min=1)
            if self.args.average_tokens_across_devices and num_items_in_batch is not None:
                loss = loss * self.accelerator.num_processes  # as TRL's own loss: DDP averages the gradients
            return (loss, outputs) if return_outputs else loss

    return ChosenTokenTrainer


def input_texts(train_split) -> list[str]:
    """Each training row's input text, as the student saw it: the content of its user message (prepare
    puts the row's input column, the task's `input`, there unchanged)."""
    return [next((m["content"] for m in reversed(messages) if m["role"] == "user"), "") for messages in train_split["messages"]]


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
                outer.bar = tqdm(total=state.max_steps, desc="training", unit="step", disable=not state.is_world_process_zero)

            def on_train_end(self, args, state, control, **kwargs):
                outer.bar.close()

            def on_log(self, args, state, control, logs=None, **kwargs):
                if logs and "loss" in logs and state.is_world_process_zero:
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


def lora_targets(model, target_modules: str, lora_layers: int) -> str | list[str]:
    """PEFT's target_modules: "all-linear", or the comma list's names. With --lora-layers, "all-linear" is spelled
    out as the names of the linear modules inside the transformer layers (PEFT takes layers_to_transform only with a
    list of names)."""
    if target_modules != "all-linear":
        return [m.strip() for m in target_modules.split(",")]
    if not lora_layers:
        return target_modules
    import torch

    return sorted({name.rsplit(".", 1)[-1] for name, module in model.named_modules()
                   if isinstance(module, torch.nn.Linear) and re.search(r"\.\d+\.", name)})


def top_layers(model, count: int) -> list[int] | None:
    """The indexes of the model's top `count` transformer layers, for LoRA's layers_to_transform (None: every layer)."""
    layers = model.config.num_hidden_layers
    if count < 0 or count > layers:
        raise UserError(f"--lora-layers must be between 0 (every layer) and this base's {layers} layers, got {count}")
    return list(range(layers - count, layers)) if 0 < count < layers else None


def sizes_up(config: TrainConfig, model) -> tuple[str, bool]:
    """(the loss, bf16 or not) for this model: `auto` means the values loss and bf16 autocast for a real model (50M+
    parameters), the completion loss and fp32 for the tiny one (values + bf16 took its demo from 0.957 to 0.807)."""
    loss = config.loss if config.loss != "auto" else ("values" if is_large(model) else "completion")
    return loss, bf16_for(config.precision, model)


def sft_config(config: TrainConfig, out: Path, bf16: bool = False):
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
        per_device_train_batch_size=config.batch_size // max(1, config.processes),  # the effective batch stays --batch-size
        ddp_find_unused_parameters=False,  # LoRA's trainable weights all take part in every step
        gradient_accumulation_steps=config.grad_accum,
        max_length=config.max_length,
        activation_checkpointing=config.gradient_checkpointing,
        bf16=bf16,  # on the CPU: bf16 autocast over fp32 weights (sizes_up)
        fp16=False,
        use_cpu=not cuda,
        logging_steps=1,
        train_sampling_strategy="group_by_length" if config.group_by_length else "random",
        save_strategy="no",
        report_to="none",
        seed=config.seed,
        completion_only_loss=True,
        dataset_num_proc=None,
        disable_tqdm=False,
    )


def name_base_in_adapter_config(out: Path, base_model: str) -> None:
    """adapter_config.json names a real base by its Hub id (PEFT wrote the folder it was loaded from, such as the
    offline copy), so PEFT, vLLM and TGI load the adapter anywhere, and the shipped tiny base by its name
    (models.TINY_BASE_NAME), which finds it again wherever the adapter is copied, pushed or pulled."""
    name = shareable_base_name(base_model)
    path = out / "adapter_config.json"
    if (hub_id_of(base_model) or name == TINY_BASE_NAME) and path.is_file():
        config = json.loads(path.read_text())
        config["base_model_name_or_path"] = name
        path.write_text(json.dumps(config, indent=2, sort_keys=True))


LOSS_MARK = "understudy-loss "  # what a training Job prints per logged loss, so its logs can draw the curve


def loss_line(entry: dict) -> str:
    return LOSS_MARK + json.dumps({k: entry[k] for k in ("step", "max_steps", "loss", "epoch") if k in entry})


def loss_entry(line: str) -> dict | None:
    """The loss entry a `loss_line` holds, or None for any other log line."""
    if not line.startswith(LOSS_MARK):
        return None
    try:
        entry = json.loads(line[len(LOSS_MARK):])
    except json.JSONDecodeError:
        return None
    return entry if isinstance(entry, dict) and "step" in entry and "loss" in entry else None


def printing_losses(on_log: Callable | None) -> Callable:
    """on_log that also prints each loss as a `loss_line` (in a Job, whose logs the app reads)."""

    def log_and_print(entry: dict) -> None:
        print(loss_line(entry), flush=True)
        if on_log:
            on_log(entry)

    return log_and_print


def run(config: TrainConfig, on_log: Callable | None = None, stop: threading.Event | None = None) -> dict:
    """Train and save the adapter. `on_log(entry)` sees each loss; setting `stop` ends training early."""
    if config.on not in ("local", "hf-jobs"):
        raise UserError(f"--on must be local or hf-jobs, got {config.on!r}")
    if config.on == "hf-jobs":
        raise UserError("train.run trains here; a Hugging Face Job is `python -m pipeline train --on hf-jobs` (pipeline.jobs.run)")
    if config.push_to:
        check_repo_id(config.push_to, "--push-to")
    check_processes(config)
    if config.processes > 1 and world_size() == 1:  # not yet launched: start the N processes
        return launch_processes(config)
    if os.environ.get("UNDERSTUDY_IN_JOB"):  # a Job's logs carry the loss curve (the app draws it)
        on_log = printing_losses(on_log)
    start = time.time()
    if config.precision not in PRECISIONS:
        raise UserError(f"--precision must be {', '.join(PRECISIONS)}, got {config.precision!r}")
    if config.loss not in LOSSES:
        raise UserError(f"--loss must be {', '.join(LOSSES)}, got {config.loss!r}")
    task = load_task(config.task)
    out = Path(config.out)
    train_split = load_train_split(hub.dataset_folder(config.dataset))  # a Hub dataset id is fetched first
    base = base_source(ensure_base(config.base_model))  # a named base: the Hub, or its offline copy
    from peft import LoraConfig  # after the checks: a bad flag or a missing dataset is refused without loading them
    from transformers import ProgressCallback

    tokenizer = load_tokenizer(base)
    model = load_model(base, config.quantization)
    loss, bf16 = sizes_up(config, model)
    rows = tokenized_rows(train_split, tokenizer, task, loss)
    targets = lora_targets(model, config.target_modules, config.lora_layers)
    peft_config = LoraConfig(
        r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
        target_modules=targets, task_type="CAUSAL_LM", layers_to_transform=top_layers(model, config.lora_layers),
    )
    log = LossLog(out / "losses.jsonl", on_log, stop)
    trainer = chosen_token_trainer()(
        model=model,
        args=sft_config(config, out, bf16),
        train_dataset=rows,
        processing_class=tokenizer,
        peft_config=peft_config,
        callbacks=[log.callback],
    )
    trainer.remove_callback(ProgressCallback)  # LossLog draws one quieter bar with the loss
    trainer.train()
    (out / CALIBRATION_FILE).unlink(missing_ok=True)  # fitted for the weights this run replaces: calibrate again
    trainer.save_model(str(out))  # on every process (sharded setups gather the weights); the first one writes
    leave_process_group()
    if not is_main_process():
        end_launched_process(None)
    tokenizer.save_pretrained(str(out))
    name_base_in_adapter_config(out, config.base_model)
    checkpoints = out / "checkpoints"
    if checkpoints.is_dir() and not any(checkpoints.iterdir()):
        checkpoints.rmdir()  # the Trainer makes it; nothing is saved there with save_strategy="no"
    summary = {
        "base_model": shareable_base_name(config.base_model),  # a Hub id, the shipped tiny base's name, or a folder's own name
        # a Hub id goes into the card's metadata; a local folder does not (decided here, once)
        "base_model_hub_id": hub_id_of(config.base_model),
        "task": task.name,
        "train_examples": len(train_split),
        "label_sources": label_sources(train_split["source"]) if "source" in train_split.column_names else None,
        "loss_on": loss,
        "bf16": bf16,
        "steps": trainer.state.global_step,
        "final_loss": log.losses[-1]["loss"] if log.losses else None,
        "seconds": round(time.time() - start, 1),
        "cancelled": log.cancelled,
        "trainable_parameters": sum(p.numel() for p in trainer.model.parameters() if p.requires_grad),
        **({"data_parallel": batch_plan(config)} if config.processes > 1 else {}),
        "config": asdict(config),
    }
    summary = shareable_training(summary)
    (out / "training.json").write_text(json.dumps(summary, indent=1))
    (out / "task.json").write_text(json.dumps(task.to_dict(), indent=1))
    write_training_rows(out, input_texts(train_split))
    write_model_card(out, asdict(config), task, summary)
    result = {"adapter": str(out), **summary}
    if config.push_to:  # what a Hugging Face Job ends with
        dataset = config.dataset if looks_like_repo_id(config.dataset) and not Path(config.dataset).exists() else ""
        pushed = hub.push_adapter(hub.PushAdapterConfig(dir=str(out), repo=config.push_to, dataset=dataset.split("@")[0]))
        print(f"adapter pushed: {pushed['url']} (commit {pushed['commit']})", flush=True)
        result["pushed"] = pushed
    if world_size() > 1:
        end_launched_process(result)  # with the trainer still held: freeing it is what deadlocks
    return result


