"""`python -m pipeline STAGE [--flags | --config FILE.yaml]`: one verb per stage module.

Each stage module has a config dataclass and `run(config)`; the flags come from the dataclass.
A UserError ends the command with one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import warnings

from pipeline import base, classify, config, demo, evaluate, label, prepare, sample, serve, train
from pipeline.errors import UserError

STAGES = {
    "sample": (sample, sample.SampleConfig, "generate labeled recipes (the offline stand-in for GPT-4 labels)"),
    "base": (base, base.BaseConfig, "build the tiny offline base model"),
    "label": (label, label.LabelConfig, "label rows with a teacher (GPT-4 or any OpenAI-compatible endpoint), cached and resumable"),
    "prepare": (prepare, prepare.PrepareConfig, "split labeled rows into a chat-format train/test DatasetDict"),
    "train": (train, train.TrainConfig, "train a LoRA adapter with TRL's SFTTrainer"),
    "classify": (classify, classify.ClassifyConfig, "label texts with a student (base + adapter)"),
    "evaluate": (evaluate, evaluate.EvaluateConfig, "agreement of predictions with reference labels"),
    "serve": (serve, serve.ServeConfig, "serve the student behind an OpenAI-compatible /v1/chat/completions"),
    "demo": (demo, demo.DemoConfig, "run sample → base → prepare → train → classify → evaluate"),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description="Understudy: fine-tune a small open model on a big model's answers.")
    sub = p.add_subparsers(dest="command", metavar="STAGE", required=True)
    for name, (module, cls, help_text) in STAGES.items():
        sp = sub.add_parser(name, help=help_text, description=(module.__doc__ or help_text).strip().splitlines()[0],
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        config.add_arguments(sp, cls)
    return p


class TqdmLoggingHandler(logging.Handler):
    """Warnings printed above a running progress bar instead of into it."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm.auto import tqdm

        tqdm.write(self.format(record), file=sys.stderr)


def quiet_libraries() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    handler = TqdmLoggingHandler()
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    warnings.filterwarnings("ignore", category=FutureWarning)  # libraries' deprecation notices, not the user's
    try:
        import datasets
        import transformers

        transformers.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        datasets.disable_progress_bars()
        datasets.logging.set_verbosity_error()
    except ImportError:
        pass


def summary(name: str, result: dict) -> str:
    if name == "evaluate":
        return evaluate.format_table(result) + f"\nreport: {result['report']}"
    if name == "demo":
        return ""
    return json.dumps(result, indent=1, ensure_ascii=False, default=str)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    module, cls, _ = STAGES[args.command]
    try:
        cfg = config.from_args(cls, args)
        quiet_libraries()
        result = module.run(cfg)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    text = summary(args.command, result)
    if text:
        print(text)
    return 0
