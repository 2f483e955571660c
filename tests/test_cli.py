"""The CLI as a user meets it: --help for every stage, and one clear line for each kind of bad input."""

import json

import pytest

from conftest import cli
from pipeline.cli import STAGES


def test_help_for_every_stage():
    for stage in STAGES:
        result = cli(stage, "--help")
        assert result.returncode == 0 and "--config" in result.stdout, stage


def error_line(result) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_missing_adapter_folder(tmp_path):
    line = error_line(cli("classify", "--adapter", str(tmp_path / "nope"), "--text", "Toast"))
    assert "adapter folder not found" in line


def test_empty_text():
    assert "text is empty" in error_line(cli("classify", "--text", "   "))


def test_unreachable_base_model(tmp_path, prepared):
    line = error_line(cli("train", "--dataset", str(prepared / "dataset"), "--out", str(tmp_path / "a"),
                          "--base-model", "no-such-org/no-such-model-xyz"))
    assert "neither a local folder nor reachable" in line


def test_broken_task_file(tmp_path, prepared):
    bad = tmp_path / "task.yaml"
    bad.write_text("name: t\nsystem_prompt: p\nfields:\n  - {name: spicy, type: maybe}\n")
    line = error_line(cli("prepare", "--input", str(prepared / "train.jsonl"), "--task", str(bad), "--out", str(tmp_path / "o")))
    assert "field 'spicy' has unknown type 'maybe'" in line


def test_file_without_recipe_column_and_non_utf8(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "Toast"}) + "\n")
    assert "no 'recipe' column" in error_line(cli("prepare", "--input", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o")))
    (tmp_path / "b.csv").write_bytes(b"recipe\nCr\xe8me br\xfbl\xe9e\n")
    assert "not UTF-8" in error_line(cli("prepare", "--input", str(tmp_path / "b.csv"), "--out", str(tmp_path / "o")))


def test_yaml_config_and_flag_override(tmp_path):
    cfg = tmp_path / "sample.yaml"
    cfg.write_text(f"n: 7\nseed: 5\nout: {tmp_path / 'from_yaml'}\n")
    result = cli("sample", "--config", str(cfg), "--n", "3")
    assert result.returncode == 0, result.stderr
    assert len((tmp_path / "from_yaml" / "labeled.jsonl").read_text().splitlines()) == 3
    cfg.write_text("n: 7\nepochs: 3\n")
    assert "unknown setting(s) for SampleConfig: epochs" in error_line(cli("sample", "--config", str(cfg)))
