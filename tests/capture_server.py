"""A listener that records every request it gets: the stand-in for an attacker's URL in security tests.

It answers everything with OpenAI's 401 error body, so an OpenAI client pointed at it fails fast and
readably, and keeps each request's method, path, headers and body in `capture.requests`.
"""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.conftest import run_in_thread


class Capture:
    def __init__(self):
        self.requests: list[dict] = []
        app = FastAPI()

        @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"])
        async def anything(path: str, request: Request):
            self.requests.append({"method": request.method, "path": "/" + path, "headers": dict(request.headers),
                                  "body": (await request.body()).decode("utf-8", "replace")})
            return JSONResponse({"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                                           "param": None, "code": "invalid_api_key"}}, status_code=401)

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread, self.port = run_in_thread(self.server)
        self.url = f"http://127.0.0.1:{self.port}"

    def saw(self, secret: str) -> bool:
        """Whether `secret` reached this listener anywhere: a header, the path or the body."""
        return any(secret in str(r) for r in self.requests)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
