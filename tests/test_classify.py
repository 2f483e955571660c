"""The local backend: always valid, batched equals one-at-a-time equals a plain uncached reference."""

import json

import pytest
import torch

from pipeline.classify import ClassifyConfig, LocalStudent, run
from pipeline.errors import UserError
from pipeline.task import load_task

RECIPE = ("Shrimp Creole\n\nIngredients:\n- 20 shrimp (8 oz.)\n- 2 c. (16 oz. can) tomato sauce\n- 1 small onion, chopped\n\n"
          "Directions:\n- Peel, devein and wash shrimp; set aside.\n- Simmer tomato sauce and onion in skillet for 30 minutes.\n- Serves 2.")


@pytest.fixture(scope="module")
def enum_task(tmp_path_factory):
    path = tmp_path_factory.mktemp("task") / "cuisine.yaml"
    path.write_text(
        "name: cuisine\nsystem_prompt: Classify the recipe.\nfields:\n"
        "  - {name: vegetarian, type: boolean, description: no meat}\n"
        "  - {name: cuisine, type: enum, description: the cuisine,\n"
        "     choices: [italian, mexican, middle_eastern, mediterranean, other]}\n"
        "  - {name: spicy, type: boolean, description: hot}\n")
    return load_task(str(path))


def reference_decode(student: LocalStudent, text: str, model=None) -> tuple[dict, dict]:
    """Greedy constrained decoding the slow obvious way: full forward over the whole sequence, no cache,
    no padding, one text. Returns (labels, confidence), a field's confidence being the product, over its
    choices, of the chosen token's softmax probability among the allowed tokens. `model` defaults to
    the student's own."""
    model = model or student.model
    ids, _ = student.prompt_ids(text)
    ids = ids + student.plan.start
    labels, confidence = {}, {}
    for name, trie in zip(student.names, student.plan.tries):
        node, prob = trie, 1.0
        while node.children:
            if len(node.children) == 1:
                tok, node = next(iter(node.children.items()))
            else:
                with torch.no_grad():
                    logits = model(input_ids=torch.tensor([ids])).logits[0, -1].double()
                allowed = list(node.children)
                probs = torch.softmax(logits[allowed], dim=-1)
                best = int(torch.argmax(probs))
                prob *= float(probs[best])
                tok = allowed[best]
                node = node.children[tok]
            ids = ids + [tok]
        labels[name], confidence[name] = node.value, prob
    return labels, confidence


def test_batched_decoding_equals_the_plain_reference(tiny_base, enum_task, prepared):
    student = LocalStudent(base_model=tiny_base, task=enum_task)
    texts = [json.loads(line)["recipe"] for line in (prepared / "test.jsonl").read_text().splitlines()][:12]
    texts.append("Tea\n\nIngredients:\n- 1 tea bag\n\nDirections:\n- Steep.")  # much shorter than the rest
    batched = student.classify(texts, batch_size=5)
    for text, result in zip(texts, batched):
        labels, confidence = reference_decode(student, text)
        assert result["labels"] == labels
        assert set(result["labels"]) == {"vegetarian", "cuisine", "spicy"}
        assert result["labels"]["cuisine"] in enum_task.field("cuisine").choices
        # batched, cached, padded decoding gives the plain forward pass's probabilities (rounded to 4 places)
        assert result["confidence"] == pytest.approx(confidence, abs=1e-4)
    one_by_one = [student.classify([t], batch_size=1)[0]["labels"] for t in texts]
    assert one_by_one == [r["labels"] for r in batched]


def test_confidences_are_the_models_probabilities(adapter, tiny_base):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    student = LocalStudent(adapter)
    [result] = student.classify([RECIPE])
    assert list(result["labels"]) == load_task().field_names
    # the same base and adapter loaded here with transformers and peft (not merged), run on the same
    # prompt: each field's confidence is its softmax over the allowed values' tokens, to the 4 places kept
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32), adapter).eval()
    labels, confidence = reference_decode(student, RECIPE, model=model)
    assert result["labels"] == labels
    assert result["confidence"] == pytest.approx(confidence, abs=1e-4)


def test_bad_rows_never_cost_the_others(adapter, caplog):
    student = LocalStudent(adapter, max_input_tokens=200)
    huge = RECIPE + ("\n- Stir and taste again." * 12000)  # about 200 KB
    assert len(huge.encode()) > 200_000
    results = student.classify(["", "   \n ", huge, RECIPE])
    assert results[0]["error"] == "empty input" and results[1]["error"] == "empty input"
    assert results[2]["labels"] is not None and "cut from" in results[2]["warning"]
    assert results[3]["labels"] is not None and results[3]["error"] is None


def test_classify_stage_writes_jsonl(adapter, prepared, tmp_path):
    out = tmp_path / "pred.jsonl"
    result = run(ClassifyConfig(input=str(prepared / "test.jsonl"), adapter=adapter, out=str(out)))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    test_ids = [json.loads(line)["id"] for line in (prepared / "test.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == test_ids and result["errors"] == 0
    assert all(set(r["labels"]) == set(load_task().field_names) for r in rows)


def test_missing_adapter_and_empty_text(tmp_path):
    with pytest.raises(UserError, match="adapter folder not found"):
        LocalStudent(str(tmp_path / "nope"))
    with pytest.raises(UserError, match="text is empty"):
        run(ClassifyConfig(text="  ", adapter=str(tmp_path / "nope")))


def test_a_failing_batch_only_costs_the_failing_row(adapter):
    student = LocalStudent(adapter)
    good, _ = student.prompt_ids(RECIPE)
    # a token id beyond the vocabulary makes the real embedding lookup fail for the whole batch
    outcomes = student._decode_safely([good, good + [10**6], good])
    assert outcomes[0]["labels"] and outcomes[2]["labels"]
    assert outcomes[1]["labels"] is None and "IndexError" in outcomes[1]["error"]


def test_text_unlike_a_recipe_is_classified_with_a_warning(adapter, tmp_path):
    recipe = ("Garlic Butter Pasta\n\nIngredients:\n- 8 oz spaghetti\n- 3 tbsp butter\n- 2 cloves garlic\n\n"
              "Directions:\n1. Boil the spaghetti for 10 minutes and drain.\n2. Melt the butter, add the garlic, toss and serve.")
    texts = ["asdf qwerty 12345", "Dear team, the meeting moves to Tuesday at 3 pm; see you in room 12 then, thanks all.", recipe]
    results = LocalStudent(adapter).classify(texts)
    assert results[0]["warning"] == "doesn't look like a recipe: only 3 words" and results[0]["labels"] is not None
    assert "doesn't look like a recipe: no ingredient quantities" in results[1]["warning"] and results[1]["labels"] is not None
    assert "warning" not in results[2]
    summary = run(ClassifyConfig(text="asdf qwerty 12345", adapter=adapter, out=str(tmp_path / "p.jsonl")))
    row = json.loads((tmp_path / "p.jsonl").read_text())
    assert summary["warnings"] == 1 and row["warning"].startswith("doesn't look like a recipe") and row["labels"]
