"""The OpenAI-compatible endpoint: the real openai SDK against a real uvicorn server in a thread."""

import json
import threading

import httpx
import openai
import pytest

from conftest import run_in_thread
from pipeline.student import LocalStudent
from pipeline.errors import UserError
from pipeline.remote import field_confidence
from pipeline.serve import ServeConfig, create_app, default_model_name, make_server

MAX_BODY = 60_000


@pytest.fixture(scope="module")
def student(adapter):
    return LocalStudent(adapter)


@pytest.fixture(scope="module")
def server(student, adapter):
    """The app on a free port (port 0), started in a background thread, stopped at teardown."""
    srv = make_server(ServeConfig(adapter=adapter, port=0, max_body_bytes=MAX_BODY), student=student)
    thread, port = run_in_thread(srv)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def client(server):
    return openai.OpenAI(base_url=server + "/v1", api_key="any string", max_retries=0, timeout=30)


@pytest.fixture(scope="module")
def recipes(prepared):
    return [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()][:10]


def tool_request(student, text, model="adapter", **extra):
    return dict(model=model, messages=[{"role": "system", "content": student.task.system_prompt}, {"role": "user", "content": text}],
                tools=[student.task.tool()], tool_choice={"type": "function", "function": {"name": student.task.function_name}}, **extra)


def schema_format(student):
    return {"type": "json_schema", "json_schema": {"name": student.task.name, "strict": True, "schema": student.task.json_schema()}}


def good_request_works(client, student, text="Chili\n\nIngredients:\n- 1 lb ground beef\n\nDirections:\n- Bake 1 hour."):
    reply = client.chat.completions.create(**tool_request(student, text))
    labels = json.loads(reply.choices[0].message.tool_calls[0].function.arguments)
    assert labels == student.classify([text])[0]["labels"]


def test_model_name_defaults_to_adapter_folder():
    assert default_model_name("data/adapter") == "adapter"
    assert default_model_name("runs/cuisine-v2/") == "cuisine-v2"
    assert default_model_name("", "meta-llama/Llama-2-7b-hf") == "Llama-2-7b-hf"


def test_tool_calls_and_json_schema_equal_classify(client, student, recipes):
    expected = student.classify(recipes)
    assert len(recipes) == 10
    for text, want in zip(recipes, expected):
        reply = client.chat.completions.create(**tool_request(student, text))
        choice = reply.choices[0]
        assert choice.finish_reason == "tool_calls" and choice.message.content is None
        call = choice.message.tool_calls[0]
        assert call.type == "function" and call.function.name == "classify" and call.id
        assert call.function.arguments == student.task.answer_text(want["labels"])  # compact, task order
        assert json.loads(call.function.arguments) == want["labels"]
        assert not reply.model_extra and reply.choices[0].logprobs is None  # OpenAI's fields only; logprobs when asked
        assert reply.object == "chat.completion" and reply.model == "adapter" and reply.id.startswith("chatcmpl-")
        prompt = len(student.encode(student.render(text)))
        completion = len(student.encode(call.function.arguments))
        assert (reply.usage.prompt_tokens, reply.usage.completion_tokens, reply.usage.total_tokens) == (prompt, completion, prompt + completion)

        reply = client.chat.completions.create(model="adapter", messages=[{"role": "user", "content": text}],
                                               response_format=schema_format(student), logprobs=True, top_logprobs=2)
        assert reply.choices[0].finish_reason == "stop" and not reply.choices[0].message.tool_calls
        assert json.loads(reply.choices[0].message.content) == want["labels"]
        # the confidence the standard way: the openai SDK's own types, read as any vLLM client reads them
        tokens = reply.choices[0].logprobs.content
        assert "".join(t.token for t in tokens) == reply.choices[0].message.content
        top = [[(c.token, c.logprob) for c in t.top_logprobs] for t in tokens]
        assert field_confidence(student.task, [(t.token, t.logprob) for t in tokens], top) == pytest.approx(want["confidence"], abs=1e-3)


def test_other_ways_to_ask(client, student, recipes):
    text = recipes[0]
    want = student.classify([text])[0]["labels"]
    asks = [
        dict(response_format={"type": "json_object"}),
        dict(),  # neither tools nor response_format: JSON content
        dict(tools=[student.task.tool()], tool_choice="required"),
        dict(tools=[student.task.tool()]),  # tool_choice defaults to auto
    ]
    for extra in asks:
        reply = client.chat.completions.create(model="adapter", messages=[{"role": "user", "content": text}], **extra)
        message = reply.choices[0].message
        got = message.tool_calls[0].function.arguments if "tools" in extra else message.content
        assert json.loads(got) == want, extra
    # the base model id is accepted too; content as text parts; the last user message counts
    parts = [{"type": "text", "text": text}]
    reply = client.chat.completions.create(model=student.base_model, response_format=schema_format(student),
                                           messages=[{"role": "user", "content": "Toast\n\nDirections:\n- Toast."},
                                                     {"role": "assistant", "content": "{}"},
                                                     {"role": "user", "content": parts}])
    assert json.loads(reply.choices[0].message.content) == want
    assert reply.model == student.base_model


def test_stream_true_gives_the_same_answer_through_the_sdk(client, student, recipes):
    """stream=True: the SDK's own stream reader rebuilds the same tool call and content, the logprobs per token, the usage."""
    text = recipes[1]
    want = client.chat.completions.create(**tool_request(student, text))
    chunks = list(client.chat.completions.create(**tool_request(student, text), stream=True, stream_options={"include_usage": True}))
    arguments = "".join(c.choices[0].delta.tool_calls[0].function.arguments or "" for c in chunks if c.choices and c.choices[0].delta.tool_calls)
    assert arguments == want.choices[0].message.tool_calls[0].function.arguments
    assert chunks[0].choices[0].delta.role == "assistant" and chunks[0].choices[0].delta.tool_calls[0].function.name == "classify"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "tool_calls"
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == want.usage.total_tokens
    assert len(chunks) > 4  # the answer comes a token at a time, not in one piece

    plain = client.chat.completions.create(model="adapter", messages=user(text), logprobs=True, top_logprobs=2)
    streamed = list(client.chat.completions.create(model="adapter", messages=user(text), logprobs=True, top_logprobs=2, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in streamed) == plain.choices[0].message.content
    tokens = [t for c in streamed if c.choices[0].logprobs for t in c.choices[0].logprobs.content]
    assert [(t.token, t.logprob) for t in tokens] == [(t.token, t.logprob) for t in plain.choices[0].logprobs.content]
    assert streamed[-1].choices[0].finish_reason == "stop" and all(c.usage is None for c in streamed)


def test_models_and_health(client, server):
    models = client.models.list()
    assert [m.id for m in models.data] == ["adapter"]
    assert client.models.retrieve("adapter").id == "adapter"
    r = httpx.get(server + "/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "model": "adapter"}


def assert_openai_error(response, status, code=None, param=None, words=""):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error" and error["message"]
    assert words.lower() in error["message"].lower()
    if code:
        assert error["code"] == code
    if param:
        assert error["param"] == param


def user(text):
    return [{"role": "user", "content": text}]


BAD_BODIES = {
    "missing messages": ({"model": "adapter"}, 400, "missing_required_parameter", "messages"),
    "empty messages": ({"model": "adapter", "messages": []}, 400, None, "messages"),
    "no user message": ({"model": "adapter", "messages": [{"role": "system", "content": "hi"}]}, 400, None, "messages"),
    "empty text": ({"model": "adapter", "messages": user("   ")}, 400, None, "messages[0].content"),
    "image part": ({"model": "adapter", "messages": user([{"type": "image_url", "image_url": {"url": "x"}}])}, 400, None, None),
    "stream not a bool": ({"model": "adapter", "messages": user("Soup"), "stream": "yes"}, 400, None, "stream"),
    "stream_options without stream": ({"model": "adapter", "messages": user("Soup"), "stream_options": {"include_usage": True}}, 400, None,
                                      "stream_options"),
    "n=2": ({"model": "adapter", "messages": user("Soup"), "n": 2}, 400, None, "n"),
    "missing model": ({"messages": user("Soup")}, 400, None, "model"),
    "unknown model": ({"model": "gpt-4", "messages": user("Soup")}, 404, "model_not_found", "model"),
    "other function": ({"model": "adapter", "messages": user("Soup"),
                        "tools": [{"type": "function", "function": {"name": "weather", "parameters": {}}}]}, 400, None, "tools"),
    "other fields": ({"model": "adapter", "messages": user("Soup"), "response_format": {"type": "json_schema", "json_schema": {
        "name": "x", "schema": {"type": "object", "properties": {"spicy": {"type": "boolean"}}}}}}, 400, None, None),
    "bad response_format": ({"model": "adapter", "messages": user("Soup"), "response_format": {"type": "xml"}}, 400, None, "response_format"),
    "body not an object": ([1, 2], 400, None, None),
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_bad_requests_get_openai_errors(server, client, student, name):
    body, status, code, param = BAD_BODIES[name]
    assert_openai_error(httpx.post(server + "/v1/chat/completions", json=body), status, code, param)
    good_request_works(client, student)


def test_malformed_json(server, client, student):
    for raw in (b'{"model": "adapter", "messages": [', b"\xff\xfe", b""):
        r = httpx.post(server + "/v1/chat/completions", content=raw, headers={"content-type": "application/json"})
        assert_openai_error(r, 400, words="not valid JSON")
    good_request_works(client, student)


def test_oversized_body(server, client, student):
    big = {"model": "adapter", "messages": user("x" * (MAX_BODY + 10))}
    r = httpx.post(server + "/v1/chat/completions", json=big)  # Content-Length says too much
    assert_openai_error(r, 413, "request_too_large")

    def chunks():  # no Content-Length (chunked): the actual bytes are counted
        data = json.dumps(big).encode()
        for i in range(0, len(data), 8192):
            yield data[i:i + 8192]

    r = httpx.post(server + "/v1/chat/completions", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert_openai_error(r, 413, "request_too_large")
    good_request_works(client, student)


def test_errors_through_the_sdk(client, student):
    with pytest.raises(openai.NotFoundError) as e:
        client.chat.completions.create(model="gpt-4", messages=user("Soup"))
    assert e.value.status_code == 404 and e.value.code == "model_not_found" and e.value.param == "model"
    assert e.value.type == "invalid_request_error"

    too_long = "salt pepper " * (student.max_text_tokens + 10)
    assert len(student.encode(too_long)) > student.max_text_tokens
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(**tool_request(student, too_long))
    assert e.value.code == "context_length_exceeded"

    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="adapter", messages=user("Soup"), n=3)
    good_request_works(client, student)


def test_unknown_route_and_method(server):
    assert_openai_error(httpx.get(server + "/v1/nothing"), 404)
    assert_openai_error(httpx.get(server + "/v1/chat/completions"), 405)
    assert_openai_error(httpx.get(server + "/v1/models/gpt-4"), 404, "model_not_found")


def test_concurrent_requests_each_get_their_own_answer(client, student, recipes):
    expected = [r["labels"] for r in student.classify(recipes)]
    got = [None] * len(recipes)

    def ask(i):
        reply = client.chat.completions.create(model="adapter", messages=user(recipes[i]), response_format={"type": "json_object"})
        got[i] = json.loads(reply.choices[0].message.content)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(recipes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert got == expected


def test_model_failure_is_an_error_reply_not_a_crash(student):
    """A student whose decoding fails answers 400 with the reason (classify puts it in the row)."""
    from fastapi.testclient import TestClient

    class Broken:
        task, base_model, adapter, max_text_tokens = student.task, "base", "broken", 100
        encode = staticmethod(lambda text: text.split())
        render = staticmethod(lambda text: text)

        def classify(self, texts, batch_size=32, calibrated=True):
            return [{"labels": None, "confidence": None, "error": "RuntimeError: out of memory"}]

    with TestClient(create_app(Broken())) as c:
        r = c.post("/v1/chat/completions", json={"model": "broken", "messages": user("Soup")})
        assert_openai_error(r, 400, words="out of memory")
        assert c.get("/health").json() == {"status": "ok", "model": "broken"}


def test_config_checks(student):
    with pytest.raises(UserError, match="max-body-bytes"):
        make_server(ServeConfig(max_body_bytes=0), student=student)
    with pytest.raises(UserError, match="port"):
        make_server(ServeConfig(port=70000), student=student)
    server = make_server(ServeConfig(adapter="x/my-student", model_name="recipes-v1"), student=student)
    assert server.config.app.state.model_name == "recipes-v1"
