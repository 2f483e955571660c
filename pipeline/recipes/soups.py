"""Soups, stews and chilis (soups.yaml): hearty ones are main dishes, light ones are not."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.recipes.engine import Ingredient, POOLS, Recipe, SERVES_MAIN, load, records
from pipeline.recipes.steps import SLOW_COOKERS, bake, broil, brown, chill, saute, serve, simmer, slow_cook

SOUPS = load("soups")  # soups.yaml


@dataclass(frozen=True)
class Soup:
    """A soup, stew or chili."""

    titles: list[str]
    main: bool  # hearty (a main dish) or light
    ingredients: list[Ingredient]  # the first is what the soup is made of
    broth: str  # meat, veg, any (meat or vegetable broth) or none (water)
    methods: list[str]  # stove, slow, oven, nocook
    flags: list[str] = ()  # brown (the meat first), shred, noodles, soak (the beans), chowder, gumbo, quick, puree, cold, onion


SOUP_DISHES = records(Soup, SOUPS.soup.dishes.soups, "soups.soup.dishes.soups")


def soup(b: Recipe):
    """A soup: hearty (a main dish) or light; on the stove, in the slow cooker, in the oven or no-cook."""
    data = SOUPS.soup
    b.kind = "soup"
    dish = b.choice(SOUP_DISHES)
    titles, main, entries, broth, flags = dish.titles, dish.main, dish.ingredients, dish.broth, dish.flags
    b.main = main
    meth = b.choice(dish.methods)
    core = b.choice(titles)
    gumbo_p = None
    if "gumbo" in flags:
        gumbo_p = "shrimp" if ("Shrimp" in core or "Seafood" in core) else "chicken"
    if meth == "slow" and b.chance(data.chance.method_in_title):
        core = b.choice(data.options.slow_cooker_words) + " " + core
    if meth == "oven" and "Oven" not in core and b.chance(data.chance.oven_in_title):
        core = "Oven " + core
    b.set_title(core)
    for e in entries:
        if "gumbo" in flags and gumbo_p == "chicken" and e.short == "shrimp":
            b.ingredient(POOLS.meats.chicken_raw)
            b.ingredient(data.ingredients.gumbo_sausage)
            continue
        b.ingredient(e)
    if "Sausage" in core and "sausage" not in " ".join(b.ingredients).lower():
        b.ingredient(data.ingredients.sausage_for_title)
    if "chowder" in flags and b.chance(data.chance.bacon_in_chowder):
        b.ingredient(b.choice(data.ingredients.chowder_bacon))
    broth_name = "water"
    if broth in ("meat", "any", "veg"):
        pool = POOLS.meat_broths if broth == "meat" else POOLS.vegetable_broths if broth == "veg" else (data.ingredients.any_broth)
        broth_name = b.ingredient(b.choice(pool))
        if broth == "any" and meth != "nocook" and "water" in broth_name:
            broth_name = "water"
    elif meth != "nocook":
        b.ingredient(data.ingredients.water if b.chance(data.chance.water_in_cups) else data.ingredients.qt_water)
    if b.chance(data.chance.seasonings):
        b.ingredients_from(POOLS.seasonings, b.choice(data.options.seasonings_count))
    if meth != "nocook" and "onion" not in flags and b.chance(data.chance.aromatic):
        b.ingredient(b.choice(data.ingredients.aromatics))
    names = [e.short for e in entries]
    veg = [n for n in names if n in ("onion", "carrots", "celery", "pepper", "onions", "leeks", "mushrooms", "zucchini")] or ["onion"]
    if meth == "nocook":
        b.step(data.steps.combine_ingredients_blender)
        if b.chance(data.chance.chill_cold_soup):
            chill(b, "soup", d="very cold")
        else:
            b.step(data.steps.serve_immediately_ice)
        b.finish(data.options.serves)
        return
    if "soak" in flags and (meth != "slow" or b.chance(data.chance.soak_beans)):
        b.step(data.steps.soak_beans_overnight)
    first_meat = entries[0].short  # what the soup is made of: listed first
    if meth == "slow":
        if "brown" in flags and b.chance(data.chance.brown_before_slow_cooking):
            brown(b, first_meat)
        late = next((n for n in names if n in ("noodles", "cream", "milk", "chips", "spinach", "pasta", "orzo", "kale")), None)
        held = late and b.chance(data.chance.add_late)
        if held:
            b.step(data.steps.slow_cooker_all_but_one, late=late, cooker=b.choice(SLOW_COOKERS))
        else:
            cookers = [b.choice(SLOW_COOKERS) for _ in range(2)]  # one per template
            b.step(data.steps.place_ingredients, cookers=cookers, first_meat=first_meat, broth_name=broth_name)
        slow_cook(b)
        if held:
            b.step(data.steps.stir_during_last, late=late)
        if "shred" in flags:
            b.step(data.steps.shred_in_slow_cooker, cooker=b.choice(SLOW_COOKERS))
    elif meth == "oven":
        brown(b, first_meat, drain=False)
        b.step(data.steps.place_vegetables_large, first_meat=first_meat, broth_name=broth_name)
        bake(b, data.times.bake, "meat is tender", b.choice(data.options.oven_temperatures), covered=True)
    else:
        if "brown" in flags or (first_meat in ("sausage", "kielbasa") and b.chance(data.chance.brown_sausage)):
            brown(b, first_meat)
        if "gumbo" in flags:
            b.step(data.steps.make_roux_stir)
        elif "onion" in flags:
            b.step(data.steps.cook_onions_butter)
        elif "chowder" in flags and any("bacon" in i or "salt pork" in i for i in b.ingredients):
            b.step(data.steps.fry_bacon_large)
        elif b.chance(data.chance.saute_vegetables):
            saute(b, veg)
        if "quick" in flags:
            if "oysters" in names:
                b.step(data.steps.heat_milk_butter)
            else:
                b.step(data.steps.bring_broth_boil)
                b.step(data.steps.slowly_pour_eggs)
        else:
            second_and_third = b.join(names[1:3])  # the soup's second and third ingredients
            first_three = b.join(names[:3])
            has_cream = any("cream" in n for n in names)
            b.step(data.steps.add_remaining_ingredients, broth_name=broth_name, second_and_third=second_and_third, first_three=first_three, has_cream=has_cream)
            if b.chance(data.chance.simmer_until_tender) and main and (entries[0].meat and first_meat not in ("meatballs", "kielbasa", "sausage") or "soak" in flags):
                b.step(data.steps.simmer_beans_until_tender if "soak" in flags else data.steps.simmer_meat_until_tender)
            else:
                simmer(b, data.times.main_simmer if main else data.times.light_simmer, d=b.choice(data.options.doneness))
            if "shred" in flags:
                b.step(data.steps.remove_chicken_shred)
            if "noodles" in flags:
                b.step(data.steps.add_noodles_cook)
            if "puree" in flags:
                b.step(data.steps.puree_blender_smooth)
                b.step(data.steps.stir_cream_heat)
                if "cold" in flags:
                    chill(b, "soup")
            if "onion" in flags and b.chance(data.chance.gratinee):
                b.step(data.steps.ladle_ovenproof_bowls)
                broil(b, "cheese")
    if b.chance(data.chance.serve):
        serve(b, base=False)
    b.finish((SERVES_MAIN + data.options.serves_main) if main else
            data.options.serves_light)
