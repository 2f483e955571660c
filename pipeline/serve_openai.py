"""serve_openai: the OpenAI chat-completions API of `serve` (pipeline/serve.py's docstring has the contract).

Reading a request (`read_body`, `user_text`, `answer_mode`, `check_options`, `top_logprobs_asked`),
refusing it the OpenAI way (`APIError`, answered with `error_body`), the batched answer of texts
(`answer_texts`, run by serve's micro-batcher), the answer's tokens with the alternatives the task
allowed at each (`answer_path`, which OpenAI's `logprobs` and TGI's `details` report), and
`add_openai_routes`, which adds /v1/chat/completions, /v1/models and /v1/models/{model} to a FastAPI
app. `read_body`, `check_utf8`, `outcome_of` and `answer_path` also serve the TGI routes.
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' `Request` annotations at runtime.
import asyncio
import json
import logging
import math
import time
import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fastapi is imported where it is used, so the CLI starts without it
    from fastapi import FastAPI, Request

log = logging.getLogger("understudy.serve")


class APIError(Exception):
    """A request the endpoint refuses: an HTTP status and OpenAI's error fields."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None,
                 type: str = "invalid_request_error"):  # noqa: A002 - OpenAI's field name
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.type = status, message, param, code, type


def error_body(message: str, type: str = "invalid_request_error", param: str | None = None, code: str | None = None) -> dict:  # noqa: A002
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def check_utf8(text: str) -> str | None:
    """Why `text` cannot go to the tokenizer (a lone surrogate such as JSON's "\\ud800" cannot be
    encoded as UTF-8), or None when it can."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return f"not valid Unicode text: {e.reason} at character {e.start} (a lone surrogate such as \\ud800)"
    return None


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
    """Refuse what the student cannot do (give more than one choice) and malformed stream settings."""
    stream, options = body.get("stream"), body.get("stream_options")
    if stream is not None and not isinstance(stream, bool):
        raise APIError(400, "'stream' must be true or false", "stream")
    if options is not None:
        if not stream:
            raise APIError(400, "'stream_options' is only allowed when 'stream' is true", "stream_options")
        if not isinstance(options, dict) or not isinstance(options.get("include_usage", False), bool):
            raise APIError(400, "'stream_options' must be an object such as {\"include_usage\": true}", "stream_options")
    n = body.get("n")
    if n is not None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise APIError(400, "'n' must be a positive integer", "n")
        if n > 1:
            raise APIError(400, "only n=1 is supported: the student's answer is deterministic", "n", "unsupported_parameter")


MAX_TOP_LOGPROBS = 20  # OpenAI's limit (vLLM's default --max-logprobs too)


def top_logprobs_asked(body: dict) -> int | None:
    """How many alternatives per token the request asks for (`logprobs: true, top_logprobs: k`): None
    when it asks for no logprobs, 0 for the chosen tokens only; 400 for values OpenAI refuses."""
    wanted, top = body.get("logprobs"), body.get("top_logprobs")
    if wanted is not None and not isinstance(wanted, bool):
        raise APIError(400, "'logprobs' must be true or false", "logprobs")
    if top is not None:
        if isinstance(top, bool) or not isinstance(top, int) or not 0 <= top <= MAX_TOP_LOGPROBS:
            raise APIError(400, f"'top_logprobs' must be an integer from 0 to {MAX_TOP_LOGPROBS}", "top_logprobs")
        if not wanted:
            raise APIError(400, "'top_logprobs' needs 'logprobs': true", "top_logprobs")
    return (top or 0) if wanted else None


async def read_body(request: "Request", max_body_bytes: int) -> dict:
    """The request's JSON object, read no further than `max_body_bytes` (413 beyond, 400 when not a JSON object)."""
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


# ----------------------------------------------------------------------------------------------------
# Answering
# ----------------------------------------------------------------------------------------------------


async def outcome_of(submit, payload):
    """The batcher's outcome for one request (`submit(payload)` returns its Future). A model failure
    becomes this request's 500 as an APIError: answered by its handler, the connection stays open for
    the client's next request."""
    try:
        return await asyncio.wrap_future(submit(payload))
    except APIError:
        raise
    except Exception as e:  # noqa: BLE001 - already run alone by the batcher: this request is the culprit
        log.error("request failed: %s: %r", type(e).__name__, e)
        raise APIError(500, f"the server failed on this request: {type(e).__name__}", type="server_error") from None


# ----------------------------------------------------------------------------------------------------
# The answer's tokens: what OpenAI's logprobs and TGI's details report
# ----------------------------------------------------------------------------------------------------
#
# The logprobs are "processed": renormalised over what the task's answer grammar allows at each position,
# as TGI reports them and as vLLM does with `--logprobs-mode processed_logprobs` (by default vLLM reports
# them before the grammar's mask; pipeline.remote renormalises over the allowed values either way).
# Forced tokens (keys, punctuation) have logprob 0 and no alternatives. A field's first deciding token
# carries the log of the field's confidence (the whole value's probability renormalised over the allowed
# values, as `classify` gives it), and its alternatives (the other tokens the grammar allowed there) share
# the rest, 1 - confidence: for a field of two values (a boolean) that is exactly the decoder's
# distribution; with more values the decoder keeps only the chosen value's probability, so the rest is
# split evenly among the alternatives. Either way the chosen token's share of what the grammar allowed
# there, which a client computes, is the field's confidence; later deciding tokens of the same value
# carry logprob 0 (their share is already counted) and list no alternatives.

FLOOR = 1e-12  # the smallest probability reported (JSON has no -inf)


def _logprob(p: float) -> float:
    return math.log(max(p, FLOOR))


def answer_path(student, task, labels: dict, confidence: dict) -> list[dict]:
    """The answer's tokens, per token {id, text, logprob, alternatives: [(id, text, logprob)]} (see
    above): the decoder's own tokens when `student` has its answer plan (a LocalStudent), else one
    piece per key, value and punctuation of the compact JSON answer (a student behind another server)."""
    if callable(getattr(student, "answer_tokens", None)) and getattr(student, "plan", None) is not None:
        return _decoder_path(student, task, labels, confidence)
    return _value_path(task, labels, confidence)


def _decoder_path(student, task, labels: dict, confidence: dict) -> list[dict]:
    path = [{"id": tok, "text": text, "logprob": logprob, "alternatives": []}
            for tok, text, logprob in student.answer_tokens(labels, confidence)]
    k = len(student.plan.start)
    for root, f in zip(student.plan.tries, task.fields):
        node, decided = root, False
        while node.children:
            entry = path[k]
            others = [tok for tok in node.children if tok != entry["id"]]
            if others and not decided:
                rest = _logprob((1.0 - confidence.get(f.name, 1.0)) / len(others))
                entry["alternatives"] = [(tok, student.tokenizer.decode([tok]), rest) for tok in others]
                decided = True
            node, k = node.children[entry["id"]], k + 1
    return path


def _value_path(task, labels: dict, confidence: dict) -> list[dict]:
    def piece(text: str, logprob: float = 0.0, alternatives: list | None = None) -> dict:
        return {"id": None, "text": text, "logprob": logprob, "alternatives": alternatives or []}

    path, forced = [], "{"
    for f in task.fields:
        path.append(piece(forced + json.dumps(f.name, ensure_ascii=False) + ":"))
        p, chosen = confidence.get(f.name, 1.0), labels[f.name]
        others = [json.dumps(v, ensure_ascii=False) for v in f.values if v != chosen]
        rest = _logprob((1.0 - p) / len(others)) if others else 0.0
        path.append(piece(json.dumps(chosen, ensure_ascii=False), _logprob(p), [(None, v, rest) for v in others]))
        forced = ","
    path.append(piece("}"))
    return path


def ranked(entry: dict, n: int) -> list[tuple]:
    """The chosen token and its alternatives as (id, text, logprob), likeliest first, at most n."""
    candidates = [(entry["id"], entry["text"], entry["logprob"]), *entry["alternatives"]]
    return sorted(candidates, key=lambda c: -c[2])[:n]


def openai_logprobs(path: list[dict], top: int) -> dict:
    """OpenAI's choices[0].logprobs for an answer path: per token its logprob and its `top` likeliest
    alternatives (the chosen one included)."""
    def item(text: str, logprob: float) -> dict:
        return {"token": text, "logprob": round(logprob, 6), "bytes": list(text.encode("utf-8", "replace"))}

    return {"content": [{**item(e["text"], e["logprob"]),
                         "top_logprobs": [item(text, logprob) for _, text, logprob in ranked(e, top)]} for e in path],
            "refusal": None}


def answer_texts(student, task, texts: list[str], batch_size: int, calibrated: bool = False) -> list:
    """The model work of several requests in one batched classify call: for each text its answer
    (content, path, usage, labels, confidence) or the APIError that request gets. `student`'s attributes are read
    here, when the batch runs (it may be a proxy of whatever student is active now). A server gives the model's
    own confidences; `calibrated` (the proxy's cascade) the calibrated ones."""
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
    fingerprint = getattr(student, "fingerprint", None)  # read with the batch: the student that answers it
    results = student.classify([texts[i] for i in ok], batch_size, calibrated=calibrated) if ok else []
    for i, result in zip(ok, results):
        if result.get("error") or not result.get("labels"):
            outcomes[i] = APIError(400, f"could not classify the text: {result.get('error')}", "messages")
            continue
        content = task.answer_text(result["labels"])
        prompt_tokens = result.get("prompt_tokens") or 0  # counted by classify, which tokenized the prompt already
        completion_tokens = len(encode(content)) if encode else result.get("completion_tokens") or 0
        outcomes[i] = {"content": content, "path": answer_path(student, task, result["labels"], result.get("confidence") or {}),
                       "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                                 "total_tokens": prompt_tokens + completion_tokens},
                       "labels": result["labels"], "confidence": result.get("confidence") or {}, "fingerprint": fingerprint}
    return outcomes


def chat_completion(name: str, mode: str, out: dict, task, top: int | None = None) -> dict:
    """OpenAI's chat.completion reply for one answer (from answer_texts), as a tool call or as content,
    with the answer's logprobs when asked (`top`: alternatives per token, from top_logprobs_asked)."""
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
        "choices": [{"index": 0, "message": message, "finish_reason": finish,
                     "logprobs": None if top is None else openai_logprobs(out["path"], top)}],
        "usage": out["usage"],
        "system_fingerprint": out.get("fingerprint"),  # the answering student's (LocalStudent.fingerprint)
    }


def answer_pieces(content: str, path: list[dict]) -> list[tuple[str, dict | None]]:
    """The answer cut as it streams: one piece per token of the path (with that token's entry, for its
    logprobs), or the whole content in one piece when the tokens do not spell it exactly."""
    if path and "".join(e["text"] for e in path) == content:
        return [(e["text"], e) for e in path]
    return [(content, None)]


def stream_chunks(reply: dict, path: list[dict], top: int | None = None, include_usage: bool = False) -> list[dict]:
    """The chat.completion.chunk objects that stream `reply` (from chat_completion) as OpenAI streams one: the role
    (and, for a tool call, its id and name), the answer a token at a time (each with its logprobs when asked), the
    finish reason; with `include_usage`, every chunk carries "usage": null and a last chunk with no choices carries it."""
    head = {k: reply[k] for k in ("id", "created", "model", "system_fingerprint")}
    choice, message = reply["choices"][0], reply["choices"][0]["message"]
    calls = message.get("tool_calls")

    def chunk(delta: dict, finish=None, logprobs=None) -> dict:
        out = {**head, "object": "chat.completion.chunk",
               "choices": [{"index": 0, "delta": delta, "logprobs": logprobs, "finish_reason": finish}]}
        return {**out, "usage": None} if include_usage else out

    if calls:
        call = calls[0]
        first = {"role": "assistant", "content": None, "refusal": None,
                 "tool_calls": [{"index": 0, "id": call["id"], "type": "function", "function": {"name": call["function"]["name"], "arguments": ""}}]}
        content = call["function"]["arguments"]
    else:
        first, content = {"role": "assistant", "content": "", "refusal": None}, message["content"]
    chunks = [chunk(first)]
    for text, entry in answer_pieces(content, path):
        delta = {"tool_calls": [{"index": 0, "function": {"arguments": text}}]} if calls else {"content": text}
        logprobs = openai_logprobs([entry], top) if top is not None and entry is not None else None
        chunks.append(chunk(delta, logprobs=logprobs))
    chunks.append(chunk({}, choice["finish_reason"]))
    if include_usage:
        chunks.append({**head, "object": "chat.completion.chunk", "choices": [], "usage": reply["usage"]})
    return chunks


def sse(chunks: list[dict]) -> bytes:
    """Server-sent events as OpenAI sends them: one `data:` line per chunk, then `data: [DONE]`."""
    return b"".join(b"data: " + json.dumps(c, ensure_ascii=False).encode() + b"\n\n" for c in chunks) + b"data: [DONE]\n\n"


def streamed(reply: dict, path: list[dict], top: int | None, body: dict, headers: dict | None = None):
    """The reply as a text/event-stream response (with `headers` too), when the request asked `stream: true`."""
    from fastapi.responses import Response

    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    return Response(sse(stream_chunks(reply, path, top, include_usage)), media_type="text/event-stream",
                    headers={"cache-control": "no-cache", **(headers or {})})


# ----------------------------------------------------------------------------------------------------
# The routes
# ----------------------------------------------------------------------------------------------------


def add_openai_routes(app: "FastAPI", student, model_name: str, submit, max_body_bytes: int) -> None:
    """Add /v1/models, /v1/models/{model} and /v1/chat/completions to `app`. `student` is read, never
    copied: its task and base model now, the rest when a batch runs; `submit(text)` queues a text for
    answer_texts and returns its Future. `model` may be `model_name` or the student's base model."""
    from fastapi import (
        Request,  # here, not at the top: the CLI starts without loading fastapi
    )

    task = student.task
    accepted = {model_name, getattr(student, "base_model", "") or model_name}
    created = int(time.time())

    def model_card() -> dict:
        return {"id": model_name, "object": "model", "created": created, "owned_by": "understudy"}

    def unknown_model(name) -> APIError:
        return APIError(404, f"The model {name!r} does not exist; this server serves {model_name!r}", "model", "model_not_found")

    @app.get("/v1/models")
    async def models():
        return {"object": "list", "data": [model_card()]}

    @app.get("/v1/models/{model:path}")
    async def model(model: str):
        if model not in accepted:
            raise unknown_model(model)
        return model_card()

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request):
        body = await read_body(request, max_body_bytes)
        name = body.get("model")
        if not isinstance(name, str) or not name:
            raise APIError(400, "you must provide a 'model' parameter", "model", "missing_required_parameter")
        if name not in accepted:
            raise unknown_model(name)
        check_options(body)
        top = top_logprobs_asked(body)
        mode = answer_mode(body, task)
        text = user_text(body.get("messages"))
        out = await outcome_of(submit, text)
        if isinstance(out, APIError):
            raise out
        reply = chat_completion(name, mode, out, task, top)
        return streamed(reply, out["path"], top, body) if body.get("stream") else reply
