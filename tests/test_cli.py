"""The CLI as a user meets it: --help for every stage, and one clear line for each kind of bad input."""

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, cli, error_line
from pipeline.cli import STAGES
from pipeline.errors import UserError

FIELDS = ["has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish"]


def test_help_for_every_stage(capsys):
    result = cli("classify", "--help")  # the real entry point once; every stage's parser in this process
    assert result.returncode == 0 and "--config" in result.stdout and "--cascade-teacher" in result.stdout
    from pipeline.cli import parse

    for stage in STAGES:
        with pytest.raises(SystemExit) as ended:
            parse([*stage.split(), "--help"])
        assert ended.value.code == 0 and "--config" in capsys.readouterr().out, stage


def test_missing_adapter_folder(tmp_path):
    line = error_line(cli("classify", "--adapter", str(tmp_path / "nope"), "--text", "Toast"))
    assert "adapter folder not found" in line


def test_empty_text():
    assert "text is empty" in error_line(cli("classify", "--text", "   "))


def test_unreachable_base_model(tmp_path, prepared):
    line = error_line(cli("train", "--dataset", str(prepared / "dataset"), "--out", str(tmp_path / "a"),
                          "--base-model", "no-such-org/no-such-model-xyz"))
    assert "no-such-org/no-such-model-xyz" in line and "not a local folder" in line and "not reachable" in line


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


def test_yaml_values_are_typed_and_checked(tmp_path):
    from pipeline.config import build
    from pipeline.errors import UserError
    from pipeline.train import TrainConfig

    cfg = tmp_path / "train.yaml"
    cfg.write_text("learning_rate: 1e-4\nepochs: 3\ngradient_checkpointing: yes\n")  # YAML reads 1e-4 as text
    config = build(TrainConfig, yaml_path=cfg)
    assert config.learning_rate == 1e-4 and config.epochs == 3.0 and config.gradient_checkpointing is True
    cfg.write_text("seed: abc\n")
    with pytest.raises(UserError, match="setting seed: expected a whole number, got 'abc'"):
        build(TrainConfig, yaml_path=cfg)


def test_help_with_percent_signs_renders():
    result = cli("demo", "--help")
    assert "10% are held out" in result.stdout and "option_strings" not in result.stdout


def test_more_bad_inputs(tmp_path, adapter):
    assert "--n must be at least 1" in error_line(cli("sample", "--n", "-5", "--out", str(tmp_path / "s")))
    (tmp_path / "empty.jsonl").write_text("")
    assert "no rows to classify" in error_line(cli("classify", "--adapter", adapter, "--input", str(tmp_path / "empty.jsonl")))
    assert "text is empty" in error_line(cli("classify", "--text", ""))
    dup = tmp_path / "dup.jsonl"
    full = dict.fromkeys(["has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish"], True)
    dup.write_text("".join(json.dumps({"id": "a", "recipe": "x", "labels": full}) + "\n" for _ in range(2)))
    assert "id 'a' appears twice" in error_line(cli("evaluate", "--predictions", str(dup), "--reference", str(dup)))
    bad_labels = tmp_path / "bad.jsonl"
    bad_labels.write_text("".join(json.dumps({"recipe": "x", "labels": {"main_dish": True}}) + "\n" for _ in range(3)))
    line = error_line(cli("prepare", "--input", str(bad_labels), "--out", str(tmp_path / "o")))
    assert "only 0 of 3 rows usable; row 1: missing field(s)" in line


def test_serve_refuses_negative_threads(adapter):
    assert error_line(cli("serve", "--adapter", adapter, "--threads", "-1")) == "error: --threads must be 0 (torch's default) or more, got -1"


def test_a_mistyped_flag_shows_that_verbs_usage_and_the_flag_meant():
    result = cli("classify", "--adaptr", "x")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("usage: python -m pipeline classify [-h] [--adapter ADAPTER]")
    assert result.stderr.strip().splitlines()[-1] == \
        "python -m pipeline classify: error: unrecognized arguments: --adaptr x (did you mean --adapter?)"
    grouped = cli("hub", "push-adapter", "--rpo=alice/x")
    assert grouped.returncode == 2 and grouped.stderr.startswith("usage: python -m pipeline hub push-adapter")
    assert grouped.stderr.strip().splitlines()[-1].endswith("error: unrecognized arguments: --rpo=alice/x (did you mean --repo?)")


def test_a_mistyped_stage_gets_a_did_you_mean():
    result = cli("clasify", "--text", "Soup")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("python -m pipeline: error: no stage 'clasify' (did you mean classify?)")
    assert "did you mean" not in cli("frobnicate").stderr and "no stage 'frobnicate'" in cli("frobnicate").stderr


RECIPE = "Toast\n\nIngredients:\n- bread\n\nDirections:\n- Toast it."


def test_without_adapter_the_student_the_app_built_is_used_and_named(adapter, tmp_path, monkeypatch):
    home, work = tmp_path / "home", tmp_path / "work"
    shutil.copytree(adapter, home / "demo" / "adapter")
    work.mkdir()  # no data/adapter here
    monkeypatch.setenv("UNDERSTUDY_HOME", str(home))
    result = cli("classify", "--text", RECIPE, cwd=work)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "--adapter" in line]
    assert notes == [f"no --adapter given: using the demo student the app built ({home / 'demo' / 'adapter'})"]
    assert set(json.loads(result.stdout)["rows"][0]["labels"]) == set(FIELDS)

    shutil.copytree(adapter, work / "data" / "adapter")  # the CLI's own default comes first, and goes without saying
    result = cli("classify", "--text", RECIPE, cwd=work)
    assert result.returncode == 0, result.stderr
    assert "--adapter" not in result.stderr and set(json.loads(result.stdout)["rows"][0]["labels"]) == set(FIELDS)
    assert not (work / "data" / "predictions.jsonl").exists()  # --text prints; a file only with --out
    result = cli("classify", "--text", RECIPE, "--out", "one.jsonl", cwd=work)
    assert json.loads((work / "one.jsonl").read_text())["labels"] == json.loads(result.stdout)["rows"][0]["labels"]


def test_with_no_student_anywhere_the_error_says_how_to_get_one(tmp_path, monkeypatch):
    """Run as `python -m pipeline classify --text ...` would, from a folder without data/adapter, an app data
    folder without a demo student, and the shipped student moved away."""
    monkeypatch.setenv("UNDERSTUDY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    code = ("import sys; from pathlib import Path; from pipeline import models, cli; "
            f"models.SHIPPED_ADAPTER = Path({str(tmp_path / 'shipped')!r}); sys.exit(cli.main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "classify", "--text", RECIPE], cwd=tmp_path, capture_output=True, text=True)
    line = error_line(result)
    assert line.startswith("error: no student to use: no --adapter given, and there is no data/adapter")
    assert "build one with `python -m pipeline demo --out demo` and pass --adapter demo/adapter" in line
    empty = subprocess.run([sys.executable, "-c", code, "classify", "--text", " "], cwd=tmp_path, capture_output=True, text=True)
    assert error_line(empty) == "error: the text is empty; give a recipe to classify"  # the input is checked first, as before


def test_the_student_fallback_order(adapter, tmp_path, monkeypatch):
    from pipeline import models

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UNDERSTUDY_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(models, "SHIPPED_ADAPTER", tmp_path / "shipped" / "adapter")
    assert models.default_student_adapter() is None
    shutil.copytree(adapter, tmp_path / "shipped" / "adapter")
    path, why = models.default_student_adapter()
    assert path == str(tmp_path / "shipped" / "adapter") and why == "the shipped demo student (shipped/adapter)"
    (tmp_path / "home" / "demo" / "adapter").mkdir(parents=True)  # the app is still training it: no adapter yet
    assert models.default_student_adapter()[0] == path
    shutil.copytree(adapter, tmp_path / "home" / "demo" / "adapter", dirs_exist_ok=True)
    assert models.default_student_adapter() == (str(tmp_path / "home" / "demo" / "adapter"), "the demo student the app built (home/demo/adapter)")
    shutil.copytree(adapter, tmp_path / "data" / "adapter")
    assert models.default_student_adapter() == ("data/adapter", "the CLI's default adapter (data/adapter)")


def test_students_lists_switches_and_refuses_to_delete_a_shipped_one(tmp_path, adapter, monkeypatch, capsys):
    """`students` on the app's data folder: the shipped students and the app's own runs, the active one starred;
    `--use` makes one active for the app and for `classify` without --adapter; `--delete` keeps the shipped ones."""
    from pipeline.models import default_student_adapter

    import fcntl
    import os
    import subprocess
    import sys

    from conftest import ROOT

    home = tmp_path / "app"
    shutil.copytree(adapter, home / "adapters" / "run-1")
    # the app holds settings.json's lock while it saves: the CLI waits for it, then keeps what the app saved
    with (home / ".settings.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = subprocess.Popen([sys.executable, "-m", "pipeline", "students", "--home", str(home), "--use", "adapters/run-1"],
                                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=5)  # blocked on the lock (it starts in about 2 s)
        (home / "settings.json").write_text(json.dumps({"dataset": "the app's dataset"}))
    out, _ = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and json.loads((home / "settings.json").read_text())["dataset"] == "the app's dataset"
    lines = out.splitlines()
    assert lines[0] == "  tiny" and "  smollm2-135m" in lines and "* adapters/run-1" in lines
    assert json.loads((home / "settings.json").read_text())["adapter"] == str(home / "adapters" / "run-1")
    monkeypatch.setenv("UNDERSTUDY_HOME", str(home))
    path, why = default_student_adapter()  # what classify, batch and serve take without --adapter
    assert path == str(home / "adapters" / "run-1") and "the student chosen with `students --use`" in why
    from pipeline.cli import main

    assert main(["students", "--home", str(home), "--use", "nope"]) == 2  # in this process: one subprocess is enough above
    assert capsys.readouterr().err.strip() == "error: no student 'nope'; the students are: tiny, smollm2-135m, adapters/run-1"
    assert main(["students", "--home", str(home), "--delete", "adapters/run-1"]) == 0
    assert "no student chosen" in capsys.readouterr().out
    assert not (home / "adapters" / "run-1").exists() and "adapter" not in json.loads((home / "settings.json").read_text())
    from pipeline import students

    with pytest.raises(UserError, match="tiny is a shipped student: it cannot be deleted"):
        students.run(students.StudentsConfig(home=str(home), delete="tiny"))


def test_bad_input_is_refused_before_the_student_loads(tmp_path, adapter):
    """The input is read before the model: with an adapter whose base is gone, a missing file or a missing text
    column is still the error a user gets (it used to come after loading, or never: the base failed first)."""
    broken = tmp_path / "broken"
    shutil.copytree(adapter, broken)
    config = json.loads((broken / "adapter_config.json").read_text())
    (broken / "adapter_config.json").write_text(json.dumps({**config, "base_model_name_or_path": str(tmp_path / "gone")}))
    texts = tmp_path / "texts.jsonl"
    texts.write_text(json.dumps({"id": 1, "text": "Toast"}) + "\n")
    missing = str(tmp_path / "missing.jsonl")
    assert "input not found" in error_line(cli("classify", "--adapter", str(broken), "--input", missing))
    assert "no 'recipe' column (found: id, text)" in error_line(cli("classify", "--adapter", str(broken), "--input", str(texts)))
    assert "no 'recipe' column (found: id, text)" in error_line(cli("batch", "--adapter", str(broken), "--input", str(texts),
                                                                    "--out", str(tmp_path / "out")))
    assert "input not found" in error_line(cli("calibrate", "--adapter", str(broken), "--input", missing))
    assert not (tmp_path / "out").exists()
