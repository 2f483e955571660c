"""Vegetable and starch sides (sides.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.recipes.engine import Ingredient, Recipe, SERVES_SIDE, TimeOption, load, records
from pipeline.recipes.steps import (
    GARNISHES,
    SLOW_COOKERS,
    air_fry,
    bake,
    microwave,
    preheat,
    preheat_grill,
    serve,
    slow_cook,
)

SIDES = load("sides")  # sides.yaml


def _cook_side(b: Recipe, meth: str, x: str, times):
    """The side's cooking step for its method."""
    data = SIDES.side_cooking
    if meth == "boil" and x == "eggs":
        t = b.time_from(times)
        b.step(data.steps.place_eggs_saucepan, t=t)
    elif meth == "boil":
        t = b.time_from(times)
        b.step(data.steps.cook_boiling_salted, x=x, t=t)
    elif meth == "steam":
        t = b.time_from(times)
        b.step(data.steps.steam_boiling_water, x=x, t=t)
    elif meth == "simmer":
        t = b.time_from(times)
        b.step(data.steps.place_large_pot, x=x, t=t)
    elif meth == "saute":
        t = b.time_from(times)
        b.step(data.steps.saute_butter_large, x=x, t=t)
    elif meth == "fry":
        t = b.time_from(times)
        b.step(data.steps.fry_hot_oil, x=x, t=t)
    elif meth in ("roast", "bake"):
        v = b.choice(data.options.roast_temperatures if meth == "roast" else data.options.bake_temperatures)
        if b.chance(data.chance.preheat):
            preheat(b, v, b.choice(data.options.roasting_pans))
            v = None
        if meth == "roast":
            t = b.time_from(times)
            if v is None:
                b.step(data.steps.spread_baking_sheet, x=x, t=t)
            else:
                T, A = b.degrees(v), [b.degrees_adjective(v) for _ in range(2)]  # one per template
                b.step(data.steps.spread_shallow_pan, x=x, T=T, t=t, A=A)
        else:
            bake(b, times, b.choice(data.options.doneness), v, covered=b.choice(data.options.covered))
    elif meth == "mw":
        microwave(b, x, times, d="tender")
    elif meth == "grill":
        if b.chance(data.chance.preheat_grill):
            preheat_grill(b)
        t = b.time_from(times)
        b.step(data.steps.grill_medium_coals, x=x, t=t)
    elif meth == "air":
        air_fry(b, x, times, d="tender and crisp")
    elif meth == "slow":
        b.step(data.steps.slow_cooker, x=x, cooker=b.choice(SLOW_COOKERS))
        slow_cook(b, data.times.slow_cooker_hours)


@dataclass(frozen=True)
class SideStep:
    """A step before or after the cooking, with what it books."""

    text: str
    minutes: int = 0
    appliance: str | None = None
    not_in_slow_cooker: bool = False  # it names a casserole dish: left out when the side is slow-cooked


@dataclass(frozen=True)
class Side:
    """A vegetable or starch side."""

    titles: dict[str, list[str]]  # by cooking method
    ingredients: list[Ingredient]  # the first is what the steps cook
    methods: dict[str, list[TimeOption] | None]  # cooking times by method (None: the method's step has its own)
    meat_options: list[Ingredient] = ()  # meat it may be cooked with
    broth: bool = False  # cooked in broth (meat or vegetable)
    before: list[SideStep] = ()  # steps before the cooking
    after: list[SideStep] = ()  # steps after it (one or two are used)


SIDE_RECIPES = records(Side, SIDES.side.dishes.sides, "sides.side.dishes.sides")


def side(b: Recipe):
    """A vegetable or starch side dish."""
    data = SIDES.side
    b.kind, b.main = "side", False
    dish = b.choice(SIDE_RECIPES)
    titles, ings, methods, pre, post = dish.titles, dish.ingredients, dish.methods, dish.before, dish.after
    meth = b.choice(list(methods))
    core = b.choice(titles[meth])
    if "Green Tomatoes" in core:  # green tomatoes instead of the okra (listed first)
        ings = [data.ingredients.green_tomatoes] + ings[1:]
    b.set_title(core)
    names = [b.ingredient(e) for e in ings]
    x = names[0]  # what the steps cook: listed first
    meat_item = None
    if dish.broth:
        meat_item = b.ingredient(b.choice(data.ingredients.broths + ([data.ingredients.sausage_instead_of_broth] if "Sausage" in core else [])))
    elif dish.meat_options and (b.chance(data.chance.meat) or "Bacon" in core or "Southern" in core or "Country" in core or "Old-Fashioned" in core or "Calico" in core):
        meat_item = b.ingredient(b.choice(dish.meat_options))
    if "Sausage" in core and not dish.broth and not b.meat:
        meat_item = b.ingredient(data.ingredients.browned_sausage)
    if "Crab" in core:
        b.ingredient(data.ingredients.crab)
    if b.chance(data.chance.seasonings):
        b.ingredients_from(data.ingredients.seasonings + data.ingredients.herbs, b.choice(data.options.seasonings_count))
    if meat_item == "bacon" and meth != "slow":
        b.step(data.steps.fry_bacon_skillet)
    for prep in pre:
        if not (meth == "slow" and prep.not_in_slow_cooker):
            b.add_step(prep.text, minutes=prep.minutes, appliance=prep.appliance)
    _cook_side(b, meth, x, methods[meth])
    if core.startswith("Twice-Baked") or core.startswith("Stuffed Baked"):
        b.step(data.steps.scoop_out_potatoes)
        bake(b, data.times.bake_stuffed_potatoes, "lightly browned", None, covered=None)
    for step in post[:b.choice(data.options.after_steps_count)]:
        b.add_step(step.text, minutes=step.minutes, appliance=step.appliance)
    if b.chance(data.chance.finishing_touch):
        garnishes = [b.choice(GARNISHES) for _ in range(2)]  # one per template
        b.step(data.steps.season_salt_pepper, garnishes=garnishes)
    if b.chance(data.chance.serve):
        serve(b, base=False)
    b.finish(SERVES_SIDE)
