"""Drinks (drinks.yaml)."""

from __future__ import annotations

from pipeline.recipes.engine import Recipe, load
from pipeline.recipes.steps import SLOW_COOKERS, chill, freeze, simmer

DRINKS = load("drinks")  # drinks.yaml


def drink(b: Recipe):
    """A drink of one of the styles (drinks.yaml drink.weights)."""
    data = DRINKS.drink
    b.kind, b.main = "drink", False
    style = b.weighted(data.weights.style)
    builders = {"lemonade": lemonade, "punch": punch, "smoothie": smoothie, "cocoa": hot_cocoa, "cider": hot_cider, "tea": iced_tea, "eggnog": eggnog,
                "slush": slush, "mix": drink_mix, "coffee": coffee_drink}
    builders[style](b)


def lemonade(b: Recipe):
    """Lemonade or limeade."""
    data = DRINKS.lemonade
    name = b.choice(data.options.names)
    b.set_title(name)
    b.ingredient(data.ingredients.limes if "Lime" in name else data.ingredients.lemons)
    b.ingredient(data.ingredients.sugar)
    b.ingredient(data.ingredients.cold_water)
    if "Strawberry" in name or "Pink" in name:
        b.ingredient(data.ingredients.fresh_strawberries)
    if "Mint" in name:
        b.ingredient(data.ingredients.fresh_mint_leaves)
    if b.chance(data.chance.syrup):
        b.step(data.steps.make_syrup_bring)
        b.step(data.steps.cool_syrup)
        b.step(data.steps.squeeze_lemons_add)
        if b.chance(data.chance.chill_syrup_lemonade):
            chill(b, "lemonade", d="cold")
        else:
            b.step(data.steps.serve_plenty_ice)
    else:
        b.step(data.steps.squeeze_juice_from)
        b.step(data.steps.stir_juice_sugar)
        if "Strawberry" in name or "Pink" in name:
            b.step(data.steps.blend_strawberries_smooth)
        if b.chance(data.chance.chill):
            chill(b, "", d="cold")
        else:
            b.step(data.steps.serve_ice)
    b.finish(data.options.serves)


def punch(b: Recipe):
    """Party punch."""
    data = DRINKS.punch
    name = b.choice(data.options.names)
    b.set_title(name)
    for e in b.sample(data.ingredients.punch_ingredients, b.choice(data.options.ingredient_count)):
        b.ingredient(e)
    if any("Jell-O" in i for i in b.ingredients) or any("sugar" in i for i in b.ingredients):
        if b.chance(data.chance.dissolve_on_stove):
            b.step(data.steps.bring_water_sugar)
        else:
            b.step(data.steps.microwave_water_sugar)
    if b.chance(data.chance.ice_ring):
        b.step(data.steps.make_ice_ring)
    b.step(data.steps.combine_juices_punch)
    b.step(data.steps.just_before_serving)
    if b.chance(data.chance.serve_line):
        b.step(data.steps.serve_immediately)
    b.finish(data.options.serves)


def smoothie(b: Recipe):
    """A smoothie or milkshake."""
    data = DRINKS.smoothie
    f = b.choice(data.options.flavors)
    name = f if f == "Orange Julius" else f + ("" if "Milkshake" in f else " Smoothie")
    b.set_title(name)
    fruit = data.options.fruit_lines[f]
    for e in fruit:
        b.ingredient(e)
    base = data.ingredients.smoothie_base if "Milkshake" not in f and f != "Orange Julius" else data.ingredients.shake_base
    b.add_ingredients(b.sample(base, b.choice(data.options.base_count)) + (data.ingredients.ice if b.chance(data.chance.ice) else []))
    b.step(data.steps.place_ingredients_blender)
    t = b.time_from([1, (1, 2), (30, 60)][:2])
    b.step(data.steps.blend_smooth_about, t=t)
    b.step(data.steps.pour_glasses_serve)
    b.finish(data.options.serves)


def hot_cocoa(b: Recipe):
    """Hot chocolate: stove, microwave or slow cooker."""
    data = DRINKS.hot_cocoa
    name = b.choice(data.options.names)
    meth = b.weighted(data.weights.meth)
    prefix = b.choice(data.options.slow_cooker_words) if meth == "slow" else "Microwave " if meth == "mw" and b.chance(data.chance.microwave_in_title) else ""
    b.set_title(prefix + name)
    b.add_ingredients(data.ingredients.cocoa)
    if meth == "stove":
        b.step(data.steps.mix_cocoa_sugar)
    elif meth == "mw":
        b.step(data.steps.mix_in_a_mug)
        b.step(data.steps.microwave_high_hot)
    else:
        b.step(data.steps.slow_cooker_whisk, cooker=b.choice(SLOW_COOKERS))
        b.step(data.steps.cover_cook_low)
    b.step(data.steps.stir_vanilla_top)
    b.finish(data.options.serves)


def hot_cider(b: Recipe):
    """Hot cider, wassail or spiced tea."""
    data = DRINKS.hot_cider
    name = b.choice(data.options.names)
    meth = b.weighted(data.weights.meth)
    b.set_title((b.choice(data.options.slow_cooker_words) if meth == "slow" and b.chance(data.chance.method_in_title) else "") + name)
    b.add_ingredients(data.ingredients.cranberry if "Cranberry" in name else data.ingredients.apple_cider)
    if meth == "stove":
        b.step(data.steps.combine_ingredients_large)
        simmer(b, data.times.simmer, d="spices flavor the cider")
    else:
        b.step(data.steps.slow_cooker_combine, cooker=b.choice(SLOW_COOKERS))
        b.step(data.steps.cover_cook_low)
    b.step(data.steps.remove_spices_serve)
    b.finish(data.options.serves)


def iced_tea(b: Recipe):
    """Iced or sun tea."""
    data = DRINKS.iced_tea
    name = b.choice(data.options.names)
    b.set_title(name)
    b.add_ingredients(data.ingredients.tea_bags + (data.ingredients.peach if "Peach" in name else data.ingredients.arnold_palmer if "Palmer" in name else []))
    if "Sun" in name:
        b.step(data.steps.place_tea_bags)
        b.step(data.steps.set_direct_sunlight)
        b.step(data.steps.remove_tea_bags)
    else:
        b.step(data.steps.bring_c_water)
        b.step(data.steps.sweeten)
        b.step(data.steps.add_remaining_cold)
        if b.chance(data.chance.chill):
            chill(b, "tea", d="cold")
        else:
            b.step(data.steps.serve_ice)
    b.finish(data.options.serves)


def eggnog(b: Recipe):
    """Eggnog."""
    data = DRINKS.eggnog
    b.set_title(b.choice(data.options.titles))
    b.add_ingredients(data.ingredients.eggs)
    b.step(data.steps.whisk_eggs_sugar)
    b.step(data.steps.stir_vanilla)
    chill(b, "", d="cold")
    b.step(data.steps.whip_cream_fold)
    b.finish(data.options.serves)


def slush(b: Recipe):
    """A frozen slush punch."""
    data = DRINKS.slush
    picks = b.sample(data.options.bases, 4)
    title = "Banana Slush Punch" if any("bananas" in x for x in picks) else "Lemonade Slush" if any("lemonade" in x for x in picks) else "Fruit Slush"
    b.set_title(b.pick(data.options.titles, title=title, not_slush_punch="Slush Punch" not in title))
    b.add_ingredients(picks + data.options.soda)
    if any("sugar" in i for i in b.ingredients) and b.chance(data.chance.syrup):
        b.step(data.steps.boil_sugar_water)
    b.step(data.steps.combine_juices_fruit)
    freeze(b)
    b.step(data.steps.thaw_hour_before)
    b.finish(data.options.serves)


def drink_mix(b: Recipe):
    """A dry drink mix."""
    data = DRINKS.drink_mix
    b.set_title(b.choice(data.options.titles))
    for e in b.sample(data.ingredients.mix_ingredients, 4):
        b.ingredient(e)
    b.step(data.steps.mix_ingredients_well)
    b.step(data.steps.store_airtight_jar)
    b.step(data.steps.serve_stir_heaping)
    b.finish(data.options.serves)


def coffee_drink(b: Recipe):
    """Coffee drinks and horchata."""
    data = DRINKS.coffee_drink
    name = b.choice(data.options.names)
    b.set_title(name)
    if name == "Cold Brew Coffee":
        b.add_ingredients(data.ingredients.cold_brew)
        b.step(data.steps.stir_coffee_water)
        b.step(data.steps.cover_let_steep)
        b.step(data.steps.strain_through_coffee)
    elif name == "Horchata":
        b.add_ingredients(data.ingredients.horchata)
        b.step(data.steps.soak_rice_water)
        b.step(data.steps.blend_rice_water)
        b.step(data.steps.stir_sugar_cinnamon)
    else:
        b.add_ingredients(data.ingredients.iced if "Iced" in name or "Frozen" in name else data.ingredients.hot)
        if "Frozen" in name:
            b.step(data.steps.blend_coffee_milk)
        elif "Iced" in name:
            b.step(data.steps.stir_coffee_milk)
        else:
            if b.chance(data.chance.microwave_milk):
                b.step(data.steps.microwave_milk_steaming)
            else:
                b.step(data.steps.heat_milk_small)
            b.step(data.steps.stir_coffee_syrup)
        b.step(data.steps.serve_immediately)
    b.finish(data.options.serves)
