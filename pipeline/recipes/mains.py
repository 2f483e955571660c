"""Main dishes (mains.yaml): entrees built from a protein, a flavor and a cooking method, and named dishes
(lasagna, enchiladas, pizza, quiche, stuffed peppers, pasta, stir-fry, tacos, meatloaf, burgers, sandwiches)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.recipes.engine import Ingredient, POOLS, Recipe, SERVES_MAIN, Template, cap, load, records
from pipeline.recipes.steps import (
    LONG_TIMES,
    OVEN_TEMPERATURES,
    PANS,
    SLOW_COOKERS,
    TINY_TIMES,
    air_fry,
    bake,
    boil_pasta,
    broil,
    brown,
    chill,
    grill,
    let_stand,
    marinate,
    microwave,
    mix,
    mix_in,
    preheat,
    preheat_grill,
    rise,
    saute,
    serve,
    simmer,
    slow_cook,
)

MAINS = load("mains")  # mains.yaml


@dataclass(frozen=True)
class Protein:
    """What an entree is made of."""

    group: str  # how it cooks: the key of its cooking times, doneness words and extra preparation
    titles: list  # its name in titles; an entry {title, line} also brings its own ingredient line
    ingredient: Ingredient


@dataclass(frozen=True)
class Flavor:
    """How an entree is flavored."""

    titles: list[str]  # title templates around {N}, the protein's name
    ingredients: list[Ingredient]
    style: str  # how the flavor goes on: liquid, rub, coat, creamy, wrap, stuff or fry
    canned_soup: bool = False  # a can of cream soup goes in first
    seasonings: bool = False  # 2 to 4 seasonings go in


@dataclass(frozen=True)
class ExtraPrep:
    """Preparation steps only some protein groups get."""

    groups: list[str]
    text: list[Template]


PROTEINS = records(Protein, MAINS.entree.dishes.proteins, "mains.entree.dishes.proteins")
FLAVORS = records(Flavor, MAINS.entree.dishes.flavors, "mains.entree.dishes.flavors")
EXTRA_PREPS = records(ExtraPrep, MAINS.entree.dishes.extra_preps, "mains.entree.dishes.extra_preps")


def _add_flavor(b: Recipe, flavor: Flavor) -> list[str]:
    """Add the flavor's ingredients; returns their short names."""
    data = MAINS.entree
    names = []
    if flavor.canned_soup:  # a can of cream soup, first
        names.append(b.ingredient(b.choice(POOLS.chicken_soups + POOLS.vegetable_soups)))
    if flavor.seasonings:  # a few seasonings
        names += b.ingredients_from(POOLS.seasonings, b.choice(data.options.flavor_seasonings_count))
    names += [b.ingredient(e) for e in flavor.ingredients]
    return [n for n in names if n]


def _aromatic_saute(b: Recipe, timed: bool):
    """Saute one or two aromatics."""
    data = MAINS.entree
    picks = b.sample(data.ingredients.aromatics, b.choice(data.options.aromatics_count))
    saute(b, [b.ingredient(e) for e in picks], timed=timed)


def entree(b: Recipe):
    """A protein, a flavor and a cooking method: chops, roasts, breasts, fish, shrimp, ..."""
    b.kind, b.main = "main", True
    data = MAINS.entree
    method = b.weighted(data.weights.method)
    protein = b.choice([p for p in PROTEINS if method in data.times.cook[p.group]])
    group, line = protein.group, protein.ingredient.line
    noun = b.choice(protein.titles)
    if isinstance(noun, dict):  # a title that brings its own ingredient line
        noun, line = noun.title, noun.line
    flavs = [f for f in FLAVORS if method in data.options.style_methods[f.style]]
    if group in ("roast", "braise", "ribs", "sausage", "pieces"):
        flavs = [f for f in flavs if f.style not in ("stuff", "coat", "wrap")]
    if group in ("shrimp", "tofu", "steak", "roast", "braise", "ribs", "sausage", "ham"):
        flavs = [f for f in flavs if f.style != "fry"]
    flavor = b.choice(flavs)
    style = flavor.style
    core = b.choice(flavor.titles).format(N=noun)
    unusual = method in ("slow", "grill", "air", "mw", "broil")  # methods a title names more often
    if b.chance(data.chance.method_in_title_unusual if unusual else data.chance.method_in_title) and not core.startswith(("Fried", "Southern", "Country Fried")):
        pre = b.choice(data.options.method_prefixes[method])
        if pre not in core:
            core = f"{pre} {core}"
    b.set_title(core)
    # ingredients
    prot_entry = replace(protein.ingredient, line=line)
    first = b.chance(data.chance.protein_listed_first)
    if first:
        b.ingredient(prot_entry)
    fnames = _add_flavor(b, flavor)
    if not first:
        b.ingredient(prot_entry)
    if b.chance(data.chance.extra_seasonings):
        b.ingredients_from(POOLS.seasonings, b.choice(data.options.extra_seasonings_count))
    sauce = b.join(b.sample(fnames, b.choice(data.options.sauce_words_count))) or "seasonings"
    done = b.choice(data.options.doneness[group])
    times = data.times.cook[group][method]
    per_side = group in data.options.per_side_groups
    pan = b.choice(PANS)
    S = protein.ingredient.short
    if b.chance(data.chance.prepare_protein):
        extra = [text for prep in EXTRA_PREPS if group in prep.groups for text in prep.text]
        b.step(data.steps.prepare, also=extra, S=S)

    def prep_flavor(target_dish: bool):
        if style == "coat":
            mix(b, b.sample(fnames, 2))
            dip = b.choice(data.options.dips)
            b.step(data.steps.coat, also=data.options.coat_in_the_dish if target_dish else (), S=S, dip=dip, pan=pan)
        elif style == "rub":
            b.step(data.steps.season, S=S, sauce=sauce)
        elif style == "liquid":
            mix(b, b.sample(fnames, min(3, len(fnames))) or ["sauce ingredients"])
            if b.chance(data.chance.marinate) and method not in ("slow",):
                marinate(b, S)
        elif style == "creamy":
            mix(b, fnames)
        elif style == "wrap":
            b.step(data.steps.wrap_piece_slice, S=S)
        elif style == "stuff":
            b.step(data.steps.combine_stove_top)
            b.step(data.steps.spoon_stuffing, S=S)
        elif style == "fry":
            b.step(data.steps.dip_buttermilk_then, S=S)

    if method == "oven":
        v = b.choice([325, 350, 350, 375, 375, 400, 425] if group != "roast" else [300, 325, 325, 350])
        pre = b.chance(data.chance.preheat)
        if pre:
            preheat(b, v, pan)
        if style != "stuff":
            prep_flavor(True)
        if style in ("liquid", "creamy"):
            b.step(data.steps.arrange_greased_pour, S=S, pan=pan)
        elif style != "coat":
            b.step(data.steps.arrange, S=S, pan=pan)
        if style == "stuff":
            prep_flavor(True)
        if group == "roast" and b.chance(data.chance.roast_to_temperature):
            A = b.degrees_adjective(v)
            b.step(data.steps.roast_oven_uncovered, A=A)
        elif group in ("roast", "pieces") and b.chance(data.chance.roast_timed):
            t = b.time_from(times)
            if not pre:
                T, A = b.degrees(v), b.degrees_adjective(v)
                b.step(data.steps.roast_at_temperature, T=T, t=t, A=A, done=done)
            else:
                b.step(data.steps.roast_in_preheated_oven, t=t, done=done)
        else:
            bake(b, times, done, None if pre else v, covered=b.choice(data.options.covered_oven))
        if style == "coat" and b.chance(data.chance.broil_crust):
            broil(b)
        if group in ("roast", "tender") and b.chance(data.chance.let_stand):
            let_stand(b)
    elif method == "broil":
        prep_flavor(False)
        b.step(data.steps.preheat_broiler)
        t = b.time_from(times, mult=2)
        b.step(data.steps.broil_inches_from, S=S, t=t, done=done)
    elif method == "stove":
        if style == "fry":
            prep_flavor(False)
            fat = b.choice(data.options.frying_fats)
            b.step(data.steps.heat_inch_large, fat=fat)
            if per_side:
                t = b.time_from(times, mult=2)
                b.step(data.steps.fry_per_side, S=S, t=t, done=done)
            else:
                t = b.time_from(times)
                b.step(data.steps.fry_turning_occasionally, S=S, t=t, done=done)
            b.step(data.steps.drain_paper_towels, S=S)
        elif per_side:
            prep_flavor(False)
            b.step(data.steps.heat_oil_large)
            t = b.time_from(times, mult=2)
            b.step(data.steps.cook_per_side, S=S, t=t, done=done)
            if style in ("liquid", "creamy") and b.chance(data.chance.pan_sauce):
                b.step(data.steps.remove_keep_warm, S=S)
                if b.chance(data.chance.aromatics_in_pan_sauce):
                    _aromatic_saute(b, True)
                b.step(data.steps.add_sauce_skillet, S=S)
        elif group in ("pieces", "braise", "roast", "chop"):
            prep_flavor(False)
            brown(b, S, drain=False)
            if b.chance(data.chance.aromatics_before_simmering):
                _aromatic_saute(b, False)
            if style == "rub":
                b.step(data.steps.add_cup_water)
            else:
                b.step(data.steps.pour_sauce, S=S)
            simmer(b, times, d=done)
        else:  # shrimp, sausage, tofu
            prep_flavor(False)
            fat = b.choice(data.options.cooking_fats)
            t = b.time_from(times)
            if group == "shrimp":
                b.step(data.steps.melt_large_skillet, fat=fat, S=S, t=t, done=done)
            elif group == "sausage":
                b.step(data.steps.cook_skillet_medium, S=S, t=t, done=done)
            else:
                b.step(data.steps.heat_wok_stir, fat=fat, S=S, t=t, done=done)
            if style in ("liquid", "creamy") and b.chance(data.chance.sauce_in_pan):
                t = b.time_from(TINY_TIMES)
                b.step(data.steps.stir_sauce_cook, t=t)
        if b.chance(data.chance.serve_stovetop):
            serve(b, base=True)
    elif method == "both":
        prep_flavor(False)
        if per_side and b.chance(data.chance.sear):
            b.step(data.steps.brown_hot_oil, S=S)
        else:
            brown(b, S, drain=False)
        v = b.choice(OVEN_TEMPERATURES)
        b.step(data.steps.transfer, S=S, pan=pan)
        if style in ("liquid", "creamy"):
            b.step(data.steps.sauce_over_browned, S=S)
        bake(b, times, done, v, covered=b.choice(data.options.covered_both))
    elif method == "slow":
        if b.chance(data.chance.brown_before_slow_cooking):
            brown(b, S, drain=b.chance(data.chance.drain_browned))
        if b.chance(data.chance.vegetables_under):
            veg = b.ingredients_from(POOLS.aromatics + data.ingredients.root_vegetables, 2)
            vegetables = b.join(list(dict.fromkeys(veg)))
            cooker = b.choice(SLOW_COOKERS)
            b.step(data.steps.place_bottom_top, vegetables=vegetables, cooker=cooker, S=S)
        else:
            cookers = [b.choice(SLOW_COOKERS) for _ in range(3)]  # one per template
            b.step(data.steps.place, S=S, cookers=cookers)
        if style in ("liquid", "creamy"):
            b.step(data.steps.combine_pour, sauce=sauce, S=S)
        else:
            b.step(data.steps.sprinkle, sauce=sauce)
        slow_cook(b, data.times.slow_cooker_hours if group != "breast" else data.times.slow_cooker_hours_breast)
        if b.chance(data.chance.serve_slow_cooked):
            serve(b, base=True)
    elif method == "grill":
        prep_flavor(False)
        if b.chance(data.chance.preheat_grill):
            preheat_grill(b)
        if per_side or group in ("shrimp", "sausage"):
            grill(b, S, times, done)
        else:
            t = b.time_from(times)
            b.step(data.steps.grill_indirect_heat, S=S, t=t, done=done)
        if style == "liquid" and b.chance(data.chance.boil_marinade):
            b.step(data.steps.bring_remaining_sauce, S=S)
    elif method == "air":
        prep_flavor(False)
        air_fry(b, S, times, d=done)
    elif method == "mw":
        prep_flavor(False)
        b.step(data.steps.arrange_microwave_safe, S=S)
        microwave(b, S, times, d=done)
        let_stand(b)
    if b.chance(data.chance.serve):
        serve(b, base=(method in ("stove", "slow", "both")))
    b.finish(SERVES_MAIN)


def lasagna(b: Recipe):
    """Lasagna: beef, sausage, spinach, vegetable or chicken; baked or slow-cooked."""
    b.kind, b.main = "main", True
    data = MAINS.lasagna
    fill = b.weighted(data.weights.fill)
    slowc = b.chance(data.chance.slow_cooker)
    core = b.choice(data.options.titles[fill])
    if slowc:
        prefix = b.choice(data.options.slow_cooker_prefixes)
        core = f"{prefix} {core}"
    b.set_title(core)
    noboil = slowc or b.chance(data.chance.no_boil_noodles)
    b.ingredient(b.choice(data.options.slow_cooker_noodles) if noboil and slowc else
          b.choice(data.options.no_boil_noodles) if noboil else data.ingredients.noodles)
    meat = data.ingredients.meats.get(fill)
    if meat:
        b.ingredient(meat)
    if fill == "spinach":
        b.ingredient(data.ingredients.frozen_chopped_spinach)
    if fill == "veg":
        b.ingredients_from(data.ingredients.vegetables, 2)
    b.ingredient(b.choice(POOLS.pasta_sauces) if fill != "chicken" else b.choice(data.ingredients.chicken_sauces))
    b.ingredient(data.ingredients.ricotta)
    b.ingredient(data.ingredients.shredded_mozzarella_cheese)
    b.ingredient(data.ingredients.grated_parmesan_cheese)
    if b.chance(data.chance.egg):
        b.ingredient(data.ingredients.egg)
    if b.chance(data.chance.seasonings):
        b.ingredients_from(data.ingredients.seasonings, 2)
    if not noboil:
        boil_pasta(b, "noodles")
    if fill in ("beef", "sausage"):
        brown(b, fill)
        if b.chance(data.chance.simmer_sauce):
            b.step(data.steps.stir_sauce)
            simmer(b, data.times.short_simmer if b.chance(data.chance.short_simmer) else LONG_TIMES, d="thickened", lead=False)
        else:
            b.step(data.steps.stir_sauce_meat)
    elif fill == "veg" and b.chance(data.chance.saute_vegetables):
        saute(b, data.options.saute_vegetables)
    mix(b, data.options.cheeses if b.chance(data.chance.name_the_cheeses) else data.options.cheese_mixture)
    vessel = b.choice(SLOW_COOKERS) if slowc else b.choice(data.options.pans)
    b.step(data.steps.layer_noodles_sauce, vessel=vessel)
    if slowc:
        slow_cook(b, data.times.slow_cooker_hours)
    else:
        v = b.choice(data.options.oven_temperatures)
        if b.chance(data.chance.preheat):
            preheat(b, v)
            v = None
        if b.chance(data.chance.bake_covered_then_uncovered):
            bake(b, data.times.bake_covered, "bubbly", v, covered=True)
            b.step(data.steps.uncover_bake_more)
        else:
            bake(b, data.times.bake, "bubbly", v, covered=b.choice(data.options.covered))
        if b.chance(data.chance.let_stand):
            b.step(data.steps.let_stand_before)
    b.finish(SERVES_MAIN + data.options.serves)


def enchiladas(b: Recipe):
    """Enchiladas with a filling and a red, cream or green sauce."""
    b.kind, b.main = "main", True
    data = MAINS.enchiladas
    fill = b.weighted(data.weights.fill)
    sauce = b.weighted(data.weights.sauce)
    core = b.pick(data.options.titles[fill], sour_cream=sauce == "cream")
    b.set_title(core)
    b.ingredient(b.choice(data.ingredients.tortillas))
    raw_beef = False
    if fill == "chicken":
        b.ingredient(data.ingredients.chicken)
    elif fill == "beef":
        b.ingredient(data.ingredients.beef)
        raw_beef = True
    elif fill == "bean":
        b.ingredient(data.ingredients.black_beans if b.chance(data.chance.black_beans) else data.ingredients.refried_beans)
    elif fill == "shrimp":
        b.ingredient(data.ingredients.shrimp)
    b.ingredient(POOLS.aromatics.onion if b.chance(data.chance.onion) else POOLS.aromatics.green_onions)
    b.ingredient(b.choice(data.ingredients.sauces[sauce]))
    if sauce == "cream":
        b.ingredient(b.choice(POOLS.chicken_soups + POOLS.vegetable_soups))
    b.ingredient(b.choice(data.ingredients.cheeses))
    if b.chance(data.chance.seasonings):
        b.ingredients_from(data.ingredients.seasonings, 2)
    if raw_beef:
        brown(b, b.choice(data.options.beef_words))
    elif b.chance(data.chance.saute_onion):
        saute(b, data.options.saute_onion)
    else:
        filling = fill if fill not in ("bean", "cheese") else "beans" if fill == "bean" else "half the cheese"
        mix(b, [filling, "onion", "half the sauce" if sauce != "cream" else "sour cream"])
    soft = b.weighted(data.weights.soft)
    if soft == "oil":
        b.step(data.steps.soften_tortillas_one)
    elif soft == "mw":
        b.step(data.steps.wrap_tortillas_damp)
    b.step(data.steps.spoon_filling_onto)
    b.step(data.steps.pour_remaining_sauce)
    bake(b, data.times.bake, b.choice(data.options.doneness),
         b.choice(data.options.oven_temperatures), covered=b.choice(data.options.covered))
    b.finish(SERVES_MAIN, serve_lines=data.options.serve_lines, serve_chance=data.chance.serving_line)


def pizza(b: Recipe):
    """Pizza on a yeast, Bisquick, bought, English muffin or French bread crust."""
    b.kind, b.main = "main", True
    data = MAINS.pizza
    top = b.weighted(data.weights.top)
    crust = b.weighted(data.weights.crust)
    meth = "oven"
    if crust == "bought" and b.chance(data.chance.grill_bought_crust):
        meth = "grill"
    elif crust == "muffin" and b.chance(data.chance.muffins_not_baked):
        meth = b.choice(data.options.muffin_methods)
    names = data.options.titles[top]
    core = b.choice(names)
    if crust == "muffin":
        core = b.choice([core.replace("Pizza", "English Muffin Pizzas"), "Mini " + core.replace("Pizza", "Pizzas"), core.replace("Pizza", "Pizza Muffins")])
    elif crust == "french":
        core = "French Bread " + core if "Pizza" in core[-5:] else core
    pre = data.options.method_words.get(meth)
    if pre:
        core = f"{pre} {core}"
    b.set_title(core)
    if crust == "yeast":
        b.ingredient(data.ingredients.dry_yeast)
        b.ingredient(data.ingredients.warm_water)
        b.ingredient(data.ingredients.flour)
        b.ingredient(data.ingredients.olive_oil)
    elif crust == "bisquick":
        b.ingredient(data.ingredients.bisquick)
        b.ingredient(data.ingredients.milk)
    elif crust == "bought":
        b.ingredient(b.choice(data.ingredients.bought_crusts))
    elif crust == "muffin":
        b.ingredient(data.ingredients.english_muffins_split)
    else:
        b.ingredient(data.ingredients.loaf_french_bread)
    b.ingredient(b.choice(data.options.pizza_sauces) if top not in ("bbq", "shrimp") else
          "1/2 c. barbecue sauce" if top == "bbq" else "1/4 c. olive oil")
    b.ingredient(data.ingredients.shredded_mozzarella_cheese)
    raw = None
    tops = data.ingredients.tops[top]
    for t in tops:
        b.ingredient(t)
    if top in ("sausage", "taco") and meth != "mw":
        raw = "sausage" if top == "sausage" else "ground beef"
    if b.chance(data.chance.seasoning):
        b.ingredients_from(data.ingredients.seasonings, 1)
    if crust == "yeast":
        b.step(data.steps.dissolve_yeast_warm)
        rise(b)
        b.step(data.steps.punch_down_press)
    elif crust == "bisquick":
        b.step(data.steps.mix_bisquick_milk)
    if raw:
        brown(b, raw)
    b.step(data.steps.spread_sauce_crust, muffins=crust == "muffin")
    b.step(data.steps.arrange_toppings_sauce)
    if meth == "oven":
        v = b.choice(data.options.oven_temperatures)
        if b.chance(data.chance.preheat):
            preheat(b, v)
            v = None
        bake(b, data.times.bake, b.choice(data.options.doneness), v)
    elif meth == "grill":
        grill(b, "crust", data.times.grill, "cheese melts")
    elif meth == "air":
        air_fry(b, "pizzas", data.times.air_fry, d="cheese is melted")
    else:
        microwave(b, "pizzas", data.times.microwave, d="cheese melts")
    b.finish(data.options.serves)


def quiche(b: Recipe):
    """Quiche, in a crust or crustless."""
    b.kind, b.main = "main", True
    data = MAINS.quiche
    fill = b.weighted(data.weights.fill)
    core = b.choice(data.options.titles[fill])
    crustless = b.chance(data.chance.crustless)
    if crustless:
        core = "Crustless " + core
    b.set_title(core)
    if not crustless:
        b.ingredient(b.choice(data.ingredients.crusts))
    meat = b.pick_each(data.ingredients.fillings)[fill]  # the bacon is drawn whatever the filling
    name = b.ingredient(meat)
    b.ingredient(b.choice(data.ingredients.cheeses))
    b.ingredient(data.ingredients.eggs)
    b.ingredient(b.choice(data.ingredients.dairy))
    b.ingredient(b.choice(data.ingredients.seasonings))
    if b.chance(data.chance.onion):
        b.ingredient(b.choice(data.ingredients.onions))
    v = b.choice(data.options.oven_temperatures)
    if b.chance(data.chance.preheat):
        preheat(b, v)
        v = None
    if fill == "lorraine" and "slices" in meat.line:
        b.step(data.steps.fry_bacon_skillet)
    elif fill == "sausage":
        brown(b, "sausage")
    elif fill == "mushroom" and b.chance(data.chance.saute):
        saute(b, data.options.mushrooms_and_onion if len(b.ingredients) > 5 else data.options.mushrooms)
    layer_in = "crust" if not crustless else "a buttered 9-inch pie plate"
    b.step(data.steps.sprinkle_cheese_bottom, name=name, layer_in=layer_in, in_a_crust=not crustless)
    b.step(data.steps.beat_eggs_cream, in_a_crust=not crustless)
    bake(b, data.times.bake, b.choice(data.options.doneness), v)
    if b.chance(data.chance.let_stand_before):
        b.step(data.steps.let_stand_before)
    b.finish(data.options.serves)


def stuffed_peppers(b: Recipe):
    """Stuffed peppers: baked, slow-cooked or microwaved."""
    b.kind, b.main = "main", True
    data = MAINS.stuffed_peppers
    fill = b.weighted(data.weights.fill)
    meth = b.weighted(data.weights.meth)
    core = b.choice(data.options.titles)
    if fill == "veg":
        core = b.choice(data.options.meatless_titles)
    elif b.chance(data.chance.style_in_title):
        core = b.choice(data.options.styles) + " " + core
    if meth != "oven" and b.chance(data.chance.method_in_title):
        core = b.pick_each(data.options.method_words)[meth] + " " + core
    b.set_title(core)
    b.ingredient(data.ingredients.green_peppers)
    raw = False
    if fill in ("beef", "rice_raw_beef"):
        b.ingredient(data.ingredients.beef)
        raw = fill == "beef"
    elif fill == "sausage":
        b.ingredient(data.ingredients.sausage)
        raw = True
    elif fill == "turkey":
        b.ingredient(data.ingredients.turkey)
        raw = True
    else:
        b.ingredient(data.ingredients.black_beans)
        b.ingredient(data.ingredients.frozen_corn)
    b.ingredient(b.choice(data.ingredients.rice))
    b.ingredient(POOLS.aromatics.onion)
    b.ingredient(b.choice(data.ingredients.tomato_sauces))
    cheesy = b.chance(data.chance.cheesy)
    if cheesy:
        b.ingredient(b.choice(data.ingredients.cheeses))
    b.ingredients_from(data.ingredients.seasonings, b.choice(data.options.seasonings_count))
    b.step(data.steps.cut_tops_off)
    if meth == "oven" and b.chance(data.chance.parboil):
        b.step(data.steps.cook_peppers_boiling)
    if raw and meth != "slow":
        brown(b, b.choice(data.options.meat_words) if fill != "sausage" else "sausage")
    b.step(data.steps.combine_meat_rice, has_meat=fill != "veg")
    b.step(data.steps.stuff_peppers_mixture)
    if meth == "oven":
        b.step(data.steps.stand_peppers_upright)
        bake(b, data.times.bake, b.choice(data.options.doneness), b.choice(data.options.oven_temperatures), covered=b.choice(data.options.covered))
    elif meth == "slow":
        b.step(data.steps.slow_cooker, cooker=b.choice(SLOW_COOKERS))
        slow_cook(b, data.times.slow_cooker_hours)
    else:
        b.step(data.steps.arrange_microwave_safe)
        microwave(b, "peppers", data.times.microwave, d="peppers are tender")
        let_stand(b)
    if cheesy and b.chance(data.chance.cheese_on_top):
        b.step(data.steps.top_cheese_before)
    b.finish(SERVES_MAIN)


def pasta(b: Recipe):
    """Spaghetti, marinara, meatballs, Alfredo, primavera, scampi, baked ziti, clam sauce or chili mac."""
    b.kind, b.main = "main", True
    data = MAINS.pasta
    kind = b.weighted(data.weights.kind)
    pasta = b.choice(data.options.pastas)
    if kind in ("meatsauce", "marinara", "meatballs", "clam", "scampi"):
        pasta = b.choice(data.options.long_pastas)
    if kind == "ziti":
        pasta = b.choice(data.options.baked_pastas)
    if kind == "chilimac":
        pasta = "elbow macaroni"
    alf_p = b.weighted(data.weights.alfredo_protein)
    Pasta = cap(pasta)
    titles = b.pick_each(data.options.titles, Pasta=Pasta)
    core = titles.alfredo[alf_p] if kind == "alfredo" else titles[kind]
    b.set_title(core)
    b.ingredient(data.ingredients.pasta, pasta=pasta)
    if kind in ("meatsauce", "chilimac"):
        b.ingredient(data.ingredients.beef)
    if kind == "ziti" and "Sausage" in core:
        b.ingredient(data.ingredients.sausage)
    frozen_meatballs = chicken = None
    if kind == "meatballs":
        frozen_meatballs = b.chance(data.chance.frozen_meatballs)
        if frozen_meatballs:
            b.ingredient(data.ingredients.meatballs)
        else:
            b.ingredient(data.ingredients.meatball_beef)
            b.ingredient(data.ingredients.dry_bread_crumbs)
            b.ingredient(data.ingredients.egg)
    if kind == "alfredo":
        if alf_p == "chicken":
            chicken = b.choice(data.ingredients.alfredo_chicken)
            b.ingredient(chicken)
        elif alf_p == "shrimp":
            b.ingredient(data.ingredients.shrimp)
        else:
            b.ingredient(POOLS.vegetables.broccoli_florets)
    if kind == "scampi":
        b.ingredient(data.ingredients.scampi_shrimp)
    if kind == "clam":
        b.ingredient(data.ingredients.clams)
    if kind in ("meatsauce", "marinara", "meatballs", "ziti", "chilimac"):
        b.ingredient(b.choice(POOLS.pasta_sauces) if kind != "chilimac" else data.ingredients.chili_beans)
        if b.chance(data.chance.onion):
            b.ingredient(POOLS.aromatics.onion)
        b.ingredients_from(data.ingredients.seasonings, b.choice(data.options.seasonings_count))
    if kind in ("alfredo",):
        b.ingredient(data.ingredients.butter)
        b.ingredient(data.ingredients.heavy_cream)
        b.ingredient(data.ingredients.grated_parmesan_cheese)
    if kind in ("scampi", "clam", "primavera"):
        b.ingredient(data.ingredients.olive_oil)
        b.ingredient(POOLS.aromatics.garlic)
        if kind == "primavera":
            b.ingredients_from(data.ingredients.primavera_vegetables, 3)
            b.ingredient(b.choice(data.ingredients.primavera_liquids))
        else:
            b.ingredient(data.ingredients.dry_white_wine)
        b.ingredient(data.ingredients.chopped_parsley)
    if kind in ("ziti", "chilimac"):
        b.ingredient(b.choice(data.ingredients.cheeses))
        if kind == "ziti":
            b.ingredient(data.ingredients.ricotta_cheese)
    # directions
    if kind == "meatballs" and not frozen_meatballs:
        mix(b, data.options.meatball_mixture)
        b.step(data.steps.shape_inch_balls)
        brown(b, "meatballs", drain=True)
    if kind in ("meatsauce", "chilimac"):
        brown(b, b.choice(data.options.beef_words))
    if kind == "ziti" and "Sausage" in core:
        brown(b, "sausage")
    if kind in ("meatsauce", "marinara", "meatballs"):
        b.step(data.steps.add_sauce_seasonings)
        simmer(b, data.times.quick_sauce if b.chance(data.chance.quick_sauce) else data.times.slow_sauce, d="flavors are blended")
        boil_pasta(b, pasta)
        serve(b, base=False) if b.chance(data.chance.serve_line) else b.step(data.steps.serve_sauce, pasta=pasta)
    elif kind == "chilimac":
        boil_pasta(b, "macaroni")
        b.step(data.steps.stir_macaroni_chili)
        simmer(b, data.times.quick_chili_mac if b.chance(data.chance.quick_chili_mac) else data.times.chili_mac, d="heated through", lead=False)
        b.step(data.steps.top_cheese_serve)
    elif kind == "alfredo":
        boil_pasta(b, pasta)
        if alf_p == "chicken" and "strips" in chicken.line:  # raw chicken strips are cooked first
            b.step(data.steps.saute_chicken_little)
        elif alf_p == "shrimp":
            b.step(data.steps.saute_shrimp_butter)
        elif alf_p == "broccoli" and b.chance(data.chance.steam_broccoli):
            b.step(data.steps.steam_broccoli_covered)
        t = b.time_from(TINY_TIMES)
        b.step(data.steps.melt_butter_saucepan, t=t)
        b.step(data.steps.stir_parmesan_melted)
        and_protein = " and " + alf_p if alf_p != "none" else ""
        b.step(data.steps.toss, pasta=pasta, and_protein=and_protein)
    elif kind in ("scampi", "clam", "primavera"):
        boil_pasta(b, pasta)
        t = b.time_from(TINY_TIMES)
        b.step(data.steps.heat_oil_large, t=t)
        main = data.options.main_words[kind]
        b.step(data.steps.add_cook, main=main)
        b.step(data.steps.toss_parsley, pasta=pasta)
    elif kind == "ziti":
        boil_pasta(b, pasta)
        mix(b, [pasta, "sauce", "ricotta", "half the cheese"])
        b.step(data.steps.spoon_greased_inch)
        bake(b, data.times.bake, "bubbly", b.choice(data.options.oven_temperatures), covered=b.choice(data.options.covered))
    b.finish(SERVES_MAIN)


def stir_fry(b: Recipe):
    """Stir-fry, lo mein or fried rice."""
    b.kind, b.main = "main", True
    data = MAINS.stir_fry
    prot = b.weighted(data.weights.protein)
    entry = data.ingredients.entry[prot]
    P = data.options.proteins[prot]
    noodle = b.chance(data.chance.noodles)
    core = b.pick(data.options.titles, P=P, chicken=prot == "chicken")
    if noodle:
        core = b.pick(data.options.noodle_titles, P=P)
    fried_rice = not noodle and b.chance(data.chance.fried_rice)
    if fried_rice:
        core = f"{P} Fried Rice"
    b.set_title(core)
    b.ingredient(entry)
    vegs = b.ingredients_from(data.ingredients.vegetables, b.choice(data.options.vegetables_count))
    sauce = [b.ingredient(data.ingredients.soy_sauce), b.ingredient(b.choice(data.ingredients.cornstarch))]
    extra = b.choice(data.ingredients.extras)
    sauce.append(b.ingredient(extra))
    b.ingredient(b.choice(data.ingredients.aromatics))
    if "Cashew" in core or "Kung Pao" in core:
        b.ingredient(data.ingredients.roasted_cashews if "Cashew" in core else data.ingredients.dry_roasted_peanuts)
    if noodle:
        b.ingredient(data.ingredients.lo_mein_noodles)
    if fried_rice:
        b.ingredient(data.ingredients.cold_cooked_rice)
        b.ingredient(data.ingredients.eggs_beaten)
    pan = b.choice(data.options.pans)
    if b.chance(data.chance.coat_protein_first):
        if b.chance(data.chance.marinate_protein):
            b.step(data.steps.toss_tbsp_soy, prot=prot)
        else:
            b.step(data.steps.toss_half_soy, prot=prot)
    else:
        mix(b, sauce)
    if noodle:
        boil_pasta(b, "noodles")
    b.step(data.steps.heat_oil_high, pan=pan, prot=prot)
    t = b.time_from(data.times.vegetables)
    vegetables = b.join(vegs)
    b.step(data.steps.add_stir_fry, vegetables=vegetables, t=t, pan=pan)
    if fried_rice:
        b.step(data.steps.push_vegetables_aside)
    b.step(data.steps.return_pan_sauce, prot=prot)
    if not (noodle or fried_rice) and b.chance(data.chance.serve_over_rice):
        b.step(data.steps.serve_hot_cooked)
    b.finish(SERVES_MAIN)


def tacos(b: Recipe):
    """Tacos, quesadillas, fajitas or burritos."""
    b.kind, b.main = "main", True
    data = MAINS.tacos
    kind = b.weighted(data.weights.kind)
    prot = b.weighted(data.weights.protein)
    if kind == "fajitas" and prot == "bean" or kind in ("quesadillas", "fajitas") and prot == "pork":
        prot = "chicken"
    words = data.options.protein_words
    if kind == "tacos":
        words = {**words, "beef": data.options.taco_beef_words}  # no steak tacos
    P = b.pick_each(words)[prot]  # a word is drawn for every protein, this one's is kept
    slowc = prot == "pork" or prot == "chicken" and kind in ("tacos", "burritos") and b.chance(data.chance.slow_cooker)
    core = f"{P} {cap(kind)}" if not (P == "Carnitas" and kind == "tacos") else "Carnitas Tacos"
    if kind == "tacos" and b.chance(data.chance.soft_or_street):
        core = b.pick(data.options.title_styles, core=core, not_beans=prot != "bean")
    if slowc and b.chance(data.chance.method_in_title):
        core = b.choice(data.options.slow_cooker_words) + " " + core
    b.set_title(core)
    raw_ground = prot == "beef" and ("Steak" not in P)
    filling = "steak" if prot == "beef" and not raw_ground else prot
    ent = data.ingredients.ent[filling]
    if prot == "chicken" and not slowc and b.chance(data.chance.cooked_chicken):
        ent = data.ingredients.cooked_chicken
    S = b.ingredient(ent)
    b.ingredient(b.choice(data.options.taco_seasonings) if kind != "fajitas" else
          b.choice(data.options.fajita_seasonings))
    shells = b.pick_each(data.options.shells)[kind]
    b.ingredient(shells)
    b.ingredient(b.choice(data.ingredients.cheeses))
    if kind == "fajitas":
        b.ingredient(data.ingredients.peppers_sliced)
        b.ingredient(data.ingredients.onion_sliced)
    if kind != "quesadillas" and b.chance(data.chance.topping):
        b.ingredient(b.choice(data.ingredients.toppings))
    if slowc:
        cookers = [b.choice(SLOW_COOKERS) for _ in range(2)]  # one per template
        b.step(data.steps.place_sprinkle_seasoning, S=S, cookers=cookers)
        slow_cook(b, data.times.slow_cooker_hours)
        b.step(data.steps.shred_two_forks, S=S)
    elif prot == "beef" and raw_ground:
        brown(b, b.choice(data.options.beef_words))
        b.step(data.steps.stir_seasoning_c)
    elif prot == "bean":
        if b.chance(data.chance.microwave_beans):
            b.step(data.steps.microwave_beans_seasoning)
        else:
            b.step(data.steps.heat_beans_seasoning)
    elif "cooked" in ent.line:
        mix(b, [S, "seasoning", "a little water"])
        if b.chance(data.chance.reheat_in_skillet):
            b.step(data.steps.heat_skillet_medium)
        else:
            b.step(data.steps.microwave_hot)
    else:
        if kind == "fajitas" and b.chance(data.chance.marinate):
            marinate(b, S)
        if prot in ("fish", "shrimp") and b.chance(data.chance.grill_seafood):
            if b.chance(data.chance.preheat_grill):
                preheat_grill(b)
            grill(b, S, data.times.grill_seafood, "done")
        else:
            t = b.time_from(data.times.skillet if prot not in ("shrimp",) else data.times.skillet_shrimp)
            b.step(data.steps.cook_seasoning_hot, S=S, t=t)
        if kind == "fajitas":
            b.step(data.steps.saute_peppers_onion)
    if kind == "tacos":
        if "taco shells" in shells and b.chance(data.chance.warm_shells):
            b.step(data.steps.heat_taco_shells)
        b.step(data.steps.fill_shells_meat, S=S, not_beans=prot != "bean")
    elif kind == "quesadillas":
        b.step(data.steps.sprinkle_cheese_half, S=S)
        qm = b.weighted(data.weights.quesadilla_method)
        if qm == "stove":
            b.step(data.steps.cook_lightly_greased)
        elif qm == "air":
            air_fry(b, "quesadillas", data.times.air_fry_quesadillas, d="crisp")
        elif qm == "grill":
            grill(b, "quesadillas", data.times.grill_quesadillas, "cheese melts")
        else:
            bake(b, data.times.bake_quesadillas, "cheese melts", b.choice(data.options.quesadilla_oven_temperatures))
        b.step(data.steps.cut_wedges_serve)
    elif kind == "fajitas":
        b.step(data.steps.serve_peppers_onions, S=S)
    else:
        b.step(data.steps.spoon_down_center, S=S)
        if b.chance(data.chance.bake_burritos):
            b.step(data.steps.place_seam_side)
            bake(b, data.times.bake_burritos, "heated through", b.choice(data.options.burrito_oven_temperatures), covered=b.choice(data.options.covered))
    b.finish(SERVES_MAIN)


def meatloaf(b: Recipe):
    """Meatloaf, turkey or salmon loaf, or meatballs."""
    b.kind, b.main = "main", True
    data = MAINS.meatloaf
    kind = b.weighted(data.weights.kind)
    meth = b.weighted(data.weights.loaf_method) if kind != "meatballs" else b.weighted(data.weights.meatball_method)
    mb = b.choice(data.options.meatball_styles)
    titles = b.pick_each(data.options.titles)  # a title for every kind (and meatball style), this one's kept
    core = titles.meatballs[mb] if kind == "meatballs" else titles[kind]
    if meth in ("mw", "slow") and b.chance(data.chance.method_in_title):
        core = b.pick_each(data.options.method_words)[meth] + " " + core
    b.set_title(core)
    if kind in ("meatloaf", "meatballs"):
        b.ingredient(data.ingredients.beef)
        if b.chance(data.chance.ground_pork):
            b.ingredient(data.ingredients.pork)
    elif kind == "turkey":
        b.ingredient(data.ingredients.turkey)
    else:
        fish = "salmon" if "Salmon" in core else "tuna"
        b.ingredient(data.ingredients.canned_fish[fish])
    b.ingredient(b.pick(data.options.binders, porcupine="Porcupine" in core))
    b.ingredient(data.ingredients.egg)
    b.ingredient(b.choice(data.ingredients.onions))
    b.ingredient(b.choice(data.ingredients.liquids))
    b.ingredients_from(data.ingredients.seasonings, b.choice(data.options.seasonings_count))
    glaze = None
    if kind != "meatballs" and b.chance(data.chance.glaze):
        glaze = b.ingredient(b.choice(data.options.glazes) if kind != "salmon" else data.ingredients.salmon_loaf_glaze)
    sauce = None
    if kind == "meatballs":
        sauce = b.ingredient(b.choice(data.ingredients.cream_mushroom[mb]))
        if mb == "Sweet" and b.chance(data.chance.grape_jelly):
            b.ingredient(data.ingredients.grape_jelly)
            sauce = "chili sauce and jelly"
    everything = ["all ingredients except " + (glaze or "sauce") if glaze or sauce else "all ingredients"]
    mix(b, b.choice([everything, data.options.mixture_words]))  # name everything, or the parts
    if kind == "meatballs":
        b.step(data.steps.shape_inch_balls)
        if meth == "stove":
            brown(b, "meatballs", drain=True)
            b.step(data.steps.add_skillet, sauce=sauce)
            simmer(b, data.times.simmer_meatballs, d="meatballs are cooked through")
        elif meth == "oven":
            v = b.choice(data.options.meatball_oven_temperatures)
            bake(b, data.times.bake_meatballs, "browned", v)
            b.step(data.steps.place_casserole_pour, sauce=sauce)
        else:
            b.step(data.steps.slow_cook_meatballs, cooker=b.choice(SLOW_COOKERS), sauce=sauce)
            slow_cook(b, data.times.slow_cooker_meatballs)
        if b.chance(data.chance.serve_over):
            b.step(data.steps.serve_noodles)
    else:
        if meth == "oven":
            v = b.choice(data.options.loaf_oven_temperatures)
            pre = b.chance(data.chance.preheat)
            if pre:
                preheat(b, v, b.choice(data.options.loaf_pans))
            b.step(data.steps.shape_loaf_place)
            if glaze:
                b.step(data.steps.spread_top, glaze=glaze)
            bake(b, data.times.bake_loaf, b.choice(data.options.doneness), None if pre else v)
            if b.chance(data.chance.let_stand):
                let_stand(b)
        elif meth == "mw":
            b.step(data.steps.press_glass_loaf)
            if glaze:
                b.step(data.steps.glaze_in_microwave, glaze=glaze)
            microwave(b, "loaf", data.times.microwave_loaf, d="done in center")
            b.step(data.steps.let_stand_before)
        else:
            b.step(data.steps.slow_cook_loaf, cooker=b.choice(SLOW_COOKERS))
            if glaze:
                b.step(data.steps.glaze_in_microwave, glaze=glaze)
            slow_cook(b, data.times.slow_cooker_loaf)
    b.finish(SERVES_MAIN)


def burgers(b: Recipe):
    """Burgers and patties: beef, turkey, salmon, tuna or bean."""
    b.kind, b.main = "main", True
    data = MAINS.burgers
    kind = b.weighted(data.weights.kind)
    meth = b.weighted(data.weights.method) if kind in ("beef", "turkey", "bean") else b.weighted(data.weights.fish_method)
    core = b.pick_each(data.options.titles)[kind]  # a title is drawn for every kind, this one's kept
    if meth in ("grill", "air") and b.chance(data.chance.method_in_title):
        core = data.options.method_words[meth] + " " + core
    b.set_title(core)
    ent = data.ingredients.ent[kind]
    S = b.ingredient(ent)
    if kind in ("salmon", "tuna", "bean") or b.chance(data.chance.egg_and_crumbs):
        b.ingredient(data.ingredients.egg)
        b.ingredient(b.choice(data.ingredients.binders))
    b.ingredient(b.choice(data.ingredients.onions))
    b.ingredients_from(data.ingredients.seasonings, b.choice(data.options.seasonings_count))
    if kind in ("beef", "turkey", "bean") and b.chance(data.chance.buns):
        b.ingredient(data.ingredients.hamburger_buns)
    if "Cheese" in core or "Swiss" in core or b.chance(data.chance.cheese_slices):
        b.ingredient(b.choice(data.ingredients.cheese_slices))
    if kind == "bean":
        b.step(data.steps.mash_bowl_fork, S=S)
        mix_in(b, data.options.binder_words)
    else:
        mix(b, [S, "egg and crumbs" if "1 egg" in " ".join(b.ingredients) else "onion", "seasonings"])
    patties = b.choice(data.options.patty_counts)
    b.step(data.steps.shape_patties, patties=patties)
    if kind in ("bean", "salmon") and b.chance(data.chance.chill_patties):
        b.step(data.steps.chill_patties_firm)
    if meth == "grill":
        if b.chance(data.chance.preheat_grill):
            preheat_grill(b)
        grill(b, "patties", data.times.grill if kind != "bean" else data.times.grill_bean, "done")
    elif meth == "stove":
        t = b.time_from(data.times.pan_fry if kind != "beef" else data.times.pan_fry_beef, mult=2)
        b.step(data.steps.fry_patties_hot, t=t)
    elif meth == "broil":
        t = b.time_from(data.times.pan_fry_beef, mult=2)
        b.step(data.steps.broil_inches_from, t=t)
    elif meth == "air":
        air_fry(b, "patties", data.times.air_fry, d="done")
    else:
        bake(b, data.times.bake, "golden", b.choice(data.options.oven_temperatures))
    if "cheese" in " ".join(b.ingredients).lower() and b.chance(data.chance.melt_cheese):
        b.step(data.steps.top_slice_cheese)
    if any("buns" in i for i in b.ingredients):
        b.step(data.steps.serve_buns_lettuce)
    b.finish(SERVES_MAIN)


def sandwiches(b: Recipe):
    """Hot sandwiches: sloppy joes, pulled pork, French dip, tuna melts, hot ham and cheese, cheesesteaks."""
    b.kind, b.main = "main", True
    data = MAINS.sandwiches
    kind = b.weighted(data.weights.kind)
    core = b.pick_each(data.options.titles)[kind]  # a title is drawn for every kind, this one's kept
    if kind in ("pulled", "frenchdip") and b.chance(data.chance.method_in_title):
        core = b.choice(data.options.slow_cooker_words) + " " + core
    b.set_title(core)
    if kind == "sloppy":
        b.ingredient(data.ingredients.beef)
        b.ingredient(POOLS.aromatics.onion)
        b.ingredients_from(data.ingredients.sloppy_joe_sauce, b.choice(data.options.sauce_count))
        b.ingredient(data.ingredients.hamburger_buns)
        brown(b, "beef and onion")
        b.step(data.steps.add_remaining_ingredients)
        if b.chance(data.chance.slow_cook_sloppy_joes):
            b.step(data.steps.slow_cooker, cooker=b.choice(SLOW_COOKERS))
            slow_cook(b, data.times.slow_cooker_sloppy_joes)
        else:
            simmer(b, data.times.simmer_sloppy_joes, d="thickened")
        b.step(data.steps.spoon_onto_buns)
    elif kind in ("pulled", "frenchdip"):
        if kind == "pulled":
            b.ingredient(data.ingredients.pork)
            b.ingredient(data.ingredients.barbecue_sauce)
            b.ingredient(POOLS.aromatics.onion)
            b.ingredient(data.ingredients.cider_vinegar)
        else:
            b.ingredient(data.ingredients.french_dip_roast)
            b.ingredient(b.choice(data.ingredients.french_dip_liquids))
            if not b.meat or b.chance(data.chance.more_broth):
                b.ingredient(data.ingredients.broth)
            b.ingredient(data.ingredients.french_dip_seasoning)
        b.ingredient(data.ingredients.rolls)
        if "Crock" in core or "Slow" in core or b.chance(data.chance.slow_cook_roast):
            cookers = [b.choice(SLOW_COOKERS) for _ in range(3)]  # one per template
            b.step(data.steps.place_meat, cookers=cookers)
            b.step(data.steps.pour_sauce_meat)
            slow_cook(b, data.times.slow_cooker_roast)
        else:
            v = b.choice(data.options.roast_oven_temperatures)
            b.step(data.steps.place_meat_roasting)
            bake(b, data.times.roast, "meat is very tender", v, covered=True)
        b.step(data.steps.shred_meat_two)
        b.step(data.steps.serve_rolls)
    elif kind == "tunamelt":
        fish = "crab" if "Crab" in core else "tuna"
        b.ingredient(data.ingredients.tuna if fish == "tuna" else data.ingredients.crab)
        b.ingredient(data.ingredients.mayonnaise)
        b.ingredients_from(data.ingredients.tuna_melt_mix_ins, 2)
        b.ingredient(b.choice(data.ingredients.tuna_melt_breads))
        b.ingredient(b.choice(data.ingredients.tuna_melt_cheeses))
        mix(b, [fish, "mayonnaise", "remaining filling ingredients"])
        b.step(data.steps.spread_muffin_halves)
        m = b.weighted(data.weights.melt_method)
        if m == "broil":
            broil(b, "cheese")
        elif m == "oven":
            bake(b, data.times.bake_melts, "cheese melts", b.choice(data.options.melt_oven_temperatures))
        elif m == "mw":
            microwave(b, "sandwiches", data.times.microwave_melts, d="cheese melts")
        else:
            air_fry(b, "sandwiches", data.times.air_fry_melts, d="cheese melts")
    elif kind == "hotham":
        b.ingredient(data.ingredients.ham)
        b.ingredient(data.ingredients.slices_swiss_cheese)
        b.ingredient(data.ingredients.ham_rolls)
        b.ingredient(data.ingredients.butter)
        b.ingredient(data.ingredients.ham_glaze)
        b.step(data.steps.fill_roll_ham)
        b.step(data.steps.mix_butter_mustard)
        if b.chance(data.chance.make_ahead):
            chill(b, "sandwiches")
        b.step(data.steps.wrap_in_foil if b.chance(data.chance.wrap_in_foil) else data.steps.cover_with_foil)
        bake(b, data.times.bake_ham, "cheese is melted", b.choice(data.options.ham_oven_temperatures))
    else:
        b.ingredient(data.ingredients.cheesesteak_beef)
        b.ingredient(data.ingredients.onion_sliced)
        b.ingredient(data.ingredients.green_pepper_sliced)
        b.ingredient(b.choice(data.ingredients.cheesesteak_cheeses))
        b.ingredient(data.ingredients.hoagie_rolls)
        b.step(data.steps.saute_onion_pepper)
        b.step(data.steps.add_beef_cook)
        b.step(data.steps.top_cheese_let)
        b.step(data.steps.spoon_rolls)
    b.finish(SERVES_MAIN + data.options.serves)
