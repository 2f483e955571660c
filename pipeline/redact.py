"""redact: secret values taken out of any text before it is printed, logged, stored or shown."""

from __future__ import annotations


def scrub(text: str, secrets) -> str:
    """`text` with every secret in `secrets` (values of 6 characters or more) replaced by ***."""
    for secret in sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class Scrubber:
    """Removes the API key from any text before it is printed, logged or stored."""

    def __init__(self, secret: str):
        self.secret = secret if secret and secret != "unused" else ""

    def __call__(self, text: str) -> str:
        return scrub(text, [self.secret])
