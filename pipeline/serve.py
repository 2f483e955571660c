"""serve: the student behind an OpenAI-compatible chat-completions endpoint.

Code that asks GPT-4 to classify through the openai SDK switches to the student by changing the
base URL and nothing else:

    python -m pipeline serve --adapter data/adapter          # http://127.0.0.1:8000/v1

    from openai import OpenAI
    client = OpenAI(base_url="http://127.0.0.1:8000/v1", api_key="any string")
    reply = client.chat.completions.create(
        model="adapter",                                     # the served name (default: the adapter folder's name)
        messages=[{"role": "user", "content": recipe}],
        tools=[task.tool()], tool_choice={"type": "function", "function": {"name": "classify"}},
    )
    labels = json.loads(reply.choices[0].message.tool_calls[0].function.arguments)

The text classified is the content of the last `user` message (a string, or text parts joined with a
newline); the student answers under its own task prompt, so system messages are not used. Three ways
to ask, as with GPT-4:

- `tools` holding the task's function (`classify` for recipes) with `tool_choice` naming it, or
  "required", or "auto" (or none given): the labels come back as `message.tool_calls[0]`, compact
  JSON arguments, `finish_reason` "tool_calls".
- `response_format` {"type": "json_schema", ...} or {"type": "json_object"}: the labels as compact
  JSON in `message.content`, `finish_reason` "stop".
- neither: the same JSON content.

The reply has OpenAI's chat.completion shape, with usage counted with the student's tokenizer (the
chat prompt the model reads, and the answer). A non-standard top-level key `understudy` carries the
model's per-field confidence, {"confidence": {field: p}}; the openai SDK keeps it in
`reply.model_extra["understudy"]`. GET /v1/models lists the model, GET /health says it is up.
What the server shows names the model by its served name: no reply, error or header carries the
server's filesystem paths (a base model given as a local folder shows as the folder's name).

Bad requests get a 4xx status with OpenAI's error body {"error": {message, type, param, code}}:
malformed JSON, no user message, empty text or text that is not valid Unicode (a lone surrogate
such as "\\ud800", which cannot be encoded as UTF-8) (400), a body over `max_body_bytes` (413), a text
longer than the student's context (400, code context_length_exceeded), `stream: true` or `n` > 1
(400), a `model` that is neither the served name nor the base model (404, code model_not_found).
Requests that arrive together are classified in one batch (a micro-batcher owns the model in a
worker thread), so many clients in flight share each forward pass. A bad request fails alone: text
is checked before it joins a batch, and if a batched model call still fails, its requests are run
again one by one, so only the culprit gets an error.
Sampling settings (temperature, max_tokens, ...) are accepted and ignored: decoding is always the
constrained greedy decoding of `pipeline.classify`.

`serve` listens on 127.0.0.1. Bound to any other address (off loopback: not 127.0.0.0/8, ::1 or
localhost) it refuses to start without an API key (`--api-key-env VAR`, a variable holding the key
clients send as Bearer token) unless `--allow-no-key` says so (`check_exposure`, which the app reuses).

The server also speaks the subset of Text Generation Inference's own API that `pipeline.tgi` uses, so
`huggingface_hub.InferenceClient` works against it as against a TGI container:

- POST /generate (and POST /, TGI's compat route, where InferenceClient posts) with
  {"inputs": PROMPT, "parameters": {...}}: PROMPT is the already rendered chat prompt
  (the student's chat template applied to the task's messages, ending with the assistant header); the
  answer is decoded under the task as above. Parameters honoured: `adapter_id`, `grammar`
  ({"type": "json", "value": schema}; a schema whose properties are not the task's fields, or a
  "regex" grammar, is refused with 422 "grammar is not valid/supported", as TGI refuses a grammar it
  cannot compile), `details`, `top_n_tokens`, `max_new_tokens` (a smaller budget than the answer
  needs cuts it, finish_reason "length"). Others (temperature, seed, stop, ...) are accepted and ignored.
- `adapter_id` mirrors TGI: the served name (or the adapter folder) picks the adapter; with no
  adapter_id, or one the server does not know, the bare base model answers (TGI's silent fallback;
  the base is loaded on first use) and for an unknown one the reply carries a header
  `x-understudy-warning` saying so. The TGI backend detects the fallback itself, so it also works
  against a real TGI. A student with no known base model (the app's proxy of its active student)
  answers requests without adapter_id itself, and refuses an unknown adapter_id with 422.
- The prompts are classified by the student's `classify_prompts` (LocalStudent's decoding of
  rendered prompts), on whatever student `student` resolves to when the batch runs; the student is
  never copied. A student that cannot read rendered prompts (one behind another server) answers 501.
- details.tokens are the decoder's own token path; forced tokens (keys, punctuation) have logprob 0,
  and a field's first deciding token carries the log of the field's confidence (the probability of
  the whole value renormalised over the allowed values), so exp(logprob) is the same confidence as
  `classify` gives. top_tokens list that chosen token only.
- GET /info describes the model as TGI does (model_id = the served name, max_input_tokens, ...);
  errors have TGI's body {"error": message, "error_type": "validation"} with status 422 (an `inputs`
  that is not valid Unicode included).
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' `Request` annotations at runtime.
import asyncio
import ipaddress
import json
import logging
import os
import queue
import threading
from concurrent.futures import Future
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("understudy.serve")


@dataclass
class ServeConfig:
    adapter: str = field(default="data/adapter", metadata={"help": "adapter folder to serve ('' for the bare base model)"})
    base_model: str = field(default="", metadata={"help": "base model id or folder (default: the adapter's own)"})
    host: str = field(default="127.0.0.1", metadata={"help": "address to listen on (0.0.0.0 for every interface)"})
    port: int = field(default=8000, metadata={"help": "port to listen on"})
    model_name: str = field(default="", metadata={"help": "model name clients pass as `model` (default: the adapter folder's name)"})
    max_body_bytes: int = field(default=1_000_000, metadata={"help": "largest request body accepted, in bytes (larger: 413)"})
    batch_size: int = field(default=32, metadata={"help": "texts per forward pass"})
    api_key_env: str = field(default="", metadata={"help": "environment variable holding the key clients must send as Bearer token ('' = no key needed)"})
    threads: int = field(default=0, metadata={"help": "torch CPU threads for the model (0: torch's default; 1 is fastest for a tiny model under many requests)"})
    allow_no_key: bool = field(default=False, metadata={"help": "listen off loopback without an API key (anyone who can reach the port can use the student)"})


class APIError(Exception):
    """A request the endpoint refuses: an HTTP status and OpenAI's error fields."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None,
                 type: str = "invalid_request_error"):  # noqa: A002 - OpenAI's field name
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.type = status, message, param, code, type


def error_body(message: str, type: str = "invalid_request_error", param: str | None = None, code: str | None = None) -> dict:  # noqa: A002
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def default_model_name(adapter: str, base_model: str = "") -> str:
    """The adapter folder's name (e.g. "adapter"), or the base model's when serving a bare base."""
    source = adapter or base_model
    return Path(source.rstrip("/\\")).name or source


def public_name(model: str) -> str:
    """A model as the server may show it: a Hub id as is, a local folder by its name only (the
    server's filesystem paths never leave it)."""
    if not model:
        return model
    path = Path(model.rstrip("/\\"))
    return path.name if path.is_absolute() or path.exists() else model


def check_utf8(text: str) -> str | None:
    """Why `text` cannot go to the tokenizer (a lone surrogate such as JSON's "\\ud800" cannot be
    encoded as UTF-8), or None when it can."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return f"not valid Unicode text: {e.reason} at character {e.start} (a lone surrogate such as \\ud800)"
    return None


def is_loopback(host: str) -> bool:
    """Whether `host` is only reachable from this machine: localhost, 127.0.0.0/8 or ::1."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def check_exposure(host: str, api_key: str, allow_no_key: bool) -> None:
    """Refuse to listen off loopback without an API key, unless asked to (UserError naming the fix)."""
    from pipeline.errors import UserError

    if api_key or is_loopback(host):
        return
    if not allow_no_key:
        raise UserError(f"--host {host or repr(host)} is reachable from other machines and no API key is set, so anyone who can "
                        "reach the port could use the student: set --api-key-env VAR (an environment variable holding the key "
                        "clients must send), listen on 127.0.0.1, or pass --allow-no-key to serve without a key")
    log.warning("listening on %s without an API key: anyone who can reach the port can use the student", host)


# ----------------------------------------------------------------------------------------------------
# Reading a request
# ----------------------------------------------------------------------------------------------------


def _text_of(content, index: int) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                kind = part.get("type") if isinstance(part, dict) else type(part).__name__
                raise APIError(400, f"messages[{index}].content: only text parts are supported, got {kind!r}", f"messages[{index}].content")
        return "\n".join(parts)
    if content is None:
        return ""
    raise APIError(400, f"messages[{index}].content must be a string or a list of text parts", f"messages[{index}].content")


def user_text(messages) -> str:
    """The text to classify: the content of the last user message."""
    if messages is None:
        raise APIError(400, "you must provide a 'messages' parameter", "messages", "missing_required_parameter")
    if not isinstance(messages, list) or not messages:
        raise APIError(400, "'messages' must be a non-empty list of {role, content} objects", "messages")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or not isinstance(m.get("role"), str):
            raise APIError(400, f"messages[{i}] must be an object with a 'role'", f"messages[{i}]")
    users = [i for i, m in enumerate(messages) if m["role"] == "user"]
    if not users:
        raise APIError(400, "no user message: the text to classify is the content of the last 'user' message", "messages")
    i = users[-1]
    text = _text_of(messages[i].get("content"), i)
    if not text.strip():
        raise APIError(400, f"messages[{i}].content is empty: give the text to classify", f"messages[{i}].content")
    if problem := check_utf8(text):
        raise APIError(400, f"messages[{i}].content is {problem}", f"messages[{i}].content")
    return text


def _tool_name(tool) -> str | None:
    if isinstance(tool, dict) and isinstance(tool.get("function"), dict):
        return tool["function"].get("name")
    return None


def _check_schema(schema, task, param: str) -> None:
    """A schema that names properties must name exactly the task's fields: the student knows no other."""
    if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
        asked = set(schema["properties"])
        if asked != set(task.field_names):
            raise APIError(400, f"{param}: this model answers the fields {task.field_names}, not {sorted(asked)}", param)


def answer_mode(body: dict, task) -> str:
    """"tool" (answer as a call of the task's function) or "content" (JSON in message.content)."""
    tools, choice, fmt = body.get("tools"), body.get("tool_choice"), body.get("response_format")
    if fmt is not None:
        if not isinstance(fmt, dict) or fmt.get("type") not in ("json_schema", "json_object", "text"):
            raise APIError(400, "response_format.type must be 'json_schema', 'json_object' or 'text'", "response_format")
        if fmt["type"] == "json_schema":
            spec = fmt.get("json_schema")
            if not isinstance(spec, dict):
                raise APIError(400, "response_format.json_schema must be an object with a 'schema'", "response_format.json_schema")
            _check_schema(spec.get("schema"), task, "response_format.json_schema.schema")
    if tools is None or tools == []:
        if choice not in (None, "none", "auto"):
            raise APIError(400, "tool_choice is set but no tools were given", "tool_choice")
        return "content"
    if not isinstance(tools, list):
        raise APIError(400, "'tools' must be a list of {type: function, function: {...}}", "tools")
    names = [_tool_name(t) for t in tools]
    if task.function_name not in names:
        raise APIError(400, f"tools: this model only answers by calling {task.function_name!r}; include that function", "tools")
    _check_schema(tools[names.index(task.function_name)]["function"].get("parameters"), task, "tools")
    if choice is None or choice in ("auto", "required"):
        return "tool"
    if choice == "none":
        return "content"
    if isinstance(choice, dict):
        name = _tool_name(choice)
        if name == task.function_name:
            return "tool"
        raise APIError(400, f"tool_choice names {name!r}; this model only calls {task.function_name!r}", "tool_choice")
    raise APIError(400, "tool_choice must be 'none', 'auto', 'required' or {type: function, function: {name}}", "tool_choice")


def check_options(body: dict) -> None:
    stream = body.get("stream")
    if stream not in (None, False):
        raise APIError(400, "streaming is not supported; send stream: false", "stream", "unsupported_parameter")
    n = body.get("n")
    if n is not None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise APIError(400, "'n' must be a positive integer", "n")
        if n > 1:
            raise APIError(400, "only n=1 is supported: the student's answer is deterministic", "n", "unsupported_parameter")


# ----------------------------------------------------------------------------------------------------
# The app
# ----------------------------------------------------------------------------------------------------


class MicroBatcher:
    """Requests that arrive together share one batched model call.

    One worker thread owns the model: it takes the first waiting request, gathers whatever else
    arrives within `max_wait` seconds (up to `max_batch`), runs `work(items)` once and hands each
    request its own outcome. If the batched call fails, its items are run again one by one, so a
    request that breaks the model fails alone and the others still get their answers.
    """

    def __init__(self, work, max_batch: int = 32, max_wait: float = 0.002):
        self.work, self.max_batch, self.max_wait = work, max(1, max_batch), max_wait
        self.queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._loop, name="understudy-batcher", daemon=True).start()

    def submit(self, item) -> Future:
        future: Future = Future()
        self.queue.put((item, future))
        return future

    def _loop(self) -> None:
        while True:
            batch = [self.queue.get()]
            deadline = time.monotonic() + self.max_wait
            while len(batch) < self.max_batch:
                try:
                    batch.append(self.queue.get(timeout=max(0.0, deadline - time.monotonic())))
                except queue.Empty:
                    break
            self._run(batch)

    def _run(self, batch: list) -> None:
        try:
            outcomes = self.work([item for item, _ in batch])
        except Exception as e:  # noqa: BLE001 - one request's failure must not cost the others
            if len(batch) == 1:
                batch[0][1].set_exception(e)  # the request answers 500
                return
            log.warning("a batch of %d failed (%s: %r); running its requests one by one", len(batch), type(e).__name__, e)
            for one in batch:
                self._run([one])
            return
        for (_, future), outcome in zip(batch, outcomes):
            future.set_result(outcome)


def create_app(student, model_name: str = "", max_body_bytes: int = 1_000_000, batch_size: int = 32, api_key: str = ""):
    """A FastAPI app serving `student` (a LocalStudent, or anything with its task/classify/encode/render
    /max_text_tokens) under `model_name` at /v1/chat/completions, /v1/models and /health, and TGI's
    /generate and /info (which also use classify_prompts and max_prompt_tokens). `student` may be a
    proxy that delegates attribute access to the student active now: it is never copied."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    task = student.task
    model_name = model_name or default_model_name(getattr(student, "adapter", "") or "", getattr(student, "base_model", "") or "")
    accepted = {model_name, getattr(student, "base_model", "") or model_name}
    created = int(time.time())
    app = FastAPI(title="Understudy", description=f"OpenAI-compatible endpoint of the {task.name} student {model_name!r}",
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.student, app.state.model_name = student, model_name

    @app.exception_handler(APIError)
    async def _api_error(request: Request, e: APIError):
        return JSONResponse(error_body(e.message, e.type, e.param, e.code), status_code=e.status)

    if api_key:
        import hmac

        @app.middleware("http")
        async def _require_key(request: Request, call_next):
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if request.url.path != "/health" and not hmac.compare_digest(given.encode(), api_key.encode()):
                body = error_body("Incorrect API key provided.", "invalid_request_error", None, "invalid_api_key")
                return JSONResponse(body, status_code=401)
            return await call_next(request)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, e: StarletteHTTPException):
        message = f"{request.method} {request.url.path}: {e.detail}"
        return JSONResponse(error_body(message, "invalid_request_error"), status_code=e.status_code, headers=getattr(e, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, e: RequestValidationError):
        return JSONResponse(error_body(f"invalid request: {e.errors()}"), status_code=400)

    @app.exception_handler(Exception)
    async def _server_error(request: Request, e: Exception):
        log.exception("request failed")
        return JSONResponse(error_body(f"the server failed on this request: {type(e).__name__}", "server_error"), status_code=500)

    def model_card() -> dict:
        return {"id": model_name, "object": "model", "created": created, "owned_by": "understudy"}

    @app.get("/health")
    async def health():
        return {"status": "ok", "model": model_name}

    @app.get("/v1/models")
    async def models():
        return {"object": "list", "data": [model_card()]}

    @app.get("/v1/models/{model:path}")
    async def model(model: str):
        if model not in accepted:
            raise _unknown_model(model)
        return model_card()

    def _unknown_model(name) -> APIError:
        return APIError(404, f"The model {name!r} does not exist; this server serves {model_name!r}", "model", "model_not_found")

    async def read_body(request: Request) -> dict:
        length = request.headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                raise APIError(400, "invalid Content-Length header") from None
            if declared > max_body_bytes:
                raise APIError(413, f"request body of {declared} bytes is over the limit of {max_body_bytes} bytes", None, "request_too_large")
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > max_body_bytes:
                raise APIError(413, f"request body is over the limit of {max_body_bytes} bytes", None, "request_too_large")
        try:
            body = json.loads(bytes(raw))
        except (ValueError, RecursionError) as e:
            raise APIError(400, f"the request body is not valid JSON ({type(e).__name__}: {str(e)[:200]})") from None
        if not isinstance(body, dict):
            raise APIError(400, "the request body must be a JSON object")
        return body

    def answer_batch(texts: list[str]) -> list:
        """The model work of several requests in one batched classify call: for each text its answer
        (content, confidence, usage) or the APIError that request gets."""
        outcomes: list = [None] * len(texts)
        ok = []
        # a student behind another server (the app pointed at vLLM) may have no tokenizer here: that
        # server checks the context itself, and its refusal comes back as the row's error
        encode = getattr(student, "encode", None)
        for i, text in enumerate(texts):
            if encode and (n := len(encode(text))) > student.max_text_tokens:
                outcomes[i] = APIError(400, f"This model's maximum context length leaves room for {student.max_text_tokens} tokens of text; "
                                       f"however, your message has {n} tokens. Shorten the text.", "messages", "context_length_exceeded")
            else:
                ok.append(i)
        results = student.classify([texts[i] for i in ok], batch_size) if ok else []
        for i, result in zip(ok, results):
            if result.get("error") or not result.get("labels"):
                outcomes[i] = APIError(400, f"could not classify the text: {result.get('error')}", "messages")
                continue
            content = task.answer_text(result["labels"])
            prompt_tokens = result.get("prompt_tokens") or 0  # counted by classify, which tokenized the prompt already
            completion_tokens = len(encode(content)) if encode else result.get("completion_tokens") or 0
            outcomes[i] = {"content": content, "confidence": result.get("confidence") or {},
                           "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                                     "total_tokens": prompt_tokens + completion_tokens}}
        return outcomes

    # ------------------------------------------------------------------------------------------------
    # TGI's /generate: the prompt arrives rendered; the same decoder answers it
    # ------------------------------------------------------------------------------------------------

    adapter_path = getattr(student, "adapter", "") or ""
    base_model = getattr(student, "base_model", "") or ""
    adapter_ids = {model_name, adapter_path, adapter_path.rstrip("/\\")} - {""}
    # what answers without adapter_id, or with one this server does not have (TGI's silent fallback):
    # the base model beside the adapter; the student itself when it is a bare base; nothing when the
    # student has an adapter but no base model is known (the app's proxy student)
    fallback = ("base" if base_model else None) if adapter_path else "served"
    base_students: dict = {}  # the bare base model, loaded in the worker thread on first use

    def base_student():
        if "base" not in base_students:
            from pipeline.classify import LocalStudent

            base_students["base"] = LocalStudent("", base_model, task)
        return base_students["base"]

    def generate_batch(items: list) -> list:
        """(prompt, kind) items: per item {labels, confidence, tokens, prompt_tokens} or a TGIError."""
        outcomes: list = [None] * len(items)
        for kind in ("served", "base"):
            idx = [i for i, (_, k) in enumerate(items) if k == kind]
            if idx:
                for i, out in zip(idx, generate_with(kind, [items[i][0] for i in idx])):
                    outcomes[i] = out
        return outcomes

    def generate_with(kind: str, prompts: list[str]) -> list:
        """Rendered prompts classified by the served student or the base model, in one batched call."""
        if kind == "base":
            try:
                model = prompt_reader(base_student())
            except Exception as e:  # noqa: BLE001 - a missing or broken base model: the request says so, not 500
                log.warning("the base model could not be loaded: %s: %r", type(e).__name__, e)
                return [TGIError(503, f"the base model could not be loaded ({type(e).__name__})", "generation")] * len(prompts)
        else:
            model = prompt_reader(student)
        if model is None:
            return [TGIError(501, "this student runs on another server and cannot read rendered prompts here; "
                                  "use /v1/chat/completions", "generation")] * len(prompts)
        outcomes: list = [None] * len(prompts)
        ok = []
        for i, prompt in enumerate(prompts):
            n = len(model.encode(prompt))
            if n > model.max_prompt_tokens:
                outcomes[i] = TGIError(422, f"`inputs` must have less than {model.max_prompt_tokens} tokens. Given: {n}")
            else:
                ok.append(i)
        results = model.classify_prompts([prompts[i] for i in ok], batch_size) if ok else []
        for i, result in zip(ok, results):
            if result.get("error") or not result.get("labels"):
                outcomes[i] = TGIError(424, f"could not classify the prompt: {result.get('error')}", "generation")
            else:
                outcomes[i] = result
        return outcomes

    def work(items: list) -> list:
        """One model call per kind of request in the batch (chat texts, rendered prompts)."""
        outcomes: list = [None] * len(items)
        for kind, fn in (("chat", answer_batch), ("generate", generate_batch)):
            idx = [i for i, (k, _) in enumerate(items) if k == kind]
            if idx:
                for i, out in zip(idx, fn([items[i][1] for i in idx])):
                    outcomes[i] = out
        return outcomes

    batcher = MicroBatcher(work, max_batch=batch_size)
    app.state.batcher = batcher

    async def answer(item):
        """The batcher's outcome for one request. A model failure becomes this request's 500 as an
        APIError: answered by its handler, the connection stays open for the client's next request."""
        try:
            return await asyncio.wrap_future(batcher.submit(item))
        except APIError:
            raise
        except Exception as e:  # noqa: BLE001 - already run alone by the batcher: this request is the culprit
            log.error("request failed: %s: %r", type(e).__name__, e)
            raise APIError(500, f"the server failed on this request: {type(e).__name__}", type="server_error") from None

    def tgi_error(e: "TGIError"):
        return JSONResponse({"error": e.message, "error_type": e.error_type}, status_code=e.status)

    @app.get("/info")
    async def info():
        context = getattr(getattr(getattr(student, "model", None), "config", None), "max_position_embeddings", None)
        return {
            "model_id": model_name, "model_sha": None, "model_pipeline_tag": "text-generation",
            "max_concurrent_requests": 128, "max_best_of": 1, "max_stop_sequences": 4,
            "max_input_tokens": getattr(student, "max_prompt_tokens", None),
            "max_total_tokens": context, "max_client_batch_size": 1, "validation_workers": 1,
            "router": "understudy", "version": "understudy", "sha": None, "docker_label": None,
            "understudy": {"task": task.name, "base_model": public_name(base_model) or None,
                           "adapters": [model_name] if adapter_path else []},
        }

    @app.post("/")  # TGI's compat route: InferenceClient(base_url=...).text_generation posts here
    @app.post("/generate")
    async def generate(request: Request):
        try:
            body = await read_body(request)
        except APIError as e:
            return tgi_error(TGIError(422 if e.status == 400 else e.status, e.message))
        try:
            prompt, params = read_generate(body, task)
            kind, warning = pick_model(params.get("adapter_id"), adapter_ids, fallback, model_name)
        except TGIError as e:
            return tgi_error(e)
        try:
            out = await answer(("generate", (prompt, kind)))
        except APIError as e:  # the model failed (500), or the app's proxy student has none ready yet (503)
            return tgi_error(TGIError(e.status, e.message, "generation"))
        if isinstance(out, TGIError):
            return tgi_error(out)
        tokens = [{"id": tok, "text": text, "logprob": round(logprob, 6), "special": False} for tok, text, logprob in out["tokens"]]
        finish = "eos_token"
        budget = params.get("max_new_tokens")
        if isinstance(budget, int) and 0 < budget < len(tokens):
            tokens, finish = tokens[:budget], "length"
        text = task.answer_text(out["labels"]) if finish == "eos_token" else "".join(t["text"] for t in tokens)
        reply = {"generated_text": text}
        if params.get("details"):
            details = {"finish_reason": finish, "generated_tokens": len(tokens), "seed": None, "prefill": [], "tokens": tokens}
            if params.get("top_n_tokens"):
                details["top_tokens"] = [[t] for t in tokens]
            reply["details"] = details
        headers = {"x-understudy-warning": warning} if warning else None
        return JSONResponse(reply, headers=headers)

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request):
        body = await read_body(request)
        name = body.get("model")
        if not isinstance(name, str) or not name:
            raise APIError(400, "you must provide a 'model' parameter", "model", "missing_required_parameter")
        if name not in accepted:
            raise _unknown_model(name)
        check_options(body)
        mode = answer_mode(body, task)
        text = user_text(body.get("messages"))
        out = await answer(("chat", text))
        if isinstance(out, APIError):
            raise out
        if mode == "tool":
            message = {"role": "assistant", "content": None, "refusal": None, "tool_calls": [
                {"id": f"call_{uuid.uuid4().hex[:24]}", "type": "function",
                 "function": {"name": task.function_name, "arguments": out["content"]}}]}
            finish = "tool_calls"
        else:
            message = {"role": "assistant", "content": out["content"], "refusal": None}
            finish = "stop"
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": name,
            "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
            "usage": out["usage"],
            "system_fingerprint": None,
            "understudy": {"confidence": out["confidence"]},
        }

    return app


class TGIError(Exception):
    """A /generate request refused the way TGI refuses it: status, message and TGI's error_type."""

    def __init__(self, status: int, message: str, error_type: str = "validation"):
        super().__init__(message)
        self.status, self.message, self.error_type = status, message, error_type


def prompt_reader(model):
    """The student that classifies rendered prompts (classify_prompts), or None when it cannot (a
    remote student). A proxy such as the app's ActiveStudent, which delegates attribute access to the
    active student, is resolved here once, so one batch never mixes two students."""
    method = getattr(model, "classify_prompts", None)
    return getattr(method, "__self__", None)


def read_generate(body: dict, task) -> tuple[str, dict]:
    """(prompt, parameters) of a /generate body, or TGIError."""
    prompt = body.get("inputs")
    if not isinstance(prompt, str):
        raise TGIError(422, "`inputs` must be a string: the rendered prompt")
    if not prompt.strip():
        raise TGIError(422, "`inputs` cannot be empty")
    if problem := check_utf8(prompt):
        raise TGIError(422, f"`inputs` is {problem}")
    if body.get("stream"):
        raise TGIError(422, "streaming is not supported by this server; use POST /generate without stream")
    params = body.get("parameters") or {}
    if not isinstance(params, dict):
        raise TGIError(422, "`parameters` must be an object")
    budget = params.get("max_new_tokens")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, int) or budget < 1):
        raise TGIError(422, "`max_new_tokens` must be strictly positive")
    grammar = params.get("grammar")
    if grammar is not None:
        if not isinstance(grammar, dict) or grammar.get("type") not in ("json", "json_object", "regex"):
            raise TGIError(422, "grammar must be {\"type\": \"json\", \"value\": <JSON schema>}")
        if grammar["type"] == "regex":
            raise TGIError(422, "grammar is not supported: this server decodes only its task's JSON schema, not a regex")
        schema = grammar.get("value")
        if isinstance(schema, str):
            try:
                schema = json.loads(schema)
            except ValueError as e:
                raise TGIError(422, f"grammar is not valid: {e}") from None
        if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
            raise TGIError(422, "grammar is not valid: Grammar must have a 'properties' field")
        if set(schema["properties"]) != set(task.field_names):
            raise TGIError(422, f"grammar is not valid: this model answers the fields {task.field_names}, "
                                f"not {sorted(schema['properties'])}")
    return prompt, params


def pick_model(adapter_id, adapter_ids: set, fallback: str | None, served: str) -> tuple[str, str | None]:
    """("served" or "base", warning or None): what answers a request's adapter_id, as TGI picks. No
    adapter_id: the fallback (the base model), else the served student; a known one: the served
    student; an unknown one: the fallback with a warning, or 422 when there is nothing to fall back to."""
    if adapter_id in (None, ""):
        return fallback or "served", None
    if not isinstance(adapter_id, str):
        raise TGIError(422, "`adapter_id` must be a string")
    if adapter_id in adapter_ids:
        return "served", None
    if fallback is None:
        raise TGIError(422, f"adapter {ascii(adapter_id)} is not loaded and there is no base model to fall back to; "
                            f"pass adapter_id {served!r} or none")
    return fallback, f"adapter {ascii(adapter_id)} is not loaded; the base model answered (as TGI does)"


# ----------------------------------------------------------------------------------------------------
# The stage
# ----------------------------------------------------------------------------------------------------


def make_server(config: ServeConfig, student=None):
    """A uvicorn.Server for the config, not yet started (run() starts it; tests run it in a thread)."""
    import uvicorn

    from pipeline.errors import UserError

    if config.max_body_bytes < 1:
        raise UserError(f"--max-body-bytes must be positive, got {config.max_body_bytes}")
    if not 0 <= config.port <= 65535:
        raise UserError(f"--port must be between 0 and 65535, got {config.port}")
    if config.threads < 0:
        raise UserError(f"--threads must be 0 (torch's default) or more, got {config.threads}")
    key = read_api_key(config.api_key_env)
    check_exposure(config.host, key, config.allow_no_key)  # before loading a model: a refusal comes at once
    if config.threads:
        import torch

        torch.set_num_threads(config.threads)
    if student is None:
        from pipeline.classify import LocalStudent

        student = LocalStudent(config.adapter, config.base_model)
    name = config.model_name or default_model_name(config.adapter, student.base_model)
    app = create_app(student, name, config.max_body_bytes, config.batch_size, key)
    return uvicorn.Server(uvicorn.Config(app, host=config.host, port=config.port, log_level="info", access_log=False))


def read_api_key(env: str) -> str:
    """The key clients must send: the value of the environment variable `env` ('' when none is named)."""
    from pipeline.errors import UserError

    if not env:
        return ""
    key = os.environ.get(env, "")
    if not key:
        raise UserError(f"--api-key-env {env}: that environment variable is empty; set it to the key clients must send")
    return key


def run(config: ServeConfig, student=None) -> dict:
    """Serve until interrupted (blocking)."""
    server = make_server(config, student)
    name = server.config.app.state.model_name
    print(f"serving {name!r} at http://{config.host}:{config.port}/v1 (OpenAI-compatible; Ctrl-C stops)", flush=True)
    server.run()
    return {"served": name, "url": f"http://{config.host}:{config.port}/v1"}
