"""The cost report: the study's own figures come out of the price table, the CLI and the app show the same
table for the same inputs, a measured toy throughput is labelled and cautioned, and bad numbers are refused.
`costs --study` sets the study's published figures, recomputed from its published inputs, beside ours, and
the cascade's share to the teacher is priced."""

import re
from html import unescape

from conftest import ROOT, cli, error_line
from pipeline import costs, prices


def test_the_study_corpus_costs_what_the_study_said():
    result = costs.run(costs.CostsConfig())
    by_model = {r["model"]: r for r in result["rows"]}
    assert round(by_model["gpt-4"]["corpus_dollars"]) == 23_190  # 276 in + 42 out tokens at $30/$60 per 1M
    assert round(by_model["student"]["corpus_dollars"], 2) == 18.81  # 16.5 h on an L40 at $1.14/h
    assert round(by_model["student"]["hours"], 1) == 16.5
    assert by_model["gpt-4"]["times_student"] > 1000
    assert result["caution"] == ""  # the study's 7B student is no toy


def test_edited_prices_and_a_given_throughput():
    result = costs.run(costs.CostsConfig(corpus=1000, student_rate=100, dollars_per_hour=3.6, teachers=["gpt-4o"]),
                       {"gpt-4o": (1.0, 1.0)})
    student, teacher = result["rows"]
    assert abs(student["corpus_dollars"] - 0.01) < 1e-9  # 10 s at $3.60/h
    assert abs(teacher["corpus_dollars"] - 1000 * 318 / 1e6) < 1e-9
    assert "(given)" in student["basis"] and "$3.6/h" in student["basis"]


def test_the_footnote_says_what_the_fields_hold():
    """The footnote's throughput is the rate field's default, and its dollars are the default table's."""
    default = costs.run(costs.CostsConfig())
    footnote = default["footnote"]
    assert f"{costs.STUDY_RATE} recipes/s" in footnote and "about 34" not in footnote
    assert costs.dollars(default["rows"][0]["corpus_dollars"]) in footnote  # $18.81
    assert "$23,190" in footnote and "$1,033" in footnote


def test_a_measured_rate_is_labelled_measured_and_a_toy_is_cautioned(adapter):
    measured = costs.Throughput(226.2, "measured", "cpu-upgrade", 256, costs.toy_size(adapter))
    assert measured.toy.endswith("M-parameter")
    result = costs.run(costs.CostsConfig(student_rate=226.2, hardware="cpu-upgrade"), measured=measured)
    student = result["rows"][0]
    assert "measured on 256 recipes here, cpu-upgrade" in student["basis"] and "(given)" not in student["basis"]
    assert "cpu-upgrade at $0.03/h" in student["basis"]
    assert "toy" in result["caution"] and measured.toy in result["caution"]
    assert costs.rate_label(measured).endswith("(measured on 256 recipes here, cpu-upgrade)")
    # the rate typed over the measured one is the user's own figure again
    typed = costs.run(costs.CostsConfig(student_rate=100, hardware="cpu-upgrade"), measured=measured)
    assert "(given)" in typed["rows"][0]["basis"] and typed["caution"] == ""


def cli_rows(stdout: str) -> dict[str, list[str]]:
    """The CLI table's rows by model: [per recipe, corpus, × the student]."""
    rows = {}
    for line in stdout.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) in (4, 5) and cells[0] != "model":  # the basis on the line, or wrapped under it
            rows[cells[0]] = cells[1:4]
    return rows


def app_figures(corpus, rate, hardware, dollars_per_hour):
    """What the app's Costs tab shows for these inputs, through the function its Update button calls."""
    import app

    headline, chart, table, _, _ = app.cost_table(corpus, 276, 42, rate, hardware, dollars_per_hour, app.pd.DataFrame(app.scoring.default_prices()))
    rows = {r["model"]: [r["$ per recipe"], r["$ for the corpus"], r["× the student"]] for r in table.to_dict("records")}
    return unescape(re.sub(r"<[^>]+>", " ", headline)), rows


def test_the_cli_and_the_app_show_the_same_figures_for_the_same_inputs():
    for flags, corpus, rate, hardware in (([], costs.STUDY_CORPUS, costs.STUDY_RATE, "l40"),
                                          (["--student-rate", "226.2", "--hardware", "cpu-upgrade", "--corpus", "500000"], 500_000, 226.2,
                                           "cpu-upgrade")):
        out = cli("costs", *flags)
        assert out.returncode == 0, out.stderr
        headline, rows = app_figures(corpus, rate, hardware, prices.hourly(hardware).dollars)
        assert cli_rows(out.stdout) == rows and len(rows) == 1 + len(costs.TEACHERS)
        assert out.stdout.splitlines()[0] in headline
    assert cli_rows(cli("costs").stdout)["student"][1] == "$18.81"


def test_cli_table_and_errors(adapter):
    out = cli("costs", "--adapter", adapter, "--measure-n", "32", "--hardware", "cpu-upgrade")
    assert out.returncode == 0, out.stderr
    assert "measured on 32 recipes here, cpu-upgrade" in out.stdout and "$23,190" in out.stdout
    assert "Caution" in out.stdout and "toy" in out.stdout  # the fixture's adapter sits on the tiny offline base
    bad = cli("costs", "--hardware", "quantum")
    assert bad.returncode == 2 and bad.stderr.strip().startswith("error: unknown hardware 'quantum'")
    bad = cli("costs", "--teachers", "my-own-model")
    assert bad.returncode == 2 and "no price known for teacher 'my-own-model'" in bad.stderr


# The study's published inputs and figures (2023), as the study states them
CORPUS, TOKENS_IN, TOKENS_OUT = 2_147_248, 276, 42
GPT4_PER_1K, GPT35_PER_1K = (0.03, 0.06), (0.0015, 0.0016)
L40_PER_HOUR, HOURS, LABELED = 1.14, 16.5, 5000
PUBLISHED = {"GPT-4": "$23,190", "GPT-3.5": "$1,033", "student": "$18.81", "labeling": "about $40"}


def cli_study_rows(stdout: str) -> dict[str, list[str]]:
    """The CLI's study table by item: [the study, ours, how computed] (each item's block: the item, then its
    indented "the study:", "ours:" and "how:" lines, the last wrapped)."""
    blocks = stdout.split("The original study (2023) beside ours:", 1)[1].split("\n\n")[1:]
    rows = {}
    for block in blocks:
        item, *rest = block.splitlines()
        text = " ".join(line.strip() for line in rest)
        parts = re.split(r"\s*(?:^|\s)(?:the study|ours|how): ", " " + text)
        rows[item] = [part.strip() for part in parts[1:]]
    return rows


def corpus_cost(recipes, per_1k):
    return recipes * (TOKENS_IN * per_1k[0] + TOKENS_OUT * per_1k[1]) / 1000


def test_costs_study_sets_the_studys_figures_beside_ours():
    out = cli("costs", "--study")
    assert out.returncode == 0, out.stderr
    rows = cli_study_rows(out.stdout)
    gpt4, gpt35 = rows["GPT-4 on every recipe"], rows["GPT-3.5 on every recipe"]
    # the study's column, recomputed from its inputs, is its published figure (teachers to the dollar, the student to the cent)
    assert gpt4[0] == f"${round(corpus_cost(CORPUS, GPT4_PER_1K)):,}" == PUBLISHED["GPT-4"]
    assert gpt35[0] == f"${round(corpus_cost(CORPUS, GPT35_PER_1K)):,}" == PUBLISHED["GPT-3.5"]
    assert "the study rounds to the dollar" in gpt4[2]
    student = rows["the student on the corpus"]
    assert student[0].startswith(f"${HOURS * L40_PER_HOUR:.2f} ") and student[0].startswith(PUBLISHED["student"])
    # ours, with the defaults, equals the study's wherever the inputs are the study's: GPT-4's price is unchanged,
    # GPT-3.5-turbo's is today's
    assert gpt4[1] == f"{PUBLISHED['GPT-4']} (gpt-4)" and student[1].startswith(PUBLISHED["student"])
    assert gpt35[1] == f"${corpus_cost(CORPUS, (prices.PRICES['gpt-3.5-turbo'].input / 1000, prices.PRICES['gpt-3.5-turbo'].output / 1000)):,.0f} (gpt-3.5-turbo)"
    # labeling: the study's "about $40" is said not to follow from its own averages, which give $54.00
    labeling = rows["labeling with gpt-4"]
    by_averages = f"${corpus_cost(LABELED, GPT4_PER_1K):.2f}"
    assert labeling[0].startswith(PUBLISHED["labeling"]) and labeling[1] == f"{by_averages} (5,000 rows)"
    assert "does not follow from its own averages" in labeling[2] and f"= {by_averages}" in labeling[2]
    assert rows["training the student"][:2] == ["not given", "not given"]
    assert not any(item.startswith("student + cascade") for item in rows)  # no share, no target: no cascade row
    assert max(len(line) for line in out.stdout.splitlines()) <= 100
    wide = cli("costs", "--study", "--teacher-share", "0.25")
    assert wide.returncode == 0 and max(len(line) for line in wide.stdout.splitlines()) <= 100
    assert cli_study_rows(wide.stdout)["student + cascade (share 25% to gpt-4)"][0] == "no cascade"


def test_the_cascade_share_goes_to_the_teacher():
    config = costs.CostsConfig(teacher_share=0.25)
    result = costs.run(config)
    by_model = {r["model"]: r for r in result["rows"]}
    cascade = by_model["student + cascade (share 25% to gpt-4)"]
    expected = by_model["student"]["corpus_dollars"] + 0.25 * CORPUS * (TOKENS_IN * 30 + TOKENS_OUT * 60) / 1e6
    assert abs(cascade["corpus_dollars"] - expected) < 1e-6
    assert costs.dollars(expected) in result["headline"]
    assert not any(r["kind"] == "cascade" for r in costs.run(costs.CostsConfig())["rows"])  # no share, no cascade row
    out = cli("costs", "--teacher-share", "0.25")
    assert out.returncode == 0, out.stderr
    assert cli_rows(out.stdout)["student + cascade (share 25% to gpt-4)"][1] == costs.dollars(expected)
    line = error_line(cli("costs", "--teacher-share", "1.5"))
    assert "--teacher-share" in line and "from 0 to 1" in line and "1.5" in line


def test_the_app_shows_the_study_table_the_cli_prints():
    """For the same inputs (a cascade share, another corpus), the app's Costs tab and `costs --study` give the same rows."""
    import app

    out = cli("costs", "--study", "--teacher-share", "0.1", "--corpus", "1000000", "--student-rate", "50", "--hardware", "a10g-small",
              "--train-hours", "2")
    assert out.returncode == 0, out.stderr
    rows = cli_study_rows(out.stdout)
    assert rows["training the student"][1] == f"${2 * prices.hourly('a10g-small').dollars:.2f} (2 h, a10g-small at $1/h)"
    *_, study = app.cost_table(1_000_000, 276, 42, 50, "a10g-small", prices.hourly("a10g-small").dollars,
                               app.pd.DataFrame(app.scoring.default_prices()), None, 0.1)
    shown = {r["item"]: [r["the study (2023)"], r["ours (these inputs)"], r["how computed"]] for r in study["value"].to_dict("records")}
    shown["training the student"] = rows["training the student"]  # the page has no training hours: its row says "not given"
    assert shown == rows and "student + cascade (share 10% to gpt-4)" in shown
    assert "1,000,000 recipes" in study["label"]
    headline, *_ = app.cost_table(costs.STUDY_CORPUS, 276, 42, costs.STUDY_RATE, "l40", 1.14, app.pd.DataFrame(app.scoring.default_prices()),
                                  None, 2)
    assert "--teacher-share must be from 0 to 1" in unescape(headline)


def test_target_agreement_takes_the_share_from_the_calibration():
    """costs --target-agreement: the cascade's share is what the adapter's calibration rows certify at that target."""
    from pipeline import calibration

    adapter = ROOT / "pipeline" / "demo_student" / "adapter"
    saved = calibration.load(adapter / calibration.CALIBRATION_FILE)
    share = round(calibration.choose_threshold(saved.score_rows(), 0.98, 0.05).teacher_share, 4)  # as costs rounds it
    result = cli("costs", "--adapter", str(adapter), "--target-agreement", "0.98", "--student-rate", "36.15")
    assert result.returncode == 0, result.stderr
    gpt4_corpus = costs.STUDY_CORPUS * (276 * 30 + 42 * 60) / 1e6  # the study's tokens at GPT-4's $30/$60 per 1M
    expected = costs.STUDY_CORPUS / costs.STUDY_RATE / 3600 * 1.14 + share * gpt4_corpus
    line = next(x for x in result.stdout.splitlines() if x.startswith("student + cascade"))
    assert f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%" in line
    assert f"${expected:,.0f}" in line
    line = error_line(cli("costs", "--adapter", str(adapter), "--target-agreement", "0.9999", "--student-rate", "36.15"))
    assert "cannot be certified" in line
