"""The offline base model: a tiny Llama-architecture causal LM built here from nothing.

1. A byte-level BPE tokenizer is trained on unlabeled sample recipes and generic JSON records (so it
   covers any UTF-8 text, and knows JSON syntax as a real base model does).
2. A small LlamaForCausalLM is pretrained for a fixed number of steps on the same text. The JSON
   records have random snake_case keys and random values: they teach syntax, never a recipe's label.
3. Both are saved with save_pretrained, so every stage loads the folder through
   AutoTokenizer / AutoModelForCausalLM.from_pretrained exactly as it would a Hub model id.

It is the default base model when none is given; it exists so the whole pipeline runs offline on a
CPU. For real work pass a Hub id (e.g. meta-llama/Llama-3.2-1B-Instruct) to the train stage.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.models import CHAT_TEMPLATE, SPECIAL_TOKENS
from pipeline.sample import generate

DEFAULT_BASE = "data/base"
@dataclass
class BaseConfig:
    out: str = field(default=DEFAULT_BASE, metadata={"help": "folder to save the model and tokenizer in"})
    n_texts: int = field(default=3000, metadata={"help": "unlabeled sample recipes to train on"})
    n_json: int = field(default=1500, metadata={"help": "generic JSON records mixed into the text"})
    lookup_share: float = field(default=0.5, metadata={"help": "share of recipes followed by a word-lookup JSON object"})
    seed: int = field(default=1234, metadata={"help": "seed for the texts and the weights"})
    vocab_size: int = field(default=2048, metadata={"help": "BPE vocabulary size"})
    hidden_size: int = field(default=64, metadata={"help": "model width"})
    layers: int = field(default=3, metadata={"help": "transformer layers"})
    heads: int = field(default=2, metadata={"help": "attention heads"})
    context: int = field(default=1024, metadata={"help": "maximum context length in tokens"})
    steps: int = field(default=900, metadata={"help": "pretraining steps"})
    batch_size: int = field(default=16, metadata={"help": "sequences per step"})
    block_size: int = field(default=192, metadata={"help": "tokens per training sequence"})
    lr: float = field(default=3e-3, metadata={"help": "peak learning rate"})


_KEY_WORDS = (
    "has is requires contains uses needs over under time total prep cook mins hours main side dish course "
    "non fish meat oven stove grill microwave served serves vegetarian vegan gluten free dairy spicy sweet "
    "name id count price rating level type kind color size weight enabled visible valid ready public "
    "title source author date year page first last max min avg user item order status label score"
).split()


def json_records(n: int, seed: int) -> list[str]:
    """Generic JSON objects (compact and spaced, random keys and values) for the base to learn syntax."""
    import json
    import random

    rng = random.Random(seed)
    values = (lambda: rng.random() < 0.5, lambda: rng.randint(0, 500), lambda: rng.choice(_KEY_WORDS),
              lambda: round(rng.random() * 10, 2), lambda: None)
    records = []
    for _ in range(n):
        obj = {"_".join(rng.sample(_KEY_WORDS, rng.randint(1, 4))): rng.choice(values)() for _ in range(rng.randint(2, 7))}
        compact = rng.random() < 0.7
        records.append(json.dumps(obj, separators=(",", ":") if compact else (", ", ": ")))
    return records


def with_word_lookup(text: str, rng, vocabulary: list[str]) -> str:
    """A recipe followed by a JSON object saying whether it mentions a few words (half of them from
    the text, half not): generic reading practice, the way a real base model arrives able to find a
    word in its context. The words are random; none is a label of any task."""
    import json

    words = sorted({w.lower() for w in text.replace(",", " ").replace(".", " ").split() if w.isalpha() and len(w) > 2})
    if not words:
        return text
    present = rng.sample(words, min(len(words), rng.randint(2, 4)))
    absent = [w for w in rng.sample(vocabulary, 6) if w not in words][: rng.randint(2, 4)]
    keys = present + absent
    rng.shuffle(keys)
    lowered = text.lower()
    return text + "\n" + json.dumps({k: k in lowered and k in words for k in keys}, separators=(",", ":"))


def train_tokenizer(texts: list[str], vocab_size: int):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<|pad|>", eos_token="<|end|>", bos_token=None, unk_token=None
    )
    fast.chat_template = CHAT_TEMPLATE
    fast.padding_side = "left"
    return fast


def build_model(config: BaseConfig, tokenizer):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(config.seed)
    llama = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=config.hidden_size,
        intermediate_size=int(config.hidden_size * 8 / 3 / 16 + 1) * 16,
        num_hidden_layers=config.layers,
        num_attention_heads=config.heads,
        num_key_value_heads=config.heads,
        max_position_embeddings=config.context,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=None,
        tie_word_embeddings=True,
    )
    return LlamaForCausalLM(llama)


def token_blocks(texts: list[str], tokenizer, block_size: int):
    """All texts as one token stream (each ending with the end token), cut into equal blocks."""
    import torch

    ids: list[int] = []
    for text in texts:
        ids.extend(tokenizer(text, add_special_tokens=False)["input_ids"])
        ids.append(tokenizer.eos_token_id)
    n = len(ids) // block_size
    return torch.tensor(ids[: n * block_size]).view(n, block_size)


def pretrain(model, blocks, config: BaseConfig, progress=None) -> list[float]:
    """A plain causal-LM loop: AdamW, linear warm-up then cosine decay. Returns the loss per step."""
    import torch

    gen = torch.Generator().manual_seed(config.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.1, betas=(0.9, 0.95))
    warmup = max(1, config.steps // 20)
    losses = []
    model.train()
    for step in range(config.steps):
        lr = config.lr * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * step / config.steps))
        for group in opt.param_groups:
            group["lr"] = lr
        batch = blocks[torch.randint(len(blocks), (config.batch_size,), generator=gen)]
        loss = model(input_ids=batch, labels=batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        losses.append(round(loss.item(), 4))
        if progress:
            progress.set_postfix(loss=f"{losses[-1]:.3f}")
            progress.update(1)
    model.eval()
    return losses


class _Relay:
    """A progress bar that also tells `on_step(done, total)` (the app's progress bar)."""

    def __init__(self, bar, on_step, total: int):
        self.bar, self.on_step, self.total, self.done = bar, on_step, total, 0

    def set_postfix(self, **kwargs):
        self.bar.set_postfix(**kwargs)

    def update(self, n: int = 1):
        self.bar.update(n)
        self.done += n
        if self.on_step:
            self.on_step(self.done, self.total)


def run(config: BaseConfig, on_step: Callable[[int, int], None] | None = None) -> dict:
    """Build and save the tiny base model; `on_step(done, total)` follows pretraining."""
    import json
    import random

    from tqdm.auto import tqdm


    start = time.time()
    out = Path(config.out)
    rng = random.Random(config.seed)
    recipes = [row["recipe"] for row in generate(config.n_texts, seed=config.seed)]
    vocabulary = sorted({w.lower() for r in recipes[:500] for w in r.split() if w.isalpha() and len(w) > 2})
    texts = [with_word_lookup(r, rng, vocabulary) if rng.random() < config.lookup_share else r for r in recipes]
    texts += json_records(config.n_json, config.seed)
    rng.shuffle(texts)
    tokenizer = train_tokenizer(texts, config.vocab_size)
    model = build_model(config, tokenizer)
    blocks = token_blocks(texts, tokenizer, config.block_size)
    with tqdm(total=config.steps, desc="pretraining the tiny base model", unit="step") as bar:
        losses = pretrain(model, blocks, config, progress=_Relay(bar, on_step, config.steps))
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    summary = {
        "parameters": sum(p.numel() for p in model.parameters()),
        "tokens_seen": config.steps * config.batch_size * config.block_size,
        "first_loss": losses[0],
        "final_loss": round(sum(losses[-10:]) / len(losses[-10:]), 4),
        "seconds": round(time.time() - start, 1),
        "config": asdict(config),
    }
    (out / "pretraining.json").write_text(json.dumps({**summary, "losses": losses}, indent=1))
    (out / "README.md").write_text(
        "# Understudy tiny offline base model\n\n"
        f"A {summary['parameters'] / 1e6:.1f}M-parameter Llama-architecture causal LM with a byte-level BPE "
        f"tokenizer, both trained from nothing on {config.n_texts} generated recipes and {config.n_json} generic JSON records "
        f"({summary['tokens_seen']:,} tokens, final loss {summary['final_loss']}).\n"
        "It exists so Understudy runs offline on a CPU; it is not a general language model.\n"
    )
    return {"path": str(out), **summary}


def ensure_base(model_id: str) -> str:
    """Build the tiny default base model when it is asked for and missing; any other id passes through."""
    if model_id == DEFAULT_BASE and not (Path(model_id) / "config.json").exists():
        print(f"No base model at {model_id}: building the tiny offline one (about a minute).")
        run(BaseConfig(out=model_id))
    return model_id
