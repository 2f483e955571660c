"""Labels per second of `label` at concurrency 1 and 16 against the project's OpenAI-compatible server
with 50 ms of latency added to every call (as a remote teacher would have), side by side.

    python bench/bench_label.py [--latency 0.05] [--n1 64] [--n16 1024] [--adapter DIR]

The server runs in its own process, as a remote teacher would. By default it answers with a rule-based
stand-in student (instant), so the numbers measure the labeling client: its concurrency, retries, cache
writes and the SDK. --adapter serves a real student instead; the server micro-batches requests that
arrive together, so 16 in flight share forward passes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import (
    process,  # noqa: E402
    sample,  # noqa: E402
)
from pipeline.label import LabelConfig, run  # noqa: E402
from pipeline.task import load_task  # noqa: E402


class RuleStudent:
    """Answers instantly by keywords: enough to exercise the server and the client."""

    adapter, base_model, max_text_tokens = "rules", "rules", 100_000

    def __init__(self):
        self.task = load_task("recipes")

    def encode(self, text):
        return text.split()

    def render(self, text):
        return self.task.system_prompt + "\n" + text

    def classify(self, texts, batch_size=32):
        out = []
        for text in texts:
            low = text.lower()
            words = {f.name: any(w in low for w in f.name.split("_")) for f in self.task.fields}
            labels = {f.name: words[f.name] if f.type == "boolean" else f.choices[0] for f in self.task.fields}
            out.append({"labels": labels, "confidence": {k: 1.0 for k in labels}, "error": None, "prompt_tokens": len(self.encode(text))})
        return out


class Latency:
    """ASGI middleware: waits `seconds` (without blocking the server) before each chat completion."""

    def __init__(self, app, seconds):
        self.app, self.seconds = app, seconds

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].endswith("/chat/completions"):
            await asyncio.sleep(self.seconds)
        await self.app(scope, receive, send)


def serve_forever(adapter: str, latency: float, ports) -> None:
    """The server process: the student (rules, or the adapter) behind the project's server, with the
    latency added. One torch thread: the tiny model's work is bound by Python, not arithmetic, and the
    labeling client needs the other core (measured: 123 against 107 labels/s at concurrency 16)."""
    import logging

    from pipeline.cli import quiet_libraries
    from pipeline.serve import ServeConfig, make_server

    process.set_up()  # the server's own process, as `serve` sets it up
    quiet_libraries()
    if adapter:
        from pipeline.student import LocalStudent

        student = LocalStudent(adapter)
    else:
        student = RuleStudent()
    srv = make_server(ServeConfig(adapter=adapter, port=0, model_name="teacher", threads=1), student)
    srv.config.app = Latency(srv.config.app, latency)
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.02)
    ports.put(srv.servers[0].sockets[0].getsockname()[1])
    thread.join()


def serve(adapter: str, latency: float):
    """The server in its own process, as a remote teacher is: the client's threads and the server's
    model work do not share one interpreter lock."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    proc = ctx.Process(target=serve_forever, args=(adapter, latency, ports), daemon=True)
    proc.start()
    return proc, f"http://127.0.0.1:{ports.get(timeout=300)}/v1"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--latency", type=float, default=0.05)
    p.add_argument("--n1", type=int, default=64)
    p.add_argument("--n16", type=int, default=1024)
    p.add_argument("--adapter", default="")
    args = p.parse_args()
    process.set_up()
    os.environ.setdefault("OPENAI_API_KEY", "unused")

    proc, url = serve(args.adapter, args.latency)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        rows = sample.generate(args.n1 + args.n16, seed=11)
        for concurrency, n, part in ((1, args.n1, rows[: args.n1]), (16, args.n16, rows[args.n1:])):
            path = Path(tmp) / f"in{concurrency}.jsonl"
            path.write_text("".join(json.dumps({"id": r["id"], "recipe": r["recipe"]}) + "\n" for r in part))
            cfg = LabelConfig(input=str(path), out=str(Path(tmp) / f"out{concurrency}.jsonl"), model="teacher", base_url=url,
                              concurrency=concurrency, cache=str(Path(tmp) / f"cache{concurrency}.sqlite"), progress=False)
            start = time.perf_counter()
            s = run(cfg)
            seconds = time.perf_counter() - start
            assert s["labeled"] == n and s["from_cache"] == 0, s
            results[concurrency] = {"rows": n, "seconds": round(seconds, 2), "labels_per_s": round(n / seconds, 1)}
    proc.terminate()
    proc.join(timeout=10)

    print(f"\nteacher latency {args.latency * 1000:.0f} ms per call, student: {'adapter ' + args.adapter if args.adapter else 'rules'}")
    print(f"{'concurrency':>11} {'rows':>6} {'seconds':>8} {'labels/s':>9}")
    for c, r in results.items():
        print(f"{c:>11} {r['rows']:>6} {r['seconds']:>8.2f} {r['labels_per_s']:>9.1f}")
    ratio = results[16]["labels_per_s"] / results[1]["labels_per_s"]
    print(f"speed-up at 16: {ratio:.1f}x (goal >= 10x)")
    print(json.dumps({"latency_s": args.latency, "results": results, "ratio": round(ratio, 2)}))


if __name__ == "__main__":
    main()
