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
chat prompt the model reads, and the answer). The per-field confidence comes the standard way: asked
with `logprobs: true, top_logprobs: k`, `choices[0].logprobs.content` lists the answer's tokens with
their logprobs and, in `top_logprobs`, the k likeliest of the tokens the task's grammar allowed there
(the other values of a field where its value is decided), renormalised over what the grammar allows
(as vLLM with `--logprobs-mode processed_logprobs`; see serve_openai.answer_path). The chosen token's
share of those alternatives is the field's confidence as `classify` gives it, which is what
`pipeline.remote` computes. GET /v1/models lists the model, GET /health says it is up.
What the server shows names the model by its served name: no reply, error or header carries the
server's filesystem paths (a base model given as a local folder shows as the folder's name).

Bad requests get a 4xx status with OpenAI's error body {"error": {message, type, param, code}}:
malformed JSON, no user message, empty text or text that is not valid Unicode (a lone surrogate
such as "\\ud800", which cannot be encoded as UTF-8) (400), a body over `max_body_bytes` (413), a text
longer than the student's context (400, code context_length_exceeded), `n` > 1
(400), a `model` that is neither the served name nor the base model (404, code model_not_found).
Requests that arrive together are classified in one batch (a micro-batcher owns the model in a
worker thread), so many clients in flight share each forward pass. A bad request fails alone: text
is checked before it joins a batch, and if a batched model call still fails, its requests are run
again one by one, so only the culprit gets an error.
`stream: true` gets the same answer as server-sent events, as OpenAI streams one (the role, the answer a
token at a time with its logprobs when asked, the finish reason; `stream_options.include_usage` adds the usage
chunk), sent when the whole answer is decoded: the openai SDK's `stream=True` reads it unchanged.
Sampling settings (temperature, max_tokens, ...) are accepted and ignored: decoding is always the
constrained greedy decoding of `pipeline.classify`.

`serve` listens on 127.0.0.1. Bound to any other address (off loopback: not 127.0.0.0/8, ::1 or
localhost) it refuses to start without an API key (`--api-key-env VAR`, a variable holding the key
clients send as Bearer token) unless `--allow-no-key` says so (`check_exposure`, which the app reuses).

The server also speaks the subset of Text Generation Inference's own API that `pipeline.remote` uses, so
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
  `classify` gives. With `top_n_tokens` n, details.top_tokens lists per token the n likeliest of the
  tokens the grammar allowed there (the chosen one and, where a field's value is decided, the other
  values' tokens, sharing 1 - confidence), as TGI lists them after its grammar's mask.
- GET /info describes the model as TGI does (model_id = the served name, max_input_tokens, ...);
  errors have TGI's body {"error": message, "error_type": "validation"} with status 422 (an `inputs`
  that is not valid Unicode included).

Where the parts live: this module holds ServeConfig, the exposure check (`check_exposure`) and the app
(`create_app`: the API key, the error bodies, /health, and one micro-batcher that runs the work of
both route groups), `make_server` and `run`. `pipeline.serve_openai` reads and answers chat-completions
requests (the /v1 routes, APIError); `pipeline.serve_tgi` the TGI routes and the base-model fallback;
`pipeline.batcher` the micro-batcher (one worker thread that owns the model).
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' `Request` annotations at runtime.
import hmac
import ipaddress
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fastapi is imported where it is used, so the CLI starts without it
    from fastapi import FastAPI

from pipeline.batcher import MicroBatcher, work_by_kind
from pipeline.errors import UserError
from pipeline.serve_openai import APIError, add_openai_routes, answer_texts, error_body
from pipeline.serve_tgi import PromptModels, add_tgi_routes, public_name
from pipeline.student import LocalStudent

# what callers import from here, wherever it lives now
__all__ = ["APIError", "MicroBatcher", "ServeConfig", "check_exposure", "create_app", "default_model_name", "is_loopback",
           "make_server", "public_name", "read_api_key", "run"]

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


def default_model_name(adapter: str, base_model: str = "") -> str:
    """The adapter folder's name (e.g. "adapter"), or the base model's when serving a bare base."""
    source = adapter or base_model
    return Path(source.rstrip("/\\")).name or source


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


def check_exposure(host: str, api_key: str, allow_no_key: bool, flag: str = "--api-key-env") -> None:
    """Refuse to listen off loopback without an API key, unless asked to (UserError naming the fix, and `flag`, the
    setting that gives the key)."""
    if api_key or is_loopback(host):
        return
    if not allow_no_key:
        raise UserError(f"--host {host or repr(host)} is reachable from other machines and no API key is set, so anyone who can "
                        f"reach the port could use the student: set {flag} VAR (an environment variable holding the key "
                        "clients must send), listen on 127.0.0.1, or pass --allow-no-key to serve without a key")
    log.warning("listening on %s without an API key: anyone who can reach the port can use the student", host)


# ----------------------------------------------------------------------------------------------------
# The app
# ----------------------------------------------------------------------------------------------------


def create_app(student, model_name: str = "", max_body_bytes: int = 1_000_000, batch_size: int = 32, api_key: str = ""):
    """A FastAPI app serving `student` (a LocalStudent, or anything with its task/classify/encode/render
    /max_text_tokens) under `model_name` at /v1/chat/completions, /v1/models and /health, and TGI's
    /generate and /info (which also use classify_prompts and max_prompt_tokens). `student` may be a
    proxy that delegates attribute access to the student active now: it is never copied. One
    micro-batcher runs the work of both route groups."""
    from fastapi import (
        FastAPI,  # here, not at the top: the CLI starts without loading fastapi
    )

    task = student.task
    model_name = model_name or default_model_name(getattr(student, "adapter", "") or "", getattr(student, "base_model", "") or "")
    app = FastAPI(title="Understudy", description=f"OpenAI-compatible endpoint of the {task.name} student {model_name!r}",
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.student, app.state.model_name = student, model_name
    answer_errors_as_openai(app)
    if api_key:
        require_key(app, api_key)

    @app.get("/health")
    async def health():
        return {"status": "ok", "model": model_name}

    prompts = PromptModels(student, model_name, batch_size)
    work = work_by_kind({"chat": lambda texts: answer_texts(student, task, texts, batch_size), "generate": prompts.classify_batch})
    batcher = app.state.batcher = MicroBatcher(work, max_batch=batch_size)
    add_openai_routes(app, student, model_name, lambda text: batcher.submit(("chat", text)), max_body_bytes)
    add_tgi_routes(app, prompts, lambda item: batcher.submit(("generate", item)), max_body_bytes)
    return app


def require_key(app: "FastAPI", api_key: str) -> None:
    """Refuse a request to the student's API (/v1/..., TGI's /generate, /info and POST /) that does not send
    `api_key` as Bearer token (401, OpenAI's body). Other paths (/health, and the app's page mounted
    beside the API) are not the API's to guard."""
    from fastapi import Request
    from fastapi.responses import JSONResponse


    @app.middleware("http")
    async def _require_key(request: Request, call_next):
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if is_api_path(request.method, request.url.path) and not hmac.compare_digest(given.encode(), api_key.encode()):
            body = error_body("Incorrect API key provided.", "invalid_request_error", None, "invalid_api_key")
            return JSONResponse(body, status_code=401)
        return await call_next(request)


def is_api_path(method: str, path: str) -> bool:
    """A route of the student's API (OpenAI's and TGI's), as opposed to /health or a page mounted beside it."""
    return path == "/v1" or path.startswith("/v1/") or path in ("/generate", "/info") or (path == "/" and method == "POST")


def answer_errors_as_openai(app: "FastAPI") -> None:
    """Every error of the app answered with OpenAI's error body: an APIError with its own status and
    fields, Starlette's HTTP errors (an unknown route: 404) with the method and path, a request FastAPI
    cannot read (400), anything else (500, logged)."""
    from fastapi import Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException


    @app.exception_handler(APIError)
    async def _api_error(request: Request, e: APIError):
        return JSONResponse(error_body(e.message, e.type, e.param, e.code), status_code=e.status)

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


# ----------------------------------------------------------------------------------------------------
# The stage
# ----------------------------------------------------------------------------------------------------


def make_server(config: ServeConfig, student=None):
    """A uvicorn.Server for the config, not yet started (run() starts it; tests run it in a thread)."""
    import uvicorn

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
        student = LocalStudent(config.adapter, config.base_model)
    name = config.model_name or default_model_name(config.adapter, student.base_model)
    app = create_app(student, name, config.max_body_bytes, config.batch_size, key)
    return uvicorn.Server(uvicorn.Config(app, host=config.host, port=config.port, log_level="info", access_log=False))


def read_api_key(env: str, flag: str = "--api-key-env", what: str = "the key clients must send") -> str:
    """A key from the environment variable `env` ('' when none is named), given with `flag`: by default the key
    clients must send."""
    if not env:
        return ""
    key = os.environ.get(env, "")
    if not key:
        raise UserError(f"{flag} {env}: that environment variable is empty; set it to {what}")
    return key


def run(config: ServeConfig, student=None) -> dict:
    """Serve until interrupted (blocking)."""
    server = make_server(config, student)
    name = server.config.app.state.model_name
    print(f"serving {name!r} at http://{config.host}:{config.port}/v1 (OpenAI-compatible; Ctrl-C stops)", flush=True)
    server.run()
    return {"served": name, "url": f"http://{config.host}:{config.port}/v1"}
