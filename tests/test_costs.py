"""The cost report: the study's own figures come out of the price table, the CLI and the app show the same
table for the same inputs, a measured toy throughput is labelled and cautioned, and bad numbers are refused."""

import re
from html import unescape

from conftest import cli
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
        if len(cells) == 5 and cells[0] != "model":
            rows[cells[0]] = cells[1:4]
    return rows


def app_figures(corpus, rate, hardware, dollars_per_hour):
    """What the app's Costs tab shows for these inputs, through the function its Update button calls."""
    import app

    headline, chart, table, _ = app.cost_table(corpus, 276, 42, rate, hardware, dollars_per_hour, app.pd.DataFrame(app.workspace.default_prices()))
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
