"""The app as a public Space: strangers sign in with Hugging Face, each visitor works in their own folder,
and the owner's secrets serve the owner alone.

The app runs as a subprocess in public mode (UNDERSTUDY_PUBLIC=1, as on a Space), with fake secrets, the
project's own Hub stand-in (tests/hub_server.py) as HF_ENDPOINT and a capture server as OPENAI_BASE_URL.
Visitors are signed in the way a Space signs them in: Gradio's session cookie holding the OAuth info
(what the Hub's OAuth callback stores), signed with the Space's OAUTH_CLIENT_SECRET; Gradio itself reads
it and hands the callbacks the visitor's profile and token.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.capture_server import Capture
from tests.conftest import ROOT
from tests.hub_server import FakeHub
from tests.test_app import SHOTS, browser, recipe_of, shot, start_app, tab  # noqa: F401 - browser is a fixture

OWNER_KEY = "sk-owner-SECRET-0000111122223333"
OWNER_TOKEN = "hf_owner_SECRET_token_0000"
ALICE_TOKEN = "hf_alice_token_1111"
BOB_TOKEN = "hf_bob_token_2222"
OAUTH_SECRET = "test-oauth-client-secret"
MARKER = "PRIVATE-MARKER-7d1f3c"


def session_cookie(username: str, token: str) -> str:
    """Gradio's signed session cookie after a Hugging Face sign-in (what its OAuth callback stores)."""
    import itsdangerous

    info = {"access_token": token, "token_type": "bearer", "scope": "openid profile read-repos write-repos jobs",
            "expires_at": int(time.time()) + 3600,
            "userinfo": {"sub": username, "name": username.title(), "preferred_username": username,
                         "profile": f"https://huggingface.co/{username}", "picture": ""}}
    data = base64.b64encode(json.dumps({"oauth_info": info}).encode())
    secret = hashlib.sha256((OAUTH_SECRET + "-v4").encode()).hexdigest()
    return itsdangerous.TimestampSigner(secret).sign(data).decode()


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    """A private file elsewhere on the server, which no visitor may read."""
    folder = tmp_path_factory.mktemp("private")
    path = folder / "private.csv"
    path.write_text(f"recipe,note\n{MARKER} soup,{MARKER}\n")
    return path


@pytest.fixture(scope="module")
def public_app(tmp_path_factory, adapter, prepared, tiny_base):
    home = tmp_path_factory.mktemp("public")
    shutil.copytree(prepared, home / "demo" / "prepared")
    shutil.copytree(adapter, home / "demo" / "adapter")
    shutil.copytree(tiny_base, home / "demo" / "base")
    hub = FakeHub({OWNER_TOKEN: ("owner", "write"), ALICE_TOKEN: ("alice", "write"), BOB_TOKEN: ("bob", "write")})
    capture = Capture()
    cache = home.parent / (home.name + "-gradio-cache")
    proc, url, log = start_app(home, "--no-build", env_overrides={
        "UNDERSTUDY_PUBLIC": "1", "SPACE_AUTHOR_NAME": "owner", "OAUTH_CLIENT_SECRET": OAUTH_SECRET,
        "OPENAI_API_KEY": OWNER_KEY, "OPENAI_BASE_URL": capture.url + "/owner/v1", "HF_TOKEN": OWNER_TOKEN,
        "HF_ENDPOINT": hub.url, "HF_HUB_OFFLINE": "0", "HF_HUB_DIR": None, "GRADIO_TEMP_DIR": str(cache),
        "UNDERSTUDY_PRIVATE_TEACHERS": "1",  # the capture server and the visitors' teacher listen on loopback
        "UNDERSTUDY_PROXY_HOPS": "1"})  # as behind a Space's proxy: a request's X-Forwarded-For names its address
    yield {"url": url, "home": home, "hub": hub, "capture": capture, "log": log, "cache": cache}
    proc.terminate()
    proc.wait(10)
    hub.stop()
    capture.stop()


# ---------------------------------------------------------------------------------------------------
# Every event, called over HTTP by fn_index as an anonymous stranger
# ---------------------------------------------------------------------------------------------------


def call_event(client: httpx.Client, url: str, dep: dict, data: list, session: str) -> str:
    """Call one event exactly as the page does (queue/join, then the SSE stream; or run/predict for
    events outside the queue); the raw text of everything the server answered."""
    body = {"data": data, "fn_index": dep["id"], "session_hash": session, "event_data": None, "trigger_id": None}
    if dep.get("queue") is False:
        return client.post(f"{url}/gradio_api/run/predict", json=body, timeout=120).text
    joined = client.post(f"{url}/gradio_api/queue/join", json=body, timeout=30)
    text = joined.text
    if joined.status_code != 200:
        return text
    with client.stream("GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}, timeout=180) as stream:
        for line in stream.iter_lines():
            text += line + "\n"
            if '"msg":"process_completed"' in line.replace(" ", "") or '"msg":"close_stream"' in line.replace(" ", ""):
                break
    return text


def hostile_value(component: dict, variant: dict, outside: Path):
    kind, props = component.get("type"), component.get("props", {})
    label = str(props.get("label") or "").lower()
    if kind == "textbox":
        return "" if "key" in label else variant["text"]
    if kind == "file":
        return {"path": variant.get("file", str(outside)), "orig_name": "private.csv", "meta": {"_type": "gradio.FileData"}}
    if kind == "number":
        return variant["number"]
    if kind == "checkbox":
        return True
    if kind in ("dropdown", "radio"):
        choices = [c[1] if isinstance(c, (list, tuple)) else c for c in props.get("choices") or []]
        return variant["choice"] if props.get("allow_custom_value") or not choices else choices[-1]
    if kind == "state":
        return {"hf_user:0": "student"}
    return props.get("value")


def test_an_anonymous_stranger_calling_every_event_gets_no_secret_and_no_file(public_app, outside):
    url, hub, capture, home = public_app["url"], public_app["hub"], public_app["capture"], public_app["home"]
    config = httpx.get(url + "/config", timeout=30).json()
    components = {c["id"]: c for c in config["components"]}
    settings_before = (home / "settings.json").read_text() if (home / "settings.json").exists() else ""
    hub_seen = len(hub.requests)
    variants = [
        {"text": capture.url + "/v1", "number": 10**9, "choice": "o1-pro"},  # the owner's key towards an attacker's URL
        {"text": str(outside), "number": 3, "choice": "gpt-4-32k"},  # a path on the server, in every box
        {"text": "owner/private-data@../../..", "number": 0, "choice": "gpt-4"},  # the owner's repo, a hostile revision
        {"text": "data/app", "number": 1, "choice": "gpt-4", "file": "private.csv"},  # a relative path Gradio resolves itself
    ]
    calls = [(dep, [hostile_value(components[i], variant, outside) for i in dep["inputs"]])
             for variant in variants for dep in config["dependencies"]]
    with httpx.Client() as client, ThreadPoolExecutor(4) as pool:  # four strangers at once, each call its own session
        answers = list(pool.map(lambda call: call_event(client, url, *call, session=uuid.uuid4().hex[:11]), calls))
    everything = "\n".join(answers)
    assert len(config["dependencies"]) >= 25 and "process_completed" in everything
    for folder in (ROOT, home, public_app["cache"]):  # no server folder in any answer (Gradio's own errors included)
        assert str(Path(folder).resolve()) not in everything, folder
    assert "sign in with Hugging Face" in everything  # labeling, pushes, loads and Jobs asked an anonymous caller to
    # the owner's OpenAI key never left, though the attacker's URL was called (with no key of the owner's)
    assert capture.requests, "the side-by-side teacher call never reached the capture server"
    assert not capture.saw(OWNER_KEY)
    # the owner's Hub token was never used for the stranger, and nothing was pushed or started
    assert not any(OWNER_TOKEN in r["authorization"] for r in hub.requests[hub_seen:])
    assert not hub.jobs and not any(r["method"] in ("POST", "PUT") and "/api/repos/create" in r["path"] for r in hub.requests[hub_seen:])
    # no file outside the visitor's folder was read: its text is nowhere in the answers, the app's folders or Gradio's cache
    assert MARKER not in everything
    for folder in (home, public_app["cache"]):
        for path in folder.rglob("*") if folder.exists() else []:
            if path.is_file() and path.suffix in (".csv", ".jsonl", ".json", ".txt", ""):
                assert MARKER not in path.read_text(errors="replace"), path
    # the app's default student and dataset are the owner's: unchanged
    after = (home / "settings.json").read_text() if (home / "settings.json").exists() else ""
    assert after == settings_before
    log = public_app["log"].read_text()
    assert OWNER_KEY not in log and OWNER_TOKEN not in log and OWNER_KEY not in everything and OWNER_TOKEN not in everything


# ---------------------------------------------------------------------------------------------------
# Two visitors in two browsers; an anonymous one
# ---------------------------------------------------------------------------------------------------


def signed_in_page(browser, url: str, username: str, token: str):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "session", "value": session_cookie(username, token), "url": url}])
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("document.querySelector('#access') && document.querySelector('#access').innerText.includes('Signed in')",
                           timeout=60_000)
    return context, page


def capture_saw(app: dict, secret: str) -> bool:
    return app["capture"].saw(secret)


def wait_text(page, selector: str, text: str, timeout: int = 120_000) -> str:
    try:
        page.wait_for_function(f"document.querySelector({selector!r}) && document.querySelector({selector!r}).innerText.includes({text!r})",
                               timeout=timeout)
    except Exception:
        shot(page, "failed-wait")
        raise AssertionError(f"{selector} never said {text!r}; it says {page.locator(selector).inner_text()!r}") from None
    return page.locator(selector).inner_text()


@pytest.fixture(scope="module")
def teacher(adapter):
    """The project's own OpenAI-compatible server, standing in for a teacher a visitor names."""
    from pipeline.student import LocalStudent
    from pipeline.serve import ServeConfig, make_server
    from tests.conftest import run_in_thread

    server = make_server(ServeConfig(adapter=adapter, port=0, model_name="teacher"), LocalStudent(adapter))
    _, port = run_in_thread(server)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True


def test_two_visitors_never_see_each_others_work(public_app, browser, teacher, tmp_path):  # noqa: F811
    url, home = public_app["url"], public_app["home"]
    alice_ctx, alice = signed_in_page(browser, url, "alice", ALICE_TOKEN)
    bob_ctx, bob = signed_in_page(browser, url, "bob", BOB_TOKEN)
    try:
        assert "Signed in as alice" in alice.locator("#access").inner_text()
        default = bob.locator("#status").inner_text()
        assert "Student ready" in default and "demo/adapter" in default

        # alice: her own upload, labeled with her own key by a teacher she names (the project's own server)
        tab(alice, "Data & labels")
        upload = tmp_path / "alice-rows.jsonl"
        upload.write_text(json.dumps({"recipe": "Alice's Secret Stew\n\nIngredients:\n- 1 lb. beef\n\nDirections:\n- Simmer 2 hours."}) + "\n")
        alice.locator("#upload input[type=file]").set_input_files(str(upload))
        alice.wait_for_timeout(1500)
        alice.locator("#teacher3 input").fill("teacher")
        alice.locator("#teacher3 input").press("Enter")
        alice.locator("#base_url3 input, #base_url3 textarea").first.fill(teacher + "/v1")
        alice.locator("#key3 input").fill("sk-alice-own-key")
        alice.click("#label")
        wait_text(alice, "#label_out", "labeled 1 of 1 rows")
        alice.get_by_label("Sample size").fill("60")
        alice.locator("#use_sample").click()
        wait_text(alice, "#label_out", "60 generated recipes")
        alice.locator("#prepare").click()
        wait_text(alice, "#label_out", "Active dataset")
        tab(alice, "Train")
        alice.locator("#epochs input").fill("1")
        alice.click("#train")
        run = re.search(r"kept as (adapters/[\w-]+)", wait_text(alice, "#train_note", "Training done", timeout=300_000)).group(1)
        tab(alice, "Try it")  # her run, a pick away in her Students picker
        alice.locator("#student_pick input").click()
        alice.get_by_role("option", name=run, exact=True).click()
        alice.click("#use_student")
        wait_text(alice, "#student_note", f"Now classifying with {run}")
        alice.reload()
        alice.wait_for_selector("#status")
        mine = wait_text(alice, "#status", "adapters/")
        assert "Student ready" in mine
        shot(alice, "11-visitor-alice")

        # bob still has the app's default student and dataset, and none of alice's files is his
        bob.reload()
        theirs = wait_text(bob, "#status", "Student ready")
        assert "demo/adapter" in theirs and "adapters/" not in theirs
        alice_dir = home / "visitors" / "users" / "alice"
        assert (alice_dir / "settings.json").is_file() and any((alice_dir / "uploads").rglob("*.jsonl"))
        assert "Alice's Secret Stew" in next((alice_dir / "uploads").rglob("*.jsonl")).read_text()
        assert "Alice's Secret Stew" in next((alice_dir / "labels").rglob("labeled.jsonl")).read_text()
        assert "Alice" not in bob.content() and not capture_saw(public_app, "sk-alice-own-key")
        assert not (home / "visitors" / "users" / "bob" / "settings.json").exists()
        assert not (home / "settings.json").exists() or "alice" not in (home / "settings.json").read_text()

        # alice's corrections go into her own copy of the dataset; the default test split is untouched
        default_test = (home / "demo" / "prepared" / "test.jsonl").read_text()
        tab(alice, "Evaluate")
        alice.click("#evaluate")
        wait_text(alice, "#agreement", "mean")
        if "no disagreement" not in alice.locator("#case").inner_text().lower():
            alice.get_by_role("button", name="Student is right").click()
            alice.get_by_role("button", name="Save corrections").click()
            alice.wait_for_timeout(2000)
            assert (home / "demo" / "prepared" / "test.jsonl").read_text() == default_test
            assert any(alice_dir.rglob("corrections.jsonl"))
        tab(bob, "Evaluate")
        assert "alice" not in bob.content()
        shot(bob, "12-visitor-bob")
    finally:
        alice_ctx.close()
        bob_ctx.close()


def test_an_anonymous_visitor_is_asked_to_sign_in_before_labeling_training_pushing_or_jobs(public_app, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(public_app["url"])
        line = wait_text(page, "#access", "Sign in with Hugging Face", timeout=60_000)
        assert "label" in line and "push" in line and "Jobs" in line
        assert page.get_by_role("button", name="Sign in with Hugging Face").first.is_visible()
        tab(page, "Data & labels")
        page.wait_for_selector("#label:disabled", timeout=30_000)  # the line is there from the start; the buttons follow the load event
        tab(page, "Hub")
        assert page.get_by_role("button", name="Push the active dataset").is_disabled()
        assert page.get_by_role("button", name="Push the active adapter").is_disabled()
        assert page.get_by_role("button", name="Load and make it the active student").is_disabled()
        tab(page, "Train")
        assert page.locator("#train").is_disabled()
        page.get_by_label("Hugging Face Jobs (GPU)").check()
        page.wait_for_selector("#start_job", state="visible", timeout=10_000)
        assert page.locator("#start_job").is_disabled()
        tab(page, "Evaluate")
        assert page.locator("#evaluate").is_disabled()
        tab(page, "Try it")
        page.locator("#recipe textarea").fill(recipe_of(public_app["home"] / "demo" / "prepared"))
        page.click("#classify")
        page.wait_for_selector("#labels .us-field", timeout=60_000)  # trying the student needs no sign-in
        shot(page, "10-anonymous")
    finally:
        page.close()


# ---------------------------------------------------------------------------------------------------
# Staying up: a flood of queue joins, and training beside short work
# ---------------------------------------------------------------------------------------------------


class SlowTeacher:
    """A teacher URL that takes `seconds` to answer each request (OpenAI's 401 body): calls to it stay in the queue."""

    def __init__(self, seconds: float):
        import asyncio

        import uvicorn
        from fastapi import FastAPI
        from fastapi.responses import JSONResponse

        from tests.conftest import run_in_thread

        app = FastAPI()

        self.requests = 0

        @app.api_route("/{path:path}", methods=["GET", "POST"])
        async def anything(path: str):
            self.requests += 1
            await asyncio.sleep(seconds)
            return JSONResponse({"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                                           "param": None, "code": "invalid_api_key"}}, status_code=401)

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread, port = run_in_thread(self.server)
        self.url = f"http://127.0.0.1:{port}/v1"

    def stop(self):
        self.server.should_exit = True


def dep_of(config: dict, elem_id: str) -> dict:
    """The click event of the component with this elem_id."""
    component = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id)
    return next(d for d in config["dependencies"] if [component, "click"] in [list(t) for t in d["targets"]])


def join(client: httpx.Client, url: str, dep: dict, data: list, session: str) -> httpx.Response:
    body = {"data": data, "fn_index": dep["id"], "session_hash": session, "event_data": None, "trigger_id": None}
    return client.post(f"{url}/gradio_api/queue/join", json=body, timeout=30)


def test_a_flood_of_joins_is_capped_per_visitor_and_the_page_keeps_answering(public_app):
    import threading

    from pipeline.visitors import LIMITS

    url = public_app["url"]
    config = httpx.get(url + "/config", timeout=30).json()
    compare, classify, train = dep_of(config, "compare"), dep_of(config, "classify"), dep_of(config, "train")
    recipe = recipe_of(public_app["home"] / "demo" / "prepared")
    slow = SlowTeacher(4.0)
    ask_slow = [recipe, "sk-typed", "gpt-4", slow.url, ""]

    # the strangers come from an address of their own, as a Space's proxy reports it: events a browser of an earlier
    # test left running from the loopback address (a page's load events) do not count against them
    address = {"X-Forwarded-For": "203.0.113.77"}

    def hold(cookie: str | None, session: str):
        with httpx.Client(cookies={"session": cookie} if cookie else None, headers=address) as client:
            call_event(client, url, compare, ask_slow, session)

    # four visitors' side-by-side calls to a teacher that takes 4 s fill the teacher group's four places
    holders = [threading.Thread(target=hold, args=(cookie, f"holder{i}")) for i, cookie in enumerate(
        [session_cookie("alice", ALICE_TOKEN), session_cookie("bob", BOB_TOKEN), session_cookie("owner", OWNER_TOKEN), None])]
    for t in holders:
        t.start()
    try:
        deadline = time.monotonic() + 30
        while slow.requests < len(holders) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert slow.requests == len(holders)
        with httpx.Client(headers=address) as stranger:
            # anonymous visitors are turned away from long work at the door: nothing of theirs waits behind a training
            refused = join(stranger, url, train, ["", 8, 16, 0, 0.001, 1, "This machine", "a10g-small", ""], "anon-train")
            assert refused.status_code == 429 and "sign in with Hugging Face" in refused.json()["detail"]
            # 60 more side-by-side calls from 10 pages at the same address: they wait, and the address's share fills
            answers = [join(stranger, url, compare, ask_slow, f"flood{i % 10}") for i in range(60)]
        admitted = [a for a in answers if a.status_code == 200]
        turned_away = [a for a in answers if a.status_code != 200]
        assert len(admitted) == LIMITS.queued_per_address - 1  # the anonymous holder's call counts for the address too
        assert all(a.status_code == 429 and "from your address" in a.json()["detail"] for a in turned_away)
        # meanwhile a signed-in visitor's Classify is admitted and answers
        with httpx.Client(cookies={"session": session_cookie("bob", BOB_TOKEN)}) as bob:
            answer = call_event(bob, url, classify, [recipe], session="bob-page")
        assert "process_completed" in answer and "us-field" in answer
    finally:
        for t in holders:
            t.join(60)
        # the flood drains (past the address's two live teacher calls, each call ends at once)
        deadline = time.monotonic() + 120
        with httpx.Client() as probe:
            while time.monotonic() < deadline:
                if join(probe, url, classify, [recipe], "after-flood").status_code == 200:
                    break
                time.sleep(1)
        slow.stop()


def test_a_visitors_training_holds_up_no_one_elses_label(public_app):
    url = public_app["url"]
    config = httpx.get(url + "/config", timeout=30).json()
    train, label = dep_of(config, "train"), dep_of(config, "label")
    done = {}

    def alice_trains():
        with httpx.Client(cookies={"session": session_cookie("alice", ALICE_TOKEN)}) as alice:
            done["train"] = call_event(alice, url, train, ["", 8, 16, 0, 0.001, 10, "This machine", "a10g-small", ""], "alice-train")

    import threading

    trainer = threading.Thread(target=alice_trains)
    trainer.start()
    try:
        time.sleep(3)  # alice's run has the training group's one slot
        with httpx.Client(cookies={"session": session_cookie("bob", BOB_TOKEN)}) as bob:
            labeled = call_event(bob, url, label, [None, "bob/no-such-rows", "gpt-4", "", "sk-bob", 0], "bob-label")
        assert "process_completed" in labeled and trainer.is_alive() and "train" not in done  # answered while she trains
    finally:
        with httpx.Client(cookies={"session": session_cookie("alice", ALICE_TOKEN)}) as alice:
            cancel = dep_of(config, "cancel")
            call_event(alice, url, cancel, [False], "alice-cancel")
        trainer.join(300)
    assert "process_completed" in done["train"]


def test_the_callers_address_is_the_one_the_trusted_proxy_saw_never_a_forged_entry(monkeypatch):
    """Behind a Space's front proxy, the caller's own X-Forwarded-For entries (forgeable) never name them: the limits
    count the entry the proxy appended; UNDERSTUDY_PROXY_HOPS says how many proxies append; with none, the socket's."""
    from types import SimpleNamespace

    import app as app_module

    def request(forwarded: str, host: str = "10.0.0.5"):
        return SimpleNamespace(headers={"x-forwarded-for": forwarded} if forwarded else {}, client=SimpleNamespace(host=host))

    monkeypatch.delenv("UNDERSTUDY_PROXY_HOPS", raising=False)
    monkeypatch.delenv("SPACE_ID", raising=False)
    assert app_module.address_of(request("1.2.3.4", host="127.0.0.1")) == "127.0.0.1"  # no proxy: the header is anyone's
    monkeypatch.setenv("SPACE_ID", "owner/understudy")
    forged = "6.6.6.6, 7.7.7.7"  # what the caller sent; the Space's proxy appends the address it saw
    assert app_module.address_of(request(f"{forged}, 203.0.113.9")) == "203.0.113.9"
    assert app_module.address_of(request("203.0.113.9")) == "203.0.113.9"
    monkeypatch.setenv("UNDERSTUDY_PROXY_HOPS", "2")  # a CDN in front of the Space's proxy
    assert app_module.address_of(request(f"{forged}, 203.0.113.9, 198.51.100.1")) == "203.0.113.9"
    monkeypatch.setenv("UNDERSTUDY_PROXY_HOPS", "0")
    assert app_module.address_of(request(f"{forged}, 203.0.113.9")) == "10.0.0.5"
