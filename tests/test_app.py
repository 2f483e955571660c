"""The app in a real browser: `python app.py` as a subprocess, driven by headless Chromium.

Screenshots of every tab land in artifacts/screenshots/ (look at them: the page should be clear).
Chromium is Debian's (apt-get install -y chromium chromium-driver); .ci/run installs it.
"""

from __future__ import annotations

import json
import re
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
RECIPE = ("Skillet Chicken Thighs\n\nIngredients:\n- 6 chicken thighs\n- 2 tbsp olive oil\n- 1 cup chicken broth\n\n"
          "Directions:\n1. Brown the thighs in the oil in a skillet, 8 minutes a side.\n2. Add the broth, cover and simmer 35 minutes.")


PEPPERONI_PIZZA = ("Pepperoni Pizza\n\nIngredients:\n- 1 pizza crust\n- 1 c. pepperoni\n- 2 c. mozzarella\n\n"
                   "Directions:\n- Top the crust.\n- Bake at 450 degrees for 12 minutes.")


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
    """A full-page screenshot into artifacts/screenshots, to look at the page each test left, when
    UNDERSTUDY_SCREENSHOTS=1 (about a second each, so not by default)."""
    if not os.environ.get("UNDERSTUDY_SCREENSHOTS"):
        return
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


def watch_announcements(pg) -> None:
    """Record every text the page's live regions (role=status) hold from now on: Gradio announces a
    finished event there for screen readers, for a second."""
    pg.evaluate("""() => { window.__said = [];
        new MutationObserver(() => document.querySelectorAll('[role=status]').forEach(e => window.__said.push(e.innerText)))
            .observe(document.body, {subtree: true, childList: true, characterData: true}); }""")


def announcements(pg) -> list[str]:
    return [t for t in pg.evaluate("window.__said") if t.strip()]


def picked(pg, nth: int) -> str:
    return pg.get_by_label("Pick a recipe from the test split").nth(nth).input_value()


def wait_unpicked(pg, nth: int) -> None:
    deadline = time.monotonic() + 10
    while picked(pg, nth):
        assert time.monotonic() < deadline, f"the dropdown still names {picked(pg, nth)!r}"
        pg.wait_for_timeout(200)


def pick_first_test_recipe(pg, nth: int, box: str) -> None:
    pg.get_by_label("Pick a recipe from the test split").nth(nth).click()
    pg.get_by_role("option").first.click()
    pg.wait_for_function(f"document.querySelector('{box} textarea').value.length > 20")


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
    # another test recipe picked: the labels of the one before are gone, not left beside it
    page.get_by_label("Pick a recipe from the test split").first.click()
    page.get_by_role("option").nth(1).click()
    page.wait_for_function("document.querySelector('#labels').innerText.includes('Press Classify')", timeout=30_000)
    assert page.locator("#labels .us-field").count() == 0


def test_side_by_side_shows_the_stored_teacher_label_without_a_key(page, prepared):
    tab(page, "Side by side")
    page.locator("#recipe2 textarea").fill(recipe_of(prepared))
    page.click("#compare")
    page.wait_for_selector("#side table", timeout=60_000)
    text = page.locator("#side").inner_text()
    # the sample's labels come from its generator: the column says so, and passes them off as no GPT-4 answer
    assert "stored label (the bundled sample's generator)" in text and "made by the bundled sample's generator" in text
    assert "GPT-4 (stored label)" not in text
    assert text.count("agree") >= 5  # every field marked agree or disagree
    lines_per_mark = page.eval_on_selector_all("#side .us-agree, #side .us-disagree", "els => els.map(e => e.getClientRects().length)")
    assert len(lines_per_mark) == 5 and set(lines_per_mark) == {1}  # "✓ agree" on one line, never wrapped
    shot(page, "2-side-by-side")


def test_ones_own_recipe_is_no_longer_the_picked_test_recipe(page):
    pick_first_test_recipe(page, 0, "#recipe")
    assert picked(page, 0)
    page.locator("#recipe textarea").fill("Toast\n\nIngredients:\n- bread\n\nDirections:\n- toast the bread")
    wait_unpicked(page, 0)
    tab(page, "Side by side")
    pick_first_test_recipe(page, 1, "#recipe2")
    assert picked(page, 1)
    page.locator("#recipe2 textarea").fill("Toast\n\nIngredients:\n- bread\n\nDirections:\n- toast the bread")
    wait_unpicked(page, 1)


def test_a_text_that_is_no_recipe_gets_its_warning_under_the_labels(page):
    classify_in_page(page, "asdf qwerty 12345")
    page.wait_for_selector("#labels .us-field", timeout=60_000)
    assert "doesn't look like a recipe" in page.locator("#labels").inner_text()
    tab(page, "Side by side")
    page.locator("#recipe2 textarea").fill("asdf qwerty 12345")
    page.click("#compare")
    page.wait_for_selector("#side table", timeout=60_000)
    assert "doesn't look like a recipe" in page.locator("#side").inner_text()
    shot(page, "2c-not-a-recipe")


def test_evaluate_tab_shows_the_agreement_table(page):
    tab(page, "Evaluate")
    watch_announcements(page)
    page.click("#evaluate")
    page.wait_for_function("document.querySelector('#agreement').innerText.includes('mean agreement')", timeout=120_000)
    text = page.locator("#agreement").inner_text()
    for name in ("has_non_fish_meat", "main_dish", "all five right", "invalid answers", "test recipes"):
        assert name in text
    page.wait_for_function("window.__said.some(t => t.trim())", timeout=10_000)
    assert not [t for t in announcements(page) if "common." in t], announcements(page)  # no untranslated Gradio key
    assert "common." not in page.locator("body").inner_text()
    shot(page, "5-evaluate")


def test_every_warning_of_the_report_shows_above_the_agreement_table(browser, app, home):
    """A report that carries warnings (rows the student trained on, left out) shows each one before the table."""
    url, _ = app
    settings = json.loads((home / "settings.json").read_text())
    last = json.loads(Path(settings["report"]).read_text()) if settings.get("report") else None
    assert last, "the Evaluate test writes a report first"
    crafted = home / "eval-with-warnings"
    crafted.mkdir(exist_ok=True)
    warnings = ["37 of 40 test rows were in the student's training data; the figures below leave them out", "a second caution"]
    (crafted / "report.json").write_text(json.dumps({**last, "warnings": warnings}))
    (crafted / "student.txt").write_text((Path(settings["report"]).parent / "student.txt").read_text())  # for the active student
    (home / "settings.json").write_text(json.dumps({**settings, "report": str(crafted / "report.json")}))
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        pg.goto(url)
        tab(pg, "Evaluate")
        pg.wait_for_function("document.querySelector('#agreement').innerText.includes('mean agreement')", timeout=60_000)
        text = pg.locator("#agreement").inner_text()
        assert all(w in text for w in warnings) and text.index(warnings[1]) < text.index("mean agreement")
        shot(pg, "5b-evaluate-warnings")
    finally:
        pg.close()
        now = json.loads((home / "settings.json").read_text())
        (home / "settings.json").write_text(json.dumps({**now, "report": settings["report"]}))


def wait_text(pg, selector: str, text: str, timeout: int = 60_000) -> str:
    pg.wait_for_function(f"document.querySelector({selector!r}) && document.querySelector({selector!r}).innerText.includes({text!r})",
                         timeout=timeout)
    return pg.locator(selector).inner_text()


def wait_drawn(pg, plot: str) -> None:
    """Until the plot has drawn a line (not only its axes), in a colour."""
    pg.wait_for_function(f"[...document.querySelectorAll('{plot} .mark-line path')].some(p => (p.getAttribute('d') || '').includes('L') "
                         "&& p.getAttribute('stroke'))", timeout=30_000)


def pick_target(pg, target: str) -> None:
    tab(pg, "Evaluate")
    pg.locator("#target").get_by_label(target, exact=True).click()


def compare_in_page(pg, row: dict) -> str:
    """Side by side on a test recipe; what it shows once it shows that recipe's stored label."""
    tab(pg, "Side by side")
    pg.locator("#recipe2 textarea").fill(row["recipe"])
    pg.click("#compare")
    return wait_text(pg, "#side", f"stored label of recipe {row['id']},", timeout=60_000)


def test_a_target_on_the_cascade_curve_prices_the_cascade_and_routes_side_by_side(page, home, adapter, prepared):
    """After an evaluation, the cascade curve (its labels said to be stored ones) and the line that the student is not
    calibrated; a picked target's share goes into the Costs tab's cascade row, and Side by side says which recipes
    it would send to GPT-4, as the student's least confident field stands against the target's threshold."""
    from pipeline.calibration import row_score
    from pipeline.costs import dollars, share_text
    from pipeline.student import LocalStudent

    before = json.loads((home / "settings.json").read_text()).get("report")
    tab(page, "Evaluate")
    page.click("#evaluate")
    deadline = time.monotonic() + 120
    while json.loads((home / "settings.json").read_text()).get("report") == before:
        assert time.monotonic() < deadline, "the evaluation wrote no report"
        time.sleep(0.5)
    assert "stored labels (generator) stand in for GPT-4" in wait_text(page, "#cascade_note", "stored labels")
    wait_drawn(page, "#cascade_share")
    wait_drawn(page, "#cascade_dollars")
    assert "not calibrated: python -m pipeline calibrate --adapter" in page.locator("#calibration").inner_text()
    report = json.loads(Path(json.loads((home / "settings.json").read_text())["report"]).read_text())
    # the curves say which student and which rows they are for
    assert f"The curves below: adapter on the {report['n']} test recipes of its last evaluation" in page.locator("#cascade_note").inner_text()
    cascade = report["cascade"]
    measured = next(t for t in cascade["targets"] if 0 < t["teacher_share"] < 1)  # a target some recipes reach without the teacher
    highest = cascade["targets"][-1]
    target = f"{measured['target']:g}"

    pick_target(page, target)
    line = wait_text(page, "#target_line", f"target {target}:")
    assert (f"{share_text(measured['teacher_share'])} of recipes go to GPT-4, {dollars(measured['corpus_dollars'])} for the corpus" in line
            and "measured on the test split, not certified" in line)
    shot(page, "5c-evaluate-cascade")
    tab(page, "Costs")
    costs = wait_text(page, "#cost_table", f"student + cascade (share {share_text(measured['teacher_share'])} to gpt-4)", timeout=30_000)
    assert float(page.locator("#teacher_share input").input_value()) == pytest.approx(measured["teacher_share"])
    assert dollars(measured["corpus_dollars"]) in costs  # the line's figure is the Costs tab's

    student = LocalStudent(adapter)
    rows = [json.loads(line) for line in (prepared / "test.jsonl").read_text().splitlines()]
    scored = sorted(((row_score(r["confidence"], r["labels"]), row) for row, r in zip(rows, (student.classify([row["recipe"]])[0] for row in rows))),
                    key=lambda pair: pair[0])
    (low, unsure), (high, sure) = scored[0], scored[-1]
    assert low < measured["threshold"] <= high, (scored, measured)
    assert f"would go to GPT-4 at target {target} (least confident field: " in compare_in_page(page, unsure)
    shot(page, "2d-side-by-side-cascade")
    assert f"the student would answer this one at target {target}" in compare_in_page(page, sure)
    pick_target(page, f"{highest['target']:g}")  # another target: the comparison redraws with its threshold
    tab(page, "Side by side")
    goes = highest["threshold"] is None or high < highest["threshold"]  # None: every recipe goes
    wait_text(page, "#side", f"{'this recipe would go to GPT-4' if goes else 'the student would answer this one'} at target {highest['target']:g}")
    pick_target(page, "none")
    tab(page, "Side by side")
    page.wait_for_function("!document.querySelector('#side').innerText.includes('at target')", timeout=30_000)
    tab(page, "Costs")
    page.wait_for_function("!document.querySelector('#cost_table').innerText.includes('student + cascade')", timeout=30_000)
    assert float(page.locator("#teacher_share input").input_value()) == 0


def test_the_active_students_calibration_shows_in_the_evaluate_tab(browser, app, home, adapter, tmp_path):
    """A calibrated adapter made the active student: a page opened now shows its expected calibration error before
    and after, per field, and draws the reliability diagram."""
    from pipeline import calibrate, sample

    url, _ = app
    calibrated = tmp_path / "calibrated-adapter"
    shutil.copytree(adapter, calibrated)
    audit = sample.run(sample.SampleConfig(out=str(tmp_path / "audit"), n=120, seed=7))
    calibrate.run(calibrate.CalibrateConfig(adapter=str(calibrated), input=audit["labeled"], out=str(tmp_path / "calibration")))
    saved = json.loads((calibrated / "calibration.json").read_text())
    settings = json.loads((home / "settings.json").read_text())
    (home / "settings.json").write_text(json.dumps({**settings, "adapter": str(calibrated)}))
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        pg.goto(url)
        tab(pg, "Evaluate")
        shown = wait_text(pg, "#calibration", "Calibrated on")
        assert f"Calibrated on {len(saved['rows'])} rows labeled by generator" in shown
        for name in saved["fields"]:
            m = saved["metrics"][name]
            assert f"{m['before']['ece']:.4f} → {m['after']['ece']:.4f}" in shown
        wait_text(pg, "#reliability", "all fields together")
        wait_drawn(pg, "#reliability")  # the diagonal at least
        shot(pg, "5d-evaluate-calibration")
    finally:
        pg.close()
        now = json.loads((home / "settings.json").read_text())
        (home / "settings.json").write_text(json.dumps({**now, "adapter": settings["adapter"]}))


def test_other_tabs_render(page):
    for name, file in (("Data & labels", "3-data"), ("Costs", "6-costs")):
        tab(page, name)
        if name == "Costs":
            page.wait_for_function("document.querySelector('#cost_chart').innerText.includes('gpt-4')", timeout=30_000)
            assert "$23,190" in page.locator("#cost_chart").inner_text()  # the study's GPT-4 figure, from the price table
        shot(page, file)


def test_a_measured_throughput_is_priced_at_once_on_its_machine_and_a_toy_is_cautioned(page):
    tab(page, "Costs")
    page.wait_for_function("document.querySelector('#cost_table').innerText.includes('student')", timeout=30_000)
    rate = page.locator("#rate input").input_value()
    assert "the study's vLLM on one L40" in page.locator("#rate").inner_text()
    assert f"{rate} recipes/s" in page.locator("#cost_footnote").inner_text()  # the footnote's figure is the field's
    assert "$18.81" in page.locator("#cost_table").inner_text() and "$18.81" in page.locator("#cost_footnote").inner_text()
    page.click("#measure")
    page.wait_for_function("document.querySelector('#cost_table').innerText.includes('measured')", timeout=120_000)
    table = page.locator("#cost_table").inner_text()
    assert "cpu-upgrade at $0.03/h" in table and "(given)" not in table and "$1.14/h" not in table
    assert "measured on 256 recipes here" in page.locator("#rate").inner_text()  # the field's label follows its source
    assert page.locator("#dph input").input_value() == "0.03"
    headline = page.locator("#cost_headline").inner_text()
    assert "cheaper than gpt-4" in headline and "Caution" in headline and "toy" in headline
    shot(page, "6b-costs-measured")


def test_the_bundled_sample_and_labeled_rows_show_in_the_table(page, prepared, adapter, tmp_path):
    from pipeline.serve import ServeConfig, make_server
    from pipeline.student import LocalStudent

    tab(page, "Data & labels")
    page.locator("#n_sample input").fill("30")
    page.click("#use_sample")
    page.wait_for_function("document.querySelector('#preview').innerText.includes('r0-000001')", timeout=60_000)
    preview = page.locator("#preview").inner_text()
    assert "has_non_fish_meat" in preview and "Ingredients" in preview
    shot(page, "3b-data-sample")

    server = make_server(ServeConfig(adapter=adapter, port=0, model_name="gpt-4"), LocalStudent(adapter))  # the teacher
    _, port = run_in_thread(server)
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"id": f"mine-{i}", "recipe": json.loads(line)["recipe"]}) + "\n"
                            for i, line in enumerate((prepared / "test.jsonl").read_text().splitlines()[:6])))
    try:
        page.locator("#upload input[type=file]").set_input_files(str(rows))
        page.wait_for_timeout(1500)
        page.locator("#base_url3 textarea, #base_url3 input").first.fill(f"http://127.0.0.1:{port}/v1")
        page.locator("#key3 input").fill("unused")
        watch_announcements(page)
        page.click("#label")
        page.wait_for_function("document.querySelector('#preview').innerText.includes('mine-0')", timeout=120_000)
        assert "labeled 6 of 6 rows" in page.locator("#label_out").inner_text()
        page.wait_for_function("window.__said.some(t => t.trim())", timeout=10_000)
        assert not [t for t in announcements(page) if "common." in t], announcements(page)
        assert "common." not in page.locator("body").inner_text()
        shot(page, "3c-data-labeled")
    finally:
        server.should_exit = True


def alert_text(pg, where: str, awaited: str = "") -> str:
    """The alert shown in `where`, once it holds `awaited` (an earlier alert may still be there while the next event runs)."""
    pg.wait_for_function("([sel, want]) => { const e = document.querySelector(sel); return e && e.innerText.includes(want); }",
                         arg=[f"{where} [role=alert]", awaited], timeout=60_000)
    return pg.locator(f"{where} [role=alert]").inner_text()


def test_bad_input_shows_a_readable_message_and_the_app_keeps_working(page, prepared, tmp_path):
    classify_in_page(page, "   ")
    assert "recipe is empty" in alert_text(page, "#labels")
    classify_in_page(page, "x" * 1_000_000)
    assert "1,000,000 characters" in alert_text(page, "#labels", "characters")  # not the empty recipe's alert, still showing
    classify_in_page(page, recipe_of(prepared))  # still works
    page.wait_for_selector("#labels .us-field", timeout=60_000)

    tab(page, "Data & labels")
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page.locator("#upload input[type=file]").set_input_files(str(png))
    assert "picture.png is not a table of rows" in alert_text(page, "#upload_note")  # beside the upload, at once
    page.click("#label")
    message = alert_text(page, "#label_out")
    assert "not a table of rows" in message or "JSONL/CSV/parquet" in message
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
        assert "refused the API key" in message and "401" in message and "check the key" in message
        assert len(page.locator("#side .us-chip").all()) == 5  # the student's half stays
        shot(page, "9-wrong-key")
        assert KEY not in page.content()
        page.locator("#base_url textarea, #base_url input").first.fill(f"http://127.0.0.1:{free_port()}/v1")  # nobody there
        page.click("#compare")
        page.wait_for_function("document.querySelector('#side [role=alert]').innerText.includes('could not be reached')", timeout=60_000)
        assert "check the base URL" in alert_text(page, "#side") and len(page.locator("#side .us-chip").all()) == 5
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


LAST_LOG_LINE = """() => { const box = document.querySelector('#train_log .us-log'), text = box.querySelector('pre').firstChild;
    const range = document.createRange(); range.setStart(text, text.length - 1); range.setEnd(text, text.length);
    const last = range.getBoundingClientRect(), shown = box.getBoundingClientRect();
    return {overflows: box.scrollHeight > box.clientHeight + 1, visible: last.top >= shown.top - 1 && last.bottom <= shown.bottom + 1,
            text: text.textContent}; }"""

X_TICKS = """() => Array.from(document.querySelectorAll('#loss_curve svg g.role-axis'))
    .filter(axis => (axis.getAttribute('aria-label') || '').startsWith('X-axis'))
    .flatMap(axis => Array.from(axis.querySelectorAll('.role-axis-label text')).map(t => t.textContent.replace(/,/g, '')))"""


def curve_ticks(pg) -> list[str]:
    """The loss curve's x-axis labels, once drawn; each must be a whole step (a short run's axis once read 1.5, 2.5)."""
    pg.wait_for_function(f"({X_TICKS})().length > 1", timeout=20_000)
    ticks = pg.evaluate(X_TICKS)
    assert all(re.fullmatch(r"\d+", t) for t in ticks), ticks
    return ticks


def test_train_tab_draws_the_loss_curve_keeps_the_run_and_the_students_picker_switches_to_it(page, home, tiny_base):
    tab(page, "Train")
    wait_text(page, "#loss_curve", "the curve appears here when training starts", timeout=30_000)
    page.locator("#base_model input, #base_model textarea").first.fill(tiny_base)
    page.locator("#epochs input").fill("1.5")  # 15 steps: more log lines than the box shows at once
    page.click("#train")
    page.wait_for_function("document.querySelector('#train_note').innerText.includes('Training done')", timeout=300_000)
    assert "appears here" not in page.locator("#loss_curve").inner_text()
    assert max(map(int, curve_ticks(page))) >= 15  # the axis reaches the last step
    log = page.evaluate(LAST_LOG_LINE)
    assert log["text"].splitlines()[-1].startswith("step 15/15") and log["overflows"] and log["visible"], log  # the newest line in view
    note = page.locator("#train_note").inner_text()
    run = re.search(r"kept as (adapters/[\w-]+)", note).group(1)
    assert "test rows" in note  # made active only when it beats the active student on the same rows, with both figures
    shot(page, "4-train")
    tab(page, "Try it")  # the run is in the Students picker, a pick away
    page.locator("#student_pick input").click()
    page.get_by_role("option", name=run, exact=True).click()
    wait_text(page, "#student_note", "finished")
    page.click("#use_student")
    wait_text(page, "#student_note", f"Now classifying with {run} (active)")
    settings = json.loads((home / "settings.json").read_text())
    assert settings["adapter"].endswith(run) and (Path(settings["adapter"]) / "adapter_config.json").is_file()
    tab(page, "Train")
    page.get_by_role("button", name="Cancel").click()  # nothing running any more
    page.wait_for_function("document.querySelector('#cancel_note').innerText.includes('Nothing is running')", timeout=10_000)
    assert "Training done" in page.locator("#train_note").inner_text()


def test_a_reloaded_page_follows_the_training_run_it_started(page, home, tiny_base):
    """The run goes on without the page: a reload (a new browser session) draws the curve and the log again from the
    first step and follows the run to its end."""
    tab(page, "Train")
    page.locator("#base_model input, #base_model textarea").first.fill(tiny_base)
    page.locator("#epochs input").fill("8")
    page.click("#train")
    wait_text(page, "#train_log", "step 2/", timeout=120_000)
    page.reload()
    page.wait_for_selector("#status", timeout=60_000)
    tab(page, "Train")
    assert "step 1/" in wait_text(page, "#train_log", "step 2/", timeout=60_000)  # replayed from the start, not only what came after
    note = wait_text(page, "#train_note", "Training done", timeout=300_000)
    assert re.search(r"kept as adapters/[\w-]+|now the active student", note), note
    assert "appears here" not in page.locator("#loss_curve").inner_text()


def test_a_corpus_is_classified_from_the_page_and_its_predictions_download(page, home, prepared, tmp_path):
    """Upload a file on the Corpus tab, classify it with progress, download the predictions (CSV, then JSONL): one row
    per input row with the labels; a reload shows the finished run and its file again."""
    rows = [json.loads(line) for line in (prepared / "test.jsonl").read_text().splitlines()]
    corpus = tmp_path / "my-corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"m{i}", "recipe": r["recipe"]}) + "\n" for i, r in enumerate(rows)))
    tab(page, "Corpus")
    page.locator("#corpus_upload input[type=file]").set_input_files(str(corpus))
    page.wait_for_timeout(1000)
    page.click("#corpus_go")
    summary = wait_text(page, "#corpus_note", "Done", timeout=120_000)
    assert f"{len(rows)} rows classified" in summary and "without valid labels" in summary
    with page.expect_download() as got:
        page.locator("#corpus_file a").first.click()
    saved = tmp_path / "predictions.csv"
    got.value.save_as(saved)
    import pandas as pd

    table = pd.read_csv(saved)
    assert sorted(table["id"]) == sorted(f"m{i}" for i in range(len(rows)))
    assert {"has_non_fish_meat", "main_dish", "main_dish_confidence"} <= set(table.columns)
    page.get_by_role("radio", name="jsonl").check()
    page.wait_for_selector("#corpus_file a[download='predictions.jsonl']", timeout=30_000)
    shot(page, "8-corpus")
    page.reload()
    page.wait_for_selector("#status", timeout=60_000)
    tab(page, "Corpus")
    assert f"{len(rows)} rows classified" in wait_text(page, "#corpus_note", "Done", timeout=60_000)


BAR_TITLES = "[...document.querySelectorAll('#labels .us-bar')].map(e => e.title)"


def test_a_trained_a_cancelled_and_the_shipped_student_are_switched_and_every_surface_follows(browser, tmp_path, prepared, tiny_base):
    """Train one student and cancel another; switch between those two and the shipped one. After each switch Try it,
    Evaluate and /v1 answer with the chosen student (the labels' confidences are that student's; /v1's
    system_fingerprint is its own), and a reloaded page keeps it."""
    from openai import OpenAI

    from pipeline.models import SHIPPED_ADAPTER
    from pipeline.student import LocalStudent

    home = tmp_path / "home"
    home.mkdir()
    shutil.copytree(prepared, home / "prepared")
    (home / "settings.json").write_text(json.dumps({"dataset": str(home / "prepared")}))
    proc, url, log = start_app(home, "--no-build")
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        pg.goto(url)
        pg.wait_for_selector("#status", timeout=60_000)
        tab(pg, "Train")
        pg.locator("#base_model input, #base_model textarea").first.fill(tiny_base)
        pg.locator("#epochs input").fill("1")
        pg.click("#train")
        trained = re.search(r"adapters/[\w-]+", wait_text(pg, "#train_note", "Training done", timeout=300_000)).group(0)
        pg.locator("#epochs input").fill("10")
        pg.click("#train")
        wait_text(pg, "#train_log", "step 2/100", timeout=120_000)  # this run's (the first one's log said "/10")
        pg.get_by_role("button", name="Cancel").click()
        note = wait_text(pg, "#train_note", "Training cancelled", timeout=120_000)
        cancelled = re.search(r"adapters/[\w-]+", note).group(0)
        assert cancelled != trained and "active student" not in note.split("kept as")[0]
        curve_ticks(pg)  # a few steps' curve still ticks on whole steps
        v1 = OpenAI(base_url=url + "/v1", api_key="unused")
        for name, folder in ((trained, home / trained), (cancelled, home / cancelled), ("tiny", SHIPPED_ADAPTER)):
            expected = LocalStudent(str(folder)).classify([RECIPE])[0]
            want = sorted(f"confidence {c:.3f}" for c in expected["confidence"].values())
            fingerprint = LocalStudent(str(folder)).fingerprint
            tab(pg, "Try it")
            pg.locator("#student_pick input").click()
            pg.get_by_role("option", name=name, exact=True).click()
            pg.click("#use_student")
            wait_text(pg, "#student_note", f"Now classifying with {name} (active)")
            for reloaded in (False, True):
                if reloaded:
                    pg.reload()
                    pg.wait_for_selector("#status", timeout=60_000)
                pg.locator("#recipe textarea").fill(RECIPE)
                pg.click("#classify")
                pg.wait_for_function(f"(want) => {{ const got = {BAR_TITLES}.sort(); return JSON.stringify(got) === JSON.stringify(want); }}",
                                     arg=want, timeout=60_000)
                reply = v1.chat.completions.create(model="understudy", messages=[{"role": "user", "content": RECIPE}])
                assert reply.system_fingerprint == fingerprint and json.loads(reply.choices[0].message.content) == expected["labels"]
                tab(pg, "Evaluate")
                shown = str(folder.relative_to(home)) if folder.is_relative_to(home) else "demo_student"
                wait_text(pg, "#agreement", shown, timeout=30_000)
        assert json.loads((home / "settings.json").read_text())["adapter"].endswith("demo_student/adapter")
    finally:
        pg.close()  # its streams open, the server would wait for them as it stops
        proc.terminate()
        proc.wait(10)


def test_hub_tab_pushes_and_loads_back_through_the_local_hub_folder(page, home):
    tab(page, "Hub")
    page.get_by_role("button", name="Push the active dataset").click()
    message = alert_text(page, "#hub_note")
    assert "type a repository (user/name)" in message and "--repo" not in message  # the page's words, not the CLI's
    page.locator("#ds_repo input, #ds_repo textarea").first.fill("me/recipes")
    page.get_by_role("button", name="Push the active dataset").click()
    page.wait_for_function("document.querySelector('#hub_note').innerText.includes('Pushed')", timeout=60_000)
    assert "local Hub folder" in page.locator("#hub_note").inner_text() and "hub/datasets/me/recipes" in page.locator("#hub_note").inner_text()
    success = page.locator("#hub_note .us-card").evaluate("e => getComputedStyle(e).color")
    normal = page.get_by_text("Push the active dataset or adapter").evaluate("e => getComputedStyle(e).color")
    assert success == normal, (success, normal)  # a success line in the page's normal text colour, not the faint one
    page.locator("#ad_repo input, #ad_repo textarea").first.fill("me/student")
    page.get_by_role("button", name="Push the active adapter").click()
    page.wait_for_function("document.querySelector('#hub_note').innerText.includes('me/student')", timeout=60_000)
    page.locator("#load_repo input, #load_repo textarea").first.fill("me/student")
    page.get_by_role("button", name="Load and make it the active student").click()
    page.wait_for_function("document.querySelector('#hub_note').innerText.includes('active student')", timeout=60_000)
    settings = json.loads((home / "settings.json").read_text())
    assert "hub-adapters" in settings["adapter"] and (Path(settings["adapter"]) / "adapter_config.json").is_file()
    shot(page, "7-hub")


def test_a_fresh_app_is_ready_at_once_with_the_shipped_student(browser, tmp_path, adapter):
    """A fresh data folder: the shipped demo student answers from the first page, its own test split is the
    active dataset, and the Evaluate tab shows the figures its report claims; a student made meanwhile shows."""
    from pipeline.models import SHIPPED_DIR

    (tmp_path / "empty").mkdir()
    proc, url, log = start_app(tmp_path / "empty")
    try:
        pg = browser.new_page(viewport={"width": 1280, "height": 700})
        pg.goto(url)
        pg.wait_for_selector("#status", timeout=60_000)
        status = pg.locator("#status").inner_text()
        assert "Student ready" in status and "demo_student" in status, status
        assert "building the offline demo student" not in log.read_text()
        pg.locator("#recipe textarea").fill(RECIPE)
        pg.click("#classify")
        pg.wait_for_function("document.querySelector('#labels').innerText.includes('has_non_fish_meat')", timeout=60_000)
        assert "doesn't look like a recipe" not in pg.locator("#labels").inner_text()
        shot(pg, "0-fresh-start")
        claimed = json.loads((SHIPPED_DIR / "report.json").read_text())
        tab(pg, "Evaluate")
        pg.wait_for_function(f"document.body.innerText.includes('{claimed['mean_agreement']:.3f}')", timeout=30_000)
        # the real shipped student is a click away, and the tiny one a click back; the banner and Try it follow
        tab(pg, "Try it")
        for name, folder in (("smollm2-135m", "smollm2_student"), ("tiny", "demo_student")):
            pg.locator("#student_pick input").click()
            pg.get_by_role("option", name=name, exact=True).click()
            pg.click("#use_student")
            wait_text(pg, "#student_note", f"Now classifying with {name} (active)")
            wait_text(pg, "#status", folder, timeout=30_000)
            before = pg.locator("#labels").inner_text()
            pg.locator("#recipe textarea").fill(PEPPERONI_PIZZA)
            pg.click("#classify")
            pg.wait_for_function("(before) => { const t = document.querySelector('#labels').innerText; "
                                 "return t.includes('has_non_fish_meat') && t !== before && !document.querySelector('#labels .pending'); }",
                                 arg=before, timeout=120_000)
            if name == "smollm2-135m":
                shot(pg, "0-real-student")
            pg.locator("#recipe textarea").fill("")
        assert json.loads((tmp_path / "empty" / "settings.json").read_text())["adapter"].endswith("demo_student/adapter")
        pg.close()
        test_split = tmp_path / "empty" / "shipped" / "prepared" / "test.jsonl"
        assert len(test_split.read_text().splitlines()) == claimed["n"]  # the split the report was measured on
        # a student made meanwhile: a page opened now names it
        (tmp_path / "empty" / "settings.json").write_text(json.dumps({"adapter": adapter}))
        pg = browser.new_page(viewport={"width": 1280, "height": 700})
        pg.goto(url)
        pg.wait_for_function("document.querySelector('#status') && document.querySelector('#status').innerText.includes('Student ready')"
                             " && !document.querySelector('#status').innerText.includes('demo_student')", timeout=10_000)
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
        logged = pg.locator("#train_log").inner_text()
        assert "started on a10g-small" in logged and "adapter pushed" in logged and "step 3/3  loss 0.6667" in logged
        pg.wait_for_selector("#loss_curve canvas, #loss_curve svg", timeout=30_000)  # the Job's losses, drawn
        (job,) = hub.jobs.values()
        assert job["spec"]["flavor"] == "a10g-small" and job["spec"]["secrets"] == {"HF_TOKEN": WRITE}
        assert "--push-to alice/recipes-lora" in job["spec"]["command"][2] and "--dataset alice/recipes-lora-data" in job["spec"]["command"][2]
        shot(pg, "4b-train-on-a-job")
        assert WRITE not in pg.content()
        pg.reload()  # the Job was a run of the visitor's, not of the page: a reloaded page shows it again
        pg.wait_for_selector("#status", timeout=60_000)
        tab(pg, "Train")
        assert "LORA_ADAPTERS=alice/recipes-lora" in wait_text(pg, "#train_note", "LORA_ADAPTERS=", timeout=60_000)
        assert "adapter pushed" in pg.locator("#train_log").inner_text()

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
