"""jobs: run the train stage as a Hugging Face Job on a Hub GPU (`python -m pipeline train --on hf-jobs`).

    python -m pipeline train --on hf-jobs --flavor a10g-small --push-to user/recipes-lora \\
        --dataset data/prepared --base-model Qwen/Qwen2.5-0.5B-Instruct

What happens:
1. The prepared dataset goes to the Hub first when it is a local folder (a private dataset repo named
   after --push-to with "-data" appended); a Hub dataset id is used as is.
2. This package (pipeline/ and requirements.txt, nothing else) goes to a private model repo
   USER/understudy-code; the Job mounts that commit read-only at /code.
3. huggingface_hub's run_job starts IMAGE on --flavor (one the Hub lists for Jobs now) for at most TIMEOUT,
   with the token as the secret HF_TOKEN (never in the command or the environment), and runs
   `python -m pipeline train` with the same settings, QLoRA (--quantization 4bit), reading the dataset from
   the Hub and pushing the adapter with its card to --push-to.
4. The command prints the Job's id and URL, streams its logs, and reports how it ended.

Every call acts as the caller (pipeline.hub.acting_as: a visitor's own token, or HF_TOKEN outside it); a
thread that follows or cancels a Job must run in a copy of the caller's context
(`threading.Thread(target=contextvars.copy_context().run, args=(work,))`), or it acts as the owner.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import sys
import tempfile
import time
from pathlib import Path

from pipeline import hub
from pipeline.errors import UserError
from pipeline.train import LOSS_MARK, TrainConfig, loss_entry, loss_line, loss_text  # noqa: F401 - jobs.loss_line

IMAGE = os.environ.get("UNDERSTUDY_JOB_IMAGE", "pytorch/pytorch:2.6.0-cuda12.4-cudnn9-runtime")
TIMEOUT = os.environ.get("UNDERSTUDY_JOB_TIMEOUT", "3h")  # a Job's default time limit, and the longest one may ask for
CODE_REPO = "understudy-code"
ROOT = Path(__file__).resolve().parent.parent
TERMINAL = ("COMPLETED", "ERROR", "CANCELED", "DELETED")


def gpu_flavors() -> list[str]:
    """The GPU flavors huggingface_hub knows (offline; the Hub's own list now: hub_gpu_flavors)."""
    from huggingface_hub import JobHardware

    return [h.value for h in JobHardware if not h.value.startswith("cpu")]


def hub_gpu_flavors(hf) -> list[str]:
    """The GPU flavors the Hub lists for Jobs now (list_jobs_hardware); gpu_flavors() where it has no such list."""
    from huggingface_hub.errors import HfHubHTTPError

    with hub.hub_errors("list the Jobs hardware"):
        try:
            return [h.name for h in hf.list_jobs_hardware() if h.accelerator is not None]
        except HfHubHTTPError as e:
            if e.response is None or e.response.status_code != 404:
                raise
    return gpu_flavors()


def check_flavor(flavor: str, offered: list[str]) -> str:
    if flavor not in offered:
        raise UserError(f"unknown GPU flavor {flavor!r}; use one of: {', '.join(offered)}")
    return flavor


DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd]?)")
SECONDS_PER = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def duration_seconds(value: str | int | float) -> float | None:
    """Seconds in a number of seconds or a duration like "90m", "3h", "1d"; None for anything else."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = DURATION.fullmatch(str(value).strip())
    return float(match[1]) * SECONDS_PER[match[2]] if match else None


def timeout_seconds(timeout: str | int | float) -> int:
    """A Job's time limit in whole seconds, or a UserError when it is no duration or longer than TIMEOUT."""
    limit = duration_seconds(TIMEOUT)
    if limit is None:
        raise UserError(f"UNDERSTUDY_JOB_TIMEOUT={TIMEOUT!r} is no duration; set it like 3h or 90m")
    seconds = duration_seconds(timeout)
    if seconds is None or not seconds >= 1:  # NaN too
        raise UserError(f"invalid Job timeout {str(timeout)[:40]!r}: give seconds or a duration like 90m or 2h")
    if seconds > limit:
        raise UserError(f"a Job may run at most {TIMEOUT}; ask for {TIMEOUT} or less (asked: {timeout})")
    return int(seconds)


def stage_code(staged: Path) -> list[str]:
    """pipeline/*.py, its tasks and requirements.txt: what the Job (and a Space) needs to run the stages."""
    files = []
    for path in sorted((ROOT / "pipeline").rglob("*")):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".jinja") and not hub.never_upload(rel):
            target = staged / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
            files.append(rel)
    (staged / "requirements.txt").write_bytes((ROOT / "requirements.txt").read_bytes())
    return files + ["requirements.txt"]


def train_args(config) -> list[str]:
    """`python -m pipeline train` flags for the Job: every setting that differs from its default."""
    defaults = TrainConfig()
    args = []
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if f.name in ("on", "out") or value == getattr(defaults, f.name):
            continue
        args += [f"--{f.name.replace('_', '-')}", str(value).lower() if isinstance(value, bool) else str(value)]
    return args


def job_command(config, dataset: str, code_dir: str = "/code") -> list[str]:
    """The command the Job runs: install the requirements (the image's torch kept), then train and push."""
    run = dataclasses.replace(config, on="local", dataset=dataset, out="/tmp/adapter",
                              quantization=config.quantization if config.quantization != "none" else "4bit")
    train = ["python", "-m", "pipeline", "train", *train_args(run), "--out", "/tmp/adapter"]
    script = (f"cp -r {code_dir} /tmp/understudy && cd /tmp/understudy && grep -v '^torch==' requirements.txt > /tmp/req.txt && "
              f"pip install --quiet --no-cache-dir -r /tmp/req.txt bitsandbytes && {shlex.join(train)}")
    return ["bash", "-c", script]


def check(config) -> None:
    if not config.flavor:
        raise UserError(f"--on hf-jobs needs --flavor, one of: {', '.join(gpu_flavors())}")
    check_flavor(config.flavor, gpu_flavors())
    if not config.push_to:
        raise UserError("--on hf-jobs needs --push-to user/name: the Job pushes the adapter there")
    hub.check_repo_id(config.push_to, "--push-to")
    if Path(config.base_model).exists() or not hub.looks_like_repo_id(config.base_model):
        raise UserError(f"--base-model {config.base_model!r} is a local folder; a Job needs a Hub model id (e.g. Qwen/Qwen2.5-0.5B-Instruct)")


def run(config: TrainConfig) -> dict:
    """train --on hf-jobs: the training stage on a Hub GPU (QLoRA), which pushes the adapter to
    --push-to; streams the Job's logs until it ends."""
    return submit(config)


def submit(config, follow: bool = True, endpoint: str = "", printer=print, timeout: str | int | float = TIMEOUT) -> dict:
    """Start the Job as the caller (hub.acting_as), on a flavor the Hub lists, for at most `timeout` (no
    longer than TIMEOUT); with `follow`, stream its logs and wait for its end. Returns {"job_id", "url", "stage", ...}.
    A push_to outside the token's namespace and organizations is refused before anything is sent."""
    check(config)
    seconds = timeout_seconds(timeout)
    tok = hub.need_token("start a Hugging Face Job", allow_local_flag=False)
    me = hub.whoami(endpoint, tok)
    hub.check_can_write(me, config.push_to, "start a Job that pushes an adapter")
    hf = hub.api(endpoint, tok)
    flavor = check_flavor(config.flavor, hub_gpu_flavors(hf))
    namespace = me["name"]
    dataset = config.dataset
    if Path(dataset).exists():  # the Job cannot see a local folder: to the Hub, even when HF_HUB_DIR is set
        data_repo = config.push_to + "-data"
        printer(f"pushing the dataset {dataset} to {data_repo} (private) for the Job ...")
        hub.push_dataset(hub.PushDatasetConfig(dir=str(Path(dataset).parent if Path(dataset).name == "dataset" else dataset),
                                               repo=data_repo, private=True, endpoint=endpoint), to_hub=True)
        dataset = data_repo
    elif not hub.looks_like_repo_id(dataset):
        raise UserError(f"--dataset {dataset!r}: not a local folder nor a Hub dataset id (user/name)")
    with tempfile.TemporaryDirectory(prefix="understudy-code-") as tmp:
        stage_code(Path(tmp))
        code = hub.push_folder(Path(tmp), "model", f"{namespace}/{CODE_REPO}", private=True,
                               message="Understudy code for a training Job", endpoint=endpoint, to_hub=True)
    from huggingface_hub import Volume

    with hub.hub_errors("start the Job", endpoint=endpoint):
        job = hf.run_job(
            image=IMAGE,
            command=job_command(config, dataset),
            env={"PYTHONUNBUFFERED": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1", "UNDERSTUDY_IN_JOB": "1"},
            secrets={"HF_TOKEN": tok},
            flavor=flavor,
            timeout=seconds,
            volumes=[Volume(type="model", source=code["repo"], mount_path="/code", revision=code["commit"], read_only=True)],
            labels={"app": "understudy", "stage": "train"},
            namespace=namespace,
        )
    printer(f"job {job.id} started on {config.flavor}: {job.url}")
    result = {"job_id": job.id, "url": job.url, "flavor": config.flavor, "adapter": config.push_to, "dataset": dataset,
              "stage": job.status.stage, "namespace": namespace, "endpoint": endpoint}
    return follow_job(result, printer) if follow else result


def follow_job(started: dict, printer=print, on_loss=None) -> dict:
    """Stream a started Job's logs through `printer` (each loss line also to `on_loss(entry)`), wait for
    its end, and return `started` with the final stage. A Job that did not complete is one UserError.
    Acts as the caller (hub.acting_as): from another thread, run it in a copy of the caller's context
    (contextvars.copy_context().run)."""
    job_id, namespace, endpoint = started["job_id"], started["namespace"], started.get("endpoint", "")
    for line in logs(job_id, namespace, endpoint=endpoint):
        line = hub.scrub(line)
        entry = loss_entry(line)
        if entry is None:
            printer(line)
        elif on_loss is not None:
            on_loss(entry)
        else:
            printer(loss_text(entry))
    final = status(job_id, namespace, endpoint=endpoint, wait=True)
    result = {**started, "stage": final["stage"], "message": final["message"]}
    if final["stage"] != "COMPLETED":
        raise UserError(f"the Job {job_id} ended {final['stage']}" + (f" ({final['message']})" if final["message"] else "")
                        + f"; read its logs at {started['url']} and start it again")
    printer(f"job {job_id} completed; adapter: {hub.url_of('model', started['adapter'], endpoint)}")
    return result


def cancel(job_id: str, namespace: str = "", endpoint: str = "") -> None:
    """Ask the Hub to stop a running Job, as the caller (hub.acting_as): from another thread, run it in a
    copy of the caller's context (contextvars.copy_context().run), or it acts as the owner."""
    hf = hub.api(endpoint)
    with hub.hub_errors(f"cancel Job {job_id}", endpoint=endpoint):
        hf.cancel_job(job_id=job_id, namespace=namespace or None)


def logs(job_id: str, namespace: str = "", follow: bool = True, endpoint: str = ""):
    """The Job's log lines as they come (with follow, until it ends)."""
    hf = hub.api(endpoint)
    with hub.hub_errors(f"read the logs of Job {job_id}", endpoint=endpoint):
        yield from hf.fetch_job_logs(job_id=job_id, namespace=namespace or None, follow=follow)


def status(job_id: str, namespace: str = "", endpoint: str = "", wait: bool = False, poll: float = 5.0) -> dict:
    """{"stage", "message"} of a Job; with wait, polls until it is COMPLETED, ERROR or CANCELED."""
    hf = hub.api(endpoint)
    while True:
        with hub.hub_errors(f"check Job {job_id}", endpoint=endpoint):
            info = hf.inspect_job(job_id=job_id, namespace=namespace or None)
        stage = str(info.status.stage.value if hasattr(info.status.stage, "value") else info.status.stage)
        if not wait or stage in TERMINAL:
            return {"stage": stage, "message": info.status.message, "url": info.url}
        time.sleep(poll)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: python -m pipeline train --on hf-jobs ...")
