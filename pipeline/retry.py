"""retry: when a failed call to a server is worth repeating, and how long to wait first (exponential
backoff with full jitter, honouring the server's Retry-After). Shared by the teacher client (label) and
the remote students."""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


def retry_after(error) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms / retry-after headers), if any."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        if headers.get("retry-after-ms") is not None:
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
    except ValueError:
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
        except (TypeError, ValueError):
            return None


def backoff(attempt: int, base: float, cap: float) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
    return random.uniform(0, min(cap, base * (2 ** attempt)))


def transient(error) -> bool:
    """Worth retrying: 408/409/429, 5xx, timeouts, dropped connections, an unreadable response body."""
    import openai

    if isinstance(error, (openai.APITimeoutError, openai.APIConnectionError, openai.APIResponseValidationError)):
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in (408, 409, 429) or error.status_code >= 500
    return isinstance(error, (json.JSONDecodeError, ValueError))  # a truncated body the SDK could not parse
