"""space: deploy the app as a Gradio Space (`python -m pipeline space deploy --repo user/name`).

What is sent, and nothing else: space/README.md (its front matter set to sdk gradio, app_file app.py, the
Gradio version of requirements.txt, and --hardware as suggested_hardware), the other files under space/,
app.py, the package's code (pipeline/*.py and its task files) and requirements.txt (gradio dropped: the
Space's SDK brings it; `spaces` added for ZeroGPU). Never a .env, a key, a cache, data/, an adapter or a
checkpoint, nor a file over 5 MB; a file holding the value of HF_TOKEN or OPENAI_API_KEY stops the deploy.
OPENAI_API_KEY and HF_TOKEN, when set here, become the Space's secrets through the Hub API.
With a token the Space is created or updated on the Hub and the command waits for its build; without one,
--hub-dir / HF_HUB_DIR stages it in the local Hub folder (spaces/USER/NAME) for a look.

`gpu(fn)` is the ZeroGPU decorator for the app's GPU functions: `spaces.GPU` when the package is
installed (on ZeroGPU hardware it attaches a GPU per call; elsewhere it does nothing), else fn unchanged.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline import hub
from pipeline.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_BYTES = 5 * 1024 * 1024
SHIPPED_SUFFIXES = (".safetensors", ".md")  # the shipped students' weights and cards (pipeline/demo_student, smollm2_student) go too
SHIPPED_FOLDERS = ("demo_student", "smollm2_student")
MAX_SHIPPED_BYTES = 12 * 1024 * 1024  # the real student's adapter: 9.8 MB of bf16 LoRA weights
FAILED = ("BUILD_ERROR", "CONFIG_ERROR", "RUNTIME_ERROR", "NO_APP_FILE")
WAITING = ("BUILDING", "RUNNING_BUILDING", "APP_STARTING", "RUNNING_APP_STARTING")


@dataclass
class DeployConfig:
    repo: str = field(default="", metadata={"help": "Space repository, user/name"})
    hardware: str = field(default="", metadata={"help": "suggested hardware for the README (e.g. cpu-basic, t4-small, zero-a10g); '' keeps space/README.md's"})
    private: bool = field(default=False, metadata={"help": "make a new Space private"})
    secrets: bool = field(default=True, metadata={"help": "set OPENAI_API_KEY and HF_TOKEN from this environment as the Space's secrets"})
    wait: int = field(default=600, metadata={"help": "seconds to wait for the Space to build (0: do not wait)"})
    root: str = field(default="", metadata={"help": "project folder holding app.py, pipeline/, space/ (default: this checkout)"})
    message: str = field(default="", metadata={"help": "commit message"})
    hub_dir: str = field(default="", metadata={"help": "stage the Space in this local Hub folder instead of the Hub (also: env HF_HUB_DIR)"})
    endpoint: str = field(default="", metadata={"help": "Hub URL (default: env HF_ENDPOINT or https://huggingface.co)"})


def gpu(fn=None, *, duration: int = 60):
    """`@gpu` or `@gpu(duration=120)`: spaces.GPU on ZeroGPU, a no-op without the `spaces` package."""
    def wrap(f):
        try:
            import spaces
        except ImportError:
            return f
        return spaces.GPU(duration=duration)(f)

    return wrap(fn) if fn is not None else wrap


def front_matter(readme: str) -> tuple[dict, str]:
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n?(.*)$", readme, re.S)
    if not match:
        return {}, readme
    return yaml.safe_load(match.group(1)) or {}, match.group(2)


def gradio_version(requirements: str) -> str:
    match = re.search(r"^gradio(?:\[[\w,]+\])?==([\w.]+)", requirements, re.M)
    return match.group(1) if match else ""


def stage(config: DeployConfig, staged: Path) -> dict:
    """Write exactly what the Space gets into `staged`; returns {"files", "left_out"}."""
    root = Path(config.root) if config.root else ROOT
    for needed in ("app.py", "space/README.md", "requirements.txt", "pipeline/__init__.py"):
        if not (root / needed).is_file():
            raise UserError(f"cannot deploy: {root / needed} is missing; run deploy from an Understudy checkout (or pass --root)")
    left_out = hub.copy_selected(root / "space", staged, MAX_FILE_BYTES)
    requirements = (root / "requirements.txt").read_text()
    meta, body = front_matter((root / "space" / "README.md").read_text())
    meta.update(sdk="gradio", app_file="app.py")
    if gradio_version(requirements):
        meta["sdk_version"] = gradio_version(requirements)
    if config.hardware:
        meta["suggested_hardware"] = config.hardware
    meta.setdefault("python_version", "3.11")
    (staged / "README.md").write_text("---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body)
    (staged / "app.py").write_bytes((root / "app.py").read_bytes())
    for path in sorted((root / "pipeline").rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or hub.never_upload(rel):
            continue
        shipped = any(path.is_relative_to(root / "pipeline" / name) for name in SHIPPED_FOLDERS)
        if path.suffix not in (".py", ".yaml", ".yml", ".json", ".jinja", *SHIPPED_SUFFIXES) \
                or path.stat().st_size > (MAX_SHIPPED_BYTES if shipped else MAX_FILE_BYTES) \
                or (path.suffix in SHIPPED_SUFFIXES and not shipped):
            left_out.append(rel)
            continue
        (staged / rel).parent.mkdir(parents=True, exist_ok=True)
        (staged / rel).write_bytes(path.read_bytes())
    lines = [l for l in requirements.splitlines() if not re.match(r"^gradio([\[=<>~! ]|$)", l)]
    if meta.get("hf_oauth"):  # the SDK's gradio without its [oauth] extra: what the sign-in needs
        lines += [extra for extra in ("authlib", "itsdangerous") if not any(l.startswith(extra) for l in lines)]
    if (config.hardware or str(meta.get("suggested_hardware", ""))).startswith("zero") and not any(l.startswith("spaces") for l in lines):
        lines.append("spaces")
    (staged / "requirements.txt").write_text("\n".join(lines) + "\n")
    return {"files": hub.check_no_secrets(staged), "left_out": left_out}


def secrets_to_set() -> dict[str, str]:
    return {k: os.environ[k] for k in ("OPENAI_API_KEY", "HF_TOKEN") if os.environ.get(k, "").strip()}


def wait_for_build(hf, repo_id: str, seconds: int, endpoint: str = "") -> str:
    """Poll the Space's runtime until it runs or fails; a failed build is a UserError with its last log line."""
    deadline = time.monotonic() + seconds
    stage = ""
    while True:
        with hub.hub_errors(f"check the Space {repo_id}", repo_id, "space", endpoint):
            stage = str(hf.get_space_runtime(repo_id).stage)
        if stage in FAILED:
            last = ""
            try:
                lines = [l for l in hf.fetch_space_logs(repo_id, build=stage != "RUNTIME_ERROR") if l.strip()]
                last = hub.scrub(lines[-1].strip())[:200] if lines else ""
            except Exception:  # the logs are a courtesy; the stage is the answer
                pass
            url = hub.url_of("space", repo_id, endpoint)
            kind = "build" if stage != "RUNTIME_ERROR" else "app"
            raise UserError(f"the Space's {kind} failed ({stage}{': ' + last if last else ''}); read the logs at {url}?logs={'build' if kind == 'build' else 'container'}, "
                            "fix it and run `space deploy` again")
        if stage not in WAITING or time.monotonic() > deadline:
            return stage
        time.sleep(2)


def deploy(config: DeployConfig) -> dict:
    """Create or update the Space, set its secrets, wait for its build."""
    repo_id = hub.check_repo_id(config.repo)
    local = bool(config.hub_dir or os.environ.get("HF_HUB_DIR"))
    if not local:
        hub.need_token(f"deploy the Space {repo_id}")
    with tempfile.TemporaryDirectory(prefix="understudy-space-") as tmp:
        staged = Path(tmp)
        staged_info = stage(config, staged)
        result = hub.push_folder(staged, "space", repo_id, private=config.private, message=config.message or "Deploy Understudy",
                                 hub_dir_flag=config.hub_dir, endpoint=config.endpoint, space_sdk="gradio")
    result["left_out"] = staged_info["left_out"]
    if result["where"] == "local":
        result["secrets"] = []
        return result
    hf = hub.api(config.endpoint)
    secrets = secrets_to_set() if config.secrets else {}
    with hub.hub_errors(f"set the secrets of {repo_id}", repo_id, "space", config.endpoint):
        for key, value in secrets.items():
            hf.add_space_secret(repo_id, key, value, description="set by Understudy's space deploy")
    result["secrets"] = sorted(secrets)
    if config.wait > 0:
        print(f"waiting for the Space to build: {result['url']}", file=sys.stderr, flush=True)
        result["stage"] = wait_for_build(hf, repo_id, config.wait, config.endpoint)
    return result


run = deploy
