"""Understudy: replace a big model's answers with a small fine-tuned open model. One module per stage."""

import sys


def _keep_freed_memory() -> None:
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


_keep_freed_memory()
