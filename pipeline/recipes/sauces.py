"""Sauces, dressings, gravies, marinades and rubs, preserves (sauces.yaml)."""

from __future__ import annotations

from pipeline.recipes.engine import Recipe, load, short_of
from pipeline.recipes.steps import SLOW_COOKERS, bake, chill, microwave, mix, saute, simmer, slow_cook

SAUCES = load("sauces")  # sauces.yaml


def sauce(b: Recipe):
    """A sauce, dressing or gravy."""
    data = SAUCES.sauce
    b.kind, b.main = "sauce", False
    name = b.choice(data.options.names)
    slowc = name in ("Spaghetti Sauce", "Applesauce", "Barbecue Sauce") and b.chance(data.chance.slow_cooker)
    b.set_title((b.choice(data.options.slow_cooker_words) if slowc else "") + name)
    ingredients = data.ingredients.recipes[name]
    for e in ingredients:
        if e.line == "BROTH":  # a broth, meat or not, drawn here
            b.ingredient(b.choice(data.ingredients.broths))
        else:
            b.ingredient(e)
    if name in data.options.no_cook:
        if "Pesto" == name:
            b.step(data.steps.place_basil_cheese)
            b.step(data.steps.add_oil_thin)
        else:
            if "hard-boiled" in " ".join(b.ingredients):
                b.step(data.steps.hard_boil_egg)
            mix(b, data.options.mix_all if b.chance(data.chance.mix_all) else [short_of(x.line) for x in ingredients[:3]])
        if b.chance(data.chance.chill_cold_sauce):
            chill(b, "", d="cold")
        else:
            b.step(data.steps.serve_immediately, with_chips="Salsa" in name or "Pico" in name)
    elif slowc:
        b.step(data.steps.slow_cooker, cooker=b.choice(SLOW_COOKERS))
        slow_cook(b, data.times.slow_cooker_hours)
        if name == "Applesauce":
            b.step(data.steps.mash_apples_potato)
    else:
        if name in ("Cheese Sauce", "White Sauce", "Brown Gravy", "Mushroom Gravy", "Enchilada Sauce", "Country Gravy", "Giblet Gravy"):
            if name == "Mushroom Gravy":
                saute(b, data.options.saute_mushrooms, timed=True)
            if name == "Giblet Gravy":
                b.step(data.steps.simmer_giblets_salted)
            if b.chance(data.chance.microwave_white_sauce) and name in ("Cheese Sauce", "White Sauce"):
                b.step(data.steps.microwave_butter_flour)
            else:
                b.step(data.steps.melt_fat_saucepan)
                b.step(data.steps.gradually_whisk_liquid)
            if name == "Cheese Sauce":
                b.step(data.steps.stir_cheese_melted)
        elif name == "Hollandaise Sauce":
            b.step(data.steps.whisk_egg_yolks)
            b.step(data.steps.slowly_whisk_melted)
        elif name in ("Hot Fudge Sauce", "Caramel Sauce", "Lemon Curd") and b.chance(data.chance.microwave_sweet_sauce):
            b.step(data.steps.microwave_ingredients_glass)
            if name == "Lemon Curd":
                chill(b, "curd", d="thick")
        else:
            if name in ("Spaghetti Sauce", "Marinara Sauce") and b.chance(data.chance.saute_first):
                saute(b, data.options.spaghetti_aromatics if name == "Spaghetti Sauce" else data.options.marinara_aromatics)
            b.step(data.steps.combine_ingredients_saucepan)
            if name in ("Spaghetti Sauce", "Barbecue Sauce", "Marinara Sauce", "Applesauce"):
                simmer(b, data.times.long_simmer, d=b.pick(data.options.long_simmer_doneness, applesauce=name == "Applesauce"))
            else:
                simmer(b, data.times.short_simmer, d=b.pick(data.options.short_simmer_doneness, cranberries=name == "Cranberry Sauce"))
            if name in ("Cranberry Sauce", "Lemon Curd") and b.chance(data.chance.chill_thick_sauce):
                chill(b, "", d="thick")
        if b.chance(data.chance.serve_line) and name not in ("Cranberry Sauce", "Lemon Curd"):
            b.step(data.steps.serve_warm)
    b.finish(data.options.serves)


def marinade(b: Recipe):
    """A marinade or dry rub."""
    data = SAUCES.marinade
    b.kind, b.main = "marinade", False
    name = b.choice(list(data.ingredients.marinades))
    b.set_title(b.choice([name, name, name.replace("Marinade", "Marinade Mix") if "Marinade" in name else name, "Easy " + name]), adjectives=False)
    for e in data.ingredients.marinades[name]:
        b.ingredient(e)
    if b.chance(data.chance.seasonings):
        b.ingredients_from(data.ingredients.seasonings, b.choice(data.options.seasonings_count))
    if "Rub" in name:
        b.step(data.steps.combine_ingredients_small)
        b.step(data.steps.store_airtight_container)
    else:
        roll = b.rng.random()  # one draw: cooked on the stove, in the microwave, or not at all
        if roll < data.chance.cooked_on_stove:
            b.step(data.steps.simmer_marinade)
            b.step(data.steps.cool_before_using)
        elif roll < data.chance.cooked_on_stove_or_microwaved:
            b.step(data.steps.microwave_ingredients_glass)
        else:
            b.step(data.steps.whisk_ingredients_together)
        if b.chance(data.chance.rest):
            if b.chance(data.chance.rest_timed):
                b.step(data.steps.let_stand_blend)
            else:
                b.step(data.steps.refrigerate_overnight_blend)
        elif b.chance(data.chance.use_line):
            b.step(data.steps.use_immediately)
    b.finish(data.options.serves, note_chance=data.chance.note)


def preserve(b: Recipe):
    """Jam, pickles, relish or fruit butter."""
    data = SAUCES.preserve
    b.kind, b.main = "preserve", False
    style = b.weighted(data.weights.style)
    if style in ("jam", "freezer", "mwjam"):
        jam(b, style)
    elif style in ("pickles", "quick"):
        pickles(b, style)
    else:
        {"relish": relish, "butter": fruit_butter}[style](b)
    b.finish(data.options.serves, note_chance=data.chance.note)


def jam(b: Recipe, style: str):
    """Jam or jelly: cooked and canned, freezer jam or microwave jam."""
    data = SAUCES.jam
    fruit = b.choice(data.options.fruits)
    kind = "Jelly" if fruit in ("Grape", "Pepper", "Hot Pepper") else b.choice(data.options.jam_words)
    core = f"{fruit} {kind}"
    if style == "freezer":
        core = f"{fruit} Freezer Jam" if "Pepper" not in fruit else f"Freezer {fruit} Jelly"
    if style == "mwjam":
        core = f"Microwave {fruit} Jam"
    b.set_title(core)
    plural = data.options.fruit_plurals[fruit]
    b.ingredient(data.ingredients.crushed if plural != "grape juice" else data.ingredients.grape_juice, plural=plural)
    b.ingredient(data.ingredients.sugar if style != "mwjam" else data.ingredients.microwave_jam_sugar)
    if style != "mwjam":
        b.ingredient(b.choice(data.ingredients.pectins))
    if "Pepper" in fruit:
        b.ingredient(data.ingredients.cider_vinegar)
    if style == "jam":
        b.step(data.steps.sterilize_jars_boiling)
        b.step(data.steps.combine_fruit_pectin)
        b.step(data.steps.add_sugar_once)
        b.step(data.steps.remove_from_heat)
        b.step(data.steps.ladle_hot_jars)
        b.step(data.steps.process_boiling_water)
        if b.chance(data.chance.set_untimed):
            b.step(b.choice([data.steps.stand_24_hours, data.steps.stand_24_hours_check_seals, data.steps.cool_overnight]))
        else:
            b.step(data.steps.return_heat_simmer)
            b.step(data.steps.ladle_hot_sterilized)
    elif style == "freezer":
        b.step(data.steps.stir_sugar_fruit)
        b.step(data.steps.stir_pectin_fruit)
        b.step(data.steps.pour_clean_containers)
        b.step(data.steps.let_stand_room)
        b.step(data.steps.store_freezer_up)
    else:
        b.step(data.steps.combine_fruit_sugar)
        microwave(b, "mixture", data.times.microwave, d="thickened")
        b.step(data.steps.pour_clean_jars)
        chill(b, "jam", d="set")


def pickles(b: Recipe, style: str):
    """Canned, refrigerator or quick pickles."""
    data = SAUCES.pickles
    name = b.choice(data.options.names) if style == "pickles" else b.choice(data.options.quick_names)
    b.set_title(name)
    b.ingredient(data.ingredients.vegetables[name])
    b.add_ingredients(data.ingredients.brine)
    if style == "quick":
        b.step(data.steps.place_onions_jar, onions="Onion" in name)
        b.step(data.steps.whisk_vinegar_sugar)
        b.step(data.steps.let_stand_before)
    else:
        if name in ("Bread and Butter Pickles", "Sweet Pickles", "Lime Pickles") and b.chance(data.chance.brine_cucumbers):
            b.step(data.steps.layer_cucumbers_salt)
        if name == "Pickled Beets":
            b.step(data.steps.cook_beets_boiling)
        if name == "Pickled Eggs":
            b.step(data.steps.hard_cook_eggs)
        if name == "Refrigerator Pickles" and b.chance(data.chance.cold_brine):
            b.step(data.steps.stir_vinegar_sugar)
        else:
            b.step(data.steps.bring_vinegar_sugar)
            b.step(data.steps.pack_vegetables_hot)
        if b.chance(data.chance.water_bath) and name not in ("Refrigerator Pickles", "Pickled Eggs"):
            b.step(data.steps.process_boiling_water)
        b.step(data.steps.refrigerate_least_before)


def relish(b: Recipe):
    """A relish."""
    data = SAUCES.relish
    name = b.choice(data.options.names)
    b.set_title(name)
    for e in b.sample(data.ingredients.vegetables, 3):
        b.ingredient(e)
    b.add_ingredients(data.ingredients.brine)
    if b.chance(data.chance.salt_overnight):
        b.step(data.steps.sprinkle_vegetables_salt)
    else:
        b.step(data.steps.salt_vegetables_let)
    b.step(data.steps.combine_vinegar_sugar)
    b.step(data.steps.pack_hot_sterilized)
    if b.chance(data.chance.water_bath):
        b.step(data.steps.process_boiling_water)


def fruit_butter(b: Recipe):
    """Apple, pumpkin, pear or peach butter."""
    data = SAUCES.fruit_butter
    fruit = b.choice(data.options.fruits)
    meth = b.weighted(data.weights.meth)
    if meth == "slow" and b.chance(data.chance.slow_cooker_in_title):
        prefix = b.choice(data.options.slow_cooker_words)
    else:
        prefix = "Oven " if meth == "oven" and b.chance(data.chance.oven_in_title) else ""
    b.set_title(prefix + f"{fruit} Butter")
    b.ingredient(data.ingredients.fruit if fruit != "Pumpkin" else data.ingredients.pumpkin, fruits=fruit.lower() + "s")
    b.add_ingredients(data.ingredients.sugar_and_spices)
    if fruit != "Pumpkin" and meth != "slow":
        b.step(data.steps.cook_fruit_cider)
    if meth == "slow":
        b.step(data.steps.slow_cooker, cooker=b.choice(SLOW_COOKERS))
        slow_cook(b, data.times.slow_cooker_hours)
        b.step(data.steps.remove_lid_cook)
    elif meth == "stove":
        b.step(data.steps.stir_sugar_spices)
    else:
        b.step(data.steps.spread_in_roasting_pan)
        bake(b, data.times.bake, "thick and dark", b.choice(data.options.oven_temperatures))
    b.step(data.steps.ladle_hot_sterilized)
