"""The active student's figures in a workspace: Evaluate (its agreement on the active test split, the last report
and whom it is for, its calibration, the cascade's targets and the route they give a recipe) and Costs (its measured
throughput, priced).

Functions of one workspace (`ws`: pipeline.workspace.Workspace, the visitor's folder, settings, student and identity),
as app.py calls them."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path

from pipeline import calibration as cal
from pipeline import classify, costs, evaluate, prices
from pipeline import students as registry
from pipeline.errors import UserError
from pipeline.evaluate import NO_TARGET
from pipeline.space import gpu
from pipeline.visitors import LONG_WORK

RELIABILITY_SERIES = {"before": "the model's own confidence", "after": "calibrated"}
PERFECT = "perfectly calibrated"


def this_machine() -> str:
    """This machine as prices.HARDWARE names it: its GPU's entry ("" for a GPU not listed), else cpu-upgrade."""
    import torch

    if torch.cuda.is_available():
        return prices.hardware_of_gpu(torch.cuda.get_device_name(0))
    return "cpu-upgrade"


def command_path(path: str | Path) -> str:
    """A path as a command typed here would name it: relative to the working folder when it lies in it."""
    resolved = Path(path).resolve()
    return str(resolved.relative_to(Path.cwd())) if resolved.is_relative_to(Path.cwd()) else str(resolved)


def evaluate_active(ws) -> dict:
    """The active student on the active test split, against the teacher's labels."""

    ws.visitor.require_sign_in(LONG_WORK["evaluate"])
    dataset, adapter = ws.dataset(), ws.adapter()
    if not dataset or not adapter:
        raise UserError(ws.not_ready_message() if not adapter else "no prepared dataset to evaluate on")
    out = ws.new_run_dir("eval")
    evaluate_student(ws.student(), str(Path(dataset) / "test.jsonl"), adapter, str(out / "predictions.jsonl"))
    report = evaluate.run(evaluate.EvaluateConfig(predictions=[f"student={out / 'predictions.jsonl'}"],
                                                  reference=str(Path(dataset) / "test.jsonl"), out=str(out), trained_on=adapter,
                                                  task=str(Path(adapter) / "task.json") if (Path(adapter) / "task.json").is_file() else "recipes"))
    (out / registry.EVALUATED_FILE).write_text(str(Path(adapter).resolve()))  # which student these figures are for
    ws.save_settings(report=str(out / "report.json"))
    return report

def measure_rate(ws, n: int = 256) -> float:
    """The active student's recipes/s (on this machine, or on the server the app is pointed at),
    batched as the batch stage runs it."""
    return measure_student(ws.student(), n)

def measure_throughput(ws, n: int = 256) -> costs.Throughput:
    """The active student's throughput as the Costs tab prices it: the rate (to one decimal, as the
    page's field holds it), the machine it ran on (unknown behind a server) and whether it is the toy."""
    rate = round(measure_rate(ws, n), 1)
    if ws.server.remote:
        return costs.Throughput(rate, "measured", "", n, "")
    return costs.Throughput(rate, "measured", this_machine(), n, costs.toy_size(ws.adapter()))

def measure_costs(ws, corpus, input_tokens, output_tokens, hardware: str, price_rows, teacher_share=0.0) -> dict:
    """Measure the active student, then the Costs tab's table priced at once on the machine it ran on (the
    page's hardware when that is unknown): {"measured", "machine", "dollars_per_hour", "table"}."""
    measured = measure_throughput(ws)
    machine = measured.machine or hardware
    dollars_per_hour = prices.hourly(machine).dollars
    table = cost_table(corpus, input_tokens, output_tokens, measured.rate, machine, dollars_per_hour, price_rows, asdict(measured),
                       teacher_share)
    return {"measured": measured, "machine": machine, "dollars_per_hour": dollars_per_hour, "table": table}

def last_report(ws) -> tuple[dict, Path] | None:
    """The newest evaluation of the active student (a report made for another student is not shown): this
    workspace's last one, else the newest in its eval/ runs (or the app's), else the report shipped or built
    beside the student's own folder."""
    active = ws.adapter()
    if not active:
        return None
    candidates = [ws._own_setting("report"), *map(str, registry.evaluations_of(Path(active), ws.root))]
    if not ws.is_app:
        candidates += [ws.app._own_setting("report")]
    candidates.append(str(Path(active).parent / "report.json"))  # pipeline/demo_student/report.json, demo/report.json
    for path in candidates:
        if path and Path(path).is_file():
            if registry.report_is_for(Path(path), Path(active)):
                return json.loads(Path(path).read_text()), Path(path).parent
    return None

def last_cascade(ws) -> dict | None:
    """The last evaluation's cascade curve (None when there is none, or its predictions had no confidences)."""
    last = last_report(ws)
    return (last[0].get("cascade") or None) if last else None

def pick_target(ws, target) -> dict | None:
    """What the picked target agreement means for the last evaluation (see target_pick); None for no target."""
    return target_pick(last_cascade(ws), target)

def route(ws, student: dict, target) -> dict | None:
    """Where the cascade at the picked target would send one classified recipe; None with no target
    (or no cascade curve any more to take the threshold from)."""
    try:
        pick = pick_target(ws, target)
    except UserError:
        return None
    return cascade_route(student, pick)

def calibration_view(ws) -> dict:
    """The active adapter's calibration as the Evaluate tab shows it: {"adapter", "calibration" (a
    calibration_summary, or None when it has none), "error" (why its calibration cannot be used)}."""
    adapter = ws.adapter()
    if not adapter:
        return {"adapter": "", "calibration": None, "error": ""}
    shown = ws.display(adapter) if ws.visitor.public else command_path(adapter)
    try:
        found = cal.find(adapter, ws.task())
    except UserError as e:
        return {"adapter": shown, "calibration": None, "error": str(e)}
    return {"adapter": shown, "calibration": calibration_summary(found) if found else None, "error": ""}

@gpu(duration=120)
def evaluate_student(student, reference: str, adapter: str, out: str) -> dict:
    """The student on a test split (Evaluate)."""

    return classify.run(classify.ClassifyConfig(input=reference, adapter=adapter, out=out), student=student)


@gpu(duration=60)
def measure_student(student, n: int) -> float:
    """The student's recipes/s (Costs: measure)."""
    return costs.measure_student_rate(student, n)


def cost_table(corpus, input_tokens, output_tokens, student_rate, hardware: str, dollars_per_hour, price_rows,
               measured: dict | None = None, teacher_share=0.0) -> dict:
    """The Costs tab's table: costs.run (the CLI's function, with the study's table as `costs --study` gives it)
    with the page's numbers, its edited teacher prices (rows of model, input $/1M, output $/1M), the last
    measurement (a costs.Throughput as a dict, which counts while the rate field still holds its rate) and the
    share of recipes the cascade sends to the teacher."""
    if dollars_per_hour is None or float(dollars_per_hour) < 0:
        raise UserError("the student's $/h must be zero or more")
    if not student_rate or float(student_rate) <= 0:
        raise UserError("the student's throughput must be more than 0 recipes/s")
    teacher_prices = page_prices(price_rows)
    config = costs.CostsConfig(corpus=int(corpus or 0), input_tokens=float(input_tokens or 0), output_tokens=float(output_tokens or 0),
                               student_rate=float(student_rate), hardware=hardware or "", dollars_per_hour=float(dollars_per_hour),
                               teacher_share=float(teacher_share or 0), study=True)
    if teacher_prices:
        config.teachers = list(teacher_prices)
    return costs.run(config, teacher_prices, costs.Throughput.of(measured))


def page_prices(rows) -> dict[str, tuple[float, float]]:
    """The page's price grid (a DataFrame or a list of dicts) as model → (input, output) $ per 1M tokens."""
    prices_of = {}
    for row in rows.to_dict("records") if hasattr(rows, "to_dict") else (rows or []):
        try:
            prices_of[str(row["model"]).strip()] = (float(row["input $/1M"]), float(row["output $/1M"]))
        except (TypeError, ValueError, KeyError, AttributeError):
            name = row.get("model") if isinstance(row, dict) else row
            raise UserError(f"the price of {name!r} must be two numbers ($ per 1M input and output tokens); fix its row in the price table") from None
    return prices_of


def default_prices() -> list[dict]:
    """The page's price grid to start from: the dated table's prices of the teachers the CLI prices."""
    return [{"model": m, "input $/1M": prices.PRICES[m].input, "output $/1M": prices.PRICES[m].output} for m in costs.TEACHERS]


def target_choices() -> list[str]:
    """The target picker's choices: no target, then the targets every evaluation's cascade block has."""
    return [NO_TARGET, *(f"{t:g}" for t in evaluate.TARGETS)]


def cascade_curves(cascade: dict | None) -> tuple[list[dict], list[dict]]:
    """The cascade curve as two plots' points: agreement against the share sent to the teacher, and
    against the corpus's dollars (the last point sends every recipe)."""
    points = (cascade or {}).get("points") or []
    return ([{"teacher_share": p["teacher_share"], "agreement": p["agreement"]} for p in points],
            [{"corpus_dollars": p["corpus_dollars"], "agreement": p["agreement"]} for p in points])


def target_pick(cascade: dict | None, target) -> dict | None:
    """The picked target agreement on the last evaluation's cascade: the threshold, the share of recipes
    sent to the teacher and the corpus's dollars. Certified when the adapter's calibration gives the
    threshold (the share it predicts for rows like its calibration rows); else the cheapest point that
    reached the target on the test rows (measured, no guarantee). None for no target."""
    if target is None or (isinstance(target, str) and target.strip().lower() in ("", NO_TARGET)):
        return None
    if not cascade:
        raise UserError("no cascade curve to pick a target on: evaluate the active student first (Evaluate tab)")
    try:
        wanted = float(target)
    except (TypeError, ValueError):
        raise UserError(f"the target agreement must be one of {', '.join(target_choices()[1:])}, got {str(target)[:40]!r}") from None
    measured = next((t for t in cascade.get("targets") or [] if abs(t["target"] - wanted) < 1e-9), None)
    if measured is None:
        offered = ", ".join(f"{t['target']:g}" for t in cascade.get("targets") or [])
        raise UserError(f"the target agreement must be one of {offered}, got {wanted:g}")
    pick = {"target": measured["target"], "teacher": cascade.get("teacher") or "gpt-4", "rows": cascade.get("rows"),
            "stored_labels": cascade.get("stored_labels") or "", "certified": False, "threshold": threshold_of(measured["threshold"]),
            "teacher_share": measured["teacher_share"], "corpus_dollars": measured["corpus_dollars"], "agreement": measured["agreement"]}
    certified = next((c for c in cascade.get("certified") or [] if abs(c["target"] - wanted) < 1e-9), None)
    if certified:
        share = certified["predicted_teacher_share"]
        pick.update(certified=True, threshold=threshold_of(certified["threshold"]), teacher_share=share,
                    corpus_dollars=round(cascade["student_corpus_dollars"] + share * cascade["teacher_corpus_dollars"], 2),
                    calibration_rows=certified.get("calibration_rows"), failure_probability=certified.get(
                        "failure_probability", evaluate.EvaluateConfig.failure_probability),
                    here_share=certified["teacher_share"], agreement=certified["agreement"])
    return pick


def threshold_of(value) -> float:
    """A report's threshold: None (JSON has no infinity) means every recipe goes to the teacher."""
    return math.inf if value is None else float(value)


def cascade_route(student: dict | None, pick: dict | None) -> dict | None:
    """Where the cascade at `pick` sends one classified recipe: to the teacher when its least confident
    field (its calibrated confidence, as the cascade reads it) is below the threshold. None without a pick."""
    if not pick or not isinstance(student, dict):
        return None
    confidence = {k: v for k, v in (student.get("confidence") or {}).items() if isinstance(v, (int, float))}
    score = cal.row_score(confidence, student.get("labels"))
    field = min(confidence, key=confidence.get) if confidence and student.get("labels") else ""
    return {"target": pick["target"], "teacher": pick["teacher"], "threshold": pick["threshold"], "certified": pick["certified"],
            "field": field, "score": score, "to_teacher": score < pick["threshold"]}


def is_comparison(value) -> bool:
    """Whether `value` is a side_by_side result (the page keeps the last one, to redraw it)."""
    return (isinstance(value, dict) and isinstance(value.get("teacher"), dict) and isinstance(value.get("student"), dict)
            and isinstance(value["student"].get("labels"), dict))


def calibration_summary(calibration: cal.Calibration) -> dict:
    """A calibration as the Evaluate tab shows it: who labeled its rows, per field the temperature and the
    expected calibration error and Brier score before and after, and the reliability diagram's points."""
    fields = []
    for name in calibration.fields:
        m = calibration.metrics.get(name) or {}
        before, after = m.get("before") or {}, m.get("after") or {}
        fields.append({"field": name, "temperature": calibration.temperatures.get(name, 1.0), "ece_before": before.get("ece"),
                       "ece_after": after.get("ece"), "brier_before": before.get("brier"), "brier_after": after.get("brier")})
    return {"rows": len(calibration.rows), "reference": calibration.reference, "source": calibration.source,
            "created": calibration.created, "fields": fields, "reliability": reliability_points(calibration.bins)}


def reliability_points(bins: dict) -> list[dict]:
    """The reliability diagram of every field together: per confidence bin, the rows-weighted mean
    confidence and share correct over the fields, before and after calibration, and the diagonal."""
    points = []
    for series, name in RELIABILITY_SERIES.items():
        pooled: dict[float, list[float]] = {}
        for per_field in (bins or {}).values():
            for b in (per_field or {}).get(series) or []:
                rows, conf, right = pooled.setdefault(b["low"], [0, 0.0, 0.0])
                pooled[b["low"]] = [rows + b["rows"], conf + b["confidence"] * b["rows"], right + b["accuracy"] * b["rows"]]
        points += [{"confidence": round(conf / rows, 4), "accuracy": round(right / rows, 4), "series": name, "rows": rows}
                   for _, (rows, conf, right) in sorted(pooled.items()) if rows]
    if not points:
        return []
    low = min(0.5, *(int(p["confidence"] * 10) / 10 for p in points))
    return points + [{"confidence": low, "accuracy": low, "series": PERFECT, "rows": 0},
                     {"confidence": 1.0, "accuracy": 1.0, "series": PERFECT, "rows": 0}]
