import json

import pytest

from pipeline.task import InvalidAnswer, TaskError, load_task, task_from_dict

DESIGN_FIELDS = {
    "has_non_fish_meat": "True if the recipe contains any meat or meat products (eg. chicken broth) besides fish",
    "requires_oven": "True if the recipe requires an oven",
    "requires_stove": "True if the recipe requires a stove",
    "cook_time_over_30_mins": "True if the recipe takes over 30 minutes to prepare and cook, including waiting time",
    "main_dish": "True if the recipe can be served as a main dish",
}


def test_recipes_task_matches_the_study_word_for_word():
    task = load_task("recipes")
    assert task.system_prompt == "Your goal is to classify a recipe along several dimensions. Pay attention to the instructions."
    assert {f.name: f.description for f in task.fields} == DESIGN_FIELDS
    assert task.field_names == list(DESIGN_FIELDS)
    assert task.function_name == "classify"


def test_schema_tool_and_answer_derive_from_the_task():
    task = load_task()
    schema = task.json_schema()
    assert schema["required"] == list(DESIGN_FIELDS) and schema["additionalProperties"] is False
    assert task.tool()["function"]["name"] == "classify"
    labels = {name: i % 2 == 0 for i, name in enumerate(DESIGN_FIELDS)}
    text = task.answer_text(labels)
    assert text == json.dumps(labels, separators=(",", ":"))
    assert task.parse_answer(text) == labels


def test_enum_task_from_yaml(tmp_path):
    path = tmp_path / "cuisine.yaml"
    path.write_text("name: cuisine\nsystem_prompt: Classify.\nfields:\n"
                    "  - {name: cuisine, type: enum, choices: [italian, mexican, other], description: the cuisine}\n"
                    "  - {name: vegetarian, type: boolean, description: no meat}\n")
    task = load_task(str(path))
    assert task.json_schema()["properties"]["cuisine"]["enum"] == ["italian", "mexican", "other"]
    assert task.parse_answer('{"cuisine":"mexican","vegetarian":false}') == {"cuisine": "mexican", "vegetarian": False}
    with pytest.raises(InvalidAnswer, match="cuisine"):
        task.parse_answer('{"cuisine":"thai","vegetarian":false}')


@pytest.mark.parametrize("fields, message", [
    ([{"name": "a", "type": "number", "description": ""}], "field 'a' has unknown type 'number'"),
    ([{"name": "a"}, {"name": "a"}], "field 'a' is defined twice"),
    ([{"type": "boolean"}], "field #1 has no name"),
    ([{"name": "cuisine", "type": "enum"}], "field 'cuisine' is an enum with no choice"),
])
def test_broken_task_files_are_refused_naming_the_field(fields, message):
    with pytest.raises(TaskError, match=message):
        task_from_dict({"name": "t", "system_prompt": "p", "fields": fields})


def test_answers_that_do_not_fit_are_invalid():
    task = load_task()
    with pytest.raises(InvalidAnswer, match="not JSON"):
        task.parse_answer('{"has_non_fish_meat": tru')
    with pytest.raises(InvalidAnswer, match="missing field"):
        task.parse_answer('{"has_non_fish_meat": true}')


def test_unknown_task_and_bad_yaml(tmp_path):
    with pytest.raises(TaskError, match="not found"):
        load_task("nope")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(TaskError, match="not valid YAML"):
        load_task(str(bad))


def test_the_recipe_input_check_passes_every_generated_and_hand_written_recipe_and_flags_other_text():
    import json

    from pipeline.sample import generate
    from tests.conftest import ROOT

    task = load_task("recipes")
    realistic = [json.loads(line)["recipe"] for line in (ROOT / "bench" / "realistic_recipes.jsonl").read_text().splitlines()]
    assert len(realistic) >= 50
    flagged = [t[:60] for t in [r["recipe"] for r in generate(2000, seed=7)] + realistic if task.input_warning(t)]
    assert flagged == []
    assert task.input_warning("Carnitas\n\nIngredients:\n- 2 lb pork shoulder\n\nDirections:\n- Sear the pork, then braise it "
                              "for 3 hours.") is None  # braising is cooking (it was once flagged "no cooking steps")
    assert task.input_warning("asdf qwerty 12345") == "doesn't look like a recipe: only 3 words"
    assert task.input_warning("The quick brown fox jumps over the lazy dog and runs far away into the dark forest.") == \
        "doesn't look like a recipe: no ingredient quantities and no cooking steps"


def test_a_bad_input_check_in_a_task_file_is_one_line(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("name: t\nsystem_prompt: s\nfields: [{name: a, type: boolean}]\n"
                    "input_check: {looks_like: a thing, min_words: 3, cues: [{what: x, pattern: '(unclosed'}]}\n")
    with pytest.raises(TaskError, match="input_check cue 'x': bad regular expression"):
        load_task(path)


def _gbnf_language(grammar: str) -> set[str]:
    """Every string a grammar of answer_gbnf's shape generates: one rule, a sequence of string literals and
    parenthesised alternatives of literals (decoded as GBNF decodes them, by JSON's escapes)."""
    import itertools
    import re

    rule = grammar.removeprefix("root ::= ")
    literal = r'"(?:[^"\\]|\\.)*"'
    parts = re.findall(rf"\((?:\s*{literal}\s*\|?)+\)|{literal}", rule)
    assert re.sub(rf"\((?:\s*{literal}\s*\|?)+\)|{literal}|\s", "", rule) == "", f"unexpected syntax in {rule!r}"
    choices = [[json.loads(x) for x in re.findall(literal, p)] for p in parts]
    return {"".join(combo) for combo in itertools.product(*choices)}


@pytest.mark.parametrize("name", ["recipes", "enum"])
def test_the_gbnf_grammar_allows_exactly_the_answers_the_student_learned(name, tmp_path):
    """llama.cpp gets the answer as GBNF: it must spell every answer exactly as answer_text does, and nothing else
    (the regex for TGI and vLLM is the same language)."""
    import itertools
    import re

    if name == "enum":
        import yaml

        (tmp_path / "t.yaml").write_text(yaml.safe_dump({"name": "tickets", "system_prompt": "Sort the ticket.", "fields": [
            {"name": "team", "type": "enum", "description": "the team", "choices": ["billing", "café", 'a\\b "x"']},
            {"name": "urgent", "type": "boolean", "description": "Urgent?"}]}, allow_unicode=True), encoding="utf-8")
        task = load_task(str(tmp_path / "t.yaml"))
        assert task.fields[0].values == ("billing", "café", 'a\\b "x"')
    else:
        task = load_task("recipes")
    answers = {task.answer_text(dict(zip(task.field_names, combo)))
               for combo in itertools.product(*(f.values for f in task.fields))}
    assert _gbnf_language(task.answer_gbnf()) == answers
    assert {a for a in answers if re.fullmatch(task.answer_regex(), a)} == answers
