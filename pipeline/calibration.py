"""calibration: what the student's confidence means, and the cascade's threshold with a stated bound.

Calibration is temperature scaling, one temperature per field, of the chosen value's log-odds against the
field's other allowed values: p' = sigmoid(logit(p) / T). For a yes/no field that is exactly temperature
scaling of the two values' logits; for a field of three or more values it scales the top label (every
backend reports the chosen value's share, so this works for local, TGI and OpenAI-compatible students
alike). Temperature scaling rather than isotonic regression because:
- one number per field fits well on a few hundred teacher-labeled rows, where isotonic steps overfit;
- it is monotone, so it never changes a label and never reorders the rows of a field;
- it is smooth, so two rows of nearly equal confidence never land on either side of a step.

The cascade sends a row to the teacher when its least confident field (calibrated) is below a threshold.
Each calibration row has a loss: the share of its fields where the student disagrees with the teacher.
At threshold t the combined output's disagreement is the mean over rows of loss × [row kept by the
student] (a row sent to the teacher agrees with the teacher). The threshold is the lowest t whose
Hoeffding–Bentkus upper confidence bound on that mean is at most 1 − target for t and every higher
candidate: the risk-controlling choice of Bates et al. 2021 ("Distribution-free, risk-controlling
prediction sets"). Then the combined output's expected agreement on rows drawn like the calibration rows
is at least the target with probability at least 1 − failure probability. The bound treats the five
temperatures as fixed; they are fitted on the same rows, a small departure that the simulated test of the
whole procedure (tests/test_calibration.py) covers.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.cards import CALIBRATION_FILE
from pipeline.errors import UserError
from pipeline.repo_ids import shareable_name
from pipeline.task import Task

FORMAT = 1
EDGE = 5e-5  # confidences are reported to 4 decimals: 1.0 means "at least 0.99995"
TEMPERATURE_RANGE = (0.25, 10.0)  # a field with no error on the calibration rows stops at the sharp end
BINS = 10  # reliability bins of width 0.1


# ----------------------------------------------------------------------------------------------------
# Temperature scaling
# ----------------------------------------------------------------------------------------------------


def logit(p: float) -> float:
    p = min(max(p, EDGE), 1 - EDGE)
    return math.log(p / (1 - p))


def scale(p: float, temperature: float) -> float:
    """The calibrated confidence of a raw confidence p."""
    z = logit(p) / temperature
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def nll(probs: list[float], correct: list[bool], temperature: float) -> float:
    """The mean negative log-likelihood of the calibrated confidences."""
    return _nll([logit(p) for p in probs], correct, 1 / temperature)


def _nll(logits: list[float], correct: list[bool], a: float) -> float:
    total = 0.0
    for z, y in zip(logits, correct):
        m = z * a if y else -z * a  # log-likelihood of the outcome: log sigmoid(±z/T), computed stably
        total += math.log1p(math.exp(-m)) if m > 0 else -m + math.log1p(math.exp(m))
    return total / max(len(logits), 1)


def fit_temperature(probs: list[float], correct: list[bool]) -> float:
    """The temperature minimising the negative log-likelihood (convex in 1/T: golden-section search)."""
    logits = [logit(p) for p in probs]
    lo, hi = 1 / TEMPERATURE_RANGE[1], 1 / TEMPERATURE_RANGE[0]
    g = (math.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = _nll(logits, correct, a), _nll(logits, correct, b)
    for _ in range(40):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = _nll(logits, correct, a)
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = _nll(logits, correct, b)
    return round(2 / (lo + hi), 4)


# ----------------------------------------------------------------------------------------------------
# Reliability: expected calibration error, Brier score, the diagram's bins
# ----------------------------------------------------------------------------------------------------


def reliability_bins(probs: list[float], correct: list[bool]) -> list[dict]:
    """Equal-width bins of confidence: rows, mean confidence and the share correct in each non-empty bin."""
    bins: list[list] = [[] for _ in range(BINS)]
    for p, y in zip(probs, correct):
        bins[min(int(p * BINS), BINS - 1)].append((p, y))
    return [{"low": k / BINS, "rows": len(b), "confidence": sum(p for p, _ in b) / len(b), "accuracy": sum(y for _, y in b) / len(b)}
            for k, b in enumerate(bins) if b]


def ece(probs: list[float], correct: list[bool]) -> float:
    """Expected calibration error: the rows-weighted mean gap between confidence and accuracy over bins."""
    n = len(probs)
    return sum(b["rows"] / n * abs(b["accuracy"] - b["confidence"]) for b in reliability_bins(probs, correct)) if n else 0.0


def brier(probs: list[float], correct: list[bool]) -> float:
    """The chosen value's Brier score: mean (confidence − correct)²."""
    return sum((p - y) ** 2 for p, y in zip(probs, correct)) / len(probs) if probs else 0.0


def field_metrics(probs: list[float], correct: list[bool]) -> dict:
    return {"ece": round(ece(probs, correct), 4), "brier": round(brier(probs, correct), 4), "rows": len(probs),
            "agreement": round(sum(correct) / len(correct), 4) if correct else None}


# ----------------------------------------------------------------------------------------------------
# The bound: Hoeffding–Bentkus upper confidence bound of a mean loss in [0, 1]
# ----------------------------------------------------------------------------------------------------


def _binomial_cdf(k: int, n: int, p: float) -> float:
    if k >= n:
        return 1.0
    if k < 0:
        return 0.0
    if p <= 0:
        return 1.0
    if p >= 1:
        return 0.0
    lp, lq = math.log(p), math.log1p(-p)
    logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq for i in range(k + 1)]
    top = max(logs)
    return min(1.0, math.exp(top) * sum(math.exp(v - top) for v in logs))


def _kl(a: float, b: float) -> float:
    def term(x, y):
        return 0.0 if x == 0 else x * math.log(x / y)
    return term(a, b) + term(1 - a, 1 - b)


def hb_p_value(mean_loss: float, n: int, risk: float) -> float:
    """How likely a mean loss this low is over n rows if the true risk were `risk` (Hoeffding–Bentkus)."""
    if n <= 0:
        return 1.0
    if risk >= 1:
        return 0.0
    hoeffding = math.exp(-n * _kl(min(mean_loss, risk), risk))
    bentkus = math.e * _binomial_cdf(math.ceil(n * mean_loss - 1e-9), n, risk)
    return min(1.0, hoeffding, bentkus)


def upper_bound(mean_loss: float, n: int, failure_probability: float) -> float:
    """The Hoeffding–Bentkus upper confidence bound of the true risk."""
    lo, hi = mean_loss, 1.0
    for _ in range(50):
        mid = (lo + hi) / 2
        if hb_p_value(mean_loss, n, mid) > failure_probability:
            lo = mid
        else:
            hi = mid
    return hi


# ----------------------------------------------------------------------------------------------------
# The cascade's threshold
# ----------------------------------------------------------------------------------------------------


@dataclass
class Choice:
    """A threshold and what the calibration rows predict for it."""

    threshold: float  # rows whose least confident field is below this go to the teacher; inf: all of them
    teacher_share: float
    agreement: float  # the combined output's agreement on the calibration rows
    agreement_bound: float | None  # the certified lower bound (None for a threshold the user fixed)
    rows: int
    target: float | None = None
    failure_probability: float | None = None

    def describe(self) -> str:
        bound = (f", at least {self.target:.3f} with probability {1 - self.failure_probability:.2f}"
                 if self.target is not None else ", threshold given, no guarantee")
        return (f"threshold {self.threshold:.4f}: {self.teacher_share:.1%} of rows to the teacher, agreement "
                f"{self.agreement:.3f} on the {self.rows} calibration rows{bound}")


def check_target(target: float, failure_probability: float) -> None:
    if not 0 < target <= 1:
        raise UserError(f"--target-agreement must be above 0 and at most 1, got {target}")
    if not 0 < failure_probability < 1:
        raise UserError(f"--failure-probability must be between 0 and 1 (e.g. 0.05), got {failure_probability}")


def _by_score(rows: list[tuple[float, float]]) -> list[tuple[float, float, int]]:
    """(score, loss of the rows kept at this threshold, rows kept) for each distinct score, highest first."""
    ordered = sorted(rows, key=lambda r: -r[0])
    steps, kept_loss = [], 0.0
    for i, (score, loss) in enumerate(ordered):
        kept_loss += loss
        if i + 1 == len(ordered) or ordered[i + 1][0] != score:
            steps.append((score, kept_loss, i + 1))
    return steps


def choose_threshold(rows: list[tuple[float, float]], target: float, failure_probability: float) -> Choice:
    """The lowest threshold whose bound, and every higher one's, certifies the target (see the module's
    docstring); `rows` are (score, loss) pairs of the calibration rows. Infinity when none does."""
    check_target(target, failure_probability)
    n, alpha = len(rows), 1 - target
    chosen = (math.inf, 0.0, 0)
    for score, kept_loss, kept in _by_score(rows):
        if hb_p_value(kept_loss / n, n, alpha) > failure_probability:
            break
        chosen = (score, kept_loss, kept)
    threshold, kept_loss, kept = chosen
    return Choice(threshold=threshold, teacher_share=1 - kept / n if n else 1.0, agreement=1 - kept_loss / n if n else 1.0,
                  agreement_bound=1 - upper_bound(kept_loss / n, n, failure_probability) if n else 0.0, rows=n,
                  target=target, failure_probability=failure_probability)


def at_threshold(rows: list[tuple[float, float]], threshold: float) -> Choice:
    """What the calibration rows predict for a threshold the user gave."""
    n = len(rows)
    kept = [loss for score, loss in rows if score >= threshold]
    return Choice(threshold=threshold, teacher_share=1 - len(kept) / n if n else 0.0, agreement=1 - sum(kept) / n if n else 0.0,
                  agreement_bound=None, rows=n)


def rows_needed(rows: list[tuple[float, float]], target: float, failure_probability: float) -> int | None:
    """How many calibration rows, with the same mix of confidences and errors, would let the student keep
    its most confident rows at this target; None when no number would (those rows already disagree too often)."""
    n, alpha = len(rows), 1 - target
    steps = _by_score(rows)
    if not steps:
        return None
    _, kept_loss, kept = steps[0]  # the most confident rows: the first threshold below "all to the teacher"
    best, share = kept_loss / n, kept / n
    if best >= alpha:
        return None
    def certified(m: int) -> bool:
        return hb_p_value(best, m, alpha) <= failure_probability and m * share >= 1
    hi = max(n, 1)
    while not certified(hi):
        hi *= 2
        if hi > 10**8:
            return None
    lo = max(n, 1)
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if certified(mid) else (mid + 1, hi)
    return hi


def cannot_meet(rows: list[tuple[float, float]], target: float, failure_probability: float, source: str) -> str:
    """The line that says the target cannot be certified, and what would fix it."""
    needed = rows_needed(rows, target, failure_probability)
    head = (f"target agreement {target} cannot be certified with the {len(rows)} calibration rows of {source} "
            f"at failure probability {failure_probability}: every row would go to the teacher")
    if needed is None:
        return head + "; the student's most confident rows already disagree with the teacher more often than that, so lower --target-agreement"
    return (head + f"; about {needed} calibration rows ({needed - len(rows)} more) would do: label a larger audit sample "
            "(`python -m pipeline label --sample N`) and run `calibrate` again, or lower --target-agreement")


def curve(rows: list[tuple[float, float]], points: int = 41) -> list[dict]:
    """For thresholds from 0 up to above every score: the share sent to the teacher and the agreement."""
    n = len(rows)
    scores = sorted({s for s, _ in rows})
    if not n:
        return []
    picks = sorted({scores[min(len(scores) - 1, round(k * (len(scores) - 1) / (points - 1)))] for k in range(points)} | {0.0})
    out = [{"threshold": t, **_shares(rows, t)} for t in picks]
    out.append({"threshold": math.inf, "teacher_share": 1.0, "agreement": 1.0})
    return out


def _shares(rows, t) -> dict:
    n = len(rows)
    kept = [loss for s, loss in rows if s >= t]
    return {"teacher_share": round(1 - len(kept) / n, 4), "agreement": round(1 - sum(kept) / n, 4)}


# ----------------------------------------------------------------------------------------------------
# The calibration file
# ----------------------------------------------------------------------------------------------------


def weights_digest(adapter: str | Path) -> str:
    """A short digest of the adapter's weights: a calibration belongs to these weights and no others."""
    path = Path(adapter) / "adapter_model.safetensors"
    if not path.is_file():
        return ""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


@dataclass
class Calibration:
    task: str
    fields: list[str]
    temperatures: dict[str, float]
    adapter: str = ""  # the adapter's folder name
    weights: str = ""  # weights_digest of that adapter
    rows: list[list[float]] = field(default_factory=list)  # per calibration row: [calibrated min confidence, loss]
    metrics: dict = field(default_factory=dict)  # per field: ece/brier before and after
    bins: dict = field(default_factory=dict)  # per field, before/after: the reliability diagram's bins
    reference: str = ""  # who labeled the calibration rows
    source: str = ""  # which file
    method: str = "temperature"
    format: int = FORMAT
    created: str = ""

    def scale_confidence(self, confidence: dict | None) -> dict | None:
        if not confidence:
            return confidence
        return {k: round(scale(p, self.temperatures.get(k, 1.0)), 4) if p is not None else None for k, p in confidence.items()}

    def apply(self, results: list[dict]) -> list[dict]:
        """Each result's confidence, calibrated; the model's own kept as raw_confidence."""
        for r in results:
            if r.get("confidence"):
                r["raw_confidence"] = r["confidence"]
                r["confidence"] = self.scale_confidence(r["confidence"])
        return results

    def score_rows(self) -> list[tuple[float, float]]:
        return [(float(s), float(loss)) for s, loss in self.rows]

    def save(self, adapter_dir: str | Path) -> Path:
        path = Path(adapter_dir) / CALIBRATION_FILE
        self.created = self.created or datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        path.write_text(json.dumps(asdict(self), indent=1) + "\n")
        return path


def row_score(confidence: dict | None, labels: dict | None) -> float:
    """A row's score for the cascade: its least confident field; 0 for a row with no valid answer."""
    if not labels or not confidence:
        return 0.0
    return min(v for v in confidence.values() if v is not None)


def row_loss(student: dict | None, teacher: dict, fields: list[str]) -> float:
    """The share of fields where the student disagrees with the teacher (all of them without an answer)."""
    if not student:
        return 1.0
    return sum(student.get(f) != teacher.get(f) for f in fields) / len(fields)


def load(path: str | Path) -> Calibration:
    path = Path(path)
    try:
        data = json.loads(path.read_text())
        cal = Calibration(**{k: v for k, v in data.items() if k in Calibration.__dataclass_fields__})
    except (OSError, ValueError, TypeError) as e:
        raise UserError(f"{path}: not a calibration file ({type(e).__name__}); run `python -m pipeline calibrate` again") from None
    if cal.format != FORMAT or cal.method != "temperature":
        raise UserError(f"{path}: calibration format {cal.format}/{cal.method} is not this version's; run `calibrate` again")
    return cal


def check_fits(cal: Calibration, task: Task, adapter: str | Path | None, path: str | Path) -> Calibration:
    """One line when the calibration was fitted for another task or other weights."""
    if cal.task != task.name or cal.fields != task.field_names:
        raise UserError(f"{path} was fitted for task {cal.task!r} ({', '.join(cal.fields)}), not {task.name!r}; "
                        "run `python -m pipeline calibrate` for this student")
    if adapter and cal.weights:
        mine = weights_digest(adapter)
        if mine and mine != cal.weights:
            raise UserError(f"{path} was fitted for other adapter weights ({cal.adapter}, {cal.weights}), not {shareable_name(str(adapter))} "
                            f"({mine}); run `python -m pipeline calibrate --adapter {shareable_name(str(adapter))}` again")
    return cal


def find(adapter: str | Path | None, task: Task, path: str | Path | None = None) -> Calibration | None:
    """The calibration to use: the file given, else the adapter folder's calibration.json, else None."""
    if path:
        if not Path(path).is_file():
            raise UserError(f"--calibration {path}: no such file; run `python -m pipeline calibrate` to make one")
        return check_fits(load(path), task, adapter, path)
    if adapter and (Path(adapter) / CALIBRATION_FILE).is_file():
        return check_fits(load(Path(adapter) / CALIBRATION_FILE), task, adapter, Path(adapter) / CALIBRATION_FILE)
    return None


# ----------------------------------------------------------------------------------------------------
# Drift: does a corpus look like the calibration rows?
# ----------------------------------------------------------------------------------------------------

DRIFT_ROWS = 500  # corpus rows compared with the calibration rows (the first ones of a batch run)
DRIFT_P = 0.01  # below this p-value the corpus is said to look unlike the calibration rows


def ks_test(a: list[float], b: list[float]) -> tuple[float, float]:
    """Two-sample Kolmogorov–Smirnov: (statistic, asymptotic p-value; conservative with ties)."""
    a, b = sorted(a), sorted(b)
    n, m = len(a), len(b)
    if not n or not m:
        return 0.0, 1.0
    i = j = 0
    d = 0.0
    while i < n and j < m:
        x = min(a[i], b[j])
        while i < n and a[i] == x:
            i += 1
        while j < m and b[j] == x:
            j += 1
        d = max(d, abs(i / n - j / m))
    en = math.sqrt(n * m / (n + m))
    lam = (en + 0.12 + 0.11 / en) * d
    p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101)) if lam > 0 else 1.0
    return round(d, 4), min(1.0, max(0.0, p))


class DriftWatch:
    """Collects the first DRIFT_ROWS scores of a run and compares them, once, with the calibration rows'."""

    def __init__(self, calibration: Calibration | None, rows: int = DRIFT_ROWS):
        self.reference = [s for s, _ in calibration.score_rows()] if calibration else []
        self.rows, self.scores, self.result = rows, [], None

    def add(self, results: list[dict]) -> str | None:
        """Feed classified rows; returns the warning line once, when the test has run and found drift."""
        if not self.reference or self.result is not None:
            return None
        self.scores += [row_score(r.get("confidence"), r.get("labels")) for r in results if r.get("labels")]
        if len(self.scores) >= self.rows:
            return self.test()
        return None

    def test(self) -> str | None:
        if not self.reference or self.result is not None or len(self.scores) < 50:
            return None
        d, p = ks_test(self.scores, self.reference)
        self.result = {"rows": len(self.scores), "calibration_rows": len(self.reference), "ks_statistic": d, "p_value": round(p, 6),
                       "drift": p < DRIFT_P}
        if p < DRIFT_P:
            self.result["warning"] = (f"drift: the student's confidence on the first {len(self.scores)} rows is unlike its confidence on "
                                      f"the {len(self.reference)} calibration rows (Kolmogorov–Smirnov D={d}, p={p:.2g}), so the "
                                      "calibration and the cascade's guarantee may not hold here; label an audit sample of this "
                                      "corpus (`label --sample`) and run `calibrate` on it")
            return self.result["warning"]
        return None
