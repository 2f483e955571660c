"""Remote backends against the project's own server (real uvicorn in a thread): the TGI backend through
the real huggingface_hub.InferenceClient (POST /generate, GET /info) and the OpenAI-compatible backend
through the real openai SDK must give the in-process LocalStudent's labels; bad servers and settings end
the CLI with one line."""

import json
import math
import socket

import httpx
import pytest

from conftest import cli, run_in_thread
from pipeline import trying
from pipeline.classify import ClassifyConfig
from pipeline.student import LocalStudent
from pipeline.errors import UserError
from pipeline.serve import ServeConfig, make_server
from pipeline.task import load_task
from pipeline.remote import field_confidence


@pytest.fixture(scope="module")
def student(adapter):
    return LocalStudent(adapter)


def start(srv):
    thread, port = run_in_thread(srv)
    return thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def server(student, adapter):
    srv = make_server(ServeConfig(adapter=adapter, port=0), student=student)
    thread, url = start(srv)
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def recipes(prepared):
    return [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()][:12]


def config(adapter, **kw):
    return ClassifyConfig(adapter=adapter, **kw)


def test_tgi_backend_equals_local(student, server, adapter, recipes):
    remote = config(adapter, backend="tgi", url=server, adapter_id="adapter", concurrency=4).load()
    assert remote.describe() == {"backend": "tgi", "url": server, "model": "adapter", "adapter_id": "adapter"}
    want = student.classify(recipes)
    got = remote.classify(recipes + ["  "])
    assert [g["labels"] for g in got[:-1]] == [w["labels"] for w in want]
    for g, w in zip(got, want):
        assert g["error"] is None and g["prompt_tokens"] == w["prompt_tokens"]
        assert g["confidence"] == pytest.approx(w["confidence"], abs=2e-4)
    assert got[-1] == {"labels": None, "confidence": None, "error": "empty input"}


def test_openai_backend_equals_local(student, server, adapter, recipes):
    remote = config(adapter, backend="openai", url=server + "/v1").load()
    assert remote.describe()["model"] == "adapter" and remote.describe()["backend"] == "openai"
    want = student.classify(recipes)
    got = remote.classify(recipes)
    assert [g["labels"] for g in got] == [w["labels"] for w in want]


@pytest.mark.parametrize("backend", ["openai", "tgi"])
def test_remote_confidence_from_standard_logprobs_agrees_with_local(student, server, adapter, recipes, backend):
    """Through the project's own server, the remote client reads each field's confidence from the standard
    fields only (OpenAI's logprobs.content[].top_logprobs; TGI's details.tokens and top_tokens) and it
    agrees with the in-process student's within 1e-3, field by field, on the same rows."""
    url = server + "/v1" if backend == "openai" else server
    remote = config(adapter, backend=backend, url=url, adapter_id="adapter", concurrency=4).load()
    want = student.classify(recipes)
    got = remote.classify(recipes)
    assert [g["labels"] for g in got] == [w["labels"] for w in want]
    for g, w in zip(got, want):
        assert set(g["confidence"]) == set(student.task.field_names)
        for name in student.task.field_names:
            assert abs(g["confidence"][name] - w["confidence"][name]) <= 1e-3, (name, g["confidence"], w["confidence"])
    # some field was decided with doubt, so the alternatives' share mattered
    assert min(c for w in want for c in w["confidence"].values()) < 0.99


def test_chat_reply_lists_the_allowed_values_in_top_logprobs(server, student, recipes):
    """The OpenAI route answers in OpenAI's fields only: no extra key, and where a field's value is
    decided, top_logprobs hold that field's two values, whose probabilities sum to 1 and whose chosen
    one's is the field's confidence."""
    want = student.classify([recipes[1]])[0]
    body = {"model": "adapter", "messages": [{"role": "user", "content": recipes[1]}],
            "response_format": {"type": "json_object"}, "logprobs": True, "top_logprobs": 5}
    reply = httpx.post(server + "/v1/chat/completions", json=body, timeout=60).json()
    assert set(reply) == {"id", "object", "created", "model", "choices", "usage", "system_fingerprint"}
    content = reply["choices"][0]["logprobs"]["content"]
    assert "".join(t["token"] for t in content) == reply["choices"][0]["message"]["content"]
    deciding = [t for t in content if len(t["top_logprobs"]) > 1]
    assert len(deciding) == len(student.task.fields)
    for t, f in zip(deciding, student.task.fields):
        spelled = {json.dumps(v) for v in f.values for c in t["top_logprobs"] if json.dumps(v).startswith(c["token"])}
        assert spelled == {"true", "false"}
        assert sum(math.exp(c["logprob"]) for c in t["top_logprobs"]) == pytest.approx(1.0, abs=1e-4)
        assert math.exp(t["logprob"]) == pytest.approx(want["confidence"][f.name], abs=1e-4)
    # without logprobs asked there are none, and a top_logprobs without logprobs is refused as OpenAI does
    del body["logprobs"], body["top_logprobs"]
    assert httpx.post(server + "/v1/chat/completions", json=body, timeout=60).json()["choices"][0]["logprobs"] is None
    r = httpx.post(server + "/v1/chat/completions", json={**body, "top_logprobs": 3}, timeout=60)
    assert r.status_code == 400 and r.json()["error"]["param"] == "top_logprobs"


def test_generate_speaks_tgi(server, student, recipes):
    """The raw /generate contract the backend relies on, and TGI's silent adapter fallback."""
    prompt = student.render(recipes[0])
    schema = {"type": "json", "value": student.task.json_schema()}
    want = student.classify([recipes[0]])[0]
    r = httpx.post(server + "/generate", json={"inputs": prompt, "parameters": {
        "adapter_id": "adapter", "grammar": schema, "details": True, "top_n_tokens": 3}}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert json.loads(body["generated_text"]) == want["labels"]
    tokens = body["details"]["tokens"]
    assert "".join(t["text"] for t in tokens) == body["generated_text"]
    assert body["details"]["finish_reason"] == "eos_token" and len(body["details"]["top_tokens"]) == len(tokens)
    conf = field_confidence(student.task, [(t["text"], t["logprob"]) for t in tokens])
    assert conf == pytest.approx(want["confidence"], abs=2e-4)
    # top_tokens: the chosen token first, and where a field is decided, the other value's token beside it
    top = body["details"]["top_tokens"]
    assert all(candidates[0]["id"] == t["id"] for t, candidates in zip(tokens, top))
    assert sum(len(candidates) == 2 for candidates in top) == len(student.task.fields)
    assert all(len(candidates) <= 3 for candidates in top)
    # an unknown adapter: the base model answers, with a warning header (TGI answers silently)
    r = httpx.post(server + "/generate", json={"inputs": prompt, "parameters": {"adapter_id": "nope", "details": True}}, timeout=60)
    assert r.status_code == 200 and "not loaded" in r.headers["x-understudy-warning"]
    # a small token budget cuts the answer
    r = httpx.post(server + "/generate", json={"inputs": prompt, "parameters": {"adapter_id": "adapter", "max_new_tokens": 2}})
    assert r.status_code == 200 and len(r.json()["generated_text"]) < len(body["generated_text"])
    info = httpx.get(server + "/info").json()
    assert info["model_id"] == "adapter" and info["max_input_tokens"] > 0
    nested = "[" * 100_000 + "]" * 100_000  # a grammar as a string: the server parses it
    for bad in ({"inputs": ""}, {"inputs": prompt, "parameters": {"grammar": {"type": "regex", "value": ".*"}}},
                {"inputs": prompt, "parameters": {"max_new_tokens": 0}},
                {"inputs": prompt, "parameters": {"grammar": {"type": "json", "value": nested}}}):
        r = httpx.post(server + "/generate", json=bad)
        assert r.status_code == 422 and r.json()["error_type"] == "validation" and r.json()["error"]
    assert "nested too deeply" in r.json()["error"]


def test_field_confidence_renormalises_over_top_tokens():
    task = load_task("recipes")
    names = task.field_names
    text = "{" + ",".join(f'"{n}":{"true" if i % 2 == 0 else "false"}' for i, n in enumerate(names)) + "}"
    tokens = [(text, -0.1)]  # one token: every field's value starts inside it
    assert set(field_confidence(task, tokens)) == set(names)
    # two tokens: '{"has_non_fish_meat":' then 't' with top candidates t (p=.6), f (p=.2), ' ' (p=.1)
    head = f'{{"{names[0]}":'
    toks = [(head, 0.0), ("true", -0.5108)]
    top = [[], [("true", -0.5108), ("false", -1.6094), (" ", -2.3026)]]
    conf = field_confidence(task, toks, top)
    assert conf[names[0]] == pytest.approx(0.75, abs=1e-3)  # .6 / (.6 + .2): whitespace is not a value


def test_field_confidence_from_raw_logprobs_as_vllm_gives_them(tmp_path):
    """vLLM's default logprobs are taken before the grammar's mask: the candidates hold tokens the grammar
    forbids. Only those that can still spell an allowed value count, whitespace before a value included,
    and a value of several tokens multiplies each deciding token's share."""
    path = tmp_path / "course.yaml"
    path.write_text("name: course\nsystem_prompt: Classify.\nfields:\n"
                    "  - {name: course, type: enum, choices: [main dish, main course, dessert], description: what}\n"
                    "  - {name: vegan, type: boolean, description: no animal products}\n")
    task = load_task(str(path))
    ln = math.log
    tokens = [('{"course":', 0.0), (' "main', ln(0.5)), (" course", ln(0.3)), ('","vegan":', ln(0.9)), ("false", ln(0.4)), ("}", 0.0)]
    top = [[],
           [(' "main', ln(0.5)), ('"main', ln(0.1)), (' "dess', ln(0.15)), ("\n", ln(0.2)), ('{"', ln(0.05))],
           [(" course", ln(0.3)), (" dish", ln(0.6)), (" plate", ln(0.1))],
           [('","vegan":', ln(0.9)), ('" ,', ln(0.1))],  # the value is decided: forced, whatever the raw logprob
           [("false", ln(0.4)), ("true", ln(0.1)), ("no", ln(0.5))],
           []]
    conf = field_confidence(task, tokens, top)
    # course: (.5 + .1) / (.5 + .1 + .15) for "main", then .3 / (.3 + .6) for " course"; vegan: .4 / (.4 + .1)
    assert conf["course"] == pytest.approx(0.8 * (1 / 3), abs=1e-4)
    assert conf["vegan"] == pytest.approx(0.8, abs=1e-4)
    # processed logprobs with no alternatives listed: each token's own probability counts
    assert field_confidence(task, tokens)["vegan"] == pytest.approx(0.4, abs=1e-4)


# ----------------------------------------------------------------------------------------------------
# Bad servers and settings: one line through the CLI
# ----------------------------------------------------------------------------------------------------


def one_line_error(result, *words):
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    for w in words:
        assert w.lower() in lines[0].lower(), lines[0]
    return lines[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def not_tgi():
    """A real HTTP server that is not TGI: every path is 404."""
    import uvicorn
    from fastapi import FastAPI

    srv = uvicorn.Server(uvicorn.Config(FastAPI(), host="127.0.0.1", port=0, log_level="warning"))
    thread, url = start(srv)
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


def test_unreachable(adapter, tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    for backend in ("tgi", "openai"):
        r = cli("classify", "--backend", backend, "--url", url, "--adapter", adapter, "--text", "Soup", "--out", str(tmp_path / "o.jsonl"))
        one_line_error(r, "cannot reach", url)


def test_wrong_url(adapter, not_tgi, server, tmp_path):
    out = str(tmp_path / "o.jsonl")
    one_line_error(cli("classify", "--backend", "tgi", "--url", not_tgi, "--adapter", adapter, "--text", "Soup", "--out", out),
                   "not a TGI server", "404")
    one_line_error(cli("classify", "--backend", "tgi", "--url", server + "/v1", "--adapter", adapter, "--text", "Soup", "--out", out),
                   "not a TGI server", "drop the /v1")
    one_line_error(cli("classify", "--backend", "openai", "--url", not_tgi, "--adapter", adapter, "--text", "Soup", "--out", out),
                   "not an OpenAI-compatible server")
    one_line_error(cli("classify", "--backend", "tgi", "--adapter", adapter, "--text", "Soup", "--out", out), "--url")


def test_unknown_adapter(adapter, server, tmp_path):
    out = str(tmp_path / "o.jsonl")
    one_line_error(cli("classify", "--backend", "tgi", "--url", server, "--adapter-id", "recipes-v9", "--adapter", adapter,
                       "--text", "Soup", "--out", out), "'recipes-v9' is not loaded", "LORA_ADAPTERS")
    one_line_error(cli("classify", "--backend", "openai", "--url", server + "/v1", "--adapter-id", "recipes-v9", "--adapter", adapter,
                       "--text", "Soup", "--out", out), "no model 'recipes-v9'")


def test_refused_grammar(adapter, server, tmp_path):
    """A task the served model was not trained on: its schema is refused, as TGI refuses a grammar."""
    task = tmp_path / "other.yaml"
    task.write_text("name: other\nsystem_prompt: Classify.\nfields:\n  - {name: spicy, type: boolean, description: hot}\n")
    out = str(tmp_path / "o.jsonl")
    one_line_error(cli("classify", "--backend", "tgi", "--url", server, "--adapter-id", "adapter", "--adapter", adapter,
                       "--task", str(task), "--text", "Soup", "--out", out), "refused the grammar", "grammar is not valid")
    one_line_error(cli("classify", "--backend", "openai", "--url", server + "/v1", "--adapter", adapter,
                       "--task", str(task), "--text", "Soup", "--out", out), "refused the response format")


def test_cli_classify_through_tgi(adapter, server, student, recipes, tmp_path):
    rows = tmp_path / "in.jsonl"
    rows.write_text("".join(json.dumps({"id": f"r{i}", "recipe": t}) + "\n" for i, t in enumerate(recipes[:4])))
    out = tmp_path / "pred.jsonl"
    r = cli("classify", "--backend", "tgi", "--url", server, "--adapter-id", "adapter", "--adapter", adapter,
            "--input", str(rows), "--out", str(out))
    assert r.returncode == 0, r.stderr
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["labels"] for g in got] == [w["labels"] for w in student.classify(recipes[:4])]


def test_config_checks(adapter):
    with pytest.raises(UserError, match="backend"):
        config(adapter, backend="triton").load()
    with pytest.raises(UserError, match="http"):
        config(adapter, backend="tgi", url="localhost:8080").load()
    with pytest.raises(UserError, match="concurrency"):
        config(adapter, backend="tgi", url="http://x", concurrency=0).load()


@pytest.mark.parametrize("backend", ["openai", "tgi"])
def test_the_app_workspace_pointed_at_a_server_answers_like_the_local_student(adapter, tiny_base, prepared, tmp_path, backend):
    """What `python app.py --backend ...` does: every tab's classify, the Costs tab's measurement and the
    app's own /v1 route go through the served student, with the in-process student's labels."""
    from fastapi.testclient import TestClient

    from pipeline.student import LocalStudent
    from pipeline.serve import ServeConfig, create_app, make_server
    from pipeline.student import StudentSpec
    from pipeline import scoring
    from pipeline.workspace import ActiveStudent, Workspace

    server = make_server(ServeConfig(adapter=adapter, port=0, model_name="student"), LocalStudent(adapter))
    _, port = run_in_thread(server)
    try:
        url = f"http://127.0.0.1:{port}" + ("/v1" if backend == "openai" else "")
        ws = Workspace(tmp_path / "home", StudentSpec(backend=backend, url=url, adapter_id="student", base_model=tiny_base, adapter=""))
        texts = [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()[:3]]
        local = [r["labels"] for r in LocalStudent(adapter).classify(texts)]
        assert ws.ready() and [trying.classify_one(ws, t)["labels"] for t in texts] == local
        assert scoring.measure_rate(ws, 16) > 0
        app = TestClient(create_app(ActiveStudent(ws), "understudy"))
        reply = app.post("/v1/chat/completions", json={"model": "understudy", "messages": [{"role": "user", "content": texts[0]}],
                                                        "response_format": {"type": "json_object"}})
        assert reply.status_code == 200 and json.loads(reply.json()["choices"][0]["message"]["content"]) == local[0]
    finally:
        server.should_exit = True


def test_the_app_refuses_a_wrong_server_setting_in_one_line():
    from pipeline.student import StudentSpec

    with pytest.raises(UserError, match=r"--backend tgi needs --url http\(s\)://host:port, got 'localhost:8080'"):
        StudentSpec(backend="tgi", url="localhost:8080").check()
    with pytest.raises(UserError, match="--backend must be local, tgi or openai, got 'vllm'"):
        StudentSpec(backend="vllm", url="http://x").check()
