"""train --on hf-jobs: the request the Jobs API receives (image, flavor, command, secrets, the code volume),
checked on a server speaking the Hub's protocol; bad settings are one line."""

from __future__ import annotations

import json

import pytest

from pipeline import hub, jobs
from pipeline import runs as app_runs
from pipeline.errors import UserError
from pipeline.train import TrainConfig
from tests.conftest import cli
from tests.test_hub import VISITOR, WRITE, fake_hub  # noqa: F401  (fixture)

BASE = "Qwen/Qwen2.5-0.5B-Instruct"


def job_config(prepared, **kw) -> TrainConfig:
    values = dict(dataset=str(prepared / "dataset"), base_model=BASE, on="hf-jobs", flavor="a10g-small",
                  push_to="alice/recipes-lora", max_steps=50, lora_r=16)
    values.update(kw)
    return TrainConfig(**values)


def test_the_job_request_carries_the_command_flavor_secret_and_image(fake_hub, prepared):  # noqa: F811
    printed = []
    result = jobs.submit(job_config(prepared), printer=printed.append)
    assert result["stage"] == "COMPLETED" and result["dataset"] == "alice/recipes-lora-data"
    assert printed[0].startswith("pushing the dataset") and printed[1].startswith(f"job {result['job_id']} started on a10g-small")
    assert "training: 100%" in printed and printed[-1].startswith(f"job {result['job_id']} completed")

    posts = [r for r in fake_hub.requests if r["method"] == "POST" and r["path"] == "/api/jobs/alice"]
    assert len(posts) == 1
    spec = json.loads(posts[0]["body"])
    assert spec["flavor"] == "a10g-small" and spec["dockerImage"] == jobs.IMAGE
    assert spec["secrets"] == {"HF_TOKEN": WRITE}
    assert WRITE not in json.dumps({k: v for k, v in spec.items() if k != "secrets"})  # not in the command or env
    assert spec["timeoutSeconds"] == 3 * 3600 and spec["labels"]["app"] == "understudy"
    assert spec["command"][:2] == ["bash", "-c"]
    script = spec["command"][2]
    train = script.split("&& ")[-1].split()
    assert train[:4] == ["python", "-m", "pipeline", "train"]
    flags = dict(zip(train[4::2], train[5::2]))
    assert flags == {"--dataset": "alice/recipes-lora-data", "--base-model": BASE, "--lora-r": "16", "--max-steps": "50",
                     "--quantization": "4bit", "--flavor": "a10g-small", "--push-to": "alice/recipes-lora", "--out": "/tmp/adapter"}
    assert "pip install" in script and "/code" in script

    code = fake_hub.repos[("model", "alice/understudy-code")]
    assert code["private"] and spec["volumes"] == [{"type": "model", "source": "alice/understudy-code", "mountPath": "/code",
                                                    "revision": code["commits"][-1], "readOnly": True}]
    assert set(code["files"]) >= {"requirements.txt", "pipeline/train.py", "pipeline/hub.py", "pipeline/tasks/recipes.yaml"}
    assert all(f == "requirements.txt" or f.startswith("pipeline/") for f in code["files"])
    assert fake_hub.repos[("dataset", "alice/recipes-lora-data")]["private"]


def test_a_hub_dataset_is_used_as_is(fake_hub, prepared):  # noqa: F811
    result = jobs.submit(job_config(prepared, dataset="alice/recipes"), follow=False, printer=lambda *_: None)
    assert result["stage"] == "RUNNING" and ("dataset", "alice/recipes-lora-data") not in fake_hub.repos
    spec = json.loads([r for r in fake_hub.requests if r["path"] == "/api/jobs/alice"][0]["body"])
    assert "--dataset alice/recipes " in spec["command"][2]


def test_bad_job_settings_are_one_line(prepared, monkeypatch, tiny_base):
    with pytest.raises(UserError, match="needs --flavor, one of: .*a10g-small"):
        jobs.submit(job_config(prepared, flavor=""))
    with pytest.raises(UserError, match="unknown GPU flavor 'a10g-tiny'"):
        jobs.submit(job_config(prepared, flavor="a10g-tiny"))
    with pytest.raises(UserError, match="needs --push-to"):
        jobs.submit(job_config(prepared, push_to=""))
    with pytest.raises(UserError, match="is a local folder; a Job needs a Hub model id"):
        jobs.submit(job_config(prepared, base_model=tiny_base))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    with pytest.raises(UserError, match="no Hugging Face token; set HF_TOKEN"):
        jobs.submit(job_config(prepared))


def test_cli_train_on_hf_jobs_prints_the_job_and_its_logs(fake_hub, prepared, monkeypatch):  # noqa: F811
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    r = cli("train", "--on", "hf-jobs", "--flavor", "l4x1", "--dataset", "alice/recipes", "--base-model", BASE,
            "--push-to", "alice/lora")
    assert r.returncode == 0, r.stderr
    assert "started on l4x1" in r.stdout and "adapter pushed" in r.stdout and WRITE not in r.stdout + r.stderr
    r = cli("train", "--on", "gpu-cloud")
    assert r.returncode == 2 and r.stderr.strip() == "error: --on must be local or hf-jobs, got 'gpu-cloud'"


def test_a_jobs_logs_carry_its_loss_curve_and_cancel_stops_it(fake_hub, prepared):  # noqa: F811
    import threading

    config = job_config(prepared, dataset="alice/recipes")
    losses, lines = [], []
    started = jobs.submit(config, follow=False, printer=lines.append)
    result = jobs.follow_job(started, printer=lines.append, on_loss=losses.append)
    assert result["stage"] == "COMPLETED" and [e["step"] for e in losses] == [1, 2, 3] and losses[-1]["loss"] == pytest.approx(2 / 3)
    assert "adapter pushed" in lines and lines[-1].startswith(f"job {started['job_id']} completed")

    fake_hub.job_line_seconds = 0.5  # a Job that takes a while
    started = jobs.submit(config, follow=False, printer=lambda *_: None)
    threading.Timer(0.7, jobs.cancel, (started["job_id"], "alice")).start()
    with pytest.raises(UserError, match=f"the Job {started['job_id']} ended CANCELED; read its logs at"):
        jobs.follow_job(started, printer=lambda *_: None)
    assert fake_hub.jobs[started["job_id"]]["stage"] == "CANCELED"
    cancel = [r for r in fake_hub.requests if r["path"].endswith("/cancel")]
    assert len(cancel) == 1 and cancel[0]["method"] == "POST"


def test_loss_lines_round_trip_and_other_lines_are_not_losses():
    entry = {"step": 7, "max_steps": 70, "loss": 0.25, "epoch": 0.1, "learning_rate": 1e-4}
    assert jobs.loss_entry(jobs.loss_line(entry)) == {"step": 7, "max_steps": 70, "loss": 0.25, "epoch": 0.1}
    for line in ("training: 100%", "understudy-loss {not json", 'understudy-loss {"step": 1}', ""):
        assert jobs.loss_entry(line) is None


def test_the_apps_job_streams_its_loss_loads_the_adapter_and_cancels(fake_hub, prepared, adapter, tmp_path):  # noqa: F811
    """The app's Train tab on Hub GPUs: Workspace.train_on_job, against the Hub's protocol."""
    import threading

    from pipeline import hub
    from pipeline.student import LocalStudent
    from pipeline.workspace import Workspace

    from pipeline.models import SHIPPED_ADAPTER

    adapter = str(SHIPPED_ADAPTER)  # its config names its base "understudy-tiny-base": found again once pulled
    hub.push_adapter(hub.PushAdapterConfig(dir=adapter, repo="alice/recipes-lora"))  # what the Job's last step pushes
    import shutil

    ws = Workspace(tmp_path / "home")
    shutil.copytree(prepared, ws.root / "prepared")
    ws.save_settings(dataset=str(ws.root / "prepared"))
    losses, lines = [], []
    result = app_runs.train_on_job(ws, BASE, 16, 32, 0.0, 1e-4, 1, "l4x1", "alice/recipes-lora", on_line=lines.append, on_log=losses.append)
    assert result["stage"] == "COMPLETED" and [e["step"] for e in losses] == [1, 2, 3]
    assert any(line.startswith(f"job {result['job_id']} started on l4x1") for line in lines)
    assert any("pushing the dataset prepared/dataset to" in line for line in lines)  # named as the page names it
    assert not any(str(tmp_path) in line for line in lines)  # no server folder in the log the page shows
    assert "load_error" not in result, result["load_error"]
    assert ws.adapter().endswith(result["active"])  # the active student (shown relative to the workspace)
    texts = [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()[:4]]
    assert [r["labels"] for r in ws.student().classify(texts)] == [r["labels"] for r in LocalStudent(adapter).classify(texts)]

    fake_hub.job_line_seconds = 0.5
    stop = threading.Event()
    threading.Timer(0.7, stop.set).start()
    result = app_runs.train_on_job(ws, BASE, 16, 32, 0.0, 1e-4, 1, "l4x1", "alice/recipes-lora", stop=stop)
    assert result["cancelled"] and fake_hub.jobs[result["job_id"]]["stage"] == "CANCELED"

    with pytest.raises(UserError, match="a Job trains a Hub model: type its id in 'Base model'"):
        app_runs.train_on_job(ws, "", 16, 32, 0.0, 1e-4, 1, "l4x1", "alice/recipes-lora")


def test_a_visitors_job_is_started_followed_and_cancelled_with_the_visitors_token(fake_hub, prepared):  # noqa: F811
    """The app: a signed-in visitor's Job acts with their token, in the worker threads too (copied context)."""
    import contextvars
    import threading

    fake_hub.job_line_seconds = 0.5  # a Job that takes a while
    ended = []

    def follow(started):
        try:
            jobs.follow_job(started, printer=lambda *_: None)
        except UserError as e:
            ended.append(str(e))

    with hub.acting_as(VISITOR):
        started = jobs.submit(job_config(prepared, push_to="bob/recipes-lora"), follow=False, printer=lambda *_: None)
        follower = threading.Thread(target=contextvars.copy_context().run, args=(follow, started))
        canceller = threading.Timer(0.7, contextvars.copy_context().run, (jobs.cancel, started["job_id"], started["namespace"]))
    follower.start()
    canceller.start()
    follower.join(30)
    assert started["namespace"] == "bob" and ended and "ended CANCELED" in ended[0]
    job = fake_hub.jobs[started["job_id"]]
    assert job["stage"] == "CANCELED" and job["spec"]["secrets"] == {"HF_TOKEN": VISITOR}
    assert ("dataset", "bob/recipes-lora-data") in fake_hub.repos and ("model", "bob/understudy-code") in fake_hub.repos
    assert fake_hub.authorizations() == {f"Bearer {VISITOR}"}  # never the owner's HF_TOKEN
    assert not any(WRITE.encode() in r["body"] for r in fake_hub.requests)


def test_anonymous_visitors_and_foreign_namespaces_start_no_job(fake_hub, prepared):  # noqa: F811
    with hub.acting_as(False):
        with pytest.raises(UserError, match="^sign in with Hugging Face to start a Hugging Face Job"):
            jobs.submit(job_config(prepared, dataset="alice/recipes"), follow=False)
    assert fake_hub.requests == []
    with hub.acting_as(VISITOR):
        with pytest.raises(UserError, match=r"^cannot start a Job that pushes an adapter: alice is neither your account \(bob\)"):
            jobs.submit(job_config(prepared, dataset="alice/recipes"), follow=False)  # push_to alice/...
    assert fake_hub.jobs == {} and fake_hub.repos == {}


def test_the_flavor_comes_from_the_hubs_list_and_the_timeout_is_bounded(fake_hub, prepared):  # noqa: F811
    config = job_config(prepared, dataset="alice/recipes")
    with pytest.raises(UserError, match="^unknown GPU flavor 'h200'; use one of: t4-small, l4x1, a10g-small, a10g-large$"):
        jobs.submit(job_config(prepared, dataset="alice/recipes", flavor="h200"), follow=False)  # huggingface_hub knows it; the Hub offers it not
    with pytest.raises(UserError, match=r"^a Job may run at most 3h; ask for 3h or less \(asked: 4h\)$"):
        jobs.submit(config, follow=False, timeout="4h")
    with pytest.raises(UserError, match="^invalid Job timeout 'soon'"):
        jobs.submit(config, follow=False, timeout="soon")
    assert fake_hub.jobs == {}
    jobs.submit(config, follow=False, timeout="90m", printer=lambda *_: None)
    (job,) = fake_hub.jobs.values()
    assert job["spec"]["timeoutSeconds"] == 90 * 60 and job["spec"]["flavor"] == "a10g-small"
    assert jobs.timeout_seconds(jobs.TIMEOUT) == 3 * 3600 and jobs.timeout_seconds(600) == 600
