"""Batch classification of a file (CPU): speed against the plain way, and memory over a large corpus.

1. Speed: `batch` over a JSONL file of --n-speed generated recipes (streamed, parquet parts), the same
   recipes through LocalStudent.classify in memory (what `classify` does), and transformers `generate`
   one recipe at a time then json.loads (the plain way, --n-plain recipes). The ratio batch / plain is
   the one bench_classify.py measures for the in-memory path.
2. Memory: `batch` over --n recipes (100,000 by default), the process's resident memory sampled after
   every batch; printed per 10% of the corpus with the peak, to show it stays flat.

    python -m pipeline demo --out demo
    python bench/bench_batch.py --adapter demo/adapter
    python bench/bench_batch.py --adapter demo/adapter --skip-memory --prefix-rounds 4
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_classify import plain_generate
from pipeline import (
    batch,
    process,  # noqa: E402
)
from pipeline.cli import quiet_libraries
from pipeline.sample import generate_recipe
from pipeline.student import LocalStudent


def write_corpus(path: Path, n: int, seed: int = 7) -> Path:
    """n generated recipes as JSONL, one at a time (the generator never holds the corpus either)."""
    if path.exists() and sum(1 for _ in path.open("rb")) == n:
        return path
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text, _ = generate_recipe(random.Random(f"{seed}:{i}"))
            f.write(json.dumps({"id": f"r{seed}-{i:07d}", "recipe": text}, ensure_ascii=False) + "\n")
    return path


def rss_mib() -> tuple[float, float]:
    """(resident now, resident peak) of this process in MiB, from /proc/self/status."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--adapter", default="demo/adapter")
    ap.add_argument("--workdir", default="/tmp/understudy-bench-batch", help="where the generated corpora and outputs go")
    ap.add_argument("--n", type=int, default=100_000, help="recipes for the memory run")
    ap.add_argument("--n-speed", type=int, default=2_000, help="recipes for the speed comparison")
    ap.add_argument("--n-plain", type=int, default=100, help="recipes for the plain way (it is slow)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--chunk-size", type=int, default=10_000)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--prefix-rounds", type=int, default=0, help="also time classify with and without the shared-prefix cache, alternating, this many rounds")
    ap.add_argument("--json", default="", help="also write the figures to this JSON file")
    args = ap.parse_args()
    process.set_up()
    quiet_libraries()
    if not Path(args.adapter, "adapter_config.json").exists():
        sys.exit(f"error: no adapter at {args.adapter}; run `python -m pipeline demo --out demo` first")
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    import shutil

    student = LocalStudent(args.adapter)
    figures: dict = {"model": student.base_model, "adapter": args.adapter, "batch_size": args.batch_size,
                     "chunk_size": args.chunk_size}

    # 1. speed
    speed_file = write_corpus(work / f"corpus-{args.n_speed}.jsonl", args.n_speed)
    texts = [json.loads(line)["recipe"] for line in speed_file.open()]
    student.classify(texts[:16], batch_size=16)  # warm-up
    shutil.rmtree(work / "out-speed", ignore_errors=True)
    result = batch.run(batch.BatchConfig(input=str(speed_file), out=str(work / "out-speed"), adapter=args.adapter,
                                         chunk_size=args.chunk_size, batch_size=args.batch_size), student)
    figures["batch_recipes_per_s"] = result["recipes_per_second"]
    start = time.perf_counter()
    student.classify(texts, batch_size=args.batch_size)
    figures["in_memory_recipes_per_s"] = round(len(texts) / (time.perf_counter() - start), 2)
    plain_s, plain = plain_generate(student, texts[: args.n_plain])
    figures["plain_recipes_per_s"] = round(args.n_plain / plain_s, 2)
    figures["plain_invalid_rate"] = round(sum(a is None for a in plain) / args.n_plain, 4)
    figures["batch_vs_plain"] = round(figures["batch_recipes_per_s"] / figures["plain_recipes_per_s"], 1)
    figures["in_memory_vs_plain"] = round(figures["in_memory_recipes_per_s"] / figures["plain_recipes_per_s"], 1)
    print(f"{'':36}{'recipes/s':>10}")
    print(f"{'batch (file → parquet parts)':36}{figures['batch_recipes_per_s']:10.2f}   (n={args.n_speed}, batch {args.batch_size})")
    print(f"{'LocalStudent.classify (in memory)':36}{figures['in_memory_recipes_per_s']:10.2f}   (n={args.n_speed})")
    print(f"{'generate + json.loads, one at a time':36}{figures['plain_recipes_per_s']:10.2f}   (n={args.n_plain})")
    print(f"batch / plain: {figures['batch_vs_plain']}x; in memory / plain: {figures['in_memory_vs_plain']}x")

    if args.prefix_rounds:
        on = LocalStudent(args.adapter)
        on.reuse_prefix = True
        on.classify(texts[:16], batch_size=16)
        rounds = {"off": [], "on": []}
        for _ in range(args.prefix_rounds):
            for name, s in (("off", student), ("on", on)):
                start = time.perf_counter()
                got = s.classify(texts, batch_size=args.batch_size)
                rounds[name].append(round(len(texts) / (time.perf_counter() - start), 1))
                if name == "off":
                    reference = got
            same = sum(a["labels"] == b["labels"] for a, b in zip(reference, got))
        figures["prefix_reuse"] = {**rounds, "prefix_tokens": len(on.shared_prefix()), "same_labels": f"{same}/{len(texts)}"}
        print(f"shared-prefix cache ({len(on.shared_prefix())} tokens), recipes/s per round: off {rounds['off']}, "
              f"on {rounds['on']}; same labels {same}/{len(texts)}")

    # 2. memory over a large corpus
    if not args.skip_memory:
        big = write_corpus(work / f"corpus-{args.n}.jsonl", args.n)
        shutil.rmtree(work / "out-memory", ignore_errors=True)
        samples: list[tuple[int, float]] = []

        def sample(done: int, total: int | None) -> None:
            samples.append((done, rss_mib()[0]))

        before = rss_mib()[0]
        result = batch.run(batch.BatchConfig(input=str(big), out=str(work / "out-memory"), adapter=args.adapter,
                                             chunk_size=args.chunk_size, batch_size=args.batch_size), student, progress=sample)
        marks = {}
        for done, rss in samples:
            marks[min(10, done * 10 // args.n)] = rss  # last sample in each tenth
        figures["memory"] = {
            "recipes": args.n, "file_mib": round(big.stat().st_size / 2**20, 1), "rss_before_mib": round(before, 1),
            "rss_by_tenth_mib": {f"{k * 10}%": round(v, 1) for k, v in sorted(marks.items())},
            "rss_peak_mib": round(rss_mib()[1], 1), "recipes_per_s": result["recipes_per_second"],
        }
        m = figures["memory"]
        print(f"\nmemory over {args.n:,} recipes ({m['file_mib']} MiB of JSONL), chunk {args.chunk_size:,}: "
              f"{m['recipes_per_s']} recipes/s")
        print("resident MiB: before " + f"{m['rss_before_mib']}, " + ", ".join(f"{k} {v}" for k, v in m["rss_by_tenth_mib"].items())
              + f"; peak {m['rss_peak_mib']}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
