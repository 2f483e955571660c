"""Local backend vs the plain way, side by side on the same model in one run.

The plain way is what a user writes without Understudy: transformers `generate` one recipe at a time
(greedy, free-form), then json.loads and a check against the task. Ours is the batched decoder that
only chooses field values. Prints recipes/s and the invalid-output rate of each, and the speed ratio.

    python bench/bench_classify.py --adapter demo/adapter --input demo/prepared/test.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import process  # noqa: E402
from pipeline.cli import quiet_libraries  # noqa: E402
from pipeline.data import read_rows  # noqa: E402
from pipeline.student import LocalStudent  # noqa: E402
from pipeline.task import InvalidAnswer  # noqa: E402


def plain_generate(student: LocalStudent, texts: list[str], max_new_tokens: int = 96) -> tuple[float, list]:
    import torch

    tok, model = student.tokenizer, student.model
    answers = []
    start = time.perf_counter()
    for text in texts:
        ids = tok.apply_chat_template(student.task.prompt_messages(text), add_generation_prompt=True, return_tensors="pt", return_dict=True)
        with torch.no_grad():
            out = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False, pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id)
        raw = tok.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True)
        try:
            answers.append(student.task.parse_answer(raw))
        except InvalidAnswer:
            answers.append(None)
    return time.perf_counter() - start, answers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--adapter", default="demo/adapter")
    ap.add_argument("--input", default="demo/prepared/test.jsonl")
    ap.add_argument("--n", type=int, default=200, help="recipes for our backend")
    ap.add_argument("--n-plain", type=int, default=50, help="recipes for the plain way (it is slow)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--json", default="", help="also write the figures to this JSON file")
    ap.add_argument("--precision", action="store_true", help="also ours in fp32 and without the prefix cache, on the same recipes: "
                    "recipes/s, and the labels and confidences bf16 changes")
    args = ap.parse_args()
    process.set_up()
    quiet_libraries()
    if not Path(args.adapter, "adapter_config.json").exists():
        sys.exit(f"error: no adapter at {args.adapter}; run `python -m pipeline demo --out demo` first")
    rows = read_rows(args.input)
    texts = [r["recipe"] for r in rows]
    while len(texts) < args.n:
        texts = texts + texts
    student = LocalStudent(args.adapter)
    student.classify(texts[:8], batch_size=8)  # warm-up

    start = time.perf_counter()
    ours = student.classify(texts[: args.n], batch_size=args.batch_size)
    ours_s = time.perf_counter() - start
    plain_s, plain = plain_generate(student, texts[: args.n_plain])

    same = sum(1 for a, b in zip(ours, plain) if b is not None and a["labels"] == b)
    figures = {
        "model": student.base_model, "adapter": args.adapter,
        "ours_recipes_per_s": round(args.n / ours_s, 2), "ours_invalid_rate": sum(r.get("error") is not None for r in ours) / args.n,
        "plain_recipes_per_s": round(args.n_plain / plain_s, 2), "plain_invalid_rate": round(sum(a is None for a in plain) / args.n_plain, 4),
        "same_labels_where_plain_valid": f"{same}/{sum(a is not None for a in plain)}",
    }
    figures["speedup"] = round(figures["ours_recipes_per_s"] / figures["plain_recipes_per_s"], 1)
    if args.precision:
        figures["variants"] = variants(args, texts[: args.n], ours, student)
    print(f"{'':28}{'recipes/s':>12}{'invalid':>10}")
    print(f"{'understudy local backend':28}{figures['ours_recipes_per_s']:12.2f}{figures['ours_invalid_rate']:10.3f}   (n={args.n}, batch {args.batch_size})")
    print(f"{'generate + json.loads':28}{figures['plain_recipes_per_s']:12.2f}{figures['plain_invalid_rate']:10.3f}   (n={args.n_plain}, one at a time)")
    print(f"speed-up: {figures['speedup']}x; same labels where the plain answer was valid: {figures['same_labels_where_plain_valid']}")
    for name, v in figures.get("variants", {}).items():
        print(f"{name:28}{v['recipes_per_s']:12.2f}   same labels as ours on {v['same_fields']} fields; largest confidence gap {v['largest_gap']}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


def variants(args, texts: list[str], ours: list[dict], student: LocalStudent) -> dict:
    """Ours again without the prefix cache, and in fp32 (a student of its own), side by side on the same recipes."""
    out = {}
    fp32 = LocalStudent(args.adapter, precision="fp32")
    fp32.classify(texts[:8], batch_size=8)
    runs = (("ours without the prefix cache", student, False), ("ours in fp32", fp32, student.reuse_prefix))
    for name, who, prefix in runs:
        saved, who.reuse_prefix = who.reuse_prefix, prefix
        start = time.perf_counter()
        got = who.classify(texts, batch_size=args.batch_size)
        seconds = time.perf_counter() - start
        who.reuse_prefix = saved
        pairs = [(a["labels"][f], b["labels"][f], a["confidence"][f], b["confidence"][f]) for a, b in zip(ours, got) for f in a["labels"]]
        same = sum(x == y for x, y, _, _ in pairs)
        gaps = [abs(c - d) for x, y, c, d in pairs if x == y]
        out[name] = {"recipes_per_s": round(len(texts) / seconds, 2), "same_fields": f"{same}/{len(pairs)}",
                     "largest_gap": round(max(gaps), 4)}
    return out


if __name__ == "__main__":
    main()
