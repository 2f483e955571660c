"""Hub repository ids and revisions: what a valid one looks like, and how a local path is named in
what is shared (cards, training.json), so that nothing shared names the machine's folders."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import UserError

TINY_BASE_NAME = "understudy-tiny-base"  # how an adapter on the shipped tiny base names it (no server path in a config)
REPO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


def check_repo_id(repo_id: str, flag: str = "--repo") -> str:
    """A valid `user/name`, or a UserError saying what a valid one looks like."""
    repo_id = (repo_id or "").strip()
    if not repo_id:
        raise UserError(f"no repository given: pass {flag} user/name")
    bad = (not REPO_NAME.match(repo_id) or ".." in repo_id or "--" in repo_id or repo_id.endswith((".", "-", ".git"))
           or len(repo_id.split("/")[1]) > 96)
    if bad:
        raise UserError(f"invalid repository name {repo_id!r}: use user/name with letters, digits, '-', '_' or '.' "
                        "(no '--' or '..', not ending in '-' or '.', at most 96 characters)")
    return repo_id


def looks_like_repo_id(text: str) -> bool:
    """`user/name` or `user/name@rev` that is not a file name (a missing data/x.jsonl stays a missing file)."""
    name = str(text).split("@", 1)[0]
    if Path(name.split("/")[0]).is_dir():  # data/adapter with a local data/ folder: a local path, missing
        return False
    return bool(REPO_NAME.match(name)) and not name.lower().endswith((".jsonl", ".json", ".csv", ".parquet", ".yaml", ".yml", ".txt"))


REVISION = re.compile(r"[A-Za-z0-9._/-]{1,200}")


def check_revision(revision: str) -> str:
    """A branch, tag or commit id as given ("" means main), or a UserError: letters, digits, '.', '_', '-'
    and '/' only, no '..', not starting with '/' or '-', at most 200 characters (so it names no other folder)."""
    revision = revision or ""
    if not revision or (REVISION.fullmatch(revision) and ".." not in revision and not revision.startswith(("/", "-"))):
        return revision
    raise UserError(f"invalid revision {revision[:60]!r}: use a branch, tag or commit id (letters, digits, '.', '_', '-' "
                    "or '/'; no '..'; not starting with '/' or '-'; at most 200 characters)")


def split_revision(text: str, revision: str = "") -> tuple[str, str]:
    """`user/name@rev` → ("user/name", "rev"); an explicit `revision` wins; the revision is checked (check_revision)."""
    if "@" in text:
        text, rev = text.split("@", 1)
        revision = revision or rev
    return text, check_revision(revision)


def shareable_name(path_or_id: str) -> str:
    """A Hub id (`user/name[@rev]`) as is; a Hugging Face cache snapshot folder → the id it was downloaded from; a local
    path → its last part: what is shared never names the machine's folders."""
    text = str(path_or_id or "")
    if looks_like_repo_id(text) and not Path(text).exists():
        return text
    return cached_repo_id(text) or Path(text).name


CACHE_FOLDER = re.compile(r"^(models|datasets)--([A-Za-z0-9][A-Za-z0-9._-]*)--([A-Za-z0-9][A-Za-z0-9._-]*)$")


def cached_repo_id(path: str | Path) -> str | None:
    """`user/name` for a folder inside a Hugging Face cache snapshot (`.../models--user--name/snapshots/COMMIT`), else None."""
    parts = Path(str(path)).parts
    for i, part in enumerate(parts[:-2]):
        m = CACHE_FOLDER.match(part)
        if m and parts[i + 1] == "snapshots":
            return f"{m.group(2)}/{m.group(3)}"
    return None
