"""process: settings that change the whole process, made by the entry points (the CLI, the app, the
server, the test suite, the benchmarks) and never on import: glibc's memory tuning, and huggingface_hub's
HTTP client under HF_HUB_OFFLINE.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlparse


def set_up() -> None:
    """Everything below, once, at the start of an entry point."""
    keep_freed_memory()
    let_hub_client_reach_servers()


def no_implicit_hub_token() -> None:
    """huggingface_hub sends no token it was not handed (a public app: HF_TOKEN is the owner's, and every
    call of ours passes its caller's token explicitly)."""
    from huggingface_hub import constants

    constants.HF_HUB_DISABLE_IMPLICIT_TOKEN = True


def keep_freed_memory() -> None:
    """Make glibc keep freed memory instead of returning it to the OS after every large tensor.

    Training allocates and frees the same large buffers every step; by default glibc serves them
    with mmap/munmap, so each step pays for fresh zeroed pages. Measured on a 2-core CPU: 100 LoRA
    steps of the tiny base model took 40.9 s (26 s of it in the kernel) before, 28.3 s after.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 1024 * 1024)  # M_MMAP_THRESHOLD: the largest value glibc accepts
        libc.mallopt(-1, 1024 * 1024 * 1024)  # M_TRIM_THRESHOLD
        # M_ARENA_MAX: every thread allocates from the main heap, which honours the two settings above.
        # A worker thread (the app builds and trains in one) otherwise gets its own arena of 64 MB heaps
        # that are mapped and unmapped as tensors come and go: the demo's training ran at 2.5 steps/s in a
        # thread against 4 in the main thread, a third of its time in the kernel.
        libc.mallopt(-8, 1)
    except (OSError, AttributeError):  # not glibc (musl, ...): nothing to tune
        pass


def let_hub_client_reach_servers() -> None:
    """HF_HUB_OFFLINE=1 blocks every request made through huggingface_hub's HTTP session, even to a TGI
    on localhost. Keep blocking the Hub itself, let other hosts through."""
    if os.environ.get("HF_HUB_OFFLINE", "").upper() not in ("1", "ON", "YES", "TRUE"):
        return  # nothing blocked: leave huggingface_hub's own client (and its import) alone
    from huggingface_hub import constants, set_client_factory
    from huggingface_hub.utils import _http

    if getattr(_http, "_understudy_servers_allowed", False) or not constants.HF_HUB_OFFLINE:
        return
    import httpx2

    hub_hosts = {urlparse(constants.ENDPOINT).netloc, "huggingface.co", "hf.co"}

    def hook(request):
        if request.url.host in hub_hosts or request.url.host.endswith(".huggingface.co"):
            return _http.hf_request_event_hook(request)
        return None

    set_client_factory(lambda: httpx2.Client(event_hooks={"request": [hook]}, follow_redirects=True, timeout=None))
    _http._understudy_servers_allowed = True
