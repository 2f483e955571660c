"""sharing: what the Hub tab does for one workspace (`ws`: pipeline.workspace.Workspace): push its active dataset and
adapter, load an adapter by Hub id as its active student, and say where all that goes.

Whoever acts does it: the owner with the app's HF_TOKEN (or, with none, into the local Hub folder the CLI shares), a
signed-in visitor with their own token (hub.acting_as).
"""

from __future__ import annotations

from pathlib import Path

from pipeline import hub, scoring
from pipeline.errors import UserError
from pipeline.models import shown_path
from pipeline.visitors import check_repo


def push_dataset(ws, repo: str, private: bool = False) -> dict:
    """The active dataset to the Hub, as whoever acts (the owner's HF_TOKEN, or a signed-in visitor's
    own token), or to the local Hub folder (the CLI's) when the owner has no token."""
    ws.visitor.require_sign_in("push to the Hub")
    dataset = ws.dataset()
    if not dataset:
        raise UserError("no prepared dataset to push: build the demo student or prepare one in Data & labels")
    repo = check_repo(repo, "Dataset repository")
    with ws.acting():
        return pushed(ws, hub.push_dataset(hub.PushDatasetConfig(dir=dataset, repo=repo, private=bool(private))))


def push_adapter(ws, repo: str, private: bool = False) -> dict:
    ws.visitor.require_sign_in("push to the Hub")
    adapter = ws.adapter()
    if not adapter:
        raise UserError(ws.not_ready_message())
    last = scoring.last_report(ws)
    report = str(last[1] / "report.json") if last else ""
    repo = check_repo(repo, "Adapter repository")
    with ws.acting():
        return pushed(ws, hub.push_adapter(hub.PushAdapterConfig(dir=adapter, repo=repo, private=bool(private), report=report)))


def pushed(ws, result: dict) -> dict:
    """A push's result as the page shows it: a local Hub folder as the CLI names it (the owner's), or by its
    place in the data folder."""
    if result["where"] != "hub":
        return {**result, "url": shown_path(Path(result["url"])) if ws.visitor.owner else ws.display(result["url"])}
    return result


def load_adapter(ws, repo: str, revision: str = "") -> dict:
    """An adapter by Hub id (and revision), copied into this workspace and made its active student."""
    ws.visitor.require_sign_in("load adapters from the Hub")
    repo = check_repo(repo, "Load an adapter by Hub id")
    revision = hub.check_revision((revision or "").strip())
    out = ws.inside(ws.root / "hub-adapters" / repo.replace("/", "--") / (revision.replace("/", "--") or "main"))
    with ws.acting():
        result = hub.pull_adapter(hub.PullAdapterConfig(repo=repo, revision=revision, out=str(out)))
    ws.check_adapter_base(result["adapter"])
    ws.save_settings(adapter=result["adapter"])
    return {**result, "adapter": ws.display(result["adapter"])}


def hub_where(ws) -> str:
    """Where this visitor's pushes go and Hub ids are read from, in one line."""
    if not ws.visitor.owner:
        return "Pushes and loads act as your own Hugging Face account: sign in first."
    if hub.use_local():
        return (f"No HF_TOKEN: pushes go to the local Hub folder {shown_path(hub.hub_dir())}, the same one the CLI reads and "
                "writes (`python -m pipeline classify --adapter user/name`). Set HF_TOKEN to use the Hub.")
    return "Pushes go to the Hugging Face Hub, as the account of this app's HF_TOKEN."
