"""batcher: the micro-batcher behind `serve`. Requests that arrive together share one batched model call.

One worker thread owns the model: `MicroBatcher` gathers the requests waiting together, runs them as
one batch, and if that batch fails, runs its requests again one by one so only the culprit fails.
`work_by_kind` lets one batcher run several kinds of work (chat texts, rendered prompts), one model
call per kind.
"""

import logging
import queue
import threading
import time
from concurrent.futures import Future

log = logging.getLogger("understudy.serve")


class MicroBatcher:
    """Requests that arrive together share one batched model call.

    One worker thread owns the model: it takes the first waiting request, gathers whatever else
    arrives within `max_wait` seconds (up to `max_batch`), runs `work(items)` once and hands each
    request its own outcome. If the batched call fails, its items are run again one by one, so a
    request that breaks the model fails alone and the others still get their answers.
    """

    def __init__(self, work, max_batch: int = 32, max_wait: float = 0.002):
        self.work, self.max_batch, self.max_wait = work, max(1, max_batch), max_wait
        self.queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._loop, name="understudy-batcher", daemon=True).start()

    def submit(self, item) -> Future:
        future: Future = Future()
        self.queue.put((item, future))
        return future

    def _loop(self) -> None:
        while True:
            self._run(self._gather())

    def _gather(self) -> list:
        """The first waiting request and whatever else arrives within max_wait, up to max_batch."""
        batch = [self.queue.get()]
        deadline = time.monotonic() + self.max_wait
        while len(batch) < self.max_batch:
            try:
                batch.append(self.queue.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                break
        return batch

    def _run(self, batch: list) -> None:
        try:
            outcomes = self.work([item for item, _ in batch])
        except Exception as e:  # noqa: BLE001 - one request's failure must not cost the others
            if len(batch) == 1:
                batch[0][1].set_exception(e)  # the request answers 500
                return
            log.warning("a batch of %d failed (%s: %r); running its requests one by one", len(batch), type(e).__name__, e)
            for one in batch:
                self._run([one])
            return
        for (_, future), outcome in zip(batch, outcomes):
            future.set_result(outcome)


def work_by_kind(work_of: dict):
    """A batch's work for (kind, payload) items: each kind's payloads go to `work_of[kind]` in one call
    (kinds in the dict's order), and the outcomes come back in the items' order."""

    def work(items: list) -> list:
        outcomes: list = [None] * len(items)
        for kind, run in work_of.items():
            idx = [i for i, (k, _) in enumerate(items) if k == kind]
            if idx:
                for i, out in zip(idx, run([items[i][1] for i in idx])):
                    outcomes[i] = out
        return outcomes

    return work
