"""Desserts (desserts.yaml): cakes, pies, cookies and bars, candy, puddings, fruit desserts, frozen desserts,
gelatin salads, quick desserts."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.recipes.engine import Ingredient, POOLS, Recipe, load, records, short_of
from pipeline.recipes.steps import (
    SLOW_COOKERS,
    air_fry,
    bake,
    chill,
    cool_completely,
    freeze,
    grill,
    let_stand,
    melt,
    microwave,
    microwave_melt,
    mix,
    mix_in,
    preheat,
    slow_cook,
)

DESSERTS = load("desserts")  # desserts.yaml


@dataclass(frozen=True)
class Frosting:
    """A cake frosting."""

    name: str
    ingredients: list[Ingredient]
    cooked: bool = False  # boiled on the stove


@dataclass(frozen=True)
class Pie:
    """A pie's kind and filling."""

    kind: str  # fruit, custard, cream, keylime, icebox or impossible
    ingredients: list[Ingredient]  # the filling; the first ones are named in the steps


FROSTINGS = records(Frosting, DESSERTS.frosting.dishes.frostings, "desserts.frosting.dishes.frostings")
PIES = records(Pie, DESSERTS.pie.dishes.pies, "desserts.pie.dishes.pies")
CAKE_FLAVORS = DESSERTS.cake.ingredients.flavors  # by cake name: what the flavor adds
CAKE_PAN_TIMES = DESSERTS.cake.times.pans  # baking times by pan
COOKIE_FLAVORS = DESSERTS.drop_cookies.ingredients.flavors


def _frost(b: Recipe, allow_cooked: bool = True):
    """Frost the cake (allow_cooked=False: no cooked frosting)."""
    data = DESSERTS.frosting
    frosting = b.choice([f for f in FROSTINGS if allow_cooked or not f.cooked])
    name, ings, cooked = frosting.name, frosting.ingredients, frosting.cooked
    for e in ings:
        b.ingredient(e)
    if cooked:
        b.step(data.steps.bring_butter_cocoa)
        b.step(data.steps.spread_warm_cake)
    elif name == "cool whip":
        b.step(data.steps.spread_cool_whip)
    elif name == "glaze":
        b.step(data.steps.mix_powdered_sugar)
    else:
        b.step(data.steps.beat_powdered_sugar, ings=ings, name=name)


def cake(b: Recipe):
    """A cake: from scratch, from a mix, dump, poke, mug or slow-cooker cake."""
    data = DESSERTS.cake
    style = b.weighted(data.weights.style)
    flav = b.choice(list(CAKE_FLAVORS))  # drawn for every cake; the scratch and mix cakes are named after it
    if style in ("scratch", "mix"):
        {"scratch": cake_from_scratch, "mix": cake_from_a_mix}[style](b, flav)
    else:
        {"dump": dump_cake, "poke": poke_cake, "mug": mug_cake, "slow": slow_cooker_cake}[style](b)
    b.finish(data.options.serves if style not in ("mug",) else data.options.serves_one)


def cake_from_scratch(b: Recipe, flav: str):
    """A layer, sheet, Bundt or pound cake from scratch."""
    data = DESSERTS.cake_from_scratch
    pan = b.choice(list(CAKE_PAN_TIMES))
    core = flav
    if "Bundt" in pan and b.chance(data.chance.bundt_title):
        core = flav.replace("Cake", "Bundt Cake")
    if "9x13" in pan and b.chance(data.chance.sheet_cake_title):
        core = flav.replace("Cake", "Sheet Cake")
    b.set_title(core)
    for e in data.ingredients.flour:
        if e in (POOLS.baking.baking_salt, POOLS.baking.vanilla) and b.chance(data.chance.leave_out_salt_or_vanilla):
            continue
        b.ingredient(e)
    for e in CAKE_FLAVORS[flav]:
        b.ingredient(e)
    v = b.choice(data.options.oven_temperatures)
    if b.chance(data.chance.preheat):
        preheat(b, v, pan)
        v = None
    b.step(data.steps.cream_butter_sugar)
    b.step(data.steps.add_eggs_one)
    b.step(data.steps.sift_together_dry)
    extras = [e.short for e in CAKE_FLAVORS[flav] if e.short not in ("milk", "buttermilk")]
    if extras:
        mix_in(b, extras[:2] + (["vanilla"] if any("vanilla" in i for i in b.ingredients) else []))
    b.step(data.steps.pour_batter_greased, pan=pan)
    if b.chance(data.chance.untimed_bake):
        if v is None:
            b.step(data.steps.untimed_bake)
        else:
            b.step(data.steps.untimed_bake_at, T=b.degrees(v))
    else:
        bake(b, CAKE_PAN_TIMES[pan], b.choice(data.options.doneness), v)
    if b.chance(data.chance.cool_in_pan):
        b.step(data.steps.cool_pan_turn)
    if b.chance(data.chance.cool_completely):
        cool_completely(b, "cake")
    if b.chance(data.chance.frost):
        _frost(b)


def cake_from_a_mix(b: Recipe, flav: str):
    """A cake mix dressed up with pudding."""
    data = DESSERTS.cake_from_a_mix
    core = b.choice([flav, "Easy " + flav, flav.replace("Cake", "Pudding Cake"), "Cake Mix " + flav if "Cake" in flav else flav, "Dream Cake", "Better Than Anything Cake",
                "Earthquake Cake", "Sock-It-To-Me Cake", "Harvey Wallbanger Cake", "Pig Pickin' Cake"])
    b.set_title(core)
    b.ingredient(POOLS.baking.cake_mix)
    b.ingredient(data.ingredients.instant_vanilla_pudding)
    b.ingredient(data.ingredients.eggs)
    b.ingredient(data.ingredients.oil)
    b.ingredient(data.ingredients.water)
    if b.chance(data.chance.extra):
        b.ingredient(b.choice(data.ingredients.extras))
    pan = b.choice(data.options.pans)
    v = b.choice(data.options.oven_temperatures)
    pre = b.chance(data.chance.preheat)
    if pre:
        preheat(b, v, pan)
    b.step(data.steps.combine_cake_mix)
    b.step(data.steps.pour_greased, pan=pan)
    bake(b, CAKE_PAN_TIMES[pan] if "9x13" not in pan else data.times.bake_9x13, "cake tests done", None if pre else v)
    if b.chance(data.chance.cool_completely):
        cool_completely(b, "cake")
    if b.chance(data.chance.frost):
        _frost(b)


def dump_cake(b: Recipe):
    """Fruit, dry cake mix and butter."""
    data = DESSERTS.dump_cake
    fruit = b.choice(data.options.fruits)
    b.set_title(b.pick(data.options.titles, fruit=fruit))
    b.ingredient(data.ingredients.pie_filling, fruit=fruit.split()[0].lower())
    if "Pineapple" in fruit or b.chance(data.chance.pineapple):
        b.ingredient(data.ingredients.crushed_pineapple)
    b.ingredient(data.ingredients.box_cake_mix)
    b.ingredient(data.ingredients.butter)
    if b.chance(data.chance.nuts):
        b.ingredient(POOLS.baking.nuts)
    slowc = b.chance(data.chance.slow_cooker)
    where = b.choice(SLOW_COOKERS) if slowc else "a greased 9x13-inch pan"
    b.step(data.steps.spread_fruit, where=where)
    b.step(data.steps.sprinkle_dry_cake)
    b.step(data.steps.drizzle_melted_butter)
    if slowc:
        slow_cook(b, data.times.slow_cooker_hours)
    else:
        bake(b, data.times.bake, "golden brown", b.choice(data.options.oven_temperatures))
    if b.chance(data.chance.serve_line):
        b.step(data.steps.serve_warm_ice)


def poke_cake(b: Recipe):
    """A white cake soaked with Jell-O."""
    data = DESSERTS.poke_cake
    j = b.choice(data.options.flavors)
    b.set_title(b.pick(data.options.titles, j=j))
    b.ingredient(data.ingredients.box_white_cake)
    b.ingredient(data.ingredients.gelatin, flavor=j.lower())
    b.ingredient(data.ingredients.water)
    b.ingredient(data.ingredients.tub_cool_whip)
    b.step(data.steps.bake_cake_inch)
    b.step(data.steps.poke_holes_cake)
    if b.chance(data.chance.dissolve_on_stove):
        b.step(data.steps.bring_c_water)
    else:
        b.step(data.steps.microwave_c_water)
    b.step(data.steps.pour_slowly_cake)
    chill(b, "cake")
    b.step(data.steps.frost_cool_whip)


def mug_cake(b: Recipe):
    """A one-serving microwave cake."""
    data = DESSERTS.mug_cake
    f = b.choice(data.options.flavors)
    b.set_title(b.pick(data.options.titles, f=f))
    b.ingredient(data.ingredients.flour)
    b.ingredient(data.ingredients.sugar)
    if f in ("Chocolate", "Brownie"):
        b.ingredient(data.ingredients.cocoa)
    b.ingredient(data.ingredients.egg if b.chance(data.chance.egg) else data.ingredients.baking_powder)
    b.ingredient(data.ingredients.liquid)
    b.ingredient(b.choice(data.ingredients.flavorings))
    b.step(data.steps.combine_dry_ingredients)
    b.step(data.steps.add_wet_ingredients)
    b.step(data.steps.microwave_high)
    if b.chance(data.chance.let_cool):
        b.step(data.steps.let_cool_before)


def slow_cooker_cake(b: Recipe):
    """A pudding cake in the slow cooker."""
    data = DESSERTS.slow_cooker_cake
    f = b.choice(data.options.flavors)
    b.set_title(b.pick(data.options.titles, f=f))
    b.ingredient(data.ingredients.box_cake_mix)
    b.ingredient(data.ingredients.eggs)
    b.ingredient(data.ingredients.oil)
    b.ingredient(data.ingredients.instant_chocolate_pudding if "Chocolate" in f or "Fudge" in f else data.ingredients.pie_filling)
    b.ingredient(data.ingredients.milk)
    cookers = [b.choice(SLOW_COOKERS) for _ in range(2)]  # one per template
    b.step(data.steps.spray_cooking_spray, cookers=cookers)
    b.step(data.steps.mix_cake_mix)
    b.step(data.steps.whisk_pudding_milk)
    slow_cook(b, data.times.slow_cooker_hours)
    b.step(data.steps.serve_warm_ice)


def pie(b: Recipe):
    """A pie: fruit, custard, cream, key lime, icebox or impossible."""
    data = DESSERTS.pie
    name = b.choice(list(PIES))
    kind, ings = PIES[name].kind, PIES[name].ingredients
    core = b.pick(data.options.titles, name=name)
    if kind == "icebox" and b.chance(data.chance.icebox_title):
        core = name.replace("Pie", b.choice(data.options.icebox_words))
    b.set_title(core, adjectives=False)
    crust = b.pick_each(data.options.crusts)[kind]  # crusts are drawn for every kind, this one's kept
    if crust:
        b.ingredient(crust)
    for e in ings:
        b.ingredient(e)
    if kind in ("fruit", "custard", "cream") and not any("sugar" in i for i in b.ingredients):
        b.ingredient(b.choice(data.ingredients.sugars))
    if kind in ("fruit",) and b.chance(data.chance.butter):
        b.ingredient(data.ingredients.butter)
    if kind == "fruit":
        v = b.choice(data.options.fruit_oven_temperatures)
        pre = b.chance(data.chance.preheat_fruit)
        if pre:
            preheat(b, v, "9-inch pie plate")
        b.step(data.steps.line_inch_pie)
        mix(b, [ings[0].short, "sugar", ings[1].short if len(ings) > 1 else "spices"])
        b.step(data.steps.spoon_filling_crust)
        b.step(data.steps.cover_top_crust)
        bake(b, data.times.fruit, b.choice(data.options.fruit_doneness), None if pre else v)
        if b.chance(data.chance.cool_fruit):
            cool_completely(b, "pie")
    elif kind == "custard":
        v = b.choice(data.options.custard_oven_temperatures)
        pre = b.chance(data.chance.preheat_custard)
        if pre:
            preheat(b, v, "pie shell")
        mix(b, [e.short for e in ings[:3]])
        b.step(data.steps.pour_unbaked_pie)
        if b.chance(data.chance.hot_start):
            t1 = b.time_from(data.times.hot_start)
            b.step(data.steps.bake_reduce_heat, t1=t1)
        bake(b, data.times.custard, b.choice(data.options.custard_doneness), None if pre else v)
        if b.chance(data.chance.cool_custard):
            cool_completely(b, "pie")
    elif kind == "cream":
        b.step(data.steps.combine_sugar_cornstarch)
        if b.chance(data.chance.temper_yolks):
            b.step(data.steps.stir_little_hot)
        else:
            b.step(data.steps.remove_from_heat)
        b.step(data.steps.pour_baked_pie)
        if "Meringue" in name or b.chance(data.chance.meringue):
            b.step(data.steps.beat_egg_whites)
            bake(b, data.times.meringue, "meringue is golden", b.choice(data.options.meringue_oven_temperatures))
        chill(b, "pie")
        if "Meringue" not in name and b.chance(data.chance.whipped_cream):
            b.step(data.steps.top_whipped_cream)
    elif kind == "keylime":
        mix(b, data.options.key_lime_mixture)
        b.step(data.steps.pour_crust)
        if b.chance(data.chance.bake_key_lime):
            bake(b, data.times.key_lime, "lightly browned at the edges", b.choice(data.options.key_lime_oven_temperatures))
        chill(b, "pie")
        b.step(data.steps.key_lime_topping)
    elif kind == "icebox":
        if "Jell-O" in " ".join(b.ingredients):
            t = b.time_from(data.times.glaze)
            if b.chance(data.chance.glaze_on_stove):
                b.step(data.steps.bring_sugar_cornstarch, t=t)
            else:
                b.step(data.steps.microwave_sugar_cornstarch, t=t)
            b.step(data.steps.arrange_berries_crust)
        else:
            mix(b, [ings[0].short, ings[1].short])
            b.step(data.steps.fold, ings=ings)
        if b.chance(data.chance.freeze) or "Freezer" in core:
            freeze(b, "pie")
        else:
            chill(b, "pie")
    else:
        v = b.choice(data.options.impossible_oven_temperatures)
        b.step(data.steps.combine_ingredients_blender)
        b.step(data.steps.pour_greased_inch)
        bake(b, data.times.impossible, "a knife inserted in center comes out clean", v)
    b.finish(data.options.serves)


def cookies(b: Recipe):
    """Cookies: drop, no-bake, bars or cereal treats."""
    data = DESSERTS.cookies
    style = b.weighted(data.weights.style)
    {"drop": drop_cookies, "stovetop": no_bake_cookies, "bars": bar_cookies, "treats": cereal_treats}[style](b)


def drop_cookies(b: Recipe):
    """Drop, rolled or cut-out cookies."""
    data = DESSERTS.drop_cookies
    name = b.choice(list(COOKIE_FLAVORS))
    b.set_title(name)
    for e in data.ingredients.butter:
        if e in (POOLS.baking.baking_salt, POOLS.baking.vanilla, POOLS.baking.eggs) and b.chance(data.chance.leave_out_staple):
            continue
        b.ingredient(e)
    for e in COOKIE_FLAVORS[name]:
        b.ingredient(e)
    rolled = name in ("Sugar Cookies", "Chocolate Crinkles", "Molasses Cookies", "Shortbread")
    chill_dough = rolled and b.chance(data.chance.chill_rolled_dough) or b.chance(data.chance.chill_dough)
    v = b.choice(data.options.oven_temperatures)
    pre = b.chance(data.chance.preheat) and not chill_dough
    if pre:
        preheat(b, v, b.choice(data.options.sheets))
    b.step(data.steps.cream_butter_sugars)
    if any(i.endswith("eggs") for i in b.ingredients):
        b.step(data.steps.beat_eggs_vanilla)
    b.step(data.steps.stir_flour_soda)
    mix_in(b, [e.short for e in COOKIE_FLAVORS[name]][:2])
    if chill_dough:
        chill(b, "dough", d="firm")
    b.step(data.steps.drop_teaspoonfuls_onto)
    bake(b, data.times.bake, b.choice(data.options.doneness), None if pre else v)
    if b.chance(data.chance.cool_on_racks):
        b.step(data.steps.cool_wire_racks)
    b.finish(data.options.serves)


def no_bake_cookies(b: Recipe):
    """Boiled cookies and haystacks: cooked on the stove or melted, never baked."""
    data = DESSERTS.no_bake_cookies
    name = b.choice(data.options.names)
    b.set_title(name)
    mwave = "Haystacks" in name and b.chance(data.chance.microwave)
    if "Haystacks" in name:
        b.ingredient(data.ingredients.butterscotch_chips)
        b.ingredient(data.ingredients.peanut_butter)
        b.ingredient(data.ingredients.chow_mein_noodles)
        b.ingredient(data.ingredients.dry_roasted_peanuts)
    else:
        b.ingredient(data.ingredients.sugar)
        b.ingredient(data.ingredients.milk)
        b.ingredient(data.ingredients.butter)
        b.ingredient(data.ingredients.cocoa)
        b.ingredient(data.ingredients.peanut_butter)
        b.ingredient(data.ingredients.quick_oats)
        b.ingredient(data.ingredients.vanilla)
    if mwave:
        microwave_melt(b, "butterscotch chips and peanut butter")
    elif "Haystacks" in name:
        melt(b, "butterscotch chips and peanut butter")
    else:
        b.step(data.steps.bring_sugar_milk)
    mix_in(b, data.options.boiled_mix_ins if "Haystacks" not in name else data.options.haystack_mix_ins)
    b.step(data.steps.drop_teaspoonfuls_onto)
    if b.chance(data.chance.set_untimed):
        b.step(data.steps.let_stand_set)
    else:
        b.step(data.steps.let_cool_before)
    b.finish(data.options.serves)


def bar_cookies(b: Recipe):
    """Brownies and bars."""
    data = DESSERTS.bar_cookies
    name = b.choice(data.options.names)
    b.set_title(name)
    if name in ("Magic Cookie Bars", "Seven Layer Bars"):
        b.add_ingredients(data.ingredients.layer_bars)
        v = b.choice(data.options.layer_bar_oven_temperatures)
        b.step(data.steps.pour_butter_inch)
        b.step(data.steps.pour_condensed_milk)
        bake(b, data.times.layer_bars, "lightly browned", v)
    elif name == "Lemon Bars":
        b.add_ingredients(data.ingredients.lemon_bars)
        v = b.choice(data.options.layer_bar_oven_temperatures)
        b.step(data.steps.mix_flour_powdered)
        bake(b, data.times.lemon_crust, "lightly browned", v)
        b.step(data.steps.beat_eggs_sugar)
        bake(b, data.times.lemon_filling, "set", None)
        b.step(data.steps.dust_powdered_sugar)
    else:
        b.add_ingredients(data.ingredients.butter)
        if "Brown" in name or "Fudge" in name:
            b.ingredient(data.ingredients.cocoa)
        else:
            b.ingredient(b.choice(data.ingredients.flavorings))
        if b.chance(data.chance.nuts):
            b.ingredient(POOLS.baking.nuts)
        v = b.choice(data.options.bar_oven_temperatures)
        pre = b.chance(data.chance.preheat)
        if pre:
            preheat(b, v, b.choice(data.options.pans))
        if b.chance(data.chance.melt_first):
            melt(b, "butter and cocoa" if "cocoa" in " ".join(b.ingredients) else "butter") if b.chance(data.chance.melt_on_stove) else microwave_melt(b, "butter")
        mix(b, data.options.wet_mix)
        mix_in(b, data.options.dry_mix)
        b.step(data.steps.spread_greased_pan)
        bake(b, data.times.bars, b.choice(data.options.doneness), None if pre else v)
    if b.chance(data.chance.cool_completely):
        cool_completely(b, "bars")
    elif b.chance(data.chance.frost):
        _frost(b, allow_cooked=b.chance(data.chance.cooked_frosting))
    b.step(data.steps.cut_bars)
    b.finish(data.options.serves)


def cereal_treats(b: Recipe):
    """Rice Krispie treats and other cereal treats."""
    data = DESSERTS.cereal_treats
    name = b.choice(data.options.names)
    b.set_title(name)
    mwave = b.chance(data.chance.microwave)
    if name in ("Puppy Chow", "Muddy Buddies"):
        b.add_ingredients(data.ingredients.puppy_chow)
        (microwave_melt if mwave else melt)(b, "chocolate chips, peanut butter and butter")
        b.step(data.steps.pour_cereal_stir)
        b.step(data.steps.place_large_zip)
        b.step(data.steps.spread_waxed_paper)
    else:
        peanut_butter = "Scotch" in name or "Special" in name
        b.add_ingredients(data.ingredients.peanut_butter_bars if peanut_butter else data.ingredients.marshmallow_treats)
        if "Scotch" in name or "Special" in name:
            b.ingredient(data.ingredients.light_corn_syrup)
            b.ingredient(data.ingredients.peanut_butter)
            b.ingredient(data.ingredients.chocolate_chips)
        if mwave:
            b.step(data.steps.microwave_butter_marshmallows)
        else:
            b.step(data.steps.melt_butter_large)
        b.step(data.steps.add_cereal_stir)
        b.step(data.steps.press_buttered_inch)
        b.step(data.steps.let_stand_then)
    b.finish(data.options.serves)


def candy(b: Recipe):
    """Candy: fudge, buckeyes, brittle, dipped strawberries, caramel corn, pecans, divinity, pralines, toffee, clusters."""
    data = DESSERTS.candy
    name = b.choice(data.options.names)
    b.set_title(name)
    if "Fudge" in name:
        mwave = "Microwave" in name or b.chance(data.chance.microwave)
        if "Peanut Butter" in name:
            b.ingredient(data.ingredients.sugar)
            b.ingredient(data.ingredients.milk)
            b.ingredient(data.ingredients.peanut_butter)
            b.ingredient(data.ingredients.marshmallow_creme)
        else:
            b.ingredient(data.ingredients.semi_sweet_chocolate)
            b.ingredient(data.ingredients.sweetened_condensed_milk)
            b.ingredient(data.ingredients.butter)
        b.ingredient(POOLS.baking.vanilla)
        if b.chance(data.chance.nuts):
            b.ingredient(POOLS.baking.nuts)
        if mwave:
            b.step(data.steps.microwave_chips_milk)
        elif "Peanut Butter" in name:
            b.step(data.steps.bring_sugar_milk)
        else:
            b.step(data.steps.melt_chips_condensed)
        nuts = any("nuts" in i or "pecans" in i or "walnuts" in i for i in b.ingredients)
        mix_in(b, ["vanilla", "nuts" if nuts else "peanut butter" if "Peanut" in name else "vanilla"])
        b.step(data.steps.spread_evenly_buttered)
        chill(b, "fudge", d="firm")
        b.step(data.steps.cut_squares)
    elif name == "Buckeyes":
        b.add_ingredients(data.ingredients.buckeyes)
        mix(b, data.options.buckeye_mixture)
        b.step(data.steps.roll_inch_balls)
        chill(b, "balls", d="firm")
        (melt if b.chance(data.chance.melt_on_stove_buckeyes) else microwave_melt)(b, "chocolate chips and shortening")
        b.step(data.steps.dip_balls_chocolate)
        if b.chance(data.chance.chill_buckeyes):
            chill(b)
    elif name == "Peanut Brittle":
        b.add_ingredients(data.ingredients.peanut_brittle)
        if b.chance(data.chance.microwave_brittle):
            b.step(data.steps.microwave_sugar_corn)
            b.step(data.steps.microwave_more_light)
        else:
            b.step(data.steps.cook_sugar_corn)
        b.step(data.steps.stir_butter_soda)
        cool_completely(b)
        b.step(data.steps.break_pieces)
    elif name == "Chocolate-Covered Strawberries":
        b.add_ingredients(data.ingredients.qt_strawberries)
        b.step(data.steps.wash_strawberries_pat)
        (melt if b.chance(data.chance.melt_on_stove_strawberries) else microwave_melt)(b, "chocolate and shortening")
        b.step(data.steps.dip_berry_chocolate)
        chill(b, "berries", d="chocolate is set")
    elif name == "Caramel Corn":
        b.add_ingredients(data.ingredients.qt_popped)
        b.step(data.steps.bring_butter_brown)
        b.step(data.steps.remove_from_heat)
        bake(b, data.times.slow_bake, "crisp", 250)
        b.step(data.steps.stir_every_minutes)
    elif name == "Candied Pecans":
        b.add_ingredients(data.ingredients.candied_pecans)
        mix(b, data.options.pecan_coating)
        b.step(data.steps.toss_pecans_mixture)
        bake(b, data.times.slow_bake, "dry", b.choice(data.options.pecan_oven_temperatures))
        b.step(data.steps.stir_pecans)
    elif name in ("Divinity", "Pralines", "English Toffee"):
        base = data.options.ingredient_lines[name]
        for e in base:
            b.ingredient(e)
        b.step(data.steps.cook_sugar_mixture)
        b.step(data.steps.beat_mixture_begins)
        b.step(data.steps.drop_spoonfuls_onto)
    else:
        b.add_ingredients(data.ingredients.peanut_clusters)
        if b.chance(data.chance.microwave_clusters):
            b.step(data.steps.microwave_chips_large)
        elif b.chance(data.chance.melt_clusters_on_stove):
            melt(b, "chips")
        else:
            b.step(data.steps.slow_cooker_clusters, cooker=b.choice(SLOW_COOKERS))
        b.step(data.steps.stir_peanuts)
        b.step(data.steps.drop_clusters)
        if b.chance(data.chance.chill_clusters):
            chill(b, d="firm")
        else:
            b.step(data.steps.let_cool_serve)
    b.finish(data.options.serves)


def pudding(b: Recipe):
    """Puddings: layered, baked or cooked on the stove."""
    data = DESSERTS.pudding
    name = b.choice(data.options.names)
    b.set_title(name)
    if name in ("Dirt Cups", "Chocolate Delight", "Cherry Delight", "Trifle", "Tiramisu") or (name == "Banana Pudding" and b.chance(data.chance.layered_banana_pudding)):
        base = data.options.layered_lines[name]
        for e in base:
            b.ingredient(e)
        if name == "Chocolate Delight":
            b.step(data.steps.mix_flour_butter)
            bake(b, data.times.crust, "lightly browned", b.choice(data.options.crust_oven_temperatures))
            b.step(data.steps.cool_crust)
        elif name == "Cherry Delight":
            b.step(data.steps.mix_crumbs_butter)
        b.step(data.steps.beat_pudding_mix)
        b.step(data.steps.fold_half_cool)
        if b.chance(data.chance.chill_layered) or name in ("Tiramisu", "Chocolate Delight", "Cherry Delight"):
            chill(b, "dessert")
        else:
            b.step(data.steps.serve_immediately)
    elif name in ("Bread Pudding", "Flan", "Baked Custard", "Rice Pudding") and (name != "Rice Pudding" or b.chance(data.chance.baked_rice_pudding)):
        base = data.options.baked_lines[name]
        for e in base:
            b.ingredient(e)
        v = b.choice(data.options.oven_temperatures)
        if name == "Flan":
            b.step(data.steps.melt_sugar_heavy)
        mix(b, [short_of(x) for x in base[1:4]])
        b.add_step(b.pick_each(data.options.pour_steps)[name])
        bake(b, data.times.bake, b.choice(data.options.doneness), v)
        if name == "Flan" or b.chance(data.chance.chill_baked):
            chill(b, d="cold")
    else:
        lines = data.options.stovetop_lines
        if name in lines:
            base = lines[name]
        else:  # chocolate, vanilla or butterscotch
            base = lines.other + (data.options.chocolate_extra if name.startswith("Chocolate") else data.options.plain_extra)
        for e in base:
            b.ingredient(e)
        if b.chance(data.chance.microwave):
            b.step(data.steps.combine_sugar_thickener)
        else:
            b.step(data.steps.combine_sugar_cornstarch)
        b.step(data.steps.remove_from_heat)
        if name == "Banana Pudding":
            b.step(data.steps.layer_wafers_bananas)
        if b.chance(data.chance.chill_stovetop):
            chill(b, d="cold")
        else:
            b.step(data.steps.serve_warm)
    b.finish(data.options.serves)


def fruit_dessert(b: Recipe):
    """A fruit dessert of one of the styles."""
    data = DESSERTS.fruit_dessert
    style = b.weighted(data.weights.style)
    {"crisp": fruit_crisp, "baked_apples": baked_apples, "grilled": grilled_fruit, "fruit_dip": fruit_dip, "shortcake": shortcake, "fruit_pizza": fruit_pizza}[style](b)
    b.finish(data.options.serves)


def fruit_crisp(b: Recipe):
    """A crisp, cobbler, crumble, crunch or betty."""
    data = DESSERTS.fruit_crisp
    fruit = b.choice(data.options.fruits)
    kind = b.choice(data.options.kinds)
    meth = b.weighted(data.weights.meth)
    core = f"{fruit} {kind}"
    if meth != "oven" and b.chance(data.chance.method_in_title):
        core = b.pick_each(data.options.method_words)[meth] + " " + core
    b.set_title(core)
    fruits = fruit.lower() + ("s" if fruit in ("Apple", "Peach", "Pear") else "")
    b.ingredient(data.ingredients.fresh_fruit if b.chance(data.chance.fresh_fruit) else data.ingredients.pie_filling, fruits=fruits, filling=fruit.split()[-1].lower())
    b.add_ingredients(data.ingredients.sugar)
    if b.chance(data.chance.nuts):
        b.ingredient(POOLS.baking.nuts)
    cooker = b.choice(SLOW_COOKERS) if meth == "slow" else ""
    b.add_step(b.pick(data.options.fruit_in_dish[meth], cooker=cooker))
    b.step(data.steps.mix_flour_remaining)
    b.step(data.steps.sprinkle_fruit)
    if meth == "oven":
        bake(b, data.times.bake, b.choice(data.options.doneness), b.choice(data.options.oven_temperatures))
    elif meth == "mw":
        microwave(b, "crisp", data.times.microwave, d="fruit is tender")
        let_stand(b)
    else:
        slow_cook(b, data.times.slow_cooker_hours)
    if b.chance(data.chance.serve_line):
        b.step(data.steps.serve_warm_vanilla)


def baked_apples(b: Recipe):
    """Baked apples, in the oven, microwave, slow cooker or air fryer."""
    data = DESSERTS.baked_apples
    meth = b.choice(data.options.methods)
    core = data.options.titles[meth]
    b.set_title(core)
    b.add_ingredients(data.ingredients.apples)
    b.step(data.steps.core_apples_peel)
    b.step(data.steps.fill_centers_brown)
    if meth == "oven":
        b.step(data.steps.place_baking_dish)
        bake(b, data.times.bake, "apples are tender", b.choice(data.options.oven_temperatures))
    elif meth == "mw":
        microwave(b, "apples", data.times.microwave, d="tender")
        let_stand(b)
    elif meth == "slow":
        b.step(data.steps.slow_cooker, cooker=b.choice(SLOW_COOKERS))
        slow_cook(b, data.times.slow_cooker_hours)
    else:
        air_fry(b, "apples", data.times.air_fry, d="tender")


def grilled_fruit(b: Recipe):
    """Grilled (or air-fried) fruit."""
    data = DESSERTS.grilled_fruit
    fruit = b.choice(data.options.fruits)
    meth = "grill" if b.chance(data.chance.grill) else "air"
    core = f"Grilled {fruit}" if meth == "grill" else f"Air Fryer {fruit}"
    if fruit == "Banana Boats":
        core = "Campfire Banana Boats" if meth == "grill" else "Air Fryer Banana Boats"
    b.set_title(core)
    b.ingredient(data.options.fruit_lines[fruit])
    for e in b.sample(data.ingredients.toppings, 3):
        b.ingredient(e)
    b.step(data.steps.brush_fruit_butter, banana_boats="Boat" in fruit)
    if meth == "grill":
        grill(b, "fruit", data.times.grill, "marked and tender")
    else:
        air_fry(b, "fruit", data.times.air_fry, d="caramelized")
    b.step(data.steps.serve_warm_ice)


def fruit_dip(b: Recipe):
    """A fruit dip."""
    data = DESSERTS.fruit_dip
    b.set_title(b.choice(data.options.titles))
    for e in b.sample(data.ingredients.dip_ingredients, 3):
        b.ingredient(e)
    b.ingredient(data.ingredients.assorted_fresh_fruit)
    b.step(data.steps.beat_ingredients_mixer)
    if b.chance(data.chance.chill):
        chill(b)
    else:
        b.step(data.steps.serve_apple_slices)


def shortcake(b: Recipe):
    """Strawberry shortcake."""
    data = DESSERTS.shortcake
    b.set_title(b.choice(data.options.titles))
    b.add_ingredients(data.ingredients.qt_strawberries)
    b.step(data.steps.toss_berries_sugar)
    if b.chance(data.chance.macerate):
        b.step(data.steps.let_stand_draw)
    else:
        chill(b, "berries")
    b.step(data.steps.mix_bisquick_milk)
    bake(b, data.times.bake, "golden brown", b.choice(data.options.oven_temperatures))
    b.step(data.steps.split_warm_shortcakes)


def fruit_pizza(b: Recipe):
    """A fruit pizza."""
    data = DESSERTS.fruit_pizza
    b.set_title(b.choice(data.options.titles))
    b.add_ingredients(data.ingredients.fruit_pizza)
    b.step(data.steps.press_cookie_dough)
    bake(b, data.times.bake, "golden", 350)
    b.step(data.steps.cool_completely)
    b.step(data.steps.beat_cream_cheese)
    b.step(data.steps.arrange_fruit_top)
    chill(b)


def frozen_dessert(b: Recipe):
    """Ice cream or a frozen dessert."""
    data = DESSERTS.frozen_dessert
    name = b.choice(data.options.names)
    b.set_title(name)
    if "Ice Cream" in name and "Sandwich" not in name:
        fruits = name.split()[0].lower() + ("es" if name.startswith("Peach") else "s")
        b.add_ingredients(data.ingredients.ice_cream + ([data.ingredients.mashed_fruit] if "Vanilla" not in name else []), fruits=fruits)
        if b.chance(data.chance.custard_base):
            b.ingredient(data.ingredients.egg_yolks)
            b.step(data.steps.heat_milk_sugar)
            chill(b, "custard", d="cold")
        else:
            mix(b, data.options.cream_mixture)
        b.step(data.steps.pour_ice_cream)
        if b.chance(data.chance.harden):
            freeze(b, "ice cream")
    else:
        for e in b.sample(data.ingredients.frozen_ingredients, b.choice(data.options.ingredient_count)):
            b.ingredient(e)
        b.step(data.steps.mix_ingredients_except, has_crust=any("crust" in i for i in b.ingredients))
        freeze(b)
        if b.chance(data.chance.soften):
            b.step(data.steps.let_stand_room)
    b.finish(data.options.serves)


def gelatin(b: Recipe):
    """Jell-O salads and gelatin desserts."""
    data = DESSERTS.gelatin
    j = b.choice(data.options.flavors)
    J = j.title()
    name = b.pick(data.options.names, J=J)
    b.set_title(name)
    pretzel = "Pretzel" in name
    if pretzel:
        b.add_ingredients(data.ingredients.pretzel_crust)
    if "Watergate" in name or "Fluff" in name:
        b.ingredient(data.ingredients.instant_pistachio_pudding if "Watergate" in name else data.ingredients.jell_o, j=j)
    else:
        b.ingredient(data.ingredients.small_packages if b.chance(data.chance.small_packages) else data.ingredients.gelatin, j=j)
        b.ingredient(data.ingredients.water)
    for e in b.sample(data.ingredients.extras, b.choice(data.options.extras_count)):
        b.ingredient(e)
    if pretzel:
        b.step(data.steps.mix_pretzels_butter)
        bake(b, data.times.crust, "lightly browned", b.choice(data.options.oven_temperatures))
        b.step(data.steps.cool_crust)
    if "Watergate" in name or "Fluff" in name:
        b.step(data.steps.stir_dry_mix)
        b.step(data.steps.fold_cool_whip)
    else:
        if b.chance(data.chance.dissolve_on_stove):
            b.step(data.steps.bring_water_boil)
        else:
            b.step(data.steps.microwave_water_glass)
        if b.chance(data.chance.thicken_first):
            b.step(data.steps.chill_slightly_thickened)
        mix_in(b, data.options.mix_ins)
        b.step(data.steps.pour_inch_dish, pretzel=pretzel)
    chill(b, d="firm" if "Jigglers" in name else "set")
    if "Jigglers" in name:
        b.step(data.steps.cut_shapes_cookie)
    b.finish(data.options.serves)


def quick_dessert(b: Recipe):
    """Quick desserts: dips, fried, microwaved, air-fried."""
    data = DESSERTS.quick_dessert
    name = b.choice(data.options.names)
    b.set_title(name)
    if name == "S'mores Dip":
        b.add_ingredients(data.ingredients.smores_dip)
        b.step(data.steps.spread_chocolate_chips)
        if b.chance(data.chance.bake_smores):
            bake(b, data.times.smores, "marshmallows are golden", b.choice(data.options.smores_oven_temperatures))
        else:
            b.step(data.steps.place_grill_medium)
        b.step(data.steps.serve_immediately_graham)
    elif name == "Air Fryer Donuts":
        b.add_ingredients(data.ingredients.air_fryer_donuts)
        b.step(data.steps.cut_hole_center)
        air_fry(b, "donuts", data.times.donuts, d="golden")
        b.step(data.steps.brush_butter_roll)
    elif name in ("Funnel Cakes", "Churros", "Fried Apple Pies"):
        base = data.options.fried_lines[name]
        for e in base:
            b.ingredient(e)
        if name == "Churros":
            b.step(data.steps.bring_water_butter)
        else:
            mix(b, [short_of(x) for x in base[:3]])
        b.step(data.steps.heat_oil_deep)
        b.step(data.steps.drain_paper_towels)
    elif name == "Chocolate Fondue":
        b.add_ingredients(data.ingredients.chocolate_fondue)
        if b.chance(data.chance.microwave_fondue):
            b.step(data.steps.microwave_chocolate_cream)
        else:
            b.step(data.steps.heat_cream_saucepan)
        b.step(data.steps.stir_vanilla_pour)
        b.step(data.steps.serve_fruit_cake)
    elif name in ("Microwave Peanut Butter Cookies", "Microwave Brownie in a Mug"):
        b.add_ingredients(data.ingredients.peanut_butter_cookies if "Cookies" in name else data.ingredients.brownie_in_a_mug)
        mix(b, data.options.mix_all)
        if "Cookies" in name:
            b.step(data.steps.drop_teaspoonfuls_ring)
            microwave(b, "cookies", data.times.cookies, d="puffed")
        else:
            b.step(data.steps.pour_large_mug)
            microwave(b, "brownie", data.times.brownie, d="it rises")
        b.step(data.steps.let_cool_minute)
    elif name == "Cinnamon Sugar Tortilla Chips":
        b.add_ingredients(data.ingredients.flour_tortillas)
        b.step(data.steps.brush_tortillas_butter)
        m = b.choice(data.options.chip_methods)
        if m == "oven":
            bake(b, data.times.chips, "crisp", b.choice(data.options.chip_oven_temperatures))
        else:
            air_fry(b, "wedges", data.times.chips_in_air_fryer, d="crisp")
    elif name in ("Banana Foster", "Bananas Foster"):
        b.add_ingredients(data.ingredients.bananas_foster)
        b.step(data.steps.melt_butter_skillet)
        b.step(data.steps.add_bananas_cook)
        b.step(data.steps.serve_once_ice)
    else:
        b.add_ingredients(data.ingredients.qt_strawberries)
        b.step(data.steps.mix_sour_cream)
        b.step(data.steps.spoon_strawberries_serve)
    b.finish(data.options.serves)


def dessert(b: Recipe):
    """A dessert of one of the kinds (desserts.yaml dessert.weights)."""
    b.kind, b.main = "dessert", False
    kind = b.weighted(DESSERTS.dessert.weights.kinds)
    {"cake": cake, "pie": pie, "cookies": cookies, "candy": candy, "pudding": pudding, "fruit_dessert": fruit_dessert, "frozen_dessert": frozen_dessert,
     "gelatin": gelatin, "quick_dessert": quick_dessert}[kind](b)
