"""label: ask a teacher model (GPT-4 or any OpenAI-compatible endpoint) to label every row.

Each row's text goes to the teacher with the task's system prompt, either as a forced call of the
task's function (`--style tools`, the original study's way) or as strict structured output
(`--style json_schema`). Answers are checked against the task; an invalid, truncated or refused answer
is recorded with its reason, never dropped. Every finished call is committed at once to a SQLite cache
keyed by (model, base_url, style, system prompt, schema, text), so a run that is killed repeats no
finished call when started again, and a re-run costs nothing. Transient failures (429, 5xx, timeouts,
dropped connections) are retried with exponential backoff and full jitter, honouring Retry-After.

`--sample N --seed S` labels an audit sample instead: N rows drawn uniformly at random from the corpus,
streamed (reservoir sampling), so the corpus is never held in memory; the rows keep their input order and
their ids (or their index as id), so the same file, N and seed give the same rows. This is the set that
`calibrate` and the cascade's guarantee are fitted on.

The output has one row per input (or sampled) row, in input order: id, the text, `labels` (or null), `error` (or
null), `source` (the teacher model) and provenance (teacher_model, teacher_host, labeled_at), ready for
`prepare`. The API key comes from OPENAI_API_KEY or a `.env` file, and is never printed or stored.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import os
import socket
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

from pipeline import prices
from pipeline.data import texts_of, write_jsonl
from pipeline.errors import UserError
from pipeline.hub import read_rows, sample_rows
from pipeline.redact import Scrubber
from pipeline.retry import backoff, retry_after, transient
from pipeline.task import Task, load_task

log = logging.getLogger("understudy.label")

STYLES = ("tools", "json_schema")
OPENAI_HOST = "api.openai.com"


@dataclass
class LabelConfig:
    input: str = field(default="data/sample/unlabeled.jsonl", metadata={"help": "rows to label: JSONL/CSV/parquet, a dataset folder or a Hub dataset id (user/name[@revision])"})
    split: str = field(default="train", metadata={"help": "the split to read from a dataset folder or Hub dataset (e.g. test, for a baseline)"})
    out: str = field(default="data/labeled.jsonl", metadata={"help": "output JSONL (one row per input row)"})
    task: str = field(default="recipes", metadata={"help": "built-in task name or a task YAML file"})
    model: str = field(default="gpt-4", metadata={"help": "teacher model id"})
    base_url: str = field(default="", metadata={"help": "OpenAI-compatible base URL ('' = OpenAI's own)"})
    style: str = field(default="tools", metadata={"help": "'tools' (forced function call, as in the study) or 'json_schema' (strict structured output)"})
    concurrency: int = field(default=16, metadata={"help": "requests in flight at once"})
    max_retries: int = field(default=6, metadata={"help": "retries of a call after 429, 5xx, timeouts or dropped connections"})
    timeout: float = field(default=60.0, metadata={"help": "seconds before one request times out"})
    rpm: int = field(default=0, metadata={"help": "requests per minute limit (0 = none)"})
    tpm: int = field(default=0, metadata={"help": "tokens per minute limit, estimated before each call (0 = none)"})
    cache: str = field(default="data/teacher_cache.sqlite", metadata={"help": "SQLite cache of answers ('' = no cache)"})
    retry_invalid: bool = field(default=False, metadata={"help": "ask again for answers recorded as invalid, truncated or refused"})
    limit: int = field(default=0, metadata={"help": "label only the first N rows (0 = all)"})
    sample: int = field(default=0, metadata={"help": "label a uniform random sample of N rows of the input (an audit sample for `calibrate`; 0 = all rows)"})
    seed: int = field(default=0, metadata={"help": "seed of --sample's draw (the same input, N and seed give the same rows)"})
    text_column: str = field(default="", metadata={"help": "column holding the text (default: the task's input column)"})
    backoff_base: float = field(default=1.0, metadata={"help": "first retry waits up to this many seconds (doubling, full jitter)"})
    backoff_max: float = field(default=60.0, metadata={"help": "longest wait between retries, in seconds"})
    prices: str = field(default="", metadata={"help": "YAML/JSON price file overriding the built-in table (also: env UNDERSTUDY_PRICES)"})
    progress: bool = field(default=True, metadata={"help": "show a progress bar"})


# ----------------------------------------------------------------------------------------------------
# The API key
# ----------------------------------------------------------------------------------------------------


def read_dotenv(path: str | Path = ".env") -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments, blank lines, `export ` and quotes allowed)."""
    path = Path(path)
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        if line.startswith("export "):
            line = line[len("export "):]
        key, value = line.split("=", 1)
        key, value = key.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


def is_openai(base_url: str) -> bool:
    return not base_url or (urlparse(base_url).hostname or "").endswith("openai.com")


def api_key(base_url: str = "") -> str:
    """OPENAI_API_KEY from the environment or ./.env; "unused" for a non-OpenAI endpoint without one."""
    key = os.environ.get("OPENAI_API_KEY") or read_dotenv(Path.cwd() / ".env").get("OPENAI_API_KEY", "")
    if key:
        return key
    if is_openai(base_url):
        raise UserError("no OPENAI_API_KEY: set it or put it in .env")
    return "unused"


def teacher_host(base_url: str) -> str:
    return (urlparse(base_url).hostname or base_url) if base_url else OPENAI_HOST


# ----------------------------------------------------------------------------------------------------
# The cache
# ----------------------------------------------------------------------------------------------------


class Cache:
    """Answers by key, committed one by one (WAL), shared by the worker threads under a lock."""

    def __init__(self, path: str):
        self.path = path or ":memory:"
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("""CREATE TABLE IF NOT EXISTS answers (
                key TEXT PRIMARY KEY, model TEXT, labels TEXT, invalid TEXT,
                prompt_tokens INTEGER, completion_tokens INTEGER, dollars REAL, created TEXT)""")
            self.db.commit()
        except sqlite3.DatabaseError as e:
            raise UserError(f"{path}: cannot use as the teacher cache ({e}); delete it or pass another --cache") from None
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self.lock:
            row = self.db.execute("SELECT labels, invalid, prompt_tokens, completion_tokens, dollars, created FROM answers WHERE key=?",
                                  (key,)).fetchone()
        if row is None:
            return None
        return {"labels": json.loads(row[0]) if row[0] else None, "invalid": row[1], "prompt_tokens": row[2],
                "completion_tokens": row[3], "dollars": row[4], "created": row[5]}

    def put(self, key: str, model: str, answer: dict) -> None:
        labels = json.dumps(answer["labels"], ensure_ascii=False) if answer.get("labels") is not None else None
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO answers VALUES (?,?,?,?,?,?,?,?)",
                            (key, model, labels, answer.get("invalid"), answer["prompt_tokens"], answer["completion_tokens"],
                             answer["dollars"], answer["created"]))
            self.db.commit()

    def close(self) -> None:
        with self.lock:
            self.db.close()


def cache_key(model: str, base_url: str, style: str, task: Task, text: str) -> str:
    parts = [model, base_url, style, task.system_prompt, json.dumps(task.tool(), sort_keys=True), text]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------------------------------
# Rate limits and retries
# ----------------------------------------------------------------------------------------------------


class Bucket:
    """A token bucket refilled at `per_minute`/60 per second, holding at most a minute's worth
    (`clock` and `sleep` are time's own, unless a test hands it a clock of its own)."""

    def __init__(self, per_minute: int, clock=time.monotonic, sleep=time.sleep):
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self.level = self.capacity
        self.clock, self.sleep = clock, sleep
        self.stamp = clock()
        self.lock = threading.Lock()

    def take(self, amount: float = 1.0) -> None:
        amount = min(amount, self.capacity)
        while True:
            with self.lock:
                now = self.clock()
                self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.level >= amount:
                    self.level -= amount
                    return
                wait = (amount - self.level) / self.rate
            self.sleep(min(wait, 1.0))


# ----------------------------------------------------------------------------------------------------
# A visitor's teacher: public addresses only, the one checked being the one connected to
# ----------------------------------------------------------------------------------------------------


SITE_LOCAL = ipaddress.ip_network("fec0::/10")  # deprecated, yet `is_global` in Python's tables
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # an IPv4 address in its last 32 bits


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet: globally routable (an allow-list: `is_global`, so carrier-grade
    NAT 100.64/10 and every special range are out), and so is any IPv4 address it embeds (IPv4-mapped, 6to4, Teredo,
    NAT64), never a site-local one."""
    if not ip.is_global or ip.is_multicast:
        return False
    if ip.version == 6:
        if ip in SITE_LOCAL:
            return False
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ()),
                    ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None]
        return all(is_public(v4) for v4 in embedded if v4 is not None)
    return True


def public_addresses(host: str) -> list[str]:
    """Every address `host` resolves to now, when all are public (`is_public`); else one line."""
    try:
        addresses = list(dict.fromkeys(info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)))
    except (OSError, UnicodeError):
        raise UserError(f"the teacher's host {host!r} does not resolve; check the base URL") from None
    for address in addresses:
        if not is_public(ipaddress.ip_address(address.split("%")[0])):
            raise UserError(f"the teacher's base URL must be a public address, not {host} on this server's network")
    return addresses


def check_public_address(url: str) -> None:
    """A visitor's teacher URL must reach the public internet, never this machine or its private network (every
    address the host resolves to now must be public). Checked before the call, for a clear line; the call itself
    goes through `public_only_transport`, which connects only to the address it checked."""
    public_addresses(urlparse(url).hostname or "")


def public_only_transport():
    """An httpx transport that resolves each connection's host itself, refuses it unless every address is public,
    and connects to the address it checked: the address checked is the address reached, so a name that resolves to
    a public address for the check and to 127.0.0.1 a moment later (DNS rebinding) reaches nothing inside. TLS still
    sends SNI for, and verifies the certificate of, the hostname; the Host header is the URL's."""
    import httpcore
    import httpx

    class PinnedBackend(httpcore.NetworkBackend):
        def __init__(self):
            self.inner = httpcore.SyncBackend()

        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            try:
                address = public_addresses(host)[0]
            except UserError as e:
                raise httpcore.ConnectError(str(e)) from None
            return self.inner.connect_tcp(address, port, timeout=timeout, local_address=local_address, socket_options=socket_options)

        def connect_unix_socket(self, path, timeout=None, socket_options=None):
            raise httpcore.ConnectError("a visitor's teacher is reached over TCP only")

        def sleep(self, seconds):
            self.inner.sleep(seconds)

    transport = httpx.HTTPTransport(trust_env=False)  # no proxy from the environment in between
    transport._pool = httpcore.ConnectionPool(ssl_context=transport._pool._ssl_context, network_backend=PinnedBackend())
    return transport



class Fatal(Exception):
    """An error that would fail every row (a rejected key): stop the run."""


# ----------------------------------------------------------------------------------------------------
# One call
# ----------------------------------------------------------------------------------------------------


class Teacher:
    def __init__(self, config: LabelConfig, task: Task, key: str, price: tuple[float, float], public_only: bool = False):
        """`public_only` (a visitor's teacher on a public app): every connection goes only to a public address, the
        one resolved and checked for that connection (visitors.public_only_transport)."""
        import openai

        self.config, self.task, self.price = config, task, price
        # never follow a redirect: a teacher URL checked as public could otherwise send the call (and the key) on to an
        # address on this server's network
        transport = {"transport": public_only_transport(), "trust_env": False} if public_only else {}
        self.client = openai.OpenAI(api_key=key, base_url=config.base_url or None, timeout=config.timeout, max_retries=0,
                                    http_client=openai.DefaultHttpxClient(follow_redirects=False, **transport))
        self.scrub = Scrubber(key)
        self.rpm = Bucket(config.rpm) if config.rpm > 0 else None
        self.tpm = Bucket(config.tpm) if config.tpm > 0 else None
        self.calls = 0
        self.retries = 0
        self.lock = threading.Lock()

    def request(self, text: str) -> dict:
        return self.task.chat_request(self.config.model, self.config.style, text)

    def read(self, reply) -> tuple[dict | None, str | None]:
        """(labels, None) or (None, why the answer is invalid)."""
        return self.task.read_reply(self.config.style, reply)

    def estimate_tokens(self, text: str) -> float:
        return (len(self.task.system_prompt) + len(text) + len(json.dumps(self.task.tool()))) / 4 + 20 * len(self.task.fields)

    def ask(self, text: str) -> dict:
        """One answer: {labels, invalid, prompt_tokens, completion_tokens, dollars, created} or {error}.

        Tokens and dollars add up every call made (a retried invalid answer is paid for too)."""
        import openai

        config, body = self.config, self.request(text)
        spent = {"prompt_tokens": 0, "completion_tokens": 0, "dollars": 0.0}
        attempt = 0
        while True:
            if self.rpm:
                self.rpm.take(1)
            if self.tpm:
                self.tpm.take(self.estimate_tokens(text))
            wait = None
            try:
                reply = self.client.chat.completions.create(**body)
                with self.lock:
                    self.calls += 1
                usage = getattr(reply, "usage", None)
                pt = int(getattr(usage, "prompt_tokens", 0) or 0)
                ct = int(getattr(usage, "completion_tokens", 0) or 0)
                spent["prompt_tokens"] += pt
                spent["completion_tokens"] += ct
                spent["dollars"] += (pt * self.price[0] + ct * self.price[1]) / 1_000_000
                labels, invalid = self.read(reply)
                if invalid is None or not config.retry_invalid or attempt >= config.max_retries:
                    return {"labels": labels, "invalid": self.scrub(invalid) if invalid else None, **spent, "created": now()}
                reason = invalid
            except (openai.AuthenticationError, openai.PermissionDeniedError) as e:
                raise Fatal(self.scrub(f"the teacher refused the API key ({e.status_code}): {e.message}")) from None
            except openai.NotFoundError as e:
                raise Fatal(self.scrub(f"the teacher at {teacher_host(config.base_url)} has no model {config.model!r} "
                                       f"or no chat-completions endpoint (404): {e.message}")) from None
            except Exception as e:  # noqa: BLE001 - sorted into transient and final below
                with self.lock:
                    self.calls += 1
                if 300 <= (getattr(e, "status_code", None) or 0) < 400:
                    return {"error": f"the teacher at {teacher_host(config.base_url)} answered {e.status_code}, a redirect, which is "
                                     "not followed; give the address it redirects to as the base URL", **spent}
                reason = self.scrub(describe(e))
                if not transient(e) or attempt >= config.max_retries:
                    return {"error": reason, **spent}
                wait = retry_after(e)
            if wait is None:
                wait = backoff(attempt, config.backoff_base, config.backoff_max)
            log.debug("retry %d after %.2fs: %s", attempt + 1, wait, reason)
            with self.lock:
                self.retries += 1
            time.sleep(min(wait, config.backoff_max))
            attempt += 1


def ask_all(teacher: Teacher, cache: Cache, todo: dict[str, str], on_answer: Callable[[str, dict], None]) -> None:
    """Ask the teacher about each text (cache key → text), `concurrency` at a time. Each answer is committed to
    the cache as it comes, so a killed run asks no finished call again, then handed to on_answer(key, answer)
    (in this thread). A refused key or an unknown model stops the lot with one line."""
    with ThreadPoolExecutor(max_workers=teacher.config.concurrency) as pool:
        futures = {pool.submit(teacher.ask, text): k for k, text in todo.items()}
        try:
            for future in as_completed(futures):
                k = futures[future]
                try:
                    answer = future.result()
                except Fatal as e:
                    raise UserError(str(e)) from None
                if "error" not in answer:
                    cache.put(k, teacher.config.model, answer)
                on_answer(k, answer)
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def describe(error) -> str:
    status = getattr(error, "status_code", None)
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return f"{type(error).__name__}{f' {status}' if status else ''}: {str(message)[:300]}"


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ----------------------------------------------------------------------------------------------------
# The stage
# ----------------------------------------------------------------------------------------------------


def check(config: LabelConfig) -> None:
    if config.style not in STYLES:
        raise UserError(f"--style must be one of {', '.join(STYLES)}, got {config.style!r}")
    for name in ("concurrency",):
        if getattr(config, name) < 1:
            raise UserError(f"--{name} must be at least 1, got {getattr(config, name)}")
    for name in ("max_retries", "rpm", "tpm", "limit", "sample", "seed"):
        if getattr(config, name) < 0:
            raise UserError(f"--{name.replace('_', '-')} must not be negative, got {getattr(config, name)}")
    if config.sample and config.limit:
        raise UserError("--sample and --limit cannot be given together; pick one (--sample N draws N rows at random, --limit N takes the first N)")
    if config.timeout <= 0:
        raise UserError(f"--timeout must be positive, got {config.timeout}")
    if config.base_url and urlparse(config.base_url).scheme not in ("http", "https"):
        raise UserError(f"--base-url must start with http:// or https://, got {config.base_url!r}")


def audit_sample_note(rows: int, corpus_rows: int, seed: int) -> str:
    return f"audit sample of {rows} of {corpus_rows} rows (seed {seed})"


def rows_to_label(config: LabelConfig) -> tuple[list[dict], dict]:
    """The input's rows (the first --limit of them), or its audit sample (--sample) with what the summary says of
    it ({} for no sample): {"audit_sample": "audit sample of N of M rows (seed S)", "corpus_rows": M, "seed": S}."""
    split = config.split or "train"
    if not config.sample:
        rows = read_rows(config.input, split=split)
        return (rows[: config.limit] if config.limit else rows), {}
    drawn = sample_rows(config.input, config.sample, config.seed, split)
    if drawn.rows and config.sample > drawn.corpus_rows:
        log.warning("--sample %d is more than the %d rows of %s: labeling all of them", config.sample, drawn.corpus_rows, config.input)
    note = audit_sample_note(len(drawn.rows), drawn.corpus_rows, drawn.seed)
    return drawn.rows, {"audit_sample": note, "corpus_rows": drawn.corpus_rows, "seed": drawn.seed}


def format_summary(s: dict) -> str:
    sampled = f"{s['audit_sample']}\n" if s.get("audit_sample") else ""
    return (f"{sampled}labeled {s['labeled']} of {s['rows']} rows ({s['from_cache']} from the cache), "
            f"{s['invalid']} invalid, {s['failed']} failed\n"
            f"tokens: {s['prompt_tokens']:,} prompt + {s['completion_tokens']:,} completion, "
            f"cost ${s['dollars']:.4f}, {s['seconds']:.1f} s\n"
            f"output: {s['out']}")


def run(config: LabelConfig, key: str | None = None, on_progress: Callable[[int, int, float], None] | None = None,
        public_only: bool = False) -> dict:
    """Label every row. `key` overrides OPENAI_API_KEY (the app's per-visitor key; never stored);
    `on_progress(done, total, dollars)` follows the run."""
    check(config)
    start = time.monotonic()
    task = load_task(config.task)
    key = key or api_key(config.base_url)
    price = prices.price(config.model, config.prices or None)
    rows, sampled = rows_to_label(config)
    if not rows:
        raise UserError(f"{config.input}: no rows to label")
    column = config.text_column or task.input
    texts = texts_of(rows, column, config.input)

    cache = Cache(config.cache)
    teacher = Teacher(config, task, key, price, public_only=public_only)
    keys = [cache_key(config.model, config.base_url, config.style, task, t) for t in texts]
    answers: dict[str, dict] = {}
    cached: set[str] = set()
    todo: list[str] = []  # unique keys to ask, first text of each
    text_of: dict[str, str] = {}
    for k, t in zip(keys, texts):
        if k in answers or k in text_of:
            continue
        if not t.strip():
            answers[k] = {"labels": None, "invalid": None, "error": f"empty {column}", "prompt_tokens": 0, "completion_tokens": 0,
                          "dollars": 0.0}
            continue
        hit = cache.get(k)
        if hit is not None and not (hit["invalid"] and config.retry_invalid):
            answers[k] = hit
            cached.add(k)
        else:
            text_of[k] = t
            todo.append(k)

    spent = {"prompt_tokens": 0, "completion_tokens": 0, "dollars": 0.0}
    bar = None
    if config.progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(rows), desc=f"label ({config.model})", unit="row", file=sys.stderr, dynamic_ncols=True)
        bar.update(sum(1 for k in keys if k in answers))
        bar.set_postfix_str("$0.0000")
    per_key = {}
    for k in keys:
        per_key[k] = per_key.get(k, 0) + 1
    done = sum(1 for k in keys if k in answers)

    def record(k: str, answer: dict) -> None:
        nonlocal done
        for name in spent:
            spent[name] += answer[name]
        answers[k] = answer
        done += per_key[k]
        if on_progress is not None:
            on_progress(done, len(rows), spent["dollars"])
        if bar is not None:
            bar.update(per_key[k])
            bar.set_postfix_str(f"${spent['dollars']:.4f}")

    try:
        ask_all(teacher, cache, {k: text_of[k] for k in todo}, record)
    finally:
        if bar is not None:
            bar.close()
        cache.close()

    host = teacher_host(config.base_url)
    stamp = now()
    out_rows, counts = [], {"labeled": 0, "from_cache": 0, "failed": 0, "invalid": 0}
    for i, (row, k, t) in enumerate(zip(rows, keys, texts)):
        a = answers[k]
        error = a.get("error") or a.get("invalid")
        if a.get("labels") is not None and not error:
            counts["labeled"] += 1
        elif a.get("invalid"):
            counts["invalid"] += 1
        else:
            counts["failed"] += 1
        counts["from_cache"] += k in cached
        out_rows.append({
            "id": str(row.get("id", i)) if row.get("id") is not None else str(i),
            column: t,
            "labels": a.get("labels") if not error else None,
            "error": error,
            "source": config.model,
            "teacher_model": config.model,
            "teacher_host": host,
            "labeled_at": a.get("created") or stamp,
        })
    write_jsonl(config.out, out_rows)
    summary = {"rows": len(rows), **counts, "prompt_tokens": spent["prompt_tokens"], "completion_tokens": spent["completion_tokens"],
               "dollars": round(spent["dollars"], 6), "calls": teacher.calls, "retries": teacher.retries,
               "seconds": round(time.monotonic() - start, 2), "out": str(config.out), "cache": config.cache}
    summary.update(sampled)
    print(format_summary(summary), file=sys.stderr, flush=True)
    return summary
