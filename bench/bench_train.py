"""Training on a CPU: the path as it was against the path as it is, side by side on the same model and rows.

    python bench/bench_train.py [--base smollm2-135m] [--steps 8] [--json out.json]

Three runs of `--steps` LoRA steps (batch 8, r 16 on every linear layer, dropout 0, lr 1e-3, the same seed and rows):
1. before: TRL's SFTTrainer as train.py wired it until now: prompt-completion rows, TRL's own loss over every
   answer token (full-vocabulary logits at every position, plus its entropy and token-accuracy metrics), fp32;
2. now, same loss, fp32: train.py's path with `--loss completion --precision fp32`: the rows tokenized here and
   the language-model head only where the loss is taken. Its loss curve must match run 1's within the tolerance
   printed, step by step (the same objective, computed another way);
3. the same in bf16 autocast (`--precision auto` on a CPU with native bf16): the step's speed, and how far bf16
   moves the curve;
4. now: train.py's default, `--loss values`: the loss only on the tokens the decoder chooses;
5. the same with `--group-by-length` (rows of similar length batched together: less padding);
6. the same with `--lora-layers` 15 and 8: LoRA on the top layers only, so the frozen layers below need no backward.
Prints seconds a step (the first step left out: warm-up) and the ratio to run 1. Keep the machine quiet.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import prepare, process, sample, train  # noqa: E402
from pipeline.cli import quiet_libraries  # noqa: E402

TOLERANCE = 0.01  # largest |loss before - loss now| / loss before, per step, for the same loss in fp32


def prompt_completion(dataset):
    """The rows as train.py gave them to TRL before: prompt-completion, TRL tokenizing and masking."""
    return dataset.map(lambda row: {"prompt": row["messages"][:-1], "completion": row["messages"][-1:]},
                       remove_columns=dataset.column_names)


def timed(config: train.TrainConfig, before: bool) -> dict:
    """Run one training; the seconds between consecutive logged steps, and the losses."""
    stamps, losses = [], []

    def on_log(entry):
        stamps.append(time.perf_counter())
        losses.append(entry["loss"])

    if before:  # train.run with the old trainer, data and precision swapped in
        saved = (train.chosen_token_trainer, train.tokenized_rows, train.bf16_for)
        from trl import SFTTrainer

        train.chosen_token_trainer = lambda: SFTTrainer
        train.tokenized_rows = lambda split, tokenizer, task, loss: prompt_completion(split)
        train.bf16_for = lambda precision, model: False
        try:
            train.run(config, on_log=on_log)
        finally:
            train.chosen_token_trainer, train.tokenized_rows, train.bf16_for = saved
    else:
        train.run(config, on_log=on_log)
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    return {"seconds_per_step": round(sum(gaps) / len(gaps), 2), "losses": losses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="smollm2-135m")
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--json", default="")
    ap.add_argument("--lora-layers", type=int, nargs="*", default=[15, 8], help="top-layer counts to time as well")
    args = ap.parse_args()
    process.set_up()
    quiet_libraries()
    work = Path(tempfile.mkdtemp(prefix="bench-train-"))
    rows = sample.run(sample.SampleConfig(out=str(work / "sample"), n=400, seed=11))
    prepared = prepare.run(prepare.PrepareConfig(input=rows["labeled"], out=str(work / "prepared"), seed=11))

    def config(name: str, loss: str, **kw) -> train.TrainConfig:
        return train.TrainConfig(dataset=prepared["dataset"], out=str(work / name), base_model=args.base, max_steps=args.steps,
                                 batch_size=8, learning_rate=1e-3, lora_r=16, lora_alpha=32, lora_dropout=0.0, loss=loss,
                                 warmup_ratio=0.0, seed=11, **kw)

    runs = {"before (TRL's loss, fp32, full logits)": timed(config("before", "completion"), before=True),
            "now, --loss completion --precision fp32": timed(config("fp32", "completion", precision="fp32"), before=False),
            "now, --loss completion": timed(config("completion", "completion"), before=False),
            "now, --loss values (default)": timed(config("values", "values"), before=False),
            "now, --loss values --group-by-length": timed(config("grouped", "values", group_by_length=True), before=False)}
    for top in args.lora_layers:
        runs[f"  the same, --lora-layers {top}"] = timed(config(f"top{top}", "values", group_by_length=True, lora_layers=top), before=False)
    first = next(iter(runs.values()))
    print(f"\n{args.steps} steps of 8 recipes on {args.base}; seconds a step (first step left out):")
    for name, r in runs.items():
        print(f"  {name:42} {r['seconds_per_step']:6.2f} s  ({first['seconds_per_step'] / r['seconds_per_step']:.2f}x)")
    same = runs["now, --loss completion --precision fp32"]["losses"]
    gaps = [abs(a - b) / a for a, b in zip(first["losses"], same)]
    print(f"loss before:     {first['losses']}\nloss now, fp32: {same}\nlargest relative gap {max(gaps):.4f} "
          f"({'within' if max(gaps) <= TOLERANCE else 'OUTSIDE'} the tolerance {TOLERANCE})")
    drift = [abs(a - b) / a for a, b in zip(same, runs["now, --loss completion"]["losses"])]
    print(f"loss now, bf16: {runs['now, --loss completion']['losses']}\nbf16 moves the curve by up to {max(drift):.3f} (relative)")
    print(f"the values loss (another objective): {runs['now, --loss values (default)']['losses']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"steps": args.steps, "base": args.base, "runs": runs, "largest_gap": max(gaps)}, indent=1))


if __name__ == "__main__":
    main()
