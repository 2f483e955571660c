"""hub: push and pull datasets and adapters through the local Hub folder and, over HTTP, a server speaking
the Hub's protocol (tests/hub_server.py); the cards parse back with huggingface_hub's classes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import hub
from pipeline.errors import UserError
from tests.conftest import cli

WRITE = "hf_WriteTokenForTests0123456789"
READ = "hf_ReadOnlyTokenForTests987654"


@pytest.fixture
def local_hub(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HUB_DIR", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    return tmp_path / "hub"


@pytest.fixture
def fake_hub(tmp_path, monkeypatch):
    from huggingface_hub import constants

    from tests.hub_server import FakeHub

    server = FakeHub({WRITE: ("alice", "write"), READ: ("alice", "read")})
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)  # conftest sets HF_HUB_OFFLINE=1 for everything else
    monkeypatch.setenv("HF_TOKEN", WRITE)
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.delenv("HF_HUB_DIR", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    yield server
    server.stop()


def texts_of(prepared: Path, n: int = 12) -> list[str]:
    return [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()[:n]]


# ----------------------------------------------------------------------------------------------------
# The local Hub folder
# ----------------------------------------------------------------------------------------------------


def test_dataset_push_then_pull_through_the_local_hub(prepared, local_hub, tmp_path):
    from datasets import load_from_disk
    from huggingface_hub import DatasetCard

    pushed = hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))
    assert pushed["where"] == "local" and pushed["splits"] == {"train": 160, "test": 40}
    snap = local_hub / "datasets/alice/recipes/snapshots" / pushed["commit"]
    assert (local_hub / "datasets/alice/recipes/refs/main").read_text() == pushed["commit"]
    assert sorted(pushed["files"]) == ["README.md", "data/test-00000-of-00001.parquet", "data/train-00000-of-00001.parquet",
                                       "prepare.json", "task.json"]

    card = DatasetCard.load(snap / "README.md")
    meta = card.data.to_dict()["understudy"]
    assert meta["task"] == "recipes" and meta["splits"] == {"train": 160, "test": 40}
    assert meta["teacher"] == ["generator"] and meta["labeling_cost_usd"] == 0.0
    assert [f["name"] for f in meta["fields"]][0] == "has_non_fish_meat"
    assert set(meta["balance"]["requires_oven"]) == {"true", "false"}
    assert "True if the recipe requires an oven" in card.text and "| train | 160 |" in card.text
    assert card.data.configs[0]["data_files"][0]["path"].startswith("data/")

    again = hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))
    assert again["commit"] == pushed["commit"]  # nothing changed: no new commit

    pulled = hub.pull_dataset(hub.PullDatasetConfig(repo="alice/recipes", out=str(tmp_path / "pulled")))
    original, back = load_from_disk(str(prepared / "dataset")), load_from_disk(pulled["dataset"])
    for split in ("train", "test"):
        assert back[split].to_list() == original[split].to_list()
    assert (tmp_path / "pulled" / "task.json").is_file()

    from pipeline.data import read_rows

    assert read_rows("alice/recipes") == original["test"].to_list()  # label/prepare read a Hub id
    assert read_rows(f"alice/recipes@{pushed['commit'][:8]}", split="train") == original["train"].to_list()


def test_dataset_card_takes_the_labeling_cost(prepared, local_hub):
    from huggingface_hub import DatasetCard

    pushed = hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared / "dataset"), repo="alice/costed", labeling_cost=39.5))
    card = DatasetCard.load(local_hub / "datasets/alice/costed/snapshots" / pushed["commit"] / "README.md")
    assert card.data.understudy["labeling_cost_usd"] == 39.5 and "$39.50" in card.text


def test_adapter_push_then_pull_classifies_exactly_like_the_original(adapter, prepared, local_hub, tmp_path):
    from huggingface_hub import ModelCard

    from pipeline import classify, evaluate

    work = tmp_path / "adapter"
    shutil.copytree(adapter, work)
    preds = classify.run(classify.ClassifyConfig(input=str(prepared / "test.jsonl"), adapter=str(work), out=str(tmp_path / "p.jsonl")))
    report = evaluate.run(evaluate.EvaluateConfig(predictions=[str(tmp_path / "p.jsonl")], reference=str(prepared / "test.jsonl"),
                                                  out=str(tmp_path / "eval")))
    (work / ".env").write_text(f"HF_TOKEN={WRITE}\n")  # never uploaded
    (work / "checkpoints" / "checkpoint-3").mkdir(parents=True)
    (work / "checkpoints" / "checkpoint-3" / "optimizer.pt").write_bytes(b"x" * 10)

    pushed = hub.push_adapter(hub.PushAdapterConfig(dir=str(work), repo="alice/recipes-lora", report=report["report"], labeling_cost=40.0))
    assert ".env" not in pushed["files"] and not any("checkpoint" in f for f in pushed["files"])
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md", "training.json", "task.json"} <= set(pushed["files"])

    pulled = hub.pull_adapter(hub.PullAdapterConfig(repo="alice/recipes-lora", out=str(tmp_path / "pulled")))
    card = ModelCard.load(Path(pulled["adapter"]) / "README.md")
    assert card.data.library_name == "peft" and "understudy" in card.data.tags
    assert card.data.base_model == json.loads((work / "training.json").read_text())["base_model_hub_id"]
    assert card.data.understudy["costs"]["labeling_usd"] == 40.0
    assert card.data.understudy["agreement_with_teacher"] == pytest.approx(report["mean_agreement"])
    assert len(card.data.eval_results) == 5 and card.data.eval_results[0].metric_type == "accuracy"
    assert "## Training" in card.text and "| lora_r | 4 |" in card.text and "## Cost" in card.text and "mean agreement" in card.text

    texts = texts_of(prepared)
    original = classify.LocalStudent(str(work)).classify(texts)
    by_id = classify.LocalStudent("alice/recipes-lora").classify(texts)
    by_revision = classify.LocalStudent(f"alice/recipes-lora@{pushed['commit']}").classify(texts)
    assert by_id == original == by_revision
    assert preds


def test_adapter_folder_and_revisions(adapter, prepared, local_hub, tmp_path):
    assert hub.adapter_folder("") == "" and hub.adapter_folder(adapter) == adapter
    first = hub.push_adapter(hub.PushAdapterConfig(dir=adapter, repo="alice/lora"))
    work = tmp_path / "a2"
    shutil.copytree(adapter, work)
    (work / "losses.jsonl").write_text("{}\n")
    second = hub.push_adapter(hub.PushAdapterConfig(dir=str(work), repo="alice/lora", message="second"))
    assert second["commit"] != first["commit"]
    assert Path(hub.adapter_folder("alice/lora")).name == second["commit"]
    assert Path(hub.adapter_folder("alice/lora", revision=first["commit"][:7])).name == first["commit"]
    with pytest.raises(UserError, match="no revision 'v9'"):
        hub.adapter_folder("alice/lora@v9")
    with pytest.raises(UserError, match="not found in the local Hub folder"):
        hub.adapter_folder("alice/nothing")
    hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))
    with pytest.raises(UserError, match="model repository alice/recipes not found.*it is a dataset repository"):
        hub.adapter_folder("alice/recipes")  # the id names a dataset only: said so


def test_cli_push_and_pull(prepared, tmp_path, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HF_HUB_DIR", raising=False)
    hub_dir = tmp_path / "h"
    r = cli("hub", "push-dataset", str(prepared), "--repo", "alice/cli", "--hub-dir", str(hub_dir))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["where"] == "local"
    r = cli("hub", "pull-dataset", "alice/cli", "--out", str(tmp_path / "back"), "--hub-dir", str(hub_dir))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "back" / "dataset" / "dataset_dict.json").is_file()
    r = cli("hub", "push-dataset", str(prepared), "--repo", "not a name", "--hub-dir", str(hub_dir))
    assert r.returncode == 2 and r.stderr.startswith("error: invalid repository name") and len(r.stderr.strip().splitlines()) == 1


# ----------------------------------------------------------------------------------------------------
# The Hub's protocol, over HTTP
# ----------------------------------------------------------------------------------------------------


def test_a_dataset_pushed_over_http_comes_back_through_snapshot_download(fake_hub, prepared, tmp_path):  # noqa: F811
    from datasets import load_from_disk

    from pipeline.data import read_rows

    pushed = hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))
    assert pushed["where"] == "hub"
    pulled = hub.pull_dataset(hub.PullDatasetConfig(repo="alice/recipes", out=str(tmp_path / "back")))
    original, back = load_from_disk(str(prepared / "dataset")), load_from_disk(pulled["dataset"])
    assert all(back[s].to_list() == original[s].to_list() for s in ("train", "test"))
    assert read_rows("alice/recipes") == original["test"].to_list()  # label and prepare take the Hub id
    assert any(r["method"] == "GET" and "/resolve/" in r["path"] for r in fake_hub.requests)


def test_push_to_the_hub_sends_exactly_these_files(fake_hub, prepared, adapter, tmp_path, monkeypatch):
    from huggingface_hub import DatasetCard, ModelCard

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SecretOpenAIKey42")
    pushed = hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes", private=True))
    assert pushed["where"] == "hub" and pushed["url"] == f"{fake_hub.url}/datasets/alice/recipes"
    files = fake_hub.files("dataset", "alice/recipes")
    assert sorted(files) == ["README.md", "data/test-00000-of-00001.parquet", "data/train-00000-of-00001.parquet",
                             "prepare.json", "task.json"]
    assert fake_hub.repos[("dataset", "alice/recipes")]["private"]
    assert DatasetCard(files["README.md"].decode()).data.understudy["splits"] == {"train": 160, "test": 40}

    work = tmp_path / "adapter"
    shutil.copytree(adapter, work)
    (work / ".env").write_text(f"OPENAI_API_KEY=sk-test-SecretOpenAIKey42\nHF_TOKEN={WRITE}\n")
    (work / "checkpoints" / "checkpoint-6").mkdir(parents=True)
    (work / "checkpoints" / "checkpoint-6" / "adapter_model.safetensors").write_bytes(b"0" * 64)
    (work / "teacher_cache.sqlite").write_bytes(b"SQLite")
    (work / "__pycache__").mkdir()
    hub.push_adapter(hub.PushAdapterConfig(dir=str(work), repo="alice/recipes-lora"))
    sent = fake_hub.files("model", "alice/recipes-lora")
    expected = {"README.md", "adapter_config.json", "adapter_model.safetensors", "training.json", "task.json", "losses.jsonl"}
    expected |= {f for f in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja") if (work / f).exists()}
    assert set(sent) == expected
    assert ModelCard(sent["README.md"].decode()).data.library_name == "peft"

    for request in fake_hub.requests:  # the token travels in the Authorization header and nowhere else
        assert WRITE.encode() not in request["body"] and b"sk-test-SecretOpenAIKey42" not in request["body"]
    for repo in fake_hub.repos.values():
        for name, content in repo["files"].items():
            assert WRITE.encode() not in content and b"SecretOpenAIKey" not in content, name


def test_a_file_holding_the_token_stops_the_push(fake_hub, adapter, tmp_path):
    work = tmp_path / "adapter"
    shutil.copytree(adapter, work)
    (work / "training.json").write_text(json.dumps({**json.loads((work / "training.json").read_text()), "note": WRITE}))
    with pytest.raises(UserError, match="training.json: it contains the value of HF_TOKEN"):
        hub.push_adapter(hub.PushAdapterConfig(dir=str(work), repo="alice/leaky"))
    assert ("model", "alice/leaky") not in fake_hub.repos


def test_bad_input_is_one_line_that_says_what_to_do(fake_hub, prepared, monkeypatch):
    def push(repo: str):
        hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo=repo))

    with pytest.raises(UserError, match=r"403 Forbidden.*write access"):
        push("bob/recipes")  # alice's token, bob's namespace
    with pytest.raises(UserError, match="invalid repository name"):
        push("alice/bad--name")
    with pytest.raises(UserError, match="no repository given"):
        push("")
    push("alice/thing")
    with pytest.raises(UserError, match="taken by a repository of another type"):
        hub.push_folder(prepared, "model", "alice/thing")
    monkeypatch.setenv("HF_TOKEN", READ)
    with pytest.raises(UserError, match="read-only"):
        push("alice/recipes")
    monkeypatch.setenv("HF_TOKEN", "hf_NotAKnownToken000")
    with pytest.raises(UserError, match="401") as e:
        push("alice/recipes")
    assert "hf_NotAKnownToken000" not in str(e.value)
    monkeypatch.setenv("HF_TOKEN", WRITE)
    with pytest.raises(UserError, match="unreachable.*check the network"):
        hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes", endpoint="http://127.0.0.1:9"))
    with pytest.raises(UserError, match="dataset folder not found"):
        hub.push_dataset(hub.PushDatasetConfig(dir="/nowhere", repo="alice/recipes"))
