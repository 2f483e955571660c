"""Salads (salads.yaml): main salads built around a protein, side salads."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.recipes.engine import Ingredient, POOLS, Recipe, SERVES_MAIN, SERVES_SIDE, load, records
from pipeline.recipes.steps import boil_pasta, brown, chill, mix, preheat_grill

SALADS = load("salads")  # salads.yaml


@dataclass(frozen=True)
class MainSalad:
    """A salad built around a protein (a main dish)."""

    titles: list[str]
    proteins: list[Ingredient]  # one is used
    base: list[Ingredient]  # most are used
    dressings: list[Ingredient]  # one or two are used


@dataclass(frozen=True)
class SideSalad:
    """A side salad."""

    titles: list[str]
    base: list[Ingredient]
    dressings: list[Ingredient]
    style: str = ""  # maybe_bacon (half the time bacon), wilted (hot bacon dressing), layered


MAIN_SALADS = records(MainSalad, SALADS.salad.dishes.main_salads, "salads.salad.dishes.main_salads")
SIDE_SALADS = records(SideSalad, SALADS.salad.dishes.side_salads, "salads.salad.dishes.side_salads")


def salad(b: Recipe):
    """A main or side salad."""
    data = SALADS.salad
    b.kind = "salad"
    b.main = b.chance(data.chance.main_dish)
    if b.main:
        dish = b.choice(MAIN_SALADS)
        titles, prots, base, dress, extra = dish.titles, dish.proteins, dish.base, dish.dressings, ""
    else:
        dish = b.choice(SIDE_SALADS)
        titles, prots, base, dress, extra = dish.titles, [], dish.base, dish.dressings, dish.style
    core = b.choice(titles)
    b.set_title(core)
    pe = None
    if prots:
        pe = b.choice(prots)
        b.ingredient(pe)
    cooks = []  # base ingredients cooked before the salad is mixed
    for e in (base if extra in ("wilted", "layered") else b.sample(base, max(2, len(base) - b.choice(data.options.base_left_out)))):
        if e.prep:
            cooks.append(e)
        b.ingredient(e)
    if extra == "maybe_bacon" and b.chance(data.chance.bacon):
        ent = b.choice(data.ingredients.bacon)
        b.ingredient(ent)
    chosen_dress = []
    for e in b.sample(dress, b.choice(data.options.dressings_count)) if dress else []:
        chosen_dress.append(b.ingredient(e))
    if b.chance(data.chance.seasonings):
        b.ingredients_from(data.ingredients.seasonings + data.ingredients.more_seasonings, b.choice(data.options.dressings_count))
    S = pe.short if pe else base[0].short  # the protein, or the salad's main vegetable (listed first)
    # cooking the protein
    if pe is not None and pe is POOLS.meats.chicken_raw:
        if b.chance(data.chance.poach_chicken):
            b.step(data.steps.simmer_chicken_salted)
        else:
            t = b.time_from(data.times.grill_chicken, mult=2)
            if b.chance(data.chance.preheat_grill):
                preheat_grill(b)
            b.step(data.steps.grill_chicken_per, t=t)
    elif pe is not None and pe.short == "beef" and pe.meat:
        brown(b, "ground beef")
        if "taco" in core.lower() and b.chance(data.chance.taco_seasoning):
            b.step(data.steps.stir_env_taco)
    elif pe is not None and pe.short == "steak":
        t = b.time_from(data.times.steak, mult=2)
        if b.chance(data.chance.grill_steak):
            b.step(data.steps.grill_steak_per, t=t)
        else:
            b.step(data.steps.cook_steak_hot, t=t)
    elif pe is not None and "cooked" not in pe.line and pe.short == "shrimp":
        b.step(data.steps.cook_shrimp_boiling)
    for item in cooks:
        if item.prep == "pasta":
            boil_pasta(b, item.short)
        elif item.prep == "potato":
            if b.chance(data.chance.boil_potatoes):
                b.step(data.steps.boil_potatoes_their)
            else:
                b.step(data.steps.cube_potatoes_microwave)
        elif item.prep == "egg":
            b.step(data.steps.hard_boil_eggs)
        elif item.prep == "bacon":
            if b.chance(data.chance.fry_bacon):
                b.step(data.steps.fry_bacon_skillet)
            else:
                b.step(data.steps.microwave_bacon_between)
    if extra == "wilted":
        b.step(data.steps.fry_bacon_for_dressing)
        b.step(data.steps.add_sugar_vinegar)
        b.step(data.steps.pour_hot_dressing)
    elif extra == "layered":
        b.step(data.steps.layer_lettuce_peas)
        dressing = chosen_dress[0] if chosen_dress else "dressing"
        b.step(data.steps.spread_top_seal, dressing=dressing)
    else:
        parts = [S, b.choice(data.options.the_rest)]
        mix(b, parts)
        if chosen_dress:
            d = chosen_dress[0]
            b.step(data.steps.add_toss_coat, d=d)
    if b.chance(data.chance.chill) or "Marinated" in core or "Overnight" in core or extra == "layered":
        chill(b, "salad", d="well chilled")
    elif b.chance(data.chance.serve_at_once):
        b.step(data.steps.toss_serve)
    if b.main and b.chance(data.chance.serve_on_lettuce):
        b.step(data.steps.serve_lettuce_leaves)
    b.finish(SERVES_MAIN if b.main else SERVES_SIDE)
