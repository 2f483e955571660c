"""Remote students: classify through a server instead of in-process.

Two backends, chosen with `classify --backend`:

- `tgi`: Text Generation Inference's own /generate, through huggingface_hub.InferenceClient.
  The prompt is rendered here with the student's chat template (the tokenizer is read from the
  adapter folder, or --base-model, or the model id TGI reports in /info); each request carries
  `adapter_id` (TGI's multi-LoRA: the adapter named in LORA_ADAPTERS), a grammar
  {"type": "regex", "value": the task's exact answer (Task.answer_regex)} so every answer is valid and
  spelt as the student learned it (a JSON-schema grammar would also allow whitespace and keys spelt in
  pieces, token paths the student never trained on), and `details` with `top_n_tokens` for per-field confidence.
- `openai`: any OpenAI-compatible chat endpoint through the openai SDK. The engine is detected from the route
  each has beside /v1, and each gets the task's exact answer in its own constraint language: TGI's Messages API
  (GET /info names its router) a regex as {"type": "regex", "value": ...} response_format; vLLM (GET /version)
  a regex as `structured_outputs`; llama.cpp's llama-server (GET /props) a GBNF `grammar` over token ids, the
  student's exact token path (AnswerPlan.token_gbnf, from the model's tokenizer; Task.answer_gbnf over characters
  when no tokenizer can be loaded).
  Anything else (OpenAI's own, this project's `serve`) gets the strict JSON schema as response_format. On vLLM
  the adapter is a LoRA module picked with `model`. (A JSON schema alone let a SmolLM2 student on llama-server
  open with a fence and spell keys a character at a time: 550 of 750 fields equal to the local student's.)

Both keep `concurrency` requests in flight (a thread pool) and retry transient failures (429, 5xx,
timeouts, dropped connections) with exponential backoff and full jitter. Results have the same shape
as LocalStudent.classify: {labels, confidence, error, prompt_tokens}.

Before the first text, a probe request checks the server: unreachable, a URL that is not TGI (or not
OpenAI-compatible), a grammar or schema the server refuses, an adapter it does not have: each is a
UserError with one line. TGI silently answers with the base model when `adapter_id` names an adapter
it has not loaded; the probe therefore asks once with the adapter and once without, and if the two
answers are identical to the last logprob, the adapter is not loaded (a trained LoRA always moves
them; an untrained one, all zeros, would be reported too).

Per-field confidence comes from the standard fields only: OpenAI's `choices[0].logprobs.content[]`
(each token's `logprob` and `top_logprobs`, asked with `logprobs: true, top_logprobs: k`) and TGI's
`details.tokens` and `details.top_tokens` (asked with `details: true, top_n_tokens: k`). Servers
differ in what those logprobs are: TGI reports them after its grammar's mask, but vLLM reports them
before the mask (the raw model distribution over the whole vocabulary) unless it runs with
`--logprobs-mode processed_logprobs`. So the client renormalises itself: at each token of a field's
value, the chosen token's probability is divided by that of the listed candidates that could still
spell one of the field's allowed values (whitespace the grammar allows before a value is not a value),
and the field's confidence is the product over the value's tokens. Where no other candidate could
spell an allowed value (none listed, or the alternatives fell out of the top k), the token's own
probability counts: exact for processed logprobs, and for raw ones an underestimate, never an
overestimate. Tokens after the value is decided (only the chosen value can still be spelled) are
forced by the grammar and count as 1, whatever their raw logprob. With this project's server (processed logprobs, the allowed alternatives listed) the
result equals LocalStudent's confidence.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from pipeline.answer import AnswerPlan
from pipeline.errors import UserError
from pipeline.models import load_tokenizer, resolve_base, tokenizer_source
from pipeline.retry import backoff, transient
from pipeline.task import InvalidAnswer, Task

log = logging.getLogger("understudy.remote")

PROBE_TEXT = "Buttered toast\n\nIngredients:\n- 2 slices bread\n- 1 Tbsp. butter\n\nDirections:\n- Toast the bread.\n- Spread with butter."
MAX_RETRIES = 4
TIMEOUT = 120.0


def check_server_url(backend: str, url: str) -> str:
    """The --url a remote backend needs, or one line saying what it should look like."""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"--backend {backend} needs --url http(s)://host:port{'/v1' if backend == 'openai' else ''}, got {url!r}")
    return url


# ----------------------------------------------------------------------------------------------------
# Confidence from token logprobs
# ----------------------------------------------------------------------------------------------------


def field_confidence(task: Task, tokens: list[tuple[str, float]], top: list | None = None) -> dict:
    """Per field: the probability of the value chosen, renormalised over the field's allowed values.

    tokens: (text, logprob) per generated token; top: per token a list of (text, logprob) candidates,
    or None. See the module docstring."""
    joined, starts = "", []
    for text, _ in tokens:
        starts.append(len(joined))
        joined += text
    out = {}
    for f in task.fields:
        m = re.search(r'"%s"\s*:\s*' % re.escape(f.name), joined)
        if not m:
            continue
        values = [json.dumps(v, ensure_ascii=False) for v in f.values]
        chosen = next((v for v in values if joined.startswith(v, m.end())), None)
        if chosen is None:
            continue
        out[f.name] = round(_value_probability(values, chosen, m.end(), joined, tokens, starts, top), 4)
    return out


def _value_probability(values: list[str], chosen: str, pos: int, joined: str, tokens: list, starts: list[int], top) -> float:
    """The product, over the tokens that spell the value at joined[pos:], of each token's share of the
    candidates that could still spell an allowed value (or its own probability where none other could)."""
    p, end = 1.0, pos + len(chosen)
    for i, (text, logprob) in enumerate(tokens):
        if starts[i] + len(text) <= pos or starts[i] >= end:
            continue
        candidates = top[i] if top and i < len(top) and top[i] else []
        before = joined[starts[i]:pos] if starts[i] < pos else ""  # the key's end or whitespace, in the same token
        spelled = joined[pos:starts[i]] if starts[i] > pos else ""  # the value's tokens before this one
        if spelled and [v for v in values if v.startswith(spelled)] == [chosen]:
            continue  # the value is already decided: the grammar forces this token, whatever the raw logprob
        share = _share(values, chosen, before, spelled, (text, logprob), candidates)
        p *= share if share is not None else math.exp(logprob)
    return p


def _share(values: list[str], chosen: str, before: str, spelled: str, token: tuple[str, float], candidates: list) -> float | None:
    """The chosen token's share of the candidates' probability that could still spell an allowed value
    (None when no candidate keeps another value possible)."""
    head = before.rstrip()

    def spells(text: str) -> list[str]:
        """The allowed values this candidate keeps possible."""
        if not text.startswith(head):
            return []
        rest = text[len(head):] if spelled else text[len(head):].lstrip()
        if not rest:
            return []  # whitespace or punctuation only: not a value
        so_far = spelled + rest
        return [v for v in values if v.startswith(so_far) or so_far.startswith(v)]

    if chosen not in spells(token[0]):
        return None
    mine = total = 0.0
    seen, rivals = set(), False
    for text, logprob in [token, *candidates]:
        hits = spells(text)
        if text in seen or not hits:
            continue
        seen.add(text)
        rivals = rivals or any(v != chosen for v in hits)
        total += math.exp(logprob)
        mine += math.exp(logprob) if chosen in hits else 0.0
    return mine / total if rivals and total > 0 else None


# ----------------------------------------------------------------------------------------------------
# What both backends share: concurrency, retries, the result shape
# ----------------------------------------------------------------------------------------------------


class Transient(Exception):
    """A failure worth retrying."""


class RemoteStudent:
    backend = "remote"

    def __init__(self, url: str, adapter_id: str, task: Task, adapter: str = "", base_model: str = "",
                 max_input_tokens: int = 0, concurrency: int = 16, api_key: str = "", max_retries: int = MAX_RETRIES):
        self.url, self.adapter_id, self.task = url, adapter_id, task
        self.adapter, self.base_model, self.max_input_tokens = adapter, base_model, max_input_tokens
        self.concurrency, self.api_key, self.max_retries = concurrency, api_key, max_retries
        self.model = ""  # what the server calls its model, set by connect()
        self.server = ""  # which engine answers (OpenAIStudent.connect: tgi, llama.cpp, vllm, openai)
        self.calibration = None  # a calibration.Calibration to apply to the server's confidences (StudentSpec.load sets it)
        self.retries = 0
        self.lock = threading.Lock()
        self.connect()

    def describe(self) -> dict:
        out = {"backend": self.backend, "url": self.url, "model": self.model, "adapter_id": self.adapter_id}
        if self.server:
            out["server"] = self.server
        return out

    def classify(self, texts: list[str], batch_size: int = 32, progress=None, calibrated: bool = True) -> list[dict]:
        """One result per text, as LocalStudent.classify; `batch_size` is unused (the server batches). A server
        gives the model's own confidences; the calibration, when there is one, is applied here."""
        def one(text):
            try:
                if not isinstance(text, str) or not text.strip():
                    return {"labels": None, "confidence": None, "error": "empty input"}
                return self.with_retries(text)
            finally:
                if progress is not None:
                    with self.lock:
                        progress.update(1)

        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            results = list(pool.map(one, texts))
        if calibrated and self.calibration:
            self.calibration.apply(results)
        return self.task.add_input_warnings(texts, results)

    def with_retries(self, text: str) -> dict:

        attempt = 0
        while True:
            try:
                return self.ask(text)
            except Transient as e:
                if attempt >= self.max_retries:
                    return {"labels": None, "confidence": None, "error": f"{e} (from {self.url}, {attempt + 1} tries)"}
                with self.lock:
                    self.retries += 1
                time.sleep(backoff(attempt, 0.5, 10.0))
                attempt += 1
            except UserError:
                raise
            except Exception as e:  # noqa: BLE001 - a failure stays inside its row
                return {"labels": None, "confidence": None, "error": f"{type(e).__name__}: {str(e)[:300]}"}

    def connect(self) -> None:
        raise NotImplementedError

    def _tokenizer(self):
        """The served model's tokenizer: from the adapter folder, --base-model, or the model id the server reports."""
        base = self.base_model
        if not base and self.adapter and (Path(self.adapter) / "adapter_config.json").is_file():
            base = resolve_base(Path(self.adapter), "")
        source = tokenizer_source(self.adapter, base) or self.model
        try:
            return load_tokenizer(source)
        except UserError as e:
            raise UserError(f"the {self.backend} backend renders prompts with the model's tokenizer and could not load {source!r}: {e}; "
                            "pass --base-model (a folder or Hub id)") from None

    def ask(self, text: str) -> dict:
        raise NotImplementedError


def _result(task: Task, text: str | None, confidence: dict | None, prompt_tokens: int | None, finish: str | None = None) -> dict:
    if finish == "length":
        return {"labels": None, "confidence": None, "error": "truncated: the answer hit max_new_tokens (finish_reason length)"}
    try:
        labels = task.parse_answer(text)
    except InvalidAnswer as e:
        return {"labels": None, "confidence": None, "error": f"invalid: {e}"}
    out = {"labels": labels, "confidence": confidence, "error": None}
    if prompt_tokens is not None:
        out["prompt_tokens"] = prompt_tokens
    return out


# ----------------------------------------------------------------------------------------------------
# TGI's /generate through huggingface_hub.InferenceClient
# ----------------------------------------------------------------------------------------------------


def _unreachable(url: str, e: Exception) -> UserError:
    return UserError(f"cannot reach {url} ({type(e).__name__}): is the server running and --url right?")


class TGIStudent(RemoteStudent):
    backend = "tgi"

    def connect(self) -> None:
        from huggingface_hub import InferenceClient, get_session

        headers = {"authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            r = get_session().get(self.url + "/info", headers=headers, timeout=30)
        except Exception as e:  # noqa: BLE001 - connection refused, DNS, timeout
            raise _unreachable(self.url, e) from None
        info = None
        if r.status_code == 200:
            try:
                info = r.json()
            except ValueError:
                pass
        if not isinstance(info, dict) or "model_id" not in info:
            hint = " (drop the /v1: TGI's /generate is at the root)" if self.url.endswith("/v1") else ""
            raise UserError(f"{self.url} is not a TGI server: GET /info answered {r.status_code} without a model_id{hint}; "
                            "check --url, or use --backend openai for an OpenAI-compatible server")
        self.info, self.model = info, info["model_id"]
        self.tokenizer = self._tokenizer()
        overhead = len(self.encode(self.render("")))
        longest = self.task.answer_text({f.name: max(f.values, key=lambda v: len(json.dumps(v))) for f in self.task.fields})
        self.max_new_tokens = 2 * len(self.encode(longest)) + 16  # room for whitespace the grammar allows
        room = [n for n in (info.get("max_input_tokens") or info.get("max_input_length"),) if n]
        if info.get("max_total_tokens"):
            room.append(info["max_total_tokens"] - self.max_new_tokens)
        self.max_text_tokens = (min(room) - overhead) if room else 10 ** 9
        if self.max_input_tokens:
            self.max_text_tokens = min(self.max_text_tokens, self.max_input_tokens)
        self.client = InferenceClient(base_url=self.url, token=self.api_key or None, timeout=TIMEOUT)
        self.grammar = {"type": "regex", "value": self.task.answer_regex()}  # the exact answer the student learned
        self.probe()

    def encode(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    def render(self, text: str) -> str:
        return self.tokenizer.apply_chat_template(self.task.prompt_messages(text), add_generation_prompt=True, tokenize=False)

    def prompt(self, text: str) -> str:
        ids = self.encode(text)
        if len(ids) > self.max_text_tokens:
            log.warning("input cut from %d to %d tokens to fit the server's limit", len(ids), self.max_text_tokens)
            text = self.tokenizer.decode(ids[: self.max_text_tokens])
        return self.render(text)

    def generate(self, prompt: str, adapter_id: str | None):
        return self.client.text_generation(prompt, adapter_id=adapter_id or None, grammar=self.grammar, details=True,
                                           top_n_tokens=5, max_new_tokens=self.max_new_tokens, do_sample=False)

    def probe(self) -> None:
        """One request to find a refused grammar and an adapter TGI does not have, before any real work."""
        from huggingface_hub.errors import HfHubHTTPError, TextGenerationError

        prompt = self.prompt(PROBE_TEXT)
        try:
            with_adapter = self.generate(prompt, self.adapter_id)
            base = self.generate(prompt, None) if self.adapter_id else None
        except TextGenerationError as e:
            message = str(e).splitlines()[0][:300]
            if "grammar" in message.lower():
                raise UserError(f"the server at {self.url} refused the grammar built from task {self.task.name!r}: {message} "
                                "(is the task the one the model was trained on? is TGI started without --disable-grammar-support?)") from None
            raise UserError(f"the server at {self.url} refused a request: {message}") from None
        except HfHubHTTPError as e:
            status = getattr(e.response, "status_code", "?")
            raise UserError(f"{self.url} answered {status} to POST /generate: not a TGI server? ({str(e).splitlines()[0][:200]})") from None
        except Exception as e:  # noqa: BLE001
            raise _unreachable(self.url, e) from None
        if base is not None and _same_answer(with_adapter, base):
            raise UserError(f"adapter {self.adapter_id!r} is not loaded in the TGI server at {self.url}: its answers equal the base "
                            f"model's (TGI falls back silently); start TGI with LORA_ADAPTERS={self.adapter_id} or fix --adapter-id")

    def ask(self, text: str) -> dict:
        from huggingface_hub.errors import (
            HfHubHTTPError,
            OverloadedError,
            TextGenerationError,
        )

        prompt = self.prompt(text)
        try:
            out = self.generate(prompt, self.adapter_id)
        except OverloadedError as e:
            raise Transient(f"overloaded: {e}") from None
        except TextGenerationError as e:
            return {"labels": None, "confidence": None, "error": f"{type(e).__name__}: {str(e)[:300]}"}
        except HfHubHTTPError as e:
            status = getattr(e.response, "status_code", 0) or 0
            if status in (408, 409, 429) or status >= 500:
                raise Transient(f"HTTP {status}: {str(e)[:200]}") from None
            return {"labels": None, "confidence": None, "error": f"HTTP {status}: {str(e)[:300]}"}
        except (OSError, TimeoutError) as e:
            raise Transient(f"{type(e).__name__}: {e}") from None
        except Exception as e:  # noqa: BLE001 - httpx2's connection and timeout errors
            if "Timeout" in type(e).__name__ or "Connect" in type(e).__name__ or "Protocol" in type(e).__name__:
                raise Transient(f"{type(e).__name__}: {e}") from None
            raise
        details = _get(out, "details")
        tokens = [(_get(t, "text"), _get(t, "logprob")) for t in _get(details, "tokens")]
        top_tokens = _get(details, "top_tokens")
        top = [[(_get(c, "text"), _get(c, "logprob")) for c in cands] for cands in top_tokens] if top_tokens else None
        return _result(self.task, _get(out, "generated_text"), field_confidence(self.task, tokens, top), len(self.encode(prompt)),
                       _get(details, "finish_reason"))


def _get(obj, name):
    """A field of huggingface_hub's output types, whose nested parts may come back as plain dicts."""
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _same_answer(a, b) -> bool:
    key = lambda out: (_get(out, "generated_text"),  # noqa: E731
                       [(_get(t, "id"), round(_get(t, "logprob"), 5)) for t in _get(_get(out, "details"), "tokens")])
    return key(a) == key(b)


# ----------------------------------------------------------------------------------------------------
# OpenAI-compatible chat completions: vLLM, TGI's Messages API, this project's server
# ----------------------------------------------------------------------------------------------------


class OpenAIStudent(RemoteStudent):
    backend = "openai"

    def connect(self) -> None:
        import openai

        self.client = openai.OpenAI(base_url=self.url, api_key=self.api_key or "none", max_retries=0, timeout=TIMEOUT)
        self.server = self._server_kind()
        self.tgi = self.server == "tgi"
        try:
            served = [m.id for m in self.client.models.list().data]
        except openai.APIConnectionError as e:
            raise _unreachable(self.url, e) from None
        except openai.APIStatusError as e:
            hint = "" if self.url.endswith("/v1") else " (the base URL usually ends in /v1)"
            raise UserError(f"{self.url} is not an OpenAI-compatible server: GET /models answered {e.status_code}{hint}") from None
        if self.adapter_id:
            if not self.tgi and self.adapter_id not in served:
                raise UserError(f"the server at {self.url} has no model {self.adapter_id!r}; it serves {served}: fix --adapter-id "
                                "(for vLLM, the name given in --lora-modules NAME=PATH)")
            self.model = self.adapter_id
        elif len(served) == 1 or self.tgi:
            self.model = served[0] if served else "tgi"
        else:
            raise UserError(f"the server at {self.url} serves several models {served}; pick one with --adapter-id")
        if self.server == "llama.cpp":
            self.llama_grammar = self._llama_grammar()
        self.probe()

    def _server_kind(self) -> str:
        """Which engine answers, from the routes each has beside /v1: TGI's GET /info names its router,
        llama.cpp's GET /props has default_generation_settings, vLLM's GET /version has a version. Anything
        else (OpenAI's own, this project's server) is "openai"."""
        import httpx

        root = self.url[: -len("/v1")] if self.url.endswith("/v1") else self.url
        headers = {"authorization": f"Bearer {self.api_key}"} if self.api_key else None
        probes = (("/info", "tgi", lambda j: j.get("router") == "text-generation-router"),
                  ("/props", "llama.cpp", lambda j: "default_generation_settings" in j),
                  ("/version", "vllm", lambda j: isinstance(j.get("version"), str) and len(j) == 1))
        for path, kind, matches in probes:
            try:
                r = httpx.get(root + path, timeout=10, headers=headers)
                if r.status_code == 200 and isinstance(r.json(), dict) and matches(r.json()):
                    return kind
            except Exception:  # noqa: BLE001 - not this engine, or unreachable (the next call says so)
                continue
        return "openai"

    def _llama_grammar(self) -> str:
        """For llama-server: the student's exact token path (AnswerPlan.token_gbnf, from the model's tokenizer), else,
        without a tokenizer to build it from, the answer's characters (Task.answer_gbnf: the server then picks the
        keys' tokens itself, which a student trained with the values loss answers worse: bench/RESULTS.md)."""
        try:
            tokenizer = self._tokenizer()
        except UserError as e:
            log.warning("llama.cpp: the answer's token path needs the model's tokenizer (%s); constraining by characters only", e)
            return self.task.answer_gbnf()
        prompt = tokenizer.apply_chat_template(self.task.prompt_messages(PROBE_TEXT), add_generation_prompt=True, tokenize=False)
        return AnswerPlan(self.task, tokenizer, prompt).token_gbnf()

    def body(self, text: str, model: str) -> dict:
        """The request, constrained to the exact answer the student learned wherever the engine can take it:
        a regex for TGI and vLLM, a GBNF grammar for llama.cpp. A JSON schema alone would let a student trained with
        the values loss (which never learned to write the keys) open with a fence and spell keys a character at
        a time. Elsewhere (OpenAI's own, this project's server, whose decoder writes the keys) the strict schema.
        Fields the openai SDK does not know go in extra_body."""
        body = self.task.chat_request(model, "json_schema", text)
        if self.server == "tgi":  # TGI's Messages API: {"type": "regex", "value": ...} as response_format
            body["response_format"] = {"type": "regex", "value": self.task.answer_regex()}
        elif self.server == "vllm":  # vLLM 0.12+: structured_outputs (the guided_* fields are gone)
            del body["response_format"]
            body["extra_body"] = {"structured_outputs": {"regex": self.task.answer_regex()}}
        elif self.server == "llama.cpp":  # llama-server refuses a grammar beside a schema
            del body["response_format"]
            body["extra_body"] = {"grammar": self.llama_grammar}
        body.update(logprobs=True, top_logprobs=self.top_logprobs(), max_tokens=512)
        return body

    def top_logprobs(self) -> int:
        """Alternatives asked per token: enough to list every value of the task's widest field (at least
        5, at most OpenAI's and vLLM's limit of 20)."""
        return min(20, max(5, *(len(f.values) for f in self.task.fields)))

    def probe(self) -> None:
        import openai

        try:
            first = self.client.chat.completions.create(**self.body(PROBE_TEXT, self.model))
            base = self.client.chat.completions.create(**self.body(PROBE_TEXT, "tgi")) if self.tgi and self.adapter_id else None
        except openai.NotFoundError as e:
            raise UserError(f"the server at {self.url} has no model {self.model!r} (404: {e.message[:200]}); fix --adapter-id") from None
        except openai.BadRequestError as e:
            raise UserError(f"the server at {self.url} refused the response format built from task {self.task.name!r}: "
                            f"{e.message[:300]}") from None
        except openai.APIConnectionError as e:
            raise _unreachable(self.url, e) from None
        except openai.APIStatusError as e:
            raise UserError(f"the server at {self.url} answered {e.status_code}: {e.message[:300]}") from None
        if base is not None and _logprobs(first) == _logprobs(base):
            raise UserError(f"adapter {self.adapter_id!r} is not loaded in the TGI server at {self.url}: its answers equal the base "
                            f"model's (TGI falls back silently); start TGI with LORA_ADAPTERS={self.adapter_id} or fix --adapter-id")

    def ask(self, text: str) -> dict:
        import openai


        try:
            reply = self.client.chat.completions.create(**self.body(text, self.model))
        except Exception as e:  # noqa: BLE001
            if transient(e):
                raise Transient(f"{type(e).__name__}: {e}") from None
            if isinstance(e, openai.APIStatusError):
                return {"labels": None, "confidence": None, "error": f"{type(e).__name__} {e.status_code}: {e.message[:300]}"}
            raise
        labels, invalid = self.task.read_reply("json_schema", reply)
        if invalid:
            return {"labels": None, "confidence": None, "error": invalid}
        logprobs = getattr(reply.choices[0], "logprobs", None)
        content = getattr(logprobs, "content", None) or []
        tokens = [(t.token, t.logprob) for t in content]
        top = [[(c.token, c.logprob) for c in (t.top_logprobs or [])] for t in content]
        confidence = field_confidence(self.task, tokens, top) if tokens else None
        usage = getattr(reply, "usage", None)
        out = {"labels": labels, "confidence": confidence, "error": None}
        if usage is not None and usage.prompt_tokens is not None:
            out["prompt_tokens"] = usage.prompt_tokens
        return out


def _logprobs(reply):
    content = getattr(getattr(reply.choices[0], "logprobs", None), "content", None) or []
    return reply.choices[0].message.content, [(t.token, round(t.logprob, 5)) for t in content]
