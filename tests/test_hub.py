"""hub: push and pull datasets and adapters through the local Hub folder and, over HTTP, a server speaking
the Hub's protocol (tests/hub_server.py); the cards parse back with huggingface_hub's classes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline import hub, trying
from pipeline.student import LocalStudent
from pipeline.errors import UserError
from tests.conftest import cli, error_line

WRITE = "hf_WriteTokenForTests0123456789"  # the owner's (alice): HF_TOKEN in the environment
READ = "hf_ReadOnlyTokenForTests987654"
VISITOR = "hf_VisitorTokenForTests5555555"  # a signed-in visitor's own (bob, a member of bobs-lab)


def own_hf_cache(tmp_path, monkeypatch) -> None:
    """This test's own HF_HOME and huggingface_hub download cache (read once, at import), so no download is
    served from another test's (or another run's) cache."""
    from huggingface_hub import constants

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf_home" / "hub"))


@pytest.fixture
def local_hub(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HUB_DIR", str(tmp_path / "hub"))
    own_hf_cache(tmp_path, monkeypatch)
    return tmp_path / "hub"


@pytest.fixture
def fake_hub(tmp_path, monkeypatch):
    from huggingface_hub import constants

    from tests.hub_server import FakeHub

    server = FakeHub({WRITE: ("alice", "write"), READ: ("alice", "read"), VISITOR: ("bob", "write")}, orgs={"bob": ["bobs-lab"]})
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)  # conftest sets HF_HUB_OFFLINE=1 for everything else
    monkeypatch.setenv("HF_TOKEN", WRITE)
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.delenv("HF_HUB_DIR", raising=False)
    own_hf_cache(tmp_path, monkeypatch)
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

    from pipeline.hub import read_rows

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
    original = LocalStudent(str(work)).classify(texts)
    by_id = LocalStudent("alice/recipes-lora").classify(texts)
    by_revision = LocalStudent(f"alice/recipes-lora@{pushed['commit']}").classify(texts)
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

    from pipeline.hub import read_rows

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
    # its base is a local folder: refused in one line, nothing created, until the base travels with it
    with pytest.raises(UserError) as refused:
        hub.push_adapter(hub.PushAdapterConfig(dir=str(work), repo="alice/recipes-lora"))
    assert str(refused.value) == ("the adapter's base model is a local folder (base), which whoever pulls the adapter cannot load: "
                                  "push the base with it (--base-repo user/base), or train on a Hub model or smollm2-135m")
    assert ("model", "alice/recipes-lora") not in fake_hub.repos
    pushed = hub.push_adapter(hub.PushAdapterConfig(dir=str(work), repo="alice/recipes-lora", base_repo="alice/tiny-base"))
    assert pushed["base"]["url"] == f"{fake_hub.url}/alice/tiny-base"
    base_files = fake_hub.files("model", "alice/tiny-base")
    assert {"config.json", "model.safetensors", "README.md"} <= set(base_files) and not any(f.endswith(".bin") for f in base_files)
    sent = fake_hub.files("model", "alice/recipes-lora")
    assert json.loads(sent["adapter_config.json"])["base_model_name_or_path"] == "alice/tiny-base"
    card = ModelCard(sent["README.md"].decode())
    assert card.data.base_model == "alice/tiny-base" and "for `alice/tiny-base` (a local model, pushed to the Hub with this adapter)" in card.text
    assert "examples labeled by Understudy's recipe generator (rules, not a teacher model)" in " ".join(card.text.split())
    expected = {"README.md", "adapter_config.json", "adapter_model.safetensors", "training.json", "task.json", "losses.jsonl",
                "training_rows.json"}
    expected |= {f for f in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja") if (work / f).exists()}
    assert set(sent) == expected
    assert ModelCard(sent["README.md"].decode()).data.library_name == "peft"

    for request in fake_hub.requests:  # the token travels in the Authorization header and nowhere else
        assert WRITE.encode() not in request["body"] and b"sk-test-SecretOpenAIKey42" not in request["body"]
    for repo in fake_hub.repos.values():
        for name, content in repo["files"].items():
            assert WRITE.encode() not in content and b"SecretOpenAIKey" not in content, name


def test_an_adapter_on_a_local_base_classifies_from_its_id_once_the_base_went_with_it(fake_hub, adapter, prepared, tmp_path):
    """Pushed with --base-repo, both come back over HTTP: the adapter names its base by that id, and classifies
    exactly like the original with neither the adapter's nor the base's folder in sight."""
    texts = texts_of(prepared, 6)
    original = LocalStudent(adapter).classify(texts)
    result = cli("hub", "push-adapter", adapter, "--repo", "alice/recipes-lora", "--base-repo", "alice/tiny-base", cwd=tmp_path,
                 env={"HF_HOME": str(tmp_path / "hf_home")})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["base"]["repo"] == "alice/tiny-base"
    for text, expected in zip(texts[:2], original):  # as a user runs it: a new process reads HF_ENDPOINT
        result = cli("classify", "--adapter", "alice/recipes-lora", "--text", text, cwd=tmp_path,
                     env={"HF_HOME": str(tmp_path / "hf_home"), "HF_HUB_OFFLINE": "0"})  # the test Hub is reachable
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["rows"][0]["labels"] == expected["labels"]
    assert any(r["method"] == "GET" and "/alice/tiny-base/resolve/" in r["path"] for r in fake_hub.requests)


def test_the_training_rows_travel_with_the_adapter_and_still_catch_seen_test_rows(fake_hub, adapter, prepared, tmp_path):
    from huggingface_hub import ModelCard

    from pipeline import evaluate

    recorded = (Path(adapter) / "training_rows.json").read_bytes()
    hub.push_adapter(hub.PushAdapterConfig(dir=adapter, repo="alice/recipes-lora", base_repo="alice/tiny-base"))
    sent = fake_hub.files("model", "alice/recipes-lora")
    assert sent["training_rows.json"] == recorded
    assert "`training_rows.json` holds a short sha256 digest of each training row's input text" in ModelCard(sent["README.md"].decode()).text

    pulled = hub.pull_adapter(hub.PullAdapterConfig(repo="alice/recipes-lora", out=str(tmp_path / "pulled")))
    assert (Path(pulled["adapter"]) / "training_rows.json").read_bytes() == recorded

    # a reference of 4 training rows and every test row, each predicted as its reference says
    reference = [json.loads(line) for line in (prepared / "train.jsonl").read_text().splitlines()[:4]]
    reference += [json.loads(line) for line in (prepared / "test.jsonl").read_text().splitlines()]
    (tmp_path / "ref.jsonl").write_text("".join(json.dumps(r) + "\n" for r in reference))
    for trained_on in (pulled["adapter"], "alice/recipes-lora"):  # the pulled folder, and the Hub id itself
        report = evaluate.run(evaluate.EvaluateConfig(predictions=[str(tmp_path / "ref.jsonl")], reference=str(tmp_path / "ref.jsonl"),
                                                      out=str(tmp_path / "eval"), trained_on=trained_on))
        assert report["seen_in_training"] == 4 and report["n"] == len(reference) - 4, trained_on


def test_a_file_holding_the_token_stops_the_push(fake_hub, adapter, tmp_path):
    work = tmp_path / "adapter"
    shutil.copytree(adapter, work)
    (work / "training.json").write_text(json.dumps({**json.loads((work / "training.json").read_text()), "note": WRITE}))
    with pytest.raises(UserError, match="training.json: it contains the value of HF_TOKEN"):
        hub.push_adapter(hub.PushAdapterConfig(dir=str(work), repo="alice/leaky", base_repo="alice/tiny-base"))
    assert ("model", "alice/leaky") not in fake_hub.repos and ("model", "alice/tiny-base") not in fake_hub.repos  # not even the base


def test_bad_input_is_one_line_that_says_what_to_do(fake_hub, prepared, monkeypatch):
    def push(repo: str):
        hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo=repo))

    with pytest.raises(UserError, match=r"^cannot push to bob/recipes: bob is neither your account \(alice\) nor one of your organizations \(none\); use alice/recipes "):
        push("bob/recipes")  # alice's token, bob's namespace: refused before anything is sent
    assert not any(r["path"] == "/api/repos/create" for r in fake_hub.requests)
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


# ----------------------------------------------------------------------------------------------------
# Who acts: the owner's HF_TOKEN, a signed-in visitor's own token, or none (acting_as)
# ----------------------------------------------------------------------------------------------------


def test_a_visitor_pushes_with_their_own_token_and_never_the_owners(fake_hub, prepared, tmp_path):  # noqa: F811
    assert hub.token() == WRITE  # outside acting_as: HF_TOKEN, as the CLI
    with hub.acting_as(VISITOR):
        assert hub.token() == VISITOR and hub.scrub(f"token {VISITOR}, owner {WRITE}") == "token ***, owner ***"
        pushed = hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="bob/recipes"))
        in_org = hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="bobs-lab/recipes", private=True))
        with pytest.raises(UserError, match=r"^cannot push to alice/recipes: alice is neither your account \(bob\) nor one of "
                                            r"your organizations \(bobs-lab\); use bob/recipes or an organization"):
            hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))
        leaky = tmp_path / "leaky"
        leaky.mkdir()
        (leaky / "notes.txt").write_text(f"token: {VISITOR}\n")
        with pytest.raises(UserError, match="notes.txt: it contains the value of your Hugging Face token"):
            hub.push_folder(leaky, "model", "bob/leaky")
    assert pushed["where"] == in_org["where"] == "hub" and ("dataset", "bobs-lab/recipes") in fake_hub.repos
    assert ("dataset", "alice/recipes") not in fake_hub.repos and ("model", "bob/leaky") not in fake_hub.repos
    assert fake_hub.authorizations() == {f"Bearer {VISITOR}"}  # every request, whoami included: the visitor's token only
    assert not any(WRITE.encode() in r["body"] for r in fake_hub.requests)
    assert hub.token() == WRITE  # and the owner's again once out


def test_an_anonymous_visitor_reads_public_repositories_without_any_token(fake_hub, prepared, tmp_path):  # noqa: F811

    hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))  # the owner, outside acting_as
    hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/secret", private=True))
    fake_hub.requests.clear()
    with hub.acting_as(False):
        assert hub.token() is None and hub.hub_token() is False and not hub.use_local()
        pulled = hub.pull_dataset(hub.PullDatasetConfig(repo="alice/recipes", out=str(tmp_path / "pulled")))
        assert pulled["splits"] == {"train": 160, "test": 40} and len(hub.read_rows("alice/recipes")) == 40
        with pytest.raises(UserError, match=r"not found.*or private: sign in with a Hugging Face account that has read access"):
            hub.pull_dataset(hub.PullDatasetConfig(repo="alice/secret", out=str(tmp_path / "secret")))
        with pytest.raises(UserError, match=r"^sign in with Hugging Face to push to alice/mine: without signing in, only "
                                            r"public repositories can be read$"):
            hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/mine"))
    assert fake_hub.requests and fake_hub.authorizations() == {""}  # no Authorization header at all
    assert ("dataset", "alice/mine") not in fake_hub.repos and not (tmp_path / "secret").exists()


def test_inside_acting_as_the_local_folder_is_used_only_when_named(prepared, local_hub, tmp_path, monkeypatch):
    with hub.acting_as(False):  # HF_HUB_DIR named: the local folder, with or without a token
        assert hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))["where"] == "local"
        assert hub.dataset_folder("alice/recipes").endswith("dataset")
    monkeypatch.delenv("HF_HUB_DIR")
    monkeypatch.chdir(tmp_path)  # where data/hub, the unnamed default, would be
    shutil.copytree(local_hub, tmp_path / hub.DEFAULT_HUB_DIR)
    assert hub.use_local()  # no token, outside acting_as: data/hub, as before
    with hub.acting_as(False):
        with pytest.raises(UserError, match="^sign in with Hugging Face to push to alice/other"):
            hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/other"))
        with pytest.raises(UserError, match="cannot download alice/recipes"):  # not read from data/hub: asked of the Hub (offline here)
            hub.dataset_folder("alice/recipes")
    assert not (tmp_path / hub.DEFAULT_HUB_DIR / "datasets/alice/other").exists()
    assert hub.dataset_folder("alice/recipes").endswith("dataset")  # outside acting_as, as before


def test_acting_as_none_changes_nothing_and_a_wrong_type_is_refused(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", WRITE)
    with hub.acting_as(VISITOR), hub.acting_as(None):
        assert hub.token() == VISITOR
    with hub.acting_as(""):
        assert hub.token() is None and hub.acting()
    assert hub.token() == WRITE and not hub.acting()
    with pytest.raises(TypeError):
        with hub.acting_as(True):
            pass


# ----------------------------------------------------------------------------------------------------
# Revisions and the local Hub folder's bounds
# ----------------------------------------------------------------------------------------------------


def test_check_revision_takes_branches_tags_and_commits_only():
    for ok in ("", "main", "v1.0", "refs/pr/1", "feature/x_y-z", "0123abc", "a" * 200):
        assert hub.check_revision(ok) == ok
    for bad in ("../../..", "x/../../y", "/etc", "-rf", "a\\b", "a\nb", "a\x00b", "a b", "a" * 201, "main@2", "~1"):
        with pytest.raises(UserError, match="^invalid revision .*: use a branch, tag or commit id") as e:
            hub.check_revision(bad)
        assert "\n" not in str(e.value)
    assert hub.split_revision("alice/x@v1") == ("alice/x", "v1")
    with pytest.raises(UserError, match="invalid revision"):
        hub.split_revision("alice/x@../../y")


def test_revisions_that_climb_out_of_the_local_hub_are_refused(adapter, prepared, local_hub, tmp_path):
    hub.push_adapter(hub.PushAdapterConfig(dir=adapter, repo="alice/lora"))
    hub.push_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"))
    before = sorted(p for p in tmp_path.rglob("*"))
    for revision in ("../../..", "x/../../y"):
        for pull in (lambda r: hub.pull_adapter(hub.PullAdapterConfig(repo="alice/lora", revision=r, out=str(tmp_path / "out"))),
                     lambda r: hub.pull_adapter(hub.PullAdapterConfig(repo=f"alice/lora@{r}", out=str(tmp_path / "out"))),
                     lambda r: hub.pull_dataset(hub.PullDatasetConfig(repo="alice/recipes", revision=r, out=str(tmp_path / "out"))),
                     lambda r: hub.dataset_folder(f"alice/recipes@{r}"),
                     lambda r: hub.LocalHub(local_hub).resolve("model", "alice/lora", r)):
            with pytest.raises(UserError, match=f"invalid revision {revision!r}: use a branch, tag or commit id") as e:
                pull(revision)
            assert "\n" not in str(e.value)
    assert sorted(p for p in tmp_path.rglob("*")) == before  # nothing written, in the folder or outside it

    repo = local_hub / "models/alice/lora"
    (repo / "refs" / "evil").write_text("../../../../../../..")  # a damaged ref: still never read outside
    with pytest.raises(UserError, match="lies outside the local Hub folder"):
        hub.adapter_folder("alice/lora@evil")
    r = cli("hub", "pull-adapter", "alice/lora", "--revision", "../../..", "--out", str(tmp_path / "cli"), "--hub-dir", str(local_hub))
    assert error_line(r).startswith("error: invalid revision '../../..'") and not (tmp_path / "cli").exists()


# ----------------------------------------------------------------------------------------------------
# What is shared names no local path
# ----------------------------------------------------------------------------------------------------


def test_training_json_and_the_cards_name_no_local_path(adapter, prepared, workdir, tmp_path, local_hub):
    folder = Path(adapter)
    training = json.loads((folder / "training.json").read_text())
    assert training["base_model"] == "base" and training["config"]["dataset"] == "dataset" and training["config"]["out"] == "adapter"
    assert str(workdir) not in (folder / "training.json").read_text() + (folder / "README.md").read_text()
    assert json.loads((folder / "adapter_config.json").read_text())["base_model_name_or_path"] == str(workdir / "base")  # loading needs it

    old = tmp_path / "old-adapter"  # trained before: training.json with the machine's paths
    shutil.copytree(adapter, old)
    (old / "training.json").write_text(json.dumps({**training, "base_model": str(workdir / "base"),
                                                   "config": {**training["config"], "dataset": str(prepared / "dataset"),
                                                              "out": str(old), "base_model": str(workdir / "base")}}))
    for src in (folder, old):
        staged = tmp_path / f"staged-{src.name}"
        staged.mkdir()
        hub.stage_adapter(hub.PushAdapterConfig(dir=str(src), repo="alice/lora"), staged)
        for name in ("training.json", "README.md"):
            text = (staged / name).read_text()
            assert str(workdir) not in text and str(tmp_path) not in text, (src, name)
        assert "A LoRA adapter for `base`" in (staged / "README.md").read_text()

    staged = tmp_path / "staged-dataset"
    staged.mkdir()
    hub.stage_dataset(hub.PushDatasetConfig(dir=str(prepared), repo="alice/recipes"), staged)
    assert json.loads((staged / "prepare.json").read_text())["dataset"] == "dataset"
    for path in staged.rglob("*.json"):
        assert str(workdir) not in path.read_text(), path
    assert str(workdir) not in (staged / "README.md").read_text()


def test_a_visitors_adapter_on_a_hub_base_loads_it_from_the_hub_not_from_a_server_folder_of_that_name(fake_hub, adapter, prepared,
                                                                                                       tmp_path, monkeypatch):
    """A signed-in visitor loads an adapter whose base is a Hub id: the base comes from the Hub as them, and classifies
    like the original, though a broken folder named like the id sits in the app's working directory."""
    from pipeline import sharing
    from pipeline.visitors import Visitor
    from pipeline.workspace import Workspace

    hub.push_adapter(hub.PushAdapterConfig(dir=adapter, repo="alice/recipes-lora", base_repo="alice/tiny-base"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "alice" / "tiny-base").mkdir(parents=True)
    (tmp_path / "alice" / "tiny-base" / "config.json").write_text("{not a model")
    bob = Workspace(tmp_path / "home").for_visitor(Visitor(owner=False, username="bob", token=VISITOR, public=True))
    fake_hub.requests.clear()
    sharing.load_adapter(bob, "alice/recipes-lora")
    text = texts_of(prepared, 1)[0]
    assert trying.classify_one(bob, text)["labels"] == LocalStudent(adapter).classify([text])[0]["labels"]
    fetched = [r for r in fake_hub.requests if "alice/tiny-base" in r["path"]]
    assert fetched and {r["authorization"] for r in fetched} == {f"Bearer {VISITOR}"}  # as the visitor, never the owner


def test_the_shipped_student_pushed_then_classified_from_its_id_offline(tmp_path):
    """The issue's tour: `hub push-adapter pipeline/demo_student/adapter --repo me/demo-copy`, then `classify --adapter
    me/demo-copy`, with no token and no network: the pushed adapter names its base "understudy-tiny-base", which finds
    the shipped base again, and it gives the shipped student's own labels."""
    from pipeline.models import SHIPPED_ADAPTER

    env = {"HF_HUB_DIR": str(tmp_path / "hub"), "HF_HUB_OFFLINE": "1", "HF_TOKEN": ""}
    text = "Pork carnitas\n\nIngredients:\n- 2 lb pork shoulder\n- lard\n\nDirections:\n- Braise in the oven for 3 hours."
    pushed = cli("hub", "push-adapter", str(SHIPPED_ADAPTER), "--repo", "me/demo-copy", cwd=tmp_path, env=env)
    assert pushed.returncode == 0, pushed.stderr
    result = cli("classify", "--adapter", "me/demo-copy", "--text", text, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "retry" not in result.stderr.lower() and "Hub is unreachable" not in result.stderr
    assert json.loads(result.stdout)["rows"][0]["labels"] == LocalStudent(str(SHIPPED_ADAPTER)).classify([text])[0]["labels"]
