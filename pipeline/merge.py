"""merge: fold a LoRA adapter into its base model and save a plain model folder.

For serving engines without LoRA support (or to skip the adapter overhead), the adapter's weights are
added into the base's (PEFT's merge_and_unload) and the result saved with save_pretrained, beside the
tokenizer (with the chat template the student was trained with) and the task (task.json). The folder
loads like any Hugging Face model: `classify --adapter '' --base-model OUT`, TGI's `--model-id`, vLLM's
`--model`.

The merged model is then checked: it classifies texts (--check-input, or --check-n recipes from the
built-in generator) and its labels must equal those of the base + adapter; any difference is an
error naming how many texts disagree. The base is loaded in float32 on CPU, bfloat16 on a GPU, as
`train` and `classify` load it; a 4-bit or 8-bit base cannot be merged exactly, so it is loaded unquantized.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.data import texts_of
from pipeline.errors import UserError
from pipeline.hub import read_rows
from pipeline.models import load_model, load_tokenizer, resolve_base, tokenizer_source
from pipeline.sample import generate
from pipeline.student import LocalStudent


@dataclass
class MergeConfig:
    adapter: str = field(default="data/adapter", metadata={"help": "adapter folder to merge"})
    base_model: str = field(default="", metadata={"help": "base model id or folder (default: the adapter's own)"})
    out: str = field(default="data/merged", metadata={"help": "folder to save the merged model in"})
    check_input: str = field(default="", metadata={"help": "texts to compare merged and adapter labels on (JSONL/CSV/parquet/dataset folder; default: generated recipes)"})
    check_n: int = field(default=20, metadata={"help": "how many texts to compare (0 = skip the check)"})
    overwrite: bool = field(default=False, metadata={"help": "replace an existing --out folder"})


def check_texts(config: MergeConfig, task) -> list[str]:
    if config.check_input:

        rows = read_rows(config.check_input, split="test")
        if not rows:
            raise UserError(f"{config.check_input}: no rows to check the merged model on")
        return [t for t in texts_of(rows, task.input, config.check_input) if t and t.strip()][: config.check_n]

    return [row["recipe"] for row in generate(config.check_n, seed=7)]


def run(config: MergeConfig) -> dict:
    adapter = Path(config.adapter)
    if not (adapter / "adapter_config.json").is_file():
        raise UserError(f"adapter folder not found or incomplete: {config.adapter} (no adapter_config.json); pass --adapter")
    if config.check_n < 0:
        raise UserError(f"--check-n must not be negative, got {config.check_n}")
    out = Path(config.out)
    if out.resolve() == adapter.resolve():
        raise UserError("--out must differ from --adapter: the merged model is a new folder")
    if out.exists() and any(out.iterdir()):
        if not config.overwrite:
            raise UserError(f"{out} exists and is not empty; pass --overwrite or another --out")
        shutil.rmtree(out)
    base = resolve_base(adapter, config.base_model)
    if not base:
        raise UserError("no base model: the adapter does not name one; pass --base-model")

    from peft import PeftModel  # after the checks: a bad flag is refused without loading torch and transformers

    start = time.perf_counter()
    model = PeftModel.from_pretrained(load_model(base), str(adapter)).merge_and_unload()
    tokenizer = load_tokenizer(tokenizer_source(adapter, base))
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    if (adapter / "task.json").is_file():
        shutil.copy(adapter / "task.json", out / "task.json")
    (out / "merged_from.json").write_text(json.dumps({"base_model": base, "adapter": str(adapter)}, indent=1) + "\n")
    del model
    result = {"out": str(out), "base_model": base, "adapter": str(adapter), "seconds": round(time.perf_counter() - start, 2)}

    if config.check_n:
        with_adapter = LocalStudent(str(adapter), base)
        merged = LocalStudent("", str(out), with_adapter.task)
        texts = check_texts(config, with_adapter.task)
        want = [r["labels"] for r in with_adapter.classify(texts)]
        got = [r["labels"] for r in merged.classify(texts)]
        differ = sum(1 for a, b in zip(want, got) if a != b)
        if differ:
            raise UserError(f"the merged model in {out} disagrees with base + adapter on {differ} of {len(texts)} texts; "
                            "was the base loaded quantized, or is --base-model not the adapter's base?")
        result["checked"] = len(texts)
        result["agree"] = True
    return result
