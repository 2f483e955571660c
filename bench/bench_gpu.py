"""GPU throughput of the local backend at real model sizes (Llama-2-7B, Llama-3.2-1B shapes), on one card.

Nothing can be downloaded on the benchmark machine, and weights do not change speed, so the models are
randomly initialised (bf16, SDPA attention, on the GPU) from the exact configurations of
meta-llama/Llama-2-7b-hf and meta-llama/Llama-3.2-1B, written out below. The tokenizer is a byte-level
BPE trained here on generated recipes (the tiny base's kind); every recipe is padded or cut so that its
chat prompt is the study's 276 input tokens. Five boolean fields (the recipes task).

Measured side by side in one run:
- ours: LocalStudent.classify (length-sorted batches, decodes only the field values; texts in, labels
  out, tokenisation included), at a few batch sizes, the best one then over all recipes, and once more
  with the shared system-prompt prefix computed once per batch (LocalStudent.reuse_prefix, off by default);
- plain: transformers `generate` of the free-form JSON answer, batched (left padding), greedy, exactly
  42 new tokens (the study's average answer; random weights never stop by themselves).
Printed: recipes/s of each, the achieved TFLOP/s (model FLOPs: 2 x linear parameters per token fed, plus
causal attention and the LM head where it is applied) against this card's bf16 matmul peak measured here,
and what the 2,147,248-recipe corpus would cost at the price table's $/h. Appends to bench/RESULTS.md.

    python bench/bench_gpu.py --model llama-3.2-1b
    python bench/bench_gpu.py --model llama-2-7b
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import (
    prices,
    process,  # noqa: E402
)
from pipeline.base import train_tokenizer
from pipeline.classify import AnswerPlan, LocalStudent
from pipeline.sample import generate_recipe
from pipeline.task import load_task

CORPUS = 2_147_248
PROMPT_TOKENS = 276  # the study's average input per recipe
ANSWER_TOKENS = 42  # the study's average output per recipe
GOALS = {"llama-2-7b": 100, "llama-3.2-1b": 600}  # recipes/s on one H100

# config.json of meta-llama/Llama-2-7b-hf and meta-llama/Llama-3.2-1B (the fields that shape compute)
CONFIGS = {
    "llama-2-7b": dict(  # noqa: C408 - keyword form, as in config.json
        vocab_size=32000, hidden_size=4096, intermediate_size=11008, num_hidden_layers=32, num_attention_heads=32,
        num_key_value_heads=32, max_position_embeddings=4096, rms_norm_eps=1e-5, rope_theta=10000.0,
        hidden_act="silu", tie_word_embeddings=False, attention_bias=False, mlp_bias=False,
        bos_token_id=1, eos_token_id=2,
    ),
    "llama-3.2-1b": dict(  # noqa: C408
        vocab_size=128256, hidden_size=2048, intermediate_size=8192, num_hidden_layers=16, num_attention_heads=32,
        num_key_value_heads=8, head_dim=64, max_position_embeddings=131072, rms_norm_eps=1e-5, rope_theta=500000.0,
        rope_scaling={"factor": 32.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                      "original_max_position_embeddings": 8192, "rope_type": "llama3"},
        hidden_act="silu", tie_word_embeddings=True, attention_bias=False, mlp_bias=False,
        bos_token_id=128000, eos_token_id=128001,
    ),
}
BATCH_SIZES = {"llama-2-7b": [64, 128, 256], "llama-3.2-1b": [128, 256, 512]}
DEVICE = "cuda"


def sync() -> None:
    import torch

    if DEVICE == "cuda":
        torch.cuda.synchronize()


def matmul_peak_tflops(n: int = 8192, repeats: int = 50) -> float:
    """This card's dense bf16 matmul rate: best of several timed n x n x n products."""
    import torch

    if DEVICE != "cuda":  # --cpu-smoke: a rough figure, only so the arithmetic runs
        a = torch.randn(512, 512)
        start = time.perf_counter()
        for _ in range(10):
            a @ a
        return 2 * 512**3 * 10 / (time.perf_counter() - start) / 1e12

    a = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
    for _ in range(5):
        a @ b
    best = float("inf")
    for _ in range(5):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(repeats):
            a @ b
        end.record()
        torch.cuda.synchronize()
        best = min(best, start.elapsed_time(end) / 1000 / repeats)
    return 2 * n**3 / best / 1e12


def build_model(name: str, pad_id: int):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(**CONFIGS[name], pad_token_id=pad_id, attn_implementation="sdpa")
    torch.manual_seed(0)
    with torch.device(DEVICE):
        previous = torch.get_default_dtype()
        torch.set_default_dtype(torch.bfloat16 if DEVICE == "cuda" else torch.float32)
        try:
            model = LlamaForCausalLM(config)
        finally:
            torch.set_default_dtype(previous)
    return model.eval()


def student_for(model, tokenizer, task, name: str) -> LocalStudent:
    """A LocalStudent around a model already in memory (LocalStudent() itself loads from a folder)."""
    student = LocalStudent.__new__(LocalStudent)
    student.adapter, student.base_model = "", f"random-init {name}"
    student.task, student.tokenizer, student.model = task, tokenizer, model
    student.device = next(model.parameters()).device
    student.names = task.field_names
    student.plan = AnswerPlan(task, tokenizer, student.render(""))
    student.max_text_tokens = 10**6
    return student


def fitted_texts(student: LocalStudent, n: int, target: int) -> list[str]:
    """n generated recipes, each padded (by repeating itself) or cut so its chat prompt is `target` tokens."""
    tok = student.tokenizer
    overhead = len(student.encode(student.render("")))
    texts = []
    for i in range(n):
        text, _ = generate_recipe(random.Random(f"gpu:{i}"))
        ids = student.encode(text)
        want = target - overhead
        for _ in range(4):  # decode/encode round trips may move a token or two
            body = (ids * (want // max(1, len(ids)) + 1))[:want]
            candidate = tok.decode(body)
            got = len(student.encode(student.render(candidate)))
            if got == target:
                break
            want += target - got
        texts.append(candidate)
    return texts


def flops_per_recipe(name: str, tokens_fed: float, head_positions: float) -> float:
    c = CONFIGS[name]
    d, ff, layers, vocab = c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"], c["vocab_size"]
    kv = c["num_key_value_heads"] * c.get("head_dim", d // c["num_attention_heads"])
    linear = layers * (2 * d * d + 2 * d * kv + 3 * d * ff)
    attention = layers * 2 * d * tokens_fed**2  # QK^T and AV over the causal half, 2 FLOPs per multiply-add
    return 2 * linear * tokens_fed + attention + 2 * d * vocab * head_positions


def time_ours(student: LocalStudent, texts: list[str], batch_size: int) -> tuple[float, list[dict]]:
    sync()
    start = time.perf_counter()
    results = student.classify(texts, batch_size=batch_size)
    sync()
    return len(texts) / (time.perf_counter() - start), results


def time_plain(student: LocalStudent, texts: list[str], batch_size: int) -> float:
    """transformers generate of the free-form answer, batched with left padding, 42 tokens each."""
    import torch

    tok, model = student.tokenizer, student.model
    tok.padding_side = "left"
    sync()
    start = time.perf_counter()
    for i in range(0, len(texts), batch_size):
        prompts = [student.render(t) for t in texts[i:i + batch_size]]
        enc = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False).to(DEVICE)
        with torch.inference_mode():
            out = model.generate(**enc, max_new_tokens=ANSWER_TOKENS, min_new_tokens=ANSWER_TOKENS, do_sample=False,
                                 pad_token_id=tok.pad_token_id)
        tok.batch_decode(out[:, enc["input_ids"].shape[1]:], skip_special_tokens=True)
    sync()
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", choices=sorted(CONFIGS), default="llama-3.2-1b")
    ap.add_argument("--n", type=int, default=2000, help="recipes for our backend")
    ap.add_argument("--n-sweep", type=int, default=512, help="recipes per batch size tried")
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=None)
    ap.add_argument("--n-plain", type=int, default=512, help="recipes for plain generate")
    ap.add_argument("--plain-batch-size", type=int, default=64)
    ap.add_argument("--hardware", default="h100", help="price table entry for the corpus cost")
    ap.add_argument("--results", default=str(Path(__file__).with_name("RESULTS.md")), help="append the figures here ('' = don't)")
    ap.add_argument("--json", default="")
    ap.add_argument("--cpu-smoke", action="store_true", help="check the script on a CPU with 2-layer, 64-wide models (figures meaningless, nothing appended)")
    args = ap.parse_args()
    process.set_up()

    import torch
    import transformers

    global DEVICE
    if args.cpu_smoke:
        DEVICE, args.results = "cpu", ""
        for c in CONFIGS.values():
            c.update(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                     num_key_value_heads=min(4, c["num_key_value_heads"]), vocab_size=4096, head_dim=16)
    elif not torch.cuda.is_available():
        sys.exit("error: no CUDA GPU visible; this benchmark needs one (see bench_batch.py for the CPU figures)")
    device = torch.cuda.get_device_name(0) if DEVICE == "cuda" else "CPU (smoke test)"
    peak = matmul_peak_tflops()
    print(f"{device}: measured bf16 matmul peak {peak:.0f} TFLOP/s")

    task = load_task("recipes")
    tokenizer = train_tokenizer([generate_recipe(random.Random(f"tok:{i}"))[0] for i in range(3000)], 2048)
    start = time.perf_counter()
    model = build_model(args.model, tokenizer.pad_token_id)
    params = sum(p.numel() for p in model.parameters())
    print(f"{args.model}: {params / 1e9:.2f}B parameters, {next(model.parameters()).dtype}, "
          f"attention {model.config._attn_implementation}, built in {time.perf_counter() - start:.0f} s")
    student = student_for(model, tokenizer, task, args.model)
    texts = fitted_texts(student, max(args.n, args.n_plain), PROMPT_TOKENS)

    student.classify(texts[:64], batch_size=64)  # warm-up (kernels, allocator)
    sweep = {}
    for bs in args.batch_sizes or BATCH_SIZES[args.model]:
        sweep[bs], _ = time_ours(student, texts[: args.n_sweep], bs)
        print(f"  ours, batch {bs}: {sweep[bs]:.1f} recipes/s (n={args.n_sweep})")
    best_bs = max(sweep, key=sweep.get)
    ours, results = time_ours(student, texts[: args.n], best_bs)
    prompt = sum(r["prompt_tokens"] for r in results) / len(results)
    answer = sum(len(student.encode(task.answer_text(r["labels"]))) for r in results) / len(results)
    errors = sum(r["error"] is not None for r in results)
    student.reuse_prefix = True  # the same, the shared prefix's cache computed once per batch
    with_prefix, _ = time_ours(student, texts[: args.n], best_bs)
    prefix_tokens = len(student.shared_prefix())
    student.reuse_prefix = False

    time_plain(student, texts[:8], 8)  # warm-up
    plain = time_plain(student, texts[: args.n_plain], args.plain_batch_size)

    ours_flops = flops_per_recipe(args.model, prompt + answer, len(task.fields))
    plain_flops = flops_per_recipe(args.model, prompt + ANSWER_TOKENS, ANSWER_TOKENS)
    hourly = prices.hourly(args.hardware)
    figures = {
        "date": datetime.date.today().isoformat(), "device": device, "torch": torch.__version__,
        "transformers": transformers.__version__, "model": args.model, "parameters_b": round(params / 1e9, 2),
        "peak_bf16_tflops": round(peak), "prompt_tokens_mean": round(prompt, 1), "answer_tokens_mean": round(answer, 1),
        "ours": {"recipes_per_s": round(ours, 1), "batch_size": best_bs, "n": args.n, "errors": errors,
                 "with_prefix_reuse_recipes_per_s": round(with_prefix, 1), "prefix_tokens": prefix_tokens,
                 "tflops": round(ours_flops * ours / 1e12), "sweep": {str(k): round(v, 1) for k, v in sweep.items()}},
        "plain": {"recipes_per_s": round(plain, 1), "batch_size": args.plain_batch_size, "n": args.n_plain,
                  "tflops": round(plain_flops * plain / 1e12)},
        "hardware": args.hardware, "dollars_per_hour": hourly.dollars, "price_source": hourly.source,
        "goal_recipes_per_s": GOALS[args.model],
    }
    for way in ("ours", "plain"):
        f = figures[way]
        f["mfu"] = round(f["tflops"] / peak, 3)
        f["corpus_hours"] = round(CORPUS / f["recipes_per_s"] / 3600, 2)
        f["corpus_dollars"] = round(f["corpus_hours"] * hourly.dollars, 2)
    figures["speedup"] = round(ours / plain, 1)
    figures["goal_met"] = ours >= GOALS[args.model]

    rows = [
        f"| way | recipes/s | TFLOP/s (share of {peak:.0f} peak) | corpus hours | corpus $ at ${hourly.dollars}/h |",
        "| --- | --- | --- | --- | --- |",
    ]
    for way, label in (("ours", f"Understudy local backend (batch {best_bs}, n={args.n})"),
                       ("plain", f"transformers generate, 42 tokens (batch {args.plain_batch_size}, n={args.n_plain})")):
        f = figures[way]
        rows.append(f"| {label} | {f['recipes_per_s']} | {f['tflops']} ({f['mfu']:.0%}) | {f['corpus_hours']} | {f['corpus_dollars']} |")
    goal = f"goal {GOALS[args.model]} recipes/s: {'met' if figures['goal_met'] else 'NOT met'}"
    print("\n".join(rows))
    prefix_note = (f"with the {prefix_tokens}-token shared prefix computed once per batch (reuse_prefix): "
                   f"{figures['ours']['with_prefix_reuse_recipes_per_s']} recipes/s")
    print(f"speed-up {figures['speedup']}x; {goal}; sweep {figures['ours']['sweep']}; {prefix_note}")
    if args.results:
        section = (
            f"\n## GPU: {args.model} shape, random init ({figures['date']})\n\n"
            f"{figures['date']}, {device}, torch {torch.__version__}, transformers {transformers.__version__}; "
            f"{figures['parameters_b']}B parameters, bf16, SDPA; prompts {figures['prompt_tokens_mean']} tokens, "
            f"answers {figures['answer_tokens_mean']} tokens fed (ours), five fields. Measured bf16 matmul peak "
            f"{peak:.0f} TFLOP/s. Price: {hourly.source}.\n\n"
            f"    python bench/bench_gpu.py --model {args.model}\n\n" + "\n".join(rows) +
            f"\n\nSpeed-up {figures['speedup']}x; {goal}; batch sizes tried (recipes/s): {figures['ours']['sweep']}; "
            f"{prefix_note}; {errors} errors.\n"
        )
        with open(args.results, "a", encoding="utf-8") as f:
            f.write(section)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
