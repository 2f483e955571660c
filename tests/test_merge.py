"""merge: the merged model folder classifies exactly as base + adapter."""

import json

import pytest

from conftest import cli
from pipeline.student import LocalStudent
from pipeline.errors import UserError
from pipeline.merge import MergeConfig, run


@pytest.fixture(scope="module")
def merged(adapter, tmp_path_factory):
    out = tmp_path_factory.mktemp("merge") / "merged"
    result = run(MergeConfig(adapter=adapter, out=str(out), check_n=5))
    assert result["agree"] and result["checked"] == 5
    return out


def test_merged_labels_equal_adapter(merged, adapter, prepared):
    assert (merged / "config.json").is_file() and (merged / "task.json").is_file()
    assert not (merged / "adapter_config.json").exists()
    texts = [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()][:16]
    want = LocalStudent(adapter).classify(texts)
    got = LocalStudent("", str(merged), str(merged / "task.json")).classify(texts)
    assert [g["labels"] for g in got] == [w["labels"] for w in want]
    for g, w in zip(got, want):
        assert g["confidence"] == pytest.approx(w["confidence"], abs=1e-3)


def test_merge_cli_and_bad_input(adapter, merged, tiny_base, tmp_path):
    r = cli("merge", "--adapter", adapter, "--out", str(merged))
    assert r.returncode == 2 and r.stderr.strip().startswith("error: ") and "--overwrite" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = cli("merge", "--adapter", str(tmp_path / "none"), "--out", str(tmp_path / "m"))
    assert r.returncode == 2 and "adapter folder not found" in r.stderr
    with pytest.raises(UserError, match="must differ"):
        run(MergeConfig(adapter=adapter, out=adapter))
    r = cli("merge", "--adapter", adapter, "--out", str(tmp_path / "m2"), "--check-n", "3")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["agree"] is True
