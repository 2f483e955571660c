"""runs: the app's long work (training, a corpus through the batch stage) in background threads, by who started it.

A run belongs to its starter (the signed-in user, else the browser session), not to the page that started it, so a
reloaded page or another tab of the same visitor re-attaches to it: `Runs.current(visitor, kind)` gives the run, and
`Run.watch()` replays everything it reported so far, then follows it live (progress, loss entries, log lines) until it
ends. Its starter, from any tab, and the owner can cancel it; one run of each kind per visitor at a time.
"""

from __future__ import annotations

import collections
import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pipeline.errors import UserError
from pipeline.visitors import Visitor

KINDS = {"train": "training run", "corpus": "corpus run"}
AT_ONCE = {"train": 1, "corpus": 2}  # runs of a kind the app does at once, everyone's together (they share its CPUs or GPU)


@dataclass
class Run:
    """One background run: what it reported (`events`, in order), its latest progress, and how it ended."""

    kind: str
    starter: str
    stop: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.time)
    events: list = field(default_factory=list)  # whatever the work reports: loss entries (dicts), log lines (str)
    progress: tuple[int, int | None] = (0, None)  # rows or steps done, and of how many (None: unknown yet)
    result: dict | None = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition, repr=False)

    @property
    def running(self) -> bool:
        return not self.done.is_set()

    def report(self, event) -> None:
        """Add one event (a loss entry, a log line) for every watcher."""
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def advance(self, done: int, total: int | None = None) -> None:
        with self.changed:
            self.progress = (done, total)
            self.changed.notify_all()

    def end(self, result: dict | None = None, error: BaseException | None = None) -> None:
        with self.changed:
            self.result, self.error = result, error
            self.done.set()
            self.changed.notify_all()

    def watch(self, every: float = 1.0) -> Iterator[tuple[list, tuple[int, int | None]]]:
        """(the events so far, the progress) at once, then again whenever something changes (at most every
        `every` seconds), until the run ends; the last item is its final state. A new watcher starts from the
        first event, so a reloaded page draws the whole curve again."""
        seen, shown = -1, None
        while True:
            with self.changed:
                if len(self.events) == seen and self.progress == shown and self.running:
                    self.changed.wait(timeout=every * 10)
                ended = not self.running
                events, progress = list(self.events), self.progress
            if len(events) != seen or progress != shown or ended:
                seen, shown = len(events), progress
                yield events, progress
            if ended:
                return
            time.sleep(every)


class Runs:
    """The runs in progress (and the last finished one of each kind), by starter."""

    def __init__(self):
        self.lock = threading.Lock()
        self.runs: dict[tuple[str, str], Run] = {}
        self.others: dict[str, list[threading.Event]] = collections.defaultdict(list)  # stop switches of work run inline

    @staticmethod
    def who(visitor: Visitor) -> str:
        """The starter of a run: the user, else the browser session (never the address, which others may share)."""
        return f"user:{visitor.username}" if visitor.signed_in else f"session:{visitor.session}"

    def start(self, visitor: Visitor, kind: str, work: Callable[[Run], dict]) -> Run:
        """Run `work(run)` in a background thread (in the caller's context: its Hub identity), unless the visitor
        already has a run of this kind going."""
        key = (self.who(visitor), kind)
        with self.lock:
            current = self.runs.get(key)
            if current is not None and current.running:
                raise UserError(f"your {KINDS[kind]} is still going (started {time.strftime('%H:%M:%S', time.localtime(current.started))}): "
                                "this page follows it; cancel it first to start another")
            going = sum(1 for (_, k), r in self.runs.items() if k == kind and r.running)
            if going >= AT_ONCE[kind]:
                raise UserError(f"the app already has {going} {KINDS[kind]}{'s' if going > 1 else ''} going, the most it runs at once; "
                                "try again when one ends")
            run = self.runs[key] = Run(kind=kind, starter=key[0])

        def go() -> None:
            try:
                run.end(result=work(run))
            except BaseException as e:  # noqa: BLE001 - handed to whoever watches
                run.end(error=e)

        threading.Thread(target=contextvars.copy_context().run, args=(go,), daemon=True, name=f"understudy-{kind}").start()
        return run

    def current(self, visitor: Visitor, kind: str) -> Run | None:
        """The visitor's run of this kind: the one going, else the last one that ended (until the next starts)."""
        with self.lock:
            return self.runs.get((self.who(visitor), kind))

    def switch(self, visitor: Visitor) -> threading.Event:
        """A stop switch for work that runs inside the caller (a training Job it follows), cancelled like a run."""
        stop = threading.Event()
        with self.lock:
            self.others[self.who(visitor)].append(stop)
        return stop

    def release(self, visitor: Visitor, stop: threading.Event) -> None:
        with self.lock:
            switches = self.others.get(self.who(visitor), [])
            if stop in switches:
                switches.remove(stop)

    def cancel(self, visitor: Visitor, everyone: bool = False, kind: str = "") -> int:
        """Set the stop switch of the visitor's running work (of one kind, or all; everyone's for the owner with
        `everyone`); how many were stopped."""
        mine = self.who(visitor)
        with self.lock:
            switches = [r.stop for (who, k), r in self.runs.items()
                        if r.running and (who == mine or (everyone and visitor.owner)) and (not kind or k == kind)]
            if not kind or kind == "train":
                switches += [s for who, stops in self.others.items() if who == mine or (everyone and visitor.owner) for s in stops]
        switches = [s for s in switches if not s.is_set()]
        for s in switches:
            s.set()
        return len(switches)
