"""label: the real openai SDK against the project's own server as the teacher, through a real proxy
that injects faults, and as a subprocess killed with SIGKILL."""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import run_in_thread
from pipeline import prices
from pipeline.errors import UserError
from pipeline.label import LabelConfig, api_key, read_dotenv, run
from pipeline.retry import retry_after

ROOT = Path(__file__).resolve().parent.parent
SECRET = "sk-test-SECRET-1234-do-not-leak"


class Counting:
    """ASGI middleware: counts chat-completion requests and adds an optional delay to each."""

    def __init__(self, app, delay: float = 0.0):
        self.app, self.delay, self.count = app, delay, 0

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].endswith("/chat/completions"):
            self.count += 1
            if self.delay:
                await asyncio.sleep(self.delay)
        await self.app(scope, receive, send)


def start(app):
    import uvicorn

    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False))
    thread, port = run_in_thread(srv)
    return srv, thread, port


@contextlib.contextmanager
def served_teacher(student, delay: float = 0.0):
    """The project's server (create_app) serving `student` as "adapter" on a free port, with a request counter
    in front; the counter's .url is its /v1 base URL."""
    from pipeline.serve import create_app

    counter = Counting(create_app(student, "adapter"), delay=delay)
    srv, thread, port = start(counter)
    counter.url = f"http://127.0.0.1:{port}/v1"
    try:
        yield counter
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def student(adapter):
    from pipeline.student import LocalStudent

    return LocalStudent(adapter)


@pytest.fixture(scope="module")
def teacher(student):
    """The project's server (create_app) on a free port, with a request counter in front."""
    with served_teacher(student) as counter:
        yield counter


@pytest.fixture(scope="module")
def rows(prepared):
    out = []
    for name in ("train.jsonl", "test.jsonl"):
        out += [json.loads(line) for line in (prepared / name).read_text().splitlines()]
    assert len(out) == 200
    return [{"id": r["id"], "recipe": r["recipe"]} for r in out]


@pytest.fixture(scope="module")
def expected(student, rows):
    return {r["id"]: lab["labels"] for r, lab in zip(rows, student.classify([r["recipe"] for r in rows]))}


@pytest.fixture(scope="module")
def unlabeled(rows, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("label") / "unlabeled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def priced(tmp_path, monkeypatch):
    """A price for the served model name, so that dollars are counted."""
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"adapter": {"input": 30.0, "output": 60.0}}))
    monkeypatch.setenv(prices.ENV, str(path))
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    return path


def read_out(path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text().splitlines()]


def config(unlabeled, tmp_path, url, **kw) -> LabelConfig:
    base = dict(input=str(unlabeled), out=str(tmp_path / "labeled.jsonl"), model="adapter", base_url=url,
                cache=str(tmp_path / "cache.sqlite"), concurrency=8, backoff_base=0.01, progress=False)
    return LabelConfig(**{**base, **kw})


@pytest.mark.parametrize("style", ["tools", "json_schema"])
def test_labels_equal_the_students_and_rerun_is_free(teacher, unlabeled, expected, rows, tmp_path, priced, style):
    cfg = config(unlabeled, tmp_path, teacher.url, style=style)
    before = teacher.count
    s = run(cfg)
    assert teacher.count - before == 200
    assert s["labeled"] == 200 and s["from_cache"] == 0 and s["failed"] == 0 and s["invalid"] == 0
    assert s["prompt_tokens"] > 0 and s["completion_tokens"] > 0 and s["dollars"] > 0
    out = read_out(cfg.out)
    assert [r["id"] for r in out] == [r["id"] for r in rows]  # every row once, in order
    for r in out:
        assert r["labels"] == expected[r["id"]] and r["error"] is None
        assert r["source"] == r["teacher_model"] == "adapter" and r["teacher_host"] == "127.0.0.1" and r["labeled_at"]

    before = teacher.count
    again = run(cfg)
    assert teacher.count == before  # no new calls
    assert again["from_cache"] == 200 and again["labeled"] == 200 and again["dollars"] == 0 and again["prompt_tokens"] == 0
    assert read_out(cfg.out) == out

    # prepare accepts the output
    from pipeline import prepare

    p = prepare.run(prepare.PrepareConfig(input=cfg.out, out=str(tmp_path / "prepared"), test_fraction=0.2))
    assert p is not None
    train = read_out(tmp_path / "prepared" / "train.jsonl")
    assert train and all(r["source"] == "adapter at 127.0.0.1" for r in train)  # the teacher and where it answered


class FaultProxy(http.server.ThreadingHTTPServer):
    """Forwards to the teacher; request number n (from 1) gets a fault by n % 10:
    1 → 429 Retry-After 0, 3 → 500, 5 → hangs past the client's timeout, 7 → body cut short,
    9 → a valid reply whose answer is not JSON."""

    daemon_threads = True

    def __init__(self, upstream: str, hang: float):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.upstream, self.hang, self.n, self.lock = upstream, hang, 0, threading.Lock()
        self.faults: dict[str, int] = {}

    def next(self) -> int:
        with self.lock:
            self.n += 1
            return self.n


FAULTS = {1: "429", 3: "500", 5: "hang", 7: "truncate", 9: "not-json"}


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status: int, body: bytes, headers: dict | None = None, length: int | None = None):
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        n = self.server.next()
        fault = FAULTS.get(n % 10)
        with self.server.lock:
            self.server.faults[fault or "none"] = self.server.faults.get(fault or "none", 0) + 1
        error = json.dumps({"error": {"message": "injected", "type": "server_error", "param": None, "code": None}}).encode()
        if fault == "429":
            return self.reply(429, error, {"retry-after": "0"})
        if fault == "500":
            return self.reply(500, error)
        if fault == "hang":
            time.sleep(self.server.hang)
            self.close_connection = True
            return
        upstream = httpx.post(self.server.upstream + self.path.removeprefix("/v1"), content=body,
                              headers={"content-type": "application/json"}, timeout=30)
        data = upstream.content
        if fault == "truncate":
            self.close_connection = True
            return self.reply(upstream.status_code, data[: len(data) // 2], length=len(data))
        if fault == "not-json":
            reply = upstream.json()
            message = reply["choices"][0]["message"]
            if message.get("tool_calls"):
                message["tool_calls"][0]["function"]["arguments"] = "{oven: yes"
            else:
                message["content"] = "{oven: yes"
            data = json.dumps(reply).encode()
        self.reply(upstream.status_code, data)


def test_faults_end_labeled_or_failed_each_row_once(teacher, unlabeled, expected, rows, tmp_path, priced):
    proxy = FaultProxy(teacher.url, hang=2.0)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{proxy.server_address[1]}/v1"
        cfg = config(unlabeled, tmp_path, url, timeout=1.0, concurrency=16, max_retries=6)
        s = run(cfg)
    finally:
        proxy.shutdown()
    assert set(proxy.faults) >= {"429", "500", "hang", "truncate", "not-json", "none"}, proxy.faults
    out = read_out(cfg.out)
    assert [r["id"] for r in out] == [r["id"] for r in rows]
    assert s["labeled"] + s["failed"] + s["invalid"] == 200
    assert s["invalid"] >= 1 and s["retries"] >= 1
    for r in out:
        assert (r["labels"] is None) != (r["error"] is None)
        if r["labels"] is not None:
            assert r["labels"] == expected[r["id"]]
    assert sum(r["error"] is not None and r["error"].startswith("invalid: not JSON") for r in out) == s["invalid"]

    from pipeline import prepare  # rows with an error are set aside by prepare, the rest kept

    p = prepare.run(prepare.PrepareConfig(input=cfg.out, out=str(tmp_path / "prepared"), test_fraction=0.2))
    assert p["rejected"] == s["failed"] + s["invalid"] and p["train"] + p["test"] == s["labeled"]


def test_retry_invalid_asks_again_only_for_invalid(teacher, unlabeled, expected, tmp_path, priced):
    proxy = FaultProxy(teacher.url, hang=0)
    FAULTS_ONLY_INVALID = {9: "not-json"}
    old = dict(FAULTS)
    FAULTS.clear()
    FAULTS.update(FAULTS_ONLY_INVALID)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{proxy.server_address[1]}/v1"
        cfg = config(unlabeled, tmp_path, url, limit=50, concurrency=4)
        s = run(cfg)
        assert s["invalid"] == 5 and s["labeled"] == 45
        FAULTS.clear()
        again = run(cfg)  # cached invalid answers stay invalid without retry_invalid
        assert again["invalid"] == 5 and again["from_cache"] == 50 and again["calls"] == 0
        fixed = run(LabelConfig(**{**cfg.__dict__, "retry_invalid": True}))
        assert fixed["labeled"] == 50 and fixed["calls"] == 5 and fixed["from_cache"] == 45
    finally:
        FAULTS.clear()
        FAULTS.update(old)
        proxy.shutdown()
    assert all(r["labels"] == expected[r["id"]] for r in read_out(cfg.out))


def cache_rows(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_then_resume_and_no_secret_leaks(student, unlabeled, rows, expected, tmp_path):
    from pipeline.serve import create_app

    slow = Counting(create_app(student, "adapter"), delay=0.03)
    srv, thread, port = start(slow)
    try:
        url = f"http://127.0.0.1:{port}/v1"
        cache, out = tmp_path / "cache.sqlite", tmp_path / "labeled.jsonl"
        code = ("from pipeline.label import LabelConfig, run; "
                f"run(LabelConfig(input={str(unlabeled)!r}, out={str(out)!r}, cache={str(cache)!r}, model='adapter', "
                f"base_url={url!r}, concurrency=2, backoff_base=0.01))")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": SECRET}
        proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while cache_rows(cache) < 20:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        first_out, first_err = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        done = cache_rows(cache)
        assert 20 <= done < 200 and not out.exists()

        calls_before = slow.count
        again = subprocess.run([sys.executable, "-c", code.replace("run(", "print('SUMMARY', __import__('json').dumps(run(", 1) + "))"],
                               env=env, cwd=tmp_path, capture_output=True, timeout=120)
        assert again.returncode == 0, again.stderr.decode()
        summary = json.loads(again.stdout.decode().split("SUMMARY ", 1)[1])
        assert summary["from_cache"] >= done and summary["labeled"] == 200
        assert slow.count - calls_before == 200 - summary["from_cache"]  # no finished call repeated
        labeled = read_out(out)
        assert [r["id"] for r in labeled] == [r["id"] for r in rows]
        assert all(r["labels"] == expected[r["id"]] for r in labeled)

        secret = SECRET.encode()
        for blob in (first_out, first_err, again.stdout, again.stderr, out.read_bytes()):
            assert secret not in blob
        for path in tmp_path.iterdir():
            if path.is_file():
                assert secret not in path.read_bytes(), path
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def test_api_key_sources(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError, match="^no OPENAI_API_KEY: set it or put it in .env$"):
        api_key("")
    with pytest.raises(UserError, match="no OPENAI_API_KEY"):
        run(LabelConfig(input=str(tmp_path / "x.jsonl")))
    assert api_key("http://127.0.0.1:8000/v1") == "unused"
    (tmp_path / ".env").write_text("# keys\nexport OTHER=1\nOPENAI_API_KEY=\"sk-from-dotenv\"\n")
    assert read_dotenv(tmp_path / ".env") == {"OTHER": "1", "OPENAI_API_KEY": "sk-from-dotenv"}
    assert api_key("") == "sk-from-dotenv"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    assert api_key("") == "sk-env"


def test_retry_after_headers():
    class E:
        def __init__(self, headers):
            self.response = httpx.Response(429, headers=headers)

    assert retry_after(E({"retry-after-ms": "250"})) == 0.25
    assert retry_after(E({"retry-after": "3"})) == 3.0
    assert retry_after(E({})) is None


def test_prices(tmp_path, monkeypatch):
    monkeypatch.delenv(prices.ENV, raising=False)
    assert prices.price("gpt-4") == (30.0, 60.0)
    assert prices.price("gpt-4o-2024-08-06") == (2.5, 10.0)
    assert prices.price("gpt-4o-mini-2024-07-18") == (0.15, 0.6)
    assert prices.price("gpt-4-0613") == (30.0, 60.0)
    assert prices.price("gpt-3.5-turbo-0125") == (0.5, 1.5)
    assert prices.price("gpt-4-turbo-2024-04-09") == (10.0, 30.0)
    assert prices.price("no-such-model") == (0.0, 0.0)
    assert prices.cost("gpt-4", 1000, 1000) == pytest.approx(0.09)  # the study's $0.03 + $0.06 per 1K
    path = tmp_path / "p.yaml"
    path.write_text("gpt-4: {input: 1, output: 2}\nmine: [3, 4]\n")
    assert prices.price("mine", path) == (3.0, 4.0)
    monkeypatch.setenv(prices.ENV, str(path))
    assert prices.price("gpt-4") == (1.0, 2.0)
    assert all(p.source for p in prices.PRICES.values())


def test_rate_limit_bucket():
    """A minute's worth at once, then one more every half second (2 per second): on a clock of its own."""
    from pipeline.label import Bucket

    clock, slept = [1000.0], []
    bucket = Bucket(120, clock=lambda: clock[0], sleep=lambda s: (slept.append(s), clock.__setitem__(0, clock[0] + s)))
    for _ in range(120):
        bucket.take()
    assert slept == []
    bucket.take()
    bucket.take()
    assert sum(slept) == pytest.approx(1.0)


def test_unknown_model_stops_with_one_line(teacher, unlabeled, tmp_path, priced):
    with pytest.raises(UserError, match="no model 'gpt-4'"):
        run(config(unlabeled, tmp_path, teacher.url, model="gpt-4", limit=5))


def test_bad_settings(unlabeled, tmp_path, priced):
    with pytest.raises(UserError, match="--style"):
        run(config(unlabeled, tmp_path, "http://127.0.0.1:1/v1", style="xml"))
    with pytest.raises(UserError, match="--concurrency"):
        run(config(unlabeled, tmp_path, "http://127.0.0.1:1/v1", concurrency=0))
    with pytest.raises(UserError, match="text"):
        run(config(unlabeled, tmp_path, "http://127.0.0.1:1/v1", text_column="text"))


def test_connection_refused_rows_are_failed_not_dropped(unlabeled, tmp_path, priced):
    s = run(config(unlabeled, tmp_path, "http://127.0.0.1:1/v1", limit=3, max_retries=1))
    assert s["failed"] == 3 and s["labeled"] == 0
    out = read_out(tmp_path / "labeled.jsonl")
    assert len(out) == 3 and all(r["labels"] is None and r["error"].startswith("APIConnectionError") for r in out)


def test_a_hub_dataset_id_is_labeled_like_a_file(teacher, prepared, expected, tmp_path, priced, monkeypatch):
    from pipeline import hub

    monkeypatch.setenv("HF_HUB_DIR", str(tmp_path / "hub"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))
    s = run(config("alice/recipes", tmp_path, teacher.url, split="test"))  # a baseline over the test split
    out = read_out(s["out"])
    test_ids = [json.loads(line)["id"] for line in (prepared / "test.jsonl").read_text().splitlines()]
    assert s["labeled"] == len(test_ids) == 40 and [r["id"] for r in out] == test_ids
    assert all(r["labels"] == expected[r["id"]] for r in out)


def recording_listener(hits: list) -> http.server.ThreadingHTTPServer:
    """A listener on this machine (standing for the server's own network) that answers 200 to every POST and
    records the authorization header each one carried; started, to be shut down by the caller."""

    class Recording(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            hits.append(self.headers.get("authorization"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_redirecting_teacher_reaches_nothing_behind_it(tmp_path):
    """A teacher URL that answers 307 towards another address (here another local port, standing for this server's
    network) is not followed: the row gets one line naming the redirect, and the target sees no request and no key."""
    from pipeline.label import Teacher
    from pipeline.task import load_task

    hits = []
    behind = recording_listener(hits)

    class Redirecting(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(307)
            self.send_header("Location", f"http://127.0.0.1:{behind.server_port}/v1/chat/completions")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    front = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=front.serve_forever, daemon=True).start()
    try:
        config = LabelConfig(model="gpt-4", base_url=f"http://127.0.0.1:{front.server_port}/v1", max_retries=2)
        answer = Teacher(config, load_task("recipes"), "sk-never-forwarded", (30.0, 60.0)).ask("Toast\n\nIngredients:\n- bread")
    finally:
        front.shutdown()
        behind.shutdown()
    assert "answered 307, a redirect, which is not followed" in answer["error"] and "labels" not in answer
    assert hits == []


def test_a_teacher_name_that_rebinds_to_this_machine_reaches_nothing(monkeypatch):
    """DNS rebinding: the visitor's teacher host resolves to a public address when the URL is checked and to
    127.0.0.1 when the call connects. The public-only teacher resolves at connect time, refuses, and the listener on
    this machine sees no request and no key; the row gets an error, not labels."""
    import socket

    from pipeline.label import Teacher
    from pipeline.task import load_task
    from pipeline.label import check_public_address

    hits = []
    inside = recording_listener(hits)
    real = socket.getaddrinfo
    answers = iter(["93.184.215.14"])  # the first lookup (the check): a public address; every later one: loopback

    def rebinding(host, *args, **kwargs):
        if host != "teacher.example":
            return real(host, *args, **kwargs)
        address, port = next(answers, "127.0.0.1"), (args[0] if args else kwargs.get("port")) or 0
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = f"http://teacher.example:{inside.server_port}/v1"
    try:
        check_public_address(url)  # passes: the name is public right now
        config = LabelConfig(model="gpt-4", base_url=url, max_retries=1)
        answer = Teacher(config, load_task("recipes"), "sk-visitor", (30.0, 60.0), public_only=True).ask("Toast\n\nIngredients:\n- bread")
        assert "labels" not in answer and answer["error"] and hits == []  # refused at connect: nothing inside was reached
        Teacher(config, load_task("recipes"), "sk-visitor", (30.0, 60.0)).ask("Toast\n\nIngredients:\n- bread")
        assert hits  # the same call without the pin: the rebound name reaches the listener on this machine, key and all
    finally:
        inside.shutdown()
