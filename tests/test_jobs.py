"""train --on hf-jobs: the request the Jobs API receives (image, flavor, command, secrets, the code volume),
checked on a server speaking the Hub's protocol; bad settings are one line."""

from __future__ import annotations

import json

import pytest

from pipeline import jobs
from pipeline.errors import UserError
from pipeline.train import TrainConfig
from tests.conftest import cli
from tests.test_hub import WRITE, fake_hub  # noqa: F401  (fixture)

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
