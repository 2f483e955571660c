"""The proxy's cost to a call, its student mode's rate, and its audits under an upstream that changes its answers.

    python bench/bench_proxy.py [--calls 300] [--json out.json]

Three parts, each printed as a table:
1. Overhead in record mode. Two local upstreams, each its own process: the project's server answering as "gpt-4"
   with the shipped tiny student (`serve`), and a replay server that answers every call at once with one recorded
   reply of that server (so only the proxy's own work is left to see). The proxy (`python -m pipeline proxy`, its
   own process, storing every call) sits in front of each. One client sends the same task call alternately direct
   and through the proxy; printed: median and p90 latency of each, and the median of the paired differences (the
   proxy's overhead).
2. Student mode against `serve`, the same student, 16 callers at once: recipes/s through each.
3. Audits: the proxy in student mode with --audit-rate 0.25; the upstream answers as the shipped student for the
   first half of the calls, then as the bare tiny base model (no adapter; it answers the task, badly). Printed:
   after each block of calls, the audited answers so far, the running agreement and its upper bound, and whether
   the warning is up.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.cli import quiet_libraries  # noqa: E402
from pipeline.data import read_rows  # noqa: E402
from pipeline.sample import SampleConfig  # noqa: E402
from pipeline.sample import run as make_sample  # noqa: E402
from pipeline.task import load_task  # noqa: E402

SHIPPED = ROOT / "pipeline" / "demo_student"
TASK = load_task("recipes")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{url} did not come up")
        time.sleep(0.1)


@contextlib.contextmanager
def process(args: list[str], health: str, env: dict | None = None):
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(health, proc)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=30)


REPLAY = '''
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
body = open(sys.argv[1], "rb").read()
async def chat(request):
    await request.body()
    return Response(body, media_type="application/json")
async def health(request):
    return Response(b"ok")
uvicorn.run(Starlette(routes=[Route("/v1/chat/completions", chat, methods=["POST"]), Route("/health", health)]),
            host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
'''


def latencies(url_a: str, url_b: str, body: dict, calls: int) -> tuple[list[float], list[float]]:
    """Alternate calls to a and b (a first, then b first, ...), one client, keep-alive: (a's, b's) seconds."""
    a, b = [], []
    with httpx.Client(timeout=60) as client:
        for url in (url_a, url_b):  # warm both
            for _ in range(10):
                client.post(url, json=body).raise_for_status()
        for i in range(calls):
            for url, out in ((url_a, a), (url_b, b)) if i % 2 == 0 else ((url_b, b), (url_a, a)):
                t = time.perf_counter()
                client.post(url, json=body).raise_for_status()
                out.append(time.perf_counter() - t)
    return a, b


def p90(xs: list[float]) -> float:
    return sorted(xs)[int(0.9 * (len(xs) - 1))]


def overhead(calls: int, text: str, work: Path) -> list[dict]:
    rows = []
    body = TASK.chat_request("gpt-4", "tools", text)
    serve_port = free_port()
    serve = ["-m", "pipeline", "serve", "--adapter", str(SHIPPED / "adapter"), "--model-name", "gpt-4", "--port", str(serve_port)]
    with process(serve, f"http://127.0.0.1:{serve_port}/health"):
        recorded = httpx.post(f"http://127.0.0.1:{serve_port}/v1/chat/completions", json=body, timeout=60).content
        (work / "reply.json").write_bytes(recorded)
        (work / "replay.py").write_text(REPLAY)
        replay_port = free_port()
        with process([str(work / "replay.py"), str(work / "reply.json"), str(replay_port)], f"http://127.0.0.1:{replay_port}/health"):
            for name, port in (("serve (tiny student)", serve_port), ("replay (instant)", replay_port)):
                proxy_port = free_port()
                store = work / f"overhead-{replay_port if 'replay' in name else serve_port}.sqlite"
                args = ["-m", "pipeline", "proxy", "--upstream", f"http://127.0.0.1:{port}/v1", "--store", str(store), "--port", str(proxy_port)]
                with process(args, f"http://127.0.0.1:{proxy_port}/health"):
                    direct, proxied = latencies(f"http://127.0.0.1:{port}/v1/chat/completions",
                                                f"http://127.0.0.1:{proxy_port}/v1/chat/completions", body, calls)
                paired = [p - d for d, p in zip(direct, proxied)]
                rows.append({"upstream": name, "calls": calls, "direct_median_ms": round(1000 * statistics.median(direct), 2),
                             "direct_p90_ms": round(1000 * p90(direct), 2), "proxy_median_ms": round(1000 * statistics.median(proxied), 2),
                             "proxy_p90_ms": round(1000 * p90(proxied), 2), "overhead_median_ms": round(1000 * statistics.median(paired), 2)})
    return rows


def student_rate(texts: list[str], work: Path) -> list[dict]:
    rows = []
    serve_port, up_port = free_port(), free_port()
    serve = ["-m", "pipeline", "serve", "--adapter", str(SHIPPED / "adapter"), "--model-name", "gpt-4", "--port", str(serve_port)]
    with process(serve, f"http://127.0.0.1:{serve_port}/health"):
        up = [str(work / "replay.py"), str(work / "reply.json"), str(up_port)]
        with process(up, f"http://127.0.0.1:{up_port}/health"):
            proxy_port = free_port()
            args = ["-m", "pipeline", "proxy", "--adapter", str(SHIPPED / "adapter"), "--mode", "student", "--upstream",
                    f"http://127.0.0.1:{up_port}/v1", "--store", str(work / "student.sqlite"), "--port", str(proxy_port)]
            with process(args, f"http://127.0.0.1:{proxy_port}/health"):
                for name, url in (("serve", f"http://127.0.0.1:{serve_port}/v1/chat/completions"),
                                  ("proxy --mode student", f"http://127.0.0.1:{proxy_port}/v1/chat/completions")):
                    with httpx.Client(timeout=120, limits=httpx.Limits(max_connections=32)) as client:
                        client.post(url, json=TASK.chat_request("gpt-4", "tools", texts[0])).raise_for_status()
                        t = time.perf_counter()
                        with ThreadPoolExecutor(16) as pool:
                            for r in pool.map(lambda x: client.post(url, json=TASK.chat_request("gpt-4", "tools", x)), texts):
                                r.raise_for_status()
                        rows.append({"server": name, "recipes": len(texts), "callers": 16,
                                     "recipes_per_s": round(len(texts) / (time.perf_counter() - t), 1)})
    return rows


def audits(texts: list[str], work: Path) -> list[dict]:
    import uvicorn

    from pipeline import proxy
    from pipeline.serve import create_app
    from pipeline.student import LocalStudent
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import run_in_thread

    class Switchable:
        def __init__(self, student):
            self.current = student

        def __getattr__(self, name):
            return getattr(self.current, name)

    good, bare = LocalStudent(str(SHIPPED / "adapter")), LocalStudent("", base_model=str(SHIPPED / "base"))
    upstream = Switchable(good)
    srv = uvicorn.Server(uvicorn.Config(create_app(upstream, "gpt-4"), host="127.0.0.1", port=0, log_level="error"))
    _, port = run_in_thread(srv)
    cfg = proxy.ProxyConfig(adapter=str(SHIPPED / "adapter"), mode="student", audit_rate=0.25, seed=1, upstream=f"http://127.0.0.1:{port}/v1",
                            store=str(work / "audits.sqlite"), port=0)
    psrv = proxy.make_server(cfg)
    _, pport = run_in_thread(psrv)
    rows, half, block = [], len(texts) // 2, len(texts) // 8
    with httpx.Client(timeout=120) as client:
        for i, text in enumerate(texts, 1):
            if i == half + 1:
                upstream.current = bare
            client.post(f"http://127.0.0.1:{pport}/v1/chat/completions", json=TASK.chat_request("gpt-4", "tools", text)).raise_for_status()
            if i % block == 0:
                time.sleep(0.5)  # let the audits in flight finish
                a = client.get(f"http://127.0.0.1:{pport}/v1/understudy/stats").json()["audits"]
                rows.append({"calls": i, "upstream answers as": "the student" if i <= half else "the bare base", "audited": a["audited"],
                             "agreement": a["agreement"], "upper_bound": a["high"], "warning": bool(a["warnings"])})
    psrv.should_exit = srv.should_exit = True
    return rows


def table(rows: list[dict]) -> str:
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join([*lines, *("| " + " | ".join(str(r[k]) for k in head) + " |" for r in rows)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=300, help="calls each way for the overhead")
    ap.add_argument("--json", default="", help="write the figures here too")
    args = ap.parse_args()
    quiet_libraries()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sample = make_sample(SampleConfig(out=str(work / "sample"), n=400, seed=77))
        texts = [r["recipe"] for r in read_rows(sample["unlabeled"])]
        out = {"overhead": overhead(args.calls, texts[0], work)}
        print("record mode, one client, alternating direct and through the proxy:\n" + table(out["overhead"]) + "\n", flush=True)
        out["student_rate"] = student_rate(texts[:320], work)
        print("student mode against serve, the same student, 16 callers:\n" + table(out["student_rate"]) + "\n", flush=True)
        out["audits"] = audits(texts, work)
        print("audits at rate 0.25; the upstream changes its answers half-way:\n" + table(out["audits"]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    threading.Event().wait(0)


if __name__ == "__main__":
    main()
