"""The app in a real browser: `python app.py` as a subprocess, driven by headless Chromium.

Screenshots of every tab land in artifacts/screenshots/ (look at them: the page should be clear).
Chromium is Debian's (apt-get install -y chromium chromium-driver); .ci/run installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, run_in_thread

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
KEY = "sk-test-DO-NOT-LEAK-4242424242"
ON_JOBS_LABEL = "Hugging Face Jobs (GPU)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(home: Path, *extra: str, env_overrides: dict | None = None) -> tuple[subprocess.Popen, str, Path]:
    """The app as a user starts it; env_overrides sets variables (None removes one)."""
    port = free_port()
    log = home / "app.log"
    env = {**os.environ, "UNDERSTUDY_HOME": str(home), "PYTHONPATH": str(ROOT), "HF_HUB_DIR": str(home / "hub")}
    env.pop("OPENAI_API_KEY", None)
    env.pop("HF_TOKEN", None)
    env.update(env_overrides or {})
    env = {k: v for k, v in env.items() if v is not None}
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), *extra], cwd=ROOT, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            urllib.request.urlopen(url + "/health", timeout=2)
            return proc, url, log
        except OSError:
            assert time.monotonic() < deadline, "app did not start:\n" + log.read_text()
            time.sleep(0.3)


@pytest.fixture(scope="module")
def home(tmp_path_factory, adapter, prepared) -> Path:
    home = tmp_path_factory.mktemp("apphome")
    shutil.copytree(prepared, home / "prepared")  # corrections write into it
    (home / "settings.json").write_text(json.dumps({"adapter": adapter, "dataset": str(home / "prepared")}))
    return home


@pytest.fixture(scope="module")
def app(home):
    proc, url, log = start_app(home, "--no-build")
    yield url, log
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "the browser tests need Debian's chromium: apt-get install -y chromium chromium-driver"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                               "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture()
def page(browser, app):
    url, _ = app
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.goto(url)
    pg.wait_for_selector("#status", timeout=60_000)
    yield pg
    pg.close()


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def tab(pg, name: str) -> None:
    pg.get_by_role("tab", name=name).click()
    pg.wait_for_timeout(300)


def recipe_of(prepared) -> str:
    return json.loads((prepared / "test.jsonl").read_text().splitlines()[0])["recipe"]


def classify_in_page(pg, text: str):
    pg.locator("#recipe textarea").fill(text)
    pg.click("#classify")


def test_page_loads_and_classifies_a_test_recipe(page):
    assert "Student ready" in page.locator("#status").inner_text()
    page.get_by_label("Pick a recipe from the test split").first.click()
    page.get_by_role("option").first.click()
    page.wait_for_function("document.querySelector('#recipe textarea').value.length > 20")
    page.click("#classify")
    page.wait_for_selector("#labels .us-field", timeout=60_000)
    fields = page.locator("#labels .us-name").all_inner_texts()
    assert fields == ["has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish"]
    assert " ms" in page.locator("#labels").inner_text()
    shot(page, "1-try-it")


def test_side_by_side_shows_the_stored_teacher_label_without_a_key(page, prepared):
    tab(page, "Side by side")
    page.locator("#recipe2 textarea").fill(recipe_of(prepared))
    page.click("#compare")
    page.wait_for_selector("#side table", timeout=60_000)
    text = page.locator("#side").inner_text()
    assert "stored label" in text and "stored teacher label of recipe" in text
    assert text.count("agree") >= 5  # every field marked agree or disagree
    shot(page, "2-side-by-side")


def test_evaluate_tab_shows_the_agreement_table(page):
    tab(page, "Evaluate")
    page.click("#evaluate")
    page.wait_for_function("document.querySelector('#agreement').innerText.includes('mean agreement')", timeout=120_000)
    text = page.locator("#agreement").inner_text()
    for name in ("has_non_fish_meat", "main_dish", "all five right", "invalid answers", "test recipes"):
        assert name in text
    shot(page, "5-evaluate")


def test_other_tabs_render(page):
    for name, file in (("Data & labels", "3-data"), ("Costs", "6-costs")):
        tab(page, name)
        if name == "Costs":
            page.wait_for_function("document.querySelector('#cost_chart').innerText.includes('gpt-4')", timeout=30_000)
            assert "$23,190" in page.locator("#cost_chart").inner_text()  # the study's GPT-4 figure, from the price table
        shot(page, file)


def alert_text(pg, where: str) -> str:
    pg.wait_for_selector(f"{where} [role=alert]", timeout=60_000)
    return pg.locator(f"{where} [role=alert]").inner_text()


def test_bad_input_shows_a_readable_message_and_the_app_keeps_working(page, prepared, tmp_path):
    classify_in_page(page, "   ")
    assert "recipe is empty" in alert_text(page, "#labels")
    classify_in_page(page, "x" * 1_000_000)
    assert "characters" in alert_text(page, "#labels")
    classify_in_page(page, recipe_of(prepared))  # still works
    page.wait_for_selector("#labels .us-field", timeout=60_000)

    tab(page, "Data & labels")
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page.locator("#upload input[type=file]").set_input_files(str(png))
    page.wait_for_timeout(1500)
    page.click("#label")
    message = alert_text(page, "#label_out")
    assert "not a table of rows" in message or "JSONL, CSV or parquet" in message
    shot(page, "8-bad-upload")


def test_a_wrong_api_key_is_refused_readably_and_never_echoed(page, adapter, prepared, app):
    from pipeline.student import LocalStudent
    from pipeline.serve import ServeConfig, make_server

    os.environ["UNDERSTUDY_TEST_SERVER_KEY"] = "the-right-key"
    server = make_server(ServeConfig(adapter=adapter, port=0, api_key_env="UNDERSTUDY_TEST_SERVER_KEY"), LocalStudent(adapter))
    _, port = run_in_thread(server)
    try:
        tab(page, "Side by side")
        page.locator("#recipe2 textarea").fill(recipe_of(prepared))
        page.locator("#key input").fill(KEY)
        page.get_by_text("Teacher endpoint").click()
        page.locator("#base_url textarea, #base_url input").first.fill(f"http://127.0.0.1:{port}/v1")
        page.click("#compare")
        message = alert_text(page, "#side")
        assert "refused the API key" in message and "401" in message
        shot(page, "9-wrong-key")
        assert KEY not in page.content()
    finally:
        server.should_exit = True
    url, log = app
    assert KEY not in log.read_text()


def test_gradio_api_and_openai_route_on_the_same_server(app, prepared):
    from gradio_client import Client
    from openai import OpenAI

    url, _ = app
    html = Client(url + "/", verbose=False).predict(recipe_of(prepared), api_name="/classify")
    assert html.count('class="us-field"') == 5
    client = OpenAI(base_url=url + "/v1", api_key="unused")
    reply = client.chat.completions.create(model="understudy", messages=[{"role": "user", "content": recipe_of(prepared)}],
                                           response_format={"type": "json_object"})
    labels = json.loads(reply.choices[0].message.content)
    assert set(labels) == {"has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish"}


def test_train_tab_draws_the_loss_curve_and_makes_the_adapter_active(page, home, tiny_base):
    tab(page, "Train")
    page.locator("#base_model input, #base_model textarea").first.fill(tiny_base)
    page.locator("#epochs input").fill("0.5")
    page.click("#train")
    page.wait_for_function("document.querySelector('#train_note').innerText.includes('Training done')", timeout=300_000)
    assert "step" in page.locator("#train_log textarea").input_value()
    settings = json.loads((home / "settings.json").read_text())
    assert "adapters" in settings["adapter"] and (Path(settings["adapter"]) / "adapter_config.json").is_file()
    shot(page, "4-train")


def test_hub_tab_pushes_and_loads_back_through_the_local_hub_folder(page, home):
    tab(page, "Hub")
    page.locator("#ds_repo input, #ds_repo textarea").first.fill("me/recipes")
    page.get_by_role("button", name="Push the active dataset").click()
    page.wait_for_function("document.querySelector('#hub_note').innerText.includes('Pushed')", timeout=60_000)
    assert "local Hub folder" in page.locator("#hub_note").inner_text()
    page.locator("#ad_repo input, #ad_repo textarea").first.fill("me/student")
    page.get_by_role("button", name="Push the active adapter").click()
    page.wait_for_function("document.querySelector('#hub_note').innerText.includes('me/student')", timeout=60_000)
    page.locator("#load_repo input, #load_repo textarea").first.fill("me/student")
    page.get_by_role("button", name="Load and make it the active student").click()
    page.wait_for_function("document.querySelector('#hub_note').innerText.includes('active student')", timeout=60_000)
    settings = json.loads((home / "settings.json").read_text())
    assert "hub-adapters" in settings["adapter"] and (Path(settings["adapter"]) / "adapter_config.json").is_file()
    shot(page, "7-hub")


def test_a_fresh_app_offers_to_build_the_demo_student(browser, tmp_path, adapter):
    (tmp_path / "empty").mkdir()
    proc, url, _ = start_app(tmp_path / "empty", "--no-build")
    try:
        pg = browser.new_page(viewport={"width": 1280, "height": 700})
        pg.goto(url)
        pg.wait_for_selector("#status", timeout=60_000)
        assert "No student yet" in pg.locator("#status").inner_text()
        assert pg.locator("#build").is_visible()
        pg.locator("#recipe textarea").fill("Toast\n\nIngredients:\n- bread")
        pg.click("#classify")
        assert "No student yet" in alert_text(pg, "#labels")
        shot(pg, "0-fresh-start")
        pg.close()
        # a student made meanwhile: a page opened now says so at once, not at the banner's next 2 s poll
        (tmp_path / "empty" / "settings.json").write_text(json.dumps({"adapter": adapter}))
        pg = browser.new_page(viewport={"width": 1280, "height": 700})
        pg.goto(url)
        pg.wait_for_function("document.querySelector('#status') && document.querySelector('#status').innerText.includes('Student ready')",
                             timeout=1_500)
        pg.close()
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_app_pointed_at_tgi_classifies_through_it_and_trains_on_a_hub_job(browser, adapter, tiny_base, prepared, tmp_path):
    """Production: the student in a TGI-speaking server (the project's own), training on a Hugging Face Job
    (a local server speaking the Hub's protocol). The page shows the server's labels, streams the Job's
    logs and loss, and says how to serve the new adapter; a server that goes away is one readable line."""
    from pipeline.student import LocalStudent
    from pipeline.serve import ServeConfig, make_server
    from tests.hub_server import FakeHub
    from tests.test_hub import WRITE

    server = make_server(ServeConfig(adapter=adapter, port=0, model_name="recipes-student"), LocalStudent(adapter))
    _, port = run_in_thread(server)
    hub = FakeHub({WRITE: ("alice", "write")})
    home = tmp_path / "home"
    shutil.copytree(prepared, home / "prepared")
    (home / "settings.json").write_text(json.dumps({"dataset": str(home / "prepared")}))
    tgi = f"http://127.0.0.1:{port}"
    proc, url, log = start_app(home, "--backend", "tgi", "--url", tgi, "--adapter-id", "recipes-student", "--base-model", tiny_base,
                               env_overrides={"HF_ENDPOINT": hub.url, "HF_TOKEN": WRITE, "HF_HUB_OFFLINE": "0", "HF_HUB_DIR": None})
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        pg.goto(url)
        pg.wait_for_selector("#status", timeout=60_000)
        assert f"TGI at {tgi}, adapter recipes-student" in pg.locator("#status").inner_text()
        recipe = recipe_of(prepared)
        classify_in_page(pg, recipe)
        pg.wait_for_selector("#labels .us-field", timeout=60_000)
        expected = LocalStudent(adapter).classify([recipe])[0]["labels"]
        assert pg.locator("#labels .us-chip").all_inner_texts() == ["yes" if v else "no" for v in expected.values()]

        tab(pg, "Train")
        pg.get_by_label(ON_JOBS_LABEL).check()
        pg.locator("#base_model input, #base_model textarea").first.fill("Qwen/Qwen2.5-0.5B-Instruct")
        pg.locator("#push_to input, #push_to textarea").first.fill("alice/recipes-lora")
        pg.click("#start_job")
        # the last word: the Job's own "completed" log line shows in the note first, the summary after it
        pg.wait_for_function("document.querySelector('#train_note').innerText.includes('LORA_ADAPTERS=')", timeout=120_000)
        note = pg.locator("#train_note").inner_text()
        assert "alice/recipes-lora" in note and "LORA_ADAPTERS=alice/recipes-lora" in note
        logged = pg.locator("#train_log textarea").input_value()
        assert "started on a10g-small" in logged and "adapter pushed" in logged and "step 3/3  loss 0.6667" in logged
        pg.wait_for_selector("#loss_curve canvas, #loss_curve svg", timeout=30_000)  # the Job's losses, drawn
        (job,) = hub.jobs.values()
        assert job["spec"]["flavor"] == "a10g-small" and job["spec"]["secrets"] == {"HF_TOKEN": WRITE}
        assert "--push-to alice/recipes-lora" in job["spec"]["command"][2] and "--dataset alice/recipes-lora-data" in job["spec"]["command"][2]
        shot(pg, "4b-train-on-a-job")
        assert WRITE not in pg.content()

        server.should_exit = True  # the student's server goes away
        time.sleep(1)
        tab(pg, "Try it")
        classify_in_page(pg, recipe)
        assert tgi.split("//")[1] in alert_text(pg, "#labels")
        shot(pg, "1b-tgi-unreachable")
    finally:
        pg.close()
        proc.terminate()
        proc.wait(10)
        hub.stop()
        server.should_exit = True
    assert WRITE not in log.read_text()


def test_the_apps_v1_fails_a_bad_request_alone_among_200(app, adapter, prepared):
    """The app's /v1 is serve's: 10 requests with a lone surrogate among 200 get 400, the 190 others 200."""
    from pipeline.student import LocalStudent
    from tests.test_serve_isolation import check_mixed, send_mixed

    url, _ = app
    recipes = [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()][:5]
    want = [r["labels"] for r in LocalStudent(adapter).classify(recipes)]
    replies, bad = send_mixed(url, "understudy", recipes)
    check_mixed(replies, bad, want)


def test_the_apps_tgi_routes_answer_for_the_active_student(app, adapter, prepared):
    import httpx

    from pipeline.student import LocalStudent

    url, _ = app
    student = LocalStudent(adapter)
    recipe = recipe_of(prepared)
    expected = student.classify([recipe])[0]["labels"]
    for parameters in ({"details": True}, {"details": True, "adapter_id": "understudy"}):
        reply = httpx.post(url + "/generate", json={"inputs": student.render(recipe), "parameters": parameters}, timeout=60)
        assert reply.status_code == 200, reply.text
        assert json.loads(reply.json()["generated_text"]) == expected
    info = httpx.get(url + "/info", timeout=30)
    assert info.status_code == 200 and adapter not in info.text and str(Path(adapter).parent) not in info.text


def test_the_apps_v1_takes_a_key_and_is_off_when_exposed_without_one(tmp_path, adapter, monkeypatch):
    import httpx

    import app as app_module
    from pipeline.errors import UserError

    (tmp_path / "settings.json").write_text(json.dumps({"adapter": adapter}))
    proc, url, log = start_app(tmp_path, "--no-build", "--v1-key-env", "MY_V1_KEY", env_overrides={"MY_V1_KEY": "v1-secret-key"})
    try:
        body = {"model": "understudy", "messages": [{"role": "user", "content": "Toast\n\nIngredients:\n- bread"}]}
        assert httpx.post(url + "/v1/chat/completions", json=body, timeout=60).status_code == 401
        assert httpx.post(url + "/generate", json={"inputs": "x"}, timeout=60).status_code == 401
        assert httpx.get(url + "/", timeout=60).status_code == 200  # the page is not behind the API's key
        assert httpx.get(url + "/config", timeout=60).status_code == 200
        ok = httpx.post(url + "/v1/chat/completions", json=body, headers={"Authorization": "Bearer v1-secret-key"}, timeout=60)
        assert ok.status_code == 200 and "choices" in ok.json()
    finally:
        proc.terminate()
        proc.wait(10)
    assert "v1-secret-key" not in log.read_text()
    # off loopback, /v1 needs a key, or --allow-no-key to open it; on loopback it is open
    monkeypatch.setenv("MY_V1_KEY", "k")
    assert app_module.v1_setting("0.0.0.0", "", False) is None
    assert app_module.v1_setting("0.0.0.0", "", True) == ""
    assert app_module.v1_setting("0.0.0.0", "MY_V1_KEY", False) == "k"
    assert app_module.v1_setting("127.0.0.1", "", False) == ""
    monkeypatch.setenv("MY_V1_KEY", "")
    with pytest.raises(UserError, match="MY_V1_KEY"):
        app_module.v1_setting("127.0.0.1", "MY_V1_KEY", False)
