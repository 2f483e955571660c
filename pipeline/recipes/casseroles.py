"""Casseroles (casseroles.yaml): main casseroles named after their protein and starch, side casseroles,
breakfast casseroles."""

from __future__ import annotations

from pipeline.recipes.engine import POOLS, Recipe, SERVES_MAIN, SERVES_SIDE, load
from pipeline.recipes.steps import (
    PANS,
    SLOW_COOKERS,
    bake,
    boil_pasta,
    brown,
    chill,
    let_stand,
    microwave,
    mix,
    preheat,
    saute,
    slow_cook,
)

CASSEROLES = load("casseroles")  # casseroles.yaml
CASSEROLE_PROTEINS = CASSEROLES.casserole.ingredients.proteins  # by title word: ingredient options
CASSEROLE_STARCHES = CASSEROLES.casserole.ingredients.starches  # by title word
SIDE_CASSEROLES = CASSEROLES.casserole.ingredients.side_dishes  # by title: ingredients


def casserole(b: Recipe):
    """A main casserole (protein and starch) or a side casserole; baked, microwaved or slow-cooked."""
    data = CASSEROLES.casserole
    b.kind = "casserole"
    meth = b.weighted(data.weights.meth)
    b.main = b.chance(data.chance.main_dish)
    if b.main and b.chance(data.chance.breakfast):
        return _breakfast_casserole(b)
    brown_first, boil_eggs = None, False  # stove work before the casserole is mixed
    if b.main:
        P = b.choice(list(CASSEROLE_PROTEINS))
        starch = b.choice(list(CASSEROLE_STARCHES))
        if P == "Pork Chop":
            starch = b.choice(data.options.pork_chop_starches)
        if meth == "mw" and starch in ("Potato", "Biscuit", "Cornbread", "Tater Tot"):
            starch = "Rice"
        extra = b.choice(data.options.title_extras)
        baked = meth == "oven"
        core = b.pick(data.options.titles, P=P, starch=starch, extra=extra, baked=baked)
        if starch == "Tater Tot" and b.chance(data.chance.tater_tot_title):
            core = b.choice(data.options.tater_tot_titles)
        if P == "Tuna" and starch == "Noodle" and b.chance(data.chance.tuna_noodle_title):
            core = "Tuna Noodle Casserole"
        if starch == "Biscuit" and b.chance(data.chance.biscuits_title):
            core = f"{P} and Biscuits" if meth == "oven" else core
        prot = b.choice(CASSEROLE_PROTEINS[P])
        S, raw = prot.short, prot.raw
        if meth == "slow" and prot.line.startswith("[2|3] c."):  # cooked meat goes into the slow cooker as it is
            raw = False
        b.ingredient(prot)
        starch_item = CASSEROLE_STARCHES[starch]
        ST, st_kind = starch_item.short, starch_item.prep
        b.ingredient(starch_item)
        if raw:
            brown_first = S
    else:
        core = b.choice(list(SIDE_CASSEROLES))
        for e in SIDE_CASSEROLES[core]:
            b.ingredient(e)
        S, ST, st_kind = core.split()[0].lower(), "", ""
        if "Casserole" in core and b.chance(data.chance.other_word_than_casserole):
            core = core.replace("Casserole", b.choice(data.options.words_for_casserole) if meth == "oven" else "Casserole")
        boil_eggs = "hard-boiled" in " ".join(b.ingredients)
    if meth == "slow" and b.chance(data.chance.method_in_title):
        core = b.choice(data.options.slow_cooker_words) + " " + core
    if meth == "mw" and b.chance(data.chance.microwave_in_title):
        core = "Microwave " + core
    b.set_title(core)
    soup = b.ingredient(b.choice(POOLS.chicken_soups + POOLS.vegetable_soups + POOLS.vegetable_soups)) if b.chance(data.chance.canned_soup) else None
    if b.chance(data.chance.dairy):
        b.ingredient(b.choice(data.ingredients.dairy))
    if b.main and b.chance(data.chance.vegetable):
        b.ingredient(b.choice(POOLS.vegetables))
    if b.chance(data.chance.aromatic):
        b.ingredient(b.choice(data.ingredients.aromatics))
    if b.chance(data.chance.meat_in_main if b.main else data.chance.meat_in_side) and "Pineapple" not in core and "Sweet Potato" not in core:
        b.ingredient(b.choice(data.ingredients.side_meats if not b.main else data.ingredients.broths))
    if b.chance(data.chance.cheese):
        b.ingredient(b.choice(POOLS.cheeses))
    top = b.ingredient(b.choice(POOLS.toppings)) if b.chance(data.chance.topping) and meth != "slow" else None
    if b.chance(data.chance.seasonings):
        b.ingredients_from(POOLS.seasonings, b.choice(data.options.seasonings_count))
    if b.main and st_kind == "pasta":
        boil_pasta(b, ST)
    if brown_first:
        brown(b, brown_first)
    if boil_eggs:
        b.step(data.steps.hard_boil_eggs)
    veg_here = [n for n in ("onion", "celery", "mushrooms", "pepper") if any(n in i for i in b.ingredients)]
    if meth == "oven" and veg_here and b.chance(data.chance.saute):
        saute(b, veg_here[:2])
    if any("Stove Top" in i for i in b.ingredients):
        b.step(data.steps.mix_stove_top)
    parts = [x for x in [S if b.main else None, ST or None, soup, "remaining ingredients"] if x]
    mix(b, parts if len(parts) > 1 else data.options.mix_all)
    if meth == "oven":
        pan = b.choice(PANS)
        pre = b.chance(data.chance.preheat)
        v = b.choice(data.options.oven_temperatures)
        if pre:
            preheat(b, v, pan)
        b.step(data.steps.into_the_pan, pan=pan)
        if top:
            b.step(data.steps.topping, top=top)
        bake(b, data.times.bake, b.choice(data.options.doneness),
             None if pre else v, covered=b.choice(data.options.covered))
    elif meth == "mw":
        b.step(data.steps.into_a_microwave_dish)
        microwave(b, "casserole", data.times.microwave, d="hot and bubbly")
        if top:
            b.step(data.steps.topping_after_microwave, top=top)
        let_stand(b)
    else:
        cookers = [b.choice(SLOW_COOKERS) for _ in range(3)]  # one per template
        b.step(data.steps.into_the_slow_cooker, cookers=cookers)
        slow_cook(b, data.times.slow_cooker_hours)
    b.finish(SERVES_MAIN if b.main else SERVES_SIDE)


def _breakfast_casserole(b: Recipe):
    """A breakfast casserole or strata (sausage, ham or bacon)."""
    data = CASSEROLES.breakfast_casserole
    P = b.choice(data.options.proteins)
    core = b.pick(data.options.titles, P=P)
    b.set_title(core)
    ent = data.ingredients.meats[P]
    b.ingredient(ent)
    b.ingredient(b.choice(data.ingredients.breads))
    b.ingredient(data.ingredients.eggs)
    b.ingredient(data.ingredients.milk)
    b.ingredient(b.choice(data.ingredients.cheeses))
    b.ingredient(b.choice(data.ingredients.seasonings))
    if P == "Sausage":
        brown(b, "sausage")
    elif P == "Bacon":
        b.step(data.steps.fry_bacon_skillet)
    b.step(data.steps.layer_bread_meat)
    b.step(data.steps.beat_eggs_milk)
    if b.chance(data.chance.overnight):
        chill(b)
    bake(b, data.times.bake, b.choice(data.options.doneness), b.choice(data.options.oven_temperatures))
    b.finish(data.options.serves)
