"""hub: share prepared datasets and adapters on the Hugging Face Hub, or in a local folder with its layout.

    python -m pipeline hub push-dataset data/prepared --repo user/recipes [--private]
    python -m pipeline hub pull-dataset user/recipes --out data/pulled
    python -m pipeline hub push-adapter data/adapter --repo user/recipes-lora
    python -m pipeline hub pull-adapter user/recipes-lora [--revision REV]

Who acts: outside any `acting_as`, HF_TOKEN or the token saved by `hf auth login` (the CLI, an app's
owner). Inside `with acting_as(token):` every Hub call here and in pipeline.jobs uses that token, and inside
`with acting_as(False):` none at all (an anonymous visitor: public repositories read only, a push or a Job is
a UserError asking to sign in); the environment's HF_TOKEN and the saved token are never used there.

Where a push or a pull goes:
- `--hub-dir DIR` or the environment variable HF_HUB_DIR set: that local folder (offline), token or not;
- otherwise, with a token: the Hub at --endpoint / HF_ENDPOINT / huggingface.co;
- otherwise, outside acting_as: the local folder data/hub (inside acting_as: the Hub, or a UserError).
Reading an id (`adapter_folder`, `dataset_folder`, and so `classify --adapter user/name`, `label --input
user/name`) looks in the local folder first (inside acting_as only when one is named), then on the Hub.
`user/name@REV` pins a revision (a branch, tag or commit id: `check_revision`). A push goes only to the
token's own namespace or one of its organizations.

The local folder has the Hub's repository layout, one folder per repository:

    HUB/{models,datasets,spaces}/USER/NAME/refs/main          the commit id that main points at
    HUB/{models,datasets,spaces}/USER/NAME/snapshots/COMMIT/  the repository's files at that commit
    HUB/{models,datasets,spaces}/USER/NAME/commits.jsonl      one line per push (commit, parent, message, date, files)

A push whose files equal main's makes no new commit. A revision is main, a ref name, or a commit id (or its
first 7+ characters). What a push sends is staged first, so the local folder and the Hub get the same
files: never a .env, a key, a cache, a checkpoint folder or a file holding the value of HF_TOKEN or
OPENAI_API_KEY.
"""

from __future__ import annotations

import contextlib
import contextvars
import fnmatch
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline import data as files
from pipeline import redact
from pipeline.cards import (
    CALIBRATION_FILE,
    TRAINING_ROWS_FILE,
    cost_section,
    dataset_card,
    shareable_training,
    write_model_card,
)
from pipeline.errors import UserError
from pipeline.repo_ids import (  # noqa: F401 - hub.X
    REPO_NAME,
    TINY_BASE_NAME,
    cached_repo_id,
    check_repo_id,
    check_revision,
    looks_like_repo_id,
    shareable_name,
    split_revision,
)
from pipeline.task import balance as balance_of
from pipeline.task import task_of_folder

DEFAULT_HUB_DIR = "data/hub"
SECRET_ENV = ("HF_TOKEN", "OPENAI_API_KEY")
TOKENS_PAGE = "https://huggingface.co/settings/tokens"


def _hub_fields():
    return {
        "hub_dir": field(default="", metadata={"help": "local Hub folder to use instead of the Hub (also: env HF_HUB_DIR; used by default when no token is set)"}),
        "endpoint": field(default="", metadata={"help": "Hub URL (default: env HF_ENDPOINT or https://huggingface.co)"}),
    }


@dataclass
class PushDatasetConfig:
    dir: str = field(default="data/prepared", metadata={"help": "prepare's output folder (or its dataset/ folder)", "positional": True})
    repo: str = field(default="", metadata={"help": "dataset repository, user/name"})
    private: bool = field(default=False, metadata={"help": "make a new repository private"})
    labeling_cost: float = field(default=-1.0, metadata={"help": "dollars the teacher's labels cost (label's summary); -1: not recorded"})
    message: str = field(default="", metadata={"help": "commit message"})
    hub_dir: str = _hub_fields()["hub_dir"]
    endpoint: str = _hub_fields()["endpoint"]


@dataclass
class PullDatasetConfig:
    repo: str = field(default="", metadata={"help": "dataset repository, user/name", "positional": True})
    out: str = field(default="data/pulled", metadata={"help": "folder to write (dataset/, train.jsonl, test.jsonl, task.json) like prepare's"})
    revision: str = field(default="", metadata={"help": "branch, tag or commit (default: main)"})
    hub_dir: str = _hub_fields()["hub_dir"]
    endpoint: str = _hub_fields()["endpoint"]


@dataclass
class PushAdapterConfig:
    dir: str = field(default="data/adapter", metadata={"help": "adapter folder (from train)", "positional": True})
    repo: str = field(default="", metadata={"help": "model repository, user/name"})
    private: bool = field(default=False, metadata={"help": "make a new repository private"})
    report: str = field(default="", metadata={"help": "evaluate's report.json to put in the card (default: the card's own evaluation)"})
    labeling_cost: float = field(default=-1.0, metadata={"help": "dollars the teacher's labels cost, for the card; -1: not recorded"})
    dataset: str = field(default="", metadata={"help": "Hub id of the training dataset, for the card's metadata"})
    base_repo: str = field(default="", metadata={"help": "when the adapter's base is a local folder: push that base to this model repository "
                                                         "(user/name) too, and name it as the adapter's base"})
    message: str = field(default="", metadata={"help": "commit message"})
    hub_dir: str = _hub_fields()["hub_dir"]
    endpoint: str = _hub_fields()["endpoint"]


@dataclass
class PullAdapterConfig:
    repo: str = field(default="", metadata={"help": "model repository, user/name", "positional": True})
    out: str = field(default="", metadata={"help": "copy the adapter into this folder (default: print where it lies)"})
    revision: str = field(default="", metadata={"help": "branch, tag or commit (default: main)"})
    hub_dir: str = _hub_fields()["hub_dir"]
    endpoint: str = _hub_fields()["endpoint"]


# ----------------------------------------------------------------------------------------------------
# Where: token, local folder or Hub, repository ids
# ----------------------------------------------------------------------------------------------------


# The caller's identity: None outside any acting_as; inside, the caller's token, or False for none at all.
_ACTING: contextvars.ContextVar[str | bool | None] = contextvars.ContextVar("understudy_hub_identity", default=None)


@contextlib.contextmanager
def acting_as(tok: str | bool | None):
    """Make the Hub calls inside act as one caller: `acting_as("hf_...")` uses that token (a signed-in
    visitor's own), `acting_as(False)` or `acting_as("")` uses no token at all (an anonymous visitor), and
    `acting_as(None)` changes nothing. Inside, neither HF_TOKEN nor the saved token is ever used, and the
    local Hub folder only when one is named (--hub-dir, HF_HUB_DIR).

    The identity is a contextvars.ContextVar: it holds for the calls made in this thread's context, and a
    thread started inside must run in a copy of it to act as the same caller:
    `threading.Thread(target=contextvars.copy_context().run, args=(work,))`. Otherwise it acts as the owner."""
    if tok is None:
        yield
        return
    if tok is True or not isinstance(tok, (str, bool)):
        raise TypeError(f"acting_as takes a token string, False or None, not {type(tok).__name__}")  # never its repr: a token
    reset = _ACTING.set((tok.strip() if isinstance(tok, str) else tok) or False)
    try:
        yield
    finally:
        _ACTING.reset(reset)


def acting() -> bool:
    """True inside acting_as(token or False): a visitor calls, not the owner of the environment's token."""
    return _ACTING.get() is not None


def token() -> str | None:
    """The token Hub calls use: inside acting_as, the caller's (None when anonymous); outside, HF_TOKEN or
    the token saved by `hf auth login`; None without one."""
    caller = _ACTING.get()
    if caller is not None:
        return caller or None
    from huggingface_hub import get_token

    return os.environ.get("HF_TOKEN", "").strip() or get_token()


def hub_token() -> str | bool:
    """What to pass as huggingface_hub's `token=`: the token, or False for none. Never None: given None,
    huggingface_hub would fall back to HF_TOKEN or the saved token by itself."""
    return token() or False


def token_advice(access: str) -> str:
    """How to get a token with `access` ("write access"): sign in (a visitor, inside acting_as), or set HF_TOKEN."""
    if acting():
        return f"sign in with a Hugging Face account that has {access}"
    return f"set HF_TOKEN to a token with {access} ({TOKENS_PAGE})"


def hub_dir(explicit: str = "") -> Path:
    return Path(explicit or os.environ.get("HF_HUB_DIR", "") or DEFAULT_HUB_DIR)


def local_folder_named(explicit_dir: str = "") -> bool:
    """A local Hub folder was asked for: --hub-dir, or the environment variable HF_HUB_DIR."""
    return bool(explicit_dir or os.environ.get("HF_HUB_DIR"))


def use_local(explicit_dir: str = "") -> bool:
    """Push to the local folder: one was named (flag or HF_HUB_DIR), or, outside acting_as, there is no token."""
    return local_folder_named(explicit_dir) or (not acting() and not token())


def _hf_tokens() -> dict[str, str]:
    """The Hugging Face tokens this process holds, by name: HF_TOKEN's (else the saved one) and the caller's."""
    from huggingface_hub import get_token

    tokens = {"HF_TOKEN": os.environ.get("HF_TOKEN", "").strip()}
    with contextlib.suppress(Exception):
        tokens["HF_TOKEN"] = tokens["HF_TOKEN"] or (get_token() or "")
    if acting():
        tokens["your Hugging Face token"] = token() or ""
    return tokens


def scrub(text: str) -> str:
    """The message with the values of HF_TOKEN, OPENAI_API_KEY, the saved token and the caller's token removed."""
    return redact.scrub(text, {os.environ.get(k, "") for k in SECRET_ENV} | set(_hf_tokens().values()))


# ----------------------------------------------------------------------------------------------------
# Errors from the Hub, as one line that says what to do
# ----------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def hub_errors(action: str, repo_id: str = "", repo_type: str = "model", endpoint: str = ""):
    """Turn huggingface_hub and network errors into a UserError naming the problem and the fix."""
    from huggingface_hub.errors import (
        HfHubHTTPError,
        HFValidationError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    where = endpoint_of(endpoint)
    what = f"{repo_type} repository {repo_id}" if repo_id else "the Hub"
    try:
        yield
    except UserError:
        raise
    except OfflineModeIsEnabled:
        raise UserError(f"cannot {action}: HF_HUB_OFFLINE is set; unset it, or use the local Hub folder (--hub-dir or HF_HUB_DIR)") from None
    except RevisionNotFoundError:
        raise UserError(f"cannot {action}: {what} has no such revision; check --revision (a branch, tag or commit id)") from None
    except RepositoryNotFoundError:
        raise UserError(f"cannot {action}: {what} not found on {where}, or it is private and the token cannot read it; "
                        f"check the name, or {token_advice('read access to it')}") from None
    except HFValidationError as e:
        raise UserError(f"cannot {action}: invalid repository name or revision ({scrub(str(e)).splitlines()[0][:160]})") from None
    except HfHubHTTPError as e:
        status = e.response.status_code if e.response is not None else 0
        server = scrub((e.server_message or str(e)).strip().splitlines()[0] if (e.server_message or str(e)).strip() else "")[:200]
        if status == 401:
            fix = "sign out and sign in again" if acting() else f"set HF_TOKEN to a valid token from {TOKENS_PAGE}"
            raise UserError(f"cannot {action}: the Hub rejected the token (401 Unauthorized); {fix}") from None
        if status == 403:
            raise UserError(f"cannot {action}: the token may not write to {what} (403 Forbidden: {server}); "
                            f"{token_advice('write access')} and use a namespace you belong to") from None
        if status == 402:
            raise UserError(f"cannot {action}: the Hub asks for payment (402: {server}); add a payment method or credit to the account") from None
        if status == 429:
            raise UserError(f"cannot {action}: rate-limited by the Hub (429); wait a minute and try again") from None
        if status >= 500:
            raise UserError(f"cannot {action}: the Hub had an error ({status}: {server}); try again later") from None
        raise UserError(f"cannot {action}: the Hub answered {status} ({server})") from None
    except (OSError, ConnectionError) as e:  # httpx2's ConnectError, timeouts (HTTPError is an OSError here)
        raise UserError(f"cannot {action}: the Hub at {where} is unreachable ({type(e).__name__}); {unreachable_advice()}") from None
    except Exception as e:
        import httpx2

        if isinstance(e, httpx2.HTTPError):
            raise UserError(f"cannot {action}: the Hub at {where} is unreachable ({type(e).__name__}); {unreachable_advice()}") from None
        raise


def unreachable_advice() -> str:
    """What to do when the Hub is out of reach: for a visitor of the app, try later; for the owner (CLI, app), the
    local Hub folder is the way round it."""
    if acting():
        return "try again in a minute"
    return "check the network, or share through the local Hub folder (--hub-dir or HF_HUB_DIR)"


def endpoint_of(endpoint: str = "") -> str:
    """--endpoint, else HF_ENDPOINT read now (huggingface_hub reads it once, at import), else huggingface.co."""
    return (endpoint or os.environ.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")


def api(endpoint: str = "", tok: str | None = None):
    """huggingface_hub's HfApi acting as the caller (hub_token), or with `tok`."""
    from huggingface_hub import HfApi

    return HfApi(endpoint=endpoint_of(endpoint), token=tok or hub_token())


def need_token(action: str, allow_local_flag: bool = True) -> str:
    """The caller's token, or a UserError: "sign in ..." inside acting_as, else how to set HF_TOKEN."""
    tok = token()
    if tok:
        return tok
    if acting():
        raise UserError(f"sign in with Hugging Face to {action}: without signing in, only public repositories can be read")
    hint = "; or pass --hub-dir DIR to use a local Hub folder" if allow_local_flag else ""
    raise UserError(f"cannot {action}: no Hugging Face token; set HF_TOKEN to a write token from {TOKENS_PAGE} "
                    f"or run `hf auth login`{hint}")


def whoami(endpoint: str = "", tok: str | None = None) -> dict:
    """The account behind the token ({"name", "role", "orgs"}), or a UserError for a missing or invalid token."""
    tok = tok or need_token("talk to the Hub")
    with hub_errors("check the token", endpoint=endpoint):
        info = api(endpoint, tok).whoami(token=tok)
    role = ((info.get("auth") or {}).get("accessToken") or {}).get("role", "")
    orgs = [o["name"] for o in info.get("orgs") or [] if isinstance(o, dict) and o.get("name")]
    return {"name": info.get("name", ""), "role": role, "orgs": orgs}


def check_can_write(me: dict, repo_id: str, action: str) -> None:
    """A UserError unless the token behind `me` (whoami) may write to repo_id: not read-only, and the
    repository's namespace is the token's user or one of its organizations."""
    if me.get("role") == "read":
        raise UserError(f"cannot {action}: the token is read-only; {token_advice('write access')}")
    namespace, name = repo_id.split("/", 1)
    mine = [me.get("name", ""), *me.get("orgs", [])]
    if namespace.lower() not in {m.lower() for m in mine if m}:
        orgs = ", ".join(me.get("orgs", [])) or "none"
        raise UserError(f"cannot {action}: {namespace} is neither your account ({me.get('name')}) nor one of your "
                        f"organizations ({orgs}); use {me.get('name')}/{name} or an organization you belong to")


# ----------------------------------------------------------------------------------------------------
# What may be uploaded
# ----------------------------------------------------------------------------------------------------

NEVER_UPLOAD = [
    ".env", ".env.*", "*.env", "*.pem", "*.key", "id_rsa*", "*.token", "token", "hf_token*", "credentials*", ".netrc", ".huggingface", "*.sqlite", "*.sqlite-*", "*.db",
    ".git", ".cache", "__pycache__", "*.pyc", ".ipynb_checkpoints", ".pytest_cache", "wandb", "runs", "mlruns",
    "checkpoints", "checkpoint-*", "optimizer.pt", "scheduler.pt", "rng_state*.pth", "trainer_state.json", "*.tmp", ".DS_Store",
]


def never_upload(rel: str) -> bool:
    """True for a path (relative, /-separated) any of whose parts matches NEVER_UPLOAD."""
    parts = rel.split("/")
    return any(fnmatch.fnmatch(p, pat) for p in parts for pat in NEVER_UPLOAD)


def secret_values() -> dict[str, str]:
    """{name: value} of every secret no uploaded file may hold: OPENAI_API_KEY, HF_TOKEN (or the saved token), the caller's token."""
    values = {k: os.environ.get(k, "") for k in SECRET_ENV} | _hf_tokens()
    return {k: v for k, v in values.items() if len(v) >= 6}


def check_no_secrets(folder: Path) -> list[str]:
    """Every file's relative path; a UserError if one holds a secret's value or is a file never to upload."""
    secrets = secret_values()
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if never_upload(rel):
            raise UserError(f"refusing to upload {rel}: secrets, caches and checkpoints are never uploaded; remove it")
        data = path.read_bytes()
        for name, value in secrets.items():
            if value.encode() in data:
                raise UserError(f"refusing to upload {rel}: it contains the value of {name}; remove it from that file")
        files.append(rel)
    return files


def copy_selected(src: Path, dst: Path, max_bytes: int = 0) -> list[str]:
    """Copy src's files into dst except NEVER_UPLOAD ones (and, with max_bytes, large ones); returns what was left out."""
    left_out = []
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = path.relative_to(src).as_posix()
        if never_upload(rel) or (max_bytes and path.stat().st_size > max_bytes):
            left_out.append(rel)
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return left_out


# ----------------------------------------------------------------------------------------------------
# The local Hub folder
# ----------------------------------------------------------------------------------------------------


class LocalHub:
    """Repositories as folders: refs/main → snapshots/COMMIT/, with commits.jsonl as the log. It reads and
    writes nothing outside its root."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def inside(self, path: Path) -> Path:
        """`path` once it is sure to lie inside the root (with '..' and links resolved), else a UserError."""
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise UserError(f"refusing to use {path}: it lies outside the local Hub folder {self.root}")
        return path

    def repo(self, repo_type: str, repo_id: str) -> Path:
        return self.inside(self.root / f"{repo_type}s" / check_repo_id(repo_id, "the repository id"))

    def exists(self, repo_type: str, repo_id: str) -> bool:
        return (self.repo(repo_type, repo_id) / "refs" / "main").is_file()

    def commit(self, repo_type: str, repo_id: str, staged: Path, message: str, private: bool = False) -> str:
        repo = self.repo(repo_type, repo_id)
        files = check_no_secrets(staged)
        tree = hashlib.sha1("\n".join(f"{f} {hashlib.sha256((staged / f).read_bytes()).hexdigest()}" for f in files).encode()).hexdigest()
        parent = (repo / "refs" / "main").read_text().strip() if (repo / "refs" / "main").is_file() else None
        log = repo / "commits.jsonl"
        if parent and log.is_file():
            last = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
            if last and last[-1].get("tree") == tree:
                return parent  # nothing changed: no empty commit, as on the Hub
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        commit = hashlib.sha1(f"{parent}\n{tree}\n{message}\n{stamp}".encode()).hexdigest()
        snapshot = repo / "snapshots" / commit
        tmp = repo / "snapshots" / f".{commit}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(staged, tmp)
        tmp.replace(snapshot)
        (repo / "refs").mkdir(parents=True, exist_ok=True)
        ref_tmp = repo / "refs" / ".main.tmp"
        ref_tmp.write_text(commit)
        ref_tmp.replace(repo / "refs" / "main")
        if not (repo / "repo.json").exists():
            (repo / "repo.json").write_text(json.dumps({"type": repo_type, "id": repo_id, "private": private, "created": stamp}))
        with log.open("a") as f:
            f.write(json.dumps({"commit": commit, "parent": parent, "tree": tree, "message": message, "date": stamp, "files": files}) + "\n")
        return commit

    def resolve(self, repo_type: str, repo_id: str, revision: str = "") -> Path:
        repo = self.repo(repo_type, repo_id)
        if not self.exists(repo_type, repo_id):
            others = [t for t in ("model", "dataset", "space") if t != repo_type and self.exists(t, repo_id)]
            also = f" (it is a {others[0]} repository there)" if others else ""
            raise UserError(f"{repo_type} repository {repo_id} not found in the local Hub folder {self.root}{also}; "
                            f"push it first, or set HF_TOKEN to use the Hub")
        rev = check_revision(revision) or "main"
        ref = self.inside(repo / "refs" / rev)
        if ref.is_file():
            return self.inside(repo / "snapshots" / ref.read_text().strip())
        if len(rev) >= 7 and re.fullmatch(r"[0-9a-f]+", rev):
            matches = [p for p in (repo / "snapshots").iterdir() if p.name.startswith(rev) and not p.name.startswith(".")]
            if len(matches) == 1:
                return matches[0]
        raise UserError(f"{repo_type} repository {repo_id} has no revision {rev!r} in {self.root}; use main, a ref or a commit id from {repo / 'commits.jsonl'}")


# ----------------------------------------------------------------------------------------------------
# Pushing a staged folder, pulling a snapshot
# ----------------------------------------------------------------------------------------------------


def url_of(repo_type: str, repo_id: str, endpoint: str = "") -> str:
    base = endpoint_of(endpoint)
    prefix = {"model": "", "dataset": "datasets/", "space": "spaces/"}[repo_type]
    return f"{base}/{prefix}{repo_id}"


def push_folder(staged: Path, repo_type: str, repo_id: str, *, private: bool = False, message: str = "",
                hub_dir_flag: str = "", endpoint: str = "", space_sdk: str | None = None, to_hub: bool = False) -> dict:
    """Send a staged folder to the local Hub folder or (always, with to_hub) to the Hub, acting as the caller;
    {"repo", "where", "url", "commit", "files"}. The Hub repository must be in the token's namespace or one of its orgs."""
    repo_id = check_repo_id(repo_id)
    files = check_no_secrets(staged)
    message = message or f"Upload {repo_type} with Understudy"
    if use_local(hub_dir_flag) and not to_hub:
        local = LocalHub(hub_dir(hub_dir_flag))
        commit = local.commit(repo_type, repo_id, staged, message, private)
        if not local_folder_named(hub_dir_flag):
            print(f"no HF_TOKEN: pushed to the local Hub folder {local.root} (set HF_TOKEN to push to the Hub)", file=sys.stderr)
        return {"repo": repo_id, "where": "local", "url": str(local.repo(repo_type, repo_id)), "commit": commit, "files": files}
    tok = need_token(f"push to {repo_id}")
    me = whoami(endpoint, tok)
    check_can_write(me, repo_id, f"push to {repo_id}")
    hf = api(endpoint, tok)
    from huggingface_hub.errors import HfHubHTTPError

    with hub_errors(f"push to {repo_id}", repo_id, repo_type, endpoint):
        try:
            kwargs = {"space_sdk": space_sdk} if repo_type == "space" else {}
            hf.create_repo(repo_id, repo_type=repo_type, private=private, exist_ok=False, **kwargs)
        except HfHubHTTPError as e:
            if e.response is None or e.response.status_code != 409:
                raise
            if not hf.repo_exists(repo_id, repo_type=repo_type):
                raise UserError(f"cannot push to {repo_id}: the name is taken by a repository of another type; "
                                f"pick another name for this {repo_type}") from None
        info = hf.upload_folder(repo_id=repo_id, repo_type=repo_type, folder_path=str(staged), commit_message=message)
    return {"repo": repo_id, "where": "hub", "url": url_of(repo_type, repo_id, endpoint), "commit": info.oid, "files": files}


def local_snapshot(repo_type: str, repo_id: str, hub_dir_flag: str = "") -> Path | None:
    """The repository's main snapshot in the local Hub folder, when it is there and may be read (outside acting_as,
    or a local folder is named); else None. How a base pushed with its adapter (--base-repo) loads offline."""
    if not looks_like_repo_id(repo_id) or not (local_folder_named(hub_dir_flag) or not acting()):
        return None
    repo_id, revision = split_revision(repo_id, "")
    local = LocalHub(hub_dir(hub_dir_flag))
    with contextlib.suppress(UserError):
        if local.exists(repo_type, check_repo_id(repo_id, "the repository id")):
            return local.resolve(repo_type, repo_id, revision)
    return None


def snapshot(repo_type: str, repo_id: str, revision: str = "", hub_dir_flag: str = "", endpoint: str = "",
             only: tuple[str, ...] | None = None) -> Path:
    """A folder holding the repository's files: the local Hub folder's snapshot (inside acting_as only when
    a local folder is named), else a download from the Hub acting as the caller (with `only`, just those
    file names)."""
    repo_id, revision = split_revision(repo_id, revision)
    repo_id = check_repo_id(repo_id, "the repository id")
    local = LocalHub(hub_dir(hub_dir_flag))
    explicit = local_folder_named(hub_dir_flag)
    looked_locally = explicit or not acting()
    if looked_locally and (local.exists(repo_type, repo_id) or (explicit and not token())):
        found = local.resolve(repo_type, repo_id, revision)
        print(f"{repo_id}: from the local Hub folder {local.root}", file=sys.stderr)
        return found
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import RepositoryNotFoundError

    with hub_errors(f"download {repo_id}", repo_id, repo_type, endpoint):
        try:
            path = snapshot_download(repo_id, repo_type=repo_type, revision=revision or None, token=hub_token(),
                                     endpoint=endpoint_of(endpoint), allow_patterns=list(only) if only else None)
        except RepositoryNotFoundError:
            hf = api(endpoint)
            for other in ("model", "dataset", "space"):
                if other != repo_type and hf.repo_exists(repo_id, repo_type=other):
                    raise UserError(f"{repo_id} is a {other} repository, not a {repo_type}; "
                                    f"use the {other} commands for it") from None
            where = f"not in the local Hub folder {local.root}, and " if looked_locally else ""
            raise UserError(f"{repo_type} repository {repo_id} not found: {where}not on the Hub "
                            f"(or private: {token_advice('read access to it')})") from None
    return Path(path)


# ----------------------------------------------------------------------------------------------------
# Datasets
# ----------------------------------------------------------------------------------------------------


def _prepared_dirs(folder: str) -> tuple[Path, Path]:
    """(prepare's output folder, its dataset/ folder) from either."""
    path = Path(folder)
    if not path.exists():
        raise UserError(f"dataset folder not found: {folder}; run `python -m pipeline prepare` first or pass its output folder")
    if (path / "dataset").is_dir():
        return path, path / "dataset"
    if (path / "dataset_dict.json").is_file():
        return path.parent, path
    raise UserError(f"{folder}: not a prepared dataset (no dataset/ folder or dataset_dict.json); pass prepare's output folder")


def stage_dataset(config: PushDatasetConfig, staged: Path) -> dict:
    from datasets import load_from_disk

    out, dataset_dir = _prepared_dirs(config.dir)
    try:
        data = load_from_disk(str(dataset_dir))
    except Exception as e:
        raise UserError(f"{dataset_dir}: not a dataset saved by prepare ({str(e).splitlines()[0][:160]})") from None
    task = task_of_folder(out)
    (staged / "data").mkdir(parents=True)
    splits = {}
    for name, split in data.items():
        split.to_parquet(str(staged / "data" / f"{name}-00000-of-00001.parquet"))
        splits[name] = len(split)
    first = data["train"] if "train" in data else next(iter(data.values()))
    balance = {f.name: balance_of(first[f.name], f) for f in task.fields if f.name in first.column_names}
    sources: dict[str, int] = {}
    for split in data.values():
        for s in (split["source"] if "source" in split.column_names else []):
            sources[s] = sources.get(s, 0) + 1
    dates = []
    for split in data.values():
        if "labeled_at" in split.column_names:
            dates += [d[:10] for d in split["labeled_at"] if d]
    if not dates and (out / "prepare.json").is_file():
        dates = [datetime.fromtimestamp((out / "prepare.json").stat().st_mtime, timezone.utc).date().isoformat() + " (prepared)"]
    dates.sort()
    cost = config.labeling_cost if config.labeling_cost >= 0 else (0.0 if set(sources) <= {"generator", "sample"} and sources else None)
    (staged / "task.json").write_text(json.dumps(task.to_dict(), indent=1))
    if (out / "prepare.json").is_file():
        summary = json.loads((out / "prepare.json").read_text())
        if isinstance(summary.get("dataset"), str):
            summary["dataset"] = shareable_name(summary["dataset"])  # prepare's output folder, never the machine's path
        (staged / "prepare.json").write_text(json.dumps(summary, indent=1))
    dataset_card(task, splits, balance, sources, dates, cost, config.repo).save(staged / "README.md")
    return {"splits": splits}


def push_dataset(config: PushDatasetConfig, to_hub: bool = False) -> dict:
    """Push a prepared DatasetDict (parquet per split) with its dataset card (with to_hub, to the Hub even
    when a local Hub folder is named)."""
    check_repo_id(config.repo)
    with tempfile.TemporaryDirectory(prefix="understudy-push-") as tmp:
        staged = Path(tmp)
        info = stage_dataset(config, staged)
        result = push_folder(staged, "dataset", config.repo, private=config.private, message=config.message,
                             hub_dir_flag=config.hub_dir, endpoint=config.endpoint, to_hub=to_hub)
    return {**result, **info}


def _materialize(snap: Path, out: Path) -> dict:
    """A Hub dataset's files → OUT/dataset (save_to_disk), OUT/SPLIT.jsonl, and the task/stats files it carries."""
    from datasets import DatasetDict, load_dataset


    try:
        data = load_dataset(str(snap))
    except Exception as e:
        raise UserError(f"{snap}: cannot read as a dataset ({type(e).__name__}: {str(e).splitlines()[0][:160]})") from None
    if not isinstance(data, DatasetDict):
        data = DatasetDict(train=data)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".dataset.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    data.save_to_disk(str(tmp))
    shutil.rmtree(out / "dataset", ignore_errors=True)
    tmp.replace(out / "dataset")
    for name, split in data.items():
        files.write_jsonl(out / f"{name}.jsonl", split.to_list())
    for extra in ("task.json", "prepare.json", "README.md"):
        if (snap / extra).is_file():
            shutil.copy2(snap / extra, out / extra)
    return {name: len(split) for name, split in data.items()}


def pull_dataset(config: PullDatasetConfig) -> dict:
    """Bring a dataset back from the Hub (or the local Hub folder) as prepare's output layout."""
    repo, revision = split_revision(config.repo, config.revision)
    snap = snapshot("dataset", repo, revision, config.hub_dir, config.endpoint)
    splits = _materialize(snap, Path(config.out))
    return {"repo": repo, "dataset": str(Path(config.out) / "dataset"), "splits": splits}


def local_source(source: str | Path) -> Path:
    """An input path as is; a Hub dataset id (user/name[@rev]) → its local dataset folder, fetched first."""
    path = Path(source)
    if not path.exists() and looks_like_repo_id(str(source)):
        try:
            path = Path(dataset_folder(str(source)))
        except UserError as e:
            raise UserError(f"input not found: {e}") from None
    return path


def read_rows(source: str | Path, split: str | None = None) -> list[dict]:
    """data.read_rows, where `source` may also be a Hub dataset id (user/name[@rev]), fetched first."""
    return files.read_rows(local_source(source), split)


def _cache_root() -> Path:
    return Path(os.environ.get("HF_HOME") or Path.home() / ".cache" / "huggingface") / "understudy"


def dataset_folder(id_or_path: str, revision: str = "", hub_dir_flag: str = "", endpoint: str = "") -> str:
    """A local path as is; a Hub dataset id (`user/name[@rev]`) → a save_to_disk folder of it, cached per commit."""
    if not id_or_path or Path(id_or_path).exists() or not looks_like_repo_id(id_or_path):
        return id_or_path
    try:
        return dataset_id_folder(id_or_path, revision, hub_dir_flag, endpoint)
    except UserError as e:
        raise UserError(f"{id_or_path} is no local path, and as a Hub dataset id: {e}") from None


def dataset_id_folder(repo_id: str, revision: str = "", hub_dir_flag: str = "", endpoint: str = "") -> str:
    """A Hub dataset id (`user/name[@rev]`) → a save_to_disk folder of it, cached per commit: never a local path,
    whatever folders happen to exist here (what a visitor types is an id, never a path on the server)."""
    repo, revision = split_revision(repo_id, revision)
    snap = snapshot("dataset", repo, revision, hub_dir_flag, endpoint)
    out = fetched_datasets() / repo / snap.name
    if not (out / "dataset" / "dataset_dict.json").is_file():
        _materialize(snap, out)
    return str(out / "dataset")


def fetched_datasets() -> Path:
    """Where Hub datasets are materialized (dataset_id_folder)."""
    return _cache_root() / "datasets"


# ----------------------------------------------------------------------------------------------------
# Adapters
# ----------------------------------------------------------------------------------------------------

ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors", "adapter_model.bin", "README.md", "training.json", "task.json",
                 "losses.jsonl", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja",
                 "tokenizer.model", "vocab.json", "merges.txt", "added_tokens.json", "generation_config.json", "report.json",
                 TRAINING_ROWS_FILE,  # the training rows' digests, so evaluating a pulled adapter can leave them out
                 CALIBRATION_FILE)  # the calibration fitted on teacher-labeled rows, so a pulled adapter reports calibrated confidence
PULLED_FILES = tuple(f for f in ADAPTER_FILES if not f.endswith(".bin"))  # never a pickle from someone else's repository


def leaves_this_machine(hub_dir_flag: str = "") -> bool:
    """A push goes to the Hub (or a visitor pushes): what it sends may name no server folder."""
    return not (use_local(hub_dir_flag) and not acting())


def local_base_folder(adapter_dir: Path) -> Path | None:
    """The adapter's base when it is a local folder (the folder, found as models.resolve_base finds it, or the path
    it names when that is gone); None when the base is a Hub id or the shipped tiny base (any Understudy finds those)."""
    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    base = config.get("base_model_name_or_path") or ""
    if not base or base == TINY_BASE_NAME or (looks_like_repo_id(base) and not Path(base).exists()):
        return None
    for candidate in (Path(base), adapter_dir.parent / Path(base).name, adapter_dir.parent / "base"):
        if candidate.is_dir() and (candidate / "config.json").is_file():
            return candidate
    return Path(base)


def check_base_travels(config: PushAdapterConfig) -> Path | None:
    """The local base folder to push with the adapter (--base-repo), or None when the adapter's base needs no push.
    A base that is a local folder, pushed without --base-repo, is refused in one line: whoever pulls the adapter
    could not load it (a push into this machine's local Hub folder keeps the folder's path, which loads here)."""
    base = local_base_folder(Path(config.dir))
    if base is None:
        if config.base_repo:
            raise UserError(f"--base-repo is for an adapter whose base is a local folder; {config.dir}'s base is a Hub model or "
                            "the shipped tiny base, which needs no push")
        return None
    if not config.base_repo:
        if not leaves_this_machine(config.hub_dir):
            return None
        raise UserError(f"the adapter's base model is a local folder ({base.name}), which whoever pulls the adapter cannot load: "
                        f"push the base with it (--base-repo user/{base.name}), or train on a Hub model or smollm2-135m")
    check_repo_id(config.base_repo, "--base-repo")
    if not (base / "config.json").is_file():
        raise UserError(f"the adapter's base model folder {base.name} is not on this machine (no config.json), so it cannot be "
                        "pushed: push from the machine that trained the adapter")
    return base


def stage_base(base: Path, staged: Path, adapter_repo: str) -> None:
    """A local base model's files (config, safetensors weights, tokenizer; never a pickle) and a card that says what it is."""
    from huggingface_hub import ModelCard, ModelCardData

    names = sorted({p.name for pattern in MODEL_FILE_PATTERNS for p in base.glob(pattern) if p.is_file()} - {"README.md"})
    if not any(n.endswith(".safetensors") for n in names):
        raise UserError(f"the base model folder {base.name} holds no .safetensors weights (only pickles are never pushed): "
                        "save it with save_pretrained(safe_serialization=True) first")
    for name in names:
        shutil.copy2(base / name, staged / name)
    data = ModelCardData(library_name="transformers", tags=["understudy", "base-model"])
    ModelCard(f"---\n{data.to_yaml()}\n---\n\n# {base.name}\n\nA local base model (it is not otherwise on the Hub), pushed by "
              f"Understudy with the LoRA adapter [{adapter_repo}](../{adapter_repo}) so that the adapter loads anywhere.\n").save(staged / "README.md")


def stage_adapter(config: PushAdapterConfig, staged: Path, base_repo: str = "") -> dict:
    from huggingface_hub import EvalResult, ModelCard

    src = Path(config.dir)
    if not (src / "adapter_config.json").is_file():
        raise UserError(f"adapter folder not found or incomplete: {config.dir} (no adapter_config.json); train one with `python -m pipeline train`")
    for name in ADAPTER_FILES:
        if (src / name).is_file():
            shutil.copy2(src / name, staged / name)
    adapter_config = json.loads((staged / "adapter_config.json").read_text())
    base = adapter_config.get("base_model_name_or_path") or ""
    if base_repo:  # the local base went up first (push_adapter): the adapter names it by its new id
        base = adapter_config["base_model_name_or_path"] = base_repo
    elif leaves_this_machine(config.hub_dir) and base:  # no server folder in what leaves
        adapter_config["base_model_name_or_path"] = shareable_name(base)  # a folder's own name
    (staged / "adapter_config.json").write_text(json.dumps(adapter_config, indent=2, sort_keys=True))
    training = json.loads((src / "training.json").read_text()) if (src / "training.json").is_file() else {}
    if training:  # an adapter trained before training.json held no local paths: shared without them
        training = shareable_training(training)
        if base_repo or base == TINY_BASE_NAME:  # the card names the base as the adapter's config does
            training.update(base_model=base, config={**training.get("config", {}), "base_model": base})
        if base_repo:
            training.update(base_model_hub_id=base_repo, base_pushed_from_local_folder=True)
        (staged / "training.json").write_text(json.dumps(training, indent=1))
    report = json.loads(Path(config.report).read_text()) if config.report else None
    if report and "per_field" not in report and report.get("models"):  # evaluate's report: one entry per model
        report = next(iter(report["models"].values())) if isinstance(report["models"], dict) else report["models"][0]
    if config.report and report and "per_field" not in report:
        raise UserError(f"{config.report}: no per_field agreement in it; pass evaluate's report.json")
    if training:
        write_model_card(staged, training["config"], task_of_folder(src), training, report)
        if report:
            (staged / "report.json").write_text(json.dumps(report, indent=1))
    elif not (staged / "README.md").exists():
        raise UserError(f"{config.dir}: no training.json or README.md to build the model card from; train it with `python -m pipeline train`")
    card = ModelCard.load(staged / "README.md")
    cost = config.labeling_cost if config.labeling_cost >= 0 else None
    text, figures = cost_section(training, cost)
    card.text = card.text.rstrip() + "\n\n" + text + f"\n\n## Use\n\n    python -m pipeline classify --adapter {config.repo} --text \"...\"\n"
    card.data.understudy = {"task": training.get("task"), "costs": figures,
                            "agreement_with_teacher": (report or {}).get("mean_agreement")}
    if config.dataset:
        card.data.datasets = [config.dataset]
    if report and report.get("per_field"):
        card.data.model_name = config.repo
        card.data.eval_results = [
            EvalResult(task_type="text-classification", dataset_type=config.dataset or f"understudy/{training.get('task')}",
                       dataset_name=f"{training.get('task')} test split (teacher labels)", metric_type="accuracy",
                       metric_name=f"agreement with the teacher: {name}", metric_value=round(float(value), 4))
            for name, value in report["per_field"].items()
        ]
    card.save(staged / "README.md")
    return {"card": "README.md"}


def push_adapter(config: PushAdapterConfig) -> dict:
    """Push an adapter folder with its model card (base_model, library_name peft, task, config, evaluation, costs)."""
    check_repo_id(config.repo)
    if not (Path(config.dir) / "adapter_config.json").is_file():
        raise UserError(f"adapter folder not found or incomplete: {config.dir} (no adapter_config.json); train one with `python -m pipeline train`")
    base = check_base_travels(config)
    with tempfile.TemporaryDirectory(prefix="understudy-push-") as tmp:
        staged, staged_base = Path(tmp) / "adapter", Path(tmp) / "base"
        staged.mkdir()
        stage_adapter(config, staged, config.base_repo if base is not None else "")
        check_no_secrets(staged)  # before the base goes anywhere
        pushed_base = None
        if base is not None:
            staged_base.mkdir()
            stage_base(base, staged_base, config.repo)
            pushed_base = push_folder(staged_base, "model", config.base_repo, private=config.private, message=config.message,
                                      hub_dir_flag=config.hub_dir, endpoint=config.endpoint)
        pushed = push_folder(staged, "model", config.repo, private=config.private, message=config.message,
                             hub_dir_flag=config.hub_dir, endpoint=config.endpoint)
    return {**pushed, "base": pushed_base} if pushed_base else pushed


def adapter_folder(adapter: str, revision: str = "", hub_dir_flag: str = "", endpoint: str = "") -> str:
    """A local folder as is; a Hub id (`user/name[@rev]`) → the snapshot folder (local Hub folder first, else downloaded)."""
    if not adapter or Path(adapter).exists() or not looks_like_repo_id(adapter):
        return adapter
    repo, revision = split_revision(adapter, revision)
    try:
        return str(snapshot("model", repo, revision, hub_dir_flag, endpoint))
    except UserError as e:
        raise UserError(f"adapter folder not found: {adapter} is no local folder, and as a Hub id: {e}") from None


MODEL_FILE_PATTERNS = ("*.json", "*.safetensors", "*.txt", "*.model", "*.jinja", "*.tiktoken")  # a base model, never a pickle


def model_snapshot(repo_id: str) -> Path:
    """A Hub model id (`user/name[@rev]`) → the folder of its files (config, safetensors weights, tokenizer), fetched as
    the caller. Only ever an id: a folder of this server named like one is never read (what a visitor types)."""
    repo, revision = split_revision(repo_id, "")
    check_repo_id(repo, "the base model")
    return snapshot("model", repo, revision, only=MODEL_FILE_PATTERNS)


def pull_adapter(config: PullAdapterConfig) -> dict:
    """Fetch an adapter by Hub id (and revision): its adapter files only (PULLED_FILES, never a pickle or
    whatever else the repository holds); with --out, copy them there."""
    repo, revision = split_revision(config.repo, config.revision)
    folder = snapshot("model", repo, revision, config.hub_dir, config.endpoint, only=PULLED_FILES)
    if not (folder / "adapter_config.json").is_file():
        raise UserError(f"{repo} has no adapter_config.json: not a LoRA adapter repository")
    if config.out:
        out = Path(config.out)
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        for name in PULLED_FILES:
            if (folder / name).is_file():
                shutil.copyfile(folder / name, out / name)
        folder = out
    return {"repo": repo, "adapter": str(folder), "revision": revision or "main"}


def sample_rows(source: str | Path, n: int, seed: int = 0, split: str = "train") -> files.Sample:
    """data.sample_rows (a uniform sample, streamed), where `source` may also be a Hub dataset id (user/name[@rev]), fetched first."""
    return files.sample_rows(local_source(source), n, seed, split)
