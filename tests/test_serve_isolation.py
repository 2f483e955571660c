"""The server's safety: a bad request fails alone, no open server by accident, the TGI routes answer
through a proxy student (as the app mounts them) without copying it, and no absolute local path
leaves the server."""

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import cli, error_line, run_in_thread

from pipeline.errors import UserError
from pipeline.serve import (
    MicroBatcher,
    ServeConfig,
    check_exposure,
    create_app,
    make_server,
)
from pipeline.student import LocalStudent

LONE_SURROGATE = "Soup\ud800\n\nDirections:\n- Boil."


@pytest.fixture(scope="module")
def student(adapter):
    return LocalStudent(adapter)


@pytest.fixture(scope="module")
def server(student, adapter):
    srv = make_server(ServeConfig(adapter=adapter, port=0), student=student)
    thread, port = run_in_thread(srv)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def recipes(prepared):
    return [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()][:5]


def raw_json(body: dict) -> bytes:
    """The body as JSON with \\u escapes: a lone surrogate travels as the six characters \\ud800, as
    any JSON client may send it (it cannot be encoded as UTF-8)."""
    return json.dumps(body, ensure_ascii=True).encode("ascii")


# ----------------------------------------------------------------------------------------------------
# A bad request fails alone
# ----------------------------------------------------------------------------------------------------


def send_mixed(base_url: str, model: str, recipes: list[str], n: int = 200, headers: dict | None = None) -> tuple[list, set]:
    """`n` concurrent chat requests to base_url/v1, 10 of them with a lone surrogate; (replies, bad indexes)."""
    bad = set(range(7, n, n // 10))  # 10 bad requests spread among the good ones
    assert len(bad) == 10

    def body(i):
        text = LONE_SURROGATE if i in bad else recipes[i % len(recipes)]
        return raw_json({"model": model, "messages": [{"role": "user", "content": text}],
                         "response_format": {"type": "json_object"}})

    async def send_all():
        async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=httpx.Limits(max_connections=100)) as client:
            return await asyncio.gather(*(client.post("/v1/chat/completions", content=body(i),
                                                      headers={"content-type": "application/json", **(headers or {})}) for i in range(n)))

    # in a thread of its own: the caller may already run an event loop (Playwright's, in the app's tests)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(asyncio.wait_for(send_all(), timeout=300))).result(), bad


def check_mixed(replies: list, bad: set, want: list) -> None:
    """The bad requests got 400 with OpenAI's error body; every good one 200 with its labels."""
    for i, r in enumerate(replies):
        if i in bad:
            assert r.status_code == 400, r.text
            error = r.json()["error"]
            assert set(error) == {"message", "type", "param", "code"} and error["type"] == "invalid_request_error"
            assert "not valid Unicode" in error["message"] and error["param"] == "messages[0].content"
        else:
            assert r.status_code == 200, (i, r.text)
            assert json.loads(r.json()["choices"][0]["message"]["content"]) == want[i % len(want)]


def test_a_lone_surrogate_fails_alone_among_200_concurrent_requests(server, student, recipes):
    want = [r["labels"] for r in student.classify(recipes)]
    replies, bad = send_mixed(server, "adapter", recipes)
    check_mixed(replies, bad, want)


def test_a_lone_surrogate_in_a_tgi_prompt_fails_alone(server, student, recipes):
    good = student.render(recipes[0])
    want = student.classify([recipes[0]])[0]["labels"]
    prompts = [good.replace(recipes[0], LONE_SURROGATE) if i % 5 == 2 else good for i in range(20)]

    async def send_all():
        async with httpx.AsyncClient(base_url=server, timeout=60) as client:
            return await asyncio.gather(*(client.post("/generate", content=raw_json({"inputs": p, "parameters": {"adapter_id": "adapter"}}),
                                                      headers={"content-type": "application/json"}) for p in prompts))

    replies = asyncio.run(asyncio.wait_for(send_all(), timeout=120))
    for i, r in enumerate(replies):
        if i % 5 == 2:
            assert r.status_code == 422 and r.json()["error_type"] == "validation" and "not valid Unicode" in r.json()["error"]
        else:
            assert r.status_code == 200, r.text
            assert json.loads(r.json()["generated_text"]) == want


def test_a_batch_that_breaks_the_model_is_retried_one_by_one():
    """Whatever still makes a batched model call fail costs only the request that caused it."""
    calls = []

    def work(items):
        calls.append(list(items))
        if "poison" in items:
            raise RuntimeError("the model broke")
        return [item.upper() for item in items]

    batcher = MicroBatcher(work, max_batch=8, max_wait=0.5)  # a long wait: the six land in one batch
    items = ["a", "b", "poison", "c", "d", "e"]
    futures = [batcher.submit(item) for item in items]
    for item, future in zip(items, futures):
        if item == "poison":
            with pytest.raises(RuntimeError, match="the model broke"):
                future.result(timeout=10)
        else:
            assert future.result(timeout=10) == item.upper()
    assert calls[0] == items and sorted(map(tuple, calls[1:])) == sorted((item,) for item in items)


class Fragile:
    """A student whose batched call breaks on one text, as the tokenizer did on a lone surrogate."""

    adapter, base_model, max_text_tokens = "fragile", "", 1000

    def __init__(self, task):
        self.task, self.calls = task, []

    def classify(self, texts, batch_size=32, calibrated=True):
        self.calls.append(list(texts))
        time.sleep(0.02)  # requests arriving meanwhile share the next batch
        if any("poison" in t for t in texts):
            raise RuntimeError("the model broke")
        labels = {f.name: f.values[0] for f in self.task.fields}
        return [{"labels": labels, "confidence": {}, "prompt_tokens": 1, "error": None} for _ in texts]


def test_a_request_that_breaks_the_batched_model_call_fails_alone(student):
    import uvicorn

    fragile = Fragile(student.task)
    srv = uvicorn.Server(uvicorn.Config(create_app(fragile, "fragile"), host="127.0.0.1", port=0, log_level="critical"))
    thread, port = run_in_thread(srv)
    poisoned = set(range(3, 60, 10))

    async def send_all():
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            return await asyncio.gather(*(client.post("/v1/chat/completions", json={
                "model": "fragile", "messages": [{"role": "user", "content": "poison soup" if i in poisoned else f"soup {i}"}]})
                for i in range(60)))

    try:
        replies = asyncio.run(asyncio.wait_for(send_all(), timeout=60))
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
    assert any(len(call) > 1 and any("poison" in t for t in call) for call in fragile.calls)  # a poisoned batch happened
    for i, r in enumerate(replies):
        if i in poisoned:
            assert r.status_code == 500 and r.json()["error"]["type"] == "server_error", r.text
        else:
            assert r.status_code == 200, r.text


# ----------------------------------------------------------------------------------------------------
# No open server by accident
# ----------------------------------------------------------------------------------------------------


def test_serving_off_loopback_without_a_key_is_refused_through_the_cli():
    for host in ("0.0.0.0", "::", "192.168.1.20"):
        line = error_line(cli("serve", "--host", host, "--port", "0", timeout=120))
        assert host in line and "--api-key-env" in line and "--allow-no-key" in line, line
    line = error_line(cli("serve", "--host", "0.0.0.0", "--api-key-env", "UNDERSTUDY_TEST_UNSET_KEY", timeout=120))
    assert "UNDERSTUDY_TEST_UNSET_KEY" in line and "empty" in line
    assert "anyone who can reach the port can use the student" in " ".join(cli("serve", "--help", timeout=120).stdout.split())


def test_check_exposure():
    for host in ("127.0.0.1", "127.0.0.53", "localhost", "LOCALHOST", "::1", "[::1]"):
        check_exposure(host, "", False)
    for host in ("0.0.0.0", "::", "10.0.0.5", "example.com", ""):
        with pytest.raises(UserError, match="--allow-no-key"):
            check_exposure(host, "", False)
        check_exposure(host, "a key", False)
        check_exposure(host, "", True)


def test_off_loopback_starts_with_a_key_or_the_flag(student, monkeypatch):
    monkeypatch.setenv("UNDERSTUDY_TEST_KEY", "sesame")
    assert make_server(ServeConfig(host="0.0.0.0", port=0, api_key_env="UNDERSTUDY_TEST_KEY"), student=student)
    assert make_server(ServeConfig(host="0.0.0.0", port=0, allow_no_key=True), student=student)
    with pytest.raises(UserError, match="--allow-no-key"):
        make_server(ServeConfig(host="0.0.0.0", port=0), student=student)


# ----------------------------------------------------------------------------------------------------
# The TGI routes through a proxy student, never copied
# ----------------------------------------------------------------------------------------------------


class Proxy:
    """Like the app's workspace.ActiveStudent: delegates attribute access to the active student."""

    adapter, base_model = "understudy", ""

    def __init__(self, student):
        self._student = student
        self.task = student.task

    def __getattr__(self, name):
        return getattr(self._student, name)


def test_tgi_routes_answer_through_a_proxy_student(student, recipes):
    from fastapi.testclient import TestClient

    prompt = student.render(recipes[0])
    want = student.classify([recipes[0]])[0]
    with TestClient(create_app(Proxy(student), "understudy"), raise_server_exceptions=False) as c:
        for params in ({"adapter_id": "understudy", "details": True}, {"details": True}):
            r = c.post("/generate", json={"inputs": prompt, "parameters": params})
            assert r.status_code == 200, (params, r.text)
            assert json.loads(r.json()["generated_text"]) == want["labels"]
            assert "x-understudy-warning" not in r.headers
            assert len(r.json()["details"]["tokens"]) > len(student.task.fields)
        r = c.post("/generate", json={"inputs": prompt, "parameters": {"adapter_id": "recipes-v9"}})
        assert r.status_code == 422 and r.json()["error_type"] == "validation"
        assert "no base model to fall back to" in r.json()["error"] and "understudy" in r.json()["error"]
        r = c.post("/generate", json={"inputs": prompt, "parameters": {"adapter_id": ["not", "a", "string"]}})
        assert r.status_code == 422
        info = c.get("/info").json()
        assert info["model_id"] == "understudy" and info["max_input_tokens"] == student.max_prompt_tokens
        r = c.post("/v1/chat/completions", json={"model": "understudy", "messages": [{"role": "user", "content": recipes[0]}]})
        assert r.status_code == 200 and json.loads(r.json()["choices"][0]["message"]["content"]) == want["labels"]


def test_a_student_that_cannot_read_prompts_answers_generate_with_an_error(student):
    from fastapi.testclient import TestClient

    class Remote:  # like a student behind another server: no tokenizer here, no classify_prompts
        task, adapter, base_model, max_text_tokens = student.task, "remote", "", 100

        def classify(self, texts, batch_size=32, calibrated=True):
            return [{"labels": None, "confidence": None, "error": "unused"} for _ in texts]

    with TestClient(create_app(Proxy(Remote()), "understudy"), raise_server_exceptions=False) as c:
        r = c.post("/generate", json={"inputs": "a rendered prompt", "parameters": {"adapter_id": "understudy"}})
        assert r.status_code == 501 and "/v1/chat/completions" in r.json()["error"]


# ----------------------------------------------------------------------------------------------------
# No absolute local paths leave the server
# ----------------------------------------------------------------------------------------------------


def test_no_absolute_paths_leave_the_server(server, student, adapter, tiny_base):
    from pathlib import Path

    secrets = {str(Path(adapter).resolve()), adapter, str(Path(tiny_base).resolve()), tiny_base, str(Path(adapter).parent)}
    replies = [httpx.get(server + path) for path in ("/info", "/v1/models", "/v1/models/adapter", "/health", "/v1/models/nope", "/nothing")]
    replies.append(httpx.post(server + "/v1/chat/completions", json={"model": "nope", "messages": [{"role": "user", "content": "Soup"}]}))
    replies.append(httpx.post(server + "/generate", json={"inputs": student.render("Soup"), "parameters": {"adapter_id": "nope"}}, timeout=120))
    assert [r.status_code for r in replies] == [200, 200, 200, 200, 404, 404, 404, 200]
    for r in replies:
        seen = r.text + json.dumps(dict(r.headers))
        for secret in secrets:
            assert secret not in seen, (r.request.url, secret)
    info = replies[0].json()
    assert info["model_id"] == "adapter" and info["understudy"]["adapters"] == ["adapter"]
    assert info["understudy"]["base_model"] == Path(tiny_base).name
