"""Synthetic cooking recipes with exact labels: the offline stand-in for GPT-4-labeled recipes.

``generate(n, seed)`` builds ``n`` recipes; each is drawn by its own ``random.Random(f"{seed}:{i}")``,
so the output is deterministic and ``generate(10, s)`` is a prefix of ``generate(100, s)``.
``run(SampleConfig(out=..., n=..., seed=...))`` writes ``OUT/labeled.jsonl`` (id, recipe, labels,
source) and ``OUT/unlabeled.jsonl`` (id, recipe).

``generate(n, seed, families=(...))`` (``--families soup,salad``, or ``--exclude-families soup,salad``)
builds only from those dish families (``BUILDERS``' names): train on all but some families and test on
those, and the test set is shifted away from what the student learned. With no families named the output
is byte for byte what it always was.

Text format (exact)::

    Title

    Ingredients:
    - ingredient
    ...

    Directions:
    - step
    ...

Title, blank line, ``Ingredients:`` with ``- `` bullets, blank line, ``Directions:`` with ``- ``
bullets (the last ones may be a "Serves 4." line and short notes such as "Can be frozen.").
No trailing newline; 3 to 25 bullet lines in all.

What the generator covers
-------------------------
Dish kinds: main (meat, fish and vegetarian entrees, pasta, lasagna, pizza, tacos, ...),
casserole (main or side), soup (hearty or light), salad (main or side), side, dessert, bread,
drink, sauce, marinade, preserve (jams, jellies, pickles, relishes, apple butter).
Appliances: oven, stove, microwave, slow cooker (crock-pot), grill, air fryer, or none (no-cook);
some recipes use two (brown meat in a skillet, then bake; grill meat, simmer the sauce).
Titles come from pools with owners ("Grandma's"), adjectives and the odd capitalisation of the
real corpus ("Mom'S Meatloaf", "EASY CHICKEN CASSEROLE", "grandma's apple crisp"); ingredient
lists use brand names (Cool Whip, Jell-O, Bisquick, Velveeta, Campbell's, Stove Top, Pam) and
the usual abbreviations (c., tsp., Tbsp., T., oz., lb., pkg., qt., pt., doz., sm., med., lg.).

Labeling rules (exactly what the generator implements)
------------------------------------------------------
has_non_fish_meat
    True when an ingredient is meat or a meat product other than fish: chicken, turkey, beef,
    ground beef/chuck, hamburger, pork, ham, ham hock, bacon, bacon bits, bacon grease/drippings,
    salt pork, lard, sausage, kielbasa, chorizo, pepperoni, prosciutto, hot dogs, pork and beans,
    lamb, veal, chicken/beef broth, stock or bouillon, cream of chicken soup. Fish and shellfish
    (tuna, salmon, cod, tilapia, catfish, halibut, shrimp, crab, imitation crab, clams, scallops,
    anchovies, oyster sauce, clam juice) do not count. Gelatin, Jell-O, marshmallows,
    Worcestershire sauce, vegetable broth/bouillon and cream of mushroom/celery soup are not
    meat. Marinades and sauces never name a meat they are meant for, so the label only follows
    the ingredients.
requires_oven
    True when a step bakes, roasts or broils in the oven ("Preheat oven to 350°", "Bake at 375°
    for 45 minutes", "in a 375 degree oven", "Broil 4 inches from heat"). Every recipe that
    contains the word "oven", "bake" or "broil" needs the oven, and no other does. Microwave,
    slow cooker, grill and air fryer recipes do not need the oven. A "Pyrex dish" is used both
    in the oven and the microwave; the title word "Bake" only appears on oven recipes.
requires_stove
    True when a step uses a burner: skillet, frying pan, saucepan, pot or kettle on the heat,
    double boiler, griddle, wok, "bring to a boil", "simmer", "saute", "over medium heat",
    "boiling water bath", "on the stove". "Stove Top stuffing" is a brand: on its own it does
    not mean stove (it is used in baked and microwaved dishes); "Crock-Pot"/"Crock Pot" and
    "Pot Roast" are not stove pots either. Microwave, slow cooker, grill, air fryer and no-cook
    recipes do not need the stove; ingredients bought or listed as already cooked ("2 c. cooked
    chicken", "cooked rice") do not count. Every stove recipe names one of these cues.
cook_time_over_30_mins
    Total minutes = sum over steps of the written time (the upper bound of a range; "per side"
    doubled) or, when no time is written, the step's typical duration. Untimed long steps are
    always recognisable: "overnight", "until doubled", "refrigerate/chill until set or firm",
    "chill thoroughly", "freeze until firm", "cool completely", "bake until a toothpick comes
    out clean" (cakes and breads), "roast until a meat thermometer reads ...", "simmer until
    the meat is tender", "cook on low all day" (all well over 30 minutes). Untimed short steps
    are things like "toss and serve", "blend until smooth", "stir until heated through",
    "brown the meat", "cook pasta according to package directions", "microwave until melted"
    (a few minutes each). Hands-on prep (chopping, mixing) is not counted. Any time written in
    hours or days, any "overnight" and every slow-cooker recipe makes the recipe long. The
    generator never emits totals between 21 and 39 minutes, so the answer is never a question
    of fine arithmetic: short recipes total 20 minutes or less (no written time in them is over
    20 minutes), long ones 40 or more (a recipe whose longest step is 21-30 minutes is long only
    because its other steps, written or typical, take the total past 40). Notes ("Can be
    frozen.") and yield lines ("Serves 4.", "Makes 2 dozen.") never contain times.
main_dish
    True for main-course entrees (meat, fish or vegetarian: chops, roasts, stir-fries, pasta,
    lasagna, pizza, enchiladas, quiche, tacos, burgers, meatloaf, ...), for main casseroles
    (the title names the protein: "Chicken Broccoli Casserole", "Tuna Noodle Casserole"), for
    hearty soups, stews and chilis (meat, fish or bean protein; "Serves 6"), and for main
    salads built around chicken, ham, turkey, beef, tuna, shrimp, crab or salmon.
    False for desserts, breads, drinks, sauces, gravies, marinades, preserves, vegetable and
    starch sides, side casseroles (green bean, corn, hash brown, sweet potato ...), light soups
    (cream of tomato, gazpacho, French onion ...) and side salads (coleslaw, potato salad,
    broccoli salad ...; Jell-O salads are generated as desserts), even when they contain bacon
    or chicken broth.

Over 2,000 recipes each label is true for roughly 30-60% of recipes (requires_oven is the
rarest, about a third; cook_time_over_30_mins the most common, about 60%).

Besides the API above, ``generate_recipe_meta(rng)`` returns ``(text, labels, meta)`` where
meta is ``{"kind": one of KINDS, "appliances": sorted subset of APPLIANCES, "minutes": total,
"family": the BUILDERS name that made it}`` (the same draw as ``generate_recipe(rng)``); it is what the
tests use to check coverage.

How it is built
---------------
This module draws a builder (``BUILDERS``, weighed by common.yaml's ``families``), lets it make the
recipe, adds label-neutral lines (``_enrich``) and reads the labels off the facts the builder recorded
(``LABEL_RULES``; the field names and their order come from the recipes task). The builders live in
``pipeline/recipes`` (one module per dish family, on a small engine: ``pipeline/recipes/engine.py``)
and everything they write, and every probability and weight, is data in ``pipeline/recipes/*.yaml``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import UserError
from pipeline.recipes import breads, casseroles, desserts, drinks, mains, salads, sauces, sides, soups
from pipeline.recipes.engine import APPLIANCES, COMMON, KINDS, Recipe  # noqa: F401 - APPLIANCES, KINDS are public here
from pipeline.task import load_task

SHORT_MAX = 20  # totals at or below this are "not over 30 minutes"
LONG_MIN = 40  # totals at or above this are "over 30 minutes"; nothing is generated in between

# how each of the recipes task's fields follows from what the builder recorded
LABEL_RULES = {
    "has_non_fish_meat": lambda b: bool(b.meat),
    "requires_oven": lambda b: "oven" in b.appliances,
    "requires_stove": lambda b: "stove" in b.appliances,
    "cook_time_over_30_mins": lambda b: b.minutes >= LONG_MIN,
    "main_dish": lambda b: bool(b.main),
}
FIELDS = tuple(load_task("recipes").field_names)  # the labels' names and order come from the task
if set(FIELDS) != set(LABEL_RULES):  # pragma: no cover - a changed task needs new rules here
    raise RuntimeError(f"the recipes task's fields {FIELDS} are not the ones the generator labels ({tuple(LABEL_RULES)})")


@dataclass
class SampleConfig:
    """Settings of `python -m pipeline sample`."""

    out: str = "data/sample"  # folder; run() writes OUT/labeled.jsonl and OUT/unlabeled.jsonl
    n: int = 2000  # number of recipes
    seed: int = 0
    families: str = field(default="", metadata={"help": "build only these dish families, comma-separated (e.g. soup,salad: a shifted test set)"})
    exclude_families: str = field(default="", metadata={"help": "build every dish family but these, comma-separated (e.g. soup,salad: the training set)"})


_NOT_FRESH = re.compile(r"powder|\bcans?\b|soup|juice|sauce|pkg|jar|dried|frozen|salt|seasoning|mix\b|canned|mashed|pie filling|dressing|flakes|seeds?\b", re.I)
_PREHEAT_STEP = re.compile(r"(Preheat|Heat oven|Set oven|Turn oven|Preheat your|Heat the oven|Light oven|Have oven|Position rack|Start by|Oven should|"
                           r"Get the oven|First, preheat)")  # a prep line goes after a first preheat step


def _enrich(b: Recipe):
    """Label-neutral extra prep lines, so texts are not all skeletons of the same length."""
    data = COMMON.enrich
    fresh = [i.lower() for i in b.ingredients if not _NOT_FRESH.search(i)]
    text = " ".join(fresh)
    found = [w for w in data.options.produce if w in text and not (w == "onion" and "green onions" in text and text.count("onion") == 1)]
    found = [w for w in found if not any(w != o and w in o for o in found)]
    if found and b.chance(data.chance.prep_line):
        items = b.sample(found, min(len(found), b.choice(data.options.produce_count)))
        x = b.join(items)
        line = b.pick(data.options.prep_lines, x=x)
        pos = 1 if b.directions and _PREHEAT_STEP.match(b.directions[0]) else 0
        b.directions.insert(pos, line)
    if b.kind not in ("dessert", "drink", "preserve") and b.chance(data.chance.salt_and_pepper) and not any("salt and pepper" in i for i in b.ingredients):
        b.ingredients.append(b.choice(data.options.salt_and_pepper))
    extra_lines = data.options.extra_steps.get(b.kind)
    if extra_lines and b.chance(data.chance.extra_steps):
        for line in b.sample(extra_lines, b.choice(data.options.extras_count)):
            b.directions.append(line)
    extra_ings = data.options.extra_ingredients.get(b.kind)
    if extra_ings and b.chance(data.chance.extra_ingredients):
        for line in b.sample(extra_ings, b.choice(data.options.extras_count)):
            if not any(line.split()[-1] in i for i in b.ingredients):
                b.ingredients.append(line)
    if b.chance(data.chance.note):
        b.notes.append(b.choice(COMMON.finish.options.notes))


BUILDERS = {  # by the names common.yaml's families weigh
    "entree": mains.entree, "lasagna": mains.lasagna, "enchiladas": mains.enchiladas, "pizza": mains.pizza, "quiche": mains.quiche,
    "stuffed_peppers": mains.stuffed_peppers, "pasta": mains.pasta, "stir_fry": mains.stir_fry, "tacos": mains.tacos, "meatloaf": mains.meatloaf,
    "burgers": mains.burgers, "sandwiches": mains.sandwiches, "casserole": casseroles.casserole, "soup": soups.soup, "salad": salads.salad,
    "side": sides.side, "dessert": desserts.dessert, "bread": breads.bread, "drink": drinks.drink, "sauce": sauces.sauce,
    "marinade": sauces.marinade, "preserve": sauces.preserve,
}


def _render(b: Recipe) -> str:
    """The recipe in the corpus's text format."""
    lines = [b.title, "", "Ingredients:"] + [f"- {i}" for i in b.ingredients] + ["", "Directions:"] + [f"- {d}" for d in b.directions + b.notes]
    return "\n".join(lines)


def families_from(only: str = "", exclude: str = "") -> tuple[str, ...] | None:
    """The families `--families`/`--exclude-families` name, in BUILDERS order; None (all, as always) when neither does."""
    if only.strip() and exclude.strip():
        raise UserError("--families and --exclude-families cannot be given together; pick one")
    named = {name.strip() for name in (only or exclude).split(",") if name.strip()}
    if not named:
        return None
    check_families(named)
    chosen = tuple(name for name in BUILDERS if (name in named) == bool(only.strip()))
    if not chosen:
        raise UserError("--exclude-families leaves no dish family to build; exclude fewer")
    return chosen


def check_families(names: Iterable[str]) -> None:
    """A UserError naming the unknown ones and listing the valid ones, unless every name is a BUILDERS family."""
    names = set(names)
    unknown = sorted(names - set(BUILDERS))
    if unknown or not names:
        what = f"unknown dish famil{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}" if unknown else "no dish family named"
        raise UserError(f"{what}; choose from {', '.join(BUILDERS)}")


def _builder_weights(families: Iterable[str] | None) -> dict[str, float]:
    """common.yaml's builder weights, all of them (families None) or those of the named families."""
    weights = COMMON.families.weights.builders
    if families is None:
        return dict(weights)
    chosen = set(families)
    check_families(chosen)
    return {name: w for name, w in weights.items() if name in chosen}


def _build(rng: random.Random, families: Iterable[str] | None = None) -> tuple[Recipe, str]:
    """Draw builders (of `families`, or all) until one makes a recipe of the right size whose total time is
    clearly short or long; the recipe and the family that built it."""
    weights = _builder_weights(families)
    names = list(weights)
    for _ in range(200):
        b = Recipe(rng)
        family = rng.choices(names, weights=list(weights.values()))[0]
        BUILDERS[family](b)
        _enrich(b)
        if not b.appliances:
            b.appliances.add("none")
        total = len(b.ingredients) + len(b.directions) + len(b.notes)
        if not (3 <= total <= 25) or not b.directions or not b.ingredients:
            continue
        if SHORT_MAX < b.minutes < LONG_MIN:
            continue
        return b, family
    raise RuntimeError("recipe generator failed to produce a recipe")  # pragma: no cover


def _labels(b: Recipe) -> dict[str, bool]:
    """The labels, in the task's field order."""
    return {field: LABEL_RULES[field](b) for field in FIELDS}


def generate_recipe_meta(rng: random.Random, families: Iterable[str] | None = None) -> tuple[str, dict[str, bool], dict]:
    """Like generate_recipe, plus {"kind", "appliances", "minutes", "family"} describing how the recipe was built."""
    b, family = _build(rng, families)
    meta = {"kind": b.kind, "appliances": sorted(b.appliances), "minutes": b.minutes, "family": family}
    return _render(b), _labels(b), meta


def generate_recipe(rng: random.Random, families: Iterable[str] | None = None) -> tuple[str, dict[str, bool]]:
    """One recipe text and its exact labels (dict over FIELDS, in FIELDS order), from `families` (None: all)."""
    text, labels, _ = generate_recipe_meta(rng, families)
    return text, labels


def generate(n: int, seed: int = 0, families: Iterable[str] | None = None) -> list[dict]:
    """Rows {"id": f"r{seed}-{i:06d}", "recipe": text, "labels": {...}, "source": "generator"}, built from
    `families` (BUILDERS names; None: every family, the output it always had).

    Recipe i uses its own random.Random(f"{seed}:{i}") so generate(10, s) is a prefix of generate(100, s).
    """
    families = tuple(families) if families is not None else None
    rows = []
    for i in range(n):
        text, labels = generate_recipe(random.Random(f"{seed}:{i}"), families)
        rows.append({"id": f"r{seed}-{i:06d}", "recipe": text, "labels": labels, "source": "generator"})
    return rows


def run(config: SampleConfig) -> dict:
    """Write OUT/labeled.jsonl and OUT/unlabeled.jsonl; return paths, n and the per-field positive rate."""
    if config.n < 1:
        raise UserError(f"--n must be at least 1, got {config.n}")
    families = families_from(config.families, config.exclude_families)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    labeled, unlabeled = out / "labeled.jsonl", out / "unlabeled.jsonl"
    indices = range(config.n)
    try:
        from tqdm import tqdm

        indices = tqdm(indices, desc="generating recipes", unit="recipe", disable=config.n < 500)
    except ImportError:  # pragma: no cover
        pass
    counts = dict.fromkeys(FIELDS, 0)
    with open(labeled, "w", encoding="utf-8") as fl, open(unlabeled, "w", encoding="utf-8") as fu:
        for i in indices:
            text, labels = generate_recipe(random.Random(f"{config.seed}:{i}"), families)
            rid = f"r{config.seed}-{i:06d}"
            fl.write(json.dumps({"id": rid, "recipe": text, "labels": labels, "source": "generator"}, ensure_ascii=False) + "\n")
            fu.write(json.dumps({"id": rid, "recipe": text}, ensure_ascii=False) + "\n")
            for f in FIELDS:
                counts[f] += bool(labels[f])
    balance = {f: (counts[f] / config.n if config.n else 0.0) for f in FIELDS}
    result = {"labeled": str(labeled), "unlabeled": str(unlabeled), "n": config.n, "balance": balance}
    return result if families is None else {**result, "families": list(families)}
