"""batch --engine ray: classify a corpus on a Ray cluster, into the same parts and manifest as `batch`.

The corpus becomes a Ray Dataset whose one read task streams this shard's rows (after the finished
parts) exactly as the local engine reads them, on the driver's node, one block per chunk. `map_batches`
hands the blocks to a pool of `--workers` actors; each actor loads the student once (the local
constrained decoder on CPU, or on `--gpus-per-worker` GPUs; or a client of a TGI/vLLM server) and
classifies a chunk as `batch` does. The driver takes the results back in input order and writes
`OUT/part-NNNNN.parquet` every `--chunk-size` rows, with the manifest of the local engine: a folder
started by one engine is resumed by the other, and the two give the same rows.

What survives what:
- an actor that dies (killed, out of memory, its node lost): Ray restarts it and runs its chunk again
  (Ray Data's actor pools retry their tasks); the driver still receives each row once;
- the driver that dies (SIGKILL, the machine): the parts written so far are complete files, and a re-run
  with the same --out carries on after the last one, as with the local engine.

Ray is an extra (`pip install -r requirements-scale.txt`); without it `--engine ray` is one error line.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import calibration
from pipeline.batch import (
    BatchConfig,
    Plan,
    PartWriter,
    already_complete,
    begin_writing,
    check_settings,
    finish,
    model_identity,
    plan,
    progress_bar,
    refuse_a_missing_column,
    rows_to_classify,
    text_and_id,
    with_trust,
)
from pipeline.cascade import Cascade
from pipeline.data import stream_rows
from pipeline.errors import UserError
from pipeline.student import resolve_local


log = logging.getLogger("understudy.batch")

INSTALL = "pip install -r requirements-scale.txt (or pip install 'ray[data]')"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # the folder holding pipeline/, for local workers' PYTHONPATH


# ----------------------------------------------------------------------------------------------------
# The student, named without loading it (the driver only writes; the actors load it)
# ----------------------------------------------------------------------------------------------------


@dataclass
class Described:
    """A stand-in with the local student's describe(), task and calibration: what the driver needs for the
    manifest's model identity, the cascade and the drift test, without the weights."""

    identity: dict
    task: object = None
    calibration: object = field(default=None)

    def describe(self) -> dict:
        return self.identity


def described(config: BatchConfig):
    """The student as the driver knows it: a LocalStudent of this config named without loading its weights
    (a remote student is only a client: it is connected, as the local engine does)."""
    if config.backend != "local":
        return config.load()
    adapter, base_model, task = resolve_local(config.adapter, config.base_model, config.task or None)
    return Described({"backend": "local", "base_model": base_model, "adapter": adapter}, task,
                     calibration.find(adapter, task, config.calibration or None))


class Classifier:
    """The actor's work: the student loaded once, then one chunk (a pyarrow table of id, row, text) at a
    time into a table of id, row and each row's result as JSON."""

    def __init__(self, make_student, batch_size: int):
        try:
            self.student = make_student()
        except UserError:
            raise
        except Exception as e:  # noqa: BLE001 - whatever stops the load, said in one line on the driver
            raise UserError(f"could not load the student on {socket.gethostname()}: {type(e).__name__}: {str(e).splitlines()[0][:200]}") from None
        self.batch_size = batch_size

    def __call__(self, table):
        import pyarrow as pa

        results = self.student.classify(table.column("text").to_pylist(), self.batch_size)
        return pa.table({"id": table.column("id"), "row": table.column("row"), "text": table.column("text"),
                         "result": [json.dumps(r, ensure_ascii=False) for r in results]})


# ----------------------------------------------------------------------------------------------------
# The input as a Ray Dataset: this shard's rows, streamed on the driver's node, one block per chunk
# ----------------------------------------------------------------------------------------------------


def shard_rows(config: BatchConfig, p: Plan):
    """The input as a Ray Datasource: one read task streaming the rows `batch` would classify, in input order,
    `chunk_size` to a block (the class is made here, over Ray's Datasource, so that importing this module does not
    import Ray)."""
    from ray.data import Datasource, ReadTask
    from ray.data.block import BlockMetadata

    class ShardRows(Datasource):
        """One read task streaming the rows `batch` would classify, in input order, `chunk_size` to a block."""

        def __init__(self, config: BatchConfig, p: Plan):
            self.source, self.split = p.source, config.split
            self.column, self.id_column = p.column, config.id_column
            self.shard, self.skip, self.chunk_size = p.shard, p.skip, config.chunk_size

        def estimate_inmemory_data_size(self):
            return None

        def supports_distributed_reads(self) -> bool:
            return False  # the input need only be on the driver's machine

        def get_read_tasks(self, parallelism, per_task_row_limit=None, data_context=None):
            meta = BlockMetadata(num_rows=None, size_bytes=None, input_files=None, exec_stats=None)
            return [ReadTask(self.blocks, meta)]

        def blocks(self):
            import pyarrow as pa

            shard_i, shard_n = self.shard
            skip = self.skip
            keep = lambda index: index % shard_n == shard_i and index // shard_n >= skip  # noqa: E731
            ids, rows, texts = [], [], []
            for index, row in stream_rows(self.source, keep, self.split, columns=[self.column, self.id_column]):
                text, rid = text_and_id(index, row, self.column, self.id_column)
                ids.append(rid), rows.append(index), texts.append(text)
                if len(rows) == self.chunk_size:
                    yield pa.table({"id": ids, "row": rows, "text": texts})
                    ids, rows, texts = [], [], []
            if rows:
                yield pa.table({"id": ids, "row": rows, "text": texts})

    return ShardRows(config, p)


# ----------------------------------------------------------------------------------------------------
# The cluster
# ----------------------------------------------------------------------------------------------------


def require_ray():
    """Ray, imported on first use: an extra (without it, --engine ray is one line saying how to install it), and
    importing it costs most of a second, which no other verb of the CLI should pay."""
    try:
        import ray
    except ImportError:
        raise UserError(f"--engine ray needs Ray, which is not installed: {INSTALL}") from None
    return ray


def check_reachable(address: str) -> None:
    """An unreachable HOST:PORT (or ray://HOST:PORT) in one line within seconds, not after Ray's retries."""
    m = re.fullmatch(r"(?:ray://)?\[?([^\]/]+?)\]?:(\d+)/?", address)
    if address == "auto":
        return
    if not m:
        raise UserError(f"--ray-address must be auto, HOST:PORT or ray://HOST:PORT, got {address!r}")
    try:
        socket.create_connection((m.group(1), int(m.group(2))), timeout=5).close()
    except OSError as e:
        raise UserError(f"--ray-address {address}: nothing answers there ({e.strerror or e}); start the cluster with "
                        "`ray start --head` on that machine, or leave --ray-address empty for a local one") from None


def connect(config: BatchConfig) -> bool:
    """Join the cluster --ray-address names, or start a local one; True when this run started Ray (and
    shuts it down). A Ray already started in this process (a notebook, the tests) is used as it is."""
    ray = require_ray()
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)  # its plan, timings and a worker's traceback: the run says what matters
    if ray.is_initialized():
        return False
    address = config.ray_address.strip()
    quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
    pythonpath = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")]))
    if not address:
        ray.init(runtime_env={"env_vars": {"PYTHONPATH": pythonpath}}, **quiet)
        return True
    check_reachable(address)
    # a client (ray://) cluster gets this package shipped with the job; a cluster joined on this machine
    # (or one where the package sits at the same path) finds it on PYTHONPATH
    runtime_env = {"py_modules": [str(PACKAGE_ROOT / "pipeline")]} if address.startswith("ray://") else {"env_vars": {"PYTHONPATH": pythonpath}}
    try:
        ray.init(address=address, runtime_env=runtime_env, **quiet)
    except (ConnectionError, RuntimeError) as e:
        where = "no Ray cluster is running on this machine" if address == "auto" else f"could not join the Ray cluster at {address}"
        raise UserError(f"--ray-address {address}: {where} ({str(e).splitlines()[0][:160]}); start one with `ray start --head`, "
                        "or leave --ray-address empty for a local one") from None
    return True


def check_resources(config: BatchConfig) -> None:
    """Workers and GPUs the cluster can hold, before anything is written."""
    if config.workers < 1:
        raise UserError(f"--workers must be at least 1, got {config.workers}")
    if config.gpus_per_worker < 0 or config.cpus_per_worker < 0:
        raise UserError("--gpus-per-worker and --cpus-per-worker must be 0 or more")
    have = require_ray().cluster_resources()
    gpus, cpus = config.workers * config.gpus_per_worker, config.workers * config.cpus_per_worker
    if gpus > have.get("GPU", 0):
        raise UserError(f"--workers {config.workers} --gpus-per-worker {config.gpus_per_worker:g} asks for {gpus:g} GPUs; the cluster has "
                        f"{have.get('GPU', 0):g}: ask for fewer workers or add GPU nodes")
    if cpus > have.get("CPU", 0):
        raise UserError(f"--workers {config.workers} --cpus-per-worker {config.cpus_per_worker:g} asks for {cpus:g} CPUs; the cluster has "
                        f"{have.get('CPU', 0):g}: ask for fewer workers or --cpus-per-worker 0.5")


def worker_error(error: Exception) -> UserError:
    """A worker's failure as one line: the UserError it raised (e.g. an adapter it cannot load), else the
    exception's first line."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # Ray colours its messages
    found = re.findall(r"UserError: (.+)", text) or re.findall(r"^\w[\w.]*(?:Error|Exception): (.+)$", text, re.M)
    first = found[-1] if found else next((line for line in text.splitlines() if line.strip()), type(error).__name__)
    return UserError(f"a Ray worker failed: {first.strip()[:300]} (the adapter and base model must be readable on every node: "
                     "a shared folder or a Hub id)")


# ----------------------------------------------------------------------------------------------------
# The stage
# ----------------------------------------------------------------------------------------------------


def run(config: BatchConfig, make_student=None, progress=None) -> dict:
    """Classify this shard of the input on a Ray cluster into OUT's parts, resuming after the last
    finished one. `make_student()` builds the student in each actor (default: the config's own)."""
    settings = check_settings(config)
    ray = require_ray()
    refuse_a_missing_column(config)  # before the student loads
    student = described(config)
    cascade = Cascade(config, student) if config.cascade_teacher else None  # its threshold is checked before any work
    p = plan(config, settings, student.task, model_identity(student), cascade.identity() if cascade else None)
    if (done := already_complete(p)) is not None:
        return done
    started = connect(config)
    try:
        check_resources(config)
        return classify_on_cluster(config, p, student, make_student or replace(config, engine="local").load, progress, cascade)
    finally:
        if started:
            ray.shutdown()


def dataset(config: BatchConfig, p: Plan, make_student):
    """This shard's rows read, then classified by the actor pool, in input order."""
    ray = require_ray()
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # parts are written in row order: the unit of resuming
    context.enable_progress_bars = False  # the run's own bar shows rows, rows/s and the ETA
    rows = ray.data.read_datasource(shard_rows(config, p), num_cpus=0)  # reading takes little CPU
    return rows.map_batches(
        Classifier, fn_constructor_args=(make_student, config.batch_size), batch_size=config.chunk_size, batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=config.workers), num_cpus=config.cpus_per_worker, num_gpus=config.gpus_per_worker,
    )  # Ray Data's actor pools restart a dead actor and run its chunk again (max_restarts, max_task_retries: -1)


def classify_on_cluster(config: BatchConfig, p: Plan, student, make_student, progress, cascade: Cascade | None = None) -> dict:
    """The actors classify; the driver runs the drift test and the cascade's teacher calls (one cache, on its
    own disk) on each chunk, then writes it."""
    next(iter(rows_to_classify(config, p)), None)  # a missing column or an empty input: refused before anything is written
    lock = begin_writing(p)  # noqa: F841 - held until this function returns (or the process dies)
    writer = PartWriter(p, config.chunk_size, student.task)
    drift = calibration.DriftWatch(getattr(student, "calibration", None))
    start = time.perf_counter()
    with progress_bar(config, p, progress) as bar:
        try:
            for block in dataset(config, p, make_student).iter_batches(batch_size=None, batch_format="pyarrow"):
                results = [json.loads(r) for r in block.column("result").to_pylist()]
                if (line := drift.add(results)):
                    log.warning("%s", line)
                if cascade:
                    results = cascade.answer(block.column("text").to_pylist(), results)
                writer.add(block.column("id").to_pylist(), block.column("row").to_pylist(), results)
                bar.update(len(results))
        except UserError:
            raise
        except Exception as e:  # noqa: BLE001 - a worker's failure, whatever Ray wrapped it in, is one line
            raise worker_error(e) from None
    writer.close()
    if (line := drift.test()):
        log.warning("%s", line)
    return with_trust(finish(p, writer, time.perf_counter() - start), drift, cascade)

