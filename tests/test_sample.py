"""The synthetic recipe generator: format, determinism, variety, balance and the labeling rules."""

from __future__ import annotations

import ast
import builtins
import hashlib
import importlib
import json
import random
import re
import socket
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import cli, error_line
from pipeline.errors import UserError
from pipeline.sample import (
    APPLIANCES,
    BUILDERS,
    FIELDS,
    KINDS,
    SampleConfig,
    generate,
    generate_recipe,
    generate_recipe_meta,
    run,
)

N = 2000

FORMAT = re.compile(r"\A[^\n]+\n\nIngredients:\n(?:- [^\n]+\n)+\nDirections:\n(?:- [^\n]+\n)*- [^\n]+\Z")

OVEN_CUE = re.compile(r"\boven\b|\bbake\b|\bbroil", re.I)
STOVE_CUE = re.compile(
    r"(?<!crock )(?<![-\w])pot\b(?! roast)|\bstove\b(?! top)|skillet|saucepan|frying pan|double boiler|griddle|\bwok\b|boil|simmer|"
    r"saut[eé]|over (?:low|medium|high|medium-high|medium-low|moderate) heat|\bkettle\b|stir-fry|stovetop",
    re.I,
)
MEAT_WORD = re.compile(
    r"\b(?:chicken|beef|pork|ham|hamburger|bacon|sausages?|kielbasa|chorizo|pepperoni|salami|prosciutto|pancetta|turkey|lamb|veal|lard|"
    r"hot dogs?|bratwurst|meatballs|giblets|steaks?|roast|ribs|spareribs|chops|chuck|sirloin|consomme|andouille|drippings|gravy|butt)\b",
    re.I,
)
FISH_WORD = re.compile(r"\b(?:shrimp|tuna|salmon)\b", re.I)
LONG_CUE = re.compile(r"\bovernight\b|\bhours?\b|\bhrs?\b|\bdays?\b|until doubled|until set\b|all day", re.I)


@pytest.fixture(scope="module")
def rows():
    return generate(N, seed=0)


@pytest.fixture(scope="module")
def metas():
    return [generate_recipe_meta(random.Random(f"11:{i}")) for i in range(N)]


def parts(text: str) -> tuple[str, list[str], list[str]]:
    title, rest = text.split("\n\nIngredients:\n")
    ings, dirs = rest.split("\n\nDirections:\n")
    return title, [l[2:] for l in ings.split("\n")], [l[2:] for l in dirs.split("\n")]


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_same_output():
    assert generate(60, seed=5) == generate(60, seed=5)


def test_different_seed_different_output():
    a, b = generate(60, seed=1), generate(60, seed=2)
    assert [r["recipe"] for r in a] != [r["recipe"] for r in b]
    assert sum(x["recipe"] == y["recipe"] for x, y in zip(a, b)) < 5


def test_prefix_stability():
    assert generate(10, seed=3) == generate(100, seed=3)[:10]


def test_row_shape(rows):
    assert rows[0]["id"] == "r0-000000" and rows[1999]["id"] == "r0-001999"
    for r in rows[:50]:
        assert set(r) == {"id", "recipe", "labels", "source"}
        assert r["source"] == "generator"
        assert tuple(r["labels"]) == FIELDS
        assert all(isinstance(v, bool) for v in r["labels"].values())


def test_generate_recipe_matches_generate():
    text, labels = generate_recipe(random.Random("0:7"))
    row = generate(8, seed=0)[7]
    assert (text, labels) == (row["recipe"], row["labels"])


def test_generation_does_no_io_and_never_waits(monkeypatch):
    """generate is pure computation: no sleeping, no network, no files (its data is loaded on import)."""
    def forbidden(*args, **kwargs):
        raise AssertionError("generate() must not sleep or do I/O")

    monkeypatch.setattr(time, "sleep", forbidden)
    monkeypatch.setattr(socket, "socket", forbidden)
    monkeypatch.setattr(builtins, "open", forbidden)
    rows = generate(N, seed=9)
    assert len(rows) == N and rows[-1]["id"] == f"r9-{N - 1:06d}"
    assert len({r["recipe"] for r in rows}) > N * 0.9


# --- format ------------------------------------------------------------------------------------


def test_exact_format(rows):
    for r in rows:
        text = r["recipe"]
        assert FORMAT.match(text), text
        assert not text.endswith("\n")
        lines = text.split("\n")
        assert all(line == line.rstrip() for line in lines), text
        bullets = [l for l in lines if l.startswith("- ")]
        assert 3 <= len(bullets) <= 25, text
        assert not re.search(r"[\[\]{}|]|\.\.(?!\.)|  ", text), text


def test_typical_length(rows):
    words = sorted(len(r["recipe"].split()) for r in rows)
    assert 75 <= words[len(words) // 2] <= 140
    bullets = sorted(r["recipe"].count("\n- ") for r in rows)
    assert 6 <= bullets[len(bullets) // 2] <= 16


# --- balance and variety -----------------------------------------------------------------------


def test_label_balance(rows):
    for f in FIELDS:
        rate = sum(r["labels"][f] for r in rows) / len(rows)
        assert 0.25 <= rate <= 0.75, (f, rate)


def test_variety(rows):
    titles = {parts(r["recipe"])[0] for r in rows}
    directions = {d for r in rows for d in parts(r["recipe"])[2]}
    assert len(titles) > 1000
    assert len(directions) > 2000


def test_every_kind_and_appliance_appears(metas):
    kinds = Counter(m["kind"] for _, _, m in metas)
    apps = Counter(a for _, _, m in metas for a in m["appliances"])
    assert set(kinds) == set(KINDS), kinds
    assert set(apps) == set(APPLIANCES), apps
    assert min(kinds.values()) >= 20 and min(apps.values()) >= 20


def test_title_capitalisation_varies(rows):
    titles = [parts(r["recipe"])[0] for r in rows]
    assert any(t.isupper() for t in titles)
    assert any(t.islower() for t in titles)
    assert any("'S " in t for t in titles)  # "Mom'S Meatloaf"


def test_brands_and_abbreviations_appear(rows):
    blob = "\n".join(r["recipe"] for r in rows)
    for word in ["Stove Top", "Cool Whip", "Jell-O", "Bisquick", "Velveeta", "Campbell's", "Crock-Pot", "Pyrex", "Pam",
                 " c. ", " tsp. ", " Tbsp. ", " T. ", " oz.", " lb.", " pkg. ", " qt. ", " pt. ", " doz.", " sm. ", " med. ", " lg. "]:
        assert word in blob, word


# --- labeling rules ----------------------------------------------------------------------------


def test_oven_words_mean_oven(rows):
    for r in rows:
        text, lab = r["recipe"], r["labels"]
        if re.search(r"preheat oven|\bbake\b", text, re.I):
            assert lab["requires_oven"], text
        assert lab["requires_oven"] == bool(OVEN_CUE.search(text)), text


def test_stove_cues_mean_stove(rows):
    for r in rows:
        text, lab = r["recipe"], r["labels"]
        _, _, dirs = parts(text)
        assert lab["requires_stove"] == bool(STOVE_CUE.search("\n".join(dirs))), text


def test_stove_top_stuffing_is_not_a_stove(rows):
    with_brand = [r for r in rows if "Stove Top" in r["recipe"]]
    assert with_brand
    assert any(not r["labels"]["requires_stove"] for r in with_brand)


def test_microwave_slow_cooker_grill_air_fryer_alone_need_neither(metas):
    seen = Counter()
    for text, lab, meta in metas:
        if len(meta["appliances"]) == 1 and meta["appliances"][0] in ("microwave", "slow_cooker", "grill", "air_fryer", "none"):
            seen[meta["appliances"][0]] += 1
            assert not lab["requires_oven"] and not lab["requires_stove"], text
    assert len(seen) == 5


def test_fish_is_not_meat(rows):
    fish_only = [r for r in rows if FISH_WORD.search(r["recipe"]) and not MEAT_WORD.search(r["recipe"])]
    assert len(fish_only) > 30
    for r in fish_only:
        assert not r["labels"]["has_non_fish_meat"], r["recipe"]


def test_meat_label_has_a_visible_meat_word(rows):
    for r in rows:
        if r["labels"]["has_non_fish_meat"]:
            assert MEAT_WORD.search(r["recipe"]), r["recipe"]


def test_hidden_meat_products_and_lookalikes(rows):
    by_phrase = lambda p: [r for r in rows if p in r["recipe"]]  # noqa: E731
    for phrase in ["chicken broth", "cream of chicken soup", "bacon grease", "bacon bits", "ham hock", "beef broth"]:
        hits = by_phrase(phrase)
        assert hits, phrase
        assert all(r["labels"]["has_non_fish_meat"] for r in hits), phrase
    for phrase in ["vegetable broth", "Worcestershire", "Jell-O", "cream of mushroom soup"]:
        hits = by_phrase(phrase)
        assert any(not r["labels"]["has_non_fish_meat"] for r in hits), phrase
    veg_broth = [r for r in by_phrase("vegetable broth") if not MEAT_WORD.search(r["recipe"])]
    assert veg_broth and not any(r["labels"]["has_non_fish_meat"] for r in veg_broth)


def test_overnight_and_hours_mean_long(rows):
    n_long = 0
    for r in rows:
        if LONG_CUE.search(r["recipe"]):
            n_long += 1
            assert r["labels"]["cook_time_over_30_mins"], r["recipe"]
    assert n_long > 300
    assert any("overnight" in r["recipe"] for r in rows)


def test_slow_cooker_recipes_are_long(metas):
    for text, lab, meta in metas:
        if "slow_cooker" in meta["appliances"]:
            assert lab["cook_time_over_30_mins"], text


def test_no_totals_near_thirty_minutes(metas):
    for text, lab, meta in metas:
        assert meta["minutes"] <= 20 or meta["minutes"] >= 40, text
        assert lab["cook_time_over_30_mins"] == (meta["minutes"] >= 40)


def test_short_recipes_have_short_written_times(rows):
    """In a short recipe no single written time is over 20 minutes."""
    for r in rows:
        if not r["labels"]["cook_time_over_30_mins"]:
            for a, b in re.findall(r"(\d+)(?:\s*(?:to|-|or)\s*(\d+))?\s*(?:minutes?|mins?\b)", r["recipe"]):
                assert int(b or a) <= 20, r["recipe"]


def test_main_dish_by_kind(metas):
    never = {"dessert", "bread", "drink", "sauce", "marinade", "preserve", "side"}
    mains = Counter()
    for text, lab, meta in metas:
        if meta["kind"] in never:
            assert not lab["main_dish"], text
        if meta["kind"] == "main":
            assert lab["main_dish"], text
        mains[(meta["kind"], lab["main_dish"])] += 1
    for kind in ("soup", "salad", "casserole"):  # hearty ones are mains, light ones are not
        assert mains[(kind, True)] > 10 and mains[(kind, False)] > 10, mains


def test_labels_vary_independently(rows):
    """No label is a copy of another (e.g. meat is not the same as main dish)."""
    for i, f in enumerate(FIELDS):
        for g in FIELDS[i + 1:]:
            same = sum(r["labels"][f] == r["labels"][g] for r in rows) / len(rows)
            assert same < 0.85, (f, g, same)


# --- run() -------------------------------------------------------------------------------------


def test_run_writes_both_files(tmp_path):
    out = tmp_path / "nested" / "sample"
    result = run(SampleConfig(out=str(out), n=120, seed=4))
    assert result["n"] == 120
    assert set(result["balance"]) == set(FIELDS)
    labeled = (out / "labeled.jsonl").read_text(encoding="utf-8").splitlines()
    unlabeled = (out / "unlabeled.jsonl").read_text(encoding="utf-8").splitlines()
    assert result["labeled"] == str(out / "labeled.jsonl") and result["unlabeled"] == str(out / "unlabeled.jsonl")
    assert len(labeled) == len(unlabeled) == 120
    rows = [json.loads(l) for l in labeled]
    assert rows == generate(120, seed=4)
    bare = [json.loads(l) for l in unlabeled]
    assert all(set(b) == {"id", "recipe"} for b in bare)
    assert [b["id"] for b in bare] == [r["id"] for r in rows]
    for f in FIELDS:
        assert result["balance"][f] == pytest.approx(sum(r["labels"][f] for r in rows) / 120)
    assert "°" in "".join(labeled)  # ensure_ascii=False keeps the degree sign readable


# --- the engine and its data ------------------------------------------------------------------------

# sha256 of generate(50, seed=3), taken from the generator before it became an engine plus data: the same
# seed must keep giving the same recipes, byte for byte
FINGERPRINT_SEED3_N50 = "be2fe7f294765dd03a812dbe49956ee247aff85b4115e3ee6dadb0fed96dfe3b"
DATA_FILES = ("common", "steps", "mains", "casseroles", "soups", "salads", "sides", "desserts", "breads", "drinks", "sauces")
BUILDER_MODULES = ("steps", "mains", "casseroles", "soups", "salads", "sides", "desserts", "breads", "drinks", "sauces")


def test_determinism_fingerprint():
    rows = generate(50, seed=3)
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    assert digest == FINGERPRINT_SEED3_N50


def test_field_names_come_from_the_task():
    from pipeline.task import load_task

    assert FIELDS == tuple(load_task("recipes").field_names)
    assert list(generate(1, seed=0)[0]["labels"]) == list(FIELDS)


def _walk(value):
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _walk(v)


def test_data_tables_load_and_are_well_formed():
    import yaml

    from pipeline.recipes import engine
    from pipeline.recipes.engine import (
        COOKING_APPLIANCES,
        Ingredient,
        Span,
        Step,
        Variant,
        load,
        shared_ingredients,
    )

    for module in BUILDER_MODULES:  # their typed records are converted (and checked) on import
        importlib.import_module(f"pipeline.recipes.{module}")
    seen = Counter()
    for name in DATA_FILES:
        tables = load(name)  # raises DataError for anything off the schema
        for section, groups in tables.items():
            assert set(groups) <= set(engine.GROUPS), (name, section)
            for p in _walk(groups.get("chance", {})):
                if not isinstance(p, dict):
                    assert isinstance(p, (int, float)) and 0 <= p <= 1, (name, section, p)
                    seen["chance"] += 1
            for weights in _walk(groups.get("weights", {})):
                if isinstance(weights, dict) and not any(isinstance(v, dict) for v in weights.values()):
                    assert all(v > 0 for v in weights.values()), (name, section, weights)
            for item in _walk(groups):
                if isinstance(item, Step):
                    seen["step"] += 1
                    assert item.appliance in COOKING_APPLIANCES + (None,), (name, section, item)
                    texts = item.text if isinstance(item.text, tuple) else (item.text,)
                    assert texts and all(isinstance(t, (str, Variant)) for t in texts)
                    if item.times:  # a step that draws its time writes it
                        assert all("{t}" in str(t) for t in texts), (name, section, item)
                    assert all(isinstance(t, int) and t > 0 or isinstance(t, Span) and 0 < t.low <= t.high for t in item.times)
                if isinstance(item, Ingredient):
                    seen["ingredient"] += 1
                    assert item.line and not (item.meat and item.fish), (name, section, item)
                    assert item.line.count("[") == item.line.count("]"), item.line
        raw = yaml.safe_load((engine.DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        for item in _walk(raw):  # every appliance named anywhere (steps, a side's extra steps, ...) is one the engine knows
            if isinstance(item, dict) and item.get("appliance") is not None:
                assert item["appliance"] in COOKING_APPLIANCES, (name, item)
    assert seen["chance"] > 250 and seen["step"] > 500 and seen["ingredient"] > 1000, seen
    pools = shared_ingredients()
    assert all(i.meat for pool in ("meat_broths", "chicken_soups", "pork_bits") for i in pools[pool])
    assert not any(i.meat for pool in ("vegetable_broths", "vegetable_soups", "seasonings", "greens") for i in pools[pool])
    assert all(i.fish and not i.meat for i in shared_ingredients().meats if i.fish)


def test_every_data_reference_in_the_builders_exists():
    """Each `data.<group>.<entry>` a builder names is in its section (also the rare branches 2,000 recipes miss)."""
    from pipeline.recipes.engine import load

    root = Path(__file__).resolve().parent.parent / "pipeline" / "recipes"
    files = {"STEPS": "steps", "MAINS": "mains", "CASSEROLES": "casseroles", "SOUPS": "soups", "SALADS": "salads", "SIDES": "sides",
             "DESSERTS": "desserts", "BREADS": "breads", "DRINKS": "drinks", "SAUCES": "sauces", "COMMON": "common"}
    checked = 0
    for path in [root.parent / "sample.py"] + [root / f"{m}.py" for m in BUILDER_MODULES]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in tree.body:
            if not isinstance(fn, ast.FunctionDef):
                continue
            binding = next((n.value for n in ast.walk(fn) if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "data"), None)
            if binding is None:
                continue
            section = load(files[binding.value.id])[binding.attr]
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and getattr(node.value.value, "id", "") == "data":
                    group, entry = node.value.attr, node.attr
                    assert group in section and entry in section[group], f"{path.name}: {fn.name} names data.{group}.{entry}"
                    checked += 1
    assert checked > 1500


# --- dish families: a shifted test set ----------------------------------------------------------------------

# taken before families existed: with no families named, the generator and `sample` write what they always did
# (the bundled sample and the shipped demo student's split depend on it)
DIGEST_SEED0_N400 = "27fa08bacf1284cac2035b4fe611ba59ee2a9ef04e1086f26fec9115e1eb6f0c"
RUN_SEED7_N300 = {"labeled.jsonl": "9e406d6552a3b88f9d47ea461e24377c0c5f94fc6e40019cde4f966a7922d1f0",
                  "unlabeled.jsonl": "36c383419aa69bd3591ea75110cdd0a910f289a716452e9faf03460204eb7a93"}


def test_no_families_named_leaves_the_output_byte_identical(tmp_path):
    rows = generate(400, seed=0)
    assert hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest() == DIGEST_SEED0_N400
    result = run(SampleConfig(out=str(tmp_path), n=300, seed=7))
    assert "families" not in result
    for name, digest in RUN_SEED7_N300.items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest, name


def built_by(rows: list[dict], seed: int, families) -> list[str]:
    """The family that built each row of `sample --seed SEED` (its recipe redrawn with the meta, and checked equal)."""
    out = []
    for i, row in enumerate(rows):
        text, labels, meta = generate_recipe_meta(random.Random(f"{seed}:{i}"), families)
        assert (text, labels) == (row["recipe"], row["labels"])
        out.append(meta["family"])
    return out


def read_labeled(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "labeled.jsonl").read_text(encoding="utf-8").splitlines()]


def test_families_builds_only_those(tmp_path):
    result = run(SampleConfig(out=str(tmp_path), n=150, seed=2, families="soup, salad"))
    assert result["families"] == ["soup", "salad"]
    rows = read_labeled(tmp_path)
    assert rows == generate(150, seed=2, families=("soup", "salad"))
    assert [r["id"] for r in rows] == [f"r2-{i:06d}" for i in range(150)]
    assert set(built_by(rows, 2, result["families"])) == {"soup", "salad"}
    only_soup = [generate_recipe_meta(random.Random(f"5:{i}"), ("soup",))[2] for i in range(60)]
    assert {(m["family"], m["kind"]) for m in only_soup} == {("soup", "soup")}


def test_exclude_families_builds_all_the_others(tmp_path):
    train = run(SampleConfig(out=str(tmp_path / "train"), n=400, seed=2, exclude_families="soup,salad"))
    test = run(SampleConfig(out=str(tmp_path / "test"), n=100, seed=3, families="soup,salad"))
    assert train["families"] == [f for f in BUILDERS if f not in ("soup", "salad")]
    families = Counter(built_by(read_labeled(tmp_path / "train"), 2, train["families"]))
    assert not {"soup", "salad"} & set(families) and len(families) >= 15
    assert set(built_by(read_labeled(tmp_path / "test"), 3, test["families"])) == {"soup", "salad"}
    assert not {r["recipe"] for r in read_labeled(tmp_path / "train")} & {r["recipe"] for r in read_labeled(tmp_path / "test")}


def test_bad_family_settings():
    with pytest.raises(UserError, match=r"^unknown dish family nope; choose from entree, lasagna, .*, preserve$"):
        run(SampleConfig(out="unused", n=5, families="soup,nope"))
    with pytest.raises(UserError, match="--families and --exclude-families cannot be given together"):
        run(SampleConfig(out="unused", n=5, families="soup", exclude_families="salad"))
    with pytest.raises(UserError, match="leaves no dish family"):
        run(SampleConfig(out="unused", n=5, exclude_families=",".join(BUILDERS)))
    with pytest.raises(UserError, match="no dish family named"):
        generate(3, seed=0, families=[])


def test_cli_unknown_family_is_one_error_line(tmp_path):
    result = cli("sample", "--families", "nope", "--n", "5", "--out", str(tmp_path / "s"))
    assert error_line(result).startswith("error: unknown dish family nope; choose from entree, lasagna,")
    assert not (tmp_path / "s").exists()
