"""Understudy's app: every stage in the browser, and the student beside GPT-4.

`python app.py` serves the page, the Gradio API (gradio_client can call /classify) and the student's
OpenAI-compatible /v1/chat/completions from one process. On first start it uses the demo student shipped
in pipeline/demo_student (ready with the page); only without it does it build one in the background, with a
progress bar on the page. Callbacks only call
pipeline.workspace (the stages) and pipeline.views (HTML); a bad input shows one readable line.
"""

import argparse
import functools
import html
import inspect
import logging
import os
import time
from dataclasses import asdict

import gradio as gr
import pandas as pd

from pipeline import costs, hub, jobs, picking, prices, process, runs, scoring, sharing, teaching, trying, views
from pipeline import students as registry
from pipeline import demo as demo_stage
from pipeline import label as label_stage
from pipeline.cli import quiet_libraries
from pipeline.costs import TEACHERS
from pipeline.errors import UserError
from pipeline.serve import check_exposure, create_app
from pipeline.student import BACKENDS, StudentSpec
from pipeline.train import loss_text
from pipeline.visitors import LIMITS, UPLOADS, QueueGuard, Visitor, owners, visitor_of
from pipeline.batch import EXPORTS
from pipeline.workspace import ActiveStudent, Workspace, check_table_file, spec_from_env

log = logging.getLogger("understudy.app")
# Gradio's status tracker announces a finished event as "common.complete", a key its English table lacks
TRANSLATIONS = gr.I18n(en={"common.complete": "Done"})
WS = Workspace()  # the app's own workspace: the demo, the owner's work, the default student
PUBLIC = False  # a public app (a Space, or --public): visitors sign in; set by main() / create_server()


def visitor(request: gr.Request | None, profile: gr.OAuthProfile | None, oauth_token: gr.OAuthToken | None) -> Visitor:
    """Who made this call: the signed-in Hugging Face user of this browser session (Gradio reads it from
    the sign-in cookie), else an anonymous session; off a public app, the local owner."""
    return visitor_of(PUBLIC, profile.username if profile else "", oauth_token.token if oauth_token else "",
                      getattr(request, "session_hash", "") or "", address_of(request))


def visitor_of_request(request, session_hash: str) -> Visitor:
    """The Visitor behind a raw request inside Gradio (a queue join), read as Gradio reads a sign-in: from the
    session cookie's oauth_info (there only when the app has sign-in)."""
    try:
        info = request.session.get("oauth_info") or {}
    except (AssertionError, AttributeError):  # no session middleware: nobody signs in here
        info = {}
    user = (info.get("userinfo") or {}).get("preferred_username", "") if isinstance(info, dict) else ""
    return visitor_of(PUBLIC, user, info.get("access_token", "") if user else "", session_hash or "", address_of(request))


def guard_queue(blocks: gr.Blocks, guard: QueueGuard | None = None) -> None:
    """Check every queue join of a public app against QueueGuard (per-visitor caps, anonymous visitors to short
    work only); a refused join is a 429 with one line, before it takes a place in the queue."""
    from fastapi import HTTPException

    guard = guard or QueueGuard()
    queue_ = blocks._queue
    push = queue_.push

    async def guarded_push(body, request, username):
        fn = blocks.fns.get(body.fn_index) if body.fn_index is not None else None
        if fn is not None:
            pending = [visitor_of_request(e.request, e.session_hash) for e in list(queue_.event_ids_to_events.values())]
            refusal = guard.refusal(visitor_of_request(request, body.session_hash), str(fn.concurrency_id), pending)
            if refusal:
                raise HTTPException(status_code=429, detail=refusal)
        return await push(body=body, request=request, username=username)

    queue_.push = guarded_push


def proxy_hops() -> int:
    """How many proxies in front of the app append to X-Forwarded-For: UNDERSTUDY_PROXY_HOPS, else 1 on a Space
    (its one front proxy), else 0 (the connection's own address is the caller's)."""
    raw = os.environ.get("UNDERSTUDY_PROXY_HOPS", "").strip()
    if raw.isdigit():
        return int(raw)
    return 1 if os.environ.get("SPACE_ID") else 0


def address_of(request: gr.Request | None) -> str:
    """The caller's address: behind N trusted proxies (proxy_hops), the entry the outermost of them appended to
    X-Forwarded-For, N from the right, which is what the caller connected from (entries to its left are the caller's
    own, forgeable); with no proxy, the connection's."""
    if request is None:
        return ""
    hops = proxy_hops()
    forwarded = [a.strip() for a in (request.headers.get("x-forwarded-for") or "").split(",") if a.strip()]
    if hops and forwarded:
        return forwarded[max(0, len(forwarded) - hops)]
    return getattr(getattr(request, "client", None), "host", "") or ""


def error_html(e: Exception, ws: Workspace | None = None) -> str:
    if isinstance(e, UserError):
        return views.error(without_local_paths(str(e), ws))
    log.exception("callback failed")
    return views.error(f"Something went wrong ({type(e).__name__}); the app keeps running.")


def in_workspace(n_outputs: int = 1):
    """A callback `fn(ws, *inputs)` as a Gradio listener: it runs in the calling visitor's workspace,
    and on a UserError (or any failure) its first output shows one readable line, the others stay.

    The listener takes Gradio's request, sign-in profile and token as its last parameters, so every
    call (the page's, or anyone's over /gradio_api by fn_index) acts as whoever really made it."""

    def wrap(fn):
        params = list(inspect.signature(fn).parameters.values())[1:]  # without ws
        n = len(params)

        def outputs(e, ws):
            return error_html(e, ws) if n_outputs == 1 else (error_html(e, ws), *[gr.skip()] * (n_outputs - 1))

        if inspect.isgeneratorfunction(fn):
            def call(*args):
                ws = None
                try:
                    ws = WS.for_visitor(visitor(*args[n:n + 3]))
                    yield from fn(ws, *args[:n])
                except Exception as e:  # noqa: BLE001
                    yield outputs(e, ws)
        else:
            def call(*args):
                ws = None
                try:
                    ws = WS.for_visitor(visitor(*args[n:n + 3]))
                    return fn(ws, *args[:n])
                except Exception as e:  # noqa: BLE001
                    return outputs(e, ws)

        extra = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=hint)
                 for name, hint in (("request", gr.Request), ("profile", gr.OAuthProfile | None), ("oauth_token", gr.OAuthToken | None))]
        call.__signature__ = inspect.Signature(params + extra)
        call.__annotations__ = {p.name: p.annotation for p in params + extra if p.annotation is not inspect.Parameter.empty}
        call.__name__, call.__qualname__, call.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
        return call

    return wrap


def without_local_paths(message: str, ws: Workspace | None) -> str:
    """A message as the page may show it: the data folders' and Gradio's upload folder's absolute paths cut."""
    return (ws or WS).scrub(message)


# ---------------------------------------------------------------------------------------------------
# Callbacks: each calls the visitor's workspace and renders
# ---------------------------------------------------------------------------------------------------


def banner_of(ws: Workspace):
    b = ws.build
    ready = ws.ready()
    show_build = not ready and not b.running and ws.visitor.owner
    return views.banner(ready, b.running, b.fraction, b.message, b.error, ws.student_name()), gr.update(visible=show_build)


@in_workspace(2)
def status(ws):
    return banner_of(ws)


@in_workspace(2)
def build_demo(ws):
    runs.start_demo_build(ws)
    return banner_of(ws)


SIGN_IN_LINE = ("Sign in with Hugging Face (top right) to label with a teacher, train, evaluate, push to the Hub, load adapters or start Jobs; "
                "without signing in you can try the students.")


@in_workspace(8)
def access(ws):
    """What this visitor may press: the sign-in line, and the controls that need a signed-in visitor."""
    may = not ws.visitor.public or ws.visitor.owner or ws.visitor.signed_in
    who = ("" if not ws.visitor.public else
           f"Signed in as <b>{html.escape(ws.visitor.username)}</b>" + (" (owner)" if ws.visitor.owner else "") + "." if ws.visitor.signed_in
           else SIGN_IN_LINE)
    line = views.note(who) if who else ""
    return (line, *[gr.update(interactive=may)] * 7)


@in_workspace()
def test_choices(ws):
    return gr.update(choices=trying.test_choices(ws))


def student_line(entry) -> str:
    return f"<b>{html.escape(entry.name)}</b>{' (active)' if entry.active else ''}: {html.escape(entry.summary())}"


def picker(ws: Workspace):
    """The Students picker's choices (every student this visitor may use, the active one chosen), and the active one."""
    entries = picking.student_list(ws)
    active = next((e for e in entries if e.active), None)
    return gr.update(choices=[e.name for e in entries], value=active.name if active else None), active


@in_workspace(2)
def student_choices(ws):
    """The Students picker, and what the active student is."""
    choices, active = picker(ws)
    return choices, views.note(student_line(active)) if active else ""


@in_workspace()
def describe_student(ws, name):
    if not name:
        return ""
    return views.note(student_line(registry.find(picking.student_list(ws), name)))


@in_workspace(2)
def use_student(ws, name):
    """Make the picked student (shipped, trained or loaded) the active one of this workspace: every tab and /v1 follow."""
    entry = picking.use_student(ws, name)
    return views.success(f"Now classifying with {student_line(entry)}"), gr.skip()


@in_workspace(2)
def delete_student(ws, name):
    deleted = picking.delete_student(ws, name)
    choices, active = picker(ws)
    return views.success(f"Deleted {html.escape(deleted)}." + (f" Active: {html.escape(active.name)}." if active else "")), choices


TRY_NOTE = "The student's five labels, with its confidence in each, appear here."
SIDE_NOTE = "Student and teacher, field by field, with latency and cost per call."


def picked_recipe(ws, row_id, note: str):
    """The picked test recipe into the text box and into the state that remembers what was picked, and the previous
    recipe's answer cleared (it would otherwise stand beside a recipe it is not about)."""
    if not row_id:
        return gr.skip(), gr.skip(), gr.skip()
    text = trying.test_recipe(ws, row_id)
    return text, text, views.note(note)


@in_workspace(3)
def pick_recipe(ws, row_id):
    return picked_recipe(ws, row_id, f"{TRY_NOTE} Press Classify.")


@in_workspace(3)
def pick_recipe_to_compare(ws, row_id):
    return picked_recipe(ws, row_id, f"{SIDE_NOTE} Press Compare.")


def unpick_if_edited(text, picked):
    """Once the text box holds something other than the picked test recipe, no test recipe is picked."""
    return gr.skip() if str(text or "").strip() == str(picked or "").strip() else None


@in_workspace()
def classify(ws, recipe: str) -> str:
    r = trying.classify_one(ws, recipe)
    return views.label_bars(r["labels"], r["confidence"], r["seconds"], r.get("warning") or "")


@in_workspace(2)
def compare(ws, recipe: str, key: str, model: str, base_url: str, target: str = ""):
    """Student and teacher on one recipe, with where the cascade at the picked target would send it; the
    result is kept (in the browser session's state) so that picking another target redraws the line."""
    result = teaching.side_by_side(ws, recipe, key, model, base_url)
    return views.side_by_side(result, ws.task().field_names, scoring.route(ws, result["student"], target)), result


@in_workspace(2)
def run_labeling(ws, upload, hub_id, model, base_url, key, limit, progress=gr.Progress()):
    ws.visitor.require_sign_in("label with a teacher")
    source = ws.rows_source(upload, hub_id)

    def report(done, total, dollars):
        progress(done / max(total, 1), desc=f"labeled {done} of {total} · ${dollars:.4f}")

    s = teaching.label_rows(ws, source, model, base_url, key, int(limit or 0), on_progress=report)
    text = label_stage.format_summary({**s, "out": ws.display(s["out"])}).replace("\n", "<br>")
    return f'<div class="us-card">{html.escape(text, quote=False).replace("&lt;br&gt;", "<br>")}</div>', labeled_rows(ws)


@in_workspace(2)
def use_sample(ws, n):
    r = teaching.use_sample(ws, n)
    return (f'<div class="us-card">{r["n"]} generated recipes with their labels: <code>{html.escape(r["labeled"])}</code>. '
            'Prepare them next.</div>', labeled_rows(ws))


@in_workspace(2)
def use_recorded(ws, upload):
    r = teaching.use_recorded(ws, upload)
    return (f'<div class="us-card">{r["rows"]} recorded calls the teacher answered, one row per text: <code>{html.escape(r["labeled"])}</code>. '
            'Prepare them next.</div>', labeled_rows(ws))


def labeled_rows(ws: Workspace) -> pd.DataFrame:
    """The page's preview of the last labeled rows (headed by the columns it will have while there are none)."""
    rows = teaching.labeled_preview(ws)
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=teaching.preview_headers(ws))


@in_workspace()
def show_labeled_rows(ws):
    return labeled_rows(ws)


@in_workspace()
def prepare_last(ws):
    labeled = ws.settings().get("labeled")
    if not labeled:
        raise UserError("nothing labeled yet: label a file or use the bundled sample first")
    r = teaching.prepare_labeled(ws, labeled)
    return f'<div class="us-card">Active dataset: {r["train"]} train, {r["test"]} test, {r["rejected"]} set aside · <code>{html.escape(r["folder"])}</code></div>'


ON_JOBS = "Hugging Face Jobs (GPU)"


@in_workspace(4)
def train(ws, base_model, r, alpha, dropout, lr, epochs, hardware, flavor, push_to):
    """A local run or a Hugging Face Job goes on in the background (pipeline.runs), so a reloaded page follows it again."""
    if hardware == ON_JOBS:
        run = runs.start_job(ws, base_model, r, alpha, dropout, lr, epochs, flavor, push_to)
        first = "Submitting the Job…"
    else:
        run = runs.start_training(ws, base_model, r, alpha, dropout, lr, epochs)
        first = "Training started…"
    yield views.note(first), gr.update(value=EMPTY_CURVE, title=NO_CURVE_YET), views.training_log([]), ""
    yield from follow_training(ws, run)


@in_workspace(4)
def attach_training(ws):
    """On page load: the visitor's training run or Job, if one is going (or just ended), drawn again and followed."""
    run = runs.latest(ws, runs.TRAINING)
    if run is None:
        yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return
    yield from follow_training(ws, run)


def follow_training(ws, run):
    """The run's loss curve and log (loss entries; a Job's log lines too), from its first step, until it ends."""
    for events, _ in run.watch():
        losses = [e for e in events if isinstance(e, dict)]
        yield training_note(run, events, losses), loss_curve(losses) if losses else gr.skip(), \
            views.training_log([loss_text(e) if isinstance(e, dict) else e for e in events][-200:]), gr.skip()
    if run.error is not None:
        raise run.error
    yield views.success(training_summary(ws, run.result)), gr.skip(), gr.skip(), ""


def training_note(run, events: list, losses: list[dict]):
    """The note above the curve while a run goes on: its last step, or a Job's last state line."""
    if not run.running:
        return gr.skip()
    if events and isinstance(events[-1], str) and events[-1].startswith("job "):  # started, cancelling, completed
        return views.note(html.escape(events[-1]))
    if losses:
        return views.note(f"step {losses[-1]['step']} of {losses[-1]['max_steps']}")
    return views.note("Submitting the Job…" if run.kind == "job" else "Training started…")


def loss_frame(losses: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{"step": e["step"], "loss": e["loss"]} for e in losses])


# The loss curve's x axis spans at least this many steps. Vega-Lite asks for a tick every 40 pixels and rounds the
# spacing to 1, 2 or 5 times a power of ten, so a short run's axis ticked at half steps (7.5, 8.0, ...); over 24 steps
# the spacing is a whole step or more on any plot up to 1,320 pixels wide. Gradio's LinePlot has no tickMinStep.
MIN_STEP_AXIS = 24


def loss_curve(losses: list[dict]):
    """The curve's update: its points, and an x axis from 0 that ticks on whole steps."""
    return gr.update(value=loss_frame(losses), title="training loss", x_lim=[0, max(MIN_STEP_AXIS, losses[-1]["step"])])


@in_workspace()
def check_rows_file(ws, upload):
    """Said beside the upload box at once: a file that is not a table of rows."""
    check_table_file(upload)
    return ""


@in_workspace(2)
def classify_corpus(ws, upload, hub_id, target, teacher, key, base_url):
    run = runs.start_corpus(ws, upload, hub_id, target, teacher, base_url, key)
    yield from follow_corpus(ws, run)


@in_workspace(2)
def resume_corpus(ws):
    yield from follow_corpus(ws, runs.start_corpus(ws, None, None, resume=True))


@in_workspace(2)
def attach_corpus(ws):
    """On page load: the visitor's corpus run, if one is going (or ended), followed again."""
    run = runs.current(ws, "corpus")
    if run is None:
        yield gr.skip(), gr.skip()
        return
    yield from follow_corpus(ws, run)


def follow_corpus(ws, run):
    started = time.strftime("%H:%M:%S", time.localtime(run.started))
    for _, (done, total) in run.watch():
        if run.running:
            yield views.corpus_progress(done, total, started), gr.skip()
    if run.error is not None:
        raise run.error
    # a run cancelled before its first part has nothing to download
    yield views.corpus_summary(run.result), runs.corpus_download(ws, "csv") if run.result.get("rows") else None


@in_workspace()
def cancel_corpus(ws):
    n = ws.app.runs.cancel(ws.visitor, kinds=("corpus",))
    return views.note("Cancelling after the rows in hand…" if n else "No corpus run is going, so there is nothing to cancel.")


@in_workspace(2)
def download_corpus(ws, fmt):
    return gr.skip(), runs.corpus_download(ws, fmt)


EMPTY_CURVE = pd.DataFrame({"step": pd.Series(dtype=float), "loss": pd.Series(dtype=float)})
NO_CURVE_YET = "training loss: the curve appears here when training starts"


def training_summary(ws: Workspace, result: dict) -> str:
    if "job_id" in result:
        if result.get("cancelled"):
            return f"Job {html.escape(result['job_id'])} cancelled."
        done = f"Job {html.escape(result['job_id'])} completed: the adapter is <code>{html.escape(result['adapter'])}</code> on the Hub"
        if "load_error" in result:
            return done + f"; {html.escape(result['load_error'])}."
        return done + ", and it is now the active student."
    done = (f"{result['time_capped']}; the adapter saved so far" if result.get("time_capped")
            else "cancelled; the adapter saved so far" if result.get("cancelled") else "done")
    head = f"Training {done}: {result['steps']} steps, final loss {result['final_loss']}; "
    if ws.server.remote:
        return (head + f"the adapter is saved at <code>{html.escape(result['adapter'])}</code>. The app classifies through "
                f"{html.escape(ws.server.describe())}: push the adapter (Hub tab) and load it there to serve it.")
    return head + html.escape(result.get("activation") or f"kept as {result['adapter']}") + "."


@in_workspace()
def cancel_training(ws, everyone=False):
    """Stop the caller's own training runs and Jobs (from any tab); the owner may stop everyone's."""
    n = ws.app.runs.cancel(ws.visitor, everyone=bool(everyone), kinds=runs.TRAINING)
    return views.note("Cancelling after the current step…" if n else "Nothing is running, so there is nothing to cancel.")


def cases_of(ws: Workspace):
    last = scoring.last_report(ws)
    return teaching.disagreement_cases(last[1], ws.task()) if last else []


def report_view(ws: Workspace):
    last = scoring.last_report(ws)
    if not last:
        return views.note(f"No evaluation of the active student ({html.escape(ws.student_name() or 'none')}) yet: press Evaluate."), "", \
            views.case(None, 0, 0), 0
    report, _ = last
    cases = cases_of(ws)
    return (views.agreement_table(report, ws.student_name() or ""), views.confusion(report),
            views.case(cases[0] if cases else None, 0, len(cases)), 0)


@in_workspace(4)
def show_report(ws):
    return report_view(ws)


@in_workspace(4)
def run_evaluation(ws):
    scoring.evaluate_active(ws)
    return report_view(ws)


EMPTY_SHARES = pd.DataFrame({"teacher_share": pd.Series(dtype=float), "agreement": pd.Series(dtype=float)})
EMPTY_SPEND = pd.DataFrame({"corpus_dollars": pd.Series(dtype=float), "agreement": pd.Series(dtype=float)})
# The diagonal alone, with a blank row for each other series: the plot fixes its colours' domain from the
# series it is first drawn with, so all three must be there from the start
EMPTY_RELIABILITY = pd.DataFrame([{"confidence": v, "accuracy": v, "series": scoring.PERFECT} for v in (0.5, 1.0)]
                                 + [{"confidence": None, "accuracy": None, "series": s} for s in scoring.RELIABILITY_SERIES.values()])


def plot(points: list[dict], empty: pd.DataFrame, title: str, none_yet: str):
    return gr.update(value=pd.DataFrame(points)[list(empty.columns)] if points else empty, title=title if points else none_yet)


def trust_view(ws: Workspace, target) -> tuple:
    """The Evaluate tab's cascade note and curves, the target picker, the picked target's line, and the active
    adapter's calibration with its reliability diagram."""
    cascade = scoring.last_cascade(ws)
    shares, spend = scoring.cascade_curves(cascade)
    teacher = views.teacher_title(cascade["teacher"]) if cascade else "the teacher"
    calibrated = scoring.calibration_view(ws)
    reliability = (calibrated["calibration"] or {}).get("reliability") or []
    return (views.cascade_note(cascade, ws.student_name() or ""),
            plot(shares, EMPTY_SHARES, f"the cascade: agreement against the share of recipes sent to {teacher}", NO_CASCADE_YET),
            plot(spend, EMPTY_SPEND, "the cascade: agreement against dollars for the corpus", NO_CASCADE_YET),
            gr.update(visible=bool(cascade)), views.target_line(still_picked(ws, target)), views.calibration(calibrated),
            plot(reliability, EMPTY_RELIABILITY, "reliability: share correct against confidence, all fields together", NO_RELIABILITY))


def still_picked(ws: Workspace, target) -> dict | None:
    """The picked target on the last evaluation; None when it has no figures for it (or nothing was picked)."""
    try:
        return scoring.pick_target(ws, target)
    except UserError:
        return None


NO_CASCADE_YET = "the cascade curve appears here after an evaluation"
NO_RELIABILITY = "reliability: the diagram appears here when the active student is calibrated"


@in_workspace(7)
def show_trust(ws, target):
    return trust_view(ws, target)


@in_workspace(8)
def show_trust_after_evaluation(ws, target):
    """After a new evaluation: the tab's trust view, and the picked target's share (the new figures') into Costs."""
    pick = still_picked(ws, target)
    return (*trust_view(ws, target), pick["teacher_share"] if pick else gr.skip())


@in_workspace(3)
def redraw_plots(ws):
    """The Evaluate tab's three plots again (see page(): a plot given its points while its tab mounts stays blank),
    now and twice more (after 1.5 s, then 4 s), for a browser slow to mount the tab (one missed both at 1.5 s on a
    loaded machine)."""
    _, shares, spend, _, _, _, reliability = trust_view(ws, "")
    yield shares, spend, reliability
    for pause in (1.5, 2.5):
        time.sleep(pause)
        yield shares, spend, reliability


@in_workspace(4)
def choose_target(ws, target, last_side):
    """A target agreement picked: its line, its share into the Costs tab, the pick into this browser
    session's state, and the last Side by side redrawn with where that recipe would go."""
    pick = scoring.pick_target(ws, target)
    side = gr.skip()
    if scoring.is_comparison(last_side):
        side = views.side_by_side(last_side, ws.task().field_names, scoring.cascade_route(last_side["student"], pick))
    return views.target_line(pick), pick["teacher_share"] if pick else 0, f"{pick['target']:g}" if pick else "", side


def browse_cases(ws: Workspace, index, step):
    cases = cases_of(ws)
    if not cases:
        return views.case(None, 0, 0), 0
    index = (int(index or 0) + step) % len(cases)
    return views.case(cases[index], index, len(cases)), index


@in_workspace(2)
def previous_case(ws, index):
    return browse_cases(ws, index, -1)


@in_workspace(2)
def next_case(ws, index):
    return browse_cases(ws, index, 1)


def mark(ws: Workspace, index, verdict, verdicts):
    cases = cases_of(ws)
    if not cases:
        raise UserError("no disagreements to mark")
    c = cases[int(index or 0) % len(cases)]
    verdicts = dict(verdicts or {})
    verdicts[f"{c['model']}:{c['id']}"] = verdict
    n = sum(v == "student" for v in verdicts.values())
    return views.note(f"{len(verdicts)} marked; {n} say the student is right. Save to write them into the dataset."), verdicts


@in_workspace(2)
def mark_teacher(ws, index, verdicts):
    return mark(ws, index, "teacher", verdicts)


@in_workspace(2)
def mark_student(ws, index, verdicts):
    return mark(ws, index, "student", verdicts)


@in_workspace()
def save_corrections(ws, verdicts):
    cases = {f"{c['model']}:{c['id']}": c for c in cases_of(ws)}
    test = {str(r["id"]): r for r in trying.test_rows(ws)}
    names = ws.task().field_names
    fixes = []
    for key, verdict in (verdicts or {}).items() if isinstance(verdicts, dict) else []:
        c = cases.get(key)
        if c is None or str(c["id"]) not in test:
            continue
        teacher = {n: test[str(c["id"])][n] for n in names}
        labels = teaching.corrected_labels(c, teacher, verdict)
        if labels:
            fixes.append({"id": str(c["id"]), "labels": labels, "was": teacher})
    r = teaching.save_corrections(ws, fixes)
    return views.success(f"Saved {r['corrected']} correction(s); {r['moved_to_train']} moved to the train split "
                         f"({r['train']} train, {r['test']} test). Train again to learn from them.")


def friendly(n_outputs: int = 1):
    """For callbacks that need no workspace: a failure shows one readable line in the first output."""

    def wrap(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as e:  # noqa: BLE001
                return error_html(e) if n_outputs == 1 else (error_html(e), *[gr.skip()] * (n_outputs - 1))
        return call

    return wrap


@friendly(5)
def cost_table(corpus, input_tokens, output_tokens, rate, hardware, dollars_per_hour, price_rows, measured=None, teacher_share=0.0):
    result = scoring.cost_table(corpus, input_tokens, output_tokens, rate, hardware, dollars_per_hour, price_rows, measured, teacher_share)
    headline, chart, table, label, study = cost_outputs(result)
    return headline, chart, table, gr.update(label=label), study


def cost_outputs(result: dict) -> tuple:
    """The headline (with its caution), the chart, the table, the throughput field's label and the study's table."""
    label = costs.rate_label(costs.Throughput(**result["throughput"]))
    return (views.cost_headline(result), views.cost_chart(result), pd.DataFrame(costs.table_rows(result)), label,
            gr.update(value=pd.DataFrame(result["study"]), label=result["study_heading"]))


@in_workspace(8)
def measure(ws, corpus, input_tokens, output_tokens, hardware, price_rows, teacher_share):
    """Measure the active student, then price it at once on the machine it ran on."""
    r = scoring.measure_costs(ws, corpus, input_tokens, output_tokens, hardware, price_rows, teacher_share)
    headline, chart, table, label, study = cost_outputs(r["table"])
    return (headline, chart, table, gr.update(value=r["measured"].rate, label=label), r["machine"], r["dollars_per_hour"],
            asdict(r["measured"]), study)


def _pushed(result: dict) -> str:
    where = "the Hub" if result["where"] == "hub" else "the local Hub folder (no HF_TOKEN set), which the CLI reads too"
    return views.success(f"Pushed <b>{html.escape(result['repo'])}</b> to {where}: <code>{html.escape(str(result['url']))}</code> "
                         f"({len(result.get('files') or [])} files)")


@in_workspace()
def where_the_hub_is(ws):
    return sharing.hub_where(ws)


@in_workspace()
def hub_push_dataset(ws, repo, private):
    return _pushed(sharing.push_dataset(ws, repo, private))


@in_workspace()
def hub_push_adapter(ws, repo, private):
    return _pushed(sharing.push_adapter(ws, repo, private))


@in_workspace()
def hub_load_adapter(ws, repo, revision):
    r = sharing.load_adapter(ws, repo, revision)
    return views.success(f"Loaded {html.escape(r['repo'])}@{html.escape(r['revision'])}; it is now your active student.")


@in_workspace(2)
def proxy_stats(ws, url, key):
    stats = teaching.proxy_stats(ws, url, key)
    return views.proxy_stats(stats), stats["mode"]


@in_workspace(2)
def proxy_switch(ws, url, key, admin_key, mode):
    stats = teaching.proxy_switch(ws, url, key, admin_key, mode)
    return views.proxy_stats(stats), stats["mode"]


# ---------------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------------


def settings_for_base(base_model):
    """The Train tab's LoRA settings suited to the picked base: the demo's for the tiny one, the shipped real student's
    for smollm2-135m; another base keeps what is there."""
    settings = demo_stage.lora_settings_for(base_model)
    if settings is None:
        return (gr.skip(),) * 4
    return settings["lora_r"], settings["lora_alpha"], settings["learning_rate"], settings["epochs"]


def page(public: bool = False) -> gr.Blocks:
    """The page. A public one has a 'Sign in with Hugging Face' button; what a visitor may do follows it."""
    with gr.Blocks(title="Understudy") as demo:
        with gr.Row():
            gr.Markdown("# Understudy\nFine-tune a small open model on GPT-4's answers, then let it do GPT-4's job for a thousandth of the cost.")
            if public:
                gr.LoginButton(scale=0, min_width=220)
        access_note = gr.HTML(views.note(SIGN_IN_LINE) if public else "", elem_id="access", visible=public)  # off a public app: nothing to say
        first_banner, first_button = banner_of(WS)
        if public:  # the page as built is everyone's: no build button until the visitor is known
            first_button = gr.update(visible=False)
        banner = gr.HTML(first_banner, elem_id="status")
        with gr.Row():
            build_btn = gr.Button("Build the demo student", size="sm", variant="primary", scale=0, visible=first_button["visible"], elem_id="build")
        timer = gr.Timer(2.0)
        timer.tick(status, outputs=[banner, build_btn], api_visibility="private", queue=False)
        demo.load(status, outputs=[banner, build_btn], api_visibility="private", queue=False)  # not the state at start-up
        build_btn.click(build_demo, outputs=[banner, build_btn], api_visibility="private")

        target_pick = gr.State("")  # this browser session's target agreement (Evaluate), read by Side by side
        with gr.Tabs():
            with gr.Tab("Try it", id="try"):
                with gr.Row():
                    with gr.Column(scale=3):
                        pick = gr.Dropdown(label="Pick a recipe from the test split", choices=trying.test_choices(WS), value=None)
                        recipe = gr.Textbox(label="Recipe", lines=12, max_lines=24, placeholder="Shrimp Creole\n\nIngredients:\n- 20 shrimp (8 oz.)\n...", elem_id="recipe")
                        go = gr.Button("Classify", variant="primary", elem_id="classify")
                    with gr.Column(scale=2):
                        result = gr.HTML(views.note(TRY_NOTE), elem_id="labels")
                        student_pick = gr.Dropdown([], value=None, label="Students", elem_id="student_pick",
                                                   info="shipped: tiny (instant), smollm2-135m (better on real recipes, slower); then your trained and loaded ones")
                        with gr.Row():
                            use_btn = gr.Button("Use this student", elem_id="use_student", size="sm")
                            delete_btn = gr.Button("Delete", elem_id="delete_student", size="sm")
                        student_note = gr.HTML(elem_id="student_note")
                picked = gr.State("")
                pick.change(pick_recipe, pick, [recipe, picked, result], api_visibility="private")
                recipe.change(unpick_if_edited, [recipe, picked], pick, api_visibility="private", queue=False)
                go.click(classify, recipe, result, api_name="classify", concurrency_limit=4)
                student_pick.input(describe_student, student_pick, student_note, api_visibility="private")
                use_btn.click(use_student, student_pick, [student_note, student_pick], api_visibility="private").then(
                    status, outputs=[banner, build_btn], api_visibility="private", queue=False)
                delete_btn.click(delete_student, student_pick, [student_note, student_pick], api_visibility="private").then(
                    status, outputs=[banner, build_btn], api_visibility="private", queue=False)
                recipe.submit(classify, recipe, result, api_visibility="private")

            with gr.Tab("Side by side", id="side"):
                gr.Markdown("The same recipe through the student and through GPT-4. Without a key, a test recipe shows its **stored** label "
                            "(from the teacher that labeled it, or the bundled sample's generator), marked as stored.")
                with gr.Row():
                    with gr.Column(scale=3):
                        pick2 = gr.Dropdown(label="Pick a recipe from the test split", choices=trying.test_choices(WS), value=None)
                        recipe2 = gr.Textbox(label="Recipe", lines=10, max_lines=20, elem_id="recipe2")
                        with gr.Row():
                            key = gr.Textbox(label="OpenAI API key (used for this request only, never stored)", type="password", scale=2, elem_id="key")
                            model = gr.Dropdown(label="Teacher", choices=TEACHERS, value="gpt-4", allow_custom_value=True, scale=1)
                        with gr.Accordion("Teacher endpoint", open=False):
                            base_url = gr.Textbox(label="OpenAI-compatible base URL (blank: OpenAI)", elem_id="base_url")
                        go2 = gr.Button("Compare", variant="primary", elem_id="compare")
                    with gr.Column(scale=3):
                        side = gr.HTML(views.note(SIDE_NOTE), elem_id="side")
                picked2 = gr.State("")
                last_side = gr.State(None)  # the last comparison, redrawn when another target is picked
                pick2.change(pick_recipe_to_compare, pick2, [recipe2, picked2, side], api_visibility="private")
                recipe2.change(unpick_if_edited, [recipe2, picked2], pick2, api_visibility="private", queue=False)
                go2.click(compare, [recipe2, key, model, base_url, target_pick], [side, last_side], api_name="compare",  # a teacher call waits: its own queue
                          concurrency_limit=4, concurrency_id="teacher")

            with gr.Tab("Corpus", id="corpus"):
                gr.Markdown("Classify a whole file with the active student (the batch stage: resumable parts, progress), and with the "
                            "cascade, if you pick a target, send the rows it is unsure of to the teacher. The run goes on if you close "
                            "the page: come back to follow it, cancel it, or download the predictions.")
                with gr.Row():
                    with gr.Column():
                        corpus_upload = gr.File(label="Corpus (JSONL, CSV or parquet with a 'recipe' column)", type="filepath",
                                                elem_id="corpus_upload")
                        corpus_upload_note = gr.HTML(elem_id="corpus_upload_note")
                        corpus_upload.upload(check_rows_file, corpus_upload, corpus_upload_note, api_visibility="private", queue=False)
                        corpus_upload.clear(lambda: "", None, corpus_upload_note, api_visibility="private", queue=False)
                        corpus_hub = gr.Textbox(label="…or a Hub dataset id", placeholder="user/recipes", elem_id="corpus_hub")
                    with gr.Column():
                        corpus_target = gr.Dropdown(scoring.target_choices(), value=scoring.NO_TARGET, elem_id="corpus_target",
                                                    label="Cascade: agreement with the teacher to guarantee (none: the student answers every row)")
                        corpus_teacher = gr.Dropdown(label="Teacher", choices=TEACHERS, value="gpt-4", allow_custom_value=True)
                        corpus_key = gr.Textbox(label="OpenAI API key, for the cascade (used for this run only, never stored)",
                                                type="password", elem_id="corpus_key")
                        corpus_base_url = gr.Textbox(label="OpenAI-compatible base URL (blank: OpenAI)")
                with gr.Row():
                    corpus_btn = gr.Button("Classify the corpus", variant="primary", elem_id="corpus_go")
                    corpus_resume = gr.Button("Resume the last run", elem_id="corpus_resume")
                    corpus_stop = gr.Button("Cancel", variant="stop", elem_id="corpus_cancel")
                corpus_note = gr.HTML(elem_id="corpus_note")
                with gr.Row():
                    corpus_format = gr.Radio(list(EXPORTS), value="csv", label="Download the predictions as", elem_id="corpus_format")
                    corpus_file = gr.File(label="Predictions", interactive=False, elem_id="corpus_file")
                corpus_outputs = [corpus_note, corpus_file]
                corpus_btn.click(classify_corpus, [corpus_upload, corpus_hub, corpus_target, corpus_teacher, corpus_key, corpus_base_url],
                                 corpus_outputs, api_visibility="private", concurrency_limit=8, concurrency_id="corpus")
                corpus_resume.click(resume_corpus, None, corpus_outputs, api_visibility="private", concurrency_limit=8, concurrency_id="corpus")
                corpus_stop.click(cancel_corpus, None, corpus_note, api_visibility="private", queue=False)
                corpus_format.input(download_corpus, corpus_format, corpus_outputs, api_visibility="private")
                demo.load(attach_corpus, None, corpus_outputs, api_visibility="private", concurrency_limit=32, concurrency_id="watch")

            with gr.Tab("Data & labels", id="data"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, variant="panel"):
                        gr.Markdown("**Label your own rows with a teacher** (cached: a re-run costs nothing)")
                        with gr.Row():
                            with gr.Column():
                                # no file_types: Gradio would refuse another file in a toast far from the box; the note
                                # under the box says it instead
                                upload = gr.File(label="Rows to label (JSONL, CSV or parquet with a 'recipe' column)", type="filepath",
                                                 elem_id="upload")
                                upload_note = gr.HTML(elem_id="upload_note")
                            with gr.Column():
                                hub_id = gr.Textbox(label="…or a Hub dataset id", placeholder="user/recipes")
                                model3 = gr.Dropdown(label="Teacher", choices=TEACHERS, value="gpt-4", allow_custom_value=True, elem_id="teacher3")
                                base_url3 = gr.Textbox(label="OpenAI-compatible base URL (blank: OpenAI)", elem_id="base_url3")
                                key3 = gr.Textbox(label="OpenAI API key (blank: the owner's OPENAI_API_KEY, for the owner only)", type="password",
                                                  elem_id="key3")
                                limit = gr.Number(label=f"Label only the first N rows (0: {f'up to {LIMITS.label_per_call:,}' if public else 'all'})",
                                                  value=0, precision=0, minimum=0, maximum=LIMITS.label_per_call if public else None)
                        label_btn = gr.Button("Label", variant="primary", elem_id="label")
                    with gr.Column(scale=1, variant="panel"):
                        gr.Markdown("**…or start from the bundled sample** (generated recipes, labels included)")
                        n_sample = gr.Number(label="Sample size", value=400, precision=0, minimum=1, maximum=LIMITS.sample_max, elem_id="n_sample")
                        sample_btn = gr.Button("Use the bundled sample", elem_id="use_sample")
                        gr.Markdown("**…or the proxy's recorded calls**: the .sqlite file its --store names")
                        store_upload = gr.File(label="The proxy's store (.sqlite)", type="filepath", file_types=[".sqlite"], elem_id="store_upload")
                        store_btn = gr.Button("Use the recorded calls", elem_id="use_recorded")
                prep_btn = gr.Button("Prepare the train/test split of the labeled rows", elem_id="prepare")
                label_out = gr.HTML(elem_id="label_out")
                preview = gr.Dataframe(label="Labeled rows (the first 50)", interactive=False, wrap=True, elem_id="preview")
                label_btn.click(run_labeling, [upload, hub_id, model3, base_url3, key3, limit], [label_out, preview],
                                api_visibility="private", concurrency_limit=2, concurrency_id="label")
                upload.upload(check_rows_file, upload, upload_note, api_visibility="private", queue=False)
                upload.clear(lambda: "", None, upload_note, api_visibility="private", queue=False)
                sample_btn.click(use_sample, n_sample, [label_out, preview], api_visibility="private")
                store_btn.click(use_recorded, store_upload, [label_out, preview], api_visibility="private")
                prep_btn.click(prepare_last, None, label_out, api_visibility="private").then(test_choices, None, pick).then(test_choices, None, pick2)

            with gr.Tab("Train", id="train"):
                with gr.Row():
                    with gr.Column(scale=1):
                        base = gr.Dropdown(["", "smollm2-135m"], value="", allow_custom_value=True, elem_id="base_model",
                                           label="Base model (blank: the tiny local one; smollm2-135m: SmolLM2-135M-Instruct, from the Hub or its offline copy; or a Hub id)")
                        with gr.Row():
                            lora_r = gr.Number(label="LoRA r", value=16, precision=0, minimum=1, maximum=LIMITS.lora_r_max)
                            lora_alpha = gr.Number(label="alpha", value=32, precision=0, minimum=1, maximum=LIMITS.lora_alpha_max)
                            dropout = gr.Number(label="dropout", value=0.0, minimum=0, maximum=LIMITS.dropout_max)
                        with gr.Row():
                            lr = gr.Number(label="learning rate", value=5e-3, minimum=LIMITS.learning_rate[0], maximum=LIMITS.learning_rate[1])
                            epochs = gr.Number(label="epochs", value=4, elem_id="epochs", minimum=0.01, maximum=LIMITS.epochs_max)
                        hardware = gr.Radio(["This machine", ON_JOBS], value="This machine", label="Hardware", elem_id="hardware")
                        with gr.Group(visible=False) as jobs_box:
                            flavor = gr.Dropdown(jobs.gpu_flavors(), value="a10g-small", label="GPU flavor", elem_id="flavor")
                            push_to = gr.Textbox(label="Push the adapter to (user/name)", placeholder="you/recipes-student", elem_id="push_to")
                            gr.Markdown("The Job runs QLoRA on the active dataset (pushed as a private `…-data` repository) with "
                                        "your own Hugging Face account (signed in; off a Space, the app's `HF_TOKEN`), pushes the adapter, "
                                        "and the app loads it when it completes. Billed by the Hub per minute of the flavor, to that account.")
                        with gr.Row():
                            train_btn = gr.Button("Train", variant="primary", elem_id="train")
                            job_btn = gr.Button("Start the Job", variant="primary", elem_id="start_job", visible=False)
                            cancel_btn = gr.Button("Cancel", variant="stop", elem_id="cancel")
                        cancel_note = gr.HTML(elem_id="cancel_note")
                        everyone = gr.Checkbox(label="Cancel everyone's runs (owner only)", value=False, visible=public)
                    with gr.Column(scale=2):
                        train_note = gr.HTML(elem_id="train_note")
                        curve = gr.LinePlot(EMPTY_CURVE, x="step", y="loss", title=NO_CURVE_YET,
                                            x_title="step", y_title="loss", height=260, elem_id="loss_curve")
                        gr.Markdown("**log**")
                        train_log = gr.HTML(views.training_log([]), elem_id="train_log")
                train_inputs = [base, lora_r, lora_alpha, dropout, lr, epochs, hardware, flavor, push_to]
                train_outputs = [train_note, curve, train_log, cancel_note]
                # the run itself goes on in the background, one at a time (runs.AT_ONCE); the event follows it
                train_btn.click(train, train_inputs, train_outputs, api_visibility="private", concurrency_limit=8, concurrency_id="train").then(
                    student_choices, None, [student_pick, student_note], api_visibility="private").then(
                    status, outputs=[banner, build_btn], api_visibility="private", queue=False)
                job_btn.click(train, train_inputs, train_outputs,  # a Job mostly waits: its own queue
                              api_visibility="private", concurrency_limit=8, concurrency_id="jobs")
                base.change(settings_for_base, base, [lora_r, lora_alpha, lr, epochs], api_visibility="private", queue=False)
                hardware.change(lambda h: (gr.update(visible=h == ON_JOBS), gr.update(visible=h != ON_JOBS), gr.update(visible=h == ON_JOBS)),
                                hardware, [jobs_box, train_btn, job_btn], api_visibility="private", queue=False)
                cancel_btn.click(cancel_training, everyone, cancel_note, api_visibility="private", queue=False)
                demo.load(attach_training, None, train_outputs, api_visibility="private", concurrency_limit=32, concurrency_id="watch").then(
                    student_choices, None, [student_pick, student_note], api_visibility="private")

            with gr.Tab("Evaluate", id="evaluate") as evaluate_tab:
                eval_btn = gr.Button("Evaluate the active student on the test split", variant="primary", elem_id="evaluate")
                table, matrices, case_html, index = report_view(WS)
                agreement = gr.HTML(table, elem_id="agreement")
                with gr.Accordion("Confusion matrices", open=False):
                    confusion = gr.HTML(matrices)
                gr.Markdown("### The cascade\nSend the recipes the student is least sure of to the teacher: how agreement grows "
                            "with the share sent, and with the corpus's cost.")
                cascade_note = gr.HTML(elem_id="cascade_note")
                with gr.Row():
                    share_plot = gr.LinePlot(EMPTY_SHARES, x="teacher_share", y="agreement", title=NO_CASCADE_YET, sort="x",
                                             x_title="share sent to the teacher", y_title="agreement with the teacher",
                                             x_lim=[0, 1], height=260, elem_id="cascade_share")
                    spend_plot = gr.LinePlot(EMPTY_SPEND, x="corpus_dollars", y="agreement", title=NO_CASCADE_YET, sort="x",
                                             x_title="dollars for the corpus", y_title="agreement with the teacher", height=260,
                                             elem_id="cascade_dollars")
                target = gr.Radio(scoring.target_choices(), value=scoring.NO_TARGET, visible=False, elem_id="target",
                                  label="Target agreement (its share goes to the teacher in the Costs tab; Side by side says where a recipe would go)")
                target_line = gr.HTML(elem_id="target_line")
                gr.Markdown("### Calibration\nWhat the active student's confidence means: temperature scaling per field, fitted on "
                            "teacher-labeled rows (`python -m pipeline calibrate`).")
                calibration_note = gr.HTML(elem_id="calibration")
                reliability_plot = gr.LinePlot(EMPTY_RELIABILITY, x="confidence", y="accuracy", color="series", title=NO_RELIABILITY,
                                               x_title="confidence", y_title="share correct", y_lim=[0, 1], height=260, elem_id="reliability")
                gr.Markdown("### Disagreements\nWhere the student and the teacher differ, say who is right; saved corrections go into the training data.")
                case = gr.HTML(case_html, elem_id="case")
                case_index = gr.Number(value=index, visible=False)
                verdicts = gr.State({})
                with gr.Row():
                    prev_btn = gr.Button("◀ previous", size="sm")
                    next_btn = gr.Button("next ▶", size="sm")
                    teacher_btn = gr.Button("Teacher is right", size="sm")
                    student_btn = gr.Button("Student is right", size="sm")
                    save_btn = gr.Button("Save corrections", size="sm", variant="primary")
                mark_note = gr.HTML()
                evaluated = eval_btn.click(run_evaluation, None, [agreement, confusion, case, case_index], api_visibility="private",
                                           concurrency_limit=1, concurrency_id="evaluate")
                prev_btn.click(previous_case, case_index, [case, case_index], api_visibility="private")
                next_btn.click(next_case, case_index, [case, case_index], api_visibility="private")
                teacher_btn.click(mark_teacher, [case_index, verdicts], [mark_note, verdicts], api_visibility="private")
                student_btn.click(mark_student, [case_index, verdicts], [mark_note, verdicts], api_visibility="private")
                save_btn.click(save_corrections, verdicts, mark_note, api_visibility="private")

            with gr.Tab("Costs", id="costs"):
                with gr.Row():
                    corpus = gr.Number(label="Recipes in the corpus", value=costs.STUDY_CORPUS, precision=0)
                    in_tok = gr.Number(label="Input tokens per recipe", value=costs.STUDY_TOKENS[0])
                    out_tok = gr.Number(label="Output tokens per recipe", value=costs.STUDY_TOKENS[1])
                with gr.Row():
                    with gr.Column():
                        rate = gr.Number(label=costs.rate_label(), value=costs.STUDY_RATE, elem_id="rate")
                        measure_btn = gr.Button("Measure the active student on this machine", size="sm", elem_id="measure")
                    hw = gr.Dropdown(label="Student hardware", choices=list(prices.HARDWARE), value=costs.STUDY_MACHINE, elem_id="hardware_costs")
                    dph = gr.Number(label="its $/h (edit for your own)", value=prices.hourly(costs.STUDY_MACHINE).dollars, elem_id="dph")
                    share = gr.Number(label="Share of recipes the cascade sends to the teacher (0 to 1)", value=0, step=0.01,
                                      elem_id="teacher_share")
                measured = gr.State(None)  # the last measurement; it counts while the rate field holds its rate
                price_table = gr.Dataframe(value=pd.DataFrame(scoring.default_prices()), label=f"Teacher prices ({prices.SOURCE}; edit to update)",
                                           interactive=True)
                cost_btn = gr.Button("Update", variant="primary", elem_id="update_costs")
                cost_headline = gr.HTML(elem_id="cost_headline")
                chart = gr.HTML(elem_id="cost_chart")
                costs_out = gr.Dataframe(label="Cost per recipe and for the corpus", interactive=False, wrap=True, elem_id="cost_table")
                gr.HTML(views.footnote(costs.study_footnote()), elem_id="cost_footnote")
                study_out = gr.Dataframe(label="The original study (2023) beside ours", interactive=False, wrap=True, elem_id="study_table",
                                         column_widths=["18%", "20%", "20%", "42%"])
                inputs = [corpus, in_tok, out_tok, rate, hw, dph, price_table, measured, share]
                outputs = [cost_headline, chart, costs_out, rate, study_out]
                hw.change(friendly()(lambda h: prices.hourly(h).dollars), hw, dph, api_visibility="private").then(
                    cost_table, inputs, outputs, api_visibility="private")
                share.change(cost_table, inputs, outputs, api_visibility="private")
                cost_btn.click(cost_table, inputs, outputs, api_name="costs")
                measure_btn.click(measure, [corpus, in_tok, out_tok, hw, price_table, share],
                                  [cost_headline, chart, costs_out, rate, hw, dph, measured, study_out], api_visibility="private")
                demo.load(cost_table, inputs, outputs, api_visibility="private")

            with gr.Tab("Hub", id="hub"):
                gr.Markdown("Push the active dataset or adapter to the Hugging Face Hub (or to a local folder with the Hub's layout "
                            "when no token is set), and load an adapter by Hub id. See the README's Hub section for the CLI.")
                with gr.Row():
                    with gr.Column():
                        ds_repo = gr.Textbox(label="Dataset repository (user/name)", elem_id="ds_repo")
                        push_ds = gr.Button("Push the active dataset")
                    with gr.Column():
                        ad_repo = gr.Textbox(label="Adapter repository (user/name)", elem_id="ad_repo")
                        push_ad = gr.Button("Push the active adapter")
                    with gr.Column():
                        load_repo = gr.Textbox(label="Load an adapter by Hub id", placeholder="user/recipes-student", elem_id="load_repo")
                        load_rev = gr.Textbox(label="revision (blank: main)")
                        load_btn = gr.Button("Load and make it the active student")
                private = gr.Checkbox(label="private repositories", value=False)
                hub_where = gr.Markdown(elem_id="hub_where")
                hub_note = gr.HTML(elem_id="hub_note")
                demo.load(where_the_hub_is, None, hub_where, api_visibility="private", queue=False)
                # each kind of long work has its own group: Gradio gives a group its members' lowest limit, so training's 1
                # would otherwise hold up a push or a label (visitors.LONG_WORK names them; anonymous visitors get none)
                push_ds.click(hub_push_dataset, [ds_repo, private], hub_note, api_visibility="private", concurrency_limit=2, concurrency_id="hub")
                push_ad.click(hub_push_adapter, [ad_repo, private], hub_note, api_visibility="private", concurrency_limit=2, concurrency_id="hub")
                load_btn.click(hub_load_adapter, [load_repo, load_rev], hub_note, api_visibility="private", concurrency_limit=2, concurrency_id="hub").then(
                    student_choices, None, [student_pick, student_note], api_visibility="private")

            with gr.Tab("Proxy", id="proxy"):
                gr.Markdown("Where GPT-4 is already called: `python -m pipeline proxy --upstream https://api.openai.com/v1` records "
                            "its answers as training rows (the caller changes `base_url` only), then lets the student answer, "
                            "with the cascade and sampled audits. Watch a running proxy here and switch its mode "
                            "(the README's proxy section walks the loop; its recorded calls load in the Data tab).")
                with gr.Row():
                    proxy_at = gr.Textbox(label="The proxy's address", value="http://127.0.0.1:8100", elem_id="proxy_url")
                    proxy_key = gr.Textbox(label="Its key (--key-env; blank if none)", type="password", elem_id="proxy_key")
                    proxy_admin = gr.Textbox(label="Its admin key (--admin-key-env), to switch", type="password", elem_id="proxy_admin")
                with gr.Row():
                    proxy_mode = gr.Radio(["record", "cascade", "student"], value="record", label="Mode", elem_id="proxy_mode")
                    proxy_refresh = gr.Button("Refresh", elem_id="proxy_refresh")
                    proxy_set = gr.Button("Switch to this mode", variant="primary", elem_id="proxy_switch")
                proxy_out = gr.HTML(elem_id="proxy_out")
                proxy_refresh.click(proxy_stats, [proxy_at, proxy_key], [proxy_out, proxy_mode], api_visibility="private")
                proxy_set.click(proxy_switch, [proxy_at, proxy_key, proxy_admin, proxy_mode], [proxy_out, proxy_mode], api_visibility="private")

        demo.load(test_choices, None, pick, api_visibility="private").then(test_choices, None, pick2, api_visibility="private").then(
            student_choices, None, [student_pick, student_note], api_visibility="private")
        demo.load(show_report, None, [agreement, confusion, case, case_index], api_visibility="private")
        trust_outputs = [cascade_note, share_plot, spend_plot, target, target_line, calibration_note, reliability_plot]
        plots = [share_plot, spend_plot, reliability_plot]
        # a plot that had no points stays blank when its first points come: they are sent again (redraw_plots)
        evaluated.then(show_trust_after_evaluation, target_pick, [*trust_outputs, share], api_visibility="private").then(
            redraw_plots, None, plots, api_visibility="private")
        # the plots are drawn once the tab is in view: Gradio mounts a tab's children when it is first shown, and a
        # plot given its points while mounting stays blank, so they are sent again after the tab's first update
        evaluate_tab.select(show_trust, target_pick, trust_outputs, api_visibility="private").then(
            redraw_plots, None, plots, api_visibility="private")
        # the table is the active student's: another one may have been picked since the page loaded
        evaluate_tab.select(show_report, None, [agreement, confusion, case, case_index], api_visibility="private")
        target.input(choose_target, [target, last_side], [target_line, share, target_pick, side], api_visibility="private")
        demo.load(show_labeled_rows, None, preview, api_visibility="private")
        demo.load(access, None, [access_note, label_btn, push_ds, push_ad, load_btn, job_btn, train_btn, eval_btn],
                  api_visibility="private", queue=False)
    demo.queue(max_size=LIMITS.queue_size, default_concurrency_limit=4)
    return demo


def is_public() -> bool:
    """A public app: on a Hugging Face Space (SPACE_ID is set there), or asked for (UNDERSTUDY_PUBLIC=1)."""
    return bool(os.environ.get("SPACE_ID")) or os.environ.get("UNDERSTUDY_PUBLIC", "") not in ("", "0")


def create_server(workspace: Workspace | None = None, public: bool | None = None, v1_key: str | None = ""):
    """The FastAPI app: the page mounted at /, and the student's OpenAI-compatible /v1 routes (with
    `v1_key` required as a Bearer token when it is set; None leaves /v1 off)."""
    from fastapi import FastAPI

    global PUBLIC
    PUBLIC = is_public() if public is None else public
    if v1_key is None:
        api = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
        api.get("/health")(lambda: {"status": "ok"})
    else:
        api = create_app(ActiveStudent(workspace or WS), model_name="understudy", api_key=v1_key)
    blocks = page(PUBLIC)
    server = gr.mount_gradio_app(api, blocks, path="/", css=views.CSS, theme=gr.themes.Soft(), max_file_size=LIMITS.upload_bytes,
                                 ssr_mode=False, footer_links=["api"], i18n=TRANSLATIONS,
                                 # every callback shows its own one-line errors (in_workspace); what Gradio raises itself
                                 # (a FileData naming a file nobody uploaded) would carry the server's paths to the caller
                                 show_error=False)
    # Mounted, the Blocks never "launch", and Gradio then skips its check that a file handed to an event
    # was really uploaded (any path on the server would be copied into its cache and served). Say it has.
    blocks.has_launched = True
    if PUBLIC:
        guard_queue(blocks)
        record_uploaders(server)
    return server


def record_uploaders(server) -> None:
    """Note who (which client address) each upload came from, as Gradio's upload route answers with the files'
    paths: Workspace.take_upload then accepts a file only from that address (visitors.UPLOADS)."""
    import json

    from fastapi import Response

    @server.middleware("http")
    async def note_uploader(request, call_next):
        response = await call_next(request)
        if request.method != "POST" or not request.url.path.endswith("/gradio_api/upload") or response.status_code != 200:
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])
        try:
            UPLOADS.record(json.loads(body), address_of(request))
        except ValueError:
            pass
        return Response(content=body, status_code=response.status_code, headers=dict(response.headers), media_type=response.media_type)


def v1_setting(host: str, key_env: str, allow_no_key: bool) -> str | None:
    """The key /v1 requires ("" for none), or None for /v1 off: off loopback, /v1 needs a key unless
    --allow-no-key says it may be open (on a Space without a key it is simply off)."""
    key = os.environ.get(key_env, "").strip() if key_env else ""
    if key_env and not key:
        raise UserError(f"--v1-key-env {key_env}: that environment variable is empty; set it, or leave the option out")
    try:
        check_exposure(host, key, allow_no_key)
    except UserError:
        print(f"/v1 is off: the app listens on {host} and no key protects it (--v1-key-env NAME, or --allow-no-key to open it)", flush=True)
        return None
    return key


def main() -> None:
    parser = argparse.ArgumentParser(description="Understudy's app (the page, the Gradio API and /v1/chat/completions)")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", os.environ.get("PORT", "7860"))))
    parser.add_argument("--no-build", action="store_true", help="do not build the demo student on first start when none is shipped")
    parser.add_argument("--public", action="store_true", default=is_public(),
                        help="a public app: visitors sign in with Hugging Face and each works in a folder of their own; the owner's "
                             "keys serve SPACE_AUTHOR_NAME and UNDERSTUDY_OWNERS alone (on by itself on a Space; env UNDERSTUDY_PUBLIC=1)")
    parser.add_argument("--v1-key-env", default=os.environ.get("UNDERSTUDY_V1_KEY_ENV", ""),
                        help="environment variable holding the key /v1 clients must send as a Bearer token (env UNDERSTUDY_V1_KEY_ENV)")
    parser.add_argument("--allow-no-key", action="store_true",
                        help="serve /v1 off loopback without a key (anyone who can reach the port can use the student)")
    env = spec_from_env()
    parser.add_argument("--backend", default=env.backend, choices=BACKENDS,
                        help="where the student runs: in-process (local), a TGI server, or an OpenAI-compatible one such as vLLM "
                             "(env UNDERSTUDY_BACKEND)")
    parser.add_argument("--url", default=env.url, help="the server: http://tgi:80 for TGI, http://vllm:8000/v1 for vLLM (env UNDERSTUDY_URL)")
    parser.add_argument("--adapter-id", default=env.adapter_id,
                        help="the LoRA adapter on the server: TGI's adapter_id, vLLM's --lora-modules name (env UNDERSTUDY_ADAPTER_ID)")
    parser.add_argument("--api-key-env", default=env.api_key_env, help="environment variable with the server's API key (env UNDERSTUDY_API_KEY_ENV)")
    parser.add_argument("--base-model", default=env.base_model,
                        help="the served base model (Hub id or folder); its tokenizer renders TGI prompts (env UNDERSTUDY_BASE_MODEL)")
    args = parser.parse_args()
    import uvicorn

    process.set_up()
    quiet_libraries()
    try:
        WS.server = StudentSpec(backend=args.backend, url=args.url, adapter_id=args.adapter_id, api_key_env=args.api_key_env,
                                base_model=args.base_model, adapter="").check()
        v1_key = v1_setting(args.host, args.v1_key_env, args.allow_no_key)
        if args.public and not os.environ.get("SPACE_ID") and not hub.token():
            raise UserError("--public off a Space needs HF_TOKEN: Gradio's local sign-in reads its user name from it; "
                            "set it, or run without --public")
    except UserError as e:
        parser.exit(2, f"error: {e}\n")
    if WS.server.remote:
        print(f"The student: {WS.server.describe()}", flush=True)
    else:
        runs.prepare_shipped_dataset(WS)  # the shipped student's own test split, unless the app has a dataset of its own
        if WS.ready():
            print(f"The student: {WS.student_name()}", flush=True)
        elif not args.no_build:
            print("No student yet: building the offline demo student in the background (about 5 minutes); the page works meanwhile.", flush=True)
            runs.start_demo_build(WS)
    if args.public:
        process.no_implicit_hub_token()
        who = ", ".join(sorted(owners())) or "nobody (set SPACE_AUTHOR_NAME or UNDERSTUDY_OWNERS)"
        print(f"Public app: visitors sign in with Hugging Face; the owner's keys serve {who}", flush=True)
    api_line = "" if v1_key is None else f"  (OpenAI-compatible API at /v1, model 'understudy'{', key required' if v1_key else ''})"
    print(f"Understudy: http://{args.host}:{args.port}{api_line}", flush=True)
    uvicorn.run(create_server(public=args.public, v1_key=v1_key), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
