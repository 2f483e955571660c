"""batch --engine ray against --engine local on one machine, and train --processes 2 against one process.

1. Classify (default): --n generated recipes (2,000) through the local engine and through the Ray engine
   with --workers actors on a local cluster of --cpus CPUs started here; recipes/s of each (wall clock,
   each loading its student: the local engine once, every Ray actor once), their ratio, Ray's overhead
   per row (its wall-clock time less the local engine's, over the rows), the cluster's start-up apart; whether the two give the same labels and confidences; then the Ray run again
   with one actor killed half-way (ray.kill), checking every row comes out once.
2. Train (--train DATASET): the demo's LoRA settings (lr 5e-3, r 16, alpha 32, dropout 0, batch 16,
   --epochs) trained in one process and in --processes 2 (gloo), each evaluated on the dataset's test
   split: agreement of each, and the wall-clock ratio.

    python -m pipeline demo --out demo
    python bench/bench_ray.py --adapter demo/adapter
    python bench/bench_ray.py --adapter demo/adapter --skip-classify --train demo/prepared --base demo/base

On 2 CPU cores the two engines share the same cores, so a ratio near 1 is the expected result: Ray's gain
is N actors on N GPUs or nodes at once (see the README, "More than one machine").
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_batch import write_corpus  # noqa: E402
from pipeline import batch, batch_ray, classify, evaluate, process  # noqa: E402
from pipeline.cli import quiet_libraries  # noqa: E402
from pipeline.student import LocalStudent  # noqa: E402


class DiesOnce:
    """A student whose actor is killed (ray.kill) during its second chunk, the first time only."""

    def __init__(self, adapter: str, marker: str):
        self.student, self.marker, self.calls = LocalStudent(adapter), marker, 0
        self.task = self.student.task

    def classify(self, texts, batch_size=32, progress=None):
        import ray

        self.calls += 1
        if self.calls == 2 and not os.path.exists(self.marker):
            open(self.marker, "w").close()
            ray.kill(ray.get_runtime_context().current_actor, no_restart=False)
            time.sleep(120)
        return self.student.classify(texts, batch_size, progress)


def rows(out: Path):
    import pandas as pd

    return pd.read_parquet(out).sort_values("row").reset_index(drop=True)


def bench_classify(args, work: Path) -> dict:
    import ray

    corpus = write_corpus(work / f"corpus-{args.n}.jsonl", args.n)
    settings = dict(input=str(corpus), adapter=args.adapter, chunk_size=args.chunk_size, batch_size=args.batch_size)
    for name in ("local", "ray", "ray-killed"):
        shutil.rmtree(work / name, ignore_errors=True)

    start = time.perf_counter()
    local = batch.run(batch.BatchConfig(out=str(work / "local"), **settings))
    local_seconds = time.perf_counter() - start  # with loading the student, as a user waits for it

    start = time.perf_counter()
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}})
    cluster_seconds = time.perf_counter() - start
    try:
        start = time.perf_counter()
        on_ray = batch_ray.run(batch.BatchConfig(out=str(work / "ray"), engine="ray", workers=args.workers, **settings))
        ray_seconds = time.perf_counter() - start
        marker = work / "killed"
        marker.unlink(missing_ok=True)
        killed = batch_ray.run(batch.BatchConfig(out=str(work / "ray-killed"), engine="ray", workers=args.workers, **settings),
                               make_student=functools.partial(DiesOnce, args.adapter, str(marker)))
    finally:
        ray.shutdown()
    a, b, k = rows(work / "local"), rows(work / "ray"), rows(work / "ray-killed")
    return {
        "n": args.n, "workers": args.workers, "cpus": args.cpus, "chunk_size": args.chunk_size, "batch_size": args.batch_size,
        "local_recipes_per_second": round(args.n / local_seconds, 1),
        "ray_recipes_per_second": round(args.n / ray_seconds, 1),
        "ray_over_local": round(local_seconds / ray_seconds, 3),
        "ray_overhead_ms_per_row": round(1000 * (ray_seconds - local_seconds) / args.n, 3),
        "ray_cluster_start_seconds": round(cluster_seconds, 1),
        "local_classifying_recipes_per_second": local["recipes_per_second"],
        "ray_classifying_recipes_per_second": on_ray["recipes_per_second"],
        "same_ids": list(a["id"]) == list(b["id"]),
        "same_labels": list(a["labels"]) == list(b["labels"]),
        "same_confidences": list(a["confidence"]) == list(b["confidence"]),
        "actor_killed": marker.exists(),
        "killed_run_every_row_once": list(k["row"]) == list(range(args.n)) and killed["rows"] == args.n,
        "killed_run_same_labels": list(k["labels"]) == list(a["labels"]),
    }


def train_and_evaluate(args, work: Path, processes: int) -> dict:
    out = work / f"adapter-{processes}"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "pipeline", "train", "--processes", str(processes), "--dataset", str(Path(args.train) / "dataset"),
               "--out", str(out), "--base-model", args.base, "--epochs", str(args.epochs), "--learning-rate", "5e-3", "--lora-r", "16",
               "--lora-alpha", "32", "--lora-dropout", "0", "--batch-size", "16", "--warmup-ratio", "0.05"]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    reference = str(Path(args.train) / "test.jsonl")
    predictions = work / f"predictions-{processes}.jsonl"
    classify.run(classify.ClassifyConfig(input=reference, out=str(predictions), adapter=str(out)))
    report = evaluate.run(evaluate.EvaluateConfig(predictions=[str(predictions)], reference=reference, out=str(work / f"eval-{processes}")))
    return {"seconds": round(seconds, 1), **{k: report[k] for k in evaluate.HEADLINE}}


def bench_train(args, work: Path) -> dict:
    one, two = train_and_evaluate(args, work, 1), train_and_evaluate(args, work, 2)
    return {"one_process": one, "two_processes": two,
            "agreement_difference_points": round(100 * (two["mean_agreement"] - one["mean_agreement"]), 2),
            "wall_clock_two_over_one": round(two["seconds"] / one["seconds"], 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--adapter", default="demo/adapter")
    ap.add_argument("--workdir", default="/tmp/understudy-bench-ray")
    ap.add_argument("--n", type=int, default=2_000, help="recipes to classify")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    ap.add_argument("--chunk-size", type=int, default=250)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--skip-classify", action="store_true")
    ap.add_argument("--train", default="", help="a prepared folder (dataset/, test.jsonl): also compare train --processes 2 with 1")
    ap.add_argument("--base", default="demo/base", help="base model for --train")
    ap.add_argument("--epochs", type=float, default=4.0)
    ap.add_argument("--json", default="", help="also write the figures to this JSON file")
    args = ap.parse_args()
    process.set_up()
    quiet_libraries()
    if not args.skip_classify and not Path(args.adapter, "adapter_config.json").exists():
        sys.exit(f"error: no adapter at {args.adapter}; run `python -m pipeline demo --out demo` first")
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    figures = {}
    if not args.skip_classify:
        figures["classify"] = bench_classify(args, work)
    if args.train:
        figures["train"] = bench_train(args, work)
    text = json.dumps(figures, indent=1, default=str)
    print(text)
    if args.json:
        Path(args.json).write_text(text)


if __name__ == "__main__":
    main()
