"""models: loading tokenizers and models (Hub ids or local folders), quantization, and what an adapter
folder says about itself (its base model, its tokenizer, its task).

Every stage that runs a model loads it through here, so a Hub model downloads with the caller's Hub
identity (a signed-in visitor's own token inside hub.acting_as; HF_TOKEN or the saved token otherwise).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline import hub
from pipeline.errors import UserError
from pipeline.task import Task, load_task, task_of_folder

SPECIAL_TOKENS = ["<|pad|>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]
# Prompt and answer are separated by special tokens and newlines, so the tokenized prompt is always a
# prefix of the tokenized prompt+answer (what TRL's prompt-completion training relies on).
CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}<|end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)

# The students a command may fall back on when it is given no --adapter (default_student_adapter)
CLI_ADAPTER = Path("data/adapter")  # the CLI's own default (train's --out, classify's --adapter)
SHIPPED_DIR = Path(__file__).parent / "demo_student"  # the demo student that ships with the package
SHIPPED_ADAPTER = SHIPPED_DIR / "adapter"
SHIPPED_BASE = SHIPPED_DIR / "base"


def app_home() -> Path:
    """The app's data folder: UNDERSTUDY_HOME when set, else data/app (the app's workspace root, and where the
    CLI finds the demo student the app built)."""
    return Path(os.environ.get("UNDERSTUDY_HOME", "data/app"))


def shown_path(path: Path) -> str:
    """A path as a user reads it: relative to the working folder or to the project when under them."""
    for root in (Path.cwd(), SHIPPED_DIR.parent.parent):
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)


def default_student_adapter() -> tuple[str, str] | None:
    """The student a command uses when given no adapter: (its adapter folder, why that one), the first
    that holds an adapter of data/adapter, the demo student the app built, and the shipped demo student;
    None when there is none."""
    candidates = (
        (CLI_ADAPTER, "the CLI's default adapter"),
        (app_home() / "demo" / "adapter", "the demo student the app built"),
        (SHIPPED_ADAPTER, "the shipped demo student"),
    )
    for path, why in candidates:
        if (path / "adapter_config.json").is_file():
            return str(path), f"{why} ({shown_path(path)})"
    return None


def hub_access() -> dict:
    """from_pretrained's token for a Hub model, always explicit: the visitor's own inside hub.acting_as (the
    app on a public Space; none for an anonymous visitor), else HF_TOKEN or the saved token, as on the CLI."""
    return {"token": hub.hub_token()}


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


def resolve_base(adapter: Path, base_model: str) -> str:
    """The adapter's base model: as written in adapter_config.json, or relative to the adapter folder."""
    if base_model:
        return base_model
    config = json.loads((adapter / "adapter_config.json").read_text())
    base = config.get("base_model_name_or_path") or ""
    for candidate in (Path(base), adapter.parent / Path(base).name, adapter.parent / "base"):
        if base and candidate.is_dir():
            return str(candidate)
    return base


def tokenizer_source(adapter: str | Path | None, base_model: str) -> str:
    """Where a student's tokenizer comes from: the adapter folder when it saved one (with the chat
    template it was trained with), else the base model."""
    if adapter and (Path(adapter) / "tokenizer_config.json").is_file():
        return str(adapter)
    return base_model


def adapter_task(adapter: str | Path | None, task: Task | str | None = None) -> Task:
    """The task a student answers: `task` when given (a Task, a name or a file), else the adapter
    folder's task.json, else the built-in recipes task."""
    if isinstance(task, Task):
        return task
    if task:

        return load_task(task)
    return task_of_folder(adapter)
