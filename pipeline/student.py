"""student: the students that classify, and StudentSpec, the one description of which student to use.

LocalStudent is a base model plus LoRA adapter in this process, decoding in batches, always validly.

The answer's shape is known in advance: `{"field":value,...}` with the task's fields in order. So
the decoder never generates free text. Keys and punctuation are forced tokens; at each field it only
chooses among that field's values, each value's token path (plus the punctuation up to the next key)
held in a small trie. A boolean field costs one forward step for the whole batch; the confidence of a
field is the model's probability of the chosen value, renormalised over the allowed values.

Rows in a batch are right-padded at every step (so no query row is ever fully masked) with explicit
position ids, and the language-model head is applied only at the positions that decide something.

StudentSpec (backend, url, adapter, adapter_id, base_model, api_key_env, ...) says which student to
use: the local one, or one behind a TGI or OpenAI-compatible server (pipeline.remote). ClassifyConfig and
BatchConfig are StudentSpecs, and the app's flags build one; `spec.load()` gives the student.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import calibration, remote
from pipeline.answer import AnswerPlan, Node  # noqa: F401 - student.AnswerPlan, as train and the tests name it
from pipeline.data import hash_file
from pipeline.errors import UserError
from pipeline.hub import adapter_folder
from pipeline.models import (
    SHIPPED_STUDENTS,
    adapter_task,
    bf16_for,
    is_large,
    load_model,
    load_tokenizer,
    resolve_base,
    tokenizer_source,
)
from pipeline.task import Task

log = logging.getLogger("understudy.student")

BACKENDS = ("local", "tgi", "openai")


def check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise UserError(f"--backend must be {', '.join(BACKENDS[:-1])} or {BACKENDS[-1]}, got {backend!r}")
    return backend


@dataclass
class StudentSpec:
    """Which student: an adapter (and base model) in this process, or one behind a server."""

    adapter: str = field(default="data/adapter", metadata={"help": "adapter folder, Hub id, or a shipped student: tiny or smollm2-135m ('' for the bare base model); "
                                                                   "not given: data/adapter, else the app's demo student, else the shipped tiny one (said on stderr)"})
    base_model: str = field(default="", metadata={"help": "base model id or folder (default: the adapter's own)"})
    task: str = field(default="", metadata={"help": "task name or YAML (default: the adapter's task)"})
    max_input_tokens: int = field(default=0, metadata={"help": "cut longer inputs to this many tokens (0: the model's context)"})
    backend: str = field(default="local", metadata={"help": "local (in-process), tgi (a TGI server's /generate) or openai (vLLM, TGI Messages, `serve`)"})
    url: str = field(default="", metadata={"help": "server URL for --backend tgi (e.g. http://localhost:8080) or openai (e.g. http://localhost:8000/v1)"})
    adapter_id: str = field(default="", metadata={"help": "LoRA adapter name on the server (TGI's adapter_id, vLLM's --lora-modules name)"})
    api_key_env: str = field(default="", metadata={"help": "environment variable holding the server's API key, sent as Bearer token (remote backends; '' = none)"})
    concurrency: int = field(default=16, metadata={"help": "requests in flight at once (remote backends)"})
    calibration: str = field(default="", metadata={"help": "calibration.json to apply to the confidences (default: the adapter folder's own, when `calibrate` wrote one)"})
    precision: str = field(default="auto", metadata={"help": "local backend: auto (bf16 autocast for real models on CPUs with native bf16), bf16 or fp32"})

    @property
    def remote(self) -> bool:
        return self.backend != "local"

    def check(self) -> "StudentSpec":
        """One line for a wrong backend or server URL, before anything is loaded."""
        if check_backend(self.backend) != "local":
            remote.check_server_url(self.backend, self.url)
        return self

    def describe(self) -> str:
        """The student in a few words: "TGI at URL, adapter ID", or the adapter."""
        if not self.remote:
            return self.adapter or self.base_model
        name = {"tgi": "TGI", "openai": "OpenAI-compatible server"}[self.backend]
        return f"{name} at {self.url}" + (f", adapter {self.adapter_id}" if self.adapter_id else "")

    def known_task(self) -> Task | None:
        """The task this student answers when it is known before anything loads: --task, or the task.json of a local
        adapter folder (None for a Hub id, a shipped name or no adapter: that is resolved as the student loads)."""
        folder = self.adapter if self.adapter and (Path(self.adapter) / "task.json").is_file() else None
        return adapter_task(folder, self.task) if self.task or folder else None

    def load(self):
        """The student: a LocalStudent, or a TGIStudent / OpenAIStudent connected to its server. Every
        student has .task, .classify(texts, batch_size, progress) and .describe()."""
        if check_backend(self.backend or "local") == "local":
            return LocalStudent(self.adapter, self.base_model, self.task or None, self.max_input_tokens, self.calibration,
                                self.precision or "auto")
        if self.concurrency < 1:
            raise UserError(f"--concurrency must be at least 1, got {self.concurrency}")
        key = ""
        if self.api_key_env:
            key = os.environ.get(self.api_key_env, "")
            if not key:
                raise UserError(f"--api-key-env {self.api_key_env}: that environment variable is empty; set it to the server's key")
        url = remote.check_server_url(self.backend, (self.url or "").strip())
        cls = remote.TGIStudent if self.backend == "tgi" else remote.OpenAIStudent
        folder = self.adapter if self.adapter and Path(self.adapter).is_dir() else None
        task = adapter_task(folder, self.task or None)
        student = cls(url.rstrip("/"), self.adapter_id or "", task, adapter=self.adapter or "", base_model=self.base_model or "",
                      max_input_tokens=self.max_input_tokens or 0, concurrency=self.concurrency, api_key=key)
        student.calibration = calibration.find(folder, task, self.calibration or None)
        return student


class _Row:
    """One text's progress through the answer: which field, where in its trie, what was chosen."""

    def __init__(self, plan: AnswerPlan, names: list[str]):
        self.plan, self.names = plan, names
        self.k, self.node = 0, plan.tries[0]
        self.labels, self.confidence = {}, {}
        self.field_prob = 1.0
        self.done = False

    def advance(self) -> list[int]:
        """Walk forced tokens until a real choice (or the end); return the tokens to feed."""
        fed = []
        while not self.done:
            node = self.node
            if node.value is not None and not node.children:
                name = self.names[self.k]
                self.labels[name], self.confidence[name] = node.value, round(self.field_prob, 4)
                self.k, self.field_prob = self.k + 1, 1.0
                if self.k == len(self.names):
                    self.done = True
                    break
                self.node = self.plan.tries[self.k]
            elif len(node.children) == 1:
                tok, self.node = next(iter(node.children.items()))
                fed.append(tok)
            else:
                break
        return fed

    def choose(self, logits, column: dict[int, int] | None = None) -> int:
        """Pick the likeliest allowed next token; keep its renormalised probability. `logits` covers
        the vocabulary, or only some tokens when `column` maps a token to its place in it."""
        import torch

        allowed = list(self.node.children)
        probs = torch.softmax(logits[allowed if column is None else [column[t] for t in allowed]].float(), dim=-1)
        best = int(torch.argmax(probs))
        self.field_prob *= float(probs[best])
        tok = allowed[best]
        self.node = self.node.children[tok]
        return tok


# ----------------------------------------------------------------------------------------------------
# The student
# ----------------------------------------------------------------------------------------------------


def resolve_local(adapter: str = "", base_model: str = "", task: Task | str | None = None) -> tuple[str, str, Task]:
    """(adapter folder, base model, task) of a local student, without loading it: a Hub id becomes its snapshot
    folder, the base model comes from the adapter when not given, the task from the adapter's task.json."""
    if adapter in SHIPPED_STUDENTS and not Path(adapter).exists():  # a shipped student by name: tiny, smollm2-135m
        adapter = str(SHIPPED_STUDENTS[adapter])
    adapter = adapter_folder(adapter)  # a Hub id (user/name[@revision]) → its snapshot folder
    if adapter:
        path = Path(adapter)
        if not (path / "adapter_config.json").is_file():
            raise UserError(f"adapter folder not found or incomplete: {adapter} (no adapter_config.json); train one with `python -m pipeline train` or pass --adapter")
        base_model = resolve_base(path, base_model)
    if not base_model:
        raise UserError("no base model: pass --base-model or an --adapter folder")
    return adapter, base_model, adapter_task(adapter, task)


class LocalStudent:
    """A base model (plus LoRA adapter, merged for speed) in this process, decoding under the task."""

    def __init__(self, adapter: str = "", base_model: str = "", task: Task | str | None = None, max_input_tokens: int = 0,
                 calibration_file: str = "", precision: str = "auto"):
        adapter, base_model, self.task = resolve_local(adapter, base_model, task)
        self.adapter, self.base_model = adapter, base_model
        self.calibration = calibration.find(adapter, self.task, calibration_file or None)  # None: confidences as the model gives them
        self.tokenizer = load_tokenizer(tokenizer_source(adapter, base_model))
        model = load_model(base_model)
        if adapter:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, adapter).merge_and_unload()
        self.model = model.eval()
        self.device = next(model.parameters()).device
        # A real model (tens of millions of parameters and more) on a CPU with native bf16: its matrix products under
        # bf16 autocast (1.7x a forward pass here), and the prompt's shared prefix (chat template, system prompt) run
        # once per batch. The tiny model's time is Python's, not arithmetic's: neither pays there.
        self.autocast = self.device.type == "cpu" and bf16_for(precision, model)
        self.reuse_prefix = is_large(model)
        self.names = self.task.field_names
        empty_prompt = self.render("")
        self.plan = AnswerPlan(self.task, self.tokenizer, empty_prompt)
        context = getattr(model.config, "max_position_embeddings", 2048) or 2048
        answer_room = 8 + sum(_depth(t) for t in self.plan.tries) + len(self.plan.start)
        overhead = len(self.encode(empty_prompt))
        room = context - answer_room - overhead
        self.max_text_tokens = min(room, max_input_tokens) if max_input_tokens else room
        self.max_prompt_tokens = self.max_text_tokens + overhead  # a rendered prompt: the text plus the chat template

    def describe(self) -> dict:
        return {"backend": "local", "base_model": self.base_model, "adapter": self.adapter}

    @functools.cached_property
    def fingerprint(self) -> str:
        """What OpenAI's replies call system_fingerprint: it changes when the model answering does (the adapter's
        weights, the base's name, the calibration), so a caller can tell which student answered."""
        h = hashlib.sha256(Path(self.base_model).name.encode() if Path(self.base_model).exists() else self.base_model.encode())
        weights = Path(self.adapter) / "adapter_model.safetensors" if self.adapter else None
        if weights is not None and weights.is_file():
            hash_file(weights, h)
        if self.calibration is not None:
            h.update(json.dumps(self.calibration.temperatures, sort_keys=True).encode())
        return "fp_" + h.hexdigest()[:12]

    def render(self, text: str) -> str:
        return self.tokenizer.apply_chat_template(self.task.prompt_messages(text), add_generation_prompt=True, tokenize=False)

    def encode(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    def prompt_ids(self, text: str) -> tuple[list[int], str | None]:
        """The chat prompt's tokens, the text cut to fit the context (with a warning) when too long."""
        warning = None
        ids = self.encode(text)
        if len(ids) > self.max_text_tokens:
            warning = f"input cut from {len(ids)} to {self.max_text_tokens} tokens to fit the model's context"
            text = self.tokenizer.decode(ids[: self.max_text_tokens])
        return self.encode(self.render(text)), warning

    def classify(self, texts: list[str], batch_size: int = 32, progress=None, calibrated: bool = True) -> list[dict]:
        """One result per text: {labels, confidence, prompt_tokens} or {error}; a bad row never costs
        the others. prompt_tokens counts the chat prompt the model read (after any cut). With a calibration
        (and `calibrated`), confidence is calibrated and raw_confidence is the model's own."""
        results: list[dict | None] = [None] * len(texts)
        prompts = {}
        usable = []
        for i, text in enumerate(texts):
            if not isinstance(text, str) or not text.strip():
                results[i] = {"labels": None, "confidence": None, "error": "empty input"}
            else:
                usable.append(i)
        # every chat prompt tokenized in one call (the tokenizer's own threads; one text at a time cost
        # a third of the CPU time); only those near the context limit go through prompt_ids, which cuts exactly
        rendered = self.tokenizer([self.render(texts[i]) for i in usable], add_special_tokens=False)["input_ids"] if usable else []
        room = self.max_text_tokens + len(self.encode(self.render(""))) - 8  # 8: tokens merging across the text's edges
        for i, ids in zip(usable, rendered):
            if len(ids) <= room:
                prompts[i] = ids
                continue
            prompts[i], warning = self.prompt_ids(texts[i])
            if warning:
                log.warning("row %d: %s", i, warning)
                results[i] = {"warning": warning}
        for i, outcome in self._decode_in_batches(prompts, batch_size, progress).items():
            results[i] = {**outcome, **(results[i] or {})}
        if progress is not None:
            progress.update(len(texts) - len(prompts))
        if calibrated and self.calibration:
            self.calibration.apply(results)
        return self.task.add_input_warnings(texts, results)

    def classify_prompts(self, prompts: list[str], batch_size: int = 32) -> list[dict]:
        """Like classify, for chat prompts already rendered (as TGI's /generate receives them): one result
        per prompt, {labels, confidence, prompt_tokens, tokens} or {error}, where tokens is the decoder's
        path (see answer_tokens). The caller keeps prompts within max_prompt_tokens; nothing is cut."""
        results = [{"labels": None, "confidence": None, "error": "empty input"} for _ in prompts]
        usable = [i for i, p in enumerate(prompts) if isinstance(p, str) and p.strip()]
        ids = self.tokenizer([prompts[i] for i in usable], add_special_tokens=False)["input_ids"] if usable else []
        for i, outcome in self._decode_in_batches(dict(zip(usable, ids)), batch_size).items():
            tokens = self.answer_tokens(outcome["labels"], outcome["confidence"]) if outcome["labels"] else []
            results[i] = {**outcome, "tokens": tokens}
        return results

    def answer_tokens(self, labels: dict, confidence: dict) -> list[tuple[int, str, float]]:
        """The decoder's token path for these labels, as (id, text, logprob): forced tokens (keys,
        punctuation) have logprob 0, a field's first deciding token the log of the field's confidence."""
        path = [(tok, 0.0) for tok in self.plan.start]
        for root, f in zip(self.plan.tries, self.task.fields):
            node, decided = root, False
            for tok in _trie_path(root, labels[f.name]):
                choice = len(node.children) > 1
                logprob = math.log(max(confidence.get(f.name, 1.0), 1e-12)) if choice and not decided else 0.0
                decided = decided or choice
                path.append((tok, logprob))
                node = node.children[tok]
        return [(int(tok), self.tokenizer.decode([tok]), logprob) for tok, logprob in path]

    def _decode_in_batches(self, prompts: dict[int, list[int]], batch_size: int, progress=None) -> dict[int, dict]:
        """Decode token prompts (row → ids), similar lengths sharing a batch: row → {labels, confidence,
        error, prompt_tokens}."""
        outcomes = {}
        order = sorted(prompts, key=lambda i: len(prompts[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            for i, outcome in zip(chunk, self._decode_safely([prompts[i] for i in chunk])):
                outcomes[i] = {**outcome, "prompt_tokens": len(prompts[i])}
            if progress is not None:
                progress.update(len(chunk))
        return outcomes

    def _decode_safely(self, prompts: list[list[int]]) -> list[dict]:
        """Decode a batch; if it fails (e.g. out of memory), retry its rows one by one so a bad row
        costs only itself."""
        try:
            return [{"labels": r.labels, "confidence": r.confidence, "error": None} for r in self._decode(prompts)]
        except Exception as e:  # noqa: BLE001 - any failure must stay inside its row
            if len(prompts) == 1:
                log.warning("row failed: %s", e)
                return [{"labels": None, "confidence": None, "error": f"{type(e).__name__}: {e}"}]
            return [out for p in prompts for out in self._decode_safely([p])]

    def _decode(self, prompts: list[list[int]]) -> list[_Row]:
        import torch

        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.autocast):
            return self._decode_batch(prompts)

    # Run the shared prefix once per batch and copy its cache to every row? On for real models (set in __init__);
    # off for the tiny one, where it did not pay clearly (bench/RESULTS.md); bench/bench_gpu.py measures it on a GPU.
    reuse_prefix = False

    def shared_prefix(self) -> list[int]:
        """The tokens every chat prompt starts with (template and system prompt), less one token in case
        the text's first token merges with the last one; [] when reuse_prefix is off."""
        if not self.reuse_prefix:
            return []
        if getattr(self, "_prefix", None) is None:
            a, b = self.encode(self.render("Alpha")), self.encode(self.render("Zulu"))
            n = 0
            while n < min(len(a), len(b)) and a[n] == b[n]:
                n += 1
            self._prefix = a[: max(0, n - 1)]
        return self._prefix

    def _decode_batch(self, prompts: list[list[int]]) -> list[_Row]:
        import torch
        from transformers import DynamicCache

        rows = [_Row(self.plan, self.names) for _ in prompts]
        decoder, head = self.model.get_decoder(), self.model.get_output_embeddings()
        cache = DynamicCache()
        # the chat template and system prompt every prompt starts with: run once, its cache copied per row
        prefix = self.shared_prefix()
        if not prefix or any(p[: len(prefix)] != prefix for p in prompts):
            prefix = []
        if prefix:
            decoder(input_ids=torch.tensor([prefix], device=self.device), past_key_values=cache, use_cache=True)
            cache.batch_repeat_interleave(len(rows))
        segments = [p[len(prefix):] + self.plan.start + row.advance() for p, row in zip(prompts, rows)]
        seen = torch.full((len(rows),), len(prefix), dtype=torch.long)  # real tokens fed so far, per row
        mask = torch.ones(len(rows), len(prefix), dtype=torch.long)
        pad = self.tokenizer.pad_token_id
        while True:
            active = [i for i, row in enumerate(rows) if not row.done]
            if not active:
                return rows
            width = max(1, max(len(s) for s in segments))
            lengths = torch.tensor([len(s) for s in segments])
            ids = torch.tensor([s + [pad] * (width - len(s)) for s in segments])
            seg_mask = (torch.arange(width)[None, :] < lengths[:, None]).long()
            positions = seen[:, None] + torch.arange(width)[None, :]
            mask = torch.cat([mask, seg_mask], dim=1)
            out = decoder(
                input_ids=ids.to(self.device), attention_mask=mask.to(self.device), position_ids=positions.to(self.device),
                past_key_values=cache, use_cache=True,
            )
            seen += lengths
            last = (lengths - 1).clamp(min=0)
            hidden = out.last_hidden_state[torch.tensor(active, device=self.device), last[active].to(self.device)]
            if self.autocast:  # the head at these few positions in fp32: bf16 logits would move the confidences
                with torch.autocast("cpu", enabled=False):
                    logits = head(hidden.float())
            else:
                logits = head(hidden)
            # one copy per step of just the allowed tokens' logits: on a GPU, choosing row by row on
            # the device would cost a few kernel launches and a synchronisation per row
            allowed = sorted({t for i in active for t in rows[i].node.children})
            column = {t: k for k, t in enumerate(allowed)}
            logits = logits[:, allowed].float().cpu()
            segments = [[] for _ in rows]
            for j, i in enumerate(active):
                tok = rows[i].choose(logits[j], column)
                segments[i] = [tok] + rows[i].advance()


def _depth(node: Node) -> int:
    return 1 + max((_depth(c) for c in node.children.values()), default=0)


def _trie_path(node: Node, value) -> list[int]:
    """The token path in an answer trie that spells `value`."""
    for tok, child in node.children.items():
        if child.value == value and not child.children:
            return [tok]
        rest = _trie_path(child, value)
        if rest:
            return [tok, *rest]
    return []
