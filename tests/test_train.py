import json
from pathlib import Path

from huggingface_hub import ModelCard

from pipeline.student import LocalStudent
from pipeline.train import TrainConfig, run


def test_adapter_folder_has_everything(adapter):
    folder = Path(adapter)
    for name in ("adapter_config.json", "adapter_model.safetensors", "tokenizer_config.json", "losses.jsonl", "training.json", "task.json", "README.md",
                 "training_rows.json"):
        assert (folder / name).exists(), name
    losses = [json.loads(line) for line in (folder / "losses.jsonl").read_text().splitlines()]
    assert [e["step"] for e in losses] == list(range(1, 7)) and all(e["loss"] > 0 for e in losses)
    config = json.loads((folder / "adapter_config.json").read_text())
    assert config["r"] == 4 and config["lora_alpha"] == 8 and config["peft_type"] == "LORA"
    card = ModelCard.load(folder / "README.md")
    assert card.data.library_name == "peft" and "understudy" in card.data.tags
    assert "has_non_fish_meat" in card.text and "lora_r" in card.text


def test_cancel_stops_early_and_keeps_a_usable_adapter(tmp_path, tiny_base, prepared):
    import threading

    stop = threading.Event()
    seen = []

    def on_log(entry):
        seen.append(entry["loss"])
        if entry["step"] == 3:
            stop.set()

    result = run(TrainConfig(dataset=str(prepared / "dataset"), out=str(tmp_path / "a"), base_model=tiny_base,
                             max_steps=50, batch_size=8, learning_rate=3e-3, lora_r=4, lora_alpha=8), on_log=on_log, stop=stop)
    assert result["cancelled"] and result["steps"] == 3 and len(seen) == 3
    assert LocalStudent(str(tmp_path / "a")).classify(["Toast\n\nIngredients:\n- bread\n\nDirections:\n- Toast it."])[0]["labels"]


def test_evaluation_lands_in_the_model_card(adapter, prepared, tmp_path):
    from pipeline.classify import ClassifyConfig, run as classify
    from pipeline.evaluate import EvaluateConfig, run as evaluate

    classify(ClassifyConfig(input=str(prepared / "test.jsonl"), adapter=adapter, out=str(tmp_path / "p.jsonl")))
    report = evaluate(EvaluateConfig(predictions=[str(tmp_path / "p.jsonl")], reference=str(prepared / "test.jsonl"),
                                     out=str(tmp_path / "e"), adapter=adapter))
    card = ModelCard.load(Path(adapter) / "README.md")
    assert f"| **mean agreement** | {report['mean_agreement']:.3f} |" in card.text


def test_lora_layers_adapts_only_the_top_layers_and_refuses_more_than_the_base_has(tmp_path, tiny_base, prepared):
    import pytest
    from safetensors import safe_open

    from pipeline.errors import UserError

    out = tmp_path / "top"
    run(TrainConfig(dataset=str(prepared / "dataset"), out=str(out), base_model=tiny_base, max_steps=2,
                    batch_size=8, learning_rate=2e-3, lora_r=4, lora_alpha=8, lora_layers=1))
    with safe_open(str(out / "adapter_model.safetensors"), "pt") as f:
        layers = {key.split("layers.")[1].split(".")[0] for key in f.keys()}
    assert layers == {"1"}  # the tiny base has 2 layers: only the top one carries LoRA weights
    assert json.loads((out / "adapter_config.json").read_text())["layers_to_transform"] == [1]
    assert LocalStudent(str(out)).classify(["Toast\n\nIngredients:\n- bread\n\nDirections:\n- Toast it."])[0]["labels"]
    with pytest.raises(UserError, match="between 0 .* 2 layers, got 3"):
        run(TrainConfig(dataset=str(prepared / "dataset"), out=str(tmp_path / "x"), base_model=tiny_base, max_steps=2, lora_layers=3))
