"""Understudy's app: every stage in the browser, and the student beside GPT-4.

`python app.py` serves the page, the Gradio API (gradio_client can call /classify) and the student's
OpenAI-compatible /v1/chat/completions from one process. On first start with nothing built it builds
the offline demo student in the background, with a progress bar on the page. Callbacks only call
pipeline.workspace (the stages) and pipeline.views (HTML); a bad input shows one readable line.
"""

import argparse
import functools
import html
import inspect
import logging
import os
import queue
import threading

import gradio as gr
import pandas as pd

from pipeline import label as label_stage
from pipeline import prices, views, workspace
from pipeline.classify import BACKENDS
from pipeline.costs import STUDY_FOOTNOTE, STUDY_RATE, TEACHERS
from pipeline.errors import UserError
from pipeline.train import loss_text
from pipeline.workspace import ActiveStudent, StudentServer, Workspace, corrected_labels, disagreement_cases

log = logging.getLogger("understudy.app")
WS = Workspace()
STOPS: dict[str, threading.Event] = {}  # a visitor's session → the cancel switch of their training run


def friendly(n_outputs: int = 1):
    """On a UserError (or any failure) the first output shows one readable line; the others stay."""

    def wrap(fn):
        def message(e: Exception) -> str:
            if isinstance(e, UserError):
                return views.error(str(e))
            log.exception("callback failed")
            return views.error(f"Something went wrong ({type(e).__name__}: {str(e)[:300]}); the app keeps running.")

        def outputs(e):
            return message(e) if n_outputs == 1 else (message(e), *[gr.skip()] * (n_outputs - 1))

        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def gen(*args, **kwargs):
                try:
                    yield from fn(*args, **kwargs)
                except Exception as e:  # noqa: BLE001
                    yield outputs(e)
            return gen

        @functools.wraps(fn)
        def call(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as e:  # noqa: BLE001
                return outputs(e)
        return call

    return wrap


# ---------------------------------------------------------------------------------------------------
# Callbacks: each calls the workspace and renders
# ---------------------------------------------------------------------------------------------------


def status():
    b = WS.build
    ready = WS.ready()
    return views.banner(ready, b.running, b.fraction, b.message, b.error, WS.student_name()), gr.update(visible=not ready and not b.running)


def build_demo():
    WS.start_demo_build()
    return status()


def test_choices():
    return gr.update(choices=WS.test_choices())


@friendly()
def pick_recipe(row_id):
    return WS.test_recipe(row_id) if row_id else gr.skip()


@friendly()
def classify(recipe: str) -> str:
    r = WS.classify_one(recipe)
    return views.label_bars(r["labels"], r["confidence"], r["seconds"], r.get("warning") or "")


@friendly()
def compare(recipe: str, key: str, model: str, base_url: str) -> str:
    result = WS.side_by_side(recipe, key, model, base_url)
    return views.side_by_side(result, WS.task().field_names)


@friendly(2)
def run_labeling(upload, hub_id, model, base_url, key, limit, progress=gr.Progress()):
    source = upload or (hub_id or "").strip()

    def report(done, total, dollars):
        progress(done / max(total, 1), desc=f"labeled {done} of {total} · ${dollars:.4f}")

    s = WS.label(source, model, base_url, key, int(limit or 0), on_progress=report)
    text = label_stage.format_summary(s).replace("\n", "<br>")
    rows = [{"id": r["id"], "recipe": str(r.get("recipe", ""))[:80], **(r["labels"] or {}), "error": r.get("error") or ""} for r in s["preview"]]
    return f'<div class="us-card">{text}</div>', pd.DataFrame(rows)


@friendly(2)
def use_sample(n):
    r = WS.sample(int(n))
    return f'<div class="us-card">{r["n"]} generated recipes with their labels: <code>{r["labeled"]}</code>. Prepare them next.</div>', gr.skip()


@friendly()
def prepare_last():
    labeled = WS.settings().get("labeled")
    if not labeled:
        raise UserError("nothing labeled yet: label a file or use the bundled sample first")
    r = WS.prepare(labeled)
    return f'<div class="us-card">Active dataset: {r["train"]} train, {r["test"]} test, {r["rejected"]} set aside · <code>{r["folder"]}</code></div>'


ON_JOBS = "Hugging Face Jobs (GPU)"


@friendly(3)
def train(base_model, r, alpha, dropout, lr, epochs, hardware, flavor, push_to, request: gr.Request):
    stop = STOPS[request.session_hash] = threading.Event()
    events: queue.Queue = queue.Queue()  # loss entries (dicts) and Job log lines (str), then None
    result: dict = {}
    on_job = hardware == ON_JOBS

    def work():
        try:
            if on_job:
                result.update(WS.train_on_job(base_model, r, alpha, dropout, lr, epochs, flavor, push_to,
                                              on_line=events.put, on_log=events.put, stop=stop))
            else:
                result.update(WS.train(base_model, r, alpha, dropout, lr, epochs, on_log=events.put, stop=stop))
        except Exception as e:  # noqa: BLE001 - handed to the page below
            result["error"] = e
        finally:
            events.put(None)

    threading.Thread(target=work, daemon=True).start()
    yield views.note("Submitting the Job…" if on_job else "Training started…"), None, ""
    losses, lines = [], []
    while (entry := events.get()) is not None:
        note = gr.skip()
        if isinstance(entry, dict):
            losses.append(entry)
            lines.append(loss_text(entry))
            note = views.note(f"step {entry['step']} of {entry['max_steps']}")
        else:
            lines.append(entry)
            if entry.startswith("job "):  # started, cancelling, completed
                note = views.note(entry)
        curve = pd.DataFrame([{"step": e["step"], "loss": e["loss"]} for e in losses]) if losses else gr.skip()
        yield note, curve, "\n".join(lines[-40:])
    if "error" in result:
        raise result["error"]
    yield views.note(training_summary(result)), gr.skip(), gr.skip()


def training_summary(result: dict) -> str:
    if "job_id" in result:
        if result.get("cancelled"):
            return f"Job {result['job_id']} cancelled."
        done = f"Job {result['job_id']} completed: the adapter is <code>{html.escape(result['adapter'])}</code> on the Hub"
        if "load_error" in result:
            return done + f"; {html.escape(result['load_error'])}."
        return done + ", and it is now the active student."
    done = "cancelled; the adapter saved so far" if result.get("cancelled") else "done"
    head = f"Training {done}: {result['steps']} steps, final loss {result['final_loss']}; "
    if WS.server.remote:
        return (head + f"the adapter is saved at <code>{result['adapter']}</code>. The app classifies through "
                f"{html.escape(WS.server.describe())}: push the adapter (Hub tab) and load it there to serve it.")
    return head + f"the active student is now <code>{result['adapter']}</code>"


def cancel_training(request: gr.Request):
    stop = STOPS.get(request.session_hash)
    if stop:
        stop.set()
    return views.note("Cancelling after the current step…")


def _cases():
    last = WS.last_report()
    return disagreement_cases(last[1], WS.task()) if last else []


def show_report():
    last = WS.last_report()
    if not last:
        return views.note("No evaluation yet: press Evaluate."), "", views.case(None, 0, 0), 0
    report, _ = last
    cases = _cases()
    return views.agreement_table(report), views.confusion(report), views.case(cases[0] if cases else None, 0, len(cases)), 0


@friendly(4)
def run_evaluation():
    WS.evaluate()
    return show_report()


def browse(index, step):
    cases = _cases()
    if not cases:
        return views.case(None, 0, 0), 0
    index = (int(index) + step) % len(cases)
    return views.case(cases[index], index, len(cases)), index


@friendly(2)
def mark(index, verdict, verdicts):
    cases = _cases()
    if not cases:
        raise UserError("no disagreements to mark")
    c = cases[int(index) % len(cases)]
    verdicts = dict(verdicts or {})
    verdicts[f"{c['model']}:{c['id']}"] = verdict
    n = sum(v == "student" for v in verdicts.values())
    return views.note(f"{len(verdicts)} marked; {n} say the student is right. Save to write them into the dataset."), verdicts


@friendly()
def save_corrections(verdicts):
    cases = {f"{c['model']}:{c['id']}": c for c in _cases()}
    test = {str(r["id"]): r for r in WS.test_rows()}
    names = WS.task().field_names
    fixes = []
    for key, verdict in (verdicts or {}).items():
        c = cases.get(key)
        if c is None or str(c["id"]) not in test:
            continue
        teacher = {n: test[str(c["id"])][n] for n in names}
        labels = corrected_labels(c, teacher, verdict)
        if labels:
            fixes.append({"id": str(c["id"]), "labels": labels, "was": teacher})
    r = WS.save_corrections(fixes)
    return views.note(f"Saved {r['corrected']} correction(s); {r['moved_to_train']} moved to the train split "
                      f"({r['train']} train, {r['test']} test). Train again to learn from them.")


@friendly(2)
def cost_table(corpus, input_tokens, output_tokens, rate, dollars_per_hour, price_rows):
    teacher_prices = {}
    for row in price_rows.to_dict("records") if hasattr(price_rows, "to_dict") else price_rows:
        try:
            teacher_prices[str(row["model"])] = (float(row["input $/1M"]), float(row["output $/1M"]))
        except (TypeError, ValueError, KeyError):
            raise UserError(f"price of {row.get('model')!r} must be two numbers ($ per 1M input and output tokens)") from None
    if dollars_per_hour is None or float(dollars_per_hour) < 0:
        raise UserError("the student's $/h must be zero or more")
    if not rate or float(rate) <= 0:
        raise UserError("the student's throughput must be more than 0 recipes/s")
    result = workspace.cost_table(corpus, input_tokens, output_tokens, rate, dollars_per_hour, teacher_prices)
    rows = [{"model": r["model"], "$ per recipe": f"{r['dollars_per_recipe']:.3g}", "$ for the corpus": f"{r['corpus_dollars']:,.2f}",
             "× the student": f"{r['times_student']:,.0f}" if r.get("times_student") else "-", "basis": r["basis"]} for r in result["rows"]]
    return views.cost_chart(result), pd.DataFrame(rows)


@friendly(3)
def measure():
    rate = WS.measure_rate()
    return views.note(f"Measured {rate:,.1f} recipes/s on this machine."), round(rate, 1), "cpu-upgrade"


def _pushed(result: dict) -> str:
    where = "the Hub" if result["where"] == "hub" else "the local Hub folder (no HF_TOKEN set)"
    return views.note(f"Pushed <b>{html.escape(result['repo'])}</b> to {where}: <code>{html.escape(str(result['url']))}</code> "
                      f"({len(result.get('files') or [])} files)")


@friendly()
def hub_push_dataset(repo, private):
    return _pushed(WS.push_dataset(repo, private))


@friendly()
def hub_push_adapter(repo, private):
    return _pushed(WS.push_adapter(repo, private))


@friendly()
def hub_load_adapter(repo, revision):
    r = WS.load_adapter(repo, revision)
    return views.note(f"Loaded {html.escape(r['repo'])}@{html.escape(r['revision'])}; it is now the active student.")


def default_prices():
    return pd.DataFrame([{"model": m, "input $/1M": prices.PRICES[m].input, "output $/1M": prices.PRICES[m].output} for m in TEACHERS])


# ---------------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------------


def page() -> gr.Blocks:
    with gr.Blocks(title="Understudy") as demo:
        gr.Markdown("# Understudy\nFine-tune a small open model on GPT-4's answers, then let it do GPT-4's job for a thousandth of the cost.")
        first_banner, first_button = status()
        banner = gr.HTML(first_banner, elem_id="status")
        with gr.Row():
            build_btn = gr.Button("Build the demo student", size="sm", variant="primary", scale=0, visible=first_button["visible"], elem_id="build")
        timer = gr.Timer(2.0)
        timer.tick(status, outputs=[banner, build_btn], api_visibility="private", queue=False)
        demo.load(status, outputs=[banner, build_btn], api_visibility="private", queue=False)  # not the state at start-up
        build_btn.click(build_demo, outputs=[banner, build_btn], api_visibility="private")

        with gr.Tabs():
            with gr.Tab("Try it", id="try"):
                with gr.Row():
                    with gr.Column(scale=3):
                        pick = gr.Dropdown(label="Pick a recipe from the test split", choices=WS.test_choices(), value=None)
                        recipe = gr.Textbox(label="Recipe", lines=12, max_lines=24, placeholder="Shrimp Creole\n\nIngredients:\n- 20 shrimp (8 oz.)\n...", elem_id="recipe")
                        go = gr.Button("Classify", variant="primary", elem_id="classify")
                    with gr.Column(scale=2):
                        result = gr.HTML(views.note("The student's five labels, with its confidence in each, appear here."), elem_id="labels")
                pick.change(pick_recipe, pick, recipe, api_visibility="private")
                go.click(classify, recipe, result, api_name="classify", concurrency_limit=4)
                recipe.submit(classify, recipe, result, api_visibility="private")

            with gr.Tab("Side by side", id="side"):
                gr.Markdown("The same recipe through the student and through GPT-4. Without a key, a test recipe shows its **stored** GPT-4 label.")
                with gr.Row():
                    with gr.Column(scale=3):
                        pick2 = gr.Dropdown(label="Pick a recipe from the test split", choices=WS.test_choices(), value=None)
                        recipe2 = gr.Textbox(label="Recipe", lines=10, max_lines=20, elem_id="recipe2")
                        with gr.Row():
                            key = gr.Textbox(label="OpenAI API key (used for this request only, never stored)", type="password", scale=2, elem_id="key")
                            model = gr.Dropdown(label="Teacher", choices=TEACHERS, value="gpt-4", allow_custom_value=True, scale=1)
                        with gr.Accordion("Teacher endpoint", open=False):
                            base_url = gr.Textbox(label="OpenAI-compatible base URL (blank: OpenAI)", elem_id="base_url")
                        go2 = gr.Button("Compare", variant="primary", elem_id="compare")
                    with gr.Column(scale=3):
                        side = gr.HTML(views.note("Student and teacher, field by field, with latency and cost per call."), elem_id="side")
                pick2.change(pick_recipe, pick2, recipe2, api_visibility="private")
                go2.click(compare, [recipe2, key, model, base_url], side, api_name="compare", concurrency_limit=4)

            with gr.Tab("Data & labels", id="data"):
                gr.Markdown("Label your own rows with a teacher (cached: a re-run costs nothing), or start from the bundled sample.")
                with gr.Row():
                    upload = gr.File(label="Rows to label (JSONL, CSV or parquet with a 'recipe' column)", type="filepath", elem_id="upload")
                    with gr.Column():
                        hub_id = gr.Textbox(label="…or a Hub dataset id", placeholder="user/recipes")
                        model3 = gr.Dropdown(label="Teacher", choices=TEACHERS, value="gpt-4", allow_custom_value=True)
                        base_url3 = gr.Textbox(label="OpenAI-compatible base URL (blank: OpenAI)")
                        key3 = gr.Textbox(label="OpenAI API key (blank: OPENAI_API_KEY)", type="password")
                        limit = gr.Number(label="Label only the first N rows (0: all)", value=0, precision=0)
                with gr.Row():
                    label_btn = gr.Button("Label", variant="primary", elem_id="label")
                    n_sample = gr.Number(label="Sample size", value=400, precision=0, scale=0)
                    sample_btn = gr.Button("Use the bundled sample (labels included)")
                    prep_btn = gr.Button("Prepare train/test split")
                label_out = gr.HTML(elem_id="label_out")
                preview = gr.Dataframe(label="Labeled rows", interactive=False, wrap=True)
                label_btn.click(run_labeling, [upload, hub_id, model3, base_url3, key3, limit], [label_out, preview],
                                api_visibility="private", concurrency_limit=2, concurrency_id="long")
                sample_btn.click(use_sample, n_sample, [label_out, preview], api_visibility="private")
                prep_btn.click(prepare_last, None, label_out, api_visibility="private").then(test_choices, None, pick).then(test_choices, None, pick2)

            with gr.Tab("Train", id="train"):
                with gr.Row():
                    with gr.Column(scale=1):
                        base = gr.Textbox(label="Base model (Hub id or folder; blank: the tiny local one)", value="", elem_id="base_model")
                        with gr.Row():
                            lora_r = gr.Number(label="LoRA r", value=16, precision=0)
                            lora_alpha = gr.Number(label="alpha", value=32, precision=0)
                            dropout = gr.Number(label="dropout", value=0.0)
                        with gr.Row():
                            lr = gr.Number(label="learning rate", value=5e-3)
                            epochs = gr.Number(label="epochs", value=4, elem_id="epochs")
                        hardware = gr.Radio(["This machine", ON_JOBS], value="This machine", label="Hardware", elem_id="hardware")
                        with gr.Group(visible=False) as jobs_box:
                            flavor = gr.Dropdown(workspace.job_flavors(), value="a10g-small", label="GPU flavor", elem_id="flavor")
                            push_to = gr.Textbox(label="Push the adapter to (user/name)", placeholder="you/recipes-student", elem_id="push_to")
                            gr.Markdown("The Job runs QLoRA on the active dataset (pushed as a private `…-data` repository) with the "
                                        "app's `HF_TOKEN` (on a Space: a secret), pushes the adapter, and the app loads it when it completes. "
                                        "Billed by the Hub per minute of the flavor.")
                        with gr.Row():
                            train_btn = gr.Button("Train", variant="primary", elem_id="train")
                            job_btn = gr.Button("Start the Job", variant="primary", elem_id="start_job", visible=False)
                            cancel_btn = gr.Button("Cancel", variant="stop")
                    with gr.Column(scale=2):
                        train_note = gr.HTML(elem_id="train_note")
                        curve = gr.LinePlot(x="step", y="loss", title="training loss", height=260, elem_id="loss_curve")
                        train_log = gr.Textbox(label="log", lines=8, max_lines=8, elem_id="train_log")
                train_inputs = [base, lora_r, lora_alpha, dropout, lr, epochs, hardware, flavor, push_to]
                train_btn.click(train, train_inputs, [train_note, curve, train_log],
                                api_visibility="private", concurrency_limit=1, concurrency_id="long")
                job_btn.click(train, train_inputs, [train_note, curve, train_log],  # a Job mostly waits: its own queue
                              api_visibility="private", concurrency_limit=8, concurrency_id="jobs")
                hardware.change(lambda h: (gr.update(visible=h == ON_JOBS), gr.update(visible=h != ON_JOBS), gr.update(visible=h == ON_JOBS)),
                                hardware, [jobs_box, train_btn, job_btn], api_visibility="private", queue=False)
                cancel_btn.click(cancel_training, None, train_note, api_visibility="private", queue=False)

            with gr.Tab("Evaluate", id="evaluate"):
                eval_btn = gr.Button("Evaluate the active student on the test split", variant="primary", elem_id="evaluate")
                table, matrices, case_html, index = show_report()
                agreement = gr.HTML(table, elem_id="agreement")
                with gr.Accordion("Confusion matrices", open=False):
                    confusion = gr.HTML(matrices)
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
                eval_btn.click(run_evaluation, None, [agreement, confusion, case, case_index], api_visibility="private", concurrency_id="long")
                prev_btn.click(lambda i: browse(i, -1), case_index, [case, case_index], api_visibility="private")
                next_btn.click(lambda i: browse(i, 1), case_index, [case, case_index], api_visibility="private")
                teacher_btn.click(lambda i, v: mark(i, "teacher", v), [case_index, verdicts], [mark_note, verdicts], api_visibility="private")
                student_btn.click(lambda i, v: mark(i, "student", v), [case_index, verdicts], [mark_note, verdicts], api_visibility="private")
                save_btn.click(save_corrections, verdicts, mark_note, api_visibility="private")

            with gr.Tab("Costs", id="costs"):
                with gr.Row():
                    corpus = gr.Number(label="Recipes in the corpus", value=2_147_248, precision=0)
                    in_tok = gr.Number(label="Input tokens per recipe", value=276)
                    out_tok = gr.Number(label="Output tokens per recipe", value=42)
                with gr.Row():
                    with gr.Column():
                        rate = gr.Number(label="Student throughput, recipes/s (the study's vLLM on an L40)", value=round(STUDY_RATE, 1))
                        measure_btn = gr.Button("Measure the active student on this machine", size="sm")
                    hw = gr.Dropdown(label="Student hardware", choices=list(prices.HARDWARE), value="l40")
                    dph = gr.Number(label="its $/h (edit for your own)", value=prices.hourly("l40").dollars)
                price_table = gr.Dataframe(value=default_prices(), label=f"Teacher prices ({prices.SOURCE}; edit to update)", interactive=True)
                cost_btn = gr.Button("Update", variant="primary")
                chart = gr.HTML(elem_id="cost_chart")
                costs_out = gr.Dataframe(label="Cost per recipe and for the corpus", interactive=False, wrap=True)
                gr.Markdown(f"<small>{STUDY_FOOTNOTE}</small>")
                inputs = [corpus, in_tok, out_tok, rate, dph, price_table]
                hw.change(lambda h: prices.hourly(h).dollars, hw, dph, api_visibility="private")
                cost_btn.click(cost_table, inputs, [chart, costs_out], api_name="costs")
                measure_btn.click(measure, None, [chart, rate, hw], api_visibility="private").then(cost_table, inputs, [chart, costs_out], api_visibility="private")
                demo.load(cost_table, inputs, [chart, costs_out], api_visibility="private")

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
                hub_note = gr.HTML(elem_id="hub_note")
                push_ds.click(hub_push_dataset, [ds_repo, private], hub_note, api_visibility="private", concurrency_id="long")
                push_ad.click(hub_push_adapter, [ad_repo, private], hub_note, api_visibility="private", concurrency_id="long")
                load_btn.click(hub_load_adapter, [load_repo, load_rev], hub_note, api_visibility="private", concurrency_id="long")

        demo.load(test_choices, None, pick, api_visibility="private").then(test_choices, None, pick2, api_visibility="private")
        demo.load(show_report, None, [agreement, confusion, case, case_index], api_visibility="private")
    demo.queue(max_size=64, default_concurrency_limit=4)
    return demo


def create_server(workspace: Workspace | None = None):
    """The FastAPI app: the student's OpenAI-compatible routes, with the page mounted at /."""
    from pipeline.serve import create_app

    api = create_app(ActiveStudent(workspace or WS), model_name="understudy")
    return gr.mount_gradio_app(api, page(), path="/", css=views.CSS, theme=gr.themes.Soft(), max_file_size="50mb",
                               ssr_mode=False, footer_links=["api"])


def main() -> None:
    parser = argparse.ArgumentParser(description="Understudy's app (the page, the Gradio API and /v1/chat/completions)")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", os.environ.get("PORT", "7860"))))
    parser.add_argument("--no-build", action="store_true", help="do not build the demo student on first start")
    env = StudentServer.from_env()
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

    from pipeline.cli import quiet_libraries

    quiet_libraries()
    try:
        WS.server = StudentServer(args.backend, args.url, args.adapter_id, args.api_key_env, args.base_model).check()
    except UserError as e:
        parser.exit(2, f"error: {e}\n")
    if WS.server.remote:
        print(f"The student: {WS.server.describe()}", flush=True)
    elif not WS.ready() and not args.no_build:
        print("No student yet: building the offline demo student in the background (about 5 minutes); the page works meanwhile.", flush=True)
        WS.start_demo_build()
    print(f"Understudy: http://{args.host}:{args.port}  (OpenAI-compatible API at /v1, model 'understudy')", flush=True)
    uvicorn.run(create_server(), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
