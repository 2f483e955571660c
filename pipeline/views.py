"""HTML pieces of the app's page: label bars, the side-by-side table, agreement tables, the log-scale
cost chart. Pure functions from results to HTML strings; every value shown is escaped."""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

from pipeline.cards import beats
from pipeline.costs import dollars, dollars_per_recipe, share_text

CSS = """
.us-card {border:1px solid var(--border-color-primary); border-radius:12px; padding:14px 16px; background:var(--background-fill-primary);}
.us-muted {color:var(--body-text-color-subdued); font-size:0.9em;}
.us-field {display:grid; grid-template-columns: 200px 70px 1fr 52px; align-items:center; gap:10px; margin:7px 0;}
.us-name {font-family:var(--font-mono); font-size:0.88em;}
.us-chip {display:inline-block; min-width:44px; text-align:center; border-radius:999px; padding:2px 10px; font-weight:600; font-size:0.85em;}
.us-yes {background:#dcfce7; color:#166534;} .us-no {background:#f1f5f9; color:#334155;}
.us-bar {height:10px; background:#e2e8f0; border-radius:6px; overflow:hidden;}
.us-bar > div {height:100%; background:linear-gradient(90deg,#6366f1,#8b5cf6); border-radius:6px;}
.us-agree {color:#15803d; font-weight:700; white-space:nowrap;} .us-disagree {color:#b91c1c; font-weight:700; white-space:nowrap;}
.us-warning {background:#fffbeb; border:1px solid #fcd34d; color:#78350f; border-radius:10px; padding:8px 12px; margin:8px 0;}
.us-ok {color:var(--body-text-color);}
.us-headline {font-size:1.05em; margin-bottom:6px;}
.us-log {display:flex; flex-direction:column-reverse; overflow:auto; height:13em; margin:0; padding:8px 10px; border-radius:8px;
  border:1px solid var(--border-color-primary); background:var(--background-fill-secondary);}
.us-log pre {margin:0; font-family:var(--font-mono); font-size:0.85em; white-space:pre-wrap; overflow-wrap:anywhere;}
.us-table {border-collapse:collapse; width:100%; font-size:0.92em;}
.us-table th, .us-table td {border-bottom:1px solid var(--border-color-primary); padding:6px 10px; text-align:left;}
.us-table td.num, .us-table th.num {text-align:right; font-variant-numeric:tabular-nums;}
.us-banner {border-radius:12px; padding:12px 16px; margin-bottom:6px;}
.us-banner.ok {background:#ecfdf5; border:1px solid #a7f3d0;} .us-banner.busy {background:#eef2ff; border:1px solid #c7d2fe;}
.us-banner.bad {background:#fef2f2; border:1px solid #fecaca;}
.us-progress {height:12px; background:#e0e7ff; border-radius:6px; overflow:hidden; margin-top:8px;}
.us-progress > div {height:100%; background:#6366f1; transition:width .5s;}
.us-error {background:#fef2f2; border:1px solid #fecaca; color:#991b1b; border-radius:10px; padding:10px 14px;}
.us-chart-row {display:grid; grid-template-columns:130px 1fr 110px; gap:10px; align-items:center; margin:6px 0;}
.us-chart-bar {height:18px; border-radius:4px;}
.us-route {margin:6px 0 10px; padding:8px 12px; border-radius:10px; border:1px solid var(--border-color-primary);}
.us-route.teacher {background:#eef2ff; border-color:#c7d2fe;}
.us-recipe {white-space:pre-wrap; font-family:var(--font-mono); font-size:0.85em; max-height:260px; overflow:auto;
  background:var(--background-fill-secondary); border-radius:8px; padding:10px;}
"""


def error(message: str) -> str:
    return f'<div class="us-error" role="alert">{escape(message)}</div>'


def banner(ready: bool, running: bool, fraction: float, message: str, failure: str, adapter: str | None) -> str:
    if ready:
        return (f'<div class="us-banner ok">✓ Student ready: <code>{escape(adapter or "")}</code>'
                '<span class="us-muted"> — classify a recipe below, or compare it with GPT-4 in "Side by side".</span></div>')
    if running:
        return (f'<div class="us-banner busy">Building the offline demo student: {escape(message)} ({fraction:.0%})'
                f'<div class="us-progress"><div style="width:{fraction * 100:.1f}%"></div></div>'
                '<div class="us-muted">About 5 minutes on a laptop CPU: sample recipes, a tiny base model, LoRA training, evaluation. '
                'The other tabs work meanwhile.</div></div>')
    if failure:
        return f'<div class="us-banner bad">Building the demo student failed: {escape(failure)}. Press the button to try again.</div>'
    return ('<div class="us-banner busy">No student yet. Press <b>Build the demo student</b> (about 5 minutes on a CPU), '
            'or train one in the Train tab.</div>')


def _value(v) -> str:
    if isinstance(v, bool):
        return f'<span class="us-chip {"us-yes" if v else "us-no"}">{"yes" if v else "no"}</span>'
    return f'<span class="us-chip us-no">{escape(str(v))}</span>'


def warning(message: str) -> str:
    """A caution the reader must see (the input does not look like the task's, rows were seen in training)."""
    return f'<div class="us-warning" role="status">⚠ {escape(message)}</div>' if message else ""


def label_bars(labels: dict, confidence: dict | None, seconds: float | None = None, note: str = "") -> str:
    """The student's labels with a confidence bar each, its latency, and `note` (the result's warning) under them."""
    rows = []
    for name, value in labels.items():
        c = (confidence or {}).get(name)
        bar = f'<div class="us-bar" title="confidence {c:.3f}"><div style="width:{c * 100:.1f}%"></div></div>' if c is not None else "<div></div>"
        pct = f"{c:.0%}" if c is not None else ""
        rows.append(f'<div class="us-field"><span class="us-name">{escape(name)}</span>{_value(value)}{bar}'
                    f'<span class="us-muted">{pct}</span></div>')
    foot = f'<div class="us-muted">{seconds * 1000:.0f} ms</div>' if seconds is not None else ""
    return f'<div class="us-card">{"".join(rows)}{warning(note)}{foot}</div>'


def teacher_head(t: dict) -> str:
    """The teacher column's heading: the model asked live, or whose stored label it shows."""
    if t.get("stored"):
        return f"stored label ({escape(t['source'])})" if t.get("source") else "stored label"
    return escape(t.get("model") or "teacher")


def side_by_side(result: dict, names: list[str], route: dict | None = None) -> str:
    """Student and teacher field by field; a failed teacher call is one line in the teacher's column, and
    the student's half stays. With a target picked (`route`), a line says where the cascade sends this recipe."""
    s, t, agree = result["student"], result["teacher"], result.get("agree") or {}
    t_labels = t.get("labels") or {}
    rows = []
    for n in names:
        mark = ""
        if n in agree:
            mark = '<span class="us-agree">✓ agree</span>' if agree[n] else '<span class="us-disagree">✗ disagree</span>'
        conf = _confidence((s.get("confidence") or {}).get(n))
        rows.append(f"<tr><td class='us-name'>{escape(n)}</td><td>{_value(s['labels'][n])}{conf}</td>"
                    f"<td>{_value(t_labels[n]) if n in t_labels else '<span class=us-muted>—</span>'}</td><td>{mark}</td></tr>")
    s_foot = f"{s['seconds'] * 1000:.0f} ms · {dollars_per_recipe(s['dollars'])} per call"
    if t.get("error"):
        t_foot = ""
    elif t.get("stored"):
        t_foot = escape(t.get("note", ""))
    else:
        t_foot = f"{t['seconds'] * 1000:.0f} ms · {dollars_per_recipe(t['dollars'])} per call ({t['prompt_tokens']} + {t['completion_tokens']} tokens)"
    n_agree = sum(agree.values()) if agree else None
    summary = f"<p><b>{n_agree} of {len(agree)} fields agree.</b></p>" if agree else ""
    teacher_error = error(f"{t.get('model') or 'the teacher'}: {t['error']}") if t.get("error") else ""
    return (f'<div class="us-card">{summary}{route_line(route)}{teacher_error}<table class="us-table"><tr><th>field</th><th>student</th><th>{teacher_head(t)}</th><th>agree?</th></tr>'
            f'{"".join(rows)}<tr><td class="us-muted">latency · cost</td><td class="us-muted">{escape(s_foot)}</td>'
            f'<td class="us-muted">{t_foot}</td><td></td></tr></table>{warning(s.get("warning") or "")}</div>')


def short_path(path: str) -> str:
    """A folder or file as the page names it in a caption: its last two parts, never the server's layout."""
    parts = Path(str(path or "")).parts
    return "/".join(parts[-2:]) if parts else ""


def agreement_table(report: dict, student: str = "") -> str:
    """The agreement table, captioned with the student and the rows it is for; with the report's majority baseline,
    a last column (each field's most common answer in the training split) and a ⚠ where the student does not beat it."""
    models = report.get("models") or {"student": report}
    fields = list(next(iter(models.values()))["per_field"])
    baseline = report.get("baseline")
    head = "".join(f"<th class='num'>{escape(m)}</th>" for m in models) + ("<th class='num'>always the majority answer</th>" if baseline else "")

    def cell(r, f):
        below = not beats(r["per_field"][f], baseline, f)
        flag = " <span class='us-warn' title='no better than always giving the majority answer'>⚠</span>" if below else ""
        return f"<td class='num'>{r['per_field'][f]:.3f}{flag}</td>"

    body = "".join(
        f"<tr><td class='us-name'>{escape(f)}</td>" + "".join(cell(r, f) for r in models.values())
        + (f"<td class='num us-muted'>{baseline['per_field'][f]:.3f} ({escape(str(baseline['answers'][f]).lower())})</td>" if baseline else "")
        + "</tr>" for f in fields)
    for key, label in (("mean_agreement", "<b>mean agreement</b>"), ("exact_match", "all five right"), ("invalid_rate", "invalid answers"), ("n", "test recipes")):
        tail = (f"<td class='num us-muted'>{baseline['mean']:.3f}</td>" if key == "mean_agreement" else "<td></td>") if baseline else ""
        body += f"<tr><td>{label}</td>" + "".join(
            f"<td class='num'>{r[key]:.3f}</td>" if isinstance(r[key], float) else f"<td class='num'>{r[key]}</td>" for r in models.values()) + tail + "</tr>"
    warnings = "".join(warning(w) for w in report.get("warnings") or [])
    student, rows = student or short_path(report.get("trained_on") or ""), short_path(report.get("reference") or "")
    caption = (f"<caption>student {escape(student or 'unknown')} · {report.get('n', '?')} rows of {escape(rows or 'the test split')}</caption>"
               if student or rows else "")
    return (f'{warnings}<div class="us-card"><table class="us-table">{caption}<tr><th>field (agreement with the teacher)</th>{head}</tr>'
            f'{body}</table></div>')


def confusion(report: dict) -> str:
    models = report.get("models") or {"student": report}
    parts = []
    for model, r in models.items():
        for f, matrix in (r.get("confusion") or {}).items():
            values = list(matrix)
            head = "".join(f"<th class='num'>student {escape(v)}</th>" for v in values)
            body = "".join(f"<tr><td>teacher {escape(a)}</td>" + "".join(f"<td class='num'>{matrix[a][b]}</td>" for b in values) + "</tr>" for a in values)
            parts.append(f'<div class="us-card" style="min-width:240px"><div class="us-name">{escape(f)}</div>'
                         f'<div class="us-muted">{escape(model)}</div><table class="us-table"><tr><th>teacher \\ student</th>{head}</tr>{body}</table></div>')
    return f'<div style="display:flex;flex-wrap:wrap;gap:10px">{"".join(parts)}</div>'


def _confidence(c) -> str:
    return f' <span class="us-muted">{c:.0%}</span>' if c is not None else ""


def case(c: dict | None, index: int, total: int) -> str:
    if not c:
        return '<div class="us-card us-muted">No disagreements to review.</div>'
    rows = "".join(
        f"<tr><td class='us-name'>{escape(n)}</td><td>{_value(f['teacher'])}</td><td>{_value(f['student'])}{_confidence(f.get('confidence'))}</td></tr>"
        for n, f in c["fields"].items())
    return (f'<div class="us-card"><div class="us-muted">disagreement {index + 1} of {total} · recipe {escape(str(c["id"]))} · {escape(c["model"])}</div>'
            f'<div class="us-recipe">{escape(c["text"])}</div>'
            f'<table class="us-table"><tr><th>field</th><th>teacher</th><th>student (confidence)</th></tr>{rows}</table></div>')


def cost_chart(result: dict) -> str:
    """Horizontal bars of the corpus cost on a log scale, with the dollar figure beside each."""
    rows = [r for r in result["rows"] if r["corpus_dollars"]]
    if not rows:
        return ""
    low = math.floor(math.log10(min(r["corpus_dollars"] for r in rows)))
    high = math.ceil(math.log10(max(r["corpus_dollars"] for r in rows))) or low + 1
    span = max(high - low, 1)
    colors = {"student": "#10b981"}
    out = []
    for r in rows:
        width = 4 + 96 * (math.log10(r["corpus_dollars"]) - low) / span
        color = colors.get(r["model"], "#6366f1")
        out.append(f'<div class="us-chart-row"><span class="us-name">{escape(r["model"])}</span>'
                   f'<div class="us-chart-bar" style="width:{width:.1f}%;background:{color}"></div>'
                   f'<span style="font-variant-numeric:tabular-nums">{dollars(r["corpus_dollars"])}</span></div>')
    ticks = " · ".join(dollars(10.0 ** e) for e in range(low, high + 1))
    return (f'<div class="us-card"><div><b>Cost of {result["corpus"]:,} recipes</b> '
            f'<span class="us-muted">(log scale: {escape(ticks)})</span></div>{"".join(out)}</div>')


def cost_headline(result: dict) -> str:
    """The cost table's headline, and its caution when the throughput is the toy model's."""
    return (f'<div class="us-card"><div class="us-headline"><b>{escape(result["headline"])}</b></div>'
            f'{warning(result.get("caution") or "")}</div>')


def footnote(text: str) -> str:
    return f'<div class="us-muted"><small>{escape(text)}</small></div>'


def training_log(lines: list[str]) -> str:
    """The training log, its newest line in view (the box keeps its scroll at the bottom as lines come in)."""
    if not lines:
        return '<div class="us-log"><pre class="us-muted">The log appears here when training starts.</pre></div>'
    return f'<div class="us-log"><pre>{escape(chr(10).join(lines))}</pre></div>'


def note(html: str) -> str:
    """A quiet card around trusted HTML (the app's own messages on the way: started, step 3 of 92)."""
    return f'<div class="us-card us-muted">{html}</div>'


def success(html: str) -> str:
    """A card around trusted HTML saying something worked, in the page's normal text colour."""
    return f'<div class="us-card us-ok" role="status">{html}</div>'


def _apart(a: float, b: float) -> tuple[str, str]:
    """Two numbers with the fewest decimals (2 to 4) that tell them apart."""
    for places in (2, 3):
        x, y = f"{a:.{places}f}", f"{b:.{places}f}"
        if x != y:
            return x, y
    return f"{a:.4f}", f"{b:.4f}"


def teacher_title(model: str) -> str:
    """A teacher as people write it: gpt-4 → GPT-4, gpt-4o-mini → GPT-4o-mini."""
    model = str(model or "the teacher")
    return "GPT" + model[3:] if model.lower().startswith("gpt") else model


def route_line(route: dict | None) -> str:
    """Where the cascade at the picked target sends this recipe, and why (its least confident field against the threshold)."""
    if not route:
        return ""
    teacher, target = escape(teacher_title(route["teacher"])), f"{route['target']:g}"
    if route["threshold"] == math.inf:
        return (f'<div class="us-route teacher" role="status">this recipe would go to {teacher} at target {target} '
                f'(every recipe would: no lower threshold reaches that target)</div>')
    if not route["field"]:
        return (f'<div class="us-route teacher" role="status">this recipe would go to {teacher} at target {target} '
                f'(the student gave no confidence for it)</div>')
    score, threshold = _apart(route["score"], route["threshold"])
    why = f"least confident field: {escape(route['field'])} {score} {'&lt;' if route['to_teacher'] else '≥'} {threshold}"
    if route["to_teacher"]:
        return f'<div class="us-route teacher" role="status">this recipe would go to {teacher} at target {target} ({why})</div>'
    return f'<div class="us-route" role="status">the student would answer this one at target {target} ({why})</div>'


def cascade_note(cascade: dict | None, student: str = "") -> str:
    """What the cascade curves below show (for which student, on which rows), the prices behind their dollars, and,
    when the reference labels are stored ones (the sample's generator), that they stand in for the teacher."""
    if not cascade:
        return note("No cascade curve yet: evaluate the active student (its predictions need per-field confidences).")
    teacher = escape(teacher_title(cascade.get("teacher")))
    stored = cascade.get("stored_labels")
    caution = warning(f"stored labels ({stored}) stand in for {teacher_title(cascade.get('teacher'))}: the agreement is with "
                      "those labels; no teacher was asked") if stored else ""
    return (f'{caution}<div class="us-card">A recipe goes to {teacher} when the student\'s least confident field is below a '
            f"threshold; the others keep the student's answer. The curves below: {escape(student or 'the active student')} on the "
            f"{cascade.get('rows', 0):,} test recipes of its last evaluation. For the corpus: "
            f"the student alone {dollars(cascade['student_corpus_dollars'])}, every recipe on to {teacher} "
            f"{dollars(cascade['student_corpus_dollars'] + cascade['teacher_corpus_dollars'])}."
            f'<div class="us-muted">{escape(cascade.get("prices") or "")}</div></div>')


def target_line(pick: dict | None) -> str:
    """The picked target: the share of recipes sent to the teacher and the corpus's dollars, certified by the
    calibration or measured on the test split."""
    if not pick:
        return note("Pick a target agreement: that share of recipes goes to the teacher in the Costs tab, and Side by side "
                    "says where each recipe would go.")
    teacher, target = escape(teacher_title(pick["teacher"])), f"{pick['target']:g}"
    cost = f"{dollars(pick['corpus_dollars'])} for the corpus"
    everything = pick["threshold"] == math.inf
    head = f"every recipe goes to {teacher}, {cost}" if everything else f"{share_text(pick['teacher_share'])} of recipes go to {teacher}, {cost}"
    if pick["certified"] and everything:
        why = (f"the calibration certifies no lower share with its {pick.get('calibration_rows') or 0:,} rows: label a larger audit "
               "sample and calibrate again")
    elif pick["certified"]:
        why = (f"certified by the calibration: agreement at least {target} with probability {1 - pick['failure_probability']:.2f} "
               f"on recipes like its {pick.get('calibration_rows') or 0:,} calibration rows, threshold {pick['threshold']:.4f}; on these "
               f"{pick['rows']:,} test recipes {share_text(pick['here_share'])} went to {teacher}, agreement {pick['agreement']:.3f}")
    elif everything:
        why = "measured on the test split, not certified: no lower threshold reached it there"
    else:
        why = (f"measured on the test split, not certified: threshold {pick['threshold']:.4f}, agreement {pick['agreement']:.3f} on its "
               f"{pick['rows']:,} recipes; calibrate the student to certify one")
    return success(f"<b>target {target}: {head}</b> ({escape(why)})")


def calibration(view: dict) -> str:
    """The active adapter's calibration: per field, the temperature and the expected calibration error and
    Brier score before → after; or the line that says how to calibrate it."""
    if view.get("error"):
        return warning(view["error"])
    c = view.get("calibration")
    if not view.get("adapter"):
        return note("No active student to show the calibration of.")
    if not c:
        return note(f"not calibrated: <code>python -m pipeline calibrate --adapter {escape(view['adapter'])} --input audit.jsonl</code> "
                    "(an audit sample of the corpus, labeled by the teacher: <code>python -m pipeline label --input corpus.jsonl "
                    "--sample 500 --out audit.jsonl</code>)")

    def change(a, b) -> str:
        return f"{a:.4f} → {b:.4f}" if a is not None and b is not None else "—"

    rows = "".join(f"<tr><td class='us-name'>{escape(f['field'])}</td><td class='num'>{f['temperature']:g}</td>"
                   f"<td class='num'>{change(f['ece_before'], f['ece_after'])}</td><td class='num'>{change(f['brier_before'], f['brier_after'])}</td></tr>"
                   for f in c["fields"])
    by = f" labeled by {escape(c['reference'])}" if c.get("reference") else ""
    source = f" ({escape(c['source'])})" if c.get("source") else ""
    return (f'<div class="us-card"><div>Calibrated on {c["rows"]:,} rows{by}{source}'
            f'<span class="us-muted"> {escape(c.get("created") or "")}</span></div>'
            '<table class="us-table"><tr><th>field</th><th class="num">temperature</th><th class="num">expected calibration error, before → after</th>'
            f'<th class="num">Brier score, before → after</th></tr>{rows}</table></div>')


def proxy_stats(stats: dict) -> str:
    """A running proxy at a glance: its mode and student, what it stored, the audits' agreement per field with its
    interval, and its warnings first."""
    audits, stored = stats.get("audits") or {}, stats.get("stored") or {}
    warnings = "".join(warning(w) for w in audits.get("warnings") or [])
    head = (f'<div class="us-card"><b>Mode: {escape(str(stats.get("mode")))}</b> · student <code>{escape(str(stats.get("student") or "none loaded"))}</code>'
            + (f' · threshold {stats["threshold"]:.4f}' if isinstance(stats.get("threshold"), (int, float)) else "")
            + f' · upstream {escape(str(stats.get("upstream")))}<br>stored calls: {stored.get("teacher", 0):,} answered by the teacher, '
            f'{stored.get("student", 0):,} by the student, {stored.get("audited", 0):,} of those audited</div>')
    if not audits.get("window"):
        return warnings + head + note("No audited answer yet: start the proxy with <code>--audit-rate 0.1</code> in student or cascade mode.")
    rows = "".join(f'<tr><td>{escape(f)}</td><td>{v["agreement"]:.3f}</td><td>{v["low"]:.3f} – {v["high"]:.3f}</td></tr>'
                   for f, v in (audits.get("per_field") or {}).items())
    table = (f'<table class="us-table"><caption>The student\'s last {audits["window"]} audited answers against the upstream\'s '
             f'(target {audits["target"]}; 95% intervals per field)</caption><tr><th>field</th><th>agreement</th><th>interval</th></tr>{rows}'
             f'<tr><td><b>all fields</b></td><td><b>{audits["agreement"]:.3f}</b></td><td>{audits["low"]:.3f} – {audits["high"]:.3f}</td></tr></table>')
    return warnings + head + table


def corpus_progress(done: int, total: int | None, started: str) -> str:
    """A corpus run on its way: rows done, of how many, as a bar."""
    if total:
        fraction = min(1.0, done / total)
        return (f'<div class="us-card us-muted" role="status">Classifying the corpus (started {escape(started)}): {done:,} of {total:,} rows '
                f'({fraction:.0%})<div class="us-progress"><div style="width:{fraction * 100:.1f}%"></div></div>'
                '<small>It goes on if you close the page: come back to follow it, cancel it or download the predictions.</small></div>')
    return f'<div class="us-card us-muted" role="status">Classifying the corpus (started {escape(started)}): {done:,} rows so far</div>'


def corpus_summary(result: dict) -> str:
    """How a corpus run ended: rows, invalid ones, the rows sent to the teacher and their dollars, the drift warning."""
    head = "Cancelled" if result.get("cancelled") else "Done"
    rate = f" at {result['recipes_per_second']:g} rows/s" if result.get("recipes_per_second") else ""
    parts = [f"<b>{head}</b>: {result['rows']:,} rows classified{rate}",
             f"{result['errors']:,} without valid labels (the <code>error</code> column says why)"]
    c = result.get("cascade")
    if c:
        parts.append(f"{c['answered_by_teacher']:,} sent to the teacher ({escape(c['teacher'])}, ${c['teacher_dollars']:,.4f}; "
                     f"{c['teacher_from_cache']:,} from the cache), {c['answered_by_student']:,} answered by the student")
    text = "; ".join(parts) + "."
    if result.get("cancelled"):
        text += " Press <b>Resume the last run</b> to finish it: the rows done are kept."
    warnings = [w for w in ((result.get("drift") or {}).get("warning"), (c or {}).get("warning")) if w]
    body = success(text) if not warnings else f'<div class="us-card">{text}</div>'
    return body + "".join(warning(w) for w in warnings)
