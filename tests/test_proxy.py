"""proxy: the openai SDK through `pipeline.proxy` in its three modes. The upstream is the project's own server
(create_app) serving the shipped demo student as "gpt-4", behind a real ASGI layer that records the bytes it
sends and can answer 429/500 instead; the proxy runs in this process, or as `python -m pipeline proxy` killed
with SIGKILL."""

from __future__ import annotations

import collections
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import openai
import pytest

from conftest import ROOT, cli, error_line, run_in_thread
from pipeline import calibration, prepare, proxy, teaching, train
from pipeline.errors import UserError
from pipeline.store import labeled_rows
from pipeline.student import LocalStudent

SHIPPED = str(ROOT / "pipeline" / "demo_student" / "adapter")
CALLER_KEY = "sk-caller-SECRET-proxy-0123456789"
ADMIN_KEY = "admin-SECRET-proxy"


class Upstream:
    """ASGI layer in front of the project's server: records each chat answer's bytes and the Authorization it got,
    and answers the next queued faults (status, headers, body) instead of the server."""

    def __init__(self, app):
        self.app, self.sent, self.auth, self.faults = app, [], [], collections.deque()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].endswith("/chat/completions"):
            return await self.app(scope, receive, send)
        self.auth.append(dict(scope["headers"]).get(b"authorization", b"").decode())
        if self.faults:
            status, headers, body = self.faults.popleft()
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"application/json"), *[(k.encode(), v.encode()) for k, v in headers.items()]]})
            await send({"type": "http.response.body", "body": body})
            return
        chunks = []

        async def recording(message):
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    self.sent.append(b"".join(chunks))
            await send(message)

        await self.app(scope, receive, recording)


class Switchable:
    """A student whose answers can be switched to another's while the server runs (the server reads it, never copies it)."""

    def __init__(self, student):
        self.current = student

    def __getattr__(self, name):
        return getattr(self.current, name)


@pytest.fixture(scope="module")
def demo():
    return LocalStudent(SHIPPED)


@pytest.fixture(scope="module")
def upstream(adapter):
    """The project's server as "gpt-4": the shipped demo student, switchable to the conftest's 6-step one (`.weak`)."""
    from pipeline.serve import create_app

    good = LocalStudent(SHIPPED)
    student = Switchable(good)
    layer = Upstream(create_app(student, "gpt-4"))
    import uvicorn

    srv = uvicorn.Server(uvicorn.Config(layer, host="127.0.0.1", port=0, log_level="warning", access_log=False))
    thread, port = run_in_thread(srv)
    layer.url, layer.student, layer.good, layer.weak = f"http://127.0.0.1:{port}/v1", student, good, LocalStudent(adapter)
    yield layer
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def recipes(prepared) -> list[str]:
    rows = [json.loads(line) for name in ("test.jsonl", "train.jsonl") for line in (prepared / name).read_text().splitlines()]
    return [r["recipe"] for r in rows][:120]


@contextlib.contextmanager
def running(tmp_path, upstream, student=None, **kw):
    """A proxy in this process (port 0) in front of `upstream`; yields (its /v1 base URL, the Proxy)."""
    cfg = proxy.ProxyConfig(adapter=SHIPPED, upstream=upstream.url, store=str(tmp_path / "calls.sqlite"), port=0, **kw)
    srv = proxy.make_server(cfg, student)
    thread, port = run_in_thread(srv)
    try:
        yield f"http://127.0.0.1:{port}", srv.config.app.state.proxy
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def client(url: str, key: str = CALLER_KEY, retries: int = 0) -> openai.OpenAI:
    return openai.OpenAI(base_url=url + "/v1", api_key=key, max_retries=retries)


def ask(task, text: str, style: str = "tools", **extra) -> dict:
    return {**task.chat_request("gpt-4", style, text), **extra}


def labels_of(reply) -> dict:
    message = reply.choices[0].message
    return json.loads(message.tool_calls[0].function.arguments if message.tool_calls else message.content)


def streamed_labels(chunks) -> dict:
    parts = []
    for c in chunks:
        if c.choices and c.choices[0].delta.tool_calls:
            parts.append(c.choices[0].delta.tool_calls[0].function.arguments or "")
        elif c.choices and c.choices[0].delta.content:
            parts.append(c.choices[0].delta.content)
    return json.loads("".join(parts))


def switch(url: str, mode: str, key: str = ADMIN_KEY) -> httpx.Response:
    return httpx.post(url + "/admin/mode", json={"mode": mode}, headers={"authorization": f"Bearer {key}"}, timeout=60)


def test_record_mode_passes_the_upstreams_bytes_and_stores_the_task_calls(upstream, demo, recipes, tmp_path):
    task = demo.task
    with running(tmp_path, upstream) as (url, px):
        sdk = client(url)
        asks = [ask(task, recipes[0]), ask(task, recipes[1], "json_schema"), ask(task, recipes[2], stream=True),
                ask(task, recipes[3], "json_schema", stream=True, stream_options={"include_usage": True})]
        for body in asks:
            before = len(upstream.sent)
            with httpx.Client(timeout=60) as h:
                r = h.post(url + "/v1/chat/completions", json=body, headers={"authorization": f"Bearer {CALLER_KEY}"})
            assert r.status_code == 200 and len(upstream.sent) == before + 1
            assert r.content == upstream.sent[-1]  # byte for byte, streams included
            assert r.headers["x-understudy-answered-by"] == "teacher" and len(r.headers["x-understudy-call-id"]) == 32
            assert r.headers["content-type"].startswith("text/event-stream" if body.get("stream") else "application/json")
        # the SDK, unchanged but for base_url: the same labels as the upstream gives
        want = demo.classify(recipes[4:6])
        assert labels_of(sdk.chat.completions.create(**ask(task, recipes[4]))) == want[0]["labels"]
        assert streamed_labels(sdk.chat.completions.create(**ask(task, recipes[5]), stream=True)) == want[1]["labels"]
        # the task's route: every call through it is the task's, however it asks (here: plain JSON content)
        routed = openai.OpenAI(base_url=url + "/recipes/v1", api_key=CALLER_KEY, max_retries=0)
        plain = routed.chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": recipes[6]}])
        assert json.loads(plain.choices[0].message.content) == demo.classify(recipes[6:7])[0]["labels"]
        # not the task's: passed through and counted, never stored
        other = sdk.chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "Soup"}])
        assert json.loads(other.choices[0].message.content)
        assert [m.id for m in sdk.models.list()] == ["gpt-4"]
        stats = httpx.get(url + "/v1/understudy/stats", timeout=10).json()
        assert stats["stored"] == {"teacher": 7, "student": 0, "audited": 0}
        assert stats["counts"] == {"passed through: not the task": 1, "passed through: other routes": 1}
        rows = px.store.rows()
    assert [r["text"] for r in rows] == recipes[:7] and rows[6]["route"] == "/recipes/v1/chat/completions"
    for r, want in zip(rows, demo.classify(recipes[:7])):
        assert r["labels"] == r["teacher_labels"] == want["labels"] and r["answered_by"] == "teacher" and r["teacher_model"] == "gpt-4"
        assert r["latency_ms"] > 0
    assert len({r["key_hash"] for r in rows}) == 1 and CALLER_KEY not in rows[0]["key_hash"]
    assert [r["stream"] for r in rows] == [0, 0, 1, 1, 0, 1, 0]
    for r in rows[:2] + rows[3:5]:  # the upstream said the tokens (a stream says them with include_usage only)
        assert r["prompt_tokens"] > 0 and r["completion_tokens"] > 0 and r["dollars"] > 0
    assert rows[2]["prompt_tokens"] is rows[5]["dollars"] is None
    for f in tmp_path.glob("calls.sqlite*"):
        assert CALLER_KEY.encode() not in f.read_bytes()
    assert set(upstream.auth[-9:]) == {f"Bearer {CALLER_KEY}"}  # the caller's key went upstream, as without the proxy


def test_student_and_cascade_modes_answer_through_the_same_sdk(upstream, demo, recipes, tmp_path, monkeypatch):
    task = demo.task
    monkeypatch.setenv("PROXY_ADMIN", ADMIN_KEY)
    texts = recipes[10:40]
    results = demo.classify(texts)
    scores = sorted(calibration.row_score(r["confidence"], r["labels"]) for r in results)
    # a threshold in the widest gap between two scores of the middle third: no row sits near it
    gap, k = max((scores[k] - scores[k - 1], k) for k in range(len(scores) // 3, 2 * len(scores) // 3))
    threshold = (scores[k - 1] + scores[k]) / 2
    assert gap > 1e-3
    with running(tmp_path, upstream, admin_key_env="PROXY_ADMIN", threshold=threshold) as (url, px):
        sdk = client(url)
        assert switch(url, "student", key="wrong").status_code == 401
        assert switch(url, "sideways").status_code == 400
        r = switch(url, "student")
        assert r.status_code == 200 and r.json()["mode"] == "student"
        before = len(upstream.sent)
        raw = sdk.chat.completions.with_raw_response.create(**ask(task, texts[0]))
        assert raw.headers["x-understudy-answered-by"] == "student" and labels_of(raw.parse()) == results[0]["labels"]
        assert streamed_labels(sdk.chat.completions.create(**ask(task, texts[1], "json_schema"), stream=True)) == results[1]["labels"]
        assert len(upstream.sent) == before  # the upstream was not asked
        # a call the student cannot answer as asked (two choices) goes upstream, which answers it its own way (this one refuses too)
        asked = len(upstream.auth)
        r = httpx.post(url + "/v1/chat/completions", json=ask(task, texts[2], n=2), headers={"authorization": f"Bearer {CALLER_KEY}"}, timeout=60)
        assert r.headers["x-understudy-answered-by"] == "teacher" and len(upstream.auth) == asked + 1
        assert r.status_code == 400 and r.content == upstream.sent[-1]

        assert switch(url, "cascade").json()["mode"] == "cascade"
        by = {}
        for text in texts:
            raw = sdk.chat.completions.with_raw_response.create(**ask(task, text))
            by[text] = raw.headers["x-understudy-answered-by"]
        rows = px.store.rows("WHERE mode = 'cascade'")
    for text, result in zip(texts, results):
        sure = calibration.row_score(result["confidence"], result["labels"]) >= threshold
        assert by[text] == ("student" if sure else "teacher")
    assert 0 < list(by.values()).count("student") < len(texts)
    assert [r["answered_by"] for r in rows] == [by[t] for t in texts]  # stored as answered, the teacher's rows with their labels
    assert all(r["teacher_labels"] for r in rows if r["answered_by"] == "teacher")
    teacher_rows = labeled_rows(tmp_path / "calls.sqlite")  # the cascade's teacher rows (and the n=2 one went unstored: a 400)
    assert sorted(r["recipe"] for r in teacher_rows) == sorted(t for t in texts if by[t] == "teacher")
    assert labeled_rows(tmp_path / "calls.sqlite", "audit") == []  # no audits: nothing to calibrate on


def test_64_concurrent_callers_and_a_bad_request_among_them(upstream, demo, recipes, tmp_path):
    task = demo.task
    with running(tmp_path, upstream) as (url, px):
        sdk = client(url)
        bodies = [ask(task, t) for t in recipes[:64]]

        def call(i):
            if i == 20:  # malformed: its own 400 from the upstream, as without the proxy
                return httpx.post(url + "/v1/chat/completions", content=b'{"model": "gpt-4", "messages": [', timeout=60)
            if i == 40:  # text that is not valid Unicode
                return httpx.post(url + "/v1/chat/completions", timeout=60, headers={"content-type": "application/json"},
                                  content=json.dumps(ask(task, "Soup \ud800")).encode())  # JSON's escape of a lone surrogate
            return sdk.chat.completions.create(**bodies[i])

        with ThreadPoolExecutor(64) as pool:
            out = list(pool.map(call, range(64)))
        rows = px.store.rows()
    assert out[20].status_code == 400 and "not valid JSON" in out[20].json()["error"]["message"]
    assert out[40].status_code == 400 and "not valid Unicode" in out[40].json()["error"]["message"]
    want = demo.classify(recipes[:64])
    good = [i for i in range(64) if i not in (20, 40)]
    assert [labels_of(out[i]) for i in good] == [want[i]["labels"] for i in good]
    assert sorted(r["text"] for r in rows) == sorted(recipes[i] for i in good)  # each good call once; the bad ones not at all


def test_upstream_429_and_500_reach_the_caller_as_sent(upstream, demo, recipes, tmp_path):
    task = demo.task
    limited = json.dumps({"error": {"message": "Rate limit reached for gpt-4", "type": "requests", "param": None,
                                    "code": "rate_limit_exceeded"}}).encode()
    with running(tmp_path, upstream) as (url, px):
        sdk = client(url)
        upstream.faults.append((429, {"retry-after": "7", "x-ratelimit-remaining-requests": "0"}, limited))
        with pytest.raises(openai.RateLimitError) as e:
            sdk.chat.completions.create(**ask(task, recipes[0]))
        assert e.value.response.headers["retry-after"] == "7" and e.value.response.headers["x-ratelimit-remaining-requests"] == "0"
        assert e.value.response.content == limited and e.value.code == "rate_limit_exceeded"
        upstream.faults.append((500, {}, b'{"error": {"message": "The server had an error", "type": "server_error"}}'))
        with pytest.raises(openai.InternalServerError) as e:
            sdk.chat.completions.create(**ask(task, recipes[0]))
        assert e.value.message.endswith("The server had an error")
        # the SDK's own retry honours Retry-After through the proxy, and the answer that finally comes is stored once
        upstream.faults.append((429, {"retry-after": "0"}, limited))
        assert labels_of(client(url, retries=2).chat.completions.create(**ask(task, recipes[0]))) == demo.classify(recipes[:1])[0]["labels"]
        stats = httpx.get(url + "/v1/understudy/stats", timeout=10).json()
    assert stats["stored"]["teacher"] == 1
    assert stats["counts"] == {"task calls: upstream status 429": 2, "task calls: upstream status 500": 1}


def test_audits_warn_when_the_upstream_starts_to_disagree(upstream, demo, recipes, tmp_path, monkeypatch):
    task = demo.task
    monkeypatch.setenv("PROXY_ADMIN", ADMIN_KEY)

    def audited(url, n):
        deadline = time.monotonic() + 120
        while (stats := httpx.get(url + "/v1/understudy/stats", timeout=10).json())["audits"]["audited"] < n:
            assert time.monotonic() < deadline, stats
            time.sleep(0.1)
        return stats

    with running(tmp_path, upstream, mode="student", audit_rate=1.0, admin_key_env="PROXY_ADMIN") as (url, px):
        sdk = client(url)
        for text in recipes[:20]:
            assert labels_of(sdk.chat.completions.create(**ask(task, text)))
        stats = audited(url, 20)
        assert stats["audits"]["agreement"] == 1.0 and stats["audits"]["warnings"] == []  # the upstream is the same student
        upstream.student.current = upstream.weak  # the upstream changes its answers
        try:
            for text in recipes[20:100]:
                raw = sdk.chat.completions.with_raw_response.create(**ask(task, text))
                assert raw.headers["x-understudy-answered-by"] == "student"  # the caller still gets the student's answer
            stats = audited(url, 100)
        finally:
            upstream.student.current = upstream.good
        rows = px.store.rows("WHERE audit = 1")
        # the app's Proxy tab shows the same, warning first; only the app's owner may point the page at a proxy
        from pipeline import views
        from pipeline.visitors import Visitor
        from pipeline.workspace import Workspace

        ws = Workspace(tmp_path / "home")
        page = views.proxy_stats(teaching.proxy_stats(ws, url + "/v1"))
        assert page.index("audits: the student agrees with the upstream") < page.index("Mode: student") < page.index("all fields")
        stranger = ws.for_visitor(Visitor(owner=False, username="eve", token="hf_eve", public=True, address="203.0.113.9"))
        with pytest.raises(UserError, match="only the owner"):
            teaching.proxy_stats(stranger, url)
        with pytest.raises(UserError, match="admin key"):
            teaching.proxy_switch(ws, url, "", "", "record")
        assert teaching.proxy_switch(ws, url, "", ADMIN_KEY, "record")["mode"] == "record"
    with pytest.raises(UserError, match="no proxy answered"):
        teaching.proxy_stats(ws, url)  # stopped
    audits = stats["audits"]
    assert audits["agreement"] < 0.95 and audits["high"] < 0.95
    assert any(w.startswith("audits: the student agrees with the upstream") for w in audits["warnings"])
    weak = upstream.weak.classify(recipes[20:100])
    assert len(rows) == 100 and [r["teacher_labels"] for r in rows[20:]] == [w["labels"] for w in weak]  # stored, ready to train on
    assert [r["recipe"] for r in labeled_rows(tmp_path / "calls.sqlite")] == recipes[:100]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sigkill_loses_no_answered_call_and_no_key_is_written(upstream, demo, recipes, tmp_path):
    port, store = free_port(), tmp_path / "killed.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "pipeline", "proxy", "--upstream", upstream.url, "--store", str(store), "--port", str(port)]
    log = open(tmp_path / "proxy.log", "wb")
    proc = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "proxy.log").read_text()
        time.sleep(0.1)
    answered, stop = [], threading.Event()

    def caller(offset):
        sdk, i = client(url), offset
        while not stop.is_set():
            with contextlib.suppress(openai.APIError):
                raw = sdk.chat.completions.with_raw_response.create(**ask(demo.task, recipes[i % len(recipes)]))
                answered.append(raw.headers["x-understudy-call-id"])
            i += 8

    threads = [threading.Thread(target=caller, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    while len(answered) < 40:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    log.close()
    from pipeline.store import CallStore

    ids = [r["call_id"] for r in CallStore(store, demo.task).rows()]
    assert len(ids) == len(set(ids)) and set(answered) <= set(ids)  # every answered call, once
    assert len(answered) >= 40
    for f in [*tmp_path.glob("killed.sqlite*"), tmp_path / "proxy.log"]:
        assert CALLER_KEY.encode() not in f.read_bytes()


def test_a_proxy_that_holds_the_upstream_key_asks_callers_for_its_own(upstream, demo, recipes, tmp_path, monkeypatch):
    monkeypatch.setenv("PROXY_KEY", "proxy-key-for-callers")
    monkeypatch.setenv("UPSTREAM_KEY", "sk-upstream-SECRET-owner")
    with running(tmp_path, upstream, key_env="PROXY_KEY", upstream_key_env="UPSTREAM_KEY") as (url, px):
        with pytest.raises(openai.AuthenticationError):
            client(url).chat.completions.create(**ask(demo.task, recipes[0]))
        reply = client(url, key="proxy-key-for-callers").chat.completions.create(**ask(demo.task, recipes[0]))
        assert labels_of(reply) == demo.classify(recipes[:1])[0]["labels"]
        assert upstream.auth[-1] == "Bearer sk-upstream-SECRET-owner"
        assert httpx.get(url + "/v1/understudy/stats", timeout=10).status_code == 401
    with running(tmp_path / "own-key-only", upstream, key_env="PROXY_KEY") as (url, px):  # an upstream that needs no key
        assert labels_of(client(url, key="proxy-key-for-callers").chat.completions.create(**ask(demo.task, recipes[0])))
        assert upstream.auth[-1] == ""  # the proxy's own key did not go on
    for f in tmp_path.glob("calls.sqlite*"):
        assert b"sk-upstream-SECRET-owner" not in f.read_bytes() and b"proxy-key-for-callers" not in f.read_bytes()
    # off loopback without a key of its own, and a held upstream key without one: each one line, before listening
    for extra, words in ((["--host", "0.0.0.0"], "set --key-env VAR"), (["--upstream-key-env", "UPSTREAM_KEY"], "--upstream-key-env needs --key-env"),
                         (["--mode", "sideways"], "--mode must be one of")):
        result = cli("proxy", "--upstream", upstream.url, "--store", str(tmp_path / "x.sqlite"), *extra, env={"UPSTREAM_KEY": "x"})
        assert result.returncode == 2 and words in error_line(result), result.stderr


def test_recorded_calls_train_a_student_that_then_answers_through_the_proxy(upstream, demo, recipes, tiny_base, tmp_path, monkeypatch):
    """The loop: record → prepare from the store → train → the new student answers in student mode."""
    task = demo.task
    with running(tmp_path, upstream) as (url, _):
        sdk = client(url)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda t: sdk.chat.completions.create(**ask(task, t)), recipes[:100] + recipes[:10]))  # 10 asked twice
    out = prepare.run(prepare.PrepareConfig(input=str(tmp_path / "calls.sqlite"), out=str(tmp_path / "prepared"), test_fraction=0.2))
    assert out["train"] + out["test"] == 100  # one row per text
    # the app's Data tab: the store uploaded, its rows become the labeled rows to prepare (the store itself is not kept)
    from gradio.utils import get_upload_folder

    from pipeline.workspace import Workspace

    uploaded = Path(get_upload_folder()) / "proxy-test" / "calls.sqlite"
    uploaded.parent.mkdir(parents=True, exist_ok=True)
    uploaded.write_bytes((tmp_path / "calls.sqlite").read_bytes())
    ws = Workspace(tmp_path / "home")
    got = teaching.use_recorded(ws, str(uploaded))
    assert got["rows"] == 100 and teaching.labeled_preview(ws, 200)[0]["recipe"] and len(teaching.labeled_preview(ws, 200)) == 100
    assert not [f for f in (tmp_path / "home").rglob("calls.sqlite*")]
    again = teaching.prepare_labeled(ws, ws.settings()["labeled"])
    assert again["train"] + again["test"] == 100 and again["rejected"] == 0
    adapter_dir = tmp_path / "adapter"
    train.run(train.TrainConfig(dataset=str(tmp_path / "prepared" / "dataset"), out=str(adapter_dir), base_model=tiny_base, max_steps=4,
                                batch_size=8, learning_rate=2e-3, lora_r=4, lora_alpha=8))
    trained = LocalStudent(str(adapter_dir))
    with running(tmp_path / "second", upstream, student=trained, mode="student") as (url, _):
        raw = client(url).chat.completions.with_raw_response.create(**ask(task, recipes[110]))
    assert raw.headers["x-understudy-answered-by"] == "student"
    assert labels_of(raw.parse()) == trained.classify(recipes[110:111])[0]["labels"]
    assert raw.parse().model == "adapter"


def test_the_students_confidence_drifting_from_its_calibration_rows_is_warned(demo):
    """The drift test the stats route reports: the student's least-confident-field scores on the calls it answered,
    against its calibration rows (Kolmogorov–Smirnov, every 50 answers)."""
    shipped = calibration.load(Path(SHIPPED) / calibration.CALIBRATION_FILE)
    reference = [s for s, _ in shipped.score_rows()]
    alike = proxy.AuditWatch(demo.task.field_names, 0.95, 0.05, shipped)
    assert [alike.observe(s) for s in reference[:100]] == [None] * 100  # the calibration rows' own scores
    assert alike.summary()["drift"]["drift"] is False
    unsure = proxy.AuditWatch(demo.task.field_names, 0.95, 0.05, shipped)
    said = [unsure.observe(0.55 + 0.001 * i) for i in range(100)]  # a corpus it is much less sure of
    assert said[49].startswith("drift: the student's confidence on its last 50 answers") and said[99] is None  # said once
    assert unsure.summary()["drift"]["drift"] is True and unsure.summary()["warnings"][0].startswith("drift:")
