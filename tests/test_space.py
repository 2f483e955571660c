"""space deploy: exactly these files and secrets reach a server speaking the Hub's protocol; a failed build
is one line; the ZeroGPU decorator is a no-op without the `spaces` package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline import space
from pipeline.errors import UserError
from tests.conftest import ROOT
from tests.test_hub import WRITE, fake_hub, local_hub  # noqa: F401  (fixtures)

OPENAI = "sk-test-SpaceSecretOpenAIKey99"


def project(tmp_path: Path, app: str | None = None) -> Path:
    """A copy of this checkout's app, package, space/ and requirements, plus things that must stay home."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "pipeline", root / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "space", root / "space")
    shutil.copy2(ROOT / "requirements.txt", root / "requirements.txt")
    if app is not None:
        (root / "app.py").write_text(app)
    elif (ROOT / "app.py").exists():
        shutil.copy2(ROOT / "app.py", root / "app.py")
    else:
        (root / "app.py").write_text("import gradio as gr\n")
    (root / ".env").write_text(f"OPENAI_API_KEY={OPENAI}\nHF_TOKEN={WRITE}\n")
    (root / "space" / ".env").write_text(f"HF_TOKEN={WRITE}\n")
    (root / "space" / "weights.bin").write_bytes(b"0" * (space.MAX_FILE_BYTES + 1))
    (root / "pipeline" / "__pycache__").mkdir()
    (root / "pipeline" / "__pycache__" / "hub.cpython-311.pyc").write_bytes(b"\0")
    (root / "data" / "adapter" / "checkpoints").mkdir(parents=True)
    (root / "data" / "teacher_cache.sqlite").write_bytes(b"SQLite")
    return root


def test_deploy_sends_exactly_the_app_and_the_package_and_sets_secrets(fake_hub, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("OPENAI_API_KEY", OPENAI)
    root = project(tmp_path)
    result = space.deploy(space.DeployConfig(repo="alice/understudy", hardware="zero-a10g", root=str(root), wait=30))
    assert result["stage"] == "RUNNING" and result["secrets"] == ["HF_TOKEN", "OPENAI_API_KEY"]
    assert fake_hub.secrets["alice/understudy"] == {"OPENAI_API_KEY": OPENAI, "HF_TOKEN": WRITE}  # through the API
    assert fake_hub.repos[("space", "alice/understudy")]["sdk"] == "gradio"

    sent = fake_hub.files("space", "alice/understudy")
    package = sorted(p.relative_to(root).as_posix() for p in (root / "pipeline").rglob("*")
                     if p.is_file() and (p.suffix in (".py", ".yaml") or {"demo_student", "smollm2_student"} & set(p.parts))
                     and "__pycache__" not in p.parts)
    assert sorted(sent) == sorted(["README.md", "app.py", "requirements.txt", *package])
    for student in ("demo_student", "smollm2_student"):  # the Space starts with both shipped students
        assert f"pipeline/{student}/adapter/adapter_model.safetensors" in sent
    assert "space/weights.bin" not in sent and "weights.bin" in result["left_out"]
    for name, content in sent.items():  # grep every file for the secrets' values
        assert WRITE.encode() not in content and OPENAI.encode() not in content, name

    meta = yaml.safe_load(sent["README.md"].decode().split("---")[1])
    assert meta["sdk"] == "gradio" and meta["app_file"] == "app.py" and meta["suggested_hardware"] == "zero-a10g"
    assert meta["sdk_version"] == space.gradio_version((root / "requirements.txt").read_text())
    requirements = sent["requirements.txt"].decode().splitlines()
    assert "spaces" in requirements and not any(r.startswith("gradio") for r in requirements)
    assert sent["app.py"] == (root / "app.py").read_bytes()

    again = space.deploy(space.DeployConfig(repo="alice/understudy", root=str(root), wait=0))  # an update
    assert again["where"] == "hub"


def test_a_failed_build_is_one_line_with_the_log(fake_hub, tmp_path):  # noqa: F811
    root = project(tmp_path, app="import gradio as gr\ndef broken(:\n")
    with pytest.raises(UserError, match=r"build failed \(BUILD_ERROR: SyntaxError.*app.py, line 2\).*logs=build") as e:
        space.deploy(space.DeployConfig(repo="alice/broken", root=str(root), wait=30))
    assert "\n" not in str(e.value)


def test_deploy_needs_a_token_or_a_local_hub_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HF_HUB_DIR", raising=False)
    with pytest.raises(UserError, match="no Hugging Face token; set HF_TOKEN"):
        space.deploy(space.DeployConfig(repo="alice/understudy", root=str(project(tmp_path))))
    with pytest.raises(UserError, match="invalid repository name"):
        space.deploy(space.DeployConfig(repo="alice/under study"))


def test_deploy_to_the_local_hub_folder(local_hub, tmp_path):  # noqa: F811
    result = space.deploy(space.DeployConfig(repo="alice/understudy", root=str(project(tmp_path))))
    snap = local_hub / "spaces/alice/understudy/snapshots" / result["commit"]
    assert (snap / "app.py").is_file() and (snap / "pipeline" / "hub.py").is_file() and not (snap / ".env").exists()


def test_gpu_decorator_is_a_no_op_without_spaces():
    def f(x):
        return x + 1

    try:
        import spaces  # noqa: F401
    except ImportError:
        assert space.gpu(f) is f and space.gpu(duration=120)(f) is f
    else:
        assert space.gpu(f)(1) == 2


def test_dockerfile_is_the_app_image_non_root_with_a_healthcheck_and_a_cuda_switch():
    text = (ROOT / "Dockerfile").read_text()
    lines = [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]
    assert "ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu" in lines  # CPU unless --build-arg says CUDA
    user = [l for l in lines if l.startswith("USER ")]
    assert user == ["USER user"] and lines.index(user[0]) > max(i for i, l in enumerate(lines) if l.startswith(("RUN", "COPY")))
    assert any(l.startswith("HEALTHCHECK") for l in lines) and "/health" in text and 'CMD ["python", "app.py"]' in lines
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", "data", "**/checkpoints", "*.sqlite", ".git"} <= set(ignored)
