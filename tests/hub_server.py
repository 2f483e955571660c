"""A small real HTTP server speaking the parts of the Hugging Face Hub protocol that Understudy calls.

huggingface_hub's HfApi(endpoint=...) talks to it exactly as to huggingface.co: whoami-v2, repos/create,
repo info, preupload + NDJSON commit (every file answered as a regular, inline file), Space secrets,
file downloads (/resolve/, so snapshot_download pulls what was pushed), runtime and build logs, Jobs
(hardware list, create, inspect, SSE logs, cancel). A Job "runs" while its logs stream (`hub.job_log`, one
line every `hub.job_line_seconds`) and completes at their end unless cancelled.

Tokens map to users (`tokens`: {token: (user, role)}) and users to organizations (`orgs`: {user: [org]}), as
whoami-v2 answers: writing (and a Job's inspect, logs and cancel) needs a token of the namespace's user or
of a member of its organization, and a private repository is not found for anyone else. It keeps what it
receives: `hub.requests` (method, path, body and the Authorization header of each request),
`hub.repos[(type, id)]["files"]`, `hub.secrets`, `hub.jobs`. Its Space "build" compiles the uploaded
app_file: a syntax error is a BUILD_ERROR with the error in the build log.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from datetime import datetime, timedelta, timezone

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from pipeline.jobs import loss_line
from tests.conftest import run_in_thread

PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}


class FakeHub:
    def __init__(self, tokens: dict[str, tuple[str, str]], orgs: dict[str, list[str]] | None = None):
        """tokens: {token: (user name, role "read" or "write")}; orgs: {user name: [organization names]}."""
        self.tokens = tokens
        self.orgs = orgs or {}
        self.job_hardware = ["cpu-basic", "t4-small", "l4x1", "a10g-small", "a10g-large"]  # GET /api/jobs/hardware
        self.repos: dict[tuple[str, str], dict] = {}
        self.requests: list[dict] = []
        self.secrets: dict[str, dict[str, str]] = {}
        self.jobs: dict[str, dict] = {}
        self.job_log = ["===== Job started =====", *(loss_line({"step": i, "max_steps": 3, "loss": 2.0 / i, "epoch": i / 3})
                                                     for i in (1, 2, 3)), "training: 100%", "adapter pushed"]
        self.job_line_seconds = 0.0
        self.app = self._build()
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread, self.port = run_in_thread(self.server)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    # -- helpers ---------------------------------------------------------------------------------

    def user(self, request: Request):
        auth = request.headers.get("authorization", "")
        tok = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
        return self.tokens.get(tok)

    def member(self, request: Request, namespace: str) -> bool:
        """The request's token belongs to the namespace's user or to a member of its organization."""
        who = self.user(request)
        return who is not None and namespace in (who[0], *self.orgs.get(who[0], []))

    def authorizations(self) -> set[str]:
        """Every Authorization header received ("" for a request without one)."""
        return {r["authorization"] for r in self.requests}

    def files(self, repo_type: str, repo_id: str) -> dict[str, bytes]:
        return self.repos[(repo_type, repo_id)]["files"]

    def _repo_by_id(self, repo_id: str):
        return next(((t, i) for (t, i) in self.repos if i == repo_id), None)

    def _build(self) -> FastAPI:
        app = FastAPI()
        hub = self

        @app.middleware("http")
        async def record(request: Request, call_next):
            body = await request.body()
            hub.requests.append({"method": request.method, "path": request.url.path, "body": body,
                                 "authorization": request.headers.get("authorization", "")})
            return await call_next(request)

        def error(status: int, message: str, code: str = ""):
            headers = {"X-Error-Message": message}
            if code:
                headers["X-Error-Code"] = code
            return JSONResponse({"error": message}, status_code=status, headers=headers)

        def need_write(request: Request, namespace: str):
            who = hub.user(request)
            if who is None:
                return error(401, "Invalid credentials in Authorization header")
            if who[1] != "write" or not hub.member(request, namespace):
                return error(403, f"You don't have the rights to write to the namespace {namespace}")
            return None

        def hidden(request: Request, repo_id: str, repo: dict | None) -> bool:
            """No such repository, or a private one the token may not read (the Hub answers both alike)."""
            return repo is None or (repo["private"] and not hub.member(request, repo_id.split("/")[0]))

        @app.get("/api/whoami-v2")
        async def whoami(request: Request):
            who = hub.user(request)
            if who is None:
                return error(401, "Invalid credentials in Authorization header")
            return {"type": "user", "name": who[0], "fullname": who[0].title(), "avatarUrl": "", "orgs": [{"type": "org", "name": org} for org in hub.orgs.get(who[0], [])],
                    "auth": {"type": "access_token", "accessToken": {"role": who[1], "displayName": "t"}}}

        @app.post("/api/validate-yaml")
        async def validate_yaml(request: Request):
            import re

            import yaml

            payload = await request.json()
            match = re.match(r"^---\s*\n(.*?)\n---", payload["content"], re.S)
            try:
                meta = yaml.safe_load(match.group(1)) if match else {}
            except yaml.YAMLError as e:
                return JSONResponse({"errors": [{"message": str(e)}], "warnings": []}, status_code=400)
            if not isinstance(meta, dict):
                return JSONResponse({"errors": [{"message": "metadata must be a mapping"}], "warnings": []}, status_code=400)
            return {"errors": [], "warnings": []}

        @app.post("/api/repos/create")
        async def create(request: Request):
            payload = await request.json()
            repo_type = payload.get("type") or "model"
            namespace = payload.get("organization")
            repo_id = f"{namespace}/{payload['name']}"
            denied = need_write(request, namespace)
            if denied:
                return denied
            existing = hub._repo_by_id(repo_id)
            url = f"{hub.url}/{PREFIX[repo_type]}{repo_id}"
            if existing and existing[0] == repo_type:
                return JSONResponse({"error": f"You already created this {repo_type} repo", "url": url}, status_code=409)
            if existing:
                return error(409, "A repository with this name already exists")
            if repo_type == "space" and payload.get("sdk") not in ("gradio", "docker", "static", "streamlit"):
                return error(400, "Invalid sdk")
            hub.repos[(repo_type, repo_id)] = {"files": {}, "commits": [], "private": payload.get("visibility") == "private",
                                               "sdk": payload.get("sdk"), "stage": "NO_APP_FILE", "build_log": []}
            return {"url": url, "name": repo_id}

        @app.get("/api/{kind}s/{namespace}/{name}")
        @app.get("/api/{kind}s/{namespace}/{name}/revision/{revision}")
        async def info(kind: str, namespace: str, name: str, request: Request, revision: str = "main"):
            if kind == "job":  # /api/jobs/NAMESPACE/ID has the same shape
                return await inspect(namespace, name, request)
            repo = hub.repos.get((kind, f"{namespace}/{name}"))
            if hidden(request, f"{namespace}/{name}", repo):
                return error(404, "Repository not found", "RepoNotFound")
            sha = repo["commits"][-1] if repo["commits"] else "0" * 40
            return {"id": f"{namespace}/{name}", "sha": sha, "private": repo["private"], "siblings": [{"rfilename": f} for f in repo["files"]]}

        def resolve(kind: str, repo_id: str, filename: str, request: Request):
            """A file of the repository's last commit, as the Hub's /resolve/ answers hf_hub_download."""
            repo = hub.repos.get((kind, repo_id))
            if hidden(request, repo_id, repo):
                return error(404, "Repository not found", "RepoNotFound")
            data = repo["files"].get(filename)
            if data is None:
                return error(404, "Entry not found", "EntryNotFound")
            headers = {"X-Repo-Commit": repo["commits"][-1], "ETag": f'"{hashlib.sha1(data).hexdigest()}"',
                       "Content-Length": str(len(data))}
            return Response(b"" if request.method == "HEAD" else data, headers=headers, media_type="application/octet-stream")

        @app.get("/api/{kind}s/{namespace}/{name}/tree/{revision}")
        async def tree(kind: str, namespace: str, name: str, revision: str, request: Request):
            repo = hub.repos.get((kind, f"{namespace}/{name}"))
            if hidden(request, f"{namespace}/{name}", repo):
                return error(404, "Repository not found", "RepoNotFound")
            return [{"type": "file", "path": f, "size": len(data), "oid": hashlib.sha1(data).hexdigest()}
                    for f, data in sorted(repo["files"].items())]

        @app.api_route("/datasets/{namespace}/{name}/resolve/{revision}/{filename:path}", methods=["GET", "HEAD"])
        async def resolve_dataset(namespace: str, name: str, revision: str, filename: str, request: Request):
            return resolve("dataset", f"{namespace}/{name}", filename, request)

        @app.api_route("/{namespace}/{name}/resolve/{revision}/{filename:path}", methods=["GET", "HEAD"])
        async def resolve_model(namespace: str, name: str, revision: str, filename: str, request: Request):
            return resolve("model", f"{namespace}/{name}", filename, request)

        @app.post("/api/{kind}s/{namespace}/{name}/preupload/{revision}")
        async def preupload(kind: str, namespace: str, name: str, revision: str, request: Request):
            denied = need_write(request, namespace)
            if denied:
                return denied
            if (kind, f"{namespace}/{name}") not in hub.repos:
                return error(404, "Repository not found", "RepoNotFound")
            payload = await request.json()
            return {"files": [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False, "oid": None} for f in payload["files"]]}

        @app.post("/api/{kind}s/{namespace}/{name}/commit/{revision}")
        async def commit(kind: str, namespace: str, name: str, revision: str, request: Request):
            denied = need_write(request, namespace)
            if denied:
                return denied
            repo = hub.repos.get((kind, f"{namespace}/{name}"))
            if repo is None:
                return error(404, "Repository not found", "RepoNotFound")
            lines = [json.loads(line) for line in (await request.body()).splitlines() if line.strip()]
            for line in lines:
                if line["key"] == "file":
                    repo["files"][line["value"]["path"]] = base64.b64decode(line["value"]["content"])
                elif line["key"] == "deletedFile":
                    repo["files"].pop(line["value"]["path"], None)
            oid = hashlib.sha1(json.dumps(lines).encode()).hexdigest()
            repo["commits"].append(oid)
            if kind == "space":
                hub._build_space(repo)
            return {"commitUrl": f"{hub.url}/{PREFIX[kind]}{namespace}/{name}/commit/{oid}", "commitOid": oid}

        @app.post("/api/spaces/{namespace}/{name}/secrets")
        async def secret(namespace: str, name: str, request: Request):
            denied = need_write(request, namespace)
            if denied:
                return denied
            payload = await request.json()
            hub.secrets.setdefault(f"{namespace}/{name}", {})[payload["key"]] = payload["value"]
            return JSONResponse(None)

        @app.get("/api/spaces/{namespace}/{name}/runtime")
        async def runtime(namespace: str, name: str):
            repo = hub.repos.get(("space", f"{namespace}/{name}"))
            if repo is None:
                return error(404, "Repository not found", "RepoNotFound")
            return {"stage": repo["stage"], "hardware": {"current": "cpu-basic", "requested": "cpu-basic"}}

        def sse(lines):
            """Log lines (a list, or an async iterator) as the Hub streams them: server-sent events."""
            # the Hub's timestamp format; a replayed line was logged before the request (huggingface_hub's no-follow
            # read drops lines stamped after the response's Date + 1 s, and uvicorn's Date lags the clock by up to 1 s)
            now = (datetime.now(timezone.utc) - timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

            async def each(items):
                for item in items:
                    yield item

            async def events():
                async for line in lines if hasattr(lines, "__aiter__") else each(lines):
                    yield "data: " + json.dumps({"data": line, "timestamp": now}) + "\n\n"

            return StreamingResponse(events(), media_type="text/event-stream")

        @app.get("/api/spaces/{namespace}/{name}/logs/{kind}")
        async def space_logs(namespace: str, name: str, kind: str):
            return sse(hub.repos[("space", f"{namespace}/{name}")]["build_log"])

        @app.get("/api/jobs/hardware")
        async def job_hardware():
            def accelerator(name: str):
                return None if name.startswith("cpu") else {"type": "gpu", "model": name.split("-")[0].upper(), "quantity": "1",
                                                            "vram": "24 GB", "manufacturer": "Nvidia"}

            return [{"name": name, "prettyName": name, "cpu": "8 vCPU", "ram": "32 GB", "accelerator": accelerator(name),
                     "unitCostMicroUSD": 1000, "unitCostUSD": 0.001, "unitLabel": "minute"} for name in hub.job_hardware]

        @app.post("/api/jobs/{namespace}")
        async def create_job(namespace: str, request: Request):
            denied = need_write(request, namespace)
            if denied:
                return denied
            spec = await request.json()
            job_id = f"{len(hub.jobs) + 1:024x}"
            hub.jobs[job_id] = {"spec": spec, "stage": "RUNNING", "namespace": namespace}
            return hub._job_info(job_id, namespace, "RUNNING")

        def job_denied(request: Request, namespace: str, job_id: str):
            if hub.user(request) is None:
                return error(401, "Invalid credentials in Authorization header")
            if not hub.member(request, namespace) or hub.jobs.get(job_id, {}).get("namespace") != namespace:
                return error(404, "Job not found")
            return None

        @app.get("/api/jobs/{namespace}/{job_id}")
        async def inspect(namespace: str, job_id: str, request: Request):
            denied = job_denied(request, namespace, job_id)
            if denied:
                return denied
            return hub._job_info(job_id, namespace, hub.jobs[job_id]["stage"])

        @app.get("/api/jobs/{namespace}/{job_id}/logs")
        async def job_logs(namespace: str, job_id: str, request: Request):
            denied = job_denied(request, namespace, job_id)
            if denied:
                return denied
            job = hub.jobs[job_id]

            async def running():  # the Job runs while its logs stream, unless cancelled meanwhile
                for line in hub.job_log:
                    if job["stage"] != "RUNNING":
                        break
                    yield line
                    await asyncio.sleep(hub.job_line_seconds)
                if job["stage"] == "RUNNING":
                    job["stage"] = "COMPLETED"

            return sse(running())

        @app.post("/api/jobs/{namespace}/{job_id}/cancel")
        async def cancel_job(namespace: str, job_id: str, request: Request):
            denied = need_write(request, namespace) or job_denied(request, namespace, job_id)
            if denied:
                return denied
            hub.jobs[job_id]["stage"] = "CANCELED"
            return {}

        return app

    def _job_info(self, job_id: str, namespace: str, stage: str) -> dict:
        spec = self.jobs[job_id]["spec"]
        return {"id": job_id, "createdAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "dockerImage": spec.get("dockerImage"),
                "command": spec["command"], "arguments": [], "environment": spec.get("environment", {}),
                "secrets": sorted(spec.get("secrets", {})), "flavor": spec["flavor"], "status": {"stage": stage, "message": None},
                "owner": {"id": "1", "name": namespace, "type": "user"}}

    def _build_space(self, repo: dict) -> None:
        """Compile the app file named in the README's front matter, as a Space build would fail on it."""
        readme = repo["files"].get("README.md", b"").decode()
        app_file = "app.py"
        for line in readme.splitlines():
            if line.startswith("app_file:"):
                app_file = line.split(":", 1)[1].strip()
        source = repo["files"].get(app_file)
        if source is None:
            repo["stage"], repo["build_log"] = "NO_APP_FILE", [f"no {app_file}"]
            return
        try:
            compile(source, app_file, "exec")
        except SyntaxError as e:
            repo["stage"], repo["build_log"] = "BUILD_ERROR", ["Building...", f"SyntaxError: {e.msg} ({app_file}, line {e.lineno})"]
            return
        repo["stage"], repo["build_log"] = "RUNNING", ["Building...", "Build complete"]
