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

from pipeline import (
    base,
    batch,
    classify,
    config,
    costs,
    demo,
    evaluate,
    hub,
    jobs,
    label,
    merge,
    prepare,
    process,
    sample,
    serve,
    space,
    train,
)
from pipeline.errors import UserError


def train_here_or_on_a_job(config: train.TrainConfig) -> dict:
    """train: a LoRA adapter on a base model with TRL's SFTTrainer and PEFT, here or (--on hf-jobs) on a Hub GPU."""
    return jobs.run(config) if config.on == "hf-jobs" else train.run(config)


# "verb" or "group verb" -> (config dataclass, entry point taking that config, help)
STAGES = {
    "sample": (sample.SampleConfig, sample.run, "generate labeled recipes (the offline stand-in for GPT-4 labels)"),
    "base": (base.BaseConfig, base.run, "build the tiny offline base model"),
    "label": (label.LabelConfig, label.run, "label rows with a teacher (GPT-4 or any OpenAI-compatible endpoint), cached and resumable"),
    "prepare": (prepare.PrepareConfig, prepare.run, "split labeled rows into a chat-format train/test DatasetDict"),
    "train": (train.TrainConfig, train_here_or_on_a_job, "train a LoRA adapter with TRL's SFTTrainer (here, or --on hf-jobs on a Hub GPU)"),
    "classify": (classify.ClassifyConfig, classify.run, "label texts with a student (base + adapter)"),
    "batch": (batch.BatchConfig, batch.run, "classify a whole corpus into resumable parquet chunks, one shard of N if asked"),
    "evaluate": (evaluate.EvaluateConfig, evaluate.run, "agreement of predictions with reference labels"),
    "costs": (costs.CostsConfig, costs.run, "cost of labeling a corpus with each teacher and with the student"),
    "serve": (serve.ServeConfig, serve.run, "serve the student behind an OpenAI-compatible /v1/chat/completions"),
    "merge": (merge.MergeConfig, merge.run, "merge an adapter into its base (for engines without LoRA) and check the labels agree"),
    "demo": (demo.DemoConfig, demo.run, "run sample → base → prepare → train → classify → evaluate"),
    "hub push-dataset": (hub.PushDatasetConfig, hub.push_dataset, "push a prepared dataset with its dataset card to the Hub (or the local Hub folder)"),
    "hub pull-dataset": (hub.PullDatasetConfig, hub.pull_dataset, "bring a dataset back from the Hub (or the local Hub folder)"),
    "hub push-adapter": (hub.PushAdapterConfig, hub.push_adapter, "push an adapter with its model card to the Hub (or the local Hub folder)"),
    "hub pull-adapter": (hub.PullAdapterConfig, hub.pull_adapter, "fetch an adapter by Hub id and revision"),
    "space deploy": (space.DeployConfig, space.deploy, "create or update the app's Gradio Space, with its secrets"),
}


def _description(entry, help_text: str) -> str:
    doc = entry.__doc__ if entry.__name__ != "run" else sys.modules[entry.__module__].__doc__
    return (doc or help_text).strip().splitlines()[0]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description="Understudy: fine-tune a small open model on a big model's answers.")
    sub = p.add_subparsers(dest="command", metavar="STAGE", required=True)
    groups: dict[str, argparse._SubParsersAction] = {}
    for name, (cls, entry, help_text) in STAGES.items():
        where, verb = sub, name
        if " " in name:  # "hub push-dataset": a verb inside a group
            group, verb = name.split(" ", 1)
            if group not in groups:
                gp = sub.add_parser(group, help=f"{group} commands")
                groups[group] = gp.add_subparsers(dest="verb", metavar="COMMAND", required=True)
            where = groups[group]
        sp = where.add_parser(verb, help=help_text, description=_description(entry, help_text),
                              formatter_class=argparse.RawDescriptionHelpFormatter)
        sp.set_defaults(_stage=name)
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
    if name == "costs":
        return costs.format_table(result)
    if name == "demo":
        return ""
    return json.dumps(result, indent=1, ensure_ascii=False, default=str)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    name = args._stage
    cls, entry, _ = STAGES[name]
    process.set_up()
    try:
        cfg = config.from_args(cls, args)
        quiet_libraries()
        result = entry(cfg)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    text = summary(name, result)
    if text:
        print(text)
    return 0
