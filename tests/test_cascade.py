"""The cascade end to end: the shipped demo student, calibrated, sends its uncertain rows to a teacher that is
the project's own OpenAI-compatible server (serving another student), through the real openai SDK; batch
killed with SIGKILL half-way and run again; the drift warning on recipes unlike the calibration rows."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, cli, error_line
from pipeline import calibrate, calibration, prices, sample
from pipeline.student import LocalStudent
from test_label import served_teacher

SHIPPED = ROOT / "pipeline" / "demo_student"
KEY = "sk-test-cascade-key"
PRICE = {"input": 30.0, "output": 60.0}  # $ per 1M tokens, for the served model's name


@pytest.fixture(scope="module")
def teacher_model(adapter):
    return LocalStudent(adapter)


@pytest.fixture(scope="module")
def teacher(teacher_model):
    """The project's server, serving the conftest student as 'adapter', with a request counter (and a delay) in front."""
    with served_teacher(teacher_model, delay=0.02) as counter:
        yield counter


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory) -> Path:
    """A copy of the shipped student, calibrated on 300 generated recipes of a seed it never saw."""
    dest = tmp_path_factory.mktemp("cascade") / "demo_student"
    shutil.copytree(SHIPPED, dest)
    audit = sample.run(sample.SampleConfig(out=str(dest.parent / "audit"), n=300, seed=21))
    calibrate.run(calibrate.CalibrateConfig(adapter=str(dest / "adapter"), input=audit["labeled"], out=str(dest.parent / "cal")))
    return dest / "adapter"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    return Path(sample.run(sample.SampleConfig(out=str(out), n=240, seed=22))["unlabeled"])


@pytest.fixture
def env(tmp_path):
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"adapter": PRICE}))
    return {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": KEY, prices.ENV: str(path)}


def a_threshold(adapter: Path) -> float:
    """A threshold that sends about a third of the calibration rows to the teacher."""
    scores = sorted(s for s, _ in calibration.load(adapter / calibration.CALIBRATION_FILE).rows)
    return scores[len(scores) // 3]


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def within_sampling_error(seen: float, predicted: float, n: int) -> bool:
    return abs(seen - predicted) <= 4 * math.sqrt(predicted * (1 - predicted) / n) + 1 / n


def test_uncertain_rows_go_to_the_teacher_and_the_rest_stay(calibrated, corpus, teacher, teacher_model, env, tmp_path):
    threshold = a_threshold(calibrated)
    out, cache = tmp_path / "pred.jsonl", tmp_path / "cache.sqlite"
    args = ["classify", "--adapter", str(calibrated), "--input", str(corpus), "--out", str(out), "--cascade-teacher", "adapter",
            "--teacher-base-url", teacher.url, "--teacher-cache", str(cache), "--threshold", str(threshold)]
    before = teacher.count
    r = run(args, env)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)["cascade"]
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    texts = {json.loads(line)["id"]: json.loads(line)["recipe"] for line in corpus.read_text().splitlines()}
    assert [x["id"] for x in rows] == list(texts)  # every row, once, in order
    to_teacher = [x for x in rows if x["answered_by"] == "teacher"]
    by_student = [x for x in rows if x["answered_by"] == "student"]
    assert to_teacher and by_student
    assert all(min(x["confidence"].values()) < threshold for x in to_teacher)
    assert all(min(x["confidence"].values()) >= threshold for x in by_student)
    assert all(x["labels"] == x["student_labels"] for x in by_student)
    teachers_own = teacher_model.classify([texts[x["id"]] for x in to_teacher])
    assert [x["labels"] for x in to_teacher] == [t["labels"] for t in teachers_own]  # the teacher's answers, as it gives them
    assert teacher.count - before == len(to_teacher)
    assert summary["answered_by_teacher"] == len(to_teacher)
    # share as the calibration rows predicted, within sampling error; cost = the teacher's tokens at its price
    assert within_sampling_error(summary["teacher_share"], summary["predicted_teacher_share"], len(rows))
    assert summary["teacher_dollars"] == pytest.approx(
        (summary["teacher_prompt_tokens"] * PRICE["input"] + summary["teacher_completion_tokens"] * PRICE["output"]) / 1e6, rel=1e-6)
    assert summary["teacher_dollars"] > 0

    assert KEY not in r.stdout + r.stderr + out.read_text()
    from pipeline import classify

    for name in ("OPENAI_API_KEY", prices.ENV):
        os.environ[name] = env[name]
    try:  # a re-run asks the teacher nothing: every answer is in the cache
        again = classify.run(classify.ClassifyConfig(adapter=str(calibrated), input=str(corpus), out=str(out), cascade_teacher="adapter",
                                                     teacher_base_url=teacher.url, teacher_cache=str(cache), threshold=threshold))
    finally:
        for name in ("OPENAI_API_KEY", prices.ENV):
            os.environ.pop(name, None)
    assert teacher.count - before == len(to_teacher) and again["cascade"]["teacher_from_cache"] == len(to_teacher)


@pytest.fixture
def in_process(env, monkeypatch):
    """The environment `env` gives a subprocess, for a stage run in this process."""
    for name in ("OPENAI_API_KEY", prices.ENV):
        monkeypatch.setenv(name, env[name])


def test_a_target_picks_the_certified_threshold(calibrated, corpus, teacher, in_process, tmp_path):
    from pipeline import classify

    saved = calibration.load(calibrated / calibration.CALIBRATION_FILE)
    agreement_all_student = 1 - sum(loss for _, loss in saved.rows) / len(saved.rows)
    target = round((agreement_all_student + 1) / 2 - 0.002, 3)  # above what the student reaches alone
    choice = calibration.choose_threshold(saved.score_rows(), target, 0.05)
    assert 0 < choice.teacher_share < 1
    summary = classify.run(classify.ClassifyConfig(
        adapter=str(calibrated), input=str(corpus), out=str(tmp_path / "p.jsonl"), cascade_teacher="adapter", teacher_base_url=teacher.url,
        teacher_cache=str(tmp_path / "c.sqlite"), target_agreement=target))["cascade"]
    assert summary["threshold"] == choice.threshold and summary["agreement_bound"] >= target
    assert within_sampling_error(summary["teacher_share"], choice.teacher_share, 240)


def test_a_teacher_that_fails_leaves_the_row_unanswered(calibrated, corpus, in_process, tmp_path, caplog):
    """A teacher that cannot be reached: the rows meant for it have no labels and say why; none gets the student's."""
    from pipeline import classify

    summary = classify.run(classify.ClassifyConfig(
        adapter=str(calibrated), input=str(corpus), out=str(tmp_path / "p.jsonl"), cascade_teacher="adapter",
        teacher_base_url="http://127.0.0.1:9/v1", teacher_cache=str(tmp_path / "c.sqlite"), threshold=a_threshold(calibrated),
        teacher_max_retries=0))
    rows = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    failed = [x for x in rows if x["answered_by"] == "teacher"]
    assert failed and all(x["labels"] is None and x["error"].startswith("teacher (adapter):") and x["student_labels"] for x in failed)
    assert summary["cascade"]["teacher_failed"] == len(failed)
    assert "the teacher failed on" in caplog.text and "run the same command again" in caplog.text


def test_batch_cascade_killed_half_way_gives_every_row_once(calibrated, corpus, teacher, env, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache.sqlite"
    args = ["batch", "--adapter", str(calibrated), "--input", str(corpus), "--out", str(out), "--chunk-size", "40", "--batch-size", "40",
            "--cascade-teacher", "adapter", "--teacher-base-url", teacher.url, "--teacher-cache", str(cache), "--teacher-concurrency", "2",
            "--threshold", str(a_threshold(calibrated))]
    before = teacher.count
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(list(out.glob("part-*.parquet"))) < 2:
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = len(list(out.glob("part-*.parquet")))
    assert 2 <= finished < 6
    asked_before_kill = teacher.count - before

    r = run(args, env)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    got = pd.concat([pd.read_parquet(p) for p in sorted(out.glob("part-*.parquet"))]).reset_index(drop=True)
    assert list(got["row"]) == list(range(240)) and got["id"].is_unique
    to_teacher = got[got["answered_by"] == "teacher"]
    assert len(to_teacher) and (got["answered_by"] == "student").sum()
    assert all(min(c.values()) < a_threshold(calibrated) for c in to_teacher["confidence"])
    # no finished teacher call asked twice: at most the calls in flight when it was killed (2) are asked again
    assert teacher.count - before <= len(to_teacher) + 2
    assert summary["cascade"]["teacher_from_cache"] >= 0 and asked_before_kill > 0


def test_drift_warning_on_recipes_unlike_the_calibration_rows(calibrated, tmp_path, caplog):
    """The 60 hand-written recipes against calibration rows of generated ones: warned once, in the log and the summary."""
    from pipeline import batch

    student = LocalStudent(str(calibrated))
    summary = batch.run(batch.BatchConfig(adapter=str(calibrated), input=str(ROOT / "bench" / "realistic_recipes.jsonl"), out=str(tmp_path / "o")),
                        student=student)
    assert summary["drift"]["drift"] is True and summary["drift"]["rows"] == 60
    assert caplog.text.count("drift: the student's confidence") == 1 and summary["drift"]["warning"].startswith("drift:")
    caplog.clear()

    generated = sample.run(sample.SampleConfig(out=str(tmp_path / "s"), n=200, seed=23))["unlabeled"]
    summary = batch.run(batch.BatchConfig(adapter=str(calibrated), input=generated, out=str(tmp_path / "o2")), student=student)
    assert summary["drift"]["drift"] is False and "drift:" not in caplog.text


def test_cascade_bad_inputs(calibrated, tmp_path, env):
    plain = tmp_path / "plain"
    shutil.copytree(calibrated.parent, plain)
    (plain / "adapter" / calibration.CALIBRATION_FILE).unlink()
    line = error_line(cli("classify", "--adapter", str(plain / "adapter"), "--text", "Soup", "--cascade-teacher", "gpt-4"))
    assert "needs the student's calibration" in line and "calibrate" in line
    from pipeline import classify
    from pipeline.errors import UserError

    with pytest.raises(UserError, match="--target-agreement must be above 0 and at most 1"):
        classify.run(classify.ClassifyConfig(adapter=str(calibrated), text="Soup", cascade_teacher="gpt-4", target_agreement=1.5))


def test_remote_backends_report_the_same_calibrated_confidence(calibrated, corpus):
    """The server answers the model's own confidences, as vLLM and TGI do; the client applies the adapter's
    calibration, so remote and local calibrated confidences agree within 1e-3 on the same rows."""
    from conftest import run_in_thread
    from pipeline.classify import ClassifyConfig
    from pipeline.serve import ServeConfig, make_server

    local = LocalStudent(str(calibrated))
    srv = make_server(ServeConfig(adapter=str(calibrated), port=0), student=local)
    thread, port = run_in_thread(srv)
    try:
        texts = [json.loads(line)["recipe"] for line in corpus.read_text().splitlines()][:40]
        want = local.classify(texts)
        assert any(w["confidence"] != w["raw_confidence"] for w in want)  # the calibration changed something
        for backend in ("openai", "tgi"):
            url = f"http://127.0.0.1:{port}" + ("/v1" if backend == "openai" else "")
            remote = ClassifyConfig(adapter=str(calibrated), backend=backend, url=url, adapter_id="adapter", concurrency=4).load()
            assert remote.calibration is not None
            got = remote.classify(texts)
            assert [g["labels"] for g in got] == [w["labels"] for w in want]
            for g, w in zip(got, want):
                for name in local.task.field_names:
                    assert abs(g["confidence"][name] - w["confidence"][name]) <= 1e-3, backend
                    assert abs(g["raw_confidence"][name] - w["raw_confidence"][name]) <= 1e-3, backend
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
