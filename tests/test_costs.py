"""The cost report: the study's own figures come out of the price table, and bad numbers are refused."""

from conftest import cli
from pipeline import costs


def test_the_study_corpus_costs_what_the_study_said():
    result = costs.run(costs.CostsConfig())
    by_model = {r["model"]: r for r in result["rows"]}
    assert round(by_model["gpt-4"]["corpus_dollars"]) == 23_190  # 276 in + 42 out tokens at $30/$60 per 1M
    assert round(by_model["student"]["corpus_dollars"], 2) == 18.81  # 16.5 h on an L40 at $1.14/h
    assert by_model["gpt-4"]["times_student"] > 1000


def test_edited_prices_and_a_given_throughput():
    result = costs.run(costs.CostsConfig(corpus=1000, student_rate=100, dollars_per_hour=3.6, teachers=["gpt-4o"]),
                       {"gpt-4o": (1.0, 1.0)})
    student, teacher = result["rows"]
    assert abs(student["corpus_dollars"] - 0.01) < 1e-9  # 10 s at $3.60/h
    assert abs(teacher["corpus_dollars"] - 1000 * 318 / 1e6) < 1e-9


def test_cli_table_and_errors(adapter):
    out = cli("costs", "--adapter", adapter, "--measure-n", "32", "--hardware", "cpu-upgrade")
    assert out.returncode == 0, out.stderr
    assert "measured on 32 recipes here" in out.stdout and "$23,190" in out.stdout
    bad = cli("costs", "--hardware", "quantum")
    assert bad.returncode == 2 and bad.stderr.strip().startswith("error: unknown hardware 'quantum'")
    bad = cli("costs", "--teachers", "my-own-model")
    assert bad.returncode == 2 and "no price known for teacher 'my-own-model'" in bad.stderr
