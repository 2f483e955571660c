"""proxy: put Understudy where GPT-4 is already called. An OpenAI-compatible proxy records the calls as
training rows, then lets the student answer them, with the cascade and sampled audits.

    python -m pipeline proxy --upstream https://api.openai.com/v1          # record: http://127.0.0.1:8100/v1

    client = OpenAI(base_url="http://127.0.0.1:8100/v1")                    # the only change to the caller's code

Routes: POST /v1/chat/completions (and /<task>/v1/chat/completions, where every call is the task's), every other
/v1/... route passed through to the upstream as is, GET /health, GET /v1/understudy/stats (the counts, the
audits' running agreement with its interval, the drift test, warnings) and POST /admin/mode (switch the mode;
Bearer the --admin-key-env key).

A call is the task's when it carries the task's function (`tools`, its name and exactly its fields), or a
`response_format` json_schema of exactly its fields, or names a model of `--task-models`, or comes through the
task's route. Other calls are passed through and counted, never stored. Modes, switchable while it runs:

- `record`: every call goes to the upstream; the caller gets the upstream's answer byte for byte (status, body,
  stream chunks, Retry-After and the other headers). The task's calls answered with valid labels are stored.
- `cascade`: the student answers a task call when its calibrated confidence clears the threshold certified for
  `--target-agreement` (as `classify --cascade-teacher`); the rest go upstream and are stored.
- `student`: the student answers every task call it can (a call it cannot answer, e.g. n > 1, goes upstream).

Every answer says who gave it (header `x-understudy-answered-by`: teacher or student; a stored call also has
`x-understudy-call-id`, the id of its row; a stream's row is written as the stream ends), and so does its stored row. `--audit-rate R` also sends a random share R of the
student's answers to the upstream, in the background after the caller has its answer; the teacher's labels go into
that call's row (ready for the next training) and into the running agreement per field. The stats route and
the log warn when the agreement's upper bound (Hoeffding, at --failure-probability) falls below the target, and
when the student's confidences drift from its calibration rows (Kolmogorov–Smirnov, as `batch` does).

Rows are committed before the caller gets its answer (pipeline.store); a stream is held back from its last
event until its row is committed. Upstream failures reach the caller as the upstream sent them; an
unreachable upstream is a 502 (a timeout 504) with OpenAI's error body, never a made-up answer.

Keys: by default the caller's own Authorization is forwarded upstream and never written or logged (the store
keeps a salted hash to tell callers apart). With --upstream-key-env the proxy holds the upstream key itself,
and then callers must present the proxy's own key (--key-env). The proxy's own key never goes upstream (with --key-env
and no --upstream-key-env the upstream gets no key: a local server that needs none). Off loopback it refuses to start
without --key-env (anyone could otherwise write training rows, or spend the upstream key).
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' `Request` annotations at runtime.
import asyncio
import hmac
import json
import logging
import math
import random
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from pipeline import calibration as cal
from pipeline import prices
from pipeline.batcher import MicroBatcher
from pipeline.cascade import decide_threshold
from pipeline.errors import UserError
from pipeline.serve import answer_errors_as_openai, check_exposure, default_model_name, read_api_key
from pipeline.serve_openai import (
    APIError,
    answer_mode,
    answer_texts,
    chat_completion,
    check_options,
    error_body,
    streamed,
    top_logprobs_asked,
    user_text,
)
from pipeline.store import CallStore
from pipeline.student import StudentSpec
from pipeline.task import load_task, task_of_folder

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger("understudy.proxy")

MODES = ("record", "cascade", "student")
# hop-by-hop and framing headers: never copied between the caller's and the upstream's connections
HOP = {"host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
       "proxy-connection", "accept-encoding", "content-encoding"}
ANSWERED_BY = "x-understudy-answered-by"
CALL_ID = "x-understudy-call-id"


@dataclass
class ProxyConfig(StudentSpec):
    mode: str = field(default="record", metadata={"help": "record (the upstream answers, task calls are stored), cascade (the student answers what it is sure of) or student"})
    upstream: str = field(default="https://api.openai.com/v1", metadata={"help": "the OpenAI-compatible API the calls go to (OpenAI's, or any /v1 URL)"})
    store: str = field(default="data/proxy.sqlite", metadata={"help": "SQLite file of the recorded calls (`prepare --input` reads it)"})
    host: str = field(default="127.0.0.1", metadata={"help": "address to listen on (off loopback needs --key-env)"})
    port: int = field(default=8100, metadata={"help": "port to listen on"})
    key_env: str = field(default="", metadata={"help": "environment variable holding the key callers must send (needed off loopback)"})
    upstream_key_env: str = field(default="", metadata={"help": "environment variable holding the upstream's key, sent instead of the caller's (needs --key-env)"})
    admin_key_env: str = field(default="", metadata={"help": "environment variable holding the key of POST /admin/mode ('' = switching over HTTP is off)"})
    allow_no_key: bool = field(default=False, metadata={"help": "listen off loopback without --key-env (anyone may call)"})
    task_models: str = field(default="", metadata={"help": "comma-separated model names whose calls are the task's, however they ask"})
    target_agreement: float = field(default=0.95, metadata={"help": "cascade: the agreement with the upstream to guarantee; audits warn below it"})
    failure_probability: float = field(default=0.05, metadata={"help": "the chance the cascade's guarantee, or an audit bound, may fail"})
    threshold: float = field(default=-1.0, metadata={"help": "cascade: answer when the least confident field is at least this (overrides --target-agreement)"})
    audit_rate: float = field(default=0.0, metadata={"help": "share of the student's answers also sent to the upstream, to check them (0 to 1)"})
    seed: int = field(default=0, metadata={"help": "seed of the audits' draw (0 = a fresh one each start)"})
    model_name: str = field(default="", metadata={"help": "the student's name in its answers (default: the adapter folder's name)"})
    timeout: float = field(default=600.0, metadata={"help": "seconds to wait for the upstream"})
    batch_size: int = field(default=32, metadata={"help": "student: texts per forward pass"})
    max_body_bytes: int = field(default=4_000_000, metadata={"help": "largest request body accepted (413 beyond)"})


# ----------------------------------------------------------------------------------------------------
# Which calls are the task's
# ----------------------------------------------------------------------------------------------------


def _names_the_fields(schema, task) -> bool:
    return isinstance(schema, dict) and isinstance(schema.get("properties"), dict) and set(schema["properties"]) == set(task.field_names)


def call_style(body, task, task_models: set[str], task_route: bool) -> str | None:
    """How a call asks for the task's answer ("tools" or "json_schema", as `label --style`), or None when it
    is not the task's."""
    if not isinstance(body, dict):
        return None
    for tool in body.get("tools") or []:
        fn = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(fn, dict) and fn.get("name") == task.function_name and _names_the_fields(fn.get("parameters"), task):
            return "tools"
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema" and _names_the_fields((fmt.get("json_schema") or {}).get("schema"), task):
        return "json_schema"
    if task_route or body.get("model") in task_models:
        return "tools" if body.get("tools") else "json_schema"
    return None


def as_reply(data):
    """A chat.completion JSON object read with attribute access, as Task.read_reply reads the SDK's types."""
    if isinstance(data, dict):
        return SimpleNamespace(**{k: as_reply(v) for k, v in data.items() if isinstance(k, str) and k.isidentifier()})
    if isinstance(data, list):
        return [as_reply(v) for v in data]
    return data


def merge_stream(events: list[dict]) -> dict:
    """A streamed answer's chunks put back together as one chat.completion (the first choice, usage, model)."""
    content, calls, finish, usage, model = [], {}, None, None, None
    for event in events:
        model = event.get("model") or model
        usage = event.get("usage") or usage
        for choice in event.get("choices") or []:
            if choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta") or {}
            if delta.get("content"):
                content.append(delta["content"])
            for call in delta.get("tool_calls") or []:
                slot = calls.setdefault(call.get("index", 0), {"name": "", "arguments": []})
                fn = call.get("function") or {}
                slot["name"] = fn.get("name") or slot["name"]
                slot["arguments"].append(fn.get("arguments") or "")
            finish = choice.get("finish_reason") or finish
    message = {"content": "".join(content) if content else None,
               "tool_calls": [{"function": {"name": c["name"], "arguments": "".join(c["arguments"])}} for _, c in sorted(calls.items())] or None}
    return {"model": model, "usage": usage, "choices": [{"message": message, "finish_reason": finish}]}


class SSEReader:
    """Reads a server-sent-event stream as it passes: the JSON of each `data:` event, and whether the answer's
    last event (a finish_reason, or [DONE]) has begun to arrive."""

    def __init__(self):
        self.buffer, self.events, self.ending = b"", [], False

    def feed(self, chunk: bytes) -> None:
        self.buffer += chunk
        if b'"finish_reason":"' in chunk.replace(b" ", b"") or b"[DONE]" in chunk:
            self.ending = True
        while b"\n\n" in self.buffer:
            event, self.buffer = self.buffer.split(b"\n\n", 1)
            for line in event.split(b"\n"):
                if line.startswith(b"data:") and line[5:].strip() not in (b"", b"[DONE]"):
                    try:
                        self.events.append(json.loads(line[5:]))
                    except ValueError:
                        pass


# ----------------------------------------------------------------------------------------------------
# The audits: the student's answers checked against the upstream
# ----------------------------------------------------------------------------------------------------


def _p(p: float) -> str:
    return f"={p:.2g}" if p >= 1e-4 else " < 0.0001"


def wilson(k: int, n: int, z: float) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre, half = (p + z * z / (2 * n)) / (1 + z * z / n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


AUDIT_WINDOW = 200  # the running agreement is over the last this many audited answers: drift shows, not diluted by the past


class AuditWatch:
    """The running agreement of the student's last audited answers with the upstream's, per field and overall,
    and the drift of the student's confidence from its calibration rows."""

    def __init__(self, fields: list[str], target: float, failure_probability: float, calibration=None, window: int = AUDIT_WINDOW):
        self.fields, self.target, self.delta = fields, target, failure_probability
        self.window: deque = deque(maxlen=window)  # per audit, per field: did the student agree
        self.audited = 0
        self.reference = [s for s, _ in calibration.score_rows()] if calibration else []
        self.scores: deque = deque(maxlen=cal.DRIFT_ROWS)
        self.seen, self.drift, self.warned = 0, None, False

    @property
    def n(self) -> int:
        return len(self.window)

    def mean(self) -> float:
        return sum(sum(same) / len(same) for same in self.window) / self.n if self.n else 0.0

    def add(self, student: dict, teacher: dict) -> str | None:
        """One audited answer; the warning line when the agreement's upper bound has just fallen below the target."""
        self.window.append(tuple(student.get(f) == teacher.get(f) for f in self.fields))
        self.audited += 1
        low = self.bounds()[1] < self.target
        fired, self.warned = low and not self.warned, low
        return self.warning() if fired else None

    def observe(self, score: float) -> str | None:
        """One of the student's answers (its least confident field); the drift warning when the test finds drift."""
        self.scores.append(score)
        self.seen += 1
        if self.reference and len(self.scores) >= 50 and self.seen % 50 == 0:
            d, p = cal.ks_test(list(self.scores), self.reference)
            was = bool(self.drift and self.drift["drift"])
            self.drift = {"rows": len(self.scores), "calibration_rows": len(self.reference), "ks_statistic": d, "p_value": round(p, 6),
                          "drift": p < cal.DRIFT_P}
            if self.drift["drift"] and not was:
                return self.drift_warning()
        return None

    def bounds(self) -> tuple[float, float]:
        """(lower, upper) of the mean agreement, Hoeffding at the failure probability (two-sided)."""
        if not self.n:
            return 0.0, 1.0
        mean, margin = self.mean(), math.sqrt(math.log(2 / self.delta) / (2 * self.n))
        return max(0.0, mean - margin), min(1.0, mean + margin)

    def warning(self) -> str | None:
        if not self.warned:
            return None
        low, high = self.bounds()
        return (f"audits: the student agrees with the upstream on {self.mean():.3f} of fields over its last {self.n} audited answers "
                f"(at most {high:.3f} with probability {1 - self.delta:.2f}), below the target {self.target}; switch to record or "
                "cascade, and train on the stored rows (`prepare --input` the store)")

    def drift_warning(self) -> str | None:
        if not (self.drift and self.drift["drift"]):
            return None
        return (f"drift: the student's confidence on its last {self.drift['rows']} answers is unlike its confidence on the "
                f"{self.drift['calibration_rows']} calibration rows (Kolmogorov–Smirnov p{_p(self.drift['p_value'])}); the "
                "cascade's guarantee may not hold: raise --audit-rate and calibrate on the audited rows")

    def summary(self) -> dict:
        z = 1.959964  # a 95% interval per field
        low, high = self.bounds()
        per_field = {}
        for i, f in enumerate(self.fields):
            agree = sum(same[i] for same in self.window)
            lo, hi = wilson(agree, self.n, z)
            per_field[f] = {"agreement": round(agree / self.n, 4) if self.n else None, "low": round(lo, 4), "high": round(hi, 4)}
        return {"audited": self.audited, "window": self.n, "agreement": round(self.mean(), 4) if self.n else None, "low": round(low, 4),
                "high": round(high, 4), "target": self.target, "per_field": per_field, "drift": self.drift,
                "warnings": [w for w in (self.warning(), self.drift_warning()) if w]}


# ----------------------------------------------------------------------------------------------------
# The proxy
# ----------------------------------------------------------------------------------------------------


def check(config: ProxyConfig) -> None:
    """One line for each setting that cannot work, before anything is loaded or listened on."""
    if config.mode not in MODES:
        raise UserError(f"--mode must be one of {', '.join(MODES)}, got {config.mode!r}")
    parsed = urlparse(config.upstream)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UserError(f"--upstream must be an http(s) URL such as https://api.openai.com/v1, got {config.upstream!r}")
    if not 0 <= config.audit_rate <= 1:
        raise UserError(f"--audit-rate is a share between 0 and 1, got {config.audit_rate}")
    if not 0 <= config.port <= 65535:
        raise UserError(f"--port must be between 0 and 65535, got {config.port}")
    if config.max_body_bytes < 1 or config.batch_size < 1 or config.timeout <= 0:
        raise UserError("--max-body-bytes, --batch-size and --timeout must be positive")
    if config.upstream_key_env and not config.key_env:
        raise UserError("--upstream-key-env needs --key-env: a proxy that holds the upstream's key must ask callers for a key of its own")
    cal.check_target(config.target_agreement, config.failure_probability)


class Proxy:
    """The proxy's state: its mode, store, upstream client, student (loaded when a mode needs it) and audits."""

    def __init__(self, config: ProxyConfig, student=None):
        check(config)
        self.config = config
        self.key = read_api_key(config.key_env, "--key-env", "the key callers must send")
        self.upstream_key = read_api_key(config.upstream_key_env, "--upstream-key-env", "the upstream's API key")
        self.admin_key = read_api_key(config.admin_key_env, "--admin-key-env", "the key that switches the mode")
        check_exposure(config.host, self.key, config.allow_no_key, "--key-env")
        folder = config.adapter if config.adapter and Path(config.adapter).is_dir() else None
        self.task = student.task if student is not None else (load_task(config.task) if config.task else task_of_folder(folder))
        self.store = CallStore(config.store, self.task)
        self.upstream = config.upstream.rstrip("/")
        self.task_models = {m.strip() for m in config.task_models.split(",") if m.strip()}
        self.random = random.Random(config.seed or None)
        self.mode = "record"
        self.student, self.batcher, self.choice, self.name = None, None, None, ""
        self.audits = AuditWatch(self.task.field_names, config.target_agreement, config.failure_probability)
        self.client = None  # the httpx.AsyncClient, made in the server's event loop
        self.background: set = set()
        if student is not None:
            self.use_student(student)
        self.switch(config.mode, announce=False)

    # -- the student -----------------------------------------------------------------------------

    def use_student(self, student) -> None:
        if student.task.field_names != self.task.field_names:
            raise UserError(f"the student answers the task {student.task.name!r}, the proxy records {self.task.name!r}")
        self.student = student
        self.name = self.config.model_name or default_model_name(getattr(student, "adapter", "") or "", getattr(student, "base_model", "") or "")
        self.batcher = MicroBatcher(lambda texts: answer_texts(student, self.task, texts, self.config.batch_size, calibrated=True),
                                    max_batch=self.config.batch_size)
        calibration = getattr(student, "calibration", None)
        self.audits = AuditWatch(self.task.field_names, self.config.target_agreement, self.config.failure_probability, calibration)
        for row in self.store.rows("WHERE audit = 1 AND student = ? AND teacher_labels IS NOT NULL", (self.name,)):
            self.audits.add(row["student_labels"] or {}, row["teacher_labels"])  # the audits of this student so far

    def reload_calibration(self) -> None:
        """The calibration `calibrate` wrote into the student's adapter folder since the proxy started (the audited rows')."""
        folder = getattr(self.student, "adapter", "") or ""
        if folder and Path(folder).is_dir() and not self.config.calibration:
            found = cal.find(folder, self.task)
            if found is not None:
                self.student.calibration = found
                self.audits.reference = [s for s, _ in found.score_rows()]

    def switch(self, mode: str, announce: bool = True) -> str:
        """Change the mode (loading the student first when the new mode needs one); a line saying what changed, also
        logged when `announce` (a switch while running)."""
        if mode not in MODES:
            raise UserError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        if mode != "record":
            if self.student is None:
                self.use_student(self.config.load())
            if mode == "cascade":
                self.reload_calibration()
                self.choice = decide_threshold(self.config, getattr(self.student, "calibration", None))  # its threshold settings
        self.mode = mode
        if announce:
            log.warning("switched to %s", self.describe())
        return self.describe()

    def describe(self) -> str:
        """The mode in one line, with the student and, in cascade mode, its threshold."""
        return f"mode: {self.mode}" + (f" (student {self.name!r}; {self.choice.describe()})" if self.mode == "cascade" else
                                       f" (student {self.name!r})" if self.mode == "student" else "")

    # -- keys and headers --------------------------------------------------------------------------

    @staticmethod
    def bearer(headers) -> str:
        return headers.get("authorization", "").removeprefix("Bearer ").strip()

    def upstream_headers(self, headers) -> dict:
        out = {k: v for k, v in headers.items() if k.lower() not in HOP}
        out["accept-encoding"] = "identity"  # the body is read here (and recorded) as the caller gets it
        if self.key:  # the caller sent the proxy's own key: it is not the upstream's, and never goes on
            out.pop("authorization", None)
            out.pop("Authorization", None)
        if self.upstream_key:
            out["authorization"] = f"Bearer {self.upstream_key}"
        return out

    @staticmethod
    def caller_headers(headers, answered_by: str | None = None, call_id: str | None = None) -> dict:
        out = {k: v for k, v in headers.items() if k.lower() not in HOP | {"date", "server"}}
        if answered_by:
            out[ANSWERED_BY] = answered_by
        if call_id:
            out[CALL_ID] = call_id
        return out

    # -- the upstream ---------------------------------------------------------------------------------

    async def send(self, method: str, path: str, raw: bytes, headers, params=None):
        """The upstream's response, streamed (the caller reads it); an APIError when it cannot be reached."""
        import httpx

        request = self.client.build_request(method, self.upstream + path, content=raw, headers=self.upstream_headers(headers), params=params)
        try:
            return await self.client.send(request, stream=True)
        except httpx.TimeoutException:
            raise APIError(504, f"the upstream {urlparse(self.upstream).hostname} did not answer within {self.config.timeout:g} s",
                           type="upstream_error") from None
        except httpx.HTTPError as e:
            raise APIError(502, f"the upstream {urlparse(self.upstream).hostname} could not be reached ({type(e).__name__})",
                           type="upstream_error") from None

    def teacher_row(self, reply: dict, style: str, model: str) -> tuple[dict | None, str | None]:
        """The stored row's teacher part from the upstream's reply: labels, model, tokens, dollars; or why not."""
        labels, invalid = self.task.read_reply(style, as_reply(reply))
        if labels is None:
            return None, invalid
        usage, teacher = reply.get("usage"), reply.get("model") or model
        if not isinstance(usage, dict):  # a stream without stream_options.include_usage: the tokens are not known
            return {"teacher_labels": labels, "teacher_model": teacher, "prompt_tokens": None, "completion_tokens": None, "dollars": None}, None
        pt, ct = int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
        return {"teacher_labels": labels, "teacher_model": teacher, "prompt_tokens": pt, "completion_tokens": ct,
                "dollars": prices.cost(teacher, pt, ct)}, None

    def record_reply(self, reply: dict, call: dict) -> str | None:
        """Store the upstream's answer to a task call (committed when this returns); its call id, or None when the
        answer holds no valid labels (counted)."""
        part, invalid = self.teacher_row(reply, call["style"], call["model"])
        if part is None:
            self.store.count("task calls: upstream answer without valid labels")
            log.info("not stored: the upstream's answer %s", invalid)
            return None
        call_id = call["id"]
        self.store.add({**call["row"], **part, "call_id": call_id, "answered_by": "teacher", "labels": part["teacher_labels"],
                        "latency_ms": round((time.perf_counter() - call["start"]) * 1000, 2)})
        return call_id

    async def forward(self, request, path: str, raw: bytes, call: dict | None):
        """The upstream's answer, byte for byte; a task call's answer stored first."""
        from fastapi.responses import Response, StreamingResponse

        up = await self.send(request.method, path, raw, request.headers, request.query_params)
        if call is None or up.status_code != 200:
            if call is not None:
                self.store.count(f"task calls: upstream status {up.status_code}")
            if "text/event-stream" not in up.headers.get("content-type", ""):
                body = await up.aread()
                await up.aclose()
                return Response(body, status_code=up.status_code, headers=self.caller_headers(up.headers, "teacher"))
            return StreamingResponse(self.relay(up, None), status_code=up.status_code, headers=self.caller_headers(up.headers, "teacher"))
        if "text/event-stream" in up.headers.get("content-type", ""):
            return StreamingResponse(self.relay(up, call), status_code=200, headers=self.caller_headers(up.headers, "teacher", call["id"]))
        body = await up.aread()
        await up.aclose()
        call_id = None
        try:
            reply = json.loads(body)
        except ValueError:
            self.store.count("task calls: upstream answer not JSON")
        else:
            call_id = self.record_reply(reply, call) if isinstance(reply, dict) else None
        return Response(body, status_code=200, headers=self.caller_headers(up.headers, "teacher", call_id))

    async def relay(self, up, call: dict | None):
        """Pass a stream on chunk by chunk; from its last event on, hold it until the task call's row is stored."""
        reader, held = SSEReader(), []
        try:
            async for chunk in up.aiter_raw():
                if call is None:
                    yield chunk
                    continue
                reader.feed(chunk)
                if reader.ending or held:
                    held.append(chunk)
                else:
                    yield chunk
            if call is not None:
                reader.feed(b"\n\n")
                self.record_reply(merge_stream(reader.events), call)
            for chunk in held:
                yield chunk
        finally:
            await up.aclose()

    # -- the student's answer ---------------------------------------------------------------------

    def student_can_answer(self, body: dict) -> tuple[str, int | None] | None:
        """(answer mode, top logprobs) when the student can answer this call as asked, else None (it goes upstream)."""
        try:
            check_options(body)
            return answer_mode(body, self.task), top_logprobs_asked(body)
        except APIError as e:
            log.info("the student cannot answer this call (%s): it goes upstream", e.message)
            return None

    async def student_answer(self, body: dict, call: dict, how: tuple):
        """The student's answer, or None when the call goes upstream instead (the cascade: not sure enough)."""
        from fastapi.responses import JSONResponse

        out = await asyncio.wrap_future(self.batcher.submit(call["text"]))
        if isinstance(out, APIError):
            log.info("the student cannot answer this call (%s): it goes upstream", out.message)
            return None
        score = cal.row_score(out["confidence"], out["labels"])
        if line := self.audits.observe(score):
            log.warning(line)
        if self.mode == "cascade" and score < self.choice.threshold:
            self.store.count("cascade: sent to the upstream")
            return None
        call_id = call["id"]
        self.store.add({**call["row"], "call_id": call_id, "answered_by": "student", "labels": out["labels"], "student_labels": out["labels"],
                        "student_confidence": out["confidence"], "teacher_model": None, "prompt_tokens": out["usage"]["prompt_tokens"],
                        "completion_tokens": out["usage"]["completion_tokens"], "dollars": 0.0,
                        "latency_ms": round((time.perf_counter() - call["start"]) * 1000, 2)})
        if self.config.audit_rate and self.random.random() < self.config.audit_rate:
            task = asyncio.create_task(self.audit(call, call_id, out["labels"]))
            self.background.add(task)
            task.add_done_callback(self.background.discard)
        mode, top = how
        reply = chat_completion(self.name, mode, out, self.task, top)
        headers = {ANSWERED_BY: "student", CALL_ID: call_id}
        if body.get("stream"):
            return streamed(reply, out["path"], top, body, headers)
        return JSONResponse(reply, headers=headers)

    async def audit(self, call: dict, call_id: str, student_labels: dict) -> None:
        """Ask the upstream the same call (not streamed); its labels go into the call's row and the running agreement."""
        body = {k: v for k, v in call["body"].items() if k not in ("stream", "stream_options")}
        try:
            up = await self.send("POST", "/chat/completions", json.dumps(body).encode(), call["headers"])
            raw = await up.aread()
            await up.aclose()
            if up.status_code != 200:
                self.store.count(f"audits: upstream status {up.status_code}")
                return
            part, invalid = self.teacher_row(json.loads(raw), call["style"], call["model"])
        except (APIError, ValueError) as e:
            self.store.count("audits: upstream failed")
            log.warning("audit failed: %s", getattr(e, "message", e))
            return
        if part is None:
            self.store.count("audits: upstream answer without valid labels")
            return
        self.store.audit(call_id, part)
        if line := self.audits.add(student_labels, part["teacher_labels"]):
            log.warning(line)

    # -- one call ---------------------------------------------------------------------------------------

    async def chat(self, request, task_route: bool):
        raw = await read_raw(request, self.config.max_body_bytes)
        start = time.perf_counter()
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        style = call_style(body, self.task, self.task_models, task_route)
        call = None
        if style is not None:
            try:
                text = user_text(body.get("messages"))
            except APIError:
                style = None  # no text to store: the upstream answers it, as it would without the proxy
            else:
                key = self.bearer(request.headers)
                call = {"id": uuid.uuid4().hex, "style": style, "text": text, "model": body.get("model"), "start": start, "body": body, "headers": dict(request.headers),
                        "row": {"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "route": request.url.path, "mode": self.mode,
                                "model": body.get("model"), "text": text, "stream": int(bool(body.get("stream"))),
                                "key_hash": self.store.key_hash(key), "student": self.name or None}}
        if call is None:
            self.store.count("passed through: not the task")
        elif self.mode != "record" and self.student is not None and (how := self.student_can_answer(body)):
            answer = await self.student_answer(body, call, how)
            if answer is not None:
                return answer
        return await self.forward(request, "/chat/completions", raw, call)

    def stats(self) -> dict:
        return {"mode": self.mode, "student": self.name or None, "task": self.task.name, "upstream": urlparse(self.upstream).hostname,
                "threshold": self.choice.threshold if self.mode == "cascade" else None, "stored": self.store.tally(),
                "counts": self.store.counts(), "audits": self.audits.summary()}


async def read_raw(request, limit: int) -> bytes:
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise APIError(413, f"request body is over the limit of {limit} bytes", None, "request_too_large")
    return bytes(raw)


# ----------------------------------------------------------------------------------------------------
# A running proxy, from outside (the app's Proxy tab)
# ----------------------------------------------------------------------------------------------------


def proxy_url(url: str) -> str:
    """A proxy's address as typed (http://host:8100, with or without /v1), or one line saying what is wrong."""
    url = (url or "").strip().rstrip("/").removesuffix("/v1")
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname or parsed.query or parsed.fragment:
        raise UserError(f"the proxy's address must be an http(s) URL such as http://127.0.0.1:8100, got {url!r}")
    return url


def _remote(method: str, url: str, path: str, key: str, body: dict | None = None) -> dict:
    import httpx

    try:
        r = httpx.request(method, proxy_url(url) + path, json=body, headers={"authorization": f"Bearer {key}"} if key else {},
                          timeout=120, follow_redirects=False, trust_env=False)
    except httpx.HTTPError as e:
        raise UserError(f"no proxy answered at {proxy_url(url)} ({type(e).__name__}); start it with `python -m pipeline proxy`") from None
    try:
        data = r.json()
    except ValueError:
        data = None
    if r.status_code != 200 or not isinstance(data, dict):
        message = (data or {}).get("error", {}).get("message") if isinstance(data, dict) else None
        raise UserError(f"the proxy at {proxy_url(url)} answered {r.status_code}: {message or 'not a proxy of Understudy'}")
    return data


def remote_stats(url: str, key: str = "") -> dict:
    """GET /v1/understudy/stats of a running proxy (`key`: its --key-env key, when it has one)."""
    return _remote("GET", url, "/v1/understudy/stats", key)


def remote_switch(url: str, admin_key: str, mode: str) -> dict:
    """POST /admin/mode of a running proxy, with its --admin-key-env key."""
    if mode not in MODES:
        raise UserError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if not admin_key:
        raise UserError("type the proxy's admin key (the value of its --admin-key-env variable) to switch its mode")
    return _remote("POST", url, "/admin/mode", admin_key, {"mode": mode})


# ----------------------------------------------------------------------------------------------------
# The server
# ----------------------------------------------------------------------------------------------------


def create_app(proxy: Proxy) -> "FastAPI":
    import contextlib

    import httpx
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse


    @contextlib.asynccontextmanager
    async def lifespan(app):
        proxy.client = httpx.AsyncClient(timeout=proxy.config.timeout, follow_redirects=False, trust_env=False,
                                         limits=httpx.Limits(max_connections=256, max_keepalive_connections=64))
        try:
            yield
        finally:
            await asyncio.gather(*proxy.background, return_exceptions=True)  # the audits in flight finish first
            await proxy.client.aclose()
            proxy.store.close()  # the write-ahead log folded into the file: one .sqlite file to copy or upload

    app = FastAPI(title="Understudy proxy", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.proxy = proxy
    answer_errors_as_openai(app)

    def refused(request: Request) -> JSONResponse | None:
        if proxy.key and not hmac.compare_digest(proxy.bearer(request.headers).encode(), proxy.key.encode()):
            return JSONResponse(error_body("Incorrect API key provided.", "invalid_request_error", None, "invalid_api_key"), status_code=401)
        return None

    @app.get("/health")
    async def health():
        return {"status": "ok", "mode": proxy.mode}

    @app.get("/v1/understudy/stats")
    async def stats(request: Request):
        return refused(request) or proxy.stats()

    @app.post("/admin/mode")
    async def admin_mode(request: Request):
        if not proxy.admin_key:
            raise APIError(403, "switching modes over HTTP is off: start the proxy with --admin-key-env NAME", type="permission_error")
        if not hmac.compare_digest(proxy.bearer(request.headers).encode(), proxy.admin_key.encode()):
            raise APIError(401, "Incorrect admin key provided.", code="invalid_api_key")
        try:
            mode = json.loads(await request.body()).get("mode")
        except (ValueError, AttributeError):
            mode = None
        if mode not in MODES:
            raise APIError(400, 'send {"mode": "record" | "cascade" | "student"}', "mode")
        try:
            line = await asyncio.to_thread(proxy.switch, mode)
        except UserError as e:
            raise APIError(409, str(e), "mode") from None
        return {"mode": proxy.mode, "message": line}

    @app.post("/v1/chat/completions")
    async def chat(request: Request):
        return refused(request) or await proxy.chat(request, task_route=False)

    @app.post("/" + proxy.task.name + "/v1/chat/completions")
    async def task_chat(request: Request):
        return refused(request) or await proxy.chat(request, task_route=True)

    @app.api_route("/v1/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def passthrough(path: str, request: Request):
        if denied := refused(request):
            return denied
        proxy.store.count("passed through: other routes")
        return await proxy.forward(request, "/" + path, await read_raw(request, proxy.config.max_body_bytes), None)

    return app


def make_server(config: ProxyConfig, student=None):
    """A uvicorn.Server for the config, not yet started (run() starts it; tests run it in a thread)."""
    import uvicorn

    proxy = Proxy(config, student)
    return uvicorn.Server(uvicorn.Config(create_app(proxy), host=config.host, port=config.port, log_level="warning", access_log=False))


def run(config: ProxyConfig, student=None) -> dict:
    """Serve until interrupted (blocking)."""
    server = make_server(config, student)
    proxy = server.config.app.state.proxy
    where = f"http://{config.host}:{config.port}"
    print(f"proxy, {proxy.describe()}, at {where}/v1 -> {proxy.upstream}; task {proxy.task.name!r} calls stored in {config.store} "
          f"(also {where}/{proxy.task.name}/v1); Ctrl-C stops", flush=True)
    server.run()
    return {"proxy": f"{where}/v1", "mode": proxy.mode, "store": config.store, "stored": proxy.store.tally()}
