"""Breads (breads.yaml): yeast and quick breads, muffins, biscuits, cornbread, garlic bread, fried breads,
scones, breads from canned dough."""

from __future__ import annotations

from pipeline.recipes.engine import Recipe, load
from pipeline.recipes.steps import SLOW_COOKERS, air_fry, bake, broil, chill, grill, mix, mix_in, preheat, rise

BREADS = load("breads")  # breads.yaml


def bread(b: Recipe):
    """A bread of one of the styles (breads.yaml bread.weights)."""
    data = BREADS.bread
    b.kind, b.main = "bread", False
    style = b.weighted(data.weights.style)
    builders = {"yeast": yeast_bread, "quick": quick_bread, "muffins": muffins, "biscuits": biscuits, "cornbread": cornbread, "garlic": garlic_bread,
                "fried": fried_bread, "scones": scones, "canned": canned_dough_bread}
    builders[style](b)


def yeast_bread(b: Recipe):
    """Yeast breads and rolls."""
    data = BREADS.yeast_bread
    name = b.choice(data.options.names)
    b.set_title(name)
    b.add_ingredients(data.ingredients.dough)
    if "Roll" in name or b.chance(data.chance.egg):
        b.ingredient(data.ingredients.egg)
    if "Cinnamon" in name or "Sweet" in name:
        b.ingredient(data.ingredients.brown_sugar_mixed)
        b.ingredient(data.ingredients.powdered_sugar)
    if "Oatmeal" in name:
        b.ingredient(data.ingredients.rolled_oats)
    b.step(data.steps.dissolve_yeast_warm)
    b.step(data.steps.stir_sugar_salt)
    b.step(data.steps.turn_onto_floured)
    if "Refrigerator" in name:
        chill(b, "dough")
    else:
        rise(b)
    b.step(data.steps.punch_down_shape, loaves="Roll" not in name, sweet_rolls="Cinnamon" in name or "Sweet" in name)
    if b.chance(data.chance.second_rise):
        rise(b, again=True)
    v = b.choice(data.options.oven_temperatures)
    if b.chance(data.chance.preheat):
        preheat(b, v)
        v = None
    if b.chance(data.chance.untimed_bake) and "Roll" not in name:
        if v is None:
            b.step(data.steps.untimed_bake)
        else:
            b.step(data.steps.untimed_bake_at, T=b.degrees(v))
    else:
        bake(b, data.times.loaves if "Roll" not in name else data.times.rolls, b.choice(data.options.doneness), v)
    if "Cinnamon" in name or "Sweet" in name:
        b.step(data.steps.mix_powdered_sugar)
    elif b.chance(data.chance.finishing_touch):
        b.step(data.steps.brush_tops_melted)
    b.finish(data.options.serves)


def quick_bread(b: Recipe):
    """Quick breads."""
    data = BREADS.quick_bread
    name = b.choice(data.options.names)
    slowc = b.chance(data.chance.slow_cooker) and name != "Irish Soda Bread"
    core = ("Crock-Pot " if slowc else "") + name
    b.set_title(core)
    if name == "Beer Bread":
        b.add_ingredients(data.ingredients.beer_bread)
        mix(b, data.options.beer_bread_mixture)
    else:
        b.add_ingredients(data.ingredients.flour)
        main = data.options.flavor_lines[name.split()[0]]
        mname = b.ingredient(main)
        if b.chance(data.chance.nuts_or_cinnamon):
            b.ingredient(b.choice(data.ingredients.nuts_or_cinnamon))
        if b.chance(data.chance.preheat) and not slowc:
            preheat(b, b.choice(data.options.oven_temperatures), "9x5-inch loaf pan")
        b.step(data.steps.beat_eggs_sugar)
        mix_in(b, [mname, "dry ingredients"])
    if slowc:
        b.step(data.steps.slow_cooker_pan, cooker=b.choice(SLOW_COOKERS))
        b.step(data.steps.cover_cook_high)
    else:
        b.step(data.steps.pour_greased_inch)
        v = None if any("reheat" in d for d in b.directions) else b.choice(data.options.oven_temperatures)
        if b.chance(data.chance.untimed_bake):
            if v is None:
                b.step(data.steps.untimed_bake)
            else:
                b.step(data.steps.untimed_bake_at, T=b.degrees(v))
        else:
            bake(b, data.times.bake, b.choice(data.options.doneness), v)
        if b.chance(data.chance.cool_in_pan):
            b.step(data.steps.cool_pan_remove)
    b.finish(data.options.serves)


def muffins(b: Recipe):
    """Muffins."""
    data = BREADS.muffins
    f = b.choice(data.options.flavors)
    b.set_title(f"{f} Muffins")
    b.add_ingredients(data.ingredients.flour)
    b.ingredient(data.options.flavor_lines[f])
    v = b.choice(data.options.oven_temperatures)
    if b.chance(data.chance.preheat):
        preheat(b, v, "muffin tin")
        v = None
    b.step(data.steps.mix_dry_ingredients)
    b.step(data.steps.beat_egg_milk)
    if f == "Bran" and b.chance(data.chance.chill_bran_batter):
        chill(b, "batter")
    b.step(data.steps.fill_greased_muffin)
    bake(b, data.times.bake, b.choice(data.options.doneness), v)
    b.finish(data.options.serves)


def biscuits(b: Recipe):
    """Biscuits, baked or air-fried."""
    data = BREADS.biscuits
    name = b.choice(data.options.names)
    air = b.chance(data.chance.air_fryer)
    b.set_title(("Air Fryer " if air else "") + name)
    if "Bisquick" in name or "Cheddar Bay" in name:
        b.add_ingredients(data.ingredients.bisquick_dough + (data.ingredients.cheddar_bay_extras if "Cheddar" in name else []))
        b.step(data.steps.stir_bisquick_milk)
    else:
        powder = b.choice(data.options.baking_powder_amounts)
        b.add_ingredients(data.ingredients.scratch_dough, powder=powder)
        if "Angel" in name:
            b.ingredient(data.ingredients.dry_yeast_dissolved)
        if "Sweet Potato" in name:
            b.ingredient(data.ingredients.mashed_sweet_potatoes)
        b.step(data.steps.sift_flour_baking)
        b.step(data.steps.cut_shortening_mixture)
        b.step(data.steps.stir_buttermilk_just)
        if "Angel" in name:
            chill(b, "dough")
    if "Drop" in name or "Cheddar" in name:
        b.step(data.steps.drop_spoonfuls_onto, in_the_oven=not air)
    else:
        b.step(data.steps.knead_gently_times)
    if air:
        air_fry(b, "biscuits", data.times.air_fry, d="golden")
    else:
        bake(b, data.times.bake, b.choice(data.options.doneness), b.choice(data.options.oven_temperatures))
    if b.chance(data.chance.finishing_touch):
        b.step(data.steps.brush_melted_butter)
    b.finish(data.options.serves)


def cornbread(b: Recipe):
    """Cornbread."""
    data = BREADS.cornbread
    name = b.choice(data.options.names)
    b.set_title(name)
    if b.chance(data.chance.mix):
        b.ingredient(data.ingredients.jiffy_corn_muffin)
    else:
        b.add_ingredients(data.ingredients.dry_ingredients)
    b.ingredient(data.ingredients.egg)
    b.ingredient(data.ingredients.milk)
    b.ingredient(b.choice(data.ingredients.fats) if "Sweet" not in name else data.ingredients.butter)
    if "Mexican" in name or "Jalapeno" in name:
        b.ingredient(data.ingredients.cream_style_corn)
        b.ingredient(data.ingredients.jalapenos_chopped)
    if "Broccoli" in name:
        b.ingredient(data.ingredients.frozen_chopped_broccoli)
        b.ingredient(data.ingredients.cottage_cheese)
    pan = "cast-iron pan" if "Cast-Iron" in name else b.choice(data.options.pans)
    v = b.choice(data.options.oven_temperatures)
    if b.chance(data.chance.preheat):
        preheat(b, v, pan)
        v = None
    if "Cast-Iron" in name:
        b.step(data.steps.heat_oil_cast)
    mix(b, data.options.mix_all if b.chance(data.chance.mix_all) else data.options.mix_dry)
    if len(b.directions) < 3:
        b.step(data.steps.stir_egg_milk)
    b.step(data.steps.pour, pan=pan, not_cast_iron="Cast-Iron" not in name)
    bake(b, data.times.bake, b.choice(data.options.doneness), v)
    b.finish(data.options.serves)


def garlic_bread(b: Recipe):
    """Garlic bread: baked, broiled, air-fried or grilled."""
    data = BREADS.garlic_bread
    name = b.choice(data.options.names)
    meth = b.weighted(data.weights.meth)
    b.set_title((b.choice(data.options.grilled_words) if meth == "grill" else "Air Fryer " if meth == "air" else "") + name)
    b.add_ingredients(data.ingredients.with_fresh_garlic if b.chance(data.chance.fresh_garlic) else data.ingredients.with_garlic_powder)
    if "Chees" in name or "Parmesan" in name:
        b.ingredient(b.choice(data.ingredients.cheeses))
    b.step(data.steps.slice_bread_half)
    b.step(data.steps.mix_butter_garlic)
    if meth == "bake":
        if b.chance(data.chance.wrap_in_foil):
            b.step(data.steps.wrap_aluminum_foil)
        bake(b, data.times.bake, "hot and crusty", b.choice(data.options.oven_temperatures))
    elif meth == "broil":
        broil(b, "bread")
    elif meth == "air":
        air_fry(b, "bread", data.times.air_fry, d="toasted")
    else:
        grill(b, "bread", data.times.grill, "toasted")
    b.step(data.steps.cut_slices_serve)
    b.finish(data.options.serves)


def fried_bread(b: Recipe):
    """Hush puppies, fritters, fry bread, tortillas, johnny cakes."""
    data = BREADS.fried_bread
    name = b.choice(data.options.names)
    b.set_title(name)
    if name in ("Hush Puppies", "Corn Fritters", "Johnny Cakes", "Hoe Cakes"):
        extras = data.ingredients.hush_puppy_extras if name == "Hush Puppies" else data.ingredients.fritter_extras if name == "Corn Fritters" else []
        b.add_ingredients(data.ingredients.cornmeal_batter + extras)
        b.ingredient(b.choice(data.ingredients.frying_fats))
        mix(b, data.options.batter)
        b.step(data.steps.drop_spoonfuls_hot)
        b.step(data.steps.drain_paper_towels)
    else:
        b.add_ingredients(data.ingredients.fry_bread_dough if "Fry" in name else data.ingredients.tortilla_dough)
        b.step(data.steps.mix_flour_baking)
        b.step(data.steps.stir_warm_water)
        rest = b.weighted(data.weights.dough_rest)
        if rest == "long":
            b.step(data.steps.cover_let_rest)
        else:
            b.step(data.steps.short_rest)
        b.step(data.steps.divide_balls_roll)
        if "Tortillas" in name:
            b.step(data.steps.cook_hot_ungreased)
        else:
            b.step(data.steps.fry_hot_oil)
    b.finish(data.options.serves)


def scones(b: Recipe):
    """Scones."""
    data = BREADS.scones
    f = b.choice(data.options.flavors)
    b.set_title(f"{f} Scones")
    flavoring = data.ingredients.grated_peel if f in ("Cinnamon", "Lemon", "Orange") else data.ingredients.add_in
    b.add_ingredients(data.ingredients.dough + [flavoring], flavor=f.lower())
    v = b.choice(data.options.oven_temperatures)
    if b.chance(data.chance.preheat):
        preheat(b, v, "baking sheet")
        v = None
    b.step(data.steps.mix_flour_sugar)
    b.step(data.steps.stir_cream_egg)
    b.step(data.steps.pat_inch_circle)
    bake(b, data.times.bake, "golden", v)
    b.finish(data.options.serves)


def canned_dough_bread(b: Recipe):
    """Monkey bread, garlic knots and bites from canned biscuit or roll dough."""
    data = BREADS.canned_dough_bread
    name = b.choice(data.options.names)
    air = name in ("Garlic Knots", "Crescent Roll Bites", "Cinnamon Biscuit Bites") and b.chance(data.chance.air_fryer)
    b.set_title(("Air Fryer " if air else "") + name)
    b.ingredient(b.choice(data.ingredients.canned_doughs))
    b.add_ingredients(data.ingredients.sweet_coating if "Monkey" in name or "Cinnamon" in name else data.ingredients.savory_coating)
    b.step(data.steps.cut_biscuit_quarters)
    b.step(data.steps.toss_pieces_sugar)
    if air:
        air_fry(b, name.lower(), data.times.air_fry, d="golden")
    elif "Monkey" in name or "Pull-Apart" in name:
        b.step(data.steps.layer_greased_bundt)
        bake(b, data.times.bundt, "golden brown", b.choice(data.options.bundt_oven_temperatures))
        b.step(data.steps.cool_then_invert)
    else:
        bake(b, data.times.bites, "golden", b.choice(data.options.bites_oven_temperatures))
    b.finish(data.options.serves)
