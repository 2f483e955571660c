"""`python -m pipeline STAGE [--flags | --config FILE.yaml]`: one verb per stage module.

Each stage module has a config dataclass and `run(config)`; the flags come from the dataclass.
A UserError ends the command with one line on stderr and exit status 2, never a traceback; a mistyped
flag, argparse's usage line of that verb and its error.
The verbs that run a student (classify, batch, serve), given no --adapter, use data/adapter, else the
demo student the app built, else the shipped one (models.default_student_adapter), and say which.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import logging
import os
import sys
import warnings

from pipeline import (
    base,
    batch,
    batch_ray,
    calibrate,
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
    proxy,
    sample,
    serve,
    space,
    students,
    train,
)
from pipeline.errors import UserError
from pipeline.models import default_student_adapter


def train_here_or_on_a_job(config: train.TrainConfig) -> dict:
    """train: a LoRA adapter on a base model with TRL's SFTTrainer and PEFT, here or (--on hf-jobs) on a Hub GPU."""
    return jobs.run(config) if config.on == "hf-jobs" else train.run(config)


def batch_on_engine(config: batch.BatchConfig) -> dict:
    """batch: classify a whole corpus into resumable parquet chunks, in this process or (--engine ray) on a Ray cluster."""
    return batch_ray.run(config) if config.engine == "ray" else batch.run(config)


# "verb" or "group verb" -> (config dataclass, entry point taking that config, help)
STAGES = {
    "sample": (sample.SampleConfig, sample.run, "generate labeled recipes (the offline stand-in for GPT-4 labels)"),
    "base": (base.BaseConfig, base.run, "build the tiny offline base model"),
    "label": (label.LabelConfig, label.run, "label rows with a teacher (GPT-4 or any OpenAI-compatible endpoint), cached and resumable"),
    "prepare": (prepare.PrepareConfig, prepare.run, "split labeled rows into a chat-format train/test DatasetDict"),
    "train": (train.TrainConfig, train_here_or_on_a_job, "train a LoRA adapter with TRL's SFTTrainer (here, or --on hf-jobs on a Hub GPU)"),
    "calibrate": (calibrate.CalibrateConfig, calibrate.run, "fit the student's per-field calibration on teacher-labeled rows (stored with the adapter)"),
    "classify": (classify.ClassifyConfig, classify.run, "label texts with a student (base + adapter)"),
    "batch": (batch.BatchConfig, batch_on_engine, "classify a whole corpus into resumable parquet chunks, one shard of N if asked"),
    "evaluate": (evaluate.EvaluateConfig, evaluate.run, "agreement of predictions with reference labels"),
    "costs": (costs.CostsConfig, costs.run, "cost of labeling a corpus with each teacher and with the student"),
    "serve": (serve.ServeConfig, serve.run, "serve the student behind an OpenAI-compatible /v1/chat/completions"),
    "proxy": (proxy.ProxyConfig, proxy.run, "an OpenAI-compatible proxy: record GPT-4's answers as training rows, then let the student answer (cascade, audits)"),
    "merge": (merge.MergeConfig, merge.run, "merge an adapter into its base (for engines without LoRA) and check the labels agree"),
    "demo": (demo.DemoConfig, demo.run, "run sample → base → prepare → train → classify → evaluate"),
    "students": (students.StudentsConfig, students.run, "list the students (shipped, trained, loaded), choose the active one, delete one"),
    "hub push-dataset": (hub.PushDatasetConfig, hub.push_dataset, "push a prepared dataset with its dataset card to the Hub (or the local Hub folder)"),
    "hub pull-dataset": (hub.PullDatasetConfig, hub.pull_dataset, "bring a dataset back from the Hub (or the local Hub folder)"),
    "hub push-adapter": (hub.PushAdapterConfig, hub.push_adapter, "push an adapter with its model card to the Hub (or the local Hub folder)"),
    "hub pull-adapter": (hub.PullAdapterConfig, hub.pull_adapter, "fetch an adapter by Hub id and revision"),
    "space deploy": (space.DeployConfig, space.deploy, "create or update the app's Gradio Space, with its secrets"),
}


# verbs that run a local student: given no --adapter, they fall back on default_student_adapter
STUDENT_VERBS = ("classify", "batch", "serve", "proxy")
STUDENT_FALLBACK = ("Without --adapter (and --base-model), the student is the one chosen with `students --use` (or in\n"
                    "the app), else data/adapter, else the demo student the\n"
                    "app built (demo/adapter in UNDERSTUDY_HOME, by default data/app), else the demo student\n"
                    "shipped in pipeline/demo_student. --adapter smollm2-135m names the shipped real student\n"
                    "(SmolLM2-135M-Instruct + LoRA, pipeline/smollm2_student), --adapter tiny the shipped tiny one.")


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
                              epilog=STUDENT_FALLBACK if name in STUDENT_VERBS else None,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
        sp.set_defaults(_stage=name, _parser=sp)  # _parser: the verb's own, for its usage line on a mistyped flag
        config.add_arguments(sp, cls)
    return p


def flags_of(cls) -> list[str]:
    return ["--" + f.name.replace("_", "-") for f in dataclasses.fields(cls)] + ["--config"]


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line, parsed. argparse hands a verb's unknown flags up to the top-level parser, whose
    usage line names no verb; here the verb's own parser reports them, with the flag that was probably meant."""
    top = parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    stages = list(dict.fromkeys(name.split(" ")[0] for name in STAGES))
    if argv and not argv[0].startswith("-") and argv[0] not in stages:
        guess = difflib.get_close_matches(argv[0], stages, n=1)
        top.error(f"no stage {argv[0]!r}{f' (did you mean {guess[0]}?)' if guess else ''}; the stages are {', '.join(stages)}")
    args, unknown = top.parse_known_args(argv)
    if unknown:
        flags = flags_of(STAGES[args._stage][0])
        guesses = [m for u in unknown if u.startswith("--") for m in difflib.get_close_matches(u.split("=")[0], flags, n=1)]
        hint = f" (did you mean {guesses[0]}?)" if guesses else ""
        args._parser.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
    return args


def adapter_given(args: argparse.Namespace) -> bool:
    """Whether the command names the student: --adapter or --base-model, on the command line or in its --config file."""
    named = set(vars(args))
    if getattr(args, "_config", None):
        named |= set(config.load_yaml(args._config))
    return bool(named & {"adapter", "base_model"})


NO_STUDENT = ("no student to use: no --adapter given, and there is no data/adapter, no demo student built by the app and none "
              "shipped in pipeline/demo_student; build one with `python -m pipeline demo --out demo` and pass --adapter demo/adapter "
              "(or start `python app.py`, which builds the demo student)")


def with_default_student(cfg):
    """A student verb's config given no adapter: the first student default_student_adapter finds, said in
    one line on stderr unless it is data/adapter, the flag's own default; None when there is none."""
    if getattr(cfg, "backend", "local") != "local":  # a server's student: --adapter only names its task
        return cfg
    found = default_student_adapter()
    if found is None:
        return None
    path, why = found
    if path != cfg.adapter:
        print(f"no --adapter given: using {why}", file=sys.stderr, flush=True)
    return dataclasses.replace(cfg, adapter=path)


class TqdmLoggingHandler(logging.Handler):
    """Warnings printed above a running progress bar instead of into it."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm.auto import tqdm

        tqdm.write(self.format(record), file=sys.stderr)


def quiet_libraries() -> None:
    """Libraries' info logs, deprecation notices and download bars off; our own bars and lines stay. Set through the
    libraries' environment variables, read when (if ever) they are imported, so that a line refusing bad input comes
    without loading datasets and transformers (1.4 s)."""
    for name, value in (("TOKENIZERS_PARALLELISM", "false"), ("TRANSFORMERS_VERBOSITY", "error"), ("DATASETS_VERBOSITY", "error"),
                        ("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")):
        os.environ.setdefault(name, value)
    from huggingface_hub.utils import disable_progress_bars

    disable_progress_bars()  # the Hub's download bars, and transformers' (which asks the Hub whether bars are off)
    handler = TqdmLoggingHandler()
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    warnings.filterwarnings("ignore", category=FutureWarning)  # libraries' deprecation notices, not the user's


def summary(name: str, result: dict) -> str:
    if name == "evaluate":
        return evaluate.format_table(result) + f"\nreport: {result['report']}"
    if name == "costs":
        return costs.format_table(result)
    if name in ("demo", "students"):
        return ""  # they print their own
    return json.dumps(result, indent=1, ensure_ascii=False, default=str)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    name = args._stage
    cls, entry, _ = STAGES[name]
    process.set_up()
    no_student = False  # a student verb with no adapter given and none to fall back on
    try:
        cfg = config.from_args(cls, args)
        if name in STUDENT_VERBS and not adapter_given(args):
            fallback = with_default_student(cfg)
            no_student, cfg = fallback is None, fallback or cfg
        quiet_libraries()
        result = entry(cfg)  # checks its other inputs first; loading the missing student fails after them
    except UserError as e:
        missing = no_student and str(e).startswith("adapter folder not found")
        print(f"error: {NO_STUDENT if missing else e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    text = summary(name, result)
    if text:
        print(text)
    return 0
