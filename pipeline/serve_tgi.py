"""serve_tgi: the subset of Text Generation Inference's API that `serve` speaks (pipeline/serve.py's
docstring has the contract), so `pipeline.remote`'s TGI backend and huggingface_hub.InferenceClient
work against it.

Reading a /generate request (`read_generate`) and refusing it TGI's way (`TGIError`); what answers it
(`PromptModels`: the served student, or the bare base model as TGI's fallback for an adapter_id it
does not have, picked by `pick_model`), whose `classify_batch` serve's micro-batcher runs; and
`add_tgi_routes`, which adds POST /generate, POST / and GET /info to a FastAPI app (/info shows a
local base model by its folder's name only: `public_name`).
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' `Request` annotations at runtime.
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fastapi is imported where it is used, so the CLI starts without it
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

from pipeline.batcher import work_by_kind
from pipeline.serve_openai import APIError, answer_path, check_utf8, outcome_of, ranked, read_body
from pipeline.student import LocalStudent

log = logging.getLogger("understudy.serve")


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
    top_n = params.get("top_n_tokens")
    if top_n is not None and (isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 0):
        raise TGIError(422, "`top_n_tokens` must be an integer >= 0")
    grammar = params.get("grammar")
    if grammar is not None:
        if not isinstance(grammar, dict) or grammar.get("type") not in ("json", "json_object", "regex"):
            raise TGIError(422, "grammar must be {\"type\": \"json\", \"value\": <JSON schema>}")
        if grammar["type"] == "regex":
            if grammar.get("value") != task.answer_regex():
                raise TGIError(422, f"grammar is not valid: this model answers only its task's exact answer (the fields "
                                    f"{task.field_names}, as Task.answer_regex spells them) or its JSON schema, not this regex")
            return prompt, params
        schema = grammar.get("value")
        if isinstance(schema, str):
            try:
                schema = json.loads(schema)
            except ValueError as e:
                raise TGIError(422, f"grammar is not valid: {e}") from None
            except RecursionError:
                raise TGIError(422, "grammar is not valid: nested too deeply (a JSON schema is a few levels deep)") from None
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


def public_name(model: str) -> str:
    """A model as the server may show it: a Hub id as is, a local folder by its name only (the
    server's filesystem paths never leave it)."""
    if not model:
        return model
    path = Path(model.rstrip("/\\"))
    return path.name if path.is_absolute() or path.exists() else model


# ----------------------------------------------------------------------------------------------------
# What answers a rendered prompt
# ----------------------------------------------------------------------------------------------------


class PromptModels:
    """What answers rendered prompts, as TGI picks by adapter_id: the served student, or the bare base
    model beside its adapter (TGI's silent fallback), loaded in the worker thread on first use.

    What answers without adapter_id, or with one this server does not have (`fallback`): the base
    model beside the adapter; the student itself when it is a bare base; nothing when the student has
    an adapter but no base model is known (the app's proxy student). `student` is never copied: it is
    resolved when a batch runs (prompt_reader)."""

    def __init__(self, student, model_name: str, batch_size: int):
        self.student, self.model_name, self.batch_size = student, model_name, batch_size
        self.task = student.task
        self.adapter = getattr(student, "adapter", "") or ""
        self.base_model = getattr(student, "base_model", "") or ""
        self.adapter_ids = {model_name, self.adapter, self.adapter.rstrip("/\\")} - {""}
        self.fallback = ("base" if self.base_model else None) if self.adapter else "served"
        self.base_student = None  # the bare base model, loaded on first use
        self.by_kind = work_by_kind({"served": self.classify_with_served, "base": self.classify_with_base})

    def classify_batch(self, items: list) -> list:
        """(kind, prompt) items, kind "served" or "base": per item {labels, confidence, tokens,
        prompt_tokens} or a TGIError; one batched call per kind."""
        return self.by_kind(items)

    def pick(self, adapter_id) -> tuple[str, str | None]:
        """("served" or "base", warning or None) for a request's adapter_id (pick_model), or TGIError."""
        return pick_model(adapter_id, self.adapter_ids, self.fallback, self.model_name)

    def classify_with_served(self, prompts: list[str]) -> list:
        return classify_prompts(prompt_reader(self.student), prompts, self.batch_size)

    def classify_with_base(self, prompts: list[str]) -> list:
        try:
            model = prompt_reader(self.loaded_base_student())
        except Exception as e:  # noqa: BLE001 - a missing or broken base model: the request says so, not 500
            log.warning("the base model could not be loaded: %s: %r", type(e).__name__, e)
            return [TGIError(503, f"the base model could not be loaded ({type(e).__name__})", "generation")] * len(prompts)
        return classify_prompts(model, prompts, self.batch_size)

    def loaded_base_student(self) -> LocalStudent:
        if self.base_student is None:
            self.base_student = LocalStudent("", self.base_model, self.task)
        return self.base_student


def classify_prompts(model, prompts: list[str], batch_size: int) -> list:
    """Rendered prompts classified by `model` (from prompt_reader) in one batched call: per prompt its
    result, with its answer path (serve_openai.answer_path), or a TGIError (422 too long, 424 not
    classified; 501 for all when `model` is None)."""
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
            outcomes[i] = {**result, "path": answer_path(model, model.task, result["labels"], result.get("confidence") or {})}
    return outcomes


# ----------------------------------------------------------------------------------------------------
# The routes
# ----------------------------------------------------------------------------------------------------


def tgi_error(e: TGIError) -> "JSONResponse":
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": e.message, "error_type": e.error_type}, status_code=e.status)


def tgi_token(tok, text: str, logprob: float) -> dict:
    return {"id": tok, "text": text, "logprob": round(logprob, 6), "special": False}


def generated_reply(out: dict, params: dict, task) -> dict:
    """TGI's /generate reply for one result: the generated text, cut to max_new_tokens, with details
    when asked: the decoder's token path, finish_reason, and with top_n_tokens, per token the n
    likeliest of the tokens the grammar allowed there (serve_openai.answer_path)."""
    path = out["path"]
    finish = "eos_token"
    budget = params.get("max_new_tokens")
    if isinstance(budget, int) and 0 < budget < len(path):
        path, finish = path[:budget], "length"
    text = task.answer_text(out["labels"]) if finish == "eos_token" else "".join(e["text"] for e in path)
    reply = {"generated_text": text}
    if params.get("details"):
        tokens = [tgi_token(e["id"], e["text"], e["logprob"]) for e in path]
        details = {"finish_reason": finish, "generated_tokens": len(tokens), "seed": None, "prefill": [], "tokens": tokens}
        top_n = params.get("top_n_tokens")
        if isinstance(top_n, int) and not isinstance(top_n, bool) and top_n > 0:
            details["top_tokens"] = [[tgi_token(*c) for c in ranked(e, top_n)] for e in path]
        reply["details"] = details
    return reply


def model_info(models: PromptModels) -> dict:
    """GET /info's body, as TGI describes its model (the student's attributes read now)."""
    student = models.student
    context = getattr(getattr(getattr(student, "model", None), "config", None), "max_position_embeddings", None)
    return {
        "model_id": models.model_name, "model_sha": None, "model_pipeline_tag": "text-generation",
        "max_concurrent_requests": 128, "max_best_of": 1, "max_stop_sequences": 4,
        "max_input_tokens": getattr(student, "max_prompt_tokens", None),
        "max_total_tokens": context, "max_client_batch_size": 1, "validation_workers": 1,
        "router": "understudy", "version": "understudy", "sha": None, "docker_label": None,
        "understudy": {"task": models.task.name, "base_model": public_name(models.base_model) or None,
                       "adapters": [models.model_name] if models.adapter else []},
    }


def add_tgi_routes(app: "FastAPI", models: PromptModels, submit, max_body_bytes: int) -> None:
    """Add GET /info, and POST / (TGI's compat route, where InferenceClient(base_url=...).text_generation
    posts) and POST /generate to `app`. `submit((kind, prompt))` queues a prompt for
    models.classify_batch and returns its Future."""
    from fastapi import (
        Request,  # here, not at the top: the CLI starts without loading fastapi
    )
    from fastapi.responses import JSONResponse


    @app.get("/info")
    async def info():
        return model_info(models)

    @app.post("/")
    @app.post("/generate")
    async def generate(request: Request):
        try:
            body = await read_body(request, max_body_bytes)
        except APIError as e:
            return tgi_error(TGIError(422 if e.status == 400 else e.status, e.message))
        try:
            prompt, params = read_generate(body, models.task)
            kind, warning = models.pick(params.get("adapter_id"))
        except TGIError as e:
            return tgi_error(e)
        try:
            out = await outcome_of(submit, (kind, prompt))
        except APIError as e:  # the model failed (500), or the app's proxy student has none ready yet (503)
            return tgi_error(TGIError(e.status, e.message, "generation"))
        if isinstance(out, TGIError):
            return tgi_error(out)
        headers = {"x-understudy-warning": warning} if warning else None
        return JSONResponse(generated_reply(out, params, models.task), headers=headers)
