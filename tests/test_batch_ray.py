"""batch --engine ray: the rows of the local engine, from an actor pool on a local Ray cluster; a dead actor
or a dead driver loses and repeats no row; each bad input is one line."""

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
import ray  # requirements-scale.txt, which the test command installs
from conftest import ROOT, cli, error_line

from pipeline import batch, batch_ray
from pipeline.errors import UserError
from pipeline.sample import generate
from pipeline.student import LocalStudent


@pytest.fixture(scope="module")
def cluster():
    """One local Ray cluster of 2 CPUs for the module; its workers import the package and these tests."""
    paths = os.pathsep.join([str(ROOT), str(ROOT / "tests")])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": paths, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}})
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """300 generated recipes as JSONL."""
    path = tmp_path_factory.mktemp("ray_corpus") / "recipes.jsonl"
    path.write_text("".join(json.dumps({"id": r["id"], "recipe": r["recipe"]}) + "\n" for r in generate(300, seed=13)))
    return path


@pytest.fixture(scope="module")
def local_rows(adapter, corpus, tmp_path_factory):
    """The local engine's output for the corpus, chunks of 50."""
    out = tmp_path_factory.mktemp("local") / "out"
    batch.run(batch.BatchConfig(input=str(corpus), out=str(out), adapter=adapter, chunk_size=50), LocalStudent(adapter))
    return output_rows(out)


def output_rows(out) -> pd.DataFrame:
    return pd.read_parquet(out).sort_values("row").reset_index(drop=True)


def ray_config(adapter, corpus, out, **changes) -> batch.BatchConfig:
    settings = {"engine": "ray", "workers": 2, "chunk_size": 50, **changes}
    return batch.BatchConfig(input=str(corpus), out=str(out), adapter=adapter, **settings)


class DiesOnce:
    """A student whose actor is killed (ray.kill) during its second chunk, the first time only."""

    def __init__(self, adapter: str, marker: str):
        self.student, self.marker, self.calls = LocalStudent(adapter), marker, 0
        self.task = self.student.task

    def classify(self, texts, batch_size=32, progress=None):
        self.calls += 1
        if self.calls == 2 and not os.path.exists(self.marker):
            open(self.marker, "w").close()
            ray.kill(ray.get_runtime_context().current_actor, no_restart=False)
            time.sleep(120)  # killed meanwhile: this chunk never comes back from this actor
        return self.student.classify(texts, batch_size, progress)


def test_two_workers_give_the_local_engines_rows(cluster, adapter, corpus, local_rows, tmp_path):
    result = batch_ray.run(ray_config(adapter, corpus, tmp_path / "out"))
    assert result["rows"] == 300 and result["parts"] == 6 and result["errors"] == 0
    got = output_rows(tmp_path / "out")
    assert list(got["row"]) == list(range(300))
    assert list(got["id"]) == list(local_rows["id"])
    assert list(got["labels"]) == list(local_rows["labels"])
    assert list(got["confidence"]) == list(local_rows["confidence"])  # the same chunks, the same batches: equal
    manifest = json.loads((tmp_path / "out" / "_manifest.json").read_text())
    assert manifest["complete"] and manifest["engine"] == "ray" and manifest["model"]["adapter"] == adapter


def test_an_actor_killed_half_way_loses_and_repeats_nothing(cluster, adapter, corpus, local_rows, tmp_path):
    marker = tmp_path / "killed"
    result = batch_ray.run(ray_config(adapter, corpus, tmp_path / "out"), make_student=functools.partial(DiesOnce, adapter, str(marker)))
    assert marker.exists(), "no actor was killed"
    assert result["rows"] == 300
    got = output_rows(tmp_path / "out")
    assert list(got["row"]) == list(range(300))  # every row once
    assert list(got["labels"]) == list(local_rows["labels"])


def test_a_driver_killed_with_sigkill_is_resumed(cluster, adapter, corpus, local_rows, tmp_path):
    out = tmp_path / "out"
    args = ["batch", "--engine", "ray", "--ray-address", cluster, "--input", str(corpus), "--out", str(out),
            "--adapter", adapter, "--workers", "2", "--chunk-size", "25"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(list(out.glob("part-*.parquet"))) < 2:
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = len(list(out.glob("part-*.parquet")))
    assert 2 <= finished < 12, "kill it half-way"
    assert json.loads((out / "_manifest.json").read_text())["complete"] is False

    result = cli(*args)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["resumed_after_rows"] == finished * 25 and summary["rows"] == 300
    got = output_rows(out)
    assert list(got["row"]) == list(range(300))  # every row exactly once
    assert list(got["labels"]) == list(local_rows["labels"])


def test_the_cascade_on_ray_answers_as_the_local_engine(cluster, adapter, corpus, local_rows, tmp_path, monkeypatch):
    """--cascade-teacher with --engine ray: the actors classify, the driver sends the rows below the threshold to
    the teacher (the project's server) and writes who answered, as the local engine does."""
    from test_label import served_teacher

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with served_teacher(LocalStudent(adapter)) as teacher:
        threshold = sorted(min(c.values()) for c in local_rows["confidence"])[100]  # about a third to the teacher
        cascade = dict(cascade_teacher="adapter", teacher_base_url=teacher.url, threshold=threshold)
        local = batch.run(batch.BatchConfig(input=str(corpus), out=str(tmp_path / "local"), adapter=adapter, chunk_size=50,
                                            teacher_cache=str(tmp_path / "c1.sqlite"), **cascade), LocalStudent(adapter))
        asked = teacher.count
        result = batch_ray.run(ray_config(adapter, corpus, tmp_path / "ray", teacher_cache=str(tmp_path / "c2.sqlite"), **cascade))
    got, want = output_rows(tmp_path / "ray"), output_rows(tmp_path / "local")
    assert list(got["answered_by"]) == list(want["answered_by"]) and list(got["labels"]) == list(want["labels"])
    assert (got["answered_by"] == "teacher").sum() == result["cascade"]["answered_by_teacher"] == local["cascade"]["answered_by_teacher"] > 0
    assert teacher.count - asked == result["cascade"]["answered_by_teacher"]  # its own cache: every routed row asked once
    assert json.loads((tmp_path / "ray" / "_manifest.json").read_text())["cascade"]["threshold"] == threshold


def test_a_folder_started_by_the_local_engine_is_finished_by_ray(cluster, adapter, corpus, local_rows, tmp_path):
    out = tmp_path / "out"
    batch.run(batch.BatchConfig(input=str(corpus), out=str(out), adapter=adapter, chunk_size=50, shard="0/1"), LocalStudent(adapter))
    for part in ("part-00004.parquet", "part-00005.parquet"):  # as if killed after four parts
        (out / part).unlink()
    manifest = json.loads((out / "_manifest.json").read_text())
    (out / "_manifest.json").write_text(json.dumps({**manifest, "complete": False}))
    result = batch_ray.run(ray_config(adapter, corpus, out))
    assert result["resumed_after_rows"] == 200 and result["new_rows"] == 100
    got = output_rows(out)
    assert list(got["row"]) == list(range(300)) and list(got["labels"]) == list(local_rows["labels"])


def test_bad_cluster_requests_are_one_line_and_write_nothing(cluster, adapter, tiny_base, corpus, tmp_path):
    with pytest.raises(UserError, match=r"asks for 2 GPUs; the cluster has 0"):
        batch_ray.run(ray_config(adapter, corpus, tmp_path / "gpus", gpus_per_worker=1))
    with pytest.raises(UserError, match=r"asks for 6 CPUs; the cluster has 2"):
        batch_ray.run(ray_config(adapter, corpus, tmp_path / "cpus", workers=3, cpus_per_worker=2))
    assert not (tmp_path / "gpus").exists() and not (tmp_path / "cpus").exists()

    broken = tmp_path / "broken"  # its config is there, its weights are not: only a worker finds out
    shutil.copytree(adapter, broken)
    (broken / "adapter_model.safetensors").unlink()
    with pytest.raises(UserError, match=r"a Ray worker failed: .*adapter"):
        batch_ray.run(ray_config(str(broken), corpus, tmp_path / "broken_out"))
    assert json.loads((tmp_path / "broken_out" / "_manifest.json").read_text())["complete"] is False
    assert not list((tmp_path / "broken_out").glob("part-*"))


def test_bad_input_lines(adapter, tiny_base, corpus, tmp_path):
    """Each is refused before Ray starts, with nothing written."""
    line = error_line(cli("batch", "--engine", "ray", "--input", str(corpus), "--adapter", adapter, "--out", str(tmp_path / "a"),
                          "--ray-address", "127.0.0.1:9"))
    assert "--ray-address 127.0.0.1:9: nothing answers there" in line and "ray start --head" in line
    with pytest.raises(UserError, match="--ray-address must be auto, HOST:PORT or ray://HOST:PORT"):
        batch_ray.check_reachable("my cluster")

    no_ray = tmp_path / "no_ray" / "ray"  # a `ray` that cannot be imported, as on a machine without the extra
    no_ray.mkdir(parents=True)
    (no_ray / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(no_ray.parent), str(ROOT)])}
    result = subprocess.run([sys.executable, "-m", "pipeline", "batch", "--engine", "ray", "--input", str(corpus), "--adapter", adapter,
                             "--out", str(tmp_path / "b")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "pip install -r requirements-scale.txt" in error_line(result)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()

    small = tmp_path / "small.jsonl"
    small.write_text("".join(corpus.read_text().splitlines(keepends=True)[:20]))
    out = tmp_path / "mixed"
    batch.run(batch.BatchConfig(input=str(small), out=str(out), adapter=adapter, chunk_size=10), LocalStudent(adapter))
    with pytest.raises(UserError, match="refusing to mix"):
        batch_ray.run(batch.BatchConfig(input=str(small), out=str(out), adapter="", base_model=tiny_base, chunk_size=10, engine="ray"))
