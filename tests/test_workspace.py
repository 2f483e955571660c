"""The app's workspaces: whose folder a call acts in, whose keys it may use, what it may read, its limits."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import runs as app_runs
from pipeline import picking, scoring, sharing, teaching, trying
from pipeline import students as registry
from pipeline.errors import UserError
from pipeline.models import SHIPPED_ADAPTER
from pipeline.visitors import GRADIO_MOCK_TOKEN, LIMITS, UPLOADS, Visitor, visitor_of
from pipeline.workspace import Workspace

ALICE = Visitor(owner=False, username="alice", token="hf_alice", public=True)
STRANGER = Visitor(owner=False, session="abc123session", public=True)


@pytest.fixture()
def app_ws(tmp_path, prepared, adapter) -> Workspace:
    ws = Workspace(tmp_path / "home")
    ws.save_settings(adapter=adapter, dataset=str(prepared))
    return ws


def test_who_is_the_owner(monkeypatch):
    monkeypatch.setenv("SPACE_AUTHOR_NAME", "owner")
    monkeypatch.setenv("UNDERSTUDY_OWNERS", "teammate, other")
    assert visitor_of(False).owner  # off a public app: the local user
    assert visitor_of(True, "owner", "t").owner and visitor_of(True, "teammate", "t").owner
    assert not visitor_of(True, "alice", "t").owner and not visitor_of(True, "", "", "s").owner
    assert visitor_of(True, "", "a-token-without-a-profile", "s").token == ""  # a token alone signs no one in
    mocked = visitor_of(True, "owner", GRADIO_MOCK_TOKEN, "s")  # Gradio's sign-in off a Space: a name, no rights
    assert not mocked.owner and mocked.token == ""
    with pytest.raises(UserError, match="sign in with Hugging Face"):
        mocked.require_sign_in("push")


def test_each_visitor_writes_only_in_their_own_folder_over_the_apps_defaults(app_ws, adapter, prepared):
    alice, stranger = app_ws.for_visitor(ALICE), app_ws.for_visitor(STRANGER)
    assert alice.root == (app_ws.root / "visitors" / "users" / "alice").resolve()
    assert stranger.root.parent == (app_ws.root / "visitors" / "sessions").resolve() and "abc123" not in stranger.root.name
    assert alice.adapter() == adapter and alice.dataset() == str(prepared)  # the app's defaults, read-only
    defaults = app_ws.settings_path.read_text()
    teaching.use_sample(alice, 30)
    made = teaching.prepare_labeled(alice, alice.settings()["labeled"])
    assert Path(alice.dataset()).is_relative_to(alice.root) and made["folder"].startswith("prepared/")
    assert app_ws.settings_path.read_text() == defaults  # the app's default dataset is the owner's
    assert stranger.dataset() == str(prepared) and app_ws.dataset() == str(prepared)
    # a visitor's settings naming a path outside their folder are ignored
    stranger.save_settings(adapter=str(alice.root), dataset=str(Path(alice.dataset())))
    assert stranger.dataset() == str(prepared)
    with pytest.raises(UserError, match="outside your data folder"):
        teaching.prepare_labeled(stranger, str(Path(alice.dataset()) / "train.jsonl"))


def test_corrections_of_a_visitor_go_into_their_copy_of_the_default_dataset(app_ws, prepared):
    before = (prepared / "test.jsonl").read_text()
    alice = app_ws.for_visitor(ALICE)
    row = json.loads(before.splitlines()[0])
    labels = {k: row[k] for k in ("has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish")}
    labels["main_dish"] = not labels["main_dish"]
    result = teaching.save_corrections(alice, [{"id": str(row["id"]), "labels": labels}])
    assert result["corrected"] == 1
    assert (prepared / "test.jsonl").read_text() == before
    assert Path(alice.dataset()).is_relative_to(alice.root) and (Path(alice.dataset()) / "corrections.jsonl").is_file()


def test_the_owners_openai_key_serves_the_owner_and_only_towards_the_configured_endpoint(app_ws, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-owner")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://gateway.example/v1")
    owner = app_ws
    assert teaching.teacher_key(owner, "", "") == "sk-owner" and teaching.teacher_key(owner, "", "https://gateway.example/v1/") == "sk-owner"
    assert teaching.teacher_key(owner, "", "http://attacker.example/v1") == "unused"  # not the owner's key
    assert teaching.teacher_key(owner, "", "https://api.openai.com/v1") == ""  # OpenAI, but not the endpoint configured
    alice = app_ws.for_visitor(ALICE)
    assert teaching.teacher_key(alice, "", "") == "" and teaching.teacher_key(alice, "sk-alice", "") == "sk-alice"
    assert teaching.teacher_key(app_ws.for_visitor(STRANGER), "", "http://attacker.example/v1") == "unused"


def test_anonymous_visitors_cannot_label_train_evaluate_push_pull_or_start_jobs(app_ws):
    stranger = app_ws.for_visitor(STRANGER)
    for action in (lambda: teaching.label_rows(stranger, "user/data", "gpt-4", key="sk-typed"), lambda: sharing.push_dataset(stranger, "x/y"),
                   lambda: sharing.push_adapter(stranger, "x/y"), lambda: sharing.load_adapter(stranger, "x/y"),
                   lambda: app_runs.train_on_job(stranger, "Qwen/Qwen2.5-0.5B-Instruct", 8, 16, 0, 1e-4, 1, "t4-small", "x/y"),
                   lambda: app_runs.train_locally(stranger, "", 8, 16, 0, 1e-3, 1), lambda: scoring.evaluate_active(stranger)):
        with pytest.raises(UserError, match="sign in with Hugging Face"):
            action()
    with pytest.raises(UserError, match="only the app's owner builds"):
        app_runs.start_demo_build(stranger)


def test_only_uploads_gradio_received_are_read(app_ws, tmp_path, monkeypatch):
    from gradio.utils import get_upload_folder

    secret = tmp_path / "private.csv"
    secret.write_text("recipe\nsecret soup\n")
    alice = app_ws.for_visitor(ALICE)
    with pytest.raises(UserError, match="not uploaded through the page"):
        alice.take_upload(str(secret))
    with pytest.raises(UserError, match="not uploaded through the page"):
        alice.take_upload(str(Path(get_upload_folder()) / ".." / ".." / secret.relative_to("/")))
    uploaded = Path(get_upload_folder()) / "abc" / "rows.csv"
    uploaded.parent.mkdir(parents=True, exist_ok=True)
    uploaded.write_text("recipe\nsoup\n")
    # on a public app, the upload is the uploader's: the app recorded the address it came from (visitors.UPLOADS)
    alice_here = app_ws.for_visitor(dataclasses.replace(ALICE, address="203.0.113.7"))
    bob_elsewhere = app_ws.for_visitor(Visitor(owner=False, username="bob", token="hf_bob", public=True, address="198.51.100.2"))
    with pytest.raises(UserError, match="not uploaded through the page"):
        alice_here.take_upload(str(uploaded))  # nobody recorded it: not an upload of hers
    UPLOADS.record([str(uploaded)], "203.0.113.7")
    with pytest.raises(UserError, match="not uploaded through the page"):
        bob_elsewhere.take_upload(str(uploaded))  # he learned the path; it is not his upload
    copy = Path(alice_here.take_upload(str(uploaded)))
    assert copy.is_relative_to(alice_here.root) and copy.read_text() == "recipe\nsoup\n"
    assert Path(app_ws.take_upload(str(uploaded))).is_file()  # the owner (off a public app: the local user) is not bound
    for bad in ("/etc/passwd", "../../etc", "user/name@../../..", "a/b/c"):
        with pytest.raises(UserError):
            alice.rows_source(None, bad)
    with pytest.raises(UserError, match="cannot download alice/recipes"):  # a valid id goes to the Hub (unreachable here)
        alice.rows_source(None, "alice/recipes@main")


def test_server_side_limits_match_the_pages(app_ws):
    alice = app_ws.for_visitor(ALICE)
    with pytest.raises(UserError, match=f"from 1 to {LIMITS.sample_max}"):
        teaching.use_sample(alice, LIMITS.sample_max + 1)
    with pytest.raises(UserError, match="epochs must be from"):
        app_runs.train_locally(alice, "", 8, 16, 0.0, 1e-3, LIMITS.epochs_max + 1)
    with pytest.raises(UserError, match="Hub model id"):
        app_runs.train_locally(alice, "/etc", 8, 16, 0.0, 1e-3, 1)
    with pytest.raises(UserError, match=f"from 1 to {LIMITS.label_per_call}"):
        teaching.label_rows(alice, "alice/rows", "gpt-4", key="sk-alice", limit=LIMITS.label_per_call + 1)
    alice.save_settings(labeled_rows=LIMITS.label_per_visitor)
    with pytest.raises(UserError, match="the most one visitor may"):
        teaching.label_rows(alice, "alice/rows", "gpt-4", key="sk-alice", limit=10)


def test_runs_are_followed_and_cancelled_by_their_starter_from_any_tab_and_by_the_owner(app_ws):
    """A run belongs to its starter, not to a page: another tab of the same user finds it, replays what it reported
    and follows it to the end; a stranger neither sees nor cancels it; one run of a kind at a time."""
    runs = app_ws.runs
    alice_tab1, alice_tab2 = ALICE, Visitor(owner=False, username="alice", token="hf_alice", session="other-tab", public=True)
    going = threading.Event()

    def work(run):
        for step in range(1, 4):
            run.report({"step": step, "loss": 1.0 / step})
        going.set()
        run.stop.wait(30)
        return {"steps": 3, "cancelled": run.stop.is_set()}

    run = runs.start(alice_tab1, "train", work)
    assert going.wait(10)
    with pytest.raises(UserError, match="your training run is still going"):
        runs.start(alice_tab2, "train", work)
    assert runs.current(STRANGER, "train") is None and runs.cancel(STRANGER) == 0 and run.running
    reattached = runs.current(alice_tab2, "train")
    assert reattached is run
    first_events, _ = next(reattached.watch())
    assert [e["step"] for e in first_events] == [1, 2, 3]  # the whole curve so far, for a page that just loaded
    assert runs.cancel(alice_tab2) == 1 and run.done.wait(10)
    assert list(run.watch())[-1][0] == first_events and run.result == {"steps": 3, "cancelled": True}
    run2 = runs.start(ALICE, "train", work)
    owner = Visitor(owner=True, username="owner", public=True)
    assert going.wait(10) and runs.cancel(owner) == 0 and runs.cancel(owner, everyone=True) == 1 and run2.done.wait(10)
    job = runs.start(ALICE, "job", work)  # a Job is a run of its own kind: cancelled the same way, from any tab
    assert going.wait(10) and runs.cancel(alice_tab2, kinds=("corpus",)) == 0 and runs.cancel(alice_tab2, kinds=("job",)) == 1
    assert job.done.wait(10) and job.result["cancelled"]
    jobs = app_ws.jobs
    with jobs.slot(ALICE), jobs.slot(alice_tab2):  # the same user in two tabs counts once per Job
        with pytest.raises(UserError, match="training Jobs running, the most at once"):
            with jobs.slot(ALICE):
                pass
        with jobs.slot(owner), jobs.slot(owner), jobs.slot(owner):
            pass  # the owner is not counted
    with jobs.slot(ALICE):
        pass  # freed again
    # anonymous callers are counted by their address, whatever session hash they send
    one, other = (visitor_of(True, session=s, address="203.0.113.7") for s in ("s1", "s2"))
    teacher = app_ws.teacher_calls
    with teacher.slot(one), teacher.slot(other):
        with pytest.raises(UserError, match="teacher calls running"):
            with teacher.slot(visitor_of(True, session="s3", address="203.0.113.7")):
                pass


def test_settings_writes_are_atomic_under_concurrent_visitors(app_ws):
    def write(n):
        for i in range(40):
            app_ws.save_settings(**{f"k{n}": i})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    settings = json.loads(app_ws.settings_path.read_text())
    assert all(settings[f"k{n}"] == 39 for n in range(6))
    assert not list(app_ws.root.glob(".settings-*"))


def test_anonymous_folders_are_swept_after_their_ttl(app_ws):
    stranger = app_ws.for_visitor(STRANGER)
    teaching.use_sample(stranger, 5)
    old = time.time() - 2 * 24 * 3600
    os.utime(stranger.root, (old, old))
    alice = app_ws.for_visitor(ALICE)
    alice.save_settings(seen=True)
    assert app_ws.sweep_sessions(ttl=24 * 3600, force=True) == [stranger.root.name]
    assert not stranger.root.exists() and alice.root.exists()


ZEROGPU_CHECK = r"""
import json, sys, types
calls = []
spaces = types.ModuleType("spaces")
def GPU(duration=60):
    def wrap(fn):
        def on_gpu(*a, **k):
            calls.append((fn.__name__, duration))
            return fn(*a, **k)
        return on_gpu
    return wrap
spaces.GPU = GPU
sys.modules["spaces"] = spaces
from pipeline import runs as app_runs
from pipeline import scoring, trying
from pipeline.workspace import Workspace
ws = Workspace(sys.argv[1])
ws.save_settings(adapter=sys.argv[2], dataset=sys.argv[3])
trying.classify_one(ws, "Toast\n\nIngredients:\n- bread\n\nDirections:\n- Toast it.")
scoring.evaluate_active(ws)
scoring.measure_rate(ws, 8)
app_runs.train_locally(ws, sys.argv[4], 4, 8, 0.0, 1e-3, 0.2)
print(json.dumps(calls))
"""


def test_on_zerogpu_the_tabs_gpu_work_runs_under_spaces_gpu(tmp_path, adapter, prepared, tiny_base):
    """With the `spaces` package present (a ZeroGPU Space), Try it, Evaluate, Costs' measure and Train
    each go through a function wrapped by spaces.GPU, with a duration within ZeroGPU's limits."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", ZEROGPU_CHECK, str(tmp_path / "home"), adapter, str(prepared), tiny_base],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    calls = json.loads(done.stdout.strip().splitlines()[-1])
    assert [name for name, _ in calls] == ["classify_texts", "evaluate_student", "measure_student", "train_adapter"]
    assert all(0 < duration <= 120 for _, duration in calls)


def test_a_visitors_teacher_is_on_the_public_internet_and_blank_means_openai(app_ws, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://10.0.0.5:8000/v1")  # the owner's own teacher, on a private network
    monkeypatch.delenv("UNDERSTUDY_PRIVATE_TEACHERS", raising=False)
    alice = app_ws.for_visitor(ALICE)
    for url in ("http://127.0.0.1:7860/v1", "http://localhost:8000/v1", "http://169.254.169.254/latest", "http://10.1.2.3/v1", "http://[::1]:80/v1",
                "http://100.64.0.1/v1", "http://[fec0::1]/v1", "http://[2002:7f00::1]/v1", "http://[64:ff9b::7f00:1]/v1",
                "http://[::ffff:127.0.0.1]/v1", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/v1"):
        with pytest.raises(UserError, match="public address"):
            teaching.teacher_url(alice, url)
    assert teaching.teacher_url(alice, "") == "https://api.openai.com/v1"  # never the owner's endpoint
    assert teaching.teacher_url(app_ws, "") == "http://10.0.0.5:8000/v1" and teaching.teacher_url(app_ws, "http://127.0.0.1:9/v1")  # the owner may
    monkeypatch.setenv("UNDERSTUDY_PRIVATE_TEACHERS", "1")  # a self-hosted app whose visitors use a teacher on its network
    assert teaching.teacher_url(alice, "http://127.0.0.1:7860/v1") == "http://127.0.0.1:7860/v1"


def test_lora_settings_are_bounded_like_the_page(app_ws):
    alice = app_ws.for_visitor(ALICE)
    for args, words in (((20000, 8, 0.0, 1e-3, 1), "LoRA r must be from 1 to 64"), ((8, 0, 0.0, 1e-3, 1), "alpha must be from 1"),
                        ((8, 16, 5.0, 1e-3, 1), "dropout must be from 0"), ((8, 16, 0.0, 3.0, 1), "learning rate must be from"),
                        ((-1, 16, 0.0, 1e-3, 1), "LoRA r must be from")):
        with pytest.raises(UserError, match=words):
            app_runs.train_locally(alice, "", *args)


def test_a_visitors_adapter_may_not_sit_on_a_folder_of_the_server(app_ws, adapter, tiny_base, tmp_path, monkeypatch):
    """Named in a visitor's adapter or typed as their base model, a folder of the server is never loaded: an absolute
    path is refused, and an id that happens to name a folder under the working directory is fetched from the Hub (here:
    unreachable), never read from disk."""
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copytree(tiny_base, tmp_path / "data" / "base")  # a real model, at a path shaped like a Hub id
    alice = app_ws.for_visitor(ALICE)
    mine = alice.root / "hub-adapters" / "evil"
    shutil.copytree(adapter, mine)
    config = json.loads((mine / "adapter_config.json").read_text())
    for base, words in (("/srv/owner/private-model", "not a Hub model id"), (str(tmp_path), "not a Hub model id"),
                        ("data/base", "cannot download data/base")):
        config["base_model_name_or_path"] = base
        (mine / "adapter_config.json").write_text(json.dumps(config))
        alice.save_settings(adapter=str(mine))
        with pytest.raises(UserError, match=words):
            alice.student()
    alice.save_settings(dataset=str(app_ws.dataset()))
    with pytest.raises(UserError, match="cannot download data/base"):
        app_runs.train_locally(alice, "data/base", 8, 16, 0.0, 1e-3, 1)


def test_a_visitor_keeps_their_newest_runs_only(app_ws):
    alice = app_ws.for_visitor(ALICE)
    made = []
    for i in range(5):
        made.append(alice.new_run_dir("eval"))
        os.utime(made[-1], (1000 + i, 1000 + i))  # their order, whatever the clock's resolution
    assert sorted(p.name for p in (alice.root / "eval").iterdir()) == sorted(p.name for p in made[-LIMITS.runs_kept:])
    alice.save_settings(report=str(made[2] / "report.json"))  # what the settings still name is kept
    newest = alice.new_run_dir("eval")
    left = {p.name for p in (alice.root / "eval").iterdir()}
    assert LIMITS.runs_kept == 3 and left == {made[2].name, made[3].name, made[4].name, newest.name}


def test_without_a_token_the_app_and_the_cli_share_one_local_hub(app_ws, prepared, tmp_path, monkeypatch):
    """No HF_TOKEN and no HF_HUB_DIR: the app pushes to the CLI's local Hub folder (data/hub), says so on the page,
    and the CLI classifies with the adapter the app pushed, by its id; a missing repository is asked for in the
    page's words."""
    from conftest import cli

    monkeypatch.delenv("HF_HUB_DIR", raising=False)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # no token saved by `hf auth login` either
    monkeypatch.chdir(tmp_path)
    assert "local Hub folder data/hub, the same one the CLI reads" in sharing.hub_where(app_ws)
    pushed = sharing.push_dataset(app_ws, "me/recipes")
    assert pushed["where"] == "local" and pushed["url"] == "data/hub/datasets/me/recipes"
    assert (tmp_path / "data" / "hub" / "datasets" / "me" / "recipes" / "refs" / "main").is_file()
    assert sharing.push_adapter(app_ws, "me/student")["url"] == "data/hub/models/me/student"
    text = json.loads((prepared / "test.jsonl").read_text().splitlines()[0])["recipe"]
    result = cli("classify", "--adapter", "me/student", "--text", text, cwd=tmp_path, env={"HF_HOME": str(tmp_path / "hf-home")})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"][0]["labels"] == trying.classify_one(app_ws, text)["labels"]
    assert "me/student: from the local Hub folder data/hub" in result.stderr
    for push, box in ((sharing.push_dataset, "Dataset repository"), (sharing.push_adapter, "Adapter repository"),
                      (sharing.load_adapter, "Load an adapter by Hub id")):
        with pytest.raises(UserError) as e:
            push(app_ws, "  ")
        assert str(e.value) == f"no repository given: type a repository (user/name) in '{box}'" and "--" not in str(e.value)


def test_a_pushed_adapter_names_no_server_folder(app_ws, adapter, tmp_path, monkeypatch):
    """An adapter whose base is a local folder does not leave the machine without its base (one line naming the
    folder by its name only); the shipped student leaves naming its base "understudy-tiny-base", which finds the
    shipped base again once pulled, and nothing pushed names a server folder."""
    from pipeline.models import SHIPPED_BASE, TINY_BASE_NAME, resolve_base, shareable_base_name

    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HUB_DIR", str(tmp_path / "hub"))
    base = json.loads((Path(adapter) / "adapter_config.json").read_text())["base_model_name_or_path"]
    assert Path(base).is_absolute()
    alice = app_ws.for_visitor(ALICE)
    with pytest.raises(UserError) as refused:
        sharing.push_adapter(alice, "alice/student")
    assert f"is a local folder ({Path(base).name})" in str(refused.value) and str(tmp_path) not in str(refused.value)
    assert not (tmp_path / "hub").exists()
    picking.use_shipped(alice, "tiny")
    sharing.push_adapter(alice, "alice/student")
    pushed = [p for p in (tmp_path / "hub").rglob("*") if p.is_file() and p.suffix in (".json", ".md", ".jsonl")]
    assert any(p.name == "adapter_config.json" for p in pushed)
    for path in pushed:
        text = path.read_text(errors="replace")
        assert base not in text and str(app_ws.root) not in text and str(tmp_path) not in text and str(ROOT) not in text, path
    config = json.loads(next(p for p in pushed if p.name == "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == TINY_BASE_NAME
    assert shareable_base_name(str(SHIPPED_BASE)) == TINY_BASE_NAME
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": TINY_BASE_NAME}))
    assert resolve_base(tmp_path / "copy", "") == str(SHIPPED_BASE)  # a copy far from ../base finds the shipped base


def test_a_job_without_a_repository_is_asked_for_in_the_pages_words(app_ws):
    with pytest.raises(UserError, match=r"type a repository \(user/name\) in 'Push the adapter to'"):
        app_runs.train_on_job(app_ws, "Qwen/Qwen2.5-0.5B-Instruct", 8, 16, 0, 1e-4, 1, "t4-small", "")


def test_the_labeled_rows_preview_shows_id_text_and_labels(app_ws):
    assert teaching.labeled_preview(app_ws) == []
    teaching.use_sample(app_ws, 60)
    rows = teaching.labeled_preview(app_ws)
    task = app_ws.task()
    assert len(rows) == 50 and list(rows[0]) == teaching.preview_headers(app_ws) == ["id", task.input, *task.field_names]
    assert all(len(r[task.input]) <= 70 and isinstance(r[task.field_names[0]], bool) for r in rows)


def test_evaluation_leaves_out_what_the_student_trained_on(app_ws):
    """The Evaluate tab's report knows the active adapter: evaluate checks its training rows."""
    report = scoring.evaluate_active(app_ws)
    assert report["trained_on"] and report["trained_on"] in app_ws.adapter()
    assert isinstance(report["warnings"], list)


# ---------------------------------------------------------------------------------------------------
# The Evaluate tab's trust features: the cascade's target, where a recipe would go, the calibration
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def calibrated_student(tmp_path_factory) -> str:
    """A copy of the shipped demo student, with the calibration it ships (a student good enough for the
    calibration to certify targets)."""
    import shutil

    from pipeline.cards import CALIBRATION_FILE
    from pipeline.models import SHIPPED_DIR

    folder = tmp_path_factory.mktemp("calibrated")
    shutil.copytree(SHIPPED_DIR, folder / "student")
    adapter = folder / "student" / "adapter"
    assert (adapter / CALIBRATION_FILE).is_file(), "the shipped demo student ships its calibration"
    return str(adapter)


def test_a_picked_target_takes_the_calibrations_threshold_and_routes_each_recipe_by_it(tmp_path, calibrated_student, prepared):
    from pipeline import calibration, evaluate, views
    from pipeline.costs import dollars, share_text

    ws = Workspace(tmp_path / "home")
    ws.save_settings(adapter=calibrated_student, dataset=str(prepared))
    cascade = scoring.evaluate_active(ws)["cascade"]
    rows = calibration.find(calibrated_student, ws.task()).score_rows()
    picks = [scoring.pick_target(ws, f"{t:g}") for t in evaluate.TARGETS]
    for pick in picks:  # certified: the threshold the calibration rows give, the share they predict, that share's dollars
        choice = calibration.choose_threshold(rows, pick["target"], 0.05)
        assert pick["certified"] and pick["threshold"] == choice.threshold and pick["teacher_share"] == round(choice.teacher_share, 4)
        assert pick["corpus_dollars"] == pytest.approx(cascade["student_corpus_dollars"] + pick["teacher_share"] * cascade["teacher_corpus_dollars"], abs=0.01)
    pick = next(p for p in picks if 0 < p["teacher_share"] < 1)
    line = views.target_line(pick)
    assert f"target {pick['target']:g}: {share_text(pick['teacher_share'])} of recipes go to GPT-4, {dollars(pick['corpus_dollars'])}" in line
    assert "certified by the calibration" in line and f"{len(rows):,} calibration rows" in line

    # Side by side's line: on the rows the evaluation measured, the recipes it sends are the share the report found there
    seen = set(scoring.last_report(ws)[0]["seen_in_training_ids"])
    routes = [scoring.route(ws, trying.classify_one(ws, r["recipe"]), f"{pick['target']:g}") for r in trying.test_rows(ws) if str(r["id"]) not in seen]
    here = next(c for c in cascade["certified"] if c["target"] == pick["target"])["teacher_share"]
    assert {r["to_teacher"] for r in routes} == {True, False}
    assert sum(r["to_teacher"] for r in routes) / len(routes) == pytest.approx(here)
    sent = next(r for r in routes if r["to_teacher"])
    assert (f"this recipe would go to GPT-4 at target {pick['target']:g} (least confident field: {sent['field']} "
            in views.route_line(sent)) and " &lt; " in views.route_line(sent)
    assert "the student would answer this one" in views.route_line(next(r for r in routes if not r["to_teacher"]))

    assert scoring.pick_target(ws, "none") is None and scoring.route(ws, sent, "") is None
    for bad in ("0.5", "most", {"hf_user:0": "student"}):
        with pytest.raises(UserError, match="target agreement must be one of"):
            scoring.pick_target(ws, bad)


def test_without_a_calibration_the_pick_is_measured_and_the_tab_says_how_to_calibrate(tmp_path, adapter, prepared):
    import shutil

    from pipeline import calibrate, sample, views

    ws = Workspace(tmp_path / "home")
    mine = tmp_path / "adapter"
    shutil.copytree(adapter, mine)
    ws.save_settings(adapter=str(mine), dataset=str(prepared))
    cascade = scoring.evaluate_active(ws)["cascade"]
    assert "stored labels (generator) stand in for GPT-4" in views.cascade_note(cascade)
    measured = cascade["targets"][0]
    pick = scoring.pick_target(ws, f"{measured['target']:g}")
    assert not pick["certified"] and (pick["threshold"], pick["teacher_share"]) == (measured["threshold"], measured["teacher_share"])
    assert "measured on the test split, not certified" in views.target_line(pick)
    view = scoring.calibration_view(ws)
    assert view["calibration"] is None
    assert f"not calibrated: <code>python -m pipeline calibrate --adapter {mine} --input audit.jsonl</code>" in views.calibration(view)

    # calibrated in place, the active student's confidences are calibrated at once, and the tab shows the fit
    recipe = trying.test_rows(ws)[0]["recipe"]
    raw = trying.classify_one(ws, recipe)
    audit = sample.run(sample.SampleConfig(out=str(tmp_path / "audit"), n=120, seed=7))
    calibrate.run(calibrate.CalibrateConfig(adapter=str(mine), input=audit["labeled"], out=str(tmp_path / "calibration")))
    now = trying.classify_one(ws, recipe)
    assert now["raw_confidence"] == raw["confidence"] and now["confidence"] != raw["confidence"]
    saved = json.loads((mine / "calibration.json").read_text())
    shown = scoring.calibration_view(ws)["calibration"]
    assert [(f["field"], f["ece_before"], f["ece_after"]) for f in shown["fields"]] == [
        (n, saved["metrics"][n]["before"]["ece"], saved["metrics"][n]["after"]["ece"]) for n in saved["fields"]]
    html = views.calibration(scoring.calibration_view(ws))
    assert f"Calibrated on {len(saved['rows'])} rows labeled by generator" in html
    pooled = {s: sum(p["rows"] for p in shown["reliability"] if p["series"] == s) for s in {p["series"] for p in shown["reliability"]}}
    answered = sum(b["rows"] for per_field in saved["bins"].values() for b in per_field["after"])
    assert pooled == {"the model's own confidence": answered, "calibrated": answered, "perfectly calibrated": 0}


def test_a_lone_surrogate_is_one_line_in_classify_and_side_by_side(app_ws):
    stranger = app_ws.for_visitor(STRANGER)
    text = "Soup\ud800\n\nIngredients:\n- 1 cup water\n\nDirections:\n- Boil the water."
    with pytest.raises(UserError, match=r"not valid Unicode text: surrogates not allowed at character 4.*remove that character"):
        trying.classify_one(stranger, text)
    with pytest.raises(UserError, match=r"not valid Unicode text"):
        teaching.side_by_side(stranger, text)


def test_a_slow_student_load_stalls_no_other_student():
    """One loader per key, outside the cache's lock: while one student loads (here: until told to finish), another
    key's student comes at once, a second caller of the slow key waits for that one load, and a failed load
    reaches its own callers only and is tried again next time."""
    from pipeline.students import StudentCache

    cache, release, loads = StudentCache(), threading.Event(), []

    def slow():
        loads.append("slow")
        release.wait(30)
        return "slow student"

    got = {}
    first = threading.Thread(target=lambda: got.update(a=cache.get("slow", slow)))
    second = threading.Thread(target=lambda: got.update(b=cache.get("slow", slow)))
    first.start()
    while not loads:
        time.sleep(0.01)
    second.start()
    fast = threading.Thread(target=lambda: got.update(fast=cache.get("default", lambda: "default student")))
    fast.start()
    fast.join(10)
    assert got == {"fast": "default student"} and not fast.is_alive()  # the slow load is still running
    release.set()
    first.join(10)
    second.join(10)
    assert got["a"] == got["b"] == "slow student" and loads == ["slow"]

    def broken():
        raise UserError("base model 'x/y' is not reachable")

    with pytest.raises(UserError, match="not reachable"):
        cache.get("broken", broken)
    assert cache.get("broken", lambda: "fixed") == "fixed"

    # a load that never ends: the next caller of that student gets one line after its wait, the others are served
    stuck, patient = threading.Event(), StudentCache(wait_seconds=0.2)
    loader = threading.Thread(target=lambda: patient.get("huge", lambda: stuck.wait(30) and "huge"), daemon=True)
    loader.start()
    while "huge" not in patient.loading:
        time.sleep(0.01)
    with pytest.raises(UserError, match="still loading after 0.2 s"):
        patient.get("huge", lambda: "never called")
    assert patient.get("default", lambda: "default student") == "default student"
    stuck.set()
    loader.join(10)


def test_the_queue_admits_each_visitor_up_to_their_own_cap_and_anonymous_ones_to_short_work_only():
    from pipeline.visitors import QueueGuard

    guard = QueueGuard()
    here = dict(owner=False, public=True, address="203.0.113.7")
    anon = [Visitor(session=f"s{i}", **here) for i in range(LIMITS.queued_per_address + 1)]
    bob = Visitor(username="bob", token="t", **here)  # signed in, behind the same address
    owner = Visitor(owner=True, username="owner", token="t", public=True, address="203.0.113.7")
    for group in ("train", "evaluate", "label", "hub", "jobs"):
        assert "sign in with Hugging Face" in guard.refusal(anon[0], group, [])
        assert guard.refusal(bob, group, []) is None
    # one page: up to its own cap
    one_page = [anon[0]] * LIMITS.queued_per_session
    assert guard.refusal(anon[0], "12", one_page[:-1]) is None
    assert "this page has" in guard.refusal(anon[0], "12", one_page)
    # many pages from one address: up to the address's cap, then none of them; another address is untouched
    many = [anon[i % len(anon)] for i in range(LIMITS.queued_per_address)]
    assert "from your address" in guard.refusal(anon[-1], "12", many)
    assert guard.refusal(Visitor(session="x", owner=False, public=True, address="198.51.100.2"), "12", many) is None
    # a signed-in visitor counts as themself, not as their address; the owner is never capped
    assert guard.refusal(bob, "12", many) is None
    assert "you have" in guard.refusal(bob, "12", [bob] * LIMITS.queued_per_user)
    assert guard.refusal(owner, "train", [owner] * 1000) is None


def test_a_visitors_training_stops_at_the_time_limit_and_keeps_what_it_learned(app_ws, monkeypatch):
    import dataclasses

    monkeypatch.setattr(app_runs, "LIMITS", dataclasses.replace(LIMITS, train_minutes=0.05))  # 3 s
    alice = app_ws.for_visitor(ALICE)
    result = app_runs.train_locally(alice, "", 8, 16, 0, 1e-3, 10)
    assert result["time_capped"] == "stopped at the 0.05-minute limit for visitors" and result["cancelled"]
    assert 0 < result["steps"] < -(-result["train_examples"] // 16) * 10  # the whole run: 10 epochs of batches of 16
    assert "marked cancelled" in result["activation"] and registry.find(picking.student_list(alice), result["adapter"]).state == "cancelled"


def test_a_visitors_label_press_sends_at_most_their_live_teacher_calls(app_ws, monkeypatch):
    """The limit counts requests in flight, not presses: a visitor's labeling sends LIMITS.teacher_calls_per_visitor
    requests at a time, without retrying, and holds them all, so a side-by-side call meanwhile is refused."""
    import asyncio

    import uvicorn
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    from tests.conftest import run_in_thread

    seen = {"now": 0, "most": 0, "requests": 0}
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def slow():
        seen["now"] += 1
        seen["requests"] += 1
        seen["most"] = max(seen["most"], seen["now"])
        await asyncio.sleep(0.3)
        seen["now"] -= 1
        return JSONResponse({"error": {"message": "Rate limit reached", "type": "rate_limit", "param": None, "code": None}},
                            status_code=429)

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    _, port = run_in_thread(server)
    monkeypatch.setenv("UNDERSTUDY_PRIVATE_TEACHERS", "1")
    try:
        alice = app_ws.for_visitor(ALICE)
        rows = alice.root / "rows.jsonl"
        rows.parent.mkdir(parents=True, exist_ok=True)
        rows.write_text("".join(json.dumps({"recipe": f"Soup number {i}\n\nIngredients:\n- water\n\nDirections:\n- Boil."}) + "\n"
                                for i in range(12)))
        refused = {}

        def side_by_side_meanwhile():
            while seen["requests"] == 0:
                time.sleep(0.01)
            answer = teaching.side_by_side(alice, "Soup\n\nIngredients:\n- water\n\nDirections:\n- Boil it.", "sk-alice", "gpt-4",
                                        f"http://127.0.0.1:{port}/v1")
            refused["line"] = answer["teacher"].get("error", "")  # the student's half stays; the teacher's says why

        other = threading.Thread(target=side_by_side_meanwhile)
        other.start()
        summary = teaching.label_rows(alice, str(rows), "gpt-4", f"http://127.0.0.1:{port}/v1", "sk-alice")
        other.join(30)
    finally:
        server.should_exit = True
    assert summary["failed"] == 12 and seen["requests"] == 12  # every 429 once: no retry
    assert seen["most"] == LIMITS.teacher_calls_per_visitor
    assert "teacher calls running" in refused["line"]


def test_anonymous_folders_are_capped_in_number_and_bytes_and_old_uploads_go(app_ws, monkeypatch):
    import dataclasses

    from gradio.utils import get_upload_folder

    import pipeline.workspace as workspace_module

    monkeypatch.setattr(workspace_module, "LIMITS", dataclasses.replace(LIMITS, anonymous_sessions=3, anonymous_bytes=10_000))
    now = time.time()
    pages = [app_ws.for_visitor(Visitor(owner=False, session=f"page{i}", public=True)) for i in range(5)]
    for i, page in enumerate(pages):
        page.save_settings(seen=i)
        os.utime(page.root, (now - 600 + i, now - 600 + i))  # page0 least recently used ... page4 most
    assert app_ws.sweep_sessions(force=True) == [pages[0].root.name, pages[1].root.name]  # over the count: the oldest two
    assert [p.root.exists() for p in pages] == [False, False, True, True, True]
    (pages[3].root / "big.bin").write_bytes(b"x" * 20_000)  # over the bytes: the oldest go until under, never the caller's
    os.utime(pages[3].root, (now - 597, now - 597))
    assert app_ws.sweep_sessions(force=True, keep=pages[2].root) == [pages[3].root.name]
    old_upload = Path(get_upload_folder()) / "old-upload-test"
    old_upload.mkdir(parents=True, exist_ok=True)
    (old_upload / "rows.csv").write_text("recipe\nsoup\n")
    os.utime(old_upload, (now - 7 * 3600, now - 7 * 3600))
    fresh = Path(get_upload_folder()) / "fresh-upload-test"
    fresh.mkdir(parents=True, exist_ok=True)
    app_ws.sweep_sessions(force=True)
    assert not old_upload.exists() and fresh.exists()


def test_students_are_kept_listed_switched_and_deleted_and_a_run_is_made_active_only_when_it_is_better(app_ws):
    """No training run replaces the active student by itself: a cancelled one is kept and marked, a finished one
    becomes active only when it beats the active one on the same test rows (one line with both figures); any
    student is a pick away, the shipped ones cannot be deleted, and another visitor sees none of them."""
    alice, bob = app_ws.for_visitor(ALICE), app_ws.for_visitor(Visitor(owner=False, username="bob", token="hf_bob", public=True))
    names = [e.name for e in picking.student_list(alice)]
    assert names[:1] == ["the app's student"] and {"tiny", "smollm2-135m"} <= set(names)  # the owner's default, then the shipped
    default = alice.adapter()

    stop = threading.Event()
    stop.set()  # cancelled before its first step ends
    cancelled = app_runs.train_locally(alice, "", 8, 16, 0, 5e-3, 1, stop=stop)
    assert cancelled["cancelled"] and "marked cancelled; not made the active student" in cancelled["activation"]
    assert alice.adapter() == default
    entry = registry.find(picking.student_list(alice), cancelled["adapter"])
    assert entry.state == "cancelled" and entry.kind == "trained" and entry.deletable

    picking.use_student(alice, cancelled["adapter"])  # chosen on purpose: the untrained run, now the one to beat
    assert alice.adapter() == str(alice.root / cancelled["adapter"])
    better = app_runs.train_locally(alice, "", 16, 32, 0, 5e-3, 2)
    line = better["activation"]
    assert line.startswith(f"kept as {better['adapter']}, and now the active student: ") and "on the same 40 test rows" in line
    ours, theirs = (float(x) for x in re.findall(r"(\d\.\d{3}) against (\d\.\d{3})", line)[0])
    assert ours > theirs and alice.adapter() == str(alice.root / better["adapter"])

    worse = app_runs.train_locally(alice, "", 8, 16, 0, 5e-3, 0.1)  # one step: no match for the run before it
    assert "the active student stays (" in worse["activation"] and alice.adapter() == str(alice.root / better["adapter"])
    listed = {e.name: e for e in picking.student_list(alice)}
    assert listed[better["adapter"]].active and listed[worse["adapter"]].state == "finished"
    assert listed[worse["adapter"]].steps == 1 and listed["tiny"].base == "understudy-tiny-base"

    picking.use_student(alice, "tiny")
    assert alice.adapter() == str(SHIPPED_ADAPTER) and alice.student().classify(["Toast\n\nIngredients:\n- bread\n\nDirections:\n- Toast."])
    with pytest.raises(UserError, match="tiny is a shipped student: it cannot be deleted"):
        picking.delete_student(alice, "tiny")
    picking.use_student(alice, better["adapter"])
    assert picking.delete_student(alice, better["adapter"]) == better["adapter"]
    assert alice.adapter() == default and better["adapter"] not in [e.name for e in picking.student_list(alice)]
    assert not any(e.kind == "trained" for e in picking.student_list(bob))
    with pytest.raises(UserError, match="no student 'adapters/x'; the students are: "):
        picking.use_student(bob, "adapters/x")


def test_evaluate_shows_only_a_report_made_for_the_active_student(app_ws):
    """Switching students switches the report: the shipped student's own, none yet for a new run, and a run's own
    evaluation again when it is picked back; the table names its student and its rows."""
    from pipeline.views import agreement_table

    picking.use_student(app_ws, "tiny")
    shipped, where = scoring.last_report(app_ws)
    assert where.resolve() == SHIPPED_ADAPTER.parent.resolve()  # the report shipped beside it
    run = app_runs.train_locally(app_ws, "", 8, 16, 0, 5e-3, 0.1)["adapter"]
    picking.use_student(app_ws, run)
    assert scoring.last_report(app_ws) is None  # not the shipped student's figures under the new run's name
    made = scoring.evaluate_active(app_ws)
    report, _ = scoring.last_report(app_ws)
    assert report["mean_agreement"] == made["mean_agreement"] and registry.find(picking.student_list(app_ws), run).evaluation.startswith(
        f"{made['mean_agreement']:.3f} on ")
    assert f"student {run} · 40 rows of prepared/test.jsonl" in agreement_table(report, app_ws.student_name())
    picking.use_student(app_ws, "tiny")
    assert scoring.last_report(app_ws)[0]["mean_agreement"] == shipped["mean_agreement"]
    picking.use_student(app_ws, run)
    assert scoring.last_report(app_ws)[0]["mean_agreement"] == made["mean_agreement"]


def test_every_column_of_the_side_by_side_and_confusion_tables_has_a_header(app_ws):
    import re as re_module

    from pipeline.views import confusion, side_by_side

    result = teaching.side_by_side(app_ws, "Toast\n\nIngredients:\n- 2 slices bread\n\nDirections:\n- Toast the bread.")
    html = side_by_side(result, app_ws.task().field_names)
    report = {"models": {"student": {"confusion": {"main_dish": {"true": {"true": 3, "false": 1}, "false": {"true": 0, "false": 6}}}}}}
    for table in (html, confusion(report)):
        headers = re_module.findall(r"<th[^>]*>(.*?)</th>", table)
        assert headers and all(h.strip() for h in headers), headers


def test_a_corpus_from_the_page_is_classified_cancelled_resumed_and_downloaded(app_ws, prepared, tmp_path, monkeypatch):
    """An uploaded file goes through the batch stage in the background with progress; Cancel keeps the finished parts,
    Resume finishes the rest (each row once), and the predictions download as CSV, JSONL and parquet, one row per
    input row with a column per field."""
    import pandas as pd
    from gradio.utils import get_upload_folder

    from pipeline.runs import CORPUS_CHUNK

    rows = [json.loads(line) for line in (prepared / "train.jsonl").read_text().splitlines()][:150]
    rows = [{"id": f"c{i}", "recipe": r["recipe"]} for i, r in enumerate(rows * 3)]  # 450 rows: 3 parts of 200
    upload = Path(get_upload_folder()) / "corpus-test" / "corpus.jsonl"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("".join(json.dumps(r) + "\n" for r in rows))

    def stop_after_first_part(run):
        while run.running and run.progress[0] < CORPUS_CHUNK:
            time.sleep(0.01)
        app_ws.runs.cancel(app_ws.visitor, kinds=("corpus",))

    run = app_runs.start_corpus(app_ws, str(upload), "")
    stop_after_first_part(run)
    assert run.done.wait(120) and run.error is None, run.error
    assert run.result["cancelled"] and run.result["rows"] % CORPUS_CHUNK == 0 and CORPUS_CHUNK <= run.result["rows"] < len(rows)
    run = app_runs.start_corpus(app_ws, None, None, resume=True)
    assert run.done.wait(120) and run.error is None, run.error
    assert run.result["complete"] and run.result["rows"] == len(rows) and run.result["resumed_after_rows"] > 0
    task_fields = app_ws.task().field_names
    for fmt in ("csv", "jsonl", "parquet"):
        path = Path(app_runs.corpus_download(app_ws, fmt))
        assert path.suffix == f".{fmt}" and path.resolve().is_relative_to(Path(get_upload_folder()).resolve())
        table = pd.read_csv(path) if fmt == "csv" else pd.read_json(path, lines=True) if fmt == "jsonl" else pd.read_parquet(path)
        assert sorted(table["id"]) == sorted(r["id"] for r in rows)  # every row once
        assert set(task_fields) <= set(table.columns) and all(f"{f}_confidence" in table.columns for f in task_fields)
    one = rows[5]["recipe"]
    expected = trying.classify_one(app_ws, one)["labels"]
    got = pd.read_parquet(app_runs.corpus_download(app_ws, "parquet")).set_index("id").loc["c5"]
    assert {f: bool(got[f]) for f in task_fields} == expected  # the batch stage's labels are the student's
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(UserError, match="the cascade asks the teacher: type your OpenAI API key"):
        app_runs.start_corpus(app_ws, str(upload), "", target="0.95")
    with pytest.raises(UserError, match="the cascade needs the student's calibration"):  # before any row is classified
        app_runs.start_corpus(app_ws, str(upload), "", target="0.95", key="sk-test")
    assert app_runs.current(app_ws, "corpus") is run  # neither started a run


def test_a_visitors_corpus_is_bounded_and_their_own(app_ws, tmp_path, monkeypatch):
    from gradio.utils import get_upload_folder

    alice = app_ws.for_visitor(dataclasses.replace(ALICE, address="203.0.113.9"))
    upload = Path(get_upload_folder()) / "corpus-big" / "big.jsonl"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("".join(json.dumps({"recipe": f"Toast {i}\n\nBread, butter. Toast 2 minutes."}) + "\n" for i in range(LIMITS.corpus_rows + 1)))
    UPLOADS.record([str(upload)], "203.0.113.9")
    with pytest.raises(UserError, match=f"over the {LIMITS.corpus_rows:,} one visitor may classify at once"):
        app_runs.start_corpus(alice, str(upload), "")
    with pytest.raises(UserError, match="sign in"):
        app_runs.start_corpus(app_ws.for_visitor(STRANGER), str(upload), "")
    with pytest.raises(UserError, match="no corpus classified here yet"):
        app_runs.corpus_download(alice, "csv")  # the owner's corpus is not hers


def test_a_student_whose_chat_template_never_ends_is_refused_in_one_line_and_stalls_no_one(app_ws, adapter, tmp_path):
    """An adapter shipping a chat template with nested loops (rendered whenever a student loads) is refused with one
    line naming no server folder, and the app's own student keeps answering."""
    import shutil

    from pipeline.student import LocalStudent

    evil = tmp_path / "evil-adapter"
    shutil.copytree(adapter, evil)
    (evil / "chat_template.jinja").write_text("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}")
    with pytest.raises(UserError) as refused:
        LocalStudent(str(evil))
    assert "does more than 20,000 steps of work" in str(refused.value) and str(tmp_path) not in str(refused.value)
    app_ws.save_settings(adapter=str(evil))
    with pytest.raises(UserError, match="does more than 20,000 steps"):
        trying.classify_one(app_ws, "Toast\n\nIngredients:\n- bread\n\nToast it.")
    app_ws.save_settings(adapter=adapter)
    assert trying.classify_one(app_ws, "Toast\n\nIngredients:\n- bread\n\nToast it.")["labels"]


def test_a_hub_id_typed_by_a_visitor_never_reads_a_server_folder_of_that_name(app_ws, prepared, tmp_path, monkeypatch):
    """`data/app` exists under the app's working directory; typed as a Hub dataset id it is fetched from the Hub (here:
    not found), never read from disk, and the error is the same as for an id that names no folder."""
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copytree(prepared, tmp_path / "data" / "app")  # a folder named like an id, holding a real dataset
    alice = app_ws.for_visitor(ALICE)
    errors = {}
    for hub_id in ("data/app", "nosuch/thing"):
        with pytest.raises(UserError) as e:
            alice.rows_source(None, hub_id)
        errors[hub_id] = str(e.value).replace(hub_id, "ID")
        with pytest.raises(UserError) as e:
            app_runs.start_corpus(alice, None, hub_id)
        assert str(e.value).replace(hub_id, "ID") == errors[hub_id]
    assert errors["data/app"] == errors["nosuch/thing"] and str(tmp_path) not in errors["data/app"]
    assert "try again in a minute" in errors["data/app"] and "--hub-dir" not in errors["data/app"]  # no CLI advice for a visitor
