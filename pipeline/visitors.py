"""visitors: who is calling the app, and what one caller may ask of it.

A Visitor is the owner (off a public app, the single local user), a signed-in Hugging Face user, or an
anonymous browser session. LIMITS holds the server-side caps the page's min/max show; Slots counts what
one visitor (or one address) runs at once (pipeline.runs holds their long runs). The checks here turn a page's value into a setting
within those limits, or one line naming the allowed range.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from pipeline.data import SUFFIXES
from pipeline.errors import UserError
from pipeline.repo_ids import check_repo_id
from pipeline.serve_openai import check_utf8


@dataclass(frozen=True)
class Limits:
    """What one call (and one visitor) may ask of a shared app; the page's min/max are these."""

    sample_max: int = 2000  # recipes the bundled sample generates
    epochs_max: float = 10.0  # epochs of a local training run
    label_per_call: int = 1000  # rows one Label press sends to the teacher
    label_per_visitor: int = 5000  # rows a visitor (not the owner) labels in all, on a public app
    jobs_per_visitor: int = 2  # Hugging Face Jobs one person runs at once
    teacher_calls_per_visitor: int = 2  # live teacher calls one visitor (or one address) has running at once
    teacher_seconds: float = 10.0  # a visitor's teacher call gives up after this long, without retrying
    upload_bytes: int = 50 * 1024 * 1024  # largest upload (also Gradio's max_file_size)
    lora_r_max: int = 64
    lora_alpha_max: int = 256
    dropout_max: float = 0.5
    learning_rate: tuple = (1e-6, 0.1)
    runs_kept: int = 3  # a visitor's newest runs of each kind (adapters, eval, ...) kept; older ones are removed
    train_minutes: float = 30.0  # a visitor's local training run is stopped (and kept, marked stopped) after this long
    corpus_rows: int = 2000  # rows a visitor (not the owner) classifies in one corpus run from the page
    anonymous_sessions: int = 200  # anonymous visitors' folders kept at once (the least recently used go first)
    anonymous_bytes: int = 2 * 2**30  # ... and the disk they hold together
    queue_size: int = 256  # events waiting in the app's queue, all visitors together
    queued_per_user: int = 16  # events one signed-in visitor has waiting or running at once
    queued_per_session: int = 16  # ... one anonymous browser session (a page load alone starts about 8)
    queued_per_address: int = 32  # ... all anonymous sessions from one client address together


LIMITS = Limits()
OPENAI_URL = "https://api.openai.com/v1"  # where a visitor's teacher call goes when no URL is typed
SESSION_TTL = 6 * 3600  # an anonymous visitor's folder (and a Gradio upload) is swept 6 hours after its last use
USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")


@dataclass(frozen=True)
class Visitor:
    """Who is calling: the owner, a signed-in Hugging Face user, or an anonymous browser session.

    `token` is the visitor's own OAuth token (never the owner's secret). Off a public app everyone is
    the owner: the single local user."""

    owner: bool = True
    username: str = ""  # the signed-in Hugging Face user ("" when anonymous, or the local user)
    token: str = ""  # their OAuth access token
    session: str = ""  # the browser session (Gradio's session hash), for anonymous visitors
    public: bool = False  # the app is public: sign-in decides what a visitor may do
    address: str = ""  # where the call came from (limits what one address runs at once)

    @property
    def key(self) -> str:
        """Whom limits count against: the signed-in user, else the caller's address, else the session."""
        return f"user:{self.username}" if self.signed_in else f"address:{self.address}" if self.address else f"session:{self.session}"

    @property
    def signed_in(self) -> bool:
        return bool(self.username)

    def hub_token(self) -> str | bool | None:
        """What the Hub calls act with: None (the environment's HF_TOKEN: the owner), the visitor's own
        token, or False (anonymous: no token at all)."""
        if self.owner:
            return None
        return self.token or False

    def require_sign_in(self, action: str) -> None:
        if self.public and not self.owner and not (self.signed_in and self.token):
            raise UserError(f"sign in with Hugging Face (the button at the top) to {action}")

    def folder_name(self) -> str:
        """visitors/users/NAME or visitors/sessions/HASH (the session hash itself is never a path)."""
        if self.signed_in:
            if not USER_NAME.match(self.username):
                raise UserError(f"unexpected user name {self.username!r}")
            return f"users/{self.username}"
        if not self.session:
            raise UserError("no browser session: reload the page")
        return "sessions/" + hashlib.sha256(self.session.encode()).hexdigest()[:32]


LOCAL_OWNER = Visitor()
GRADIO_MOCK_TOKEN = "mock-oauth-token-for-local-dev"  # what Gradio's local sign-in mock hands out off a Space


def owners() -> set[str]:
    """Who may use the owner's secrets on a public app: the Space's author and UNDERSTUDY_OWNERS."""
    names = {os.environ.get("SPACE_AUTHOR_NAME", "")} | set(os.environ.get("UNDERSTUDY_OWNERS", "").split(","))
    return {n.strip() for n in names if n.strip()}


def visitor_of(public: bool, username: str = "", token: str = "", session: str = "", address: str = "") -> Visitor:
    """The Visitor behind one call. Off a public app: the local owner. On one: the signed-in user
    (their profile comes from the sign-in session, never from the request's data), else anonymous."""
    if not public:
        return LOCAL_OWNER
    username = (username or "").strip()
    if token == GRADIO_MOCK_TOKEN:  # off a Space, Gradio's sign-in is a mock: no one real, so anonymous
        username = token = ""
    return Visitor(owner=bool(username) and username in owners(), username=username, token=(token or "") if username else "",
                   session=session or "", public=True, address=address or "")


# The kinds of work that take minutes: each has a concurrency group of its own (app.py), and anonymous visitors
# of a public app are turned away from them at the queue's door (sign in first); their own checks say so again.
LONG_WORK = {"train": "train a student", "evaluate": "evaluate a student", "label": "label with a teacher",
             "hub": "push to or load from the Hub", "jobs": "start a training Job on Hugging Face GPUs",
             "corpus": "classify a corpus"}


class QueueGuard:
    """Who may add an event to a public app's queue: the owner always; a signed-in visitor while they have fewer
    than `queued_per_user` events waiting or running; an anonymous one while their session has fewer than
    `queued_per_session` and their address fewer than `queued_per_address`, and only for short work (not LONG_WORK).
    So one visitor cannot fill the queue, nor hold a long group's only slot. `pending` is, per event already in the
    queue, the Visitor that joined it."""

    def __init__(self, limits: Limits = LIMITS):
        self.limits = limits

    def refusal(self, visitor: Visitor, group: str, pending: list[Visitor]) -> str | None:
        """None to admit the event, else the one line the caller gets."""
        if visitor.owner:
            return None
        if not visitor.signed_in and group in LONG_WORK:
            return f"sign in with Hugging Face (the button at the top) to {LONG_WORK[group]}"
        if visitor.signed_in:
            mine = sum(p.signed_in and p.username == visitor.username for p in pending)
            if mine >= self.limits.queued_per_user:
                return f"you have {mine} requests waiting or running, the most at once; wait for them to finish"
            return None
        anonymous = [p for p in pending if not p.signed_in and not p.owner]
        if sum(p.session == visitor.session for p in anonymous) >= self.limits.queued_per_session:
            return f"this page has {self.limits.queued_per_session} requests waiting or running, the most at once; wait for them to finish"
        if visitor.address and sum(p.address == visitor.address for p in anonymous) >= self.limits.queued_per_address:
            return (f"{self.limits.queued_per_address} requests from your address are waiting or running, the most for visitors "
                    "who are not signed in; wait, or sign in with Hugging Face")
        return None


class Uploads:
    """Which client address uploaded each file (recorded by the app as Gradio's upload route answers), so that on a
    public app only that address may hand the file to an event: a path that leaked (it holds only a hash) is
    useless elsewhere. Keeps the newest `keep` uploads."""

    def __init__(self, keep: int = 10_000):
        self.keep = keep
        self.lock = threading.Lock()
        self.by: collections.OrderedDict[str, str] = collections.OrderedDict()

    def record(self, paths, address: str) -> None:
        with self.lock:
            for path in paths if isinstance(paths, list) else []:
                if isinstance(path, str):
                    key = str(Path(path).resolve())
                    self.by[key] = address
                    self.by.move_to_end(key)
            while len(self.by) > self.keep:
                self.by.popitem(last=False)

    def check(self, path: str | Path, visitor: "Visitor") -> None:
        """One line (the same as for a file never uploaded) unless `visitor` uploaded it, or is the owner."""
        if not visitor.public or visitor.owner:
            return
        with self.lock:
            uploader = self.by.get(str(Path(path).resolve()))
        if uploader is None or uploader != visitor.address:
            raise UserError("that file was not uploaded through the page: upload it with the file box")


UPLOADS = Uploads()


class Slots:
    """At most `limit` of something at once per visitor (counted by Visitor.key: the user, else the
    caller's address); the owner is not counted."""

    def __init__(self, limit: int, what: str):
        self.limit, self.what = limit, what
        self.lock = threading.Lock()
        self.used: collections.Counter = collections.Counter()

    @contextlib.contextmanager
    def slot(self, visitor: Visitor, n: int = 1):
        """Hold `n` of the visitor's `limit` (a label press holds as many as it sends requests at once)."""
        with self.lock:
            if not visitor.owner and self.used[visitor.key] + n > self.limit:
                raise UserError(f"you already have {self.used[visitor.key]} {self.what} running, and this needs {n} of the "
                                f"{self.limit} you may have at once; wait for them to end" if n > 1 else
                                f"you already have {self.limit} {self.what} running, the most at once; wait for one to end")
            self.used[visitor.key] += n
        try:
            yield
        finally:
            with self.lock:
                self.used[visitor.key] -= n


def check_lora(r, alpha, dropout, learning_rate, epochs) -> dict:
    """The page's LoRA settings as TrainConfig's, each within LIMITS (one line naming the range otherwise)."""
    return {"lora_r": check_count(r, "LoRA r", 1, LIMITS.lora_r_max), "lora_alpha": check_count(alpha, "alpha", 1, LIMITS.lora_alpha_max),
            "lora_dropout": check_count(dropout, "dropout", 0.0, LIMITS.dropout_max, kind=float),
            "learning_rate": check_count(learning_rate, "the learning rate", *LIMITS.learning_rate, kind=float),
            "epochs": check_count(epochs, "epochs", 0.01, LIMITS.epochs_max, kind=float)}


def check_count(value, what: str, low: float, high: float, kind=int):
    """`value` as a number within [low, high], or one line saying the allowed range."""
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise UserError(f"{what} must be a number from {low:g} to {high:g}") from None
    if not low <= number <= high:
        raise UserError(f"{what} must be from {low:g} to {high:g}, got {number:g}")
    return number


def check_repo(repo: str, box: str = "") -> str:
    """A Hub repository id typed in the page (`user/name`), in the page's words when it is missing."""
    repo = (repo or "").strip()
    if not repo:
        where = f" in '{box}'" if box else ""
        raise UserError(f"no repository given: type a repository (user/name){where}")
    return check_repo_id(repo, "the repository")


# --- what a visitor typed or uploaded --------------------------------------------------------------

MAX_RECIPE_CHARS = 20_000  # a recipe is 3 to 30 lines; anything far longer is a wrong paste


def check_recipe(text: str | None) -> str:
    if text is None or not str(text).strip():
        raise UserError("the recipe is empty: paste a recipe or pick one from the test split")
    if len(text) > MAX_RECIPE_CHARS:
        raise UserError(f"that text is {len(text):,} characters; a recipe is at most {MAX_RECIPE_CHARS:,} (paste one recipe)")
    if problem := check_utf8(text):
        raise UserError(f"the recipe is {problem}; remove that character")
    return text


def check_table_file(name: str | None) -> None:
    """One line unless the file's name says it is a table of rows Understudy reads."""
    if name and Path(str(name)).suffix.lower() not in SUFFIXES:
        raise UserError(f"{Path(str(name)).name} is not a table of rows; upload JSONL, CSV or parquet with a 'recipe' column "
                        "(or the proxy's .sqlite store)")


def check_rows_source(source: str | None) -> str:
    """A file of rows, a dataset folder or a Hub dataset id; anything else is refused by name."""
    source = str(source or "").strip()
    if not source:
        raise UserError("no data: upload a JSONL/CSV/parquet file or name a Hub dataset (user/name)")
    if Path(source).is_file():
        check_table_file(source)
    return source
