"""Teacher prices: dollars per 1M input (prompt) and output (completion) tokens, with their source.

The table is dated: prices change, so every entry names where it came from. Override or extend it
with a YAML/JSON file, either through the environment variable UNDERSTUDY_PRICES or the `overrides`
argument of price()/cost():

    gpt-4o: {input: 2.50, output: 10.00}
    my-finetune: [3.00, 12.00]

The original study (2023) priced GPT-4 at $0.03 / $0.06 per 1K prompt / completion tokens (= 30 / 60
per 1M, unchanged below), and computed GPT-3.5-turbo at $0.0015 / $0.0016 per 1K (1.50 / 1.60 per 1M,
the 4K-context price of mid-2023; today's table says 0.50 / 1.50).
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import UserError

log = logging.getLogger("understudy.prices")

ENV = "UNDERSTUDY_PRICES"
SOURCE = "OpenAI pricing page, as of 2025"


@dataclass(frozen=True)
class Price:
    input: float  # dollars per 1M prompt tokens
    output: float  # dollars per 1M completion tokens
    source: str = SOURCE


PRICES: dict[str, Price] = {
    "gpt-4": Price(30.00, 60.00),  # study (2023): $0.03 / $0.06 per 1K, the same
    "gpt-4-turbo": Price(10.00, 30.00),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-3.5-turbo": Price(0.50, 1.50),  # study (2023) computed $0.0015 / $0.0016 per 1K
}

# Dated or suffixed ids map to their family: gpt-4o-2024-08-06 → gpt-4o, gpt-4-0613 → gpt-4,
# gpt-4-turbo-2024-04-09 → gpt-4-turbo, gpt-3.5-turbo-0125 → gpt-3.5-turbo, gpt-4-1106-preview → gpt-4-turbo.
_DATED = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{4})(-preview)?$")
_ALIASES = {"gpt-4-1106-preview": "gpt-4-turbo", "gpt-4-0125-preview": "gpt-4-turbo", "gpt-4-turbo-preview": "gpt-4-turbo",
            "gpt-4-vision-preview": "gpt-4-turbo", "gpt-3.5-turbo-16k": "gpt-3.5-turbo"}
_warned: set[str] = set()


def _as_price(name: str, value, source: str) -> Price:
    try:
        if isinstance(value, dict):
            return Price(float(value["input"]), float(value["output"]), str(value.get("source", source)))
        if isinstance(value, (list, tuple)) and len(value) == 2:
            return Price(float(value[0]), float(value[1]), source)
    except (KeyError, TypeError, ValueError):
        pass
    raise UserError(f"{source}: price of {name!r} must be {{input: DOLLARS_PER_1M, output: DOLLARS_PER_1M}} or [input, output]")


def load_overrides(path: str | Path) -> dict[str, Price]:
    """Prices from a YAML or JSON file mapping model → {input, output} (dollars per 1M tokens)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise UserError(f"price file not found: {path}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as e:  # yaml.YAMLError, json.JSONDecodeError
        raise UserError(f"{path}: not valid YAML/JSON ({str(e).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping of model: {{input, output}}")
    return {str(k): _as_price(str(k), v, f"{path}") for k, v in data.items()}


def table(overrides: dict | str | Path | None = None) -> dict[str, Price]:
    """The built-in table, then UNDERSTUDY_PRICES, then `overrides` (a mapping or a file path)."""
    prices = dict(PRICES)
    if os.environ.get(ENV):
        prices.update(load_overrides(os.environ[ENV]))
    if isinstance(overrides, (str, Path)) and str(overrides):
        prices.update(load_overrides(overrides))
    elif isinstance(overrides, dict):
        prices.update({str(k): v if isinstance(v, Price) else _as_price(str(k), v, "overrides") for k, v in overrides.items()})
    return prices


def lookup(model: str, overrides: dict | str | Path | None = None) -> Price | None:
    """The model's Price (exact id, alias, or the family of a dated id), or None if unknown."""
    prices = table(overrides)
    name = model.strip()
    for candidate in (name, name.lower()):
        if candidate in prices:
            return prices[candidate]
    name = name.lower()
    if name in _ALIASES:
        return prices.get(_ALIASES[name])
    undated = _DATED.sub("", name)
    if undated != name and undated in prices:
        return prices[undated]
    return None


def price(model: str, overrides: dict | str | Path | None = None) -> tuple[float, float]:
    """(dollars per 1M input tokens, per 1M output tokens); (0, 0) with a warning for an unknown model."""
    p = lookup(model, overrides)
    if p is None:
        if model not in _warned:
            _warned.add(model)
            log.warning("no price known for model %r: counting it as $0 (set %s to a YAML/JSON price file)", model, ENV)
        return 0.0, 0.0
    return p.input, p.output


def cost(model: str, prompt_tokens: int, completion_tokens: int, overrides: dict | str | Path | None = None) -> float:
    """Dollars for one call's tokens."""
    pin, pout = price(model, overrides)
    return (prompt_tokens * pin + completion_tokens * pout) / 1_000_000


# ----------------------------------------------------------------------------------------------------
# Hardware: dollars per hour of one machine, for the student's cost (throughput × time)
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hourly:
    dollars: float  # per hour
    source: str


HF_HARDWARE = "Hugging Face Spaces/Jobs hardware price list, as of 2025"
HARDWARE: dict[str, Hourly] = {
    "cpu-basic": Hourly(0.00, HF_HARDWARE + " (free tier, 2 vCPU)"),
    "cpu-upgrade": Hourly(0.03, HF_HARDWARE + " (8 vCPU)"),
    "t4-small": Hourly(0.40, HF_HARDWARE),
    "l4x1": Hourly(0.80, HF_HARDWARE),
    "a10g-small": Hourly(1.00, HF_HARDWARE),
    "l40": Hourly(1.14, "the original study (2023): one L40 for $1.14/h"),
    "l40sx1": Hourly(1.80, HF_HARDWARE),
    "a100-large": Hourly(2.50, HF_HARDWARE),
    "h100": Hourly(4.50, HF_HARDWARE + " (h100, 1 GPU)"),
}


def hourly(hardware: str) -> Hourly:
    """The $/h of a machine in HARDWARE, or a UserError listing the known ones."""
    key = hardware.strip().lower()
    if key not in HARDWARE:
        raise UserError(f"unknown hardware {hardware!r}; known: {', '.join(HARDWARE)} (or give --dollars-per-hour)")
    return HARDWARE[key]


# GPUs by the name torch.cuda.get_device_name gives, most specific first, and their entry above
GPU_HARDWARE = (("H100", "h100"), ("A100", "a100-large"), ("L40S", "l40sx1"), ("L40", "l40"), ("A10G", "a10g-small"),
                ("L4", "l4x1"), ("T4", "t4-small"))


def hardware_of_gpu(device_name: str) -> str:
    """The HARDWARE entry of a GPU by its device name ("NVIDIA A10G" → a10g-small), or "" when none fits."""
    name = device_name.upper()
    return next((key for part, key in GPU_HARDWARE if part in name), "")
