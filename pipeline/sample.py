"""Synthetic cooking recipes with exact labels: the offline stand-in for GPT-4-labeled recipes.

``generate(n, seed)`` builds ``n`` recipes; each is drawn by its own ``random.Random(f"{seed}:{i}")``,
so the output is deterministic and ``generate(10, s)`` is a prefix of ``generate(100, s)``.
``run(SampleConfig(out=..., n=..., seed=...))`` writes ``OUT/labeled.jsonl`` (id, recipe, labels,
source) and ``OUT/unlabeled.jsonl`` (id, recipe).

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
meta is ``{"kind": one of KINDS, "appliances": sorted subset of APPLIANCES, "minutes": total}``
(the same draw as ``generate_recipe(rng)``); it is what the tests use to check coverage.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("has_non_fish_meat", "requires_oven", "requires_stove", "cook_time_over_30_mins", "main_dish")

KINDS = ("main", "casserole", "soup", "salad", "side", "dessert", "bread", "drink", "sauce", "marinade", "preserve")
APPLIANCES = ("oven", "stove", "microwave", "slow_cooker", "grill", "air_fryer", "none")

SHORT_MAX = 20  # totals at or below this are "not over 30 minutes"
LONG_MIN = 40  # totals at or above this are "over 30 minutes"; nothing is generated in between


@dataclass
class SampleConfig:
    out: str = "data/sample"  # folder; run() writes OUT/labeled.jsonl and OUT/unlabeled.jsonl
    n: int = 2000  # number of recipes
    seed: int = 0


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SPACES = re.compile(r"  +")


def _expand(rng: random.Random, template: str) -> str:
    """Replace every [a|b|c] by one alternative (empty alternatives allowed); tidy spaces."""
    text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    text = _SPACES.sub(" ", text).replace(" ,", ",").replace(" .", ".").strip()
    return text


def _time_forms(m: int) -> list[str]:
    """Ways to write exactly m minutes."""
    if m < 60:
        forms = [f"{m} minutes", f"{m} minutes", f"{m} minutes", f"{m} min.", f"{m} mins.", f"{m} min"]
        if m == 45:
            forms += ["3/4 hour", "45 minutes"]
        if m == 1:
            forms = ["1 minute", "1 min."]
        return forms
    if m % 1440 == 0:
        d = m // 1440
        return ["24 hours", "1 day", "24 hrs."] if d == 1 else [f"{d} days"]
    h, r = divmod(m, 60)
    frac = {0: "", 15: " 1/4", 30: " 1/2", 45: " 3/4"}.get(r)
    if frac is None:
        return [f"{m} minutes", f"{h} hr. {r} min."]
    if h == 1 and r == 0:
        return ["1 hour", "1 hour", "1 hr.", "an hour", "60 minutes", "one hour"]
    forms = [f"{h}{frac} hours", f"{h}{frac} hours", f"{h}{frac} hrs.", f"{h}{frac} hr."]
    words = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    if r == 0 and h < len(words):
        forms.append(f"{words[h]} hours")
    if m == 90:
        forms += ["90 minutes", "an hour and a half", "1 hour 30 minutes"]
    if m == 75:
        forms += ["1 hour 15 minutes", "75 minutes"]
    return forms


def _hours_word(m: int) -> str:
    h, r = divmod(m, 60)
    return f"{h}" + {0: "", 15: " 1/4", 30: " 1/2", 45: " 3/4"}[r]


def _range_forms(lo: int, hi: int) -> list[str]:
    if hi < 60:
        return [f"{lo} to {hi} minutes", f"{lo} to {hi} minutes", f"{lo}-{hi} min.", f"{lo} to {hi} min.",
                f"{lo}-{hi} minutes", f"{lo} or {hi} minutes"]
    if lo >= 60 and lo % 15 == 0 and hi % 15 == 0:
        a, b = _hours_word(lo), _hours_word(hi)
        return [f"{a} to {b} hours", f"{a} to {b} hours", f"{a}-{b} hrs.", f"{a} to {b} hrs.", f"{a} or {b} hours"]
    if hi % 15 == 0:
        return [f"{lo} minutes to {_time_forms(hi)[0]}", f"{lo} to {hi} minutes", f"{lo} min. to {_time_forms(hi)[2]}"]
    return [f"{lo} to {hi} minutes"]


def _join(items: list[str], rng: random.Random) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    last = rng.choice([" and ", " and ", ", and ", " & "])
    if len(items) == 2:
        return items[0] + (" and " if last == ", and " else last) + items[1]
    return ", ".join(items[:-1]) + last + items[-1]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


_DOTS = re.compile(r"\.\.(?!\.)")


class _Redo(Exception):
    """Raised by a builder to ask for a fresh draw."""


class _B:
    """Collects one recipe: title, ingredient lines, direction lines, and the facts behind the labels."""

    def __init__(self, rng: random.Random):
        self.r = rng
        self.title = ""
        self.kind = ""
        self.main = False
        self.meat = False
        self.ings: list[str] = []
        self.dirs: list[str] = []
        self.tail: list[str] = []  # serves / notes lines, appended after the directions
        self.minutes = 0
        self.app: set[str] = set()
        self._pending = 0
        self.names: set[str] = set()

    # randomness
    def c(self, seq):
        return self.r.choice(seq)

    def p(self, prob: float) -> bool:
        return self.r.random() < prob

    def w(self, table: dict):
        keys = list(table)
        return self.r.choices(keys, weights=[table[k] for k in keys])[0]

    def sample(self, seq, k: int):
        return self.r.sample(list(seq), min(k, len(seq)))

    def x(self, template: str) -> str:
        return _expand(self.r, template)

    # ingredients: (template, short name, tag) with tag "m" = non-fish meat, "f" = fish, "" = other
    def ing(self, entry) -> str:
        if isinstance(entry, str):
            entry = (entry, "", "")
        template, short, tag = entry
        line = self.x(template)
        if line not in self.ings:
            self.ings.append(line)
        if tag == "m":
            self.meat = True
        return short or _short_of(line)

    def ings_from(self, pool, k: int) -> list[str]:
        return [self.ing(e) for e in self.sample(pool, k)]

    # times: t() formats a time and books its minutes for the next add()
    def t(self, lo: int, hi: int | None = None, mult: int = 1) -> str:
        if hi is None or hi == lo:
            self._pending += lo * mult
            return self.c(_time_forms(lo))
        self._pending += hi * mult
        return self.c(_range_forms(lo, hi))

    def tc(self, options, mult: int = 1) -> str:
        o = self.c(options)
        if isinstance(o, int):
            return self.t(o, mult=mult)
        return self.t(o[0], o[1], mult=mult)

    def add(self, text: str, extra: int = 0, app: str | None = None, tails=None, tail_p: float = 0.5):
        if tails and self.r.random() < tail_p:
            text = text.rstrip() + " " + self.r.choice(tails)
        text = text.replace("greased greased", "greased").replace("greased and floured greased", "greased and floured")
        self.dirs.append(_cap(_DOTS.sub(".", text)))
        self.minutes += self._pending + extra
        self._pending = 0
        if app:
            self.app.add(app)

    def note(self, text: str):
        self.tail.append(text)

    def temp(self, values=(325, 350, 350, 350, 375, 375, 400, 425)) -> int:
        return self.c(values)

    def deg(self, v: int) -> str:
        return self.c([f"{v}°", f"{v}°", f"{v}°F", f"{v} degrees", f"{v} degrees F", f"{v}º"])

    def deg_adj(self, v: int) -> str:  # "a 375 degree oven"
        return self.c([f"{v}°", f"{v}°", f"{v} degree", f"{v}-degree", f"{v}°F"])


# ---------------------------------------------------------------------------------------------
# title styling
# ---------------------------------------------------------------------------------------------

_OWNERS = ["Mom's", "Grandma's", "Grandma's", "Nana's", "Aunt Bea's", "Aunt Ruth's", "Mother's", "Dad's",
           "Uncle Bob's", "Granny's", "Betty's", "Mrs. Miller's", "Mamaw's", "Aunt Sue's", "Jan's", "Grandmother's",
           "Carol's", "Aunt Edna's", "Marge's", "Grandpa's", "Linda's", "Aunt Mary's", "Mimi's", "Joyce's"]
_ADJS = ["Easy", "Easy", "Best", "Old-Fashioned", "Old Fashioned", "Company", "Favorite", "Simple", "Family",
         "Country", "Homemade", "Delicious", "Special", "Super", "Southern", "Amish", "Heavenly", "Church Supper",
         "Farmhouse", "Potluck", "Yummy", "Classic", "Grandma-Style", "Holiday"]
_SUFFIXES = ["", "", "", "", " Supreme", " Deluxe", " Delight", " I", " II", " (Low-Fat)", " For A Crowd"]


def _style_title(b: _B, core: str, adjs: bool = True) -> str:
    t = core
    roll = b.r.random()
    if adjs and roll < 0.22 and not re.match(r"^\w+'s ", t):
        t = f"{b.c(_OWNERS)} {t}"
    elif adjs and roll < 0.40:
        adj = b.c(_ADJS)
        if adj.split()[-1].lower() not in t.lower():
            t = f"{adj} {t}"
    if b.p(0.08):
        suf = b.c(_SUFFIXES)
        if not suf.strip() or suf.strip().split()[-1].lower() not in t.lower():
            t += suf
    style = b.r.random()
    if style < 0.09:
        t = t.upper()
    elif style < 0.16:
        t = t.lower()
    elif style < 0.36:
        t = t.title()  # "Mom'S Meatloaf"
    return t.strip()


# ---------------------------------------------------------------------------------------------
# shared ingredient pools: (template, short name, tag)
# ---------------------------------------------------------------------------------------------

ONION = ("[1|1 med.|1 medium|1 lg.|1 large|1 small|1 sm.] onion[, chopped|, diced|, finely chopped|, sliced|]", "onion", "")
GARLIC = ("[2|3|4] cloves garlic[, minced|, crushed|, chopped|]", "garlic", "")
AROMATICS = [
    ONION, GARLIC,
    ("1 [green|red] [bell |]pepper[, chopped|, diced|, cut in strips]", "pepper", ""),
    ("[2|3] [stalks|ribs] celery[, chopped|, sliced|, diced]", "celery", ""),
    ("[2|3] carrots[, sliced|, diced|, shredded]", "carrots", ""),
    ("[1/2|1] c. [sliced |fresh |]mushrooms", "mushrooms", ""),
    ("[4|5|6] green onions[, sliced|, chopped]", "green onions", ""),
    ("1/2 c. chopped onion", "onion", ""),
    ("1 (4 oz.) can mushrooms, drained", "mushrooms", ""),
]
SEASONINGS = [
    ("[1/2|1] tsp. salt", "salt", ""), ("1/4 tsp. pepper", "pepper", ""), ("salt and pepper to taste", "salt and pepper", ""),
    ("[1/2|1] tsp. paprika", "paprika", ""), ("[1/2|1] tsp. garlic powder", "garlic powder", ""),
    ("1/2 tsp. onion powder", "onion powder", ""), ("[1/2|1] tsp. [dried |]oregano", "oregano", ""),
    ("[1/2|1] tsp. [dried |]basil", "basil", ""), ("1/2 tsp. [dried |]thyme", "thyme", ""),
    ("[1|2] tsp. chili powder", "chili powder", ""), ("1/2 tsp. [ground |]cumin", "cumin", ""),
    ("1 tsp. Italian seasoning", "Italian seasoning", ""), ("2 Tbsp. [chopped |fresh |]parsley", "parsley", ""),
    ("dash of cayenne pepper", "cayenne", ""), ("[1|2] T. Worcestershire sauce", "Worcestershire sauce", ""),
    ("1 tsp. Lawry's seasoned salt", "seasoned salt", ""), ("1 tsp. Mrs. Dash", "Mrs. Dash", ""),
    ("1/2 tsp. dry mustard", "dry mustard", ""), ("1 bay leaf", "bay leaf", ""), ("1/8 tsp. nutmeg", "nutmeg", ""),
]
BROTH_MEAT = [
    ("[1|2] c. chicken broth", "chicken broth", "m"), ("1 (14 1/2 oz.) can chicken broth", "chicken broth", "m"),
    ("[1|2] c. beef broth", "beef broth", "m"), ("1 can beef consomme", "consomme", "m"),
    ("[1|2] chicken bouillon cubes", "bouillon", "m"), ("1 tsp. beef bouillon granules", "bouillon", "m"),
    ("[2|3] c. chicken stock", "stock", "m"), ("[2|4] c. beef stock", "stock", "m"),
]
BROTH_VEG = [
    ("[1|2] c. vegetable broth", "vegetable broth", ""), ("1 (14 oz.) can vegetable broth", "vegetable broth", ""),
    ("[2|3] c. water", "water", ""), ("1 vegetable bouillon cube", "bouillon", ""), ("[1|2] c. vegetable stock", "stock", ""),
]
SOUP_MEAT = [("1 can cream of chicken soup", "soup", "m"), ("1 (10 3/4 oz.) can Campbell's cream of chicken soup", "soup", "m"),
             ("1 can cream of chicken soup, undiluted", "soup", "m")]
SOUP_VEG = [("1 can cream of mushroom soup", "soup", ""), ("1 (10 3/4 oz.) can Campbell's cream of mushroom soup", "soup", ""),
            ("1 can cream of celery soup", "soup", ""), ("1 can Cheddar cheese soup", "soup", ""),
            ("1 can cream of mushroom soup, undiluted", "soup", "")]
BACONY = [
    ("[4|6|8] slices bacon[, diced|, cut up|]", "bacon", "m"), ("1/4 c. bacon bits", "bacon bits", "m"),
    ("2 Tbsp. bacon grease", "bacon grease", "m"), ("3 T. bacon drippings", "bacon drippings", "m"),
    ("1/2 c. diced ham", "ham", "m"), ("1 ham hock", "ham hock", "m"), ("1/4 lb. salt pork[, diced|]", "salt pork", "m"),
    ("1/2 lb. [bulk |]sausage", "sausage", "m"),
]
CHEESES = [
    ("[1|1 1/2|2] c. shredded Cheddar cheese", "cheese", ""), ("1 c. [grated|shredded] mozzarella cheese", "mozzarella", ""),
    ("1/2 c. grated Parmesan cheese", "Parmesan", ""), ("1/2 lb. Velveeta[, cubed|]", "Velveeta", ""),
    ("1 c. shredded Monterey Jack cheese", "cheese", ""), ("4 oz. Swiss cheese, shredded", "Swiss cheese", ""),
    ("[1|2] c. grated sharp Cheddar", "cheese", ""), ("8 oz. American cheese, cubed", "cheese", ""),
]
TOPPINGS = [
    ("1 c. crushed Ritz crackers", "cracker crumbs", ""), ("1 can French-fried onions", "onions", ""),
    ("1/2 c. buttered bread crumbs", "bread crumbs", ""), ("1 c. crushed potato chips", "potato chips", ""),
    ("1 c. cornflakes, crushed", "cornflakes", ""), ("1/2 c. grated Parmesan cheese", "Parmesan", ""),
]
VEG = [
    ("1 (10 oz.) pkg. frozen broccoli[, thawed|, chopped|]", "broccoli", ""), ("2 c. [fresh |]broccoli florets", "broccoli", ""),
    ("1 (16 oz.) can green beans, drained", "green beans", ""), ("1 c. frozen peas", "peas", ""),
    ("1 (15 oz.) can whole kernel corn, drained", "corn", ""), ("1 (10 oz.) pkg. frozen mixed vegetables", "vegetables", ""),
    ("2 c. sliced zucchini", "zucchini", ""), ("1 (10 oz.) pkg. frozen spinach, thawed and drained", "spinach", ""),
    ("1 c. sliced carrots", "carrots", ""), ("1 (4 oz.) can chopped green chilies", "green chilies", ""),
    ("1 c. cauliflower florets", "cauliflower", ""), ("1 (14 oz.) can diced tomatoes", "tomatoes", ""),
]

_GARNISH = ["parsley", "chopped parsley", "paprika", "green onions", "fresh basil", "grated Parmesan", "sour cream",
            "chives", "a sprinkle of paprika", "lemon wedges", "shredded cheese", "cilantro"]
_BASES = ["hot cooked rice", "rice", "noodles", "hot buttered noodles", "mashed potatoes", "egg noodles",
          "cooked spaghetti", "toast points", "biscuits", "a bed of rice", "buttered noodles", "cornbread"]
_WITH = ["a tossed salad", "crusty bread", "garlic bread", "corn bread", "a green salad", "rice", "baked potatoes",
          "steamed vegetables", "coleslaw", "rolls", "green beans", "applesauce"]

_NOTES = ["Can be frozen.", "Freezes well.", "Great for leftovers.", "Good for a crowd.", "Good with a green salad.",
          "Leftovers reheat well.", "A family favorite!", "Delicious!", "Easy and good.", "Great for potlucks.",
          "Kids love it!", "Very good.", "Everyone asks for this recipe.", "Enjoy!", "May be made ahead.",
          "Wonderful for company.", "From the kitchen of Aunt Ruth.", "This is a favorite at church dinners.",
          "Nice for a buffet.", "Recipe can be halved.", "My husband's favorite.", "Submitted by Carol Jones.",
          "Use low-fat products if desired.", "Keeps well in a covered container.", "Very rich!"]


def _finish(b: _B, serves=None, note_p: float = 0.2, serve_lines=None, serve_p: float = 0.5):
    """Optional serving line, yield line and note."""
    if serve_lines and b.p(serve_p):
        b.add(b.c(serve_lines))
    if serves and b.p(0.8):
        b.note(b.c(serves))
    if b.p(note_p):
        b.note(b.c(_NOTES))


SERVES_MAIN = ["Serves 4.", "Serves 4 to 6.", "Serves 6.", "Makes 6 servings.", "Yield: 4 servings.", "Serves 4-6.",
               "Serves 6 to 8.", "Makes 4 servings.", "Serves 8.", "Yield: 6 to 8 servings.", "Serves 2.", "Serves 5."]
SERVES_SIDE = ["Serves 6.", "Serves 8.", "Makes 6 to 8 servings.", "Serves 4 to 6.", "Yield: 8 servings.", "Serves 10 to 12.",
               "Makes 8 servings.", "Serves 4."]


# ---------------------------------------------------------------------------------------------
# shared steps (each books its appliance and its minutes)
# ---------------------------------------------------------------------------------------------

SHORT = [2, 3, 4, 5, 5, 6, 8, 10, 10, 12, 15, (2, 3), (3, 4), (3, 5), (4, 5), (5, 6), (5, 7), (6, 8), (8, 10),
         (10, 12), (10, 15), (12, 15)]
TINY = [1, 2, 3, 4, 5, (1, 2), (2, 3), (3, 4), (3, 5), (4, 5)]
MED = [20, 25, 25, (15, 20), (18, 20), (20, 25), (25, 30)]
LONG = [40, 45, 50, 60, 60, 75, 90, 120, (35, 40), (40, 45), (45, 50), (45, 60), (50, 60), (60, 75), (60, 90), (90, 120)]
HOURS = [60, 90, 120, 180, 240, (60, 90), (60, 120), (120, 180), (180, 240), (120, 240)]
CHILL = [60, 120, 120, 180, 240, 360, 480, (60, 120), (120, 180), (240, 360), (120, 240), (180, 240), 1440]

_PANS = ["9x13-inch pan", "9 x 13 inch baking dish", "13x9\" pan", "2-qt. casserole", "2 qt. casserole dish",
         "shallow baking dish", "casserole dish", "Pyrex dish", "9x13 Pyrex dish", "8-inch square baking dish",
         "11x7-inch baking dish", "3-quart casserole", "large baking dish", "8x8\" pan", "1 1/2 qt. casserole"]


# optional second sentences for steps (never times, never appliance words)
T_MIX = ["Set aside.", "Mix well.", "Stir until evenly combined.", "Be sure there are no lumps.", "Scrape down the sides of the bowl.",
         "The mixture will be thick.", "Do not overmix.", "Mix with a wooden spoon.", "Blend thoroughly."]
T_BAKE = ["Do not overbake.", "Watch carefully near the end.", "Rotate the pan halfway through.", "Place a sheet of foil underneath to catch drips.",
          "Check for doneness.", "Top should be golden.", "Remove carefully."]
T_SIMMER = ["Stir occasionally to prevent sticking.", "Add a little more water if it gets too thick.", "Skim off any foam.", "Taste and adjust seasoning.",
            "Keep the heat low so it does not scorch.", "Stir now and then.", "Season with salt and pepper."]
T_BROWN = ["Break up the meat with a spoon as it cooks.", "Season with salt and pepper.", "Spoon off excess fat.", "Stir often."]
T_SAUTE = ["Do not let it brown.", "Stir often.", "Season with a pinch of salt.", "Stir frequently."]
T_MW = ["Power levels vary, so adjust as needed.", "Stir halfway through.", "Use a microwave-safe dish.", "Rotate the dish once."]
T_SLOW = ["Do not lift the lid while cooking.", "Stir once or twice if you are home.", "Spray the crock with cooking spray first for easy cleanup.",
          "Check seasoning before serving."]
T_CHILL = ["Cover tightly with plastic wrap.", "Keep refrigerated.", "Cover well."]
T_GRILL = ["Brush with sauce while grilling.", "Watch for flare-ups.", "Oil the grate first.", "Turn with tongs, not a fork."]
T_AIR = ["Work in batches if needed.", "Spray the basket with cooking spray first.", "Do not overcrowd the basket.", "Shake once or twice."]
T_ADD = ["Mix well.", "Stir gently.", "Blend well.", "Stir to combine."]


def preheat(b: _B, v: int, pan: str | None = None):
    pan = pan or b.c(_PANS)
    T = b.deg(v)
    b.add(b.c([
        f"Preheat oven to {T}.", f"Preheat the oven to {T}.", f"Heat oven to {T}.", f"Preheat oven to {T} and grease a {pan}.",
        f"Set oven to {T}.", f"Turn oven on to {T}.", f"Preheat your oven to {T}.", f"Heat the oven to {T}.",
        f"Preheat oven to {T}; lightly grease a {pan}.", f"Preheat oven ({T}).", f"Have oven preheated to {T}.",
        f"Light oven and set at {T}.", f"Preheat oven at {T}.", f"Preheat oven to {T}. Spray a {pan} with Pam.",
        f"Position rack in center of oven and preheat to {T}.", f"Start by preheating the oven to {T}.",
        f"Preheat oven to {T}. Butter a {pan}.", f"Preheat oven to {T}. Grease and flour a {pan}.",
        f"Oven should be preheated to {T}.", f"Get the oven heating to {T}.", f"First, preheat the oven to {T}.",
    ]), app="oven")


def bake(b: _B, times, done: str, v: int | None = None, covered: bool | None = None):
    """A bake line; v is the temperature when the oven was not preheated in an earlier step."""
    t = b.tc(times)
    d = done
    cov = {None: "", True: b.c(["covered, ", "covered, ", "tightly covered, "]), False: "uncovered, "}[covered]
    if v is not None:
        T, A = b.deg(v), b.deg_adj(v)
        line = b.c([
            f"Bake, {cov}at {T} for {t}.", f"Bake {cov}at {T} {t}.", f"Bake in a {A} oven for {t}.", f"Bake {t} at {T}.",
            f"Bake in {T} oven {t} or until {d}.", f"Place in a {A} oven and bake {t}.", f"Bake, {cov}at {T} for {t}.",
            f"Bake at {T} until {d}, about {t}.", f"Put in {T} oven for {t}.", f"Bake in a preheated {A} oven for {t}.",
            f"Slide into a {A} oven; bake {t}, until {d}.", f"Bake at {T} for {t} or until {d}.",
            f"Bake in moderate oven ({T}) {t}.", f"Place in oven at {T} and bake for {t}, until {d}.",
        ])
    else:
        line = b.c([
            f"Bake {t}.", f"Bake for {t}.", f"Bake {t} or until {d}.", f"Bake until {d}, {t}.", f"Bake, {cov}{t}.",
            f"Bake {cov}for {t}, until {d}.", f"Place in oven and bake {t}.", f"Bake in preheated oven {t}.",
            f"Bake {t}, until {d}.", f"Pop in the oven for {t}.", f"Bake about {t} or until {d}.",
            f"Put in oven and bake for {t}.", f"Bake {t}, or till {d}.",
            f"Bake in the oven {t} or until {d}.", f"Transfer to the oven and bake {t}.", f"Bake {cov}{t} or till {d}.",
        ])
    if covered is True and "cover" not in line:
        line = b.c(["Cover with foil. ", "Cover. ", "Cover tightly with aluminum foil. "]) + line
    b.add(line.replace(", ,", ",").replace(" ,", ","), app="oven", tails=T_BAKE)


def broil(b: _B, what: str = "top"):
    t = b.tc([2, 3, 4, 5, (2, 3), (3, 4), (3, 5)])
    b.add(b.c([
        f"Broil {t} to brown the {what}.", f"Place under broiler {t}, until browned.", f"Broil 4 inches from heat {t}.",
        f"Run under the broiler for {t} until bubbly.", f"Set oven to broil and brown {t}.",
        f"Broil about {t} or until golden.",
    ]), app="oven")


def brown(b: _B, x: str, drain: bool = True):
    dr = b.c(["; drain", "; drain well", "; pour off fat", ". Drain off grease", ""]) if drain else ""
    if b.p(0.3):
        t = b.tc([5, 8, 10, (5, 7), (8, 10)])
        b.add(b.c([f"Brown {x} in a large skillet over medium-high heat, about {t}{dr}.",
                   f"In a skillet, cook {x} over medium heat {t}, until browned{dr}.",
                   f"Cook {x} in a heavy frying pan {t}, stirring to crumble{dr}."]), app="stove", tails=T_BROWN)
    else:
        b.add(b.c([
            f"Brown {x} in a large skillet{dr}.", f"In a skillet, brown {x}{dr}.", f"Brown {x} in skillet over medium heat{dr}.",
            f"Cook {x} in a large skillet until no longer pink{dr}.", f"Brown {x} in a little oil in a frying pan{dr}.",
            f"In a large saucepan, brown {x}{dr}.", f"Saute {x} in a large skillet until browned{dr}.",
            f"Fry {x} in a skillet until browned on all sides{dr}.", f"In a Dutch pot over medium-high heat, brown {x}{dr}.",
            f"Brown {x} in hot oil in a heavy skillet{dr}.",
        ]), extra=6, app="stove", tails=T_BROWN)


def saute(b: _B, items: list[str], timed: bool | None = None):
    x = _join(items, b.r)
    fat = b.c(["butter", "oil", "olive oil", "margarine", "a little oil", "2 Tbsp. butter", "oleo"])
    if timed if timed is not None else b.p(0.4):
        t = b.tc([3, 4, 5, (3, 5), (4, 5), (5, 7), (5, 8)])
        b.add(b.c([
            f"Saute {x} in {fat} {t}.", f"In a saucepan, cook {x} in {fat} over medium heat until soft, about {t}.",
            f"Heat {fat} in a large pot; add {x} and cook {t}, stirring.", f"Cook {x} in {fat} over medium heat {t}.",
            f"Sauté {x} in {fat} for {t}.", f"In a skillet over medium heat, saute {x} {t} or until tender.",
        ]), app="stove", tails=T_SAUTE)
    else:
        b.add(b.c([
            f"Saute {x} in {fat} until tender.", f"Melt {fat} in a skillet; add {x} and cook until tender.",
            f"Saute {x} until transparent.", f"In a large skillet, saute {x} in {fat} until soft.",
            f"Sauté {x} in {fat} until limp.", f"Cook {x} in {fat} in a saucepan until tender but not brown.",
            f"In a heavy pot, saute {x} in {fat} until golden.", f"Saute {x} in {fat} over medium heat until crisp-tender.",
        ]), extra=5, app="stove", tails=T_SAUTE)


def simmer(b: _B, times, d: str = "", what: str = "", lead: bool | None = None):
    t = b.tc(times)
    d = d or b.c(["thickened", "tender", "heated through", "flavors are blended", "slightly thickened"])
    w = f" {what}" if what else ""
    if lead if lead is not None else b.p(0.6):
        line = b.c([
            f"Bring{w or ' to a boil'}; reduce heat and simmer {t}." if not w else f"Bring{w} to a boil; reduce heat and simmer {t}.",
            f"Bring to a boil. Cover and simmer {t}.", f"Bring mixture to a boil, then lower heat and simmer for {t}.",
            f"Heat to boiling; reduce heat. Cover and simmer {t}.", f"Bring to a boil over medium heat; simmer {t} or until {d}.",
            f"Bring to a boil, stirring constantly. Reduce heat; simmer, uncovered, {t}.",
            f"Bring to a full boil, then turn down heat and let simmer {t}.", f"Bring to a boil; cover and simmer {t} or until {d}.",
            f"Bring just to a boil. Lower heat and simmer gently {t}.",
        ])
    else:
        line = b.c([
            f"Simmer, covered, {t}.", f"Simmer over low heat {t}, stirring occasionally.", f"Cook over medium heat {t}, stirring often.",
            f"Let simmer {t}.", f"Cook over low heat for {t}.", f"Boil gently {t}.", f"Simmer uncovered for {t} or until {d}.",
            f"Cook on top of stove over medium heat {t}.", f"Cover pot and simmer {t}.", f"Simmer {t}, stirring now and then.",
            f"Reduce heat to low and simmer {t} until {d}.", f"Cook over medium-low heat {t} or until {d}.",
        ])
    b.add(line, app="stove", tails=T_SIMMER)


def boil_pasta(b: _B, x: str):
    if b.p(0.35):
        t = b.tc([8, 10, 12, (8, 10), (10, 12)])
        b.add(b.c([f"Cook {x} in boiling salted water {t}; drain.", f"Boil {x} {t} or until tender; drain.",
                   f"Cook {x} in a large pot of boiling water for {t}. Drain well."]), app="stove")
    else:
        b.add(b.c([
            f"Cook {x} in boiling water according to package directions; drain.", f"Cook {x} in boiling salted water until tender; drain.",
            f"Boil {x} as directed on package and drain.", f"Cook {x} al dente in a pot of boiling water; drain and rinse.",
            f"Prepare {x} according to package directions on the stove; drain.", f"Cook {x} in boiling water until done. Drain.",
        ]), extra=10, app="stove")


def melt(b: _B, x: str, where: str | None = None):
    b.add(b.c([
        f"Melt {x} in a saucepan over low heat.", f"In a small saucepan, melt {x}.", f"Melt {x} in top of double boiler.",
        f"Melt {x} over low heat, stirring constantly.", f"In a heavy saucepan over low heat, melt {x}.",
        f"Melt {x} in a large pan over medium heat.", f"Heat {x} in a saucepan until melted.",
    ]), extra=3, app="stove")


def mw(b: _B, x: str, times, d: str = "hot"):
    t = b.tc(times)
    b.add(b.c([
        f"Microwave {x} on high {t}.", f"Microwave on HIGH for {t}, stirring once.", f"Cover and microwave {t} on high.",
        f"Cook in microwave on high {t}.", f"Microwave, covered, at 100% power {t}.", f"Microwave on medium (50% power) {t}.",
        f"Place in microwave and cook {t}, rotating dish halfway.", f"Zap in microwave for {t}.", f"Microwave {t} or until {d}.",
        f"Cook on high in microwave for {t}; stir.", f"Microwave {x} on full power for {t}, until {d}.",
        f"Cover with plastic wrap, vent, and microwave on high {t}.",
    ]), app="microwave", tails=T_MW)


def mw_melt(b: _B, x: str):
    b.add(b.c([
        f"Microwave {x} in a glass bowl until melted, stirring often.", f"Melt {x} in the microwave, stirring every 30 seconds.",
        f"In a microwave-safe bowl, melt {x} on high, stirring until smooth.", f"Microwave {x} just until melted; stir well.",
    ]), extra=2, app="microwave")


_SLOW = ["slow cooker", "slow cooker", "crock-pot", "Crock-Pot", "crockpot", "Crock Pot", "slow cooker"]


def slow(b: _B, lows=((6, 8), (8, 10), (7, 9), 8, 6, (4, 6), 10, (5, 6))):
    """A slow-cooker step; lows are hours on low (int or (lo, hi))."""
    lo = b.c(lows)
    cooker = b.c(_SLOW)
    if b.p(0.12):
        b.add(b.c(["Cover and cook on low all day.", f"Set {cooker} on low and let cook all day."]), extra=480, app="slow_cooker", tails=T_SLOW)
        return
    if isinstance(lo, int):
        low = b.t(lo * 60)
        h = max(lo // 2, 2)
    else:
        low = b.t(lo[0] * 60, lo[1] * 60)
        h = max(lo[0] // 2, 2)
    high_txt = b.c([f"{h} to {h + 1} hours", f"{h}-{h + 1} hrs.", f"{h} hours"])
    b.add(b.c([
        f"Cover and cook on low {low}.", f"Cook on low {low} or on high {high_txt}.", f"Cover; cook on LOW setting {low}.",
        f"Place in {cooker} and cook on low {low}.", f"Set {cooker} on low and cook {low}.", f"Put lid on and cook on low for {low}.",
        f"Cover and cook on low heat setting for {low} (or high for {high_txt}).", f"Cook in {cooker} on low for {low}.",
        f"Cook, covered, on low {low}, until tender.", f"Turn {cooker} to low; cook {low}.",
    ]), app="slow_cooker", tails=T_SLOW)


def grill(b: _B, x: str, per_side, d: str = "done"):
    if b.p(0.6):
        t = b.tc(per_side, mult=2)
        line = b.c([
            f"Grill {x} over medium-hot coals {t} per side.", f"Grill {t} on each side or until {d}.",
            f"Cook on a hot grill {t} per side, basting often.", f"Grill over medium-hot coals {t} per side, until {d}.",
            f"Place {x} on grill over hot coals; cook {t} on each side.", f"Grill {x} 4 to 6 inches from coals {t} per side.",
            f"Grill, covered, {t} per side.", f"Grill on an oiled grate {t} per side or until {d}.",
        ])
    else:
        t = b.tc(per_side, mult=2)
        line = b.c([
            f"Grill {x} over medium coals {t} per side, turning once.",
            f"Place on grill and cook {t} per side, until {d}.", f"Cook {x} on the grill {t} per side.",
        ])
    b.add(line, app="grill", tails=T_GRILL)


def preheat_grill(b: _B):
    b.add(b.c(["Preheat grill to medium-high.", "Light the grill.", "Prepare a charcoal fire.", "Heat gas grill to medium.",
               "Preheat grill; oil the grate.", "Start the coals.", "Preheat an outdoor grill for high heat.",
               "Heat grill to medium-hot."]), app="grill")


def airfry(b: _B, x: str, times, v: int | None = None, d: str = "golden and crisp", preheat_: bool | None = None):
    v = v or b.c([350, 360, 370, 375, 380, 390, 400, 400])
    T = b.deg(v)
    if preheat_ if preheat_ is not None else b.p(0.4):
        b.add(b.c([f"Preheat air fryer to {T}.", f"Preheat the air fryer to {T}.", f"Heat air fryer to {T}.",
                   f"Set air fryer to {T} and let it preheat."]),
              app="air_fryer", tails=T_AIR)
        t = b.tc(times)
        b.add(b.c([
            f"Place {x} in the air fryer basket in a single layer; cook {t}.", f"Air fry {t}, flipping once.",
            f"Cook {t}, shaking the basket halfway through.", f"Air fry {x} {t} or until {d}.",
            f"Arrange {x} in basket and air-fry {t}, turning halfway.", f"Cook in air fryer {t}, until {d}.",
        ]), app="air_fryer", tails=T_AIR)
    else:
        t = b.tc(times)
        b.add(b.c([
            f"Cook in air fryer at {T} for {t}, shaking basket halfway.", f"Air fry at {T} {t}, flipping once.",
            f"Place {x} in air fryer basket; cook {t} at {T}.", f"Air-fry {x} at {T} for {t} or until {d}.",
            f"Cook at {T} in the air fryer for {t}, turning halfway through.", f"Put {x} in the air fryer and cook at {T} for {t}.",
        ]), app="air_fryer", tails=T_AIR)


def chill(b: _B, what: str = "", d: str = "set"):
    """A long refrigeration step (always well over 30 minutes)."""
    w = f" {what}" if what else ""
    if b.p(0.3):
        opts = [f"Cover and refrigerate{w} overnight.", f"Chill{w} overnight.", "Refrigerate overnight.", "Chill several hours or overnight.",
                "Chill thoroughly before serving.", "Store in refrigerator overnight before serving.", f"Refrigerate{w} several hours."]
        if d in ("set", "firm"):
            opts += [f"Cover and chill until {d}.", f"Chill{w} until {d}.", f"Refrigerate until {d}.", f"Refrigerate until {d}, several hours."]
        b.add(b.c(opts), extra=240, tails=T_CHILL)
        return
    t = b.tc(CHILL)
    b.add(b.c([
        f"Chill{w} {t}.", f"Refrigerate{w} {t}.", f"Cover and chill at least {t}.", f"Refrigerate at least {t} before serving.",
        f"Place in refrigerator {t} to set.", f"Refrigerate until ready to serve, at least {t}.",
        f"Cover tightly and chill {t} to blend flavors.", f"Let set in refrigerator {t}.", f"Refrigerate {t} or until {d}.",
        f"Cover with plastic wrap and refrigerate {t}.", f"Chill in the fridge for {t}.", f"Refrigerate for {t} or overnight.",
        f"Chill until {d}, about {t}.", f"Cover; chill {t}.", f"Refrigerate{w}, covered, {t}.",
    ]), tails=T_CHILL)


def freeze(b: _B, what: str = ""):
    w = f" {what}" if what else ""
    if b.p(0.3):
        b.add(b.c([f"Freeze{w} overnight.", "Cover and freeze overnight.", "Place in freezer until firm.",
                   "Freeze until firm.", f"Freeze{w} until solid."]), extra=240, tails=T_CHILL)
        return
    t = b.tc([120, 180, 240, 360, (3 * 60, 4 * 60), (4 * 60, 6 * 60), 480])
    b.add(b.c([
        f"Freeze until firm, about {t}.", f"Cover and freeze {t}.", f"Freeze at least {t} before serving.",
        f"Freeze{w} {t}.", f"Freeze until slushy, about {t}, stirring occasionally.", f"Place in freezer for {t}.",
        f"Cover with foil and freeze {t} or until firm.",
    ]), tails=T_CHILL)


def marinate(b: _B, x: str):
    if b.p(0.3):
        b.add(b.c(["Marinate overnight in the refrigerator.", f"Cover and refrigerate {x} overnight, turning once.",
                   f"Pour marinade over {x}; refrigerate overnight.", f"Let {x} marinate in refrigerator overnight."]), extra=480)
        return
    t = b.tc([60, 120, 180, 240, 360, (2 * 60, 4 * 60), (4 * 60, 6 * 60), (60, 120), 480])
    b.add(b.c([
        f"Marinate in refrigerator {t}.", f"Cover and marinate {t}, turning occasionally.", f"Let marinate at least {t}.",
        f"Pour marinade over {x}; refrigerate {t} or overnight.", f"Place {x} in a zip-top bag with marinade; refrigerate {t}.",
        f"Marinate {x} in the refrigerator for {t}.", f"Cover and chill {t} to marinate, turning {x} once.",
        f"Refrigerate {x} in the marinade {t}.",
    ]))


def rise(b: _B, again: bool = False):
    if b.p(0.35):
        b.add(b.c([
            "Let rise until doubled.", "Cover and let rise in a warm place until doubled.", "Set in warm place to rise until doubled.",
            "Let rise until double in bulk.", "Cover with a towel and let rise until doubled.", "Let dough rise until light and doubled.",
        ] if not again else ["Let rise again until doubled.", "Cover and let rise until almost doubled.", "Let rise a second time until doubled."]),
            extra=60)
        return
    t = b.tc([60, 60, 90, 45, (45, 60), (60, 90), (60, 120)] if not again else [30, 45, 60, (30, 45), (40, 50)])
    b.add(b.c([
        f"Cover and let rise in a warm place until doubled, about {t}.", f"Let rise until double in bulk, {t}.",
        f"Cover with a towel and let rise {t}.", f"Place in greased bowl, turn to coat, cover and let rise {t}.",
        f"Let dough rise until light, about {t}.", f"Let rise in a warm, draft-free place {t}.",
    ] if not again else [
        f"Cover and let rise again until doubled, about {t}.", f"Let rise {t} more.", f"Let rise a second time, {t}.",
    ]))


def cool_long(b: _B, what: str = ""):
    w = f" {what}" if what else ""
    if b.p(0.4):
        b.add(b.c([f"Cool{w} completely before frosting.", "Cool completely before cutting.", "Let cool completely.",
                   f"Cool{w} completely on a wire rack."]), extra=60)
        return
    t = b.tc([60, 60, 90, 120, (60, 90), (60, 120)])
    b.add(b.c([f"Cool completely, about {t}.", f"Let cool at least {t} before cutting.", f"Cool{w} on a rack {t}.",
               f"Let stand at room temperature {t}.", f"Cool{w} {t} before serving."]))


def stand_short(b: _B, what: str = ""):
    t = b.tc([2, 3, 5, 5, 10, (5, 10), (3, 5)])
    b.add(b.c([f"Let stand {t} before serving.", f"Let stand {t}.", f"Let rest {t}.", f"Let sit {t} before cutting.",
               f"Cool {t} before serving.", f"Let cool {t}.",
               f"Allow to rest {t}, then slice."]))


def mix(b: _B, items: list[str], where: str | None = None):
    x = _join(list(dict.fromkeys(items)), b.r)
    b.add(b.c([
        f"Combine {x}.", f"Mix {x} in a large bowl.", f"In a bowl, mix together {x}.", f"Stir together {x}.",
        f"Whisk together {x}.", f"Blend {x} well.", f"Mix {x} until well blended.", f"Combine {x}; mix well.",
        f"In a large bowl, combine {x}.", f"Put {x} in a bowl and stir to combine.", f"In a mixing bowl, stir {x} until blended.",
        f"Thoroughly mix {x}.", f"Mix together {x}.", f"Combine {x} in a bowl and mix well.", f"In a medium bowl, blend {x}.",
        f"Stir {x} together in a bowl.", f"Mix {x} with a fork.", f"Place {x} in a bowl; mix thoroughly.",
    ]), tails=T_MIX)


def mix_in(b: _B, items: list[str]):
    x = _join(list(dict.fromkeys(items)), b.r)
    b.add(b.c([f"Add {x}; mix well.", f"Stir in {x}.", f"Gently fold in {x}.", f"Add {x} and stir to blend.",
               f"Stir in {x} until combined.", f"Add {x}. Mix well.", f"Fold in {x}.", f"Blend in {x}."]), tails=T_ADD)


def serve(b: _B, hot: bool = True, base: bool = False):
    opts = ["Serve immediately.", "Serve and enjoy!", "Serve at once."]
    if hot:
        opts += ["Serve hot.", "Serve warm.", "Serve hot with " + b.c(_WITH) + "."]
    if base:
        opts += [f"Serve over {b.c(_BASES)}.", f"Serve with {b.c(_BASES)}.", f"Spoon over {b.c(_BASES)} to serve."]
    opts += [f"Garnish with {b.c(_GARNISH)} and serve.", f"Sprinkle with {b.c(_GARNISH)} before serving."]
    b.add(b.c(opts))


# ---------------------------------------------------------------------------------------------
# mains: a protein, a flavor and a cooking method
# ---------------------------------------------------------------------------------------------

# (group, title nouns, ingredient template, short name, tag)
_PROT = [
    ("pieces", ["Chicken", "Chicken", "Chicken Pieces"], "[1 (3 lb.)|1 (3 1/2 lb.)|1] [fryer|frying chicken|chicken], cut up", "chicken", "m"),
    ("pieces", ["Chicken Thighs", "Chicken Legs", "Drumsticks", "Chicken Quarters"], "[6|8|10] chicken [thighs|legs|drumsticks|pieces]", "chicken", "m"),
    ("breast", ["Chicken Breasts", "Chicken Breast", "Chicken", "Chicken Cutlets"], "[4|6] [boneless, skinless chicken breasts|chicken breast halves|boneless chicken breasts|skinless chicken breast halves]", "chicken", "m"),
    ("breast", ["Turkey Cutlets", "Turkey Breast Slices"], "[1|1 1/2] lb. turkey [cutlets|breast slices]", "turkey", "m"),
    ("chop", ["Pork Chops", "Pork Chops", "Chops", ("Pork Steaks", "[4|6] pork steaks")], "[4|6] [pork chops|center-cut pork chops|loin pork chops|boneless pork chops][, 1\" thick|, 3/4 inch thick|]", "chops", "m"),
    ("chop", ["Lamb Chops"], "[6|8] [loin |]lamb chops", "chops", "m"),
    ("steak", ["Steak", "Steaks", ("Sirloin Steak", "[1 1/2|2] lb. sirloin steak"), ("Rib-Eyes", "[2|4] rib-eye steaks"), ("Flank Steak", "[1 1/2|2] lb. flank steak")], "[1 1/2|2] [lb.|lbs.] [sirloin steak|rib-eye steaks|strip steaks|flank steak]", "steak", "m"),
    ("braise", [("Swiss Steak", "[1 1/2|2] lb. round steak, cut in serving pieces"), ("Round Steak", "[1 1/2|2] lb. round steak"), ("Beef Tips", "[2|2 1/2] lb. beef tips"),
                ("Beef Short Ribs", "[3|4] lb. beef short ribs"), "Beef"], "[1 1/2|2|2 1/2] lb. [chuck steak|stew beef|beef tips][, cut in serving pieces|]", "beef", "m"),
    ("roast", ["Pot Roast", "Beef Roast", "Roast Beef", ("Rump Roast", "1 ([3|4]-lb.) rump roast"), ("Chuck Roast", "1 ([3|4]-lb.) chuck roast")], "1 ([3|4|3 to 4]-lb.) [chuck roast|rump roast|beef roast|arm roast]", "roast", "m"),
    ("roast", ["Pork Roast", ("Pork Loin Roast", "1 ([3|4] lb.) pork loin roast"), ("Pork Shoulder", "1 ([4|5] lb.) [pork shoulder|Boston butt]")], "1 ([3|4|5] lb.) [pork loin roast|pork shoulder|Boston butt]", "roast", "m"),
    ("tender", ["Pork Tenderloin", "Pork Tenderloins"], "[1|2] ([1|1 1/4] lb.) pork tenderloin[s|]", "pork", "m"),
    ("ham", ["Ham Steak", "Ham Slice", "Ham"], "1 [center-cut |fully cooked |][ham slice|ham steak][, 1\" thick|, about 1 1/2 lb.|]", "ham", "m"),
    ("sausage", ["Sausage", ("Kielbasa", "[1|1 1/2|2] lb. kielbasa"), ("Smoked Sausage", "[1|1 1/2] lb. smoked sausage"), ("Bratwurst", "[5|6|8] bratwurst"),
                 ("Italian Sausage", "[1|1 1/2|2] lb. Italian sausage links"), ("Brats", "[5|6] fresh brats")], "[1|1 1/2|2] lb. [Polish sausage|kielbasa|smoked sausage]", "sausage", "m"),
    ("ribs", ["Ribs", ("Spareribs", "[3|4] lb. pork spareribs"), ("Country-Style Ribs", "[3|4] lb. country-style ribs"), ("Baby Back Ribs", "[2|3] racks baby back ribs")], "[3|4] lb. [pork spareribs|country-style ribs|baby back ribs]", "ribs", "m"),
    ("fish", ["Salmon", "Salmon Fillets", ("Salmon Steaks", "[4|6] salmon steaks")], "[4|6] salmon fillets[ (about 6 oz. each)|]", "salmon", "f"),
    ("fish", [("Cod", "[1|1 1/2|2] lb. cod fillets"), ("Cod Fillets", "[1|1 1/2|2] lb. cod fillets"), "Fish", "Fish Fillets"], "[1|1 1/2|2] lb. [cod|haddock|pollock|whitefish] fillets", "fish", "f"),
    ("fish", ["Tilapia", "Tilapia Fillets"], "[4|6] tilapia fillets", "tilapia", "f"),
    ("fish", ["Catfish", "Catfish Fillets"], "[4|6] catfish fillets", "catfish", "f"),
    ("fish", [("Halibut", "[1|1 1/2] lb. halibut fillets"), ("Flounder", "[1|1 1/2] lb. flounder fillets"), ("Orange Roughy", "[1|1 1/2] lb. orange roughy fillets"),
              ("Sole", "[1|1 1/2] lb. sole fillets")], "", "fish", "f"),
    ("shrimp", ["Shrimp", "Shrimp", "Prawns"], "[1|1 1/2|2] lb. [large |medium |jumbo |]shrimp, [peeled and deveined|shelled|cleaned]", "shrimp", "f"),
    ("shrimp", ["Scallops", "Sea Scallops"], "[1|1 1/2] lb. [sea |bay |]scallops", "scallops", "f"),
    ("tofu", ["Tofu", "Tofu Steaks"], "1 (14 oz.) pkg. [firm|extra-firm] tofu[, cubed|, drained and cubed|, pressed and sliced]", "tofu", ""),
]

# cooking times per group and method; "ps" = per side (doubled)
_GT = {
    "pieces": {"oven": [(45, 60), 60, (50, 60), (60, 75), 45, 50, 75], "stove": [(35, 40), (40, 45), 45, (45, 60)],
               "both": [45, 60, (45, 50), (50, 60)], "grill": [(20, 25), 20, 25], "air": [(20, 25), 25, (22, 25)],
               "mw": [(15, 18), (18, 20), (12, 15)], "slow": True},
    "breast": {"oven": [(20, 25), 25, (25, 30), (35, 40), 40, 45, (40, 45), (15, 20), (45, 50)], "stove": [(5, 6), (6, 8), (6, 7), 5, (4, 5)],
               "both": [(20, 25), 25, 40, 45, (35, 40)], "grill": [(5, 6), (6, 8), (5, 7)], "air": [(10, 12), (12, 15), 12, (15, 18)],
               "mw": [(6, 8), (8, 10), 8], "slow": True},
    "chop": {"oven": [(45, 60), 60, (50, 60), (40, 45), 45], "stove": [(4, 5), (5, 6), (3, 4), 5],
             "both": [(45, 60), 60, (40, 45), 50], "grill": [(5, 6), (6, 8), (5, 7)], "air": [(10, 12), 12, (12, 14)], "slow": True},
    "steak": {"broil": [(4, 5), (5, 6), (3, 5), 5], "stove": [(3, 4), (4, 5), (4, 6), 5], "grill": [(4, 5), (4, 6), (5, 7), 6],
              "air": [(8, 10), (10, 12), 10]},
    "braise": {"oven": [(90, 120), 120, (60, 90), 90], "stove": [(60, 90), 90, (90, 120), 120, (75, 90)],
               "both": [(90, 120), 120, (60, 90)], "slow": True},
    "roast": {"oven": [(120, 180), (150, 180), 180, (90, 120), 150, 120], "slow": True, "stove": [(150, 180), 180, (120, 180)]},
    "tender": {"oven": [(35, 40), (40, 45), 45, (25, 30), (45, 50)], "grill": [(15, 20), 20], "air": [(18, 20), (20, 22)],
               "slow": True},
    "ham": {"oven": [(45, 60), 60, (40, 45), 45], "stove": [(3, 5), (4, 5), 5, (3, 4)], "grill": [(4, 5), (5, 6), 5]},
    "sausage": {"oven": [(40, 45), 45, (25, 30), 60], "stove": [(10, 12), (12, 15), 15, (15, 20)], "grill": [(5, 6), (6, 8), (5, 7)],
                "air": [(8, 10), (10, 12), 12], "slow": True},
    "ribs": {"oven": [(90, 120), 120, (120, 150), 150], "slow": True, "grill": [(45, 60), 60, (60, 75)]},
    "fish": {"oven": [(10, 12), (12, 15), 15, (15, 20), (20, 25), 20, 12], "stove": [(3, 4), (2, 3), (4, 5), 3],
             "grill": [(3, 4), (4, 5), 5], "air": [(8, 10), (10, 12), (7, 9), 10], "mw": [(4, 6), (5, 6), (6, 8), 5],
             "broil": [(4, 5), (3, 4), 5]},
    "shrimp": {"oven": [(8, 10), (10, 12), (6, 8), 10], "stove": [(2, 3), (3, 4), (3, 5), 4], "grill": [(2, 3), (3, 4), 3],
               "air": [(6, 8), (8, 10), 8], "mw": [(3, 4), (4, 5), 4]},
    "tofu": {"oven": [(25, 30), (20, 25), (40, 45)], "stove": [(8, 10), (10, 12), (5, 7)], "air": [(12, 15), (10, 12), 15],
             "grill": [(4, 5), (3, 4)]},
}
_PER_SIDE = {"breast", "chop", "steak", "ham", "fish", "tofu"}
_DONE = {
    "pieces": ["juices run clear", "chicken is tender", "golden brown", "done"], "breast": ["no longer pink", "juices run clear", "done", "cooked through"],
    "chop": ["tender", "no longer pink", "done"], "steak": ["desired doneness", "done to your liking", "medium-rare"],
    "braise": ["meat is tender", "tender", "fork-tender"], "roast": ["tender", "fork-tender", "meat is tender"],
    "tender": ["no longer pink", "done", "cooked through"], "ham": ["heated through", "glazed", "lightly browned"],
    "sausage": ["browned", "cooked through", "done"], "ribs": ["tender", "meat is tender"],
    "fish": ["fish flakes easily with a fork", "fish flakes easily", "opaque", "fish is done"],
    "shrimp": ["shrimp turn pink", "pink", "pink and opaque"], "tofu": ["golden", "crisp", "lightly browned"],
}

# (title forms, ingredient entries, style)
_FLAV = [
    (["Teriyaki {N}", "{N} Teriyaki"], ["[1/2|1/3] c. soy sauce", "1/4 c. [brown sugar|honey]", "1 tsp. [ground |grated fresh ]ginger", GARLIC], "liquid"),
    (["Honey Garlic {N}", "Honey-Garlic {N}"], ["1/3 c. honey", "1/4 c. soy sauce", GARLIC, "1 Tbsp. [cider |]vinegar"], "liquid"),
    (["Lemon Pepper {N}", "Lemon-Pepper {N}"], ["[2|3] Tbsp. lemon juice", "[1|2] tsp. lemon pepper seasoning", "[2|3] Tbsp. [butter|margarine], melted"], "rub"),
    (["Lemon Herb {N}", "{N} with Lemon and Herbs", "Herbed {N}"], ["1 lemon[, juiced|, sliced|]", "1 tsp. [dried |]thyme", "1 tsp. [dried |]rosemary", "2 Tbsp. olive oil"], "rub"),
    (["Italian {N}", "{N} Italiano", "Italian-Style {N}"], ["1/2 c. Italian dressing", "1/4 c. grated Parmesan cheese", "1 tsp. Italian seasoning"], "liquid"),
    (["Barbecued {N}", "BBQ {N}", "Barbecue {N}", "Honey BBQ {N}"], ["1 c. [barbecue sauce|bottled BBQ sauce]", "1/4 c. [brown sugar|ketchup|honey]", ONION], "liquid"),
    (["Cajun {N}", "Blackened {N}", "Spicy Cajun {N}"], ["[1|2] Tbsp. Cajun seasoning", "1 tsp. paprika", "1/4 tsp. cayenne pepper", "2 Tbsp. [oil|butter]"], "rub"),
    (["Parmesan {N}", "Parmesan-Crusted {N}", "{N} Parmesan"], ["1/2 c. grated Parmesan cheese", "1/2 c. [dry |Italian |seasoned |]bread crumbs", "1 egg, beaten", "1/4 c. butter, melted"], "coat"),
    (["Dijon {N}", "Honey Mustard {N}", "Mustard {N}"], ["1/4 c. Dijon mustard", "2 Tbsp. honey", "1 Tbsp. lemon juice"], "liquid"),
    (["Sweet and Sour {N}", "Sweet 'n' Sour {N}", "Sweet-Sour {N}"], ["1 (20 oz.) can pineapple chunks[, drained|]", "1/2 c. [cider |white |]vinegar", "1/2 c. sugar", "1/4 c. ketchup", "2 Tbsp. cornstarch"], "liquid"),
    (["Salsa {N}", "Mexican {N}", "Southwestern {N}", "Tex-Mex {N}"], ["1 c. [chunky |thick and chunky |]salsa", "1 tsp. [ground |]cumin", "1 c. shredded Monterey Jack cheese"], "liquid"),
    (["Smothered {N}", "{N} and Gravy", "{N} in Gravy"], ["SOUP", ONION, "1/2 c. milk"], "creamy"),
    (["Creamy Mushroom {N}", "{N} with Mushroom Sauce", "Mushroom {N}"], [SOUP_VEG[0], "1 c. sour cream", ("1 c. sliced mushrooms", "mushrooms", "")], "creamy"),
    (["Ranch {N}", "Crispy Ranch {N}"], ["1 pkg. Hidden Valley Ranch dressing mix", "1/2 c. [crushed Ritz crackers|bread crumbs|cornflake crumbs]", "1/4 c. butter, melted"], "coat"),
    (["Orange {N}", "Orange-Glazed {N}", "Mandarin {N}"], ["1/2 c. orange juice", "1/4 c. orange marmalade", "2 Tbsp. soy sauce"], "liquid"),
    (["Crispy {N}", "Crunchy {N}", "Cornflake {N}"], ["1 1/2 c. cornflake crumbs", "1 egg", "1/4 c. milk", "1/2 tsp. salt"], "coat"),
    (["Garlic Butter {N}", "Buttery Garlic {N}"], ["1/4 c. butter", GARLIC, "2 Tbsp. chopped parsley", "1 Tbsp. lemon juice"], "rub"),
    (["Greek {N}", "Mediterranean {N}", "Greek-Style {N}"], ["1/4 c. olive oil", "2 Tbsp. lemon juice", "1 tsp. [dried |]oregano", "1/2 c. crumbled feta cheese"], "liquid"),
    (["Balsamic {N}", "Balsamic Glazed {N}"], ["1/4 c. balsamic vinegar", "2 Tbsp. olive oil", "1 Tbsp. brown sugar", GARLIC], "liquid"),
    (["Apricot {N}", "Apricot-Glazed {N}", "Russian {N}"], ["1 (10 oz.) jar apricot preserves", "1 (8 oz.) bottle Russian dressing", "1 env. dry onion soup mix"], "liquid"),
    (["Hawaiian {N}", "Pineapple {N}", "Aloha {N}"], ["1 (8 oz.) can crushed pineapple", "1/2 c. brown sugar", "2 Tbsp. soy sauce"], "liquid"),
    (["Creole {N}", "{N} Creole", "Cajun-Style {N}"], ["1 (16 oz.) can [stewed |]tomatoes", "1 green pepper, chopped", "2 ribs celery, chopped", "1/4 tsp. Tabasco"], "liquid"),
    (["{N} Marsala", "{N} with Marsala Wine"], ["1/2 c. Marsala wine", "1 c. sliced mushrooms", "1/4 c. flour", "2 Tbsp. butter"], "liquid"),
    (["Sesame {N}", "Ginger Sesame {N}", "Asian {N}"], ["2 Tbsp. sesame oil", "1 Tbsp. sesame seeds", "3 Tbsp. soy sauce", "1 tsp. grated ginger"], "liquid"),
    (["Maple Glazed {N}", "Maple-Mustard {N}"], ["1/4 c. maple syrup", "2 Tbsp. Dijon mustard", "1 Tbsp. cider vinegar"], "liquid"),
    (["Spicy {N}", "Hot and Spicy {N}", "Zesty {N}"], ["1/4 c. hot sauce", "1 tsp. chili powder", "1/2 tsp. cayenne", "2 Tbsp. butter, melted"], "rub"),
    (["Bacon-Wrapped {N}", "{N} Wrapped in Bacon"], [("[8|10|12] slices bacon", "bacon", "m"), "1/4 c. brown sugar"], "wrap"),
    (["Stuffed {N}", "{N} with Stuffing", "{N} and Stuffing"], ["1 (6 oz.) pkg. Stove Top stuffing mix", "1/2 c. chopped celery", "1/4 c. butter, melted", "1 1/2 c. hot water"], "stuff"),
    (["Seasoned {N}", "{N}", "Simple {N}", "Herb {N}"], ["SEASON"], "rub"),
    (["Pesto {N}"], ["1/2 c. [prepared |]basil pesto", "1/4 c. grated Parmesan cheese"], "rub"),
    (["Chili Lime {N}", "Lime {N}", "Cilantro Lime {N}"], ["2 limes, juiced", "1 tsp. chili powder", "2 Tbsp. chopped cilantro", "2 Tbsp. oil"], "liquid"),
    (["Beer-Braised {N}", "{N} in Beer", "Beer {N}"], ["1 (12 oz.) can beer", ONION, "2 Tbsp. brown sugar"], "liquid"),
    (["{N} in Wine Sauce", "{N} with White Wine", "{N} Piccata"], ["1/2 c. dry white wine", "2 Tbsp. capers", "3 Tbsp. lemon juice", "2 Tbsp. butter"], "liquid"),
    (["Southern Fried {N}", "Fried {N}", "Country Fried {N}"], ["1 c. flour", "1 c. buttermilk", "[shortening|oil|Crisco] for frying", "1 tsp. seasoned salt"], "fry"),
]
_STYLE_METHODS = {
    "liquid": {"oven", "stove", "both", "slow", "grill", "air", "mw", "broil"},
    "rub": {"oven", "stove", "both", "grill", "air", "mw", "broil"},
    "coat": {"oven", "stove", "air"}, "creamy": {"oven", "stove", "both", "slow", "mw"},
    "wrap": {"oven", "grill", "air"}, "stuff": {"oven", "mw"}, "fry": {"stove"},
}
_METHOD_PREFIX = {
    "oven": ["Baked", "Oven-Baked", "Oven", "Baked"], "stove": ["Skillet", "Pan-Fried", "Stovetop", "Skillet"],
    "both": ["Baked", "Skillet-Baked"], "slow": ["Crock-Pot", "Slow Cooker", "Crockpot", "Slow-Cooker", "Crock Pot"],
    "grill": ["Grilled", "Grilled", "Grilled"], "air": ["Air Fryer", "Air-Fried", "Air Fryer", "Crispy Air Fryer"],
    "mw": ["Microwave", "Microwaved", "Microwave"], "broil": ["Broiled"],
}


def _flavor_ings(b: _B, entries) -> list[str]:
    names = []
    for e in entries:
        if e == "SOUP":
            names.append(b.ing(b.c(SOUP_MEAT + SOUP_VEG)))
        elif e == "SEASON":
            names += b.ings_from(SEASONINGS, b.c([2, 3, 4]))
        else:
            names.append(b.ing(e))
    return [n for n in names if n]


_QTY = re.compile(r"^(?:[\d/ ]+|dash of|pinch of|a few)\s*(?:\([^)]*\)\s*)?(?:(?:c|tsp|tbsp|t|oz|lb|lbs|pkg|env|qt|pt|doz|sm|med|lg|can|cans|jar|bottle|box|bunch|head|cloves?|slices?|stalks?|ribs?|sticks?|squares?|cups?|pints?|quarts?|pounds?|ounces?|packages?|envelopes?|tablespoons?|teaspoons?)\.?\s+)*", re.I)


def _short_of(line: str) -> str:
    """A rough short name for an ingredient line: drop quantities, units and trailing preparation."""
    s = _QTY.sub("", line).split(",")[0]
    s = re.sub(r"\(.*?\)", "", s).strip()
    s = re.sub(r"\s+(?:for frying|to taste|for garnish)$", "", s)
    return s.lower() if s[:1].isupper() and not re.match(r"^[A-Z][a-z]+'s|^[A-Z]{2}", s) and s.split()[0] not in {"Italian", "Dijon", "Parmesan", "Cajun", "Marsala", "Russian", "Worcestershire", "Tabasco", "Monterey", "Cheddar", "Swiss", "Velveeta", "Bisquick", "Stove", "Cool", "Jell-O", "Hidden", "French", "Ritz", "Crisco"} else s


def _aromatic_saute(b: _B, timed: bool):
    picks = b.sample([ONION, GARLIC, AROMATICS[2], AROMATICS[3], AROMATICS[5]], b.c([1, 2]))
    saute(b, [b.ing(e) for e in picks], timed=timed)


def fam_entree(b: _B):
    b.kind, b.main = "main", True
    method = b.w({"oven": 26, "stove": 24, "both": 11, "slow": 10, "grill": 12, "air": 8, "mw": 4, "broil": 3})
    cands = [p for p in _PROT if method in _GT[p[0]]]
    group, nouns, tmpl, short, tag = b.c(cands)
    noun = b.c(nouns)
    if isinstance(noun, tuple):
        noun, tmpl = noun
    flavs = [f for f in _FLAV if method in _STYLE_METHODS[f[2]]]
    if group in ("roast", "braise", "ribs", "sausage", "pieces"):
        flavs = [f for f in flavs if f[2] not in ("stuff", "coat", "wrap")]
    if group in ("shrimp", "tofu", "steak", "roast", "braise", "ribs", "sausage", "ham"):
        flavs = [f for f in flavs if f[2] != "fry"]
    forms, fl_ings, style = b.c(flavs)
    N = noun
    core = b.c(forms).format(N=N)
    if b.p(0.55 if method in ("slow", "grill", "air", "mw", "broil") else 0.2) and not core.startswith(("Fried", "Southern", "Country Fried")):
        pre = b.c(_METHOD_PREFIX[method])
        if pre not in core:
            core = f"{pre} {core}"
    b.title = _style_title(b, core)
    # ingredients
    prot_entry = (tmpl, short, tag)
    first = b.p(0.8)
    if first:
        b.ing(prot_entry)
    fnames = _flavor_ings(b, fl_ings)
    if not first:
        b.ing(prot_entry)
    if b.p(0.6):
        b.ings_from(SEASONINGS, b.c([1, 2, 3]))
    sauce = _join(b.sample(fnames, b.c([2, 3])), b.r) or "seasonings"
    done = b.c(_DONE[group])
    times = _GT[group].get(method)
    per_side = group in _PER_SIDE
    pan = b.c(_PANS)
    S = short
    if b.p(0.55):
        preps = [f"Rinse {S} and pat dry.", f"Pat {S} dry with paper towels.", f"Season {S} with salt and pepper.", f"Sprinkle {S} with salt and pepper on both sides."]
        if group in ("breast", "steak", "chop"):
            preps += [f"Pound {S} to an even thickness.", f"Trim any fat from {S}."]
        if group == "fish":
            preps += [f"Rinse {S} in cold water and drain well.", f"Check {S} for bones."]
        if group == "shrimp":
            preps += [f"Rinse {S} in cold water and drain well.", f"Pat {S} dry and remove any tails."]
        if group in ("roast", "braise", "ribs"):
            preps += [f"Trim excess fat from {S}.", f"Rub {S} all over with salt and pepper."]
        b.add(b.c(preps))

    def prep_flavor(target_dish: bool):
        if style == "coat":
            mix(b, b.sample(fnames, 2))
            dip = b.c(["melted butter", "the egg mixture", "milk"])
            opts = [f"Dip {S} in {dip}, then roll in crumbs.", f"Coat {S} with crumb mixture.", f"Dredge {S} in the crumb mixture, pressing to coat."]
            if target_dish:
                opts.append(f"Roll {S} in the coating and place in {pan}.")
            b.add(b.c(opts))
        elif style == "rub":
            b.add(b.c([f"Season {S} with {sauce}.", f"Rub {sauce} over {S}.", f"Sprinkle {S} with {sauce}.",
                       f"Brush {S} with {sauce}."]))
        elif style == "liquid":
            mix(b, b.sample(fnames, min(3, len(fnames))) or ["sauce ingredients"])
            if b.p(0.35) and method not in ("slow",):
                marinate(b, S)
        elif style == "creamy":
            mix(b, fnames)
        elif style == "wrap":
            b.add(b.c([f"Wrap each piece of {S} with a slice of bacon; secure with wooden picks.", f"Wrap {S} in bacon and sprinkle with brown sugar."]))
        elif style == "stuff":
            b.add(b.c(["Combine Stove Top stuffing mix, hot water and butter; let stand 5 minutes.",
                       "Prepare stuffing mix with the hot water and butter; let stand 5 minutes.",
                       "Mix stuffing crumbs with celery, butter and hot water. Let stand 5 minutes."]), extra=5)
            b.add(b.c([f"Spoon stuffing over {S}.", f"Cut a pocket in each piece of {S} and fill with stuffing.", f"Top {S} with the stuffing."]))
        elif style == "fry":
            b.add(b.c([f"Dip {S} in buttermilk, then dredge in seasoned flour.", f"Soak {S} in buttermilk; shake in a bag with flour and seasoned salt."]))

    if method == "oven":
        v = b.temp((325, 350, 350, 375, 375, 400, 425) if group != "roast" else (300, 325, 325, 350))
        pre = b.p(0.6)
        if pre:
            preheat(b, v, pan)
        if style != "stuff":
            prep_flavor(True)
        if style in ("liquid", "creamy"):
            b.add(b.c([f"Arrange {S} in a greased {pan}; pour sauce over.", f"Place {S} in {pan} and pour sauce over top.",
                       f"Put {S} in a {pan}. Spoon sauce over {S}.", f"Lay {S} in a single layer in {pan} and cover with sauce."]))
        elif style != "coat":
            b.add(b.c([f"Arrange {S} in a {pan}.", f"Place {S} in a shallow roasting pan.", f"Lay {S} in a greased {pan}."]))
        if style == "stuff":
            prep_flavor(True)
        if group == "roast" and b.p(0.3):
            b.add(b.c(["Roast in the oven, uncovered, until a meat thermometer registers 160°.", "Roast in the oven until meat thermometer reads 170°, basting often.",
                       f"Roast in a {b.deg_adj(v)} oven until a meat thermometer inserted in center reads 160°."]), extra=150, app="oven")
        elif group in ("roast", "pieces") and b.p(0.4):
            t = b.tc(times)
            line = b.c([f"Roast in the oven at {b.deg(v)} for {t}.", f"Roast in a {b.deg_adj(v)} oven {t} or until {done}.",
                        f"Roast, uncovered, in the oven for {t}.", f"Roast in oven {t}, basting occasionally."] if not pre else
                       [f"Roast {t} in the oven.", f"Roast in the oven for {t} or until {done}.", f"Roast in preheated oven {t}, basting occasionally."])
            b.add(line, app="oven")
        else:
            bake(b, times, done, None if pre else v, covered=b.c([None, None, True, False]))
        if style == "coat" and b.p(0.2):
            broil(b)
        if group in ("roast", "tender") and b.p(0.4):
            stand_short(b)
    elif method == "broil":
        prep_flavor(False)
        b.add(b.c(["Preheat broiler.", "Set oven to broil.", "Turn on the broiler.", "Preheat the oven broiler."]), app="oven")
        t = b.tc(times, mult=2)
        b.add(b.c([f"Broil {S} 4 inches from heat {t} per side.", f"Place {S} on broiler pan; broil {t} on each side.",
                   f"Broil {t} per side or until {done}.", f"Broil 3 to 4 inches from the heat, {t} per side."]), app="oven")
    elif method == "stove":
        if style == "fry":
            prep_flavor(False)
            fat = b.c(["shortening", "oil", "Crisco", "vegetable oil"])
            b.add(b.c([f"Heat 1/2 inch of {fat} in a large skillet over medium-high heat.", f"Heat {fat} in a heavy skillet.",
                       f"In a deep skillet, heat {fat} to 350°."]), app="stove")
            if per_side:
                t = b.tc(times, mult=2)
                b.add(b.c([f"Fry {S} {t} per side until golden brown.", f"Fry {t} on each side, until {done}."]), app="stove")
            else:
                t = b.tc(times)
                b.add(b.c([f"Fry {S}, turning occasionally, {t} or until {done}.", f"Cover and fry {t}, turning once, until {done}."]), app="stove")
            b.add(b.c(["Drain on paper towels.", "Drain on brown paper.", f"Drain {S} on paper towels."]))
        elif per_side:
            prep_flavor(False)
            b.add(b.c(["Heat oil in a large skillet over medium-high heat.", "Melt butter in a skillet over medium heat.",
                       "Heat 2 Tbsp. oil in a heavy frying pan.", "Heat a skillet over medium-high heat; add a little oil."]), app="stove")
            t = b.tc(times, mult=2)
            b.add(b.c([f"Cook {S} {t} per side, until {done}.", f"Add {S}; cook {t} on each side.",
                       f"Fry {S} in skillet {t} per side or until {done}.", f"Pan-fry {S} {t} on each side.",
                       f"Cook {S} over medium heat {t} per side."]), app="stove")
            if style in ("liquid", "creamy") and b.p(0.7):
                b.add(b.c([f"Remove {S}; keep warm.", f"Remove {S} from skillet and set aside."]))
                if b.p(0.5):
                    _aromatic_saute(b, True)
                t = b.tc(SHORT[:12])
                b.add(b.c([f"Add sauce to skillet; simmer {t}, stirring.", f"Stir sauce into pan drippings and bring to a boil; cook {t}.",
                           f"Pour sauce into skillet and simmer {t}. Return {S} to pan."]), app="stove")
        elif group in ("pieces", "braise", "roast", "chop"):
            prep_flavor(False)
            brown(b, S, drain=False)
            if b.p(0.4):
                _aromatic_saute(b, False)
            if style == "rub":
                b.add(b.c(["Add 1 cup water.", "Pour in 1/2 c. water.", "Add a little water to the pan."]))
            else:
                b.add(b.c([f"Pour sauce over {S}.", "Add sauce mixture to skillet.", "Stir in the sauce ingredients."]))
            simmer(b, times, d=done)
        else:  # shrimp, sausage, tofu
            prep_flavor(False)
            fat = b.c(["butter", "oil", "olive oil", "2 Tbsp. oil", "margarine"])
            t = b.tc(times)
            if group == "shrimp":
                b.add(b.c([f"Melt {fat} in a large skillet over medium heat; add {S} and cook {t} until {done}.",
                           f"Heat {fat} in a skillet. Add {S} and saute {t}, until {done}.",
                           f"Saute {S} in {fat} {t} or until {done}."]), app="stove")
            elif group == "sausage":
                b.add(b.c([f"Cook {S} in a skillet over medium heat {t}, turning often.", f"Brown {S} in a large skillet {t}.",
                           f"Fry {S} in a frying pan {t}, until {done}."]), app="stove")
            else:
                b.add(b.c([f"Heat {fat} in a wok; stir-fry {S} {t}.", f"Cook {S} in {fat} in a nonstick skillet {t}, turning until {done}."]), app="stove")
            if style in ("liquid", "creamy") and b.p(0.7):
                t = b.tc(TINY)
                b.add(b.c([f"Stir in sauce; cook {t} more.", f"Add sauce and heat through, {t}.", f"Pour in sauce; simmer {t}."]), app="stove")
        if b.p(0.5):
            serve(b, base=True)
    elif method == "both":
        prep_flavor(False)
        if group in _PER_SIDE and b.p(0.5):
            t = b.tc([2, 3, (2, 3), (3, 4)], mult=2)
            b.add(b.c([f"Brown {S} in hot oil in a skillet, {t} per side.", f"In a skillet over medium-high heat, sear {S} {t} on each side."]), app="stove")
        else:
            brown(b, S, drain=False)
        v = b.temp()
        b.add(b.c([f"Transfer {S} to a {pan}.", f"Place browned {S} in a {pan}.", f"Arrange {S} in a greased {pan}."]))
        if style in ("liquid", "creamy"):
            b.add(b.c([f"Pour sauce over {S}.", "Spoon sauce over top.", f"Cover {S} with the sauce mixture."]))
        bake(b, times, done, v, covered=b.c([None, True, False]))
    elif method == "slow":
        if b.p(0.35):
            brown(b, S, drain=b.p(0.5))
        if b.p(0.4):
            veg = b.ings_from(AROMATICS + [("[3|4|6] potatoes, [peeled and |]quartered", "potatoes", ""), ("[3|4] carrots, cut in chunks", "carrots", "")], 2)
            b.add(f"Place {_join(list(dict.fromkeys(veg)), b.r)} in bottom of {b.c(_SLOW)}; top with {S}.")
        else:
            b.add(b.c([f"Place {S} in {b.c(_SLOW)}.", f"Put {S} in a {b.c(_SLOW)}.", f"Arrange {S} in a {b.c(_SLOW)}."]))
        if style in ("liquid", "creamy"):
            b.add(b.c([f"Combine {sauce}; pour over {S}.", f"Mix {sauce} and pour over top.", f"Pour {sauce} over {S}."]))
        else:
            b.add(b.c([f"Sprinkle with {sauce}.", f"Season with {sauce} and add 1/2 c. water."]))
        slow(b, ((6, 8), (8, 10), (7, 8), 8, (4, 6), 6) if group != "breast" else ((4, 6), (5, 6), 6, (4, 5)))
        if b.p(0.5):
            serve(b, base=True)
    elif method == "grill":
        prep_flavor(False)
        if b.p(0.5):
            preheat_grill(b)
        if per_side or group in ("shrimp", "sausage"):
            grill(b, S, times, done)
        else:
            t = b.tc(times)
            b.add(b.c([f"Grill {S} over indirect heat {t}, turning occasionally.", f"Grill, covered, {t} or until {done}, turning often.",
                       f"Cook {S} on the grill {t}, turning every so often."]), app="grill")
        if style == "liquid" and b.p(0.3):
            b.add(b.c([f"Bring remaining sauce to a boil in a small saucepan; serve with {S}.",
                       f"Heat reserved marinade in a saucepan to boiling and spoon over {S}."]), extra=3, app="stove")
    elif method == "air":
        prep_flavor(False)
        airfry(b, S, times, d=done)
    elif method == "mw":
        prep_flavor(False)
        b.add(b.c([f"Arrange {S} in a microwave-safe dish, thickest parts toward the outside.", f"Place {S} in a glass baking dish.",
                   f"Put {S} in a Pyrex dish and cover with waxed paper."]))
        mw(b, S, times, d=done)
        stand_short(b)
    if b.p(0.5):
        serve(b, base=(method in ("stove", "slow", "both")))
    _finish(b, SERVES_MAIN)


# ---------------------------------------------------------------------------------------------
# mains: named dishes
# ---------------------------------------------------------------------------------------------

SAUCE_JAR = [("1 (26 oz.) jar spaghetti sauce", "spaghetti sauce", ""), ("1 (32 oz.) jar Ragu sauce", "sauce", ""),
             ("2 (15 oz.) cans tomato sauce", "tomato sauce", ""), ("1 (28 oz.) jar marinara sauce", "marinara", ""),
             ("1 (24 oz.) jar Prego", "sauce", ""), ("3 c. pasta sauce", "pasta sauce", "")]


def m_lasagna(b: _B):
    fill = b.w({"beef": 3, "sausage": 2, "spinach": 2, "veg": 2, "chicken": 1})
    slowc = b.p(0.2)
    core = b.c({"beef": ["Lasagna", "Lasagna", "Meat Lasagna", "Lasagne", "Beef Lasagna"],
                "sausage": ["Sausage Lasagna", "Italian Sausage Lasagna"],
                "spinach": ["Spinach Lasagna", "Spinach and Cheese Lasagna", "Lasagna Florentine"],
                "veg": ["Vegetable Lasagna", "Garden Lasagna", "Zucchini Lasagna", "Veggie Lasagna"],
                "chicken": ["Chicken Lasagna", "White Chicken Lasagna"]}[fill])
    if slowc:
        core = f"{b.c(['Crock-Pot', 'Slow Cooker', 'Crockpot'])} {core}"
    b.title = _style_title(b, core)
    noboil = slowc or b.p(0.35)
    b.ing(b.c(["[9|12] lasagna noodles[, uncooked|]", "1 (16 oz.) box lasagna noodles"]) if noboil and slowc else
          b.c(["1 (9 oz.) box no-boil lasagna noodles", "12 no-cook lasagna noodles"]) if noboil else "[9|12|15] lasagna noodles")
    meat = {"beef": ("[1|1 1/2] lb. [ground beef|lean ground beef|ground chuck]", "beef", "m"),
            "sausage": ("1 lb. [bulk |]Italian sausage", "sausage", "m"),
            "chicken": ("[2|3] c. cooked chicken, [diced|shredded]", "chicken", "m")}.get(fill)
    if meat:
        b.ing(meat)
    if fill == "spinach":
        b.ing("1 (10 oz.) pkg. frozen chopped spinach, thawed and squeezed dry")
    if fill == "veg":
        b.ings_from(AROMATICS[2:6] + [("2 [small |]zucchini, sliced", "zucchini", "")], 2)
    b.ing(b.c(SAUCE_JAR) if fill != "chicken" else b.c([("1 (16 oz.) jar Alfredo sauce", "Alfredo sauce", ""), SOUP_VEG[0], SOUP_MEAT[0]]))
    b.ing("[15 oz.|2 c.|1 (16 oz.) carton] [ricotta|cottage] cheese")
    b.ing("[2|3|4] c. shredded mozzarella cheese")
    b.ing("[1/2|1/4] c. grated Parmesan cheese")
    if b.p(0.6):
        b.ing("1 egg[, beaten|]")
    if b.p(0.4):
        b.ings_from(SEASONINGS[:9], 2)
    if not noboil:
        boil_pasta(b, "noodles")
    if fill in ("beef", "sausage"):
        brown(b, fill)
        if b.p(0.4):
            b.add(b.c(["Stir in sauce.", "Add the sauce to the meat and stir."]))
            simmer(b, SHORT[4:] if b.p(0.6) else LONG, d="thickened", lead=False)
        else:
            b.add(b.c(["Stir sauce into meat.", "Add spaghetti sauce to meat; mix well."]))
    elif fill == "veg" and b.p(0.6):
        saute(b, ["vegetables"])
    mix(b, ["ricotta", "mozzarella", "Parmesan"] if b.p(0.5) else ["cheese", "egg and seasonings"])
    vessel = b.c(_SLOW) if slowc else b.c(["9x13-inch pan", "13 x 9 inch baking dish", "greased 9x13 pan", "lasagna pan"])
    b.add(b.c([f"In a {vessel}, layer noodles, sauce and cheese mixture; repeat layers, ending with sauce.",
               f"Spread a little sauce in bottom of {vessel}. Layer half the noodles, half the cheese mixture and half the sauce; repeat.",
               f"Layer in {vessel}: sauce, noodles, cheese, sauce. Repeat and top with mozzarella.",
               f"Assemble in {vessel} in 3 layers of noodles, filling and sauce."]))
    if slowc:
        slow(b, ((4, 6), (4, 5), 5, (5, 6)))
    else:
        v = b.c([350, 350, 375])
        if b.p(0.5):
            preheat(b, v)
            v = None
        if b.p(0.4):
            bake(b, [30, 25, 40], "bubbly", v, covered=True)
            t = b.tc([10, 15, (10, 15)])
            b.add(b.c([f"Uncover and bake {t} more.", f"Remove foil; bake {t} longer, until cheese is browned."]), app="oven")
        else:
            bake(b, [45, 60, (45, 50), (50, 60), (40, 45)], "bubbly", v, covered=b.c([None, True]))
        if b.p(0.6):
            t = b.tc([10, 15, (10, 15), 5])
            b.add(b.c([f"Let stand {t} before cutting.", f"Let rest {t} before serving.", f"Cool {t}, then cut into squares."]))
    _finish(b, SERVES_MAIN + ["Serves 8 to 10.", "Serves 12."])


def m_enchiladas(b: _B):
    fill = b.w({"chicken": 4, "beef": 3, "cheese": 2, "bean": 2, "shrimp": 1})
    sauce = b.w({"red": 3, "cream": 2, "green": 1})
    core = b.c({"chicken": ["Chicken Enchiladas", "Chicken Enchiladas", "Sour Cream Chicken Enchiladas" if sauce == "cream" else "Green Chile Chicken Enchiladas"],
                "beef": ["Beef Enchiladas", "Ground Beef Enchiladas", "Enchiladas"],
                "cheese": ["Cheese Enchiladas", "Enchiladas con Queso"], "bean": ["Black Bean Enchiladas", "Bean and Cheese Enchiladas"],
                "shrimp": ["Shrimp Enchiladas", "Seafood Enchiladas"]}[fill])
    b.title = _style_title(b, core)
    b.ing(b.c(["[8|10|12] [corn|flour] tortillas", "1 pkg. [6-inch |8-inch |]flour tortillas", "12 corn tortillas"]))
    raw_beef = False
    if fill == "chicken":
        b.ing(("[2|3] c. [cooked chicken|cooked chicken breast|chopped cooked chicken][, shredded|, diced|]", "chicken", "m"))
    elif fill == "beef":
        b.ing(("[1|1 1/2] lb. [ground beef|lean ground beef|hamburger]", "beef", "m"))
        raw_beef = True
    elif fill == "bean":
        b.ing("1 (15 oz.) can black beans, rinsed and drained" if b.p(0.6) else "1 (16 oz.) can refried beans")
    elif fill == "shrimp":
        b.ing(("1 lb. [cooked |]shrimp, [chopped|peeled]", "shrimp", "f"))
    b.ing(ONION if b.p(0.7) else AROMATICS[6])
    b.ing(b.c({"red": ["1 (10 oz.) can enchilada sauce", "2 (10 oz.) cans red enchilada sauce", "1 (19 oz.) can Old El Paso enchilada sauce"],
               "cream": ["1 c. sour cream"], "green": ["1 (16 oz.) jar salsa verde", "2 (4 oz.) cans chopped green chilies"]}[sauce]))
    if sauce == "cream":
        b.ing(b.c(SOUP_MEAT + SOUP_VEG))
    b.ing(b.c(["[2|3] c. shredded Cheddar cheese", "2 c. shredded Monterey Jack cheese", "8 oz. Mexican blend cheese, shredded"]))
    if b.p(0.4):
        b.ings_from(SEASONINGS[8:11], 2)
    if raw_beef:
        brown(b, b.c(["beef and onion", "ground beef with onion", "meat"]))
    elif b.p(0.3):
        saute(b, ["onion"])
    else:
        mix(b, [fill if fill not in ("bean", "cheese") else "beans" if fill == "bean" else "half the cheese", "onion", "half the sauce" if sauce != "cream" else "sour cream"])
    soft = b.w({"no": 5, "oil": 2, "mw": 1})
    if soft == "oil":
        b.add(b.c(["Soften tortillas one at a time in hot oil in a skillet.", "Dip each tortilla in hot oil in a small frying pan to soften."]), extra=3, app="stove")
    elif soft == "mw":
        b.add(b.c(["Wrap tortillas in damp paper towels and microwave 30 seconds to soften.", "Warm tortillas in the microwave until pliable."]), extra=1, app="microwave")
    b.add(b.c(["Spoon filling onto each tortilla; roll up and place seam side down in a greased 9x13-inch dish.",
               "Fill tortillas, roll up and arrange in a baking dish.", "Place some filling down the center of each tortilla, roll and lay in pan."]))
    b.add(b.c(["Pour remaining sauce over top and sprinkle with cheese.", "Cover with sauce; top with cheese.", "Top with the rest of the sauce and the cheese."]))
    bake(b, [(15, 20), 20, (20, 25), 25, (25, 30), (35, 40), 40, 45], b.c(["bubbly", "hot and bubbly", "cheese is melted"]),
         b.temp((350, 350, 375)), covered=b.c([None, None, True]))
    _finish(b, SERVES_MAIN, serve_lines=["Serve with sour cream and salsa.", "Garnish with sliced olives and green onions.",
                                         "Top with shredded lettuce and chopped tomato."], serve_p=0.4)


def m_pizza(b: _B):
    top = b.w({"pepperoni": 3, "sausage": 2, "hawaiian": 1, "veggie": 2, "margherita": 1, "bbq": 1, "taco": 1, "shrimp": 1, "cheese": 1})
    crust = b.w({"yeast": 2, "bisquick": 1, "bought": 3, "muffin": 1, "french": 1})
    meth = "oven"
    if crust == "bought" and b.p(0.25):
        meth = "grill"
    elif crust == "muffin" and b.p(0.6):
        meth = b.c(["air", "mw"])
    names = {"pepperoni": ["Pepperoni Pizza", "Pepperoni Pizza"], "sausage": ["Sausage Pizza", "Italian Sausage Pizza", "Sausage and Mushroom Pizza"],
             "hawaiian": ["Hawaiian Pizza", "Ham and Pineapple Pizza"], "veggie": ["Veggie Pizza", "Vegetable Pizza", "Garden Pizza"],
             "margherita": ["Margherita Pizza", "Tomato Basil Pizza", "Pizza Margherita"], "bbq": ["BBQ Chicken Pizza", "Barbecue Chicken Pizza"],
             "taco": ["Taco Pizza", "Mexican Pizza"], "shrimp": ["Shrimp Pizza", "Garlic Shrimp Pizza", "White Pizza with Shrimp"],
             "cheese": ["Cheese Pizza", "Three Cheese Pizza", "Homemade Pizza"]}[top]
    core = b.c(names)
    if crust == "muffin":
        core = b.c([core.replace("Pizza", "English Muffin Pizzas"), "Mini " + core.replace("Pizza", "Pizzas"), core.replace("Pizza", "Pizza Muffins")])
    elif crust == "french":
        core = "French Bread " + core if "Pizza" in core[-5:] else core
    pre = {"grill": "Grilled", "air": "Air Fryer", "mw": "Microwave"}.get(meth)
    if pre:
        core = f"{pre} {core}"
    b.title = _style_title(b, core)
    if crust == "yeast":
        b.ing("1 pkg. [dry |active dry |]yeast")
        b.ing("1 c. warm water")
        b.ing("[2 1/2|3] c. flour")
        b.ing("2 Tbsp. olive oil")
    elif crust == "bisquick":
        b.ing("[2|3] c. Bisquick")
        b.ing("[1/2|2/3] c. [milk|water]")
    elif crust == "bought":
        b.ing(b.c(["1 (12-inch) prepared pizza crust", "1 Boboli crust", "1 (13.8 oz.) can refrigerated pizza dough", "1 [large |]pre-baked pizza shell"]))
    elif crust == "muffin":
        b.ing("[4|6] English muffins, split")
    else:
        b.ing("1 loaf French bread, split lengthwise")
    b.ing(b.c(["1 (8 oz.) can pizza sauce", "1 c. pizza sauce", "1/2 c. [spaghetti|pizza] sauce"]) if top not in ("bbq", "shrimp") else
          "1/2 c. barbecue sauce" if top == "bbq" else "1/4 c. olive oil")
    b.ing("[2|3] c. shredded mozzarella cheese")
    raw = None
    tops = {"pepperoni": [("1 (3 1/2 oz.) pkg. sliced pepperoni", "pepperoni", "m")], "sausage": [("1/2 lb. Italian sausage", "sausage", "m"), AROMATICS[5]],
            "hawaiian": [("1 c. diced ham", "ham", "m"), "1 (8 oz.) can pineapple tidbits, drained"],
            "veggie": [AROMATICS[2], AROMATICS[5], "1 (2 1/4 oz.) can sliced ripe olives", ONION],
            "margherita": ["2 tomatoes, sliced", "1/4 c. fresh basil leaves"], "bbq": [("1 c. cooked chicken, shredded", "chicken", "m"), "1/2 red onion, sliced"],
            "taco": [("1 lb. ground beef", "beef", "m"), "1 env. taco seasoning mix", "1 c. shredded lettuce"],
            "shrimp": [("1/2 lb. cooked shrimp", "shrimp", "f"), GARLIC], "cheese": ["1 c. shredded provolone cheese", "1/4 c. grated Parmesan cheese"]}[top]
    for t in tops:
        b.ing(t)
    if top in ("sausage", "taco") and meth != "mw":
        raw = "sausage" if top == "sausage" else "ground beef"
    if b.p(0.3):
        b.ings_from(SEASONINGS[5:9], 1)
    if crust == "yeast":
        b.add(b.c(["Dissolve yeast in warm water. Stir in flour and oil; knead until smooth.",
                   "Combine yeast and warm water; let stand 5 minutes. Add flour and oil and knead 5 minutes."]))
        rise(b)
        b.add(b.c(["Punch down and press into a greased pizza pan.", "Roll dough out to fit a 14-inch pizza pan."]))
    elif crust == "bisquick":
        b.add(b.c(["Mix Bisquick and milk until soft dough forms; pat into a greased 12-inch pizza pan.",
                   "Stir Bisquick and water together; press dough into pan with floured hands."]))
    if raw:
        brown(b, raw)
    b.add(b.c(["Spread sauce over crust.", "Spread pizza sauce evenly over dough.", "Spread sauce on crust to within 1/2 inch of edge.",
               "Top each muffin half with sauce." if crust == "muffin" else "Brush crust with sauce."]))
    b.add(b.c(["Arrange toppings over sauce and sprinkle with cheese.", "Layer toppings; top with mozzarella.",
               "Sprinkle with cheese and add toppings.", "Top with cheese and remaining ingredients."]))
    if meth == "oven":
        v = b.c([400, 425, 425, 450, 475])
        if b.p(0.5):
            preheat(b, v)
            v = None
        bake(b, [(12, 15), 15, (10, 12), (15, 20), 20, (18, 20), 10], b.c(["crust is golden", "cheese is bubbly", "cheese melts"]), v)
    elif meth == "grill":
        grill(b, "crust", [(2, 3), 3], "cheese melts")
    elif meth == "air":
        airfry(b, "pizzas", [(4, 5), 5, (5, 6), (6, 8)], d="cheese is melted")
    else:
        mw(b, "pizzas", [1, (1, 2), 2], d="cheese melts")
    _finish(b, ["Serves 4.", "Makes 1 (14-inch) pizza.", "Serves 4 to 6.", "Makes 8 slices.", "Serves 2 to 3."])


def m_quiche(b: _B):
    fill = b.w({"lorraine": 2, "ham": 2, "spinach": 2, "broccoli": 2, "crab": 1, "sausage": 1, "mushroom": 1})
    core = b.c({"lorraine": ["Quiche Lorraine", "Bacon Quiche", "Bacon and Swiss Quiche"], "ham": ["Ham and Cheese Quiche", "Ham Quiche"],
                "spinach": ["Spinach Quiche", "Spinach and Feta Quiche"], "broccoli": ["Broccoli Quiche", "Broccoli Cheddar Quiche"],
                "crab": ["Crab Quiche", "Crabmeat Quiche", "Seafood Quiche"], "sausage": ["Sausage Quiche", "Sausage and Cheese Quiche"],
                "mushroom": ["Mushroom Quiche", "Mushroom and Onion Quiche"]}[fill])
    crustless = b.p(0.2)
    if crustless:
        core = "Crustless " + core
    b.title = _style_title(b, core)
    if not crustless:
        b.ing(b.c(["1 (9-inch) unbaked pie shell", "1 unbaked 9\" pie crust", "1 refrigerated pie crust", "pastry for 1 (9-inch) pie"]))
    meat = {"lorraine": b.c([("[6|8|10] slices bacon", "bacon", "m"), ("1/2 c. bacon bits", "bacon", "m")]), "ham": ("1 c. diced [cooked |]ham", "ham", "m"),
            "sausage": ("1/2 lb. [bulk |pork |]sausage", "sausage", "m"), "crab": ("[1|1 1/2] c. [crabmeat|imitation crab], flaked", "crab", "f"),
            "spinach": ("1 (10 oz.) pkg. frozen chopped spinach, thawed and drained", "spinach", ""),
            "broccoli": ("1 (10 oz.) pkg. frozen chopped broccoli, thawed", "broccoli", ""), "mushroom": ("[1|2] c. sliced mushrooms", "mushrooms", "")}[fill]
    name = b.ing(meat)
    b.ing(b.c(["1 c. shredded Swiss cheese", "1 1/2 c. shredded Cheddar cheese", "1/2 c. crumbled feta cheese", "1 c. grated Gruyere"]))
    b.ing("[3|4|5] eggs")
    b.ing(b.c(["1 1/2 c. half-and-half", "1 c. milk", "1 1/2 c. light cream", "1 c. heavy cream"]))
    b.ing(b.c(["1/4 tsp. salt", "1/8 tsp. nutmeg", "dash of cayenne pepper", "1/4 tsp. pepper"]))
    if b.p(0.5):
        b.ing(b.c([ONION, AROMATICS[6]]))
    v = b.c([350, 375, 400, 425])
    if b.p(0.6):
        preheat(b, v)
        v = None
    if fill == "lorraine" and "slices" in meat[0]:
        b.add(b.c(["Fry bacon in a skillet until crisp; drain and crumble.", "Cook bacon in a skillet until crisp, drain on paper towels and crumble.",
                   "In a skillet, fry bacon until crisp; crumble."]), extra=8, app="stove")
    elif fill == "sausage":
        brown(b, "sausage")
    elif fill == "mushroom" and b.p(0.6):
        saute(b, ["mushrooms", "onion"] if len(b.ings) > 5 else ["mushrooms"])
    b.add(b.c([f"Sprinkle {name} and cheese over bottom of pie shell." if not crustless else f"Sprinkle {name} and cheese in a greased pie plate.",
               f"Layer {name} and cheese in {'crust' if not crustless else 'a buttered 9-inch pie plate'}."]))
    b.add(b.c(["Beat eggs, cream and seasonings; pour over cheese.", "Whisk eggs with milk and seasonings and pour into shell." if not crustless else "Whisk eggs with milk and seasonings and pour over filling.",
               "Beat together eggs, milk, salt and nutmeg. Pour over filling."]))
    bake(b, [(35, 40), 40, 45, (40, 45), (45, 50), (35, 45)], b.c(["a knife inserted near center comes out clean", "set", "puffed and golden"]), v)
    if b.p(0.6):
        t = b.tc([5, 10, (10, 15)])
        b.add(b.c([f"Let stand {t} before cutting.", f"Cool {t} before serving."]))
    _finish(b, ["Serves 6.", "Makes 6 servings.", "Serves 6 to 8.", "Serves 4 to 6.", "Yield: 1 (9-inch) quiche."])


def m_peppers(b: _B):
    fill = b.w({"beef": 4, "sausage": 1, "turkey": 1, "veg": 2, "rice_raw_beef": 2})
    meth = b.w({"oven": 6, "slow": 2, "mw": 1})
    core = b.c(["Stuffed Peppers", "Stuffed Green Peppers", "Stuffed Bell Peppers"])
    if fill == "veg":
        core = b.c(["Vegetarian Stuffed Peppers", "Black Bean Stuffed Peppers", "Rice and Bean Stuffed Peppers", "Meatless Stuffed Peppers"])
    elif b.p(0.3):
        core = b.c(["Mexican", "Italian", "Cajun"]) + " " + core
    if meth != "oven" and b.p(0.6):
        core = {"slow": b.c(["Crock-Pot", "Slow Cooker"]), "mw": "Microwave"}[meth] + " " + core
    b.title = _style_title(b, core)
    b.ing("[4|6] [large |medium |]green peppers")
    raw = False
    if fill in ("beef", "rice_raw_beef"):
        b.ing(("[1|1 1/2] lb. [ground beef|lean ground beef|ground chuck]", "beef", "m"))
        raw = fill == "beef"
    elif fill == "sausage":
        b.ing(("1 lb. Italian sausage", "sausage", "m"))
        raw = True
    elif fill == "turkey":
        b.ing(("1 lb. ground turkey", "turkey", "m"))
        raw = True
    else:
        b.ing("1 (15 oz.) can black beans, drained")
        b.ing("1 c. frozen corn")
    b.ing(b.c(["1 c. cooked rice", "1 1/2 c. cooked rice", "1/2 c. uncooked [instant |]rice", "1 c. cooked brown rice"]))
    b.ing(ONION)
    b.ing(b.c(SAUCE_JAR[:3] + [("1 (15 oz.) can tomato sauce", "tomato sauce", ""), ("1 (10 3/4 oz.) can tomato soup", "soup", "")]))
    cheesy = b.p(0.6)
    if cheesy:
        b.ing(CHEESES[b.c([0, 1, 4])])
    b.ings_from(SEASONINGS[:6], b.c([1, 2]))
    b.add(b.c(["Cut tops off peppers and remove seeds.", "Slice peppers in half lengthwise; remove seeds and membranes.", "Core and seed the peppers."]))
    if meth == "oven" and b.p(0.45):
        t = b.tc([3, 5, (3, 5), (4, 5)])
        b.add(b.c([f"Cook peppers in boiling salted water {t}; drain.", f"Parboil peppers {t}; drain upside down.",
                   f"Blanch peppers in a large pot of boiling water for {t}."]), app="stove")
    if raw and meth != "slow":
        brown(b, b.c(["meat and onion", "meat", "beef with onion"]) if fill != "sausage" else "sausage")
    b.add(b.c(["Combine meat, rice, onion and half the sauce." if fill != "veg" else "Combine beans, corn, rice, onion and half the sauce.",
               "Mix filling ingredients with half of the sauce.", "Stir together rice, seasonings and half the tomato sauce with the filling."]))
    b.add(b.c(["Stuff peppers with mixture.", "Fill peppers with the rice mixture.", "Spoon filling into peppers."]))
    if meth == "oven":
        b.add(b.c(["Stand peppers upright in a baking dish; pour remaining sauce over.", "Place in a greased casserole and top with remaining sauce."]))
        bake(b, [45, 60, (45, 60), (50, 60), 50, (60, 75)], b.c(["peppers are tender", "tender"]), b.temp((350, 350, 375)), covered=b.c([None, True]))
    elif meth == "slow":
        b.add(f"Place peppers in {b.c(_SLOW)}; pour remaining sauce over.")
        slow(b, ((6, 8), (5, 6), 6, (4, 6)))
    else:
        b.add("Arrange in a microwave-safe dish; pour remaining sauce over and cover with plastic wrap.")
        mw(b, "peppers", [(10, 12), 12, (12, 15), 15], d="peppers are tender")
        stand_short(b)
    if cheesy and b.p(0.5):
        b.add(b.c(["Top with cheese before serving.", "Sprinkle with cheese and let melt."]))
    _finish(b, SERVES_MAIN)


def m_pasta(b: _B):
    kind = b.w({"meatsauce": 3, "marinara": 2, "meatballs": 2, "alfredo": 3, "primavera": 2, "scampi": 2, "ziti": 2, "clam": 1, "chilimac": 1})
    pasta = b.c(["spaghetti", "linguine", "fettuccine", "penne", "angel hair pasta", "rigatoni", "egg noodles", "rotini"])
    if kind in ("meatsauce", "marinara", "meatballs", "clam", "scampi"):
        pasta = b.c(["spaghetti", "spaghetti", "linguine", "angel hair pasta", "thin spaghetti"])
    if kind == "ziti":
        pasta = b.c(["ziti", "penne", "mostaccioli", "rigatoni"])
    if kind == "chilimac":
        pasta = "elbow macaroni"
    alf_p = b.w({"none": 2, "chicken": 3, "shrimp": 2, "broccoli": 1})
    core = {
        "meatsauce": b.c(["Spaghetti with Meat Sauce", "Spaghetti and Meat Sauce", "Spaghetti Bolognese", "Italian Spaghetti", "Spaghetti"]),
        "marinara": b.c(["Spaghetti Marinara", f"{_cap(pasta)} Marinara", "Pasta with Tomato Sauce", "Pasta Pomodoro", "Meatless Spaghetti"]),
        "meatballs": b.c(["Spaghetti and Meatballs", "Spaghetti with Meatballs", "Meatballs and Spaghetti"]),
        "alfredo": {"none": b.c(["Fettuccine Alfredo", "Pasta Alfredo"]), "chicken": b.c(["Chicken Alfredo", "Chicken Fettuccine Alfredo", "Chicken Fettuccine"]),
                    "shrimp": b.c(["Shrimp Alfredo", "Shrimp Fettuccine", "Shrimp Fettuccine Alfredo"]), "broccoli": b.c(["Broccoli Alfredo", "Fettuccine with Broccoli"])}[alf_p],
        "primavera": b.c(["Pasta Primavera", "Garden Pasta", "Vegetable Pasta", "Linguine Primavera"]),
        "scampi": b.c(["Shrimp Scampi", "Linguine with Shrimp", "Garlic Shrimp Pasta", "Shrimp Scampi with Linguine"]),
        "ziti": b.c(["Baked Ziti", "Baked Ziti with Sausage", "Baked Penne", "Baked Mostaccioli", "Cheesy Baked Ziti"]),
        "clam": b.c(["Linguine with Clam Sauce", "Spaghetti with White Clam Sauce", "Clam Linguine"]),
        "chilimac": b.c(["Chili Mac", "Chili Macaroni", "Skillet Chili Mac"]),
    }[kind]
    b.title = _style_title(b, core)
    b.ing(f"[8 oz.|12 oz.|1 lb.|1 (16 oz.) pkg.] {pasta}")
    if kind in ("meatsauce", "chilimac"):
        b.ing(("[1|1 1/2|2] lb. [ground beef|ground chuck|hamburger|lean ground beef]", "beef", "m"))
    if kind == "ziti" and "Sausage" in core:
        b.ing(("1 lb. Italian sausage", "sausage", "m"))
    if kind == "meatballs":
        if b.p(0.5):
            b.ing(("1 (2 lb.) bag frozen [Italian |]meatballs", "meatballs", "m"))
        else:
            b.ing(("1 lb. ground beef", "beef", "m"))
            b.ing("1/2 c. [dry |Italian |]bread crumbs")
            b.ing("1 egg")
    if kind == "alfredo":
        if alf_p == "chicken":
            b.ing(b.c([("[2|3] boneless chicken breasts, cut in strips", "chicken", "m"), ("2 c. cooked chicken, cubed", "chicken", "m")]))
        elif alf_p == "shrimp":
            b.ing(("1 lb. [medium |]shrimp, peeled", "shrimp", "f"))
        else:
            b.ing(VEG[1])
    if kind == "scampi":
        b.ing(("[1|1 1/2] lb. [large |]shrimp, [peeled and deveined|shelled]", "shrimp", "f"))
    if kind == "clam":
        b.ing(("2 (6 1/2 oz.) cans [minced |chopped |]clams", "clams", "f"))
    if kind in ("meatsauce", "marinara", "meatballs", "ziti", "chilimac"):
        b.ing(b.c(SAUCE_JAR) if kind != "chilimac" else "1 (15 oz.) can chili beans")
        if b.p(0.6):
            b.ing(ONION)
        b.ings_from(SEASONINGS[6:12], b.c([1, 2, 3]))
    if kind in ("alfredo",):
        b.ing("[1/2 c.|1 stick] butter")
        b.ing("1 [1/2 |]c. heavy cream")
        b.ing("[1|3/4] c. grated Parmesan cheese")
    if kind in ("scampi", "clam", "primavera"):
        b.ing("[1/4|1/3] c. olive oil")
        b.ing(GARLIC)
        if kind == "primavera":
            b.ings_from(VEG[:2] + AROMATICS[2:6] + [VEG[6]], 3)
            b.ing("[1/2|1] c. " + b.c(["vegetable broth", "chicken broth", "white wine", "half-and-half"]))
            if "chicken broth" in b.ings[-1]:
                b.meat = True
        else:
            b.ing("[1/4|1/2] c. [dry white wine|clam juice|lemon juice]")
        b.ing("[2 Tbsp.|1/4 c.] chopped parsley")
    if kind in ("ziti", "chilimac"):
        b.ing(CHEESES[b.c([0, 1, 2])])
        if kind == "ziti":
            b.ing("1 c. ricotta cheese")
    # directions
    if kind == "meatballs" and "frozen" not in b.ings[1]:
        mix(b, ["beef", "bread crumbs", "egg"])
        b.add(b.c(["Shape into 1-inch balls.", "Form mixture into 16 meatballs.", "Roll into small balls."]))
        brown(b, "meatballs", drain=True)
    if kind in ("meatsauce", "chilimac"):
        brown(b, b.c(["beef", "beef and onion", "ground beef"]))
    if kind == "ziti" and "Sausage" in core:
        brown(b, "sausage")
    if kind in ("meatsauce", "marinara", "meatballs"):
        b.add(b.c(["Add sauce and seasonings.", "Stir in spaghetti sauce and seasonings.", "Add the sauce; mix well."]))
        simmer(b, SHORT[6:] + [15, 20] if b.p(0.55) else [45, 60, (60, 90), 120, (90, 120), (45, 60)], d="flavors are blended")
        boil_pasta(b, pasta)
        serve(b, base=False) if b.p(0.4) else b.add(b.c([f"Serve sauce over {pasta}.", f"Spoon sauce over hot {pasta}; sprinkle with Parmesan.",
                                                        f"Toss {pasta} with the sauce and serve."]))
    elif kind == "chilimac":
        boil_pasta(b, "macaroni")
        b.add("Stir macaroni, chili beans and sauce into the beef.")
        simmer(b, SHORT[4:] if b.p(0.6) else LONG[:6], d="heated through", lead=False)
        b.add(b.c(["Top with cheese and serve.", "Sprinkle with cheese; cover until melted."]))
    elif kind == "alfredo":
        boil_pasta(b, pasta)
        if alf_p == "chicken" and "strips" in b.ings[1]:
            t = b.tc([5, 6, (5, 7), (6, 8)])
            b.add(b.c([f"Saute chicken in a little butter {t} until no longer pink.", f"Cook chicken strips in a skillet {t}; set aside."]), app="stove")
        elif alf_p == "shrimp":
            t = b.tc([3, (2, 3), (3, 4)])
            b.add(b.c([f"Saute shrimp in butter {t} until pink; remove.", f"Cook shrimp in a skillet {t}, until pink."]), app="stove")
        elif alf_p == "broccoli" and b.p(0.6):
            t = b.tc([3, 4, 5, (3, 4)])
            b.add(f"Steam broccoli in a covered saucepan {t}; drain.", app="stove")
        t = b.tc(TINY)
        b.add(b.c([f"Melt butter in a saucepan; add cream and simmer {t}.", f"In a large skillet heat butter and cream over medium heat {t}.",
                   f"Heat butter and cream in a saucepan over low heat {t}, stirring."]), app="stove")
        b.add(b.c(["Stir in Parmesan until melted.", "Whisk in the cheese until smooth.", "Add cheese; stir until sauce thickens."]))
        b.add(b.c([f"Toss with {pasta}{' and ' + alf_p if alf_p != 'none' else ''}.", f"Add {pasta}{' and ' + alf_p if alf_p != 'none' else ''}; toss to coat.",
                   f"Pour sauce over {pasta} and toss gently."]))
    elif kind in ("scampi", "clam", "primavera"):
        boil_pasta(b, pasta)
        t = b.tc(TINY)
        b.add(b.c([f"Heat oil in a large skillet; saute garlic {t}.", f"In a skillet over medium heat, cook garlic in olive oil {t}."]), app="stove")
        main = {"scampi": "shrimp", "clam": "clams with their juice", "primavera": "vegetables"}[kind]
        t = b.tc([2, 3, 4, 5, (3, 4), (4, 5), (5, 7)])
        b.add(b.c([f"Add {main} and cook {t}.", f"Stir in {main}; cook {t}, stirring.", f"Add {main} and liquid; simmer {t}."]), app="stove")
        b.add(b.c([f"Toss with {pasta} and parsley.", f"Pour over {pasta} and toss.", f"Add {pasta}; toss and serve."]))
    elif kind == "ziti":
        boil_pasta(b, pasta)
        mix(b, [pasta, "sauce", "ricotta", "half the cheese"])
        b.add(b.c(["Spoon into a greased 9x13-inch baking dish; top with remaining cheese.", "Transfer to a 3-qt. casserole and sprinkle with cheese."]))
        bake(b, [(25, 30), 30, (30, 35), 20, 40, 45], "bubbly", b.temp((350, 375)), covered=b.c([None, False]))
    _finish(b, SERVES_MAIN)


def m_stirfry(b: _B):
    prot = b.w({"chicken": 4, "beef": 3, "pork": 1, "shrimp": 2, "tofu": 2})
    entry = {"chicken": ("[1|1 1/2] lb. boneless chicken [breasts|thighs], cut in [strips|cubes|1-inch pieces]", "chicken", "m"),
             "beef": ("[1|1 1/2] lb. [flank|sirloin|round] steak, sliced thin", "beef", "m"),
             "pork": ("1 lb. [boneless pork|pork tenderloin], cut in strips", "pork", "m"),
             "shrimp": ("1 lb. [large |medium |]shrimp, peeled and deveined", "shrimp", "f"),
             "tofu": ("1 (14 oz.) pkg. firm tofu, cubed", "tofu", "")}[prot]
    P = {"chicken": "Chicken", "beef": "Beef", "pork": "Pork", "shrimp": "Shrimp", "tofu": "Tofu"}[prot]
    noodle = b.p(0.2)
    core = b.c([f"{P} Stir-Fry", f"{P} Stir Fry", f"{P} and Broccoli", f"Kung Pao {P}", f"Szechuan {P}", f"Cashew {P}", f"{P} with Snow Peas",
                f"Garlic {P} Stir-Fry", f"Orange {P} Stir-Fry", f"{P} Chow Mein", "Moo Goo Gai Pan" if prot == "chicken" else f"Pepper {P}"])
    if noodle:
        core = b.c([f"{P} Lo Mein", f"{P} Noodle Stir-Fry", f"Sesame Noodles with {P}"])
    fried_rice = not noodle and b.p(0.15)
    if fried_rice:
        core = f"{P} Fried Rice"
    b.title = _style_title(b, core)
    b.ing(entry)
    vegs = b.ings_from([VEG[1], ("1 c. snow peas", "snow peas", ""), AROMATICS[2], AROMATICS[4], ("1 (8 oz.) can sliced water chestnuts, drained", "water chestnuts", ""),
                        ("2 c. sliced bok choy", "bok choy", ""), AROMATICS[5], AROMATICS[6], ("1 c. bean sprouts", "bean sprouts", ""), AROMATICS[3]], b.c([2, 3, 4]))
    sauce = [b.ing(("[2 Tbsp.|3 Tbsp.|1/4 c.] soy sauce", "soy sauce", "")), b.ing(b.c(["1 Tbsp. cornstarch", "2 tsp. cornstarch"]))]
    extra = b.c([("2 Tbsp. oyster sauce", "oyster sauce", ""), ("2 Tbsp. hoisin sauce", "hoisin sauce", ""), ("1/2 c. chicken broth", "broth", "m"),
                 ("1/2 c. [water|vegetable broth]", "broth", ""), ("1 tsp. sesame oil", "sesame oil", ""), ("1 Tbsp. fish sauce", "fish sauce", ""),
                 ("1/4 c. orange juice", "orange juice", ""), ("1/2 tsp. red pepper flakes", "red pepper flakes", "")])
    sauce.append(b.ing(extra))
    b.ing(b.c([GARLIC, "1 Tbsp. [grated fresh |minced |]ginger", "2 Tbsp. [vegetable |peanut |]oil"]))
    if "Cashew" in core or "Kung Pao" in core:
        b.ing("1/2 c. [roasted |dry-roasted |]cashews" if "Cashew" in core else "1/2 c. dry-roasted peanuts")
    if noodle:
        b.ing("8 oz. [lo mein noodles|spaghetti|Chinese noodles]")
    if fried_rice:
        b.ing("[3|4] c. cold cooked rice")
        b.ing("2 eggs, beaten")
    pan = b.c(["wok", "large skillet", "wok or large skillet", "heavy skillet"])
    if b.p(0.3):
        if b.p(0.5):
            t = b.tc([10, 15, (10, 15)])
            b.add(b.c([f"Toss {prot} with 1 Tbsp. soy sauce; let stand {t}.", f"Marinate {prot} in half the soy sauce for {t}."]))
        else:
            b.add(b.c([f"Toss {prot} with half the soy sauce and cornstarch.", f"Coat {prot} with cornstarch."]))
    else:
        mix(b, sauce)
    if noodle:
        boil_pasta(b, "noodles")
    t = b.tc([3, 4, 5, (2, 3), (3, 4), (3, 5), (4, 5), (5, 6)])
    b.add(b.c([f"Heat oil in a {pan} over high heat. Stir-fry {prot} {t}; remove.", f"Stir-fry {prot} in hot oil in a {pan} {t}, until done. Set aside.",
               f"In a {pan}, cook {prot} over medium-high heat {t}; remove from pan."]), app="stove")
    t = b.tc([2, 3, 4, (2, 3), (3, 4), (3, 5)])
    b.add(b.c([f"Add {_join(vegs, b.r)}; stir-fry {t}.", f"Stir-fry vegetables {t} until crisp-tender.", f"Add vegetables to {pan} and cook {t}."]), app="stove")
    if fried_rice:
        b.add(b.c(["Push vegetables aside, scramble eggs in the pan, then add rice.", "Add rice and eggs; stir-fry until eggs are set."]))
    t = b.tc([1, 2, (1, 2), (2, 3)])
    b.add(b.c([f"Return {prot} to pan with sauce; cook {t} until thickened.", f"Stir in sauce and {prot}; cook and stir {t}.",
               f"Add sauce mixture and {prot}; bring to a boil and cook {t}, stirring."]), app="stove")
    if not (noodle or fried_rice) and b.p(0.6):
        b.add(b.c(["Serve over hot cooked rice.", "Serve with rice.", "Serve over steamed rice or noodles.", "Serve at once over rice."]))
    _finish(b, SERVES_MAIN)


def m_tacos(b: _B):
    kind = b.w({"tacos": 4, "quesadillas": 2, "fajitas": 2, "burritos": 2})
    prot = b.w({"beef": 4, "chicken": 3, "fish": 1, "shrimp": 1, "bean": 2, "pork": 1})
    if kind == "fajitas" and prot == "bean" or kind in ("quesadillas", "fajitas") and prot == "pork":
        prot = "chicken"
    P = {"beef": b.c(["Beef", "Ground Beef", "Steak"]) if kind != "tacos" else b.c(["Beef", "Ground Beef"]), "chicken": "Chicken", "fish": "Fish",
         "shrimp": "Shrimp", "bean": b.c(["Bean", "Black Bean", "Bean and Cheese"]), "pork": b.c(["Pork", "Carnitas"])}[prot]
    slowc = prot == "pork" or prot == "chicken" and kind in ("tacos", "burritos") and b.p(0.35)
    core = f"{P} {_cap(kind)}" if not (P == "Carnitas" and kind == "tacos") else "Carnitas Tacos"
    if kind == "tacos" and b.p(0.3):
        core = b.c(["Soft " + core, core, "Street " + core if prot != "bean" else core])
    if slowc and b.p(0.6):
        core = b.c(["Crock-Pot", "Slow Cooker"]) + " " + core
    b.title = _style_title(b, core)
    raw_ground = prot == "beef" and ("Steak" not in P)
    ent = {"beef": ("[1|1 1/2] lb. [ground beef|lean ground beef|hamburger]", "beef", "m") if raw_ground else ("1 1/2 lb. [flank|skirt|sirloin] steak, sliced thin", "steak", "m"),
           "chicken": ("[1 1/2|2] lb. boneless chicken [breasts|thighs]", "chicken", "m"),
           "fish": ("1 lb. [tilapia|cod|mahi mahi] fillets", "fish", "f"), "shrimp": ("1 lb. shrimp, peeled", "shrimp", "f"),
           "bean": ("1 (16 oz.) can refried beans", "beans", ""), "pork": ("[2|3] lb. [pork shoulder|boneless pork butt]", "pork", "m")}[prot]
    if prot == "chicken" and not slowc and b.p(0.4):
        ent = ("[2|3] c. cooked chicken, shredded", "chicken", "m")
    S = b.ing(ent)
    b.ing(b.c(["1 env. taco seasoning mix", "1 pkg. taco seasoning", "2 tsp. chili powder", "1 tsp. cumin"]) if kind != "fajitas" else
          b.c(["1 env. fajita seasoning", "1/4 c. lime juice", "2 Tbsp. oil"]))
    shells = {"tacos": b.c(["12 taco shells", "1 box hard taco shells", "[8|10|12] corn tortillas", "8 (6-inch) flour tortillas"]),
              "quesadillas": "[8|6] flour tortillas", "fajitas": "[8|10] flour tortillas", "burritos": "[6|8] [large |10-inch |]flour tortillas"}[kind]
    b.ing(shells)
    b.ing(b.c(["[1|2] c. shredded Cheddar cheese", "1 c. shredded Monterey Jack cheese", "1 1/2 c. Mexican blend cheese"]))
    if kind == "fajitas":
        b.ing("[1|2] [green |red |][bell |]peppers, sliced")
        b.ing("1 onion, sliced")
    if kind != "quesadillas" and b.p(0.6):
        b.ing(b.c(["shredded lettuce", "1 tomato, chopped", "salsa", "sour cream"]))
    if slowc:
        b.add(b.c([f"Place {S} in {b.c(_SLOW)}; sprinkle with seasoning and pour salsa over.", f"Put {S} in the {b.c(_SLOW)} with seasoning and 1/2 c. water."]))
        slow(b, ((6, 8), (8, 10), 8, (4, 6)))
        b.add(b.c([f"Shred {S} with two forks.", f"Remove {S}, shred and return to juices."]))
    elif prot == "beef" and raw_ground:
        brown(b, b.c(["beef", "ground beef", "meat"]))
        t = b.tc([5, 10, (5, 10), (10, 15), 15])
        b.add(b.c([f"Stir in seasoning and 3/4 c. water; simmer {t}.", f"Add taco seasoning and water; bring to a boil, then simmer {t}."]), app="stove")
    elif prot == "bean":
        if b.p(0.5):
            t = b.tc([2, 3, (2, 3)])
            b.add(b.c([f"Microwave beans with seasoning {t}, until hot.", f"Heat beans in the microwave {t}, stirring once."]), app="microwave")
        else:
            b.add(b.c(["Heat beans and seasoning in a saucepan over low heat.", "Warm beans in a small saucepan, stirring."]), extra=5, app="stove")
    elif "cooked" in b.ings[0]:
        mix(b, [S, "seasoning", "a little water"])
        if b.p(0.5):
            t = b.tc([3, 5, (3, 5)])
            b.add(f"Heat in a skillet over medium heat {t}.", app="stove")
        else:
            t = b.tc([1, 2, (1, 2)])
            b.add(f"Microwave {t} until hot.", app="microwave")
    else:
        if kind == "fajitas" and b.p(0.4):
            marinate(b, S)
        if prot in ("fish", "shrimp") and b.p(0.4):
            if b.p(0.5):
                preheat_grill(b)
            grill(b, S, [(3, 4), 3, (2, 3)], "done")
        else:
            t = b.tc([5, 6, 8, (5, 7), (6, 8), (8, 10)] if prot not in ("shrimp",) else [(2, 3), 3, (3, 4)])
            b.add(b.c([f"Cook {S} with seasoning in a hot skillet {t}, until done.", f"Saute {S} in oil over medium-high heat {t}.",
                       f"In a large skillet, cook {S} {t}, stirring often."]), app="stove")
        if kind == "fajitas":
            t = b.tc([3, 4, 5, (3, 5), (4, 5)])
            b.add(b.c([f"Saute peppers and onion in a skillet {t}.", f"Cook peppers and onion in a hot skillet {t} until crisp-tender."]), app="stove")
    if kind == "tacos":
        if "taco shells" in b.ings[2] and b.p(0.5):
            b.add(b.c(["Heat taco shells in a 350° oven 5 minutes.", "Warm taco shells in the oven as package directs.",
                       "Place shells on a baking sheet and warm in oven 5 minutes."]), extra=5, app="oven")
        b.add(b.c(["Fill shells with meat mixture and top with cheese, lettuce and tomato." if prot != "bean" else "Fill shells with beans and top with cheese and lettuce.",
                   f"Spoon {S} into tortillas; add cheese and toppings.", f"Serve {S} in shells with your favorite toppings."]))
    elif kind == "quesadillas":
        b.add(b.c([f"Sprinkle cheese and {S} over half of each tortilla; fold over.", f"Top 4 tortillas with {S} and cheese; cover with remaining tortillas."]))
        qm = b.w({"stove": 5, "air": 1, "grill": 1, "oven": 1})
        if qm == "stove":
            t = b.tc([2, 3, (2, 3), (1, 2)], mult=2)
            b.add(b.c([f"Cook in a lightly greased skillet over medium heat {t} per side, until cheese melts.",
                       f"Brown on a hot griddle {t} per side."]), app="stove")
        elif qm == "air":
            airfry(b, "quesadillas", [(5, 6), 6, (6, 8)], d="crisp")
        elif qm == "grill":
            grill(b, "quesadillas", [(1, 2), 2], "cheese melts")
        else:
            bake(b, [(8, 10), 10, (10, 12)], "cheese melts", b.c([400, 425]))
        b.add(b.c(["Cut into wedges and serve with salsa.", "Cut each into 4 wedges.", "Serve with sour cream and salsa."]))
    elif kind == "fajitas":
        b.add(b.c([f"Serve {S}, peppers and onions in warm tortillas with cheese.", "Wrap in tortillas with cheese and toppings."]))
    else:
        b.add(b.c([f"Spoon {S} down center of each tortilla; add cheese and roll up.", "Fill tortillas, fold in sides and roll up."]))
        if b.p(0.5):
            b.add("Place seam side down in a greased baking dish.")
            bake(b, [(15, 20), 20, 15, (10, 15)], "heated through", b.c([350, 375]), covered=b.c([None, True]))
    _finish(b, SERVES_MAIN)


def m_loaf(b: _B):
    kind = b.w({"meatloaf": 4, "turkey": 1, "salmon": 1, "meatballs": 2})
    meth = b.w({"oven": 6, "mw": 1, "slow": 1}) if kind != "meatballs" else b.w({"stove": 3, "oven": 2, "slow": 2})
    mb = b.c(["Swedish", "Sweet", "Porcupine", "Gravy", "BBQ"])
    core = {"meatloaf": b.c(["Meat Loaf", "Meatloaf", "Meatloaf", "Glazed Meat Loaf", "Best Meatloaf", "Meat Loaf with Tomato Glaze", "Cheeseburger Meatloaf"]),
            "turkey": b.c(["Turkey Meatloaf", "Turkey Loaf"]), "salmon": b.c(["Salmon Loaf", "Salmon Loaf", "Tuna Loaf"]),
            "meatballs": {"Swedish": "Swedish Meatballs", "Sweet": "Sweet and Sour Meatballs", "Porcupine": "Porcupine Meatballs",
                          "Gravy": b.c(["Meatballs in Gravy", "Meatballs and Gravy"]), "BBQ": b.c(["BBQ Meatballs", "Barbecued Meatballs"])}[mb]}[kind]
    if meth in ("mw", "slow") and b.p(0.6):
        core = {"mw": "Microwave", "slow": b.c(["Crock-Pot", "Slow Cooker"])}[meth] + " " + core
    b.title = _style_title(b, core)
    if kind in ("meatloaf", "meatballs"):
        b.ing(("[1 1/2|2] lb. [ground beef|lean ground beef|ground chuck|hamburger]", "beef", "m"))
        if b.p(0.25):
            b.ing(("1/2 lb. ground pork", "pork", "m"))
    elif kind == "turkey":
        b.ing(("[1|1 1/2|2] lb. ground turkey", "turkey", "m"))
    else:
        fish = "salmon" if "Salmon" in core else "tuna"
        b.ing((f"1 (15 oz.) can {fish}, drained and flaked" if fish == "salmon" else "2 (6 oz.) cans tuna, drained", fish, "f"))
    b.ing(b.c(["[1|3/4] c. [dry |]bread crumbs", "1 c. [quick |quick-cooking |]oats", "[1|1 1/2] c. crushed saltine crackers", "1/2 c. uncooked rice" if "Porcupine" in core else "1 c. soft bread crumbs"]))
    b.ing("[1 egg|2 eggs][, beaten|]")
    b.ing(b.c([ONION, AROMATICS[7]]))
    b.ing(b.c(["1/2 c. milk", "3/4 c. milk", "1/2 c. tomato juice", "1/2 c. evaporated milk"]))
    b.ings_from(SEASONINGS[:5] + [SEASONINGS[14]], b.c([1, 2, 3]))
    glaze = None
    if kind != "meatballs" and b.p(0.6):
        glaze = b.ing(b.c(["1/2 c. ketchup", "1/3 c. ketchup mixed with 2 Tbsp. brown sugar", "1 (8 oz.) can tomato sauce", "1/4 c. chili sauce"]) if kind != "salmon" else "1 can cream of celery soup")
    sauce = None
    if kind == "meatballs":
        sauce = b.ing(b.c({"Swedish": [SOUP_VEG[0], SOUP_MEAT[0], ("1 (12 oz.) jar beef gravy", "gravy", "m")],
                           "Sweet": [("1 (12 oz.) bottle chili sauce", "chili sauce", ""), ("1 (10 oz.) jar grape jelly", "jelly", "")],
                           "Porcupine": [("1 (10 3/4 oz.) can tomato soup", "soup", "")], "Gravy": [("2 c. beef broth", "broth", "m"), ("1 pkg. brown gravy mix", "gravy mix", "")],
                           "BBQ": [("1 1/2 c. barbecue sauce", "barbecue sauce", "")]}[mb]))
        if mb == "Sweet" and b.p(0.5):
            b.ing(("1 (10 oz.) jar grape jelly", "grape jelly", ""))
            sauce = "chili sauce and jelly"
    mix(b, b.c([["all ingredients except " + (glaze or "sauce") if glaze or sauce else "all ingredients"], ["meat", "crumbs", "egg", "onion and seasonings"]]))
    if kind == "meatballs":
        b.add(b.c(["Shape into 1 1/2-inch balls.", "Form into 24 meatballs.", "Roll into walnut-sized balls."]))
        if meth == "stove":
            brown(b, "meatballs", drain=True)
            b.add(b.c([f"Add {sauce} to skillet.", f"Pour {sauce} over meatballs.", f"Stir in {sauce} and a little water."]))
            simmer(b, [(15, 20), 20, 30, (30, 40), 45, (20, 25)], d="meatballs are cooked through")
        elif meth == "oven":
            v = b.temp((350, 375, 400))
            bake(b, [(15, 20), 20, (20, 25)], "browned", v)
            t = b.tc([20, 25, 30, (20, 30)])
            b.add(b.c([f"Place in a casserole, pour {sauce} over and return to oven for {t}.",
                       f"Cover with {sauce} and bake {t} longer."]), app="oven")
        else:
            b.add(f"Place meatballs in {b.c(_SLOW)}; pour {sauce} over.")
            slow(b, ((4, 6), (6, 8), 6, 5))
        if b.p(0.6):
            b.add(b.c(["Serve over noodles.", "Serve over hot buttered noodles.", "Serve over rice.", "Serve over mashed potatoes."]))
    else:
        if meth == "oven":
            v = b.temp((350, 350, 375))
            pre = b.p(0.5)
            if pre:
                preheat(b, v, b.c(["loaf pan", "9x5-inch loaf pan"]))
            b.add(b.c(["Shape into a loaf and place in a loaf pan.", "Pack into a greased 9x5-inch loaf pan.", "Form into a loaf in a shallow baking pan."]))
            if glaze:
                b.add(b.c([f"Spread {glaze} over top.", f"Top with {glaze}.", f"Pour {glaze} over the loaf."]))
            bake(b, [60, (60, 75), 75, 90, (45, 60), (50, 60), 45], b.c(["done", "no longer pink in the center", "firm"]), None if pre else v)
            if b.p(0.4):
                stand_short(b)
        elif meth == "mw":
            b.add(b.c(["Press into a glass loaf dish or 9-inch pie plate.", "Shape into a ring in a microwave-safe pie plate."]))
            if glaze:
                b.add(f"Spread {glaze} over top.")
            mw(b, "loaf", [(12, 14), (10, 12), 12, 14], d="done in center")
            t = b.tc([5, (3, 5)])
            b.add(b.c([f"Let stand {t} before slicing.", f"Cover with foil and let stand {t}."]))
        else:
            b.add(f"Shape into a loaf and place in {b.c(_SLOW)}.")
            if glaze:
                b.add(f"Spread {glaze} over top.")
            slow(b, ((6, 8), (5, 6), 7, (8, 9)))
    _finish(b, SERVES_MAIN)


def m_burgers(b: _B):
    kind = b.w({"beef": 4, "turkey": 1, "salmon": 2, "tuna": 1, "bean": 2})
    meth = b.w({"grill": 4, "stove": 4, "broil": 1, "air": 1}) if kind in ("beef", "turkey", "bean") else b.w({"stove": 4, "air": 1, "oven": 1})
    core = {"beef": b.c(["Hamburgers", "Burgers", "Cheeseburgers", "Pizza Burgers", "Best Burgers", "Mushroom Swiss Burgers", "BBQ Burgers"]),
            "turkey": b.c(["Turkey Burgers", "Turkey Burgers", "Ranch Turkey Burgers"]),
            "salmon": b.c(["Salmon Patties", "Salmon Croquettes", "Salmon Cakes", "Salmon Burgers"]),
            "tuna": b.c(["Tuna Patties", "Tuna Burgers", "Tuna Cakes"]),
            "bean": b.c(["Black Bean Burgers", "Veggie Burgers", "Bean Burgers", "Chickpea Patties"])}[kind]
    if meth in ("grill", "air") and b.p(0.5):
        core = {"grill": "Grilled", "air": "Air Fryer"}[meth] + " " + core
    b.title = _style_title(b, core)
    ent = {"beef": ("[1 1/2|2] lb. [ground beef|ground chuck|ground round]", "beef", "m"), "turkey": ("[1|1 1/4] lb. ground turkey", "turkey", "m"),
           "salmon": ("1 (14 3/4 oz.) can salmon, drained[ and flaked|]", "salmon", "f"), "tuna": ("2 (6 oz.) cans tuna, drained", "tuna", "f"),
           "bean": ("[1|2] (15 oz.) can[s|] [black beans|garbanzo beans], rinsed and drained", "beans", "")}[kind]
    S = b.ing(ent)
    if kind in ("salmon", "tuna", "bean") or b.p(0.5):
        b.ing("1 egg[, beaten|]")
        b.ing(b.c(["1/2 c. [dry |]bread crumbs", "1/2 c. cracker crumbs", "1/3 c. cornmeal", "1/2 c. [quick |]oats"]))
    b.ing(b.c([ONION, AROMATICS[6], AROMATICS[7]]))
    b.ings_from(SEASONINGS[:6] + [SEASONINGS[14]], b.c([1, 2]))
    if kind in ("beef", "turkey", "bean") and b.p(0.7):
        b.ing("[4|6] hamburger buns")
    if "Cheese" in core or "Swiss" in core or b.p(0.3):
        b.ing(b.c(["[4|6] slices American cheese", "4 slices Swiss cheese", "4 slices Cheddar cheese"]))
    if kind == "bean":
        b.add(b.c([f"Mash {S} in a bowl with a fork.", f"In a food processor, pulse {S} until coarsely chopped."]))
        mix_in(b, ["egg", "crumbs", "onion and seasonings"])
    else:
        mix(b, [S, "egg and crumbs" if "1 egg" in " ".join(b.ings) else "onion", "seasonings"])
    b.add(b.c(["Shape into [4|6] patties.".replace("[4|6]", b.c(["4", "6", "8"])), "Form into patties about 3/4 inch thick.", "Shape mixture into patties."]))
    if kind in ("bean", "salmon") and b.p(0.3):
        t = b.tc([60, (60, 120), 120])
        b.add(b.c([f"Chill patties {t} to firm up.", f"Refrigerate {t} before cooking."]))
    if meth == "grill":
        if b.p(0.5):
            preheat_grill(b)
        grill(b, "patties", [(4, 5), (5, 6), 5, (4, 6), 6] if kind != "bean" else [(3, 4), 4, (4, 5)], "done")
    elif meth == "stove":
        t = b.tc([(3, 4), (4, 5), 4, 5, (5, 6)] if kind != "beef" else [(4, 5), 5, (5, 6), 6], mult=2)
        b.add(b.c([f"Fry patties in hot oil in a skillet {t} per side, until golden brown.", f"Cook in a lightly greased skillet over medium heat {t} per side.",
                   f"Brown patties in butter in a frying pan {t} on each side."]), app="stove")
    elif meth == "broil":
        t = b.tc([(4, 5), 5, (5, 6), 6], mult=2)
        b.add(b.c([f"Broil 4 inches from heat {t} per side.", f"Place on broiler pan and broil {t} per side."]), app="oven")
    elif meth == "air":
        airfry(b, "patties", [(8, 10), 10, (10, 12), 12], d="done")
    else:
        bake(b, [(15, 20), 15, (12, 15), 20], "golden", b.c([375, 400]))
    if "cheese" in " ".join(b.ings).lower() and b.p(0.7):
        b.add(b.c(["Top each with a slice of cheese during the last minute.", "Add cheese and let melt."]))
    if any("buns" in i for i in b.ings):
        b.add(b.c(["Serve on buns with lettuce, tomato and onion.", "Serve on toasted buns.", "Place on buns with your favorite toppings."]))
    _finish(b, SERVES_MAIN)


def m_sandwich(b: _B):
    kind = b.w({"sloppy": 3, "pulled": 2, "frenchdip": 1, "tunamelt": 2, "hotham": 1, "cheesesteak": 1})
    core = {"sloppy": b.c(["Sloppy Joes", "Sloppy Joes", "Sloppy Joe Sandwiches", "Barbecued Hamburgers", "Sloppy Joes for a Crowd"]),
            "pulled": b.c(["Pulled Pork Sandwiches", "BBQ Pulled Pork", "Barbecued Pork Sandwiches", "Shredded Pork Sandwiches"]),
            "frenchdip": b.c(["French Dip Sandwiches", "Italian Beef Sandwiches", "French Dip"]), "tunamelt": b.c(["Tuna Melts", "Open-Face Tuna Melts", "Tuna Cheese Buns", "Crab Melts"]),
            "hotham": b.c(["Hot Ham and Cheese Sandwiches", "Ham and Swiss Sliders", "Baked Ham Sandwiches"]),
            "cheesesteak": b.c(["Philly Cheesesteaks", "Philly Cheese Steak Sandwiches", "Cheesesteak Sandwiches"])}[kind]
    if kind in ("pulled", "frenchdip") and b.p(0.5):
        core = b.c(["Crock-Pot", "Slow Cooker", "Crockpot"]) + " " + core
    b.title = _style_title(b, core)
    if kind == "sloppy":
        b.ing(("[1|1 1/2|2] lb. [ground beef|hamburger|ground chuck]", "beef", "m"))
        b.ing(ONION)
        b.ings_from([("1/2 c. ketchup", "ketchup", ""), ("1 (10 3/4 oz.) can chicken gumbo soup", "soup", "m"), ("1 (8 oz.) can tomato sauce", "tomato sauce", ""),
                     ("1 Tbsp. [prepared |yellow |]mustard", "mustard", ""), ("2 Tbsp. brown sugar", "brown sugar", ""), SEASONINGS[14]], b.c([2, 3]))
        b.ing("[6|8] hamburger buns")
        brown(b, "beef and onion")
        b.add(b.c(["Add remaining ingredients except buns.", "Stir in sauce ingredients.", "Add ketchup mixture; mix well."]))
        if b.p(0.25):
            b.add(f"Transfer to {b.c(_SLOW)}.")
            slow(b, ((4, 6), (3, 4), 4, (6, 8)))
        else:
            simmer(b, [10, 15, (10, 15), 20, 45, 60, (30, 45)], d="thickened")
        b.add(b.c(["Spoon onto buns.", "Serve on toasted buns.", "Serve hot on hamburger buns."]))
    elif kind in ("pulled", "frenchdip"):
        if kind == "pulled":
            b.ing(("1 ([3|4]-lb.) [pork shoulder roast|Boston butt|boneless pork roast]", "pork", "m"))
            b.ing("[1|1 1/2] c. barbecue sauce")
            b.ing(ONION)
            b.ing("[1/4|1/2] c. [cider vinegar|brown sugar|root beer|cola]")
        else:
            b.ing(("1 ([3|4] lb.) [rump roast|chuck roast|beef roast]", "beef", "m"))
            b.ing(b.c([("2 c. beef broth", "broth", "m"), ("1 can beef consomme", "consomme", "m"), ("1 env. dry onion soup mix", "soup mix", "")]))
            if not b.meat or b.p(0.5):
                b.ing(("[1|2] c. beef broth", "broth", "m"))
            b.ing("1 tsp. [garlic powder|Italian seasoning]")
        b.ing("[8|10|12] [sandwich |hoagie |kaiser |hamburger |]rolls")
        if "Crock" in core or "Slow" in core or b.p(0.6):
            b.add(b.c([f"Place meat in {b.c(_SLOW)}.", f"Put roast in a {b.c(_SLOW)} with onion.", f"Trim fat from roast and place in {b.c(_SLOW)}."]))
            b.add(b.c(["Pour sauce over meat.", "Add remaining ingredients except rolls.", "Pour broth and seasonings over roast."]))
            slow(b, ((8, 10), (10, 12), 10, (6, 8), 8))
        else:
            v = b.temp((300, 325, 325, 350))
            b.add(b.c(["Place meat in a roasting pan with sauce ingredients.", "Put roast in a covered roaster with liquid and seasonings."]))
            bake(b, [(180, 240), 240, 180, (210, 240)], "meat is very tender", v, covered=True)
        b.add(b.c(["Shred meat with two forks.", "Remove meat, shred and return to juices.", "Slice meat thinly."]))
        b.add(b.c(["Serve on rolls.", "Pile onto rolls and serve with the juices for dipping.", "Serve on buns with extra sauce."]))
    elif kind == "tunamelt":
        fish = "crab" if "Crab" in core else "tuna"
        b.ing(("2 (6 oz.) cans tuna, drained", "tuna", "f") if fish == "tuna" else ("1 (8 oz.) pkg. imitation crab, chopped", "crab", "f"))
        b.ing("[1/3|1/2] c. mayonnaise")
        b.ings_from([AROMATICS[3], ("2 Tbsp. sweet pickle relish", "relish", ""), AROMATICS[7], ("1 tsp. lemon juice", "lemon juice", "")], 2)
        b.ing(b.c(["4 English muffins, split", "4 slices bread", "6 hamburger buns, split", "4 slices rye bread"]))
        b.ing(b.c(["4 slices American cheese", "8 slices Cheddar cheese", "1 c. shredded Cheddar cheese"]))
        mix(b, [fish, "mayonnaise", "remaining filling ingredients"])
        b.add(b.c(["Spread on muffin halves and top with cheese.", "Spread mixture on bread and top each with a slice of cheese.",
                   "Spoon onto buns; top with cheese."]))
        m = b.w({"broil": 3, "oven": 2, "mw": 1, "air": 1})
        if m == "broil":
            broil(b, "cheese")
        elif m == "oven":
            bake(b, [10, (10, 12), (12, 15), 15], "cheese melts", b.c([350, 375, 400]))
        elif m == "mw":
            mw(b, "sandwiches", [1, (1, 2)], d="cheese melts")
        else:
            airfry(b, "sandwiches", [(4, 5), 5, (3, 4)], d="cheese melts")
    elif kind == "hotham":
        b.ing(("[1|1 1/2] lb. [thin-sliced |shaved |deli |]ham", "ham", "m"))
        b.ing("[8|12] slices Swiss cheese")
        b.ing("[8|12] [hamburger buns|Hawaiian rolls|dinner rolls]")
        b.ing("1/2 c. butter, melted")
        b.ing("[1|2] Tbsp. [Dijon mustard|poppy seeds|Worcestershire sauce]")
        b.add(b.c(["Fill each roll with ham and cheese.", "Layer ham and cheese on bottom halves of rolls; replace tops."]))
        b.add(b.c(["Mix butter with mustard and brush over tops.", "Stir together butter and seasonings; drizzle over sandwiches."]))
        if b.p(0.25):
            chill(b, "sandwiches")
        b.add("Wrap in foil." if b.p(0.5) else "Place in a 9x13-inch pan and cover with foil.")
        bake(b, [(15, 20), 15, 20, (10, 15)], "cheese is melted", b.c([350, 375]))
    else:
        b.ing(("1 lb. [thinly sliced |shaved |]beef [sirloin|rib-eye]", "beef", "m"))
        b.ing("1 onion, sliced")
        b.ing("1 green pepper, sliced")
        b.ing(b.c(["8 slices provolone cheese", "1/2 c. Cheez Whiz", "8 slices American cheese"]))
        b.ing("4 hoagie rolls")
        t = b.tc([5, 6, (5, 7), (4, 5)])
        b.add(b.c([f"Saute onion and pepper in oil in a large skillet {t}; push aside.", f"Cook onion and pepper in a little oil over medium-high heat {t}."]), app="stove")
        t = b.tc([2, 3, (2, 3), (3, 4)])
        b.add(b.c([f"Add beef and cook {t}, until browned.", f"Add meat to skillet; cook and stir {t}."]), app="stove")
        b.add(b.c(["Top with cheese and let melt.", "Lay cheese over meat until melted."]))
        b.add(b.c(["Spoon into rolls.", "Pile onto hoagie rolls and serve."]))
    _finish(b, SERVES_MAIN + ["Serves 10 to 12.", "Makes 8 sandwiches."])


# ---------------------------------------------------------------------------------------------
# casseroles
# ---------------------------------------------------------------------------------------------

_CAS_PROT = {
    "Chicken": [("[2|3] c. [cooked chicken|cooked chicken breast|chopped cooked chicken][, cubed|, diced|]", "chicken", "m", False),
                ("[4|6] boneless chicken breasts, cut up", "chicken", "m", True)],
    "Beef": [("[1|1 1/2|2] lb. [ground beef|hamburger|ground chuck|lean ground beef]", "beef", "m", True)],
    "Hamburger": [("[1|1 1/2] lb. [hamburger|ground beef]", "hamburger", "m", True)],
    "Tuna": [("[1|2] (6 oz.) can[s|] tuna, drained[ and flaked|]", "tuna", "f", False)],
    "Ham": [("[2|3] c. [cubed |diced |chopped ]cooked ham", "ham", "m", False)],
    "Sausage": [("1 lb. [pork |bulk |smoked |]sausage", "sausage", "m", True)],
    "Turkey": [("[2|3] c. [cubed |diced |]cooked turkey", "turkey", "m", False)],
    "Shrimp": [("1 lb. [cooked |]shrimp, peeled", "shrimp", "f", False)],
    "Crab": [("[1|2] c. [crabmeat|imitation crab meat]", "crab", "f", False)],
    "Salmon": [("1 (15 oz.) can salmon, drained and flaked", "salmon", "f", False)],
    "Pork Chop": [("[4|6] pork chops", "chops", "m", True)],
    "Chorizo": [("[1/2|1] lb. [Mexican |]chorizo[, casings removed|]", "chorizo", "m", True)],
    "Hot Dog": [("[1|1 1/2] lb. hot dogs, sliced", "hot dogs", "m", False)],
}
_CAS_STARCH = {
    "Noodle": ("[4|8] oz. [wide |medium |]egg noodles", "noodles", "raw_pasta"), "Macaroni": ("[1|2] c. [elbow |]macaroni", "macaroni", "raw_pasta"),
    "Rice": ("[2|3] c. cooked rice", "rice", ""), "Wild Rice": ("1 (6 oz.) box long grain and wild rice, cooked", "rice", ""),
    "Potato": ("[4|5|6] potatoes, [peeled and |]sliced thin", "potatoes", ""), "Tater Tot": ("1 (32 oz.) bag frozen Tater Tots", "Tater Tots", ""),
    "Hash Brown": ("1 (2 lb.) bag frozen hash browns[, thawed|]", "hash browns", ""), "Stuffing": ("1 (6 oz.) pkg. Stove Top stuffing mix", "stuffing mix", ""),
    "Biscuit": ("1 (10 oz.) can refrigerated biscuits", "biscuits", ""), "Tortilla": ("[8|10] corn tortillas, torn", "tortillas", ""),
    "Spaghetti": ("8 oz. spaghetti, broken", "spaghetti", "raw_pasta"), "Cornbread": ("1 (8 1/2 oz.) pkg. Jiffy corn muffin mix", "corn muffin mix", ""),
}
_SIDE_CAS = {
    "Green Bean Casserole": [("2 (14 1/2 oz.) cans French-style green beans, drained", "green beans", ""), ("1 can French-fried onions", "onions", "")],
    "Corn Casserole": [("1 (15 oz.) can cream-style corn", "corn", ""), ("1 (15 oz.) can whole kernel corn, drained", "corn", ""), ("1 (8 1/2 oz.) pkg. Jiffy corn muffin mix", "muffin mix", "")],
    "Broccoli Rice Casserole": [("2 (10 oz.) pkg. frozen chopped broccoli", "broccoli", ""), ("1 c. [uncooked instant|cooked] rice", "rice", ""), ("1 (8 oz.) jar Cheez Whiz", "Cheez Whiz", "")],
    "Broccoli Casserole": [("2 (10 oz.) pkg. frozen broccoli[ spears|, chopped|]", "broccoli", ""), ("1 c. mayonnaise", "mayonnaise", "")],
    "Sweet Potato Casserole": [("[3|4] c. mashed sweet potatoes", "sweet potatoes", ""), ("1/2 c. brown sugar", "brown sugar", ""), ("[1|2] c. miniature marshmallows", "marshmallows", "")],
    "Squash Casserole": [("[2|3] lb. yellow squash, sliced", "squash", ""), ("1 c. sour cream", "sour cream", "")],
    "Hash Brown Casserole": [("1 (2 lb.) pkg. frozen hash browns, thawed", "hash browns", ""), ("1 (16 oz.) carton sour cream", "sour cream", "")],
    "Cheesy Potatoes": [("1 (32 oz.) bag frozen diced potatoes", "potatoes", ""), ("1 c. sour cream", "sour cream", "")],
    "Zucchini Casserole": [("[4|5] c. sliced zucchini", "zucchini", ""), ("1 (6 oz.) pkg. Stove Top stuffing mix", "stuffing mix", "")],
    "Spinach Casserole": [("2 (10 oz.) pkg. frozen chopped spinach, thawed", "spinach", ""), ("1 (8 oz.) pkg. cream cheese, softened", "cream cheese", "")],
    "Cauliflower Casserole": [("1 head cauliflower, broken into florets", "cauliflower", ""), ("1 c. sour cream", "sour cream", "")],
    "Scalloped Corn": [("2 (15 oz.) cans cream-style corn", "corn", ""), ("2 eggs, beaten", "eggs", ""), ("1 c. cracker crumbs", "crumbs", "")],
    "Pineapple Casserole": [("2 (20 oz.) cans pineapple chunks, drained", "pineapple", ""), ("1 c. sugar", "sugar", ""), ("1 sleeve Ritz crackers, crushed", "crackers", "")],
    "Asparagus Casserole": [("2 (15 oz.) cans asparagus spears, drained", "asparagus", ""), ("2 hard-boiled eggs, sliced", "eggs", "")],
    "Eggplant Casserole": [("1 large eggplant, peeled and cubed", "eggplant", ""), ("1 egg, beaten", "egg", "")],
}


def fam_casserole(b: _B):
    b.kind = "casserole"
    meth = b.w({"oven": 80, "mw": 10, "slow": 10})
    b.main = b.p(0.62)
    if b.main and b.p(0.1):
        return _breakfast_casserole(b)
    stove_pre = []
    if b.main:
        P = b.c(list(_CAS_PROT))
        starch = b.c(list(_CAS_STARCH))
        if P == "Pork Chop":
            starch = b.c(["Rice", "Potato", "Stuffing"])
        if meth == "mw" and starch in ("Potato", "Biscuit", "Cornbread", "Tater Tot"):
            starch = "Rice"
        core = b.c([f"{P} {starch} Casserole", f"{P} and {starch} Casserole", f"{P} {starch} Hot Dish", f"{P} Casserole",
                    f"{P} and {starch} Bake" if meth == "oven" else f"{P}-{starch} Casserole", f"{P} {b.c(['Broccoli', 'Vegetable', 'Cheese', 'Mushroom', 'Corn'])} Casserole"])
        if starch == "Tater Tot" and b.p(0.5):
            core = b.c(["Tater Tot Casserole", "Tater Tot Hot Dish", "Tater Tot Hotdish"])
        if P == "Tuna" and starch == "Noodle" and b.p(0.6):
            core = "Tuna Noodle Casserole"
        if starch == "Biscuit" and b.p(0.5):
            core = f"{P} and Biscuits" if meth == "oven" else core
        tmpl, S, tag, raw = b.c(_CAS_PROT[P])
        if meth == "slow":
            raw = False if tmpl.startswith("[2|3] c.") else raw
        b.ing((tmpl, S, tag))
        st_t, ST, st_kind = _CAS_STARCH[starch]
        b.ing((st_t, ST, ""))
        if raw:
            stove_pre.append(("brown", S))
    else:
        core = b.c(list(_SIDE_CAS))
        for e in _SIDE_CAS[core]:
            b.ing(e)
        S, ST, st_kind = core.split()[0].lower(), "", ""
        if "Casserole" in core and b.p(0.2):
            core = core.replace("Casserole", b.c(["Bake", "Supreme", "Delight"]) if meth == "oven" else "Casserole")
        if "hard-boiled" in " ".join(b.ings):
            stove_pre.append(("eggs", "eggs"))
    if meth == "slow" and b.p(0.6):
        core = b.c(["Crock-Pot", "Slow Cooker", "Crockpot"]) + " " + core
    if meth == "mw" and b.p(0.6):
        core = "Microwave " + core
    b.title = _style_title(b, core)
    soup = b.ing(b.c(SOUP_MEAT + SOUP_VEG + SOUP_VEG)) if b.p(0.75) else None
    if b.p(0.6):
        b.ing(b.c(["[1/2|1] c. [milk|sour cream|mayonnaise]", "1 (8 oz.) carton sour cream", "1/2 c. milk"]))
    if b.main and b.p(0.6):
        b.ing(b.c(VEG))
    if b.p(0.5):
        b.ing(b.c(AROMATICS[:5] + [ONION, ONION]))
    if b.p(0.3 if b.main else 0.25) and "Pineapple" not in core and "Sweet Potato" not in core:
        b.ing(b.c(BACONY[:3] + BROTH_MEAT[:2] if not b.main else BROTH_MEAT[:3] + BROTH_VEG[:2]))
    if b.p(0.7):
        b.ing(b.c(CHEESES))
    top = b.ing(b.c(TOPPINGS)) if b.p(0.5) and meth != "slow" else None
    if b.p(0.3):
        b.ings_from(SEASONINGS, b.c([1, 2]))
    if b.main and st_kind == "raw_pasta":
        boil_pasta(b, ST)
    for kind, what in stove_pre:
        if kind == "brown":
            brown(b, what)
        else:
            b.add(b.c(["Hard-boil eggs in a saucepan of boiling water; cool and slice.", "Boil eggs 10 minutes; peel and slice."]), extra=12, app="stove")
    veg_here = [n for n in ("onion", "celery", "mushrooms", "pepper") if any(n in i for i in b.ings)]
    if meth == "oven" and veg_here and b.p(0.35):
        saute(b, veg_here[:2])
    if any("Stove Top" in i for i in b.ings):
        b.add(b.c(["Mix Stove Top stuffing mix with 1/2 c. hot water and melted butter.", "Toss stuffing mix with melted butter.",
                   "Combine stuffing crumbs and seasoning packet with the butter."]))
    parts = [x for x in [S if b.main else None, ST or None, soup, "remaining ingredients"] if x]
    mix(b, parts if len(parts) > 1 else ["all ingredients"])
    if meth == "oven":
        pan = b.c(_PANS)
        pre = b.p(0.5)
        v = b.temp((325, 350, 350, 350, 375, 400))
        if pre:
            preheat(b, v, pan)
        b.add(b.c([f"Pour into a greased {pan}.", f"Spread in a {pan}.", f"Turn into a buttered {pan}.", f"Place in a {pan} sprayed with Pam.",
                   f"Spoon mixture into a {pan}."]))
        if top:
            b.add(b.c([f"Sprinkle {top} over top.", f"Top with {top}.", f"Cover with {top} and dot with butter."]))
        bake(b, [20, (20, 25), 25, (25, 30), (30, 35), (35, 40), 40, 45, (45, 60), 60, (50, 60), (60, 75)], b.c(["bubbly", "hot and bubbly", "lightly browned", "golden"]),
             None if pre else v, covered=b.c([None, None, True, False]))
    elif meth == "mw":
        b.add(b.c(["Spoon into a 2-qt. microwave-safe casserole.", "Place in a glass casserole dish and cover.", "Put in a Pyrex dish; cover with waxed paper."]))
        mw(b, "casserole", [(8, 10), 10, (10, 12), 12, (12, 15)], d="hot and bubbly")
        if top:
            b.add(f"Sprinkle with {top}.")
        stand_short(b)
    else:
        b.add(b.c([f"Pour into a greased {b.c(_SLOW)}.", f"Place mixture in {b.c(_SLOW)}.", f"Transfer to a {b.c(_SLOW)}."]))
        slow(b, ((4, 6), (3, 4), 4, (6, 8), 5))
    _finish(b, SERVES_MAIN if b.main else SERVES_SIDE, note_p=0.2)


def _breakfast_casserole(b: _B):
    P = b.c(["Sausage", "Ham", "Bacon"])
    core = b.c([f"{P} Breakfast Casserole", f"Overnight {P} and Egg Casserole", f"{P} and Egg Strata", f"{P} Egg Bake", f"Christmas Morning {P} Casserole"])
    b.title = _style_title(b, core)
    ent = {"Sausage": ("1 lb. [pork |bulk |]sausage", "sausage", "m"), "Ham": ("[2|3] c. cubed ham", "ham", "m"), "Bacon": ("1 lb. bacon", "bacon", "m")}[P]
    b.ing(ent)
    b.ing(b.c(["[6|8] slices bread, cubed", "[6|8] slices white bread, crusts removed", "4 c. frozen hash browns", "2 c. croutons"]))
    b.ing("[6|8|10] eggs")
    b.ing("[2|2 1/2] c. milk")
    b.ing(b.c(CHEESES[:2] + [CHEESES[4]]))
    b.ing(b.c(["1 tsp. dry mustard", "1 tsp. salt", "1/2 tsp. pepper"]))
    if P == "Sausage":
        brown(b, "sausage")
    elif P == "Bacon":
        b.add(b.c(["Fry bacon in a skillet until crisp; drain and crumble.", "Cook bacon in a skillet until crisp; crumble."]), extra=10, app="stove")
    b.add(b.c(["Layer bread, meat and cheese in a greased 9x13-inch dish.", "Spread bread cubes in a buttered pan; top with meat and cheese."]))
    b.add(b.c(["Beat eggs with milk and seasonings; pour over all.", "Whisk eggs, milk and mustard and pour over the top."]))
    if b.p(0.7):
        chill(b)
    bake(b, [45, 60, (45, 60), (50, 60), (40, 45)], b.c(["set", "puffed and golden", "a knife inserted in center comes out clean"]), b.temp((325, 350, 350)))
    _finish(b, ["Serves 8.", "Serves 10 to 12.", "Serves 6 to 8.", "Makes 12 servings."])


# ---------------------------------------------------------------------------------------------
# soups
# ---------------------------------------------------------------------------------------------

CHICKEN_RAW = ("[1|1 1/2|2] lb. [boneless chicken breasts|chicken thighs|chicken pieces|boneless, skinless chicken breasts]", "chicken", "m")
CHICKEN_COOKED = ("[2|3] c. [cooked chicken|diced cooked chicken|shredded cooked chicken]", "chicken", "m")
STEW_BEEF = ("[1 1/2|2] lb. [beef stew meat|stew beef|chuck roast], cut in 1-inch cubes", "beef", "m")
GROUND_BEEF = ("[1|1 1/2] lb. [ground beef|hamburger|lean ground beef]", "beef", "m")

# titles, main, ingredients, broth ("meat"/"veg"/"any"/"none"), methods, flags
_SOUPS = [
    (["Chicken Noodle Soup", "Homemade Chicken Noodle Soup", "Chicken Soup", "Old-Fashioned Chicken Noodle Soup"], True,
     [CHICKEN_RAW, ("[2|3] c. [wide |]egg noodles", "noodles", ""), AROMATICS[4], AROMATICS[3]], "meat", "stove slow", "shred noodles"),
    (["Chicken and Rice Soup", "Chicken Rice Soup", "Lemon Chicken Rice Soup"], True, [CHICKEN_COOKED, ("1/2 c. uncooked rice", "rice", ""), AROMATICS[4], AROMATICS[3]], "meat", "stove slow", ""),
    (["Chicken Tortilla Soup", "Tortilla Soup", "Mexican Chicken Soup"], True,
     [CHICKEN_RAW, ("1 (15 oz.) can black beans, drained", "beans", ""), ("1 c. frozen corn", "corn", ""), VEG[9], ("tortilla chips", "chips", "")], "meat", "stove slow", "shred"),
    (["Vegetable Beef Soup", "Beef Vegetable Soup", "Hamburger Soup", "Hamburger Vegetable Soup"], True,
     [b_ for b_ in (GROUND_BEEF,)] + [VEG[5], ("[2|3] potatoes, diced", "potatoes", ""), VEG[11]], "any", "stove slow", "brown"),
    (["Beef Barley Soup", "Hearty Beef and Barley Soup"], True, [STEW_BEEF, ("1/2 c. [pearl |]barley", "barley", ""), AROMATICS[4], AROMATICS[3]], "meat", "stove slow", "brown"),
    (["Beef Stew", "Old-Fashioned Beef Stew", "Hearty Beef Stew", "Beef Stew", "Easy Beef Stew"], True,
     [STEW_BEEF, ("[4|5] potatoes, cut in chunks", "potatoes", ""), ("[4|5|6] carrots, cut in chunks", "carrots", ""), ("1/4 c. flour", "flour", "")], "any", "stove slow oven", "brown"),
    (["Irish Stew", "Lamb Stew"], True, [("[2|2 1/2] lb. lamb shoulder, cubed", "lamb", "m"), ("[4|6] potatoes, quartered", "potatoes", ""), AROMATICS[4]], "any", "stove slow oven", "brown"),
    (["Chili", "Chili con Carne", "Texas Chili", "Beef Chili", "Chili Beans", "Game Day Chili"], True,
     [GROUND_BEEF, ("[1|2] (15 oz.) can[s|] kidney beans[, drained|]", "beans", ""), VEG[11], ("[2|3] Tbsp. chili powder", "chili powder", "")], "none", "stove slow", "brown"),
    (["White Chicken Chili", "White Chili", "Chicken Chili"], True,
     [CHICKEN_COOKED, ("2 (15 oz.) cans great northern beans", "beans", ""), VEG[9], ("1 tsp. cumin", "cumin", "")], "meat", "stove slow", ""),
    (["Vegetarian Chili", "Three-Bean Chili", "Black Bean Chili", "Meatless Chili"], True,
     [("1 (15 oz.) can black beans", "beans", ""), ("1 (15 oz.) can kidney beans", "kidney beans", ""), ("1 (15 oz.) can pinto beans", "pinto beans", ""),
      VEG[11], ("2 Tbsp. chili powder", "chili powder", "")], "veg", "stove slow", ""),
    (["Clam Chowder", "New England Clam Chowder", "Manhattan Clam Chowder", "Quick Clam Chowder"], True,
     [("2 (6 1/2 oz.) cans minced clams", "clams", "f"), ("[3|4] potatoes, diced", "potatoes", ""), ONION, ("2 c. [half-and-half|milk]", "milk", "")], "none", "stove", "chowder"),
    (["Fish Chowder", "Seafood Chowder", "Salmon Chowder", "Haddock Chowder"], True,
     [("1 lb. [haddock|cod|whitefish|salmon] fillets, cut in chunks", "fish", "f"), ("[3|4] potatoes, diced", "potatoes", ""), ONION, ("2 c. milk", "milk", "")], "none", "stove", "chowder"),
    (["Shrimp Gumbo", "Seafood Gumbo", "Chicken and Sausage Gumbo", "Chicken Gumbo", "Cajun Gumbo"], True,
     [("1 lb. shrimp, peeled", "shrimp", "f"), ("1 (10 oz.) pkg. frozen okra", "okra", ""), AROMATICS[2], AROMATICS[3], ("1/3 c. flour", "flour", "")], "any", "stove", "gumbo"),
    (["Ham and Bean Soup", "Navy Bean Soup", "Bean Soup", "Senate Bean Soup", "Pinto Beans and Ham"], True,
     [("1 lb. dried [navy|great northern|pinto] beans", "beans", ""), ("1 [meaty |]ham [hock|bone]", "ham hock", "m"), ONION, AROMATICS[4]], "none", "stove slow", "soak"),
    (["Split Pea Soup", "Split Pea Soup with Ham", "Pea Soup"], True, [("1 lb. dried split peas", "split peas", ""), ("1 ham bone", "ham bone", "m"), ONION, AROMATICS[4]], "none", "stove slow", ""),
    (["Lentil Soup", "Lentil and Sausage Soup", "Hearty Lentil Soup"], True, [("[1|2] c. dried lentils, rinsed", "lentils", ""), AROMATICS[4], AROMATICS[3], VEG[11]], "any", "stove slow", ""),
    (["Black Bean Soup", "Cuban Black Bean Soup"], True, [("1 lb. dried black beans", "beans", ""), ONION, AROMATICS[2], ("1 tsp. cumin", "cumin", "")], "any", "stove slow", "soak"),
    (["Zuppa Toscana", "Sausage and Kale Soup", "Italian Sausage Soup", "Sausage Potato Soup"], True,
     [("1 lb. [Italian sausage|hot Italian sausage]", "sausage", "m"), ("[3|4] potatoes, sliced", "potatoes", ""), ("2 c. chopped kale", "kale", ""), ("1 c. heavy cream", "cream", "")], "meat", "stove slow", "brown"),
    (["Taco Soup", "Cowboy Soup", "Taco Soup"], True,
     [GROUND_BEEF, ("1 (15 oz.) can pinto beans", "beans", ""), ("1 (15 oz.) can corn", "corn", ""), ("1 env. taco seasoning", "taco seasoning", ""), ("1 env. ranch dressing mix", "ranch mix", "")], "none", "stove slow", "brown"),
    (["Minestrone", "Minestrone Soup", "Italian Vegetable Soup"], True,
     [("1 (15 oz.) can cannellini beans", "beans", ""), ("1/2 c. small pasta shells", "pasta", ""), ("1 zucchini, diced", "zucchini", ""), VEG[11], AROMATICS[4]], "any", "stove slow", ""),
    (["Italian Wedding Soup", "Wedding Soup"], True, [("1 lb. frozen [mini |cocktail |]meatballs", "meatballs", "m"), ("2 c. fresh spinach", "spinach", ""), ("1/2 c. orzo", "orzo", "")], "meat", "stove", ""),
    (["Turkey Soup", "Leftover Turkey Soup", "Turkey Noodle Soup"], True, [("[2|3] c. cooked turkey, diced", "turkey", "m"), AROMATICS[3], AROMATICS[4], ("1 c. egg noodles", "noodles", "")], "any", "stove slow", ""),
    (["Cabbage Soup with Kielbasa", "Polish Sausage Soup", "Kielbasa Cabbage Soup"], True, [("1 lb. kielbasa, sliced", "kielbasa", "m"), ("1/2 head cabbage, chopped", "cabbage", ""), ("3 potatoes, cubed", "potatoes", "")], "any", "stove slow", ""),
    (["Brunswick Stew"], True, [CHICKEN_COOKED, ("1 lb. pulled pork", "pork", "m"), ("1 (10 oz.) pkg. lima beans", "lima beans", ""), ("1 (15 oz.) can creamed corn", "corn", "")], "any", "stove slow", ""),
    (["Oyster Stew", "Old-Fashioned Oyster Stew"], True, [("1 pt. [fresh |shucked |]oysters with liquor", "oysters", "f"), ("1 qt. milk", "milk", ""), ("1/4 c. butter", "butter", "")], "none", "stove", "quick"),
    # light soups
    (["Tomato Soup", "Cream of Tomato Soup", "Tomato Basil Soup", "Tomato Bisque", "Fresh Tomato Soup"], False,
     [("[2 lb. ripe tomatoes, chopped|3 lb. ripe tomatoes, peeled and chopped|1 (28 oz.) can crushed tomatoes]", "tomatoes", ""), ONION, ("1 c. heavy cream", "cream", "")], "any", "stove", "puree"),
    (["Gazpacho", "Chilled Gazpacho", "Garden Gazpacho"], False,
     [("4 ripe tomatoes, chopped", "tomatoes", ""), ("1 cucumber, peeled and chopped", "cucumber", ""), AROMATICS[2], ("[2|3] c. tomato juice", "tomato juice", ""), ("2 Tbsp. red wine vinegar", "vinegar", "")], "none", "nocook", ""),
    (["Cold Cucumber Soup", "Chilled Cucumber Soup", "Cucumber Dill Soup"], False,
     [("[2|3] cucumbers, peeled and seeded", "cucumbers", ""), ("2 c. plain yogurt", "yogurt", ""), ("2 Tbsp. fresh dill", "dill", "")], "any", "nocook", ""),
    (["Cream of Broccoli Soup", "Broccoli Cheese Soup", "Cream of Broccoli"], False, [VEG[0], ONION, ("2 c. milk", "milk", ""), CHEESES[3]], "any", "stove", "puree"),
    (["Carrot Ginger Soup", "Cream of Carrot Soup", "Curried Carrot Soup"], False, [("[1|2] lb. carrots, sliced", "carrots", ""), ONION, ("1 Tbsp. grated ginger", "ginger", "")], "any", "stove", "puree"),
    (["Butternut Squash Soup", "Cream of Squash Soup", "Autumn Squash Soup"], False, [("1 butternut squash, peeled and cubed", "squash", ""), ONION, ("1/2 c. cream", "cream", "")], "any", "stove slow", "puree"),
    (["French Onion Soup", "Onion Soup", "Onion Soup Gratinee"], False,
     [("[4|5|6] large onions, thinly sliced", "onions", ""), ("1/4 c. butter", "butter", ""), ("[4|6] slices French bread", "bread", ""), ("1 c. shredded Swiss cheese", "cheese", "")], "meat", "stove", "onion"),
    (["Cream of Mushroom Soup", "Mushroom Bisque", "Creamy Mushroom Soup"], False, [("1 lb. fresh mushrooms, sliced", "mushrooms", ""), ONION, ("1 c. half-and-half", "cream", "")], "any", "stove", "puree"),
    (["Cream of Asparagus Soup", "Asparagus Soup"], False, [("1 lb. asparagus, cut up", "asparagus", ""), ONION, ("1 c. milk", "milk", "")], "any", "stove", "puree"),
    (["Egg Drop Soup", "Egg Flower Soup"], False, [("2 eggs, beaten", "eggs", ""), AROMATICS[6], ("1 Tbsp. cornstarch", "cornstarch", ""), ("1 tsp. soy sauce", "soy sauce", "")], "meat", "stove", "quick"),
    (["Cold Strawberry Soup", "Chilled Fruit Soup", "Chilled Strawberry Soup"], False,
     [("2 pt. strawberries, hulled", "strawberries", ""), ("1 c. vanilla yogurt", "yogurt", ""), ("1/2 c. orange juice", "orange juice", ""), ("1/4 c. sugar", "sugar", "")], "none", "nocook", ""),
    (["Vichyssoise", "Chilled Potato Leek Soup"], False, [("3 leeks, sliced", "leeks", ""), ("3 potatoes, peeled and diced", "potatoes", ""), ("1 c. cream", "cream", "")], "any", "stove", "puree cold"),
    (["Cream of Celery Soup", "Celery Soup"], False, [("[4|6] stalks celery, sliced", "celery", ""), ONION, ("1 c. milk", "milk", "")], "any", "stove", "puree"),
    (["Zucchini Soup", "Cream of Zucchini Soup", "Summer Squash Soup"], False, [("[3|4] zucchini, sliced", "zucchini", ""), ONION, ("1/2 c. sour cream", "sour cream", "")], "any", "stove", "puree"),
]
SOUP_TIMES = [(15, 20), 20, (20, 25), 30, 45, 60, (60, 90), (90, 120), 120, (120, 180), (45, 60), 90]


def fam_soup(b: _B):
    b.kind = "soup"
    titles, main, entries, broth, methods, flags = b.c(_SOUPS)
    b.main = main
    meth = b.c(methods.split())
    core = b.c(titles)
    gumbo_p = None
    if flags == "gumbo":
        gumbo_p = "shrimp" if ("Shrimp" in core or "Seafood" in core) else "chicken"
    if meth == "slow" and b.p(0.5):
        core = b.c(["Crock-Pot", "Slow Cooker", "Crockpot"]) + " " + core
    if meth == "oven" and "Oven" not in core and b.p(0.4):
        core = "Oven " + core
    b.title = _style_title(b, core)
    for e in entries:
        if flags == "gumbo" and gumbo_p == "chicken" and e[1] == "shrimp":
            b.ing(CHICKEN_RAW)
            b.ing(("1/2 lb. andouille sausage, sliced", "sausage", "m"))
            continue
        b.ing(e)
    if "Sausage" in core and "sausage" not in " ".join(b.ings).lower():
        b.ing(("1/2 lb. [Italian |smoked |]sausage, sliced", "sausage", "m"))
    if flags == "chowder" and b.p(0.5):
        b.ing(b.c([("4 slices bacon, diced", "bacon", "m"), ("1/4 lb. salt pork, diced", "salt pork", "m")]))
    broth_name = "water"
    if broth in ("meat", "any", "veg"):
        pool = BROTH_MEAT if broth == "meat" else BROTH_VEG if broth == "veg" else (BROTH_MEAT + BROTH_VEG[:2])
        broth_name = b.ing(b.c(pool))
        if broth == "any" and meth != "nocook" and "water" in broth_name:
            broth_name = "water"
    elif meth != "nocook":
        b.ing("[4|6|8] c. water" if b.p(0.5) else "1 qt. water")
    if b.p(0.5):
        b.ings_from(SEASONINGS, b.c([1, 2, 3]))
    if meth != "nocook" and flags != "onion" and b.p(0.4):
        b.ing(b.c(AROMATICS[:2]))
    names = [e[1] for e in entries]
    veg = [n for n in names if n in ("onion", "carrots", "celery", "pepper", "onions", "leeks", "mushrooms", "zucchini")] or ["onion"]
    if meth == "nocook":
        b.add(b.c(["Combine all ingredients in a blender; process until smooth.", "Puree half the vegetables in a food processor; stir in the rest.",
                   "Blend all ingredients until smooth.", "In a blender, combine ingredients and blend until nearly smooth."]))
        if b.p(0.75):
            chill(b, "soup", d="very cold")
        else:
            b.add(b.c(["Serve immediately over ice cubes.", "Serve at once in chilled bowls.", "Serve right away."]))
        _finish(b, ["Serves 4.", "Serves 6.", "Makes 6 cups.", "Serves 4 as a first course."])
        return
    if flags == "soak" and (meth != "slow" or b.p(0.5)):
        b.add(b.c(["Soak beans overnight in water to cover; drain.", "Cover beans with water and soak overnight.",
                   "Wash and sort beans; soak in cold water overnight.", "Place beans in a large bowl, cover with water and let soak overnight."]), extra=480)
    first_meat = entries[0][1]
    if meth == "slow":
        if flags == "brown" and b.p(0.6):
            brown(b, first_meat)
        late = next((n for n in names if n in ("noodles", "cream", "milk", "chips", "spinach", "pasta", "orzo", "kale")), None)
        held = late and b.p(0.5)
        if held:
            b.add(f"Combine everything except {late} in a {b.c(_SLOW)}.")
        else:
            b.add(b.c([f"Place all ingredients in {b.c(_SLOW)}.", f"Put {first_meat}, vegetables and {broth_name} in {b.c(_SLOW)}."]))
        slow(b)
        if held:
            b.add(b.c([f"Stir in {late} during the last half hour of cooking.", f"Add {late} near the end and cook until done."]))
        if "shred" in flags:
            b.add(f"Remove chicken, shred and return to the {b.c(_SLOW)}.")
    elif meth == "oven":
        brown(b, first_meat, drain=False)
        b.add(b.c([f"Place {first_meat} and vegetables in a large casserole or roaster; add {broth_name}.", f"Transfer to a covered roasting pan with vegetables and {broth_name}."]))
        bake(b, [(180, 240), 180, (150, 180), 240], "meat is tender", b.temp((275, 300, 325)), covered=True)
    else:
        if flags == "brown" or (first_meat in ("sausage", "kielbasa") and b.p(0.7)):
            brown(b, first_meat)
        if flags == "gumbo":
            t = b.tc([20, (20, 25), 25])
            b.add(b.c([f"Make a roux: stir flour into hot oil in a heavy pot and cook over medium heat, stirring constantly, {t}, until dark brown.",
                       f"In a heavy pot, cook flour and oil over medium-low heat, stirring, {t}, until the color of peanut butter."]), app="stove")
        elif flags == "onion":
            t = b.tc([(20, 25), 25, 30, (30, 40), 40])
            b.add(b.c([f"Cook onions in butter in a large pot over low heat {t}, until golden.", f"In a heavy saucepan, saute onions slowly in butter {t} until caramelized."]), app="stove")
        elif flags == "chowder" and any("bacon" in i or "salt pork" in i for i in b.ings):
            b.add(b.c(["Fry bacon in a large pot until crisp; add onion and cook until soft.", "In a heavy saucepan, cook salt pork until crisp; add onion and saute."]), extra=8, app="stove")
        elif b.p(0.6):
            saute(b, veg)
        if flags == "quick":
            if "oysters" in names:
                t = b.tc([3, 4, 5, (3, 5)])
                b.add(b.c([f"Heat milk and butter in a saucepan; add oysters and simmer {t}, until edges curl.", f"Add oysters to hot milk and cook {t} over low heat, just until edges curl."]), app="stove")
            else:
                t = b.tc([2, 3, 5, (3, 5)])
                b.add(b.c([f"Bring broth to a boil in a saucepan; stir in cornstarch mixture and cook {t}.", f"Heat broth to boiling; add soy sauce and simmer {t}."]), app="stove")
                b.add(b.c(["Slowly pour in eggs, stirring gently, until they form ribbons.", "Drizzle beaten eggs into the simmering soup while stirring."]))
        else:
            b.add(b.c([f"Add {broth_name} and remaining ingredients.", f"Stir in {broth_name}, {_join(names[1:3], b.r)} and seasonings.",
                       f"Add {_join(names[:3], b.r)} and {broth_name}.", "Add everything else except the cream." if any("cream" in n for n in names) else "Add remaining ingredients; stir well."]))
            if b.p(0.25) and main and (entries[0][2] == "m" and first_meat not in ("meatballs", "kielbasa", "sausage") or flags == "soak"):
                if flags == "soak":
                    opts = ["Cover and simmer slowly until the beans are tender.", "Simmer, covered, until beans are soft, stirring occasionally."]
                else:
                    opts = ["Bring to a boil; reduce heat, cover and simmer until meat is tender.", "Simmer, covered, until meat is very tender, stirring occasionally.",
                            "Simmer over low heat until meat falls off the bone."]
                b.add(b.c(opts), extra=120, app="stove")
            else:
                simmer(b, SOUP_TIMES if main else [(15, 20), 20, 10, 15, 30, 45, (20, 25), (10, 15)], d=b.c(["vegetables are tender", "tender", "flavors are blended"]))
            if "shred" in flags:
                b.add(b.c(["Remove chicken; shred and return to pot.", "Take out chicken, cut into bite-size pieces and return to soup."]))
            if "noodles" in flags:
                t = b.tc([8, 10, (8, 10), (6, 8)])
                b.add(b.c([f"Add noodles and cook {t} more.", f"Stir in noodles; simmer {t} until tender."]), app="stove")
            if "puree" in flags:
                b.add(b.c(["Puree in a blender until smooth; return to pan.", "Process soup in batches in a blender until smooth.",
                           "Blend with an immersion blender until smooth."]))
                b.add(b.c(["Stir in cream; heat through but do not boil.", "Add milk and heat gently, stirring.", "Stir in cream and season to taste."]))
                if "cold" in flags:
                    chill(b, "soup")
            if flags == "onion" and b.p(0.6):
                b.add(b.c(["Ladle into ovenproof bowls; top each with a slice of bread and cheese.", "Pour soup into oven-safe crocks and float bread topped with cheese on each."]))
                broil(b, "cheese")
    if b.p(0.3):
        serve(b, base=False)
    _finish(b, (SERVES_MAIN + ["Makes 10 cups.", "Makes about 3 quarts.", "Serves 8 to 10."]) if main else
            ["Serves 4.", "Serves 6.", "Makes 6 cups.", "Serves 4 as a first course.", "Serves 6 as a starter.", "Makes about 5 cups."])


# ---------------------------------------------------------------------------------------------
# salads
# ---------------------------------------------------------------------------------------------

DRESS_MAYO = [("[1/2|3/4|1] c. mayonnaise", "mayonnaise", ""), ("1/2 c. Miracle Whip", "Miracle Whip", ""), ("1/2 c. sour cream", "sour cream", ""),
              ("1/2 c. [plain |Greek |]yogurt", "yogurt", "")]
DRESS_OIL = [("1/2 c. Italian dressing", "dressing", ""), ("1/3 c. olive oil", "oil", ""), ("1/4 c. [red wine|cider|balsamic] vinegar", "vinegar", ""),
             ("1/2 c. ranch dressing", "dressing", ""), ("1/2 c. poppy seed dressing", "dressing", ""), ("1/2 c. French dressing", "dressing", ""),
             ("1/2 c. bottled vinaigrette", "vinaigrette", "")]
GREENS = [("1 head [iceberg|romaine] lettuce, [torn|chopped|shredded]", "lettuce", ""), ("[6|8] c. mixed salad greens", "greens", ""),
          ("1 (10 oz.) bag fresh spinach", "spinach", ""), ("1 head romaine, torn", "romaine", "")]

# titles, protein entry or None, cook ("none"/"poach"/"boil"/"brown"/"grill"/"bacon"/"pasta"/"potato"/"egg"), base pool, dressing pool
_MAIN_SALADS = [
    (["Chicken Salad", "Old-Fashioned Chicken Salad", "Curried Chicken Salad", "Chicken Salad with Grapes", "Pecan Chicken Salad"],
     [CHICKEN_COOKED, CHICKEN_RAW], [AROMATICS[3], ("1 c. red grapes, halved", "grapes", ""), ("1/2 c. chopped pecans", "pecans", ""), AROMATICS[6]], DRESS_MAYO),
    (["Tuna Salad", "Tuna Macaroni Salad", "Tuna Pasta Salad"], [("[1|2] (6 oz.) can[s|] tuna, drained", "tuna", "f")],
     [AROMATICS[3], ("2 Tbsp. sweet pickle relish", "relish", ""), ("1 c. frozen peas", "peas", ""), ("2 c. macaroni", "macaroni", "pasta")], DRESS_MAYO),
    (["Shrimp Salad", "Shrimp Pasta Salad", "Shrimp and Avocado Salad"], [("1 lb. [cooked |]shrimp, peeled", "shrimp", "f")],
     [AROMATICS[3], ("1 avocado, diced", "avocado", ""), ("1 Tbsp. lemon juice", "lemon juice", ""), ("1 tsp. Old Bay seasoning", "Old Bay", "")], DRESS_MAYO + DRESS_OIL[:2]),
    (["Crab Salad", "Seafood Salad", "Crab Louie"], [("1 lb. imitation crab, chopped", "crab", "f"), ("2 (6 oz.) cans crabmeat", "crab", "f")],
     [AROMATICS[3], AROMATICS[6], ("1 c. [small |]shell pasta", "pasta", "pasta")], DRESS_MAYO),
    (["Taco Salad", "Taco Salad", "Mexican Salad", "Dorito Taco Salad"], [GROUND_BEEF],
     [GREENS[0], ("1 (15 oz.) can kidney beans, drained", "beans", ""), ("2 tomatoes, chopped", "tomatoes", ""), ("1 c. crushed Doritos", "chips", ""), CHEESES[0]], [("1 (8 oz.) bottle Catalina dressing", "dressing", ""), ("1 c. salsa", "salsa", "")]),
    (["Chef's Salad", "Chef Salad", "Club Salad"], [("1 c. [cubed |julienned |]ham", "ham", "m"), ("1 c. cubed cooked turkey", "turkey", "m")],
     [GREENS[0], GREENS[3], ("2 hard-boiled eggs, sliced", "eggs", "egg"), ("1 c. cubed Swiss cheese", "cheese", ""), ("2 tomatoes, cut in wedges", "tomatoes", "")], DRESS_OIL),
    (["Cobb Salad", "Cobb Salad"], [CHICKEN_COOKED], [GREENS[3], ("6 slices bacon", "bacon", "bacon"), ("1 avocado, diced", "avocado", ""), ("1/2 c. crumbled blue cheese", "blue cheese", "")], DRESS_OIL),
    (["Chinese Chicken Salad", "Oriental Chicken Salad", "Asian Chicken Salad"], [CHICKEN_COOKED],
     [("1/2 head cabbage, shredded", "cabbage", ""), ("1 pkg. ramen noodles, crushed", "ramen noodles", ""), ("1/2 c. sliced almonds", "almonds", ""), AROMATICS[6]],
     [("1/4 c. rice vinegar", "vinegar", ""), ("1/4 c. oil", "oil", ""), ("2 Tbsp. soy sauce", "soy sauce", "")]),
    (["Salmon Salad", "Salmon Pasta Salad"], [("1 (15 oz.) can salmon, drained", "salmon", "f")], [AROMATICS[3], ("2 c. shell macaroni", "macaroni", "pasta"), ("1 c. frozen peas", "peas", "")], DRESS_MAYO),
    (["Greek Chicken Salad", "Mediterranean Chicken Salad"], [CHICKEN_COOKED, CHICKEN_RAW],
     [GREENS[3], ("1 cucumber, chopped", "cucumber", ""), ("1/2 c. Kalamata olives", "olives", ""), ("1/2 c. feta cheese", "feta", "")], DRESS_OIL[1:3]),
    (["Chicken Pasta Salad", "Ranch Chicken Pasta Salad", "Italian Chicken Pasta Salad"], [CHICKEN_COOKED],
     [("8 oz. rotini pasta", "pasta", "pasta"), AROMATICS[2], ("1 c. cherry tomatoes", "tomatoes", ""), ("1/2 c. sliced olives", "olives", "")], DRESS_OIL),
    (["Steak Salad", "Grilled Steak Salad"], [("1 lb. sirloin steak", "steak", "m")], [GREENS[1], ("1 c. cherry tomatoes", "tomatoes", ""), ("1/2 red onion, sliced", "onion", "")], DRESS_OIL),
]
_SIDE_SALADS = [
    (["Coleslaw", "Cole Slaw", "Creamy Coleslaw", "Sweet Coleslaw", "Country Cole Slaw"], [("1 medium head cabbage, shredded", "cabbage", ""), ("1 carrot, shredded", "carrot", ""), ("2 Tbsp. sugar", "sugar", "")], DRESS_MAYO[:2] + [("1/4 c. cider vinegar", "vinegar", "")], ""),
    (["Cucumber Salad", "Cucumbers in Sour Cream", "Marinated Cucumbers"], [("[2|3] cucumbers, thinly sliced", "cucumbers", ""), ("1 small onion, sliced", "onion", "")], [("1/2 c. vinegar", "vinegar", ""), ("1/2 c. sour cream", "sour cream", "")], ""),
    (["Potato Salad", "Old-Fashioned Potato Salad", "Mom's Potato Salad", "Red Potato Salad", "German Potato Salad"], [("[5|6|8] potatoes", "potatoes", "potato"), AROMATICS[3], ("3 hard-boiled eggs, chopped", "eggs", "egg")], DRESS_MAYO[:2], ""),
    (["Macaroni Salad", "Pasta Salad", "Summer Pasta Salad", "Italian Pasta Salad", "Tri-Color Pasta Salad"], [("[8 oz.|1 (12 oz.) box|2 c.] [elbow macaroni|rotini|tri-color pasta|shell pasta]", "pasta", "pasta"), AROMATICS[2], AROMATICS[3]], DRESS_MAYO[:1] + DRESS_OIL[:1], ""),
    (["Three Bean Salad", "Four Bean Salad", "Marinated Bean Salad"], [("1 (15 oz.) can green beans, drained", "green beans", ""), ("1 (15 oz.) can wax beans, drained", "wax beans", ""), ("1 (15 oz.) can kidney beans, drained", "kidney beans", ""), ("1/2 c. sugar", "sugar", "")], [("1/2 c. vinegar", "vinegar", ""), ("1/3 c. oil", "oil", "")], ""),
    (["Broccoli Salad", "Broccoli Raisin Salad", "Broccoli Bacon Salad"], [("[4|5] c. broccoli florets", "broccoli", ""), ("1/2 c. raisins", "raisins", ""), ("1/2 c. sunflower seeds", "sunflower seeds", "")], DRESS_MAYO[:1], "bacon?"),
    (["Tossed Salad", "Green Salad", "Garden Salad", "House Salad", "Spinach Salad", "Strawberry Spinach Salad"], [GREENS[1], ("1 c. cherry tomatoes", "tomatoes", ""), ("1 cucumber, sliced", "cucumber", "")], DRESS_OIL, ""),
    (["Carrot Raisin Salad", "Carrot Salad"], [("[4|5] carrots, shredded", "carrots", ""), ("1/2 c. raisins", "raisins", ""), ("1 (8 oz.) can crushed pineapple", "pineapple", "")], DRESS_MAYO[:1], ""),
    (["Waldorf Salad", "Apple Salad", "Snicker Salad"], [("3 apples, cored and diced", "apples", ""), AROMATICS[3], ("1/2 c. chopped walnuts", "walnuts", "")], DRESS_MAYO[:1], ""),
    (["Pea Salad", "Green Pea Salad", "Layered Pea Salad"], [("1 (16 oz.) pkg. frozen peas, thawed", "peas", ""), ("1/2 c. cubed Cheddar cheese", "cheese", ""), ("1/4 c. chopped onion", "onion", "")], DRESS_MAYO[:1], "bacon?"),
    (["Wilted Spinach Salad", "Wilted Lettuce Salad", "Hot Bacon Spinach Salad"], [GREENS[2], ("4 slices bacon", "bacon", "m"), ("2 Tbsp. sugar", "sugar", ""), ("1/4 c. vinegar", "vinegar", "")], [], "wilted"),
    (["Marinated Vegetable Salad", "Marinated Veggies", "Overnight Vegetable Salad"], [VEG[10], VEG[1], AROMATICS[5], ("1 c. cherry tomatoes", "tomatoes", "")], DRESS_OIL[:1], ""),
    (["Fruit Salad", "Ambrosia", "Summer Fruit Salad", "Five Cup Salad"], [("1 (20 oz.) can pineapple chunks, drained", "pineapple", ""), ("1 (11 oz.) can mandarin oranges, drained", "oranges", ""), ("1 c. miniature marshmallows", "marshmallows", ""), ("1 c. flaked coconut", "coconut", "")], [("1 c. sour cream", "sour cream", ""), ("1 (8 oz.) tub Cool Whip", "Cool Whip", "")], ""),
    (["Caesar Salad", "Classic Caesar Salad"], [GREENS[3], ("1 c. croutons", "croutons", ""), ("1/2 c. grated Parmesan cheese", "Parmesan", ""), ("[4|6] anchovy fillets[, mashed|]", "anchovies", "f")], [("1/3 c. olive oil", "oil", ""), ("2 Tbsp. lemon juice", "lemon juice", "")], ""),
    (["Corn Salad", "Black Bean and Corn Salad", "Fiesta Corn Salad"], [("2 (15 oz.) cans corn, drained", "corn", ""), ("1 (15 oz.) can black beans, rinsed", "beans", ""), AROMATICS[2]], DRESS_OIL[1:3], ""),
    (["Seven Layer Salad", "7-Layer Salad", "Layered Lettuce Salad"], [GREENS[0], ("1 (10 oz.) pkg. frozen peas", "peas", ""), ("1 c. shredded Cheddar cheese", "cheese", ""), ("8 slices bacon, cooked and crumbled", "bacon", "m")], DRESS_MAYO[:1], "layer"),
    (["Tomato Mozzarella Salad", "Caprese Salad", "Sliced Tomato Salad"], [("4 ripe tomatoes, sliced", "tomatoes", ""), ("8 oz. fresh mozzarella, sliced", "mozzarella", ""), ("1/4 c. fresh basil", "basil", "")], DRESS_OIL[1:3], ""),
    (["Cauliflower Salad", "Cauliflower Broccoli Salad"], [VEG[10], VEG[1], ("1/2 c. shredded Cheddar cheese", "cheese", "")], DRESS_MAYO[:1], "bacon?"),
]


def fam_salad(b: _B):
    b.kind = "salad"
    b.main = b.p(0.45)
    if b.main:
        titles, prots, base, dress = b.c(_MAIN_SALADS)
        extra = ""
    else:
        titles, base, dress, extra = b.c(_SIDE_SALADS)
        prots = []
    core = b.c(titles)
    b.title = _style_title(b, core)
    pe = None
    if prots:
        pe = b.c(prots)
        b.ing(pe)
    cooks = []
    for e in (base if extra in ("wilted", "layer") else b.sample(base, max(2, len(base) - b.c([0, 0, 1])))):
        if e[2] in ("pasta", "potato", "egg", "bacon"):
            cooks.append((e[2], e[1]))
            b.ing((e[0], e[1], "m" if e[2] == "bacon" else ""))
        else:
            b.ing(e)
    if extra == "bacon?" and b.p(0.5):
        ent = b.c([("[6|8] slices bacon, cooked and crumbled", "bacon", "m"), ("1/2 c. bacon bits", "bacon bits", "m")])
        b.ing(ent)
    chosen_dress = []
    for e in b.sample(dress, b.c([1, 2])) if dress else []:
        chosen_dress.append(b.ing(e))
    if b.p(0.4):
        b.ings_from(SEASONINGS[:3] + [SEASONINGS[12], ("1 tsp. sugar", "sugar", ""), ("1 tsp. celery seed", "celery seed", "")], b.c([1, 2]))
    S = pe[1] if pe else base[0][1]
    # cooking the protein
    if pe is not None and pe is CHICKEN_RAW:
        if b.p(0.6):
            t = b.tc([15, 20, (15, 20), (12, 15)])
            b.add(b.c([f"Simmer chicken in salted water {t}, until tender; cool and dice.", f"Poach chicken in a saucepan of water {t}. Cool and cut up."]), app="stove")
        else:
            t = b.tc([(5, 6), (6, 7), 6], mult=2)
            if b.p(0.5):
                preheat_grill(b)
            b.add(b.c([f"Grill chicken {t} per side; cool and slice.", f"Grill chicken over medium coals {t} per side, then cut into strips."]), app="grill")
    elif pe is not None and pe[1] == "beef" and pe[2] == "m":
        brown(b, "ground beef")
        if "taco" in core.lower() and b.p(0.5):
            b.add("Stir in 1 env. taco seasoning and 1/2 c. water; simmer 5 minutes.", extra=5, app="stove")
    elif pe is not None and pe[1] == "steak":
        t = b.tc([(4, 5), (5, 6), 5], mult=2)
        if b.p(0.6):
            b.add(b.c([f"Grill steak {t} per side; let rest, then slice thin.", f"Grill steak over hot coals {t} per side."]), app="grill")
        else:
            b.add(b.c([f"Cook steak in a hot skillet {t} per side; slice thin.", f"Pan-sear steak in a heavy skillet {t} per side."]), app="stove")
    elif pe is not None and "cooked" not in pe[0] and pe[1] == "shrimp":
        t = b.tc([2, 3, (2, 3)])
        b.add(f"Cook shrimp in boiling water {t}, until pink; drain and chill.", app="stove")
    for kind, name in cooks:
        if kind == "pasta":
            boil_pasta(b, name)
        elif kind == "potato":
            if b.p(0.7):
                t = b.tc([15, 20, (15, 20), (12, 15)])
                b.add(b.c([f"Boil potatoes in their jackets {t}, until tender; cool, peel and cube.", f"Cook potatoes in boiling salted water {t}; drain and dice."]), app="stove")
            else:
                t = b.tc([(8, 10), 10, (10, 12)])
                b.add(f"Cube potatoes and microwave, covered, {t} until tender.", app="microwave")
        elif kind == "egg":
            b.add(b.c(["Hard-boil eggs; cool, peel and chop.", "Place eggs in a saucepan of water, bring to a boil and cook 10 minutes; cool and chop."]), extra=12, app="stove")
        elif kind == "bacon":
            if b.p(0.5):
                b.add(b.c(["Fry bacon in a skillet until crisp; drain and crumble.", "Cook bacon in a frying pan until crisp; crumble."]), extra=8, app="stove")
            else:
                t = b.tc([4, 5, (4, 6), (5, 6)])
                b.add(f"Microwave bacon between paper towels {t}, until crisp; crumble.", app="microwave")
    if extra == "wilted":
        b.add(b.c(["Fry bacon in a skillet until crisp; remove and crumble.", "Cook bacon in a skillet; crumble and reserve drippings."]), extra=8, app="stove")
        t = b.tc([1, 2, (1, 2)])
        b.add(b.c([f"Add sugar and vinegar to hot drippings; bring to a boil and cook {t}.", f"Stir vinegar and sugar into bacon grease; boil {t}."]), app="stove")
        b.add(b.c(["Pour hot dressing over spinach and toss.", "Pour over greens, toss and sprinkle with bacon."]))
    elif extra == "layer":
        b.add(b.c(["Layer lettuce, peas and other vegetables in a glass bowl.", "In a large glass bowl, layer ingredients in order given."]))
        b.add(b.c([f"Spread {chosen_dress[0] if chosen_dress else 'dressing'} over top to seal; sprinkle with cheese and bacon.", "Spread dressing evenly over top; top with cheese and bacon."]))
    else:
        parts = [S, b.c(["remaining ingredients", "the other vegetables", "the rest of the ingredients", "remaining salad ingredients"])]
        mix(b, parts)
        if chosen_dress:
            d = chosen_dress[0]
            b.add(b.c([f"Add {d}; toss to coat.", f"Stir in {d} and mix lightly.", f"Pour {d} over salad and toss.", f"Gently fold in {d}.",
                       f"Toss with {d} just before serving."]))
    if b.p(0.5) or "Marinated" in core or "Overnight" in core or extra == "layer":
        chill(b, "salad", d="well chilled")
    elif b.p(0.6):
        b.add(b.c(["Toss and serve.", "Serve immediately.", "Serve at once.", "Toss gently and serve right away."]))
    if b.main and b.p(0.3):
        b.add(b.c(["Serve on lettuce leaves.", "Serve on croissants or in lettuce cups.", "Spoon onto lettuce-lined plates."]))
    _finish(b, SERVES_MAIN if b.main else SERVES_SIDE)


# ---------------------------------------------------------------------------------------------
# side dishes
# ---------------------------------------------------------------------------------------------

def _side_cook(b: _B, meth: str, x: str, times):
    if meth == "boil" and x == "eggs":
        t = b.tc(times)
        b.add(b.c([f"Place eggs in a saucepan, cover with cold water and bring to a boil; cook {t}.", f"Hard-cook eggs in boiling water {t}; cool in ice water and peel.",
                   f"Boil eggs {t}. Drain, cool and peel."]), app="stove")
    elif meth == "boil":
        t = b.tc(times)
        b.add(b.c([f"Cook {x} in boiling salted water {t}, until tender; drain.", f"Boil {x} {t} or until tender. Drain.",
                   f"Place {x} in a saucepan, cover with water and bring to a boil; cook {t}.", f"In a large pot of boiling water, cook {x} {t}; drain well."]), app="stove")
    elif meth == "steam":
        t = b.tc(times)
        b.add(b.c([f"Steam {x} over boiling water {t}.", f"Cook {x} in a covered saucepan with 1/2 inch of water {t}; drain."]), app="stove")
    elif meth == "simmer":
        t = b.tc(times)
        b.add(b.c([f"Place {x} in a large pot with the liquid; bring to a boil, reduce heat and simmer {t}.",
                   f"Put everything in a heavy pot, cover and simmer {t}, stirring occasionally.",
                   f"Cook {x} slowly in a covered saucepan over low heat {t}."]), app="stove")
    elif meth == "saute":
        t = b.tc(times)
        b.add(b.c([f"Saute {x} in butter in a large skillet {t}, stirring often.", f"Heat oil in a skillet over medium-high heat; add {x} and cook {t}.",
                   f"Stir-fry {x} in a hot skillet {t}, until crisp-tender.", f"Cook {x} in a frying pan over medium heat {t}, stirring occasionally."]), app="stove")
    elif meth == "fry":
        t = b.tc(times)
        b.add(b.c([f"Fry {x} in hot oil in a heavy skillet {t}, turning, until golden brown.", f"Heat 1 inch of oil in a skillet; fry {x} in batches {t}.",
                   f"Fry {x} in shortening over medium-high heat {t}, until crisp."]), app="stove")
    elif meth in ("roast", "bake"):
        v = b.temp((350, 375, 400, 400, 425, 425, 450) if meth == "roast" else (325, 350, 350, 375))
        if b.p(0.45):
            preheat(b, v, b.c(["baking sheet", "shallow roasting pan", "9x13-inch pan"]))
            v = None
        if meth == "roast":
            t = b.tc(times)
            if v is None:
                b.add(b.c([f"Spread {x} on a baking sheet in a single layer; roast {t}, stirring once.", f"Roast {x} in the oven {t}, until browned.",
                           f"Arrange {x} in a roasting pan and roast {t}, turning halfway."]), app="oven")
            else:
                b.add(b.c([f"Spread {x} in a shallow pan and roast in the oven at {b.deg(v)} for {t}.", f"Roast {x} in a {b.deg_adj(v)} oven {t}, stirring once.",
                           f"Roast in a {b.deg_adj(v)} oven {t} or until tender and browned."]), app="oven")
        else:
            bake(b, times, b.c(["tender", "bubbly", "browned", "golden"]), v, covered=b.c([None, True, False]))
    elif meth == "mw":
        mw(b, x, times, d="tender")
    elif meth == "grill":
        if b.p(0.4):
            preheat_grill(b)
        t = b.tc(times)
        b.add(b.c([f"Grill {x} over medium coals {t}, turning occasionally.", f"Wrap {x} in heavy foil and grill {t}.",
                   f"Place {x} on the grill and cook {t}, turning often.", f"Grill, covered, {t} until tender."]), app="grill")
    elif meth == "air":
        airfry(b, x, times, d="tender and crisp")
    elif meth == "slow":
        b.add(f"Place {x} and remaining ingredients in {b.c(_SLOW)}.")
        slow(b, ((4, 6), (3, 4), 4, (6, 8), (5, 6), 8))


# titles per method, ingredient entries, meat options (p), methods {method: times}, pre lines, post lines
_SIDES = [
    ({"boil": ["Mashed Potatoes", "Garlic Mashed Potatoes", "Creamy Mashed Potatoes", "Whipped Potatoes"], "slow": ["Crock-Pot Mashed Potatoes", "Slow Cooker Mashed Potatoes"],
      "mw": ["Microwave Mashed Potatoes"]},
     [("[5|6|8] [medium |large |]potatoes, peeled and quartered", "potatoes", ""), ("[1/2|3/4] c. [milk|warm milk|half-and-half]", "milk", ""), ("[1/4|1/2] c. butter", "butter", "")],
     [("1/2 c. chicken broth", "broth", "m"), ("1/4 c. bacon bits", "bacon bits", "m")], {"boil": [15, 20, (15, 20), (12, 15)], "slow": None, "mw": [(10, 12), 12, (12, 15)]},
     [], ["Mash with butter and milk until smooth.", "Beat with an electric mixer until fluffy; season with salt and pepper.", "Mash potatoes, adding milk and butter gradually."]),
    ({"roast": ["Roasted Potatoes", "Roasted Red Potatoes", "Oven-Roasted Potatoes", "Rosemary Potatoes", "Potato Wedges"], "air": ["Air Fryer Potatoes", "Air Fryer Potato Wedges", "Crispy Air Fryer Potatoes"],
      "grill": ["Grilled Potatoes", "Foil Packet Potatoes"]},
     [("[2|3] lb. [red |small new |Yukon gold |]potatoes, [quartered|cut in wedges|cubed]", "potatoes", ""), ("[2|3] Tbsp. olive oil", "oil", ""), ("1 tsp. [dried |]rosemary", "rosemary", "")],
     [("1/4 c. bacon grease", "bacon grease", "m")], {"roast": [40, 45, (40, 45), (45, 60), (35, 40), 60], "air": [15, (15, 18), (15, 20), 20], "grill": [(40, 45), 45, (45, 60)]},
     ["Toss potatoes with oil and seasonings."], []),
    ({"bake": ["Scalloped Potatoes", "Au Gratin Potatoes", "Potatoes Au Gratin", "Cheesy Scalloped Potatoes"], "slow": ["Crock-Pot Scalloped Potatoes"]},
     [("[5|6] potatoes, [peeled and |]thinly sliced", "potatoes", ""), ("2 Tbsp. flour", "flour", ""), ("[1 1/2|2] c. milk", "milk", ""), CHEESES[0], ONION],
     [("1 c. diced ham", "ham", "m")], {"bake": [60, 75, 90, (60, 75), (75, 90), (60, 90)], "slow": None},
     ["Layer potatoes, onion, flour and cheese in a greased 2-qt. casserole; pour milk over."], []),
    ({"bake": ["Baked Potatoes", "Twice-Baked Potatoes", "Stuffed Baked Potatoes"], "mw": ["Microwave Baked Potatoes", "Quick Baked Potatoes"], "air": ["Air Fryer Baked Potatoes"],
      "slow": ["Crock-Pot Baked Potatoes"]},
     [("[4|6] [medium |large |]baking potatoes", "potatoes", ""), ("butter", "butter", ""), ("sour cream", "sour cream", "")],
     [("1/4 c. bacon bits", "bacon bits", "m"), ("4 slices bacon, cooked and crumbled", "bacon", "m")], {"bake": [60, (60, 75), (45, 60), 75], "mw": [(8, 10), (10, 12), 12], "air": [(40, 45), 45, (35, 40)], "slow": None},
     ["Scrub potatoes and prick with a fork.", "Wash potatoes; rub with oil and sprinkle with salt."], ["Split tops and fluff with a fork; top with butter and sour cream.", "Cut open and serve with toppings."]),
    ({"fry": ["Fried Potatoes", "Home Fries", "Hash Browns", "Skillet Potatoes", "Potatoes O'Brien"]},
     [("[4|5] potatoes, [peeled and |]diced", "potatoes", ""), ONION, ("[3|4] Tbsp. [oil|butter|shortening]", "oil", "")],
     [("2 Tbsp. bacon grease", "bacon grease", "m"), ("1 T. lard", "lard", "m")], {"fry": [10, 12, 15, (10, 15), (12, 15), (15, 20)]}, [], []),
    ({"boil": ["Southern Green Beans", "Country Green Beans", "Green Beans", "Green Beans Almondine", "Lemon Green Beans"], "roast": ["Roasted Green Beans"],
      "mw": ["Microwave Green Beans"], "slow": ["Crock-Pot Green Beans", "Slow Cooker Green Beans"], "air": ["Air Fryer Green Beans"], "simmer": ["Old-Fashioned Green Beans", "Southern-Style Green Beans"]},
     [("[1|1 1/2|2] lb. fresh green beans, [trimmed|snapped|cut in 2-inch pieces]", "green beans", ""), ("2 Tbsp. butter", "butter", ""), ("1/4 c. sliced almonds", "almonds", "")],
     [("[4|6] slices bacon, diced", "bacon", "m"), ("1 ham hock", "ham hock", "m"), ("1/4 lb. salt pork", "salt pork", "m")],
     {"boil": [5, 8, (5, 7), (6, 8), 10], "roast": [(12, 15), 15, (15, 20)], "mw": [(5, 6), 6, (6, 8)], "slow": None, "air": [(8, 10), 10], "simmer": [60, 90, (60, 90), (45, 60), 120]},
     [], ["Toss with butter and almonds.", "Season with salt and pepper and serve.", "Drain and toss with butter."]),
    ({"simmer": ["Glazed Carrots", "Honey Glazed Carrots", "Brown Sugar Carrots", "Candied Carrots"], "mw": ["Microwave Glazed Carrots"], "roast": ["Roasted Carrots", "Maple Roasted Carrots"]},
     [("[1|2] lb. carrots, [sliced|cut in sticks|peeled]", "carrots", ""), ("2 Tbsp. butter", "butter", ""), ("[2|3] Tbsp. [brown sugar|honey|maple syrup]", "sugar", "")],
     [], {"simmer": [10, (10, 12), 12, 15, (12, 15)], "mw": [(6, 8), 8, (8, 10)], "roast": [(20, 25), 25, (35, 40), 40]}, [], ["Toss carrots with the glaze.", "Stir in butter and sugar until carrots are glazed."]),
    ({"boil": ["Corn on the Cob", "Boiled Corn on the Cob", "Buttered Corn"], "grill": ["Grilled Corn on the Cob", "Grilled Corn"], "mw": ["Microwave Corn on the Cob"]},
     [("[4|6|8] ears corn, husked", "corn", ""), ("1/4 c. butter, softened", "butter", ""), ("salt to taste", "salt", "")],
     [], {"boil": [3, 5, (5, 7), (3, 5)], "grill": [(15, 20), 15, (10, 15), 20], "mw": [(4, 5), (5, 6), 6]}, [], ["Brush with butter and sprinkle with salt.", "Serve with butter."]),
    ({"simmer": ["Rice Pilaf", "Spanish Rice", "Mexican Rice", "Parmesan Rice", "Lemon Rice"], "bake": ["Baked Rice", "Oven Rice Pilaf", "Green Rice"]},
     [("1 c. [long-grain |uncooked |]rice", "rice", ""), ("2 Tbsp. butter", "butter", ""), ONION],
     "BROTH", {"simmer": [15, (15, 18), (15, 20), 20, 18], "bake": [45, 60, (45, 60), (50, 60)]},
     ["Brown rice and onion in butter in a saucepan, stirring, 3 minutes."], ["Fluff with a fork before serving.", "Let stand covered 5 minutes, then fluff."]),
    ({"simmer": ["Collard Greens", "Turnip Greens", "Southern Greens", "Mustard Greens"]},
     [("[2|3] lb. [collard|turnip|mustard] greens, washed and chopped", "greens", ""), ("[4|6] c. water", "water", ""), ("1 tsp. sugar", "sugar", "")],
     [("1 ham hock", "ham hock", "m"), ("1/2 lb. salt pork", "salt pork", "m"), ("4 slices bacon", "bacon", "m"), ("1 smoked turkey wing", "turkey wing", "m")],
     {"simmer": [60, 90, 120, (60, 90), (90, 120)]}, [], ["Season with hot pepper vinegar.", "Serve with cornbread."]),
    ({"bake": ["Baked Beans", "Boston Baked Beans", "Calico Beans", "Cowboy Beans", "Barbecued Beans"], "slow": ["Crock-Pot Baked Beans", "Slow Cooker Calico Beans"]},
     [("[2|3] (16 oz.) cans [baked beans|great northern beans|navy beans]", "beans", ""), ("1/2 c. [brown sugar|molasses]", "brown sugar", ""), ("1/2 c. ketchup", "ketchup", ""), ("1 Tbsp. mustard", "mustard", "")],
     [("[4|6] slices bacon, cut up", "bacon", "m"), ("1 lb. ground beef, browned", "beef", "m"), ("1 (28 oz.) can pork and beans", "pork and beans", "m")], {"bake": [60, 90, 120, (60, 90), (90, 120), (45, 60)], "slow": None},
     ["Combine all ingredients in a 2-qt. casserole or bean crock."], []),
    ({"saute": ["Sauteed Zucchini", "Zucchini and Tomatoes", "Squash and Onions", "Fried Squash", "Garlic Zucchini"], "grill": ["Grilled Zucchini", "Grilled Squash"],
      "air": ["Air Fryer Zucchini"], "roast": ["Roasted Zucchini", "Parmesan Zucchini"]},
     [("[3|4] [medium |small |]zucchini, sliced", "zucchini", ""), ONION, ("2 Tbsp. olive oil", "oil", ""), ("1/4 c. grated Parmesan cheese", "Parmesan", "")],
     [("3 slices bacon, diced", "bacon", "m")], {"saute": [5, (5, 7), 8, (6, 8)], "grill": [(6, 8), 8, 10], "air": [(8, 10), 10], "roast": [(15, 20), 15, (12, 15)]}, [], []),
    ({"roast": ["Roasted Asparagus", "Parmesan Asparagus"], "steam": ["Asparagus with Lemon Butter", "Steamed Asparagus"], "grill": ["Grilled Asparagus"], "air": ["Air Fryer Asparagus"]},
     [("[1|2] lb. [fresh |]asparagus, trimmed", "asparagus", ""), ("2 Tbsp. olive oil", "oil", ""), ("1 Tbsp. lemon juice", "lemon juice", "")],
     [("4 slices prosciutto", "prosciutto", "m")], {"roast": [(10, 12), 12, (12, 15)], "steam": [(4, 5), 5, (5, 6)], "grill": [(6, 8), 8], "air": [(7, 8), 8, (8, 10)]}, [], []),
    ({"roast": ["Roasted Brussels Sprouts", "Balsamic Brussels Sprouts"], "air": ["Air Fryer Brussels Sprouts", "Crispy Brussels Sprouts"], "saute": ["Brussels Sprouts with Bacon", "Skillet Brussels Sprouts"]},
     [("[1|1 1/2] lb. Brussels sprouts, halved", "Brussels sprouts", ""), ("2 Tbsp. olive oil", "oil", ""), ("1 Tbsp. balsamic vinegar", "vinegar", "")],
     [("4 slices bacon, chopped", "bacon", "m"), ("1/4 c. diced pancetta", "pancetta", "m")], {"roast": [(20, 25), 25, (35, 40), 40], "air": [(12, 15), 15, (10, 12)], "saute": [(8, 10), 10, (10, 12)]}, [], []),
    ({"mw": ["Broccoli with Cheese Sauce", "Cheesy Broccoli"], "steam": ["Steamed Broccoli", "Lemon Broccoli", "Broccoli with Cheese Sauce"], "roast": ["Roasted Broccoli", "Garlic Roasted Broccoli"]},
     [("[1|2] lb. [fresh |]broccoli, cut in florets", "broccoli", ""), ("1/2 c. Cheez Whiz", "Cheez Whiz", ""), ("2 Tbsp. butter", "butter", "")],
     [], {"mw": [(4, 5), (5, 6), 6], "steam": [5, (5, 7), (4, 6)], "roast": [(15, 20), 15, (12, 15)]}, [], ["Spoon warm cheese sauce over broccoli.", "Toss with butter and serve."]),
    ({"fry": ["Fried Cabbage", "Skillet Cabbage", "Southern Fried Cabbage"], "boil": ["Boiled Cabbage", "Buttered Cabbage"]},
     [("1 [small |medium |]head cabbage, [chopped|shredded|cut in wedges]", "cabbage", ""), ONION, ("2 Tbsp. butter", "butter", "")],
     [("[4|6] slices bacon", "bacon", "m"), ("1/2 lb. smoked sausage, sliced", "sausage", "m"), ("3 T. bacon drippings", "bacon drippings", "m")], {"fry": [10, 15, (10, 15), (15, 20)], "boil": [(10, 15), 15, (8, 10)]}, [], []),
    ({"fry": ["Fried Okra", "Southern Fried Okra", "Fried Green Tomatoes"], "air": ["Air Fryer Okra", "Air Fryer Fried Green Tomatoes"]},
     [("1 lb. fresh okra, sliced", "okra", ""), ("1 c. [yellow |]cornmeal", "cornmeal", ""), ("1 egg, beaten", "egg", "")],
     [("bacon grease for frying", "bacon grease", "m")], {"fry": [(5, 6), 6, (6, 8), 8, (3, 4)], "air": [(8, 10), 10, (10, 12)]}, ["Dip in egg, then dredge in cornmeal."], ["Drain on paper towels.", "Drain on paper towels and salt while hot."]),
    ({"bake": ["Candied Sweet Potatoes", "Candied Yams", "Baked Sweet Potatoes", "Glazed Sweet Potatoes"], "mw": ["Microwave Sweet Potatoes"], "air": ["Sweet Potato Fries", "Air Fryer Sweet Potatoes"]},
     [("[3|4] [medium |large |]sweet potatoes[, peeled and sliced|, cut in wedges|]", "sweet potatoes", ""), ("[1/2|1/3] c. brown sugar", "brown sugar", ""), ("1/4 c. butter", "butter", "")],
     [], {"bake": [45, 60, (45, 60), (40, 45), (50, 60)], "mw": [(8, 10), 10, (10, 12)], "air": [(12, 15), 15, (15, 18)]}, [], []),
    ({"mw": ["Stuffing", "Quick Stuffing", "Easy Stuffing", "Microwave Stuffing"], "bake": ["Cornbread Dressing", "Sausage Stuffing", "Stuffing Balls", "Sage Dressing", "Bread Dressing"]},
     [("1 (6 oz.) pkg. Stove Top stuffing mix", "stuffing mix", ""), ("[1/4|1/3] c. butter", "butter", ""), AROMATICS[3], ONION],
     "BROTH", {"mw": [(5, 6), 5, (4, 5)], "bake": [(30, 40), 40, 45, (40, 45), (45, 60)]},
     ["Combine stuffing mix, butter, vegetables and broth; toss lightly.", "Mix stuffing crumbs with the vegetables, butter and broth."][:1],
     ["Let stand 5 minutes; fluff with a fork.", "Spoon into a serving bowl."]),
    ({"fry": ["Onion Rings", "Beer-Battered Onion Rings", "French-Fried Onion Rings"], "air": ["Air Fryer Onion Rings"]},
     [("[2|3] large [sweet |Vidalia |]onions, sliced into rings", "onion rings", ""), ("1 c. flour", "flour", ""), ("1 c. [buttermilk|beer|milk]", "batter", ""), ("1 c. [panko |]bread crumbs", "crumbs", "")],
     [], {"fry": [(2, 3), 3, (3, 4)], "air": [(8, 10), 10, (10, 12)]}, ["Dip onion rings in batter, then in crumbs."], ["Drain on paper towels and season with salt."]),
    ({"bake": ["Stuffed Mushrooms", "Sausage Stuffed Mushrooms", "Crab Stuffed Mushrooms"], "air": ["Air Fryer Stuffed Mushrooms"]},
     [("[16|20|24] large mushrooms", "mushrooms", ""), ("4 oz. cream cheese, softened", "cream cheese", ""), ("1/4 c. grated Parmesan cheese", "Parmesan", ""), ("1/4 c. [Italian |]bread crumbs", "bread crumbs", "")],
     [("1/2 lb. bulk sausage, browned", "sausage", "m"), ("4 slices bacon, crumbled", "bacon", "m")], {"bake": [(15, 20), 15, 20, (12, 15)], "air": [(8, 10), 8, (6, 8)]},
     ["Remove stems from mushrooms and chop stems.", "Fill mushroom caps with the cheese mixture."], []),
    ({"grill": ["Grilled Vegetables", "Grilled Veggie Kabobs", "Vegetable Kabobs"], "roast": ["Roasted Vegetables", "Oven-Roasted Vegetables", "Roasted Root Vegetables"]},
     [("2 zucchini, cut in chunks", "zucchini", ""), AROMATICS[2], ("1 red onion, cut in wedges", "onion", ""), ("8 oz. mushrooms", "mushrooms", ""), ("1/4 c. olive oil", "oil", "")],
     [], {"grill": [(10, 12), 12, (10, 15), 15], "roast": [(20, 25), 25, (35, 40), 40, 45, (30, 35)]}, ["Toss vegetables with oil and seasonings.", "Thread vegetables onto skewers and brush with oil."], []),
    ({"boil": ["Deviled Eggs", "Stuffed Eggs", "Southern Deviled Eggs"]},
     [("[6|12] eggs", "eggs", ""), ("[1/4|1/3] c. mayonnaise", "mayonnaise", ""), ("1 tsp. [prepared |yellow |]mustard", "mustard", ""), ("paprika", "paprika", "")],
     [("2 slices bacon, crumbled", "bacon", "m")], {"boil": [10, 12, (10, 12), 15]}, [], ["Halve eggs lengthwise; remove yolks and mash with mayonnaise and mustard.", "Fill whites with yolk mixture and sprinkle with paprika."]),
]


def fam_side(b: _B):
    b.kind, b.main = "side", False
    titles, ings, meat_opts, methods, pre, post = b.c(_SIDES)
    meth = b.c(list(methods))
    core = b.c(titles[meth])
    if "Green Tomatoes" in core:
        ings = [("[3|4] green tomatoes, sliced 1/4 inch thick", "tomatoes", "")] + ings[1:]
    b.title = _style_title(b, core)
    names = [b.ing(e) for e in ings]
    x = names[0]
    meat_item = None
    if meat_opts == "BROTH":
        meat_item = b.ing(b.c(BROTH_MEAT[:3] + BROTH_VEG[:3] + ([("1/2 lb. bulk sausage", "sausage", "m")] if "Sausage" in core else [])))
    elif meat_opts and (b.p(0.45) or "Bacon" in core or "Southern" in core or "Country" in core or "Old-Fashioned" in core or "Calico" in core):
        meat_item = b.ing(b.c(meat_opts))
    if "Sausage" in core and meat_opts != "BROTH" and not b.meat:
        meat_item = b.ing(("1/2 lb. bulk sausage, browned", "sausage", "m"))
    if "Crab" in core:
        b.ing(("1/2 c. crabmeat", "crab", "f"))
    if b.p(0.5):
        b.ings_from(SEASONINGS[:5] + SEASONINGS[6:9], b.c([1, 2]))
    if meat_item in ("bacon",) and meth not in ("slow",):
        b.add(b.c(["Fry bacon in a skillet until crisp; remove, crumble and reserve drippings.", "Cook bacon in a large skillet until crisp; crumble."]), extra=8, app="stove")
    for line in pre:
        if meth == "slow" and "casserole" in line:
            continue
        b.add(line, extra=3 if "3 minutes" in line else 0, app="stove" if "saucepan" in line else None)
    _side_cook(b, meth, x, methods[meth])
    if core.startswith("Twice-Baked") or core.startswith("Stuffed Baked"):
        b.add(b.c(["Scoop out potatoes, mash with butter and sour cream, and refill skins.", "Cut potatoes in half, scoop out insides and mash with remaining ingredients; spoon back into shells."]))
        bake(b, [(15, 20), 20, (20, 25)], "lightly browned", None, covered=None)
    for line in post[:b.c([1, 1, 2])]:
        m = re.search(r"(\d+) minutes", line)
        b.add(line, extra=int(m.group(1)) if m else 0)
    if b.p(0.5):
        b.add(b.c(["Season with salt and pepper.", "Season to taste with salt and pepper.", "Taste and adjust the seasoning.",
                   f"Sprinkle with {b.c(_GARNISH)}.", "Transfer to a warm serving dish.", f"Garnish with {b.c(_GARNISH)}."]))
    if b.p(0.3):
        serve(b, base=False)
    _finish(b, SERVES_SIDE)


# ---------------------------------------------------------------------------------------------
# desserts
# ---------------------------------------------------------------------------------------------

FLOUR = ("[2|2 1/4|2 1/2|3] c. [all-purpose |sifted |]flour", "flour", "")
SUGAR = ("[1|1 1/2|2] c. [sugar|granulated sugar]", "sugar", "")
BROWN_SUGAR = ("[1/2|3/4|1] c. [packed |firmly packed |light |]brown sugar", "brown sugar", "")
BUTTER = ("[1/2|3/4|1] c. [butter|margarine|oleo|shortening][, softened|]", "butter", "")
EGGS = ("[2|3|4] eggs", "eggs", "")
LEAVEN = ("1 tsp. baking [powder|soda]", "baking powder", "")
VANILLA = ("[1|2] tsp. vanilla[ extract|]", "vanilla", "")
SALT = ("[1/2|1/4] tsp. salt", "salt", "")
MILK = ("[1/2|1|3/4] c. [milk|buttermilk|evaporated milk]", "milk", "")
NUTS = ("[1/2|1] c. chopped [nuts|pecans|walnuts]", "nuts", "")
CINN = ("[1|2] tsp. [ground |]cinnamon", "cinnamon", "")
CAKE_MIX = ("1 (18 1/4 oz.) box [yellow|white|chocolate|lemon|spice|butter] cake mix", "cake mix", "")

_CAKES = {
    "Chocolate Cake": [("1/2 c. cocoa", "cocoa", ""), MILK], "Carrot Cake": [("3 c. grated carrots", "carrots", ""), CINN, NUTS, ("1 1/2 c. oil", "oil", "")],
    "Apple Cake": [("3 c. [peeled and |]chopped apples", "apples", ""), CINN, NUTS], "Banana Cake": [("3 ripe bananas, mashed", "bananas", ""), MILK],
    "Lemon Cake": [("1 (3 oz.) box lemon Jell-O", "Jell-O", ""), ("3/4 c. oil", "oil", "")], "Spice Cake": [CINN, ("1/2 tsp. nutmeg", "nutmeg", ""), ("1/2 tsp. cloves", "cloves", "")],
    "Pound Cake": [("1 c. sour cream", "sour cream", ""), ("1 tsp. almond extract", "almond extract", "")], "Coconut Cake": [("2 c. flaked coconut", "coconut", ""), MILK],
    "Red Velvet Cake": [("2 Tbsp. cocoa", "cocoa", ""), ("1 (1 oz.) bottle red food coloring", "food coloring", ""), ("1 c. buttermilk", "buttermilk", "")],
    "Pumpkin Cake": [("1 (15 oz.) can pumpkin", "pumpkin", ""), CINN], "Oatmeal Cake": [("1 c. quick oats", "oats", ""), ("1 1/4 c. boiling water", "water", "")],
    "Hummingbird Cake": [("1 (8 oz.) can crushed pineapple", "pineapple", ""), ("2 c. chopped bananas", "bananas", ""), NUTS],
    "Coca-Cola Cake": [("1 c. Coca-Cola", "Coca-Cola", ""), ("2 Tbsp. cocoa", "cocoa", ""), ("1 1/2 c. miniature marshmallows", "marshmallows", "")],
    "7-Up Cake": [("3/4 c. 7-Up", "7-Up", ""), ("2 Tbsp. lemon extract", "lemon extract", "")], "Zucchini Cake": [("2 c. grated zucchini", "zucchini", ""), CINN, NUTS],
    "German Chocolate Cake": [("4 oz. German sweet chocolate", "chocolate", ""), ("1 c. buttermilk", "buttermilk", "")], "Applesauce Cake": [("1 1/2 c. applesauce", "applesauce", ""), CINN, ("1 c. raisins", "raisins", "")],
}
_FROSTINGS = [
    ("cream cheese", [("1 (8 oz.) pkg. cream cheese, softened", "cream cheese", ""), ("1 (16 oz.) box powdered sugar", "powdered sugar", "")], False),
    ("buttercream", [("1/2 c. butter, softened", "butter", ""), ("3 c. powdered sugar", "powdered sugar", ""), ("2 Tbsp. milk", "milk", "")], False),
    ("cooked", [("1/2 c. butter", "butter", ""), ("1/4 c. cocoa", "cocoa", ""), ("1/3 c. milk", "milk", ""), ("1 lb. powdered sugar", "powdered sugar", "")], True),
    ("glaze", [("1 c. powdered sugar", "powdered sugar", ""), ("2 Tbsp. [lemon juice|milk|orange juice]", "liquid", "")], False),
    ("cool whip", [("1 (8 oz.) tub Cool Whip, thawed", "Cool Whip", "")], False),
]
_PAN_TIMES = {
    "9x13-inch pan": [(30, 35), (35, 40), 40, (25, 30), 35], "two 9-inch round cake pans": [(25, 30), (30, 35), 30, 35],
    "greased and floured Bundt pan": [(45, 50), (50, 60), 60, (60, 70), (55, 60)], "10-inch tube pan": [(60, 70), (60, 75), 75, (70, 80)],
    "9x5-inch loaf pan": [(60, 70), 60, (55, 65)],
}


def _frost(b: _B, allow_cooked: bool = True):
    name, ings, cooked = b.c([f for f in _FROSTINGS if allow_cooked or not f[2]])
    for e in ings:
        b.ing(e)
    if cooked:
        t = b.tc([1, 2, (1, 2)])
        b.add(b.c([f"For frosting, bring butter, cocoa and milk to a boil in a saucepan; boil {t}. Remove from heat and beat in powdered sugar.",
                   f"Frosting: In a saucepan over medium heat, bring butter, milk and cocoa to a boil and cook {t}; stir in powdered sugar until smooth."]), app="stove")
        b.add(b.c(["Spread over warm cake.", "Pour frosting over cake while it is still warm."]))
    elif name == "cool whip":
        b.add(b.c(["Spread Cool Whip over top.", "Frost with Cool Whip."]))
    elif name == "glaze":
        b.add(b.c(["Mix powdered sugar and liquid until smooth; drizzle over cake.", "Combine glaze ingredients and spoon over the top."]))
    else:
        b.add(b.c([f"For frosting, beat {ings[0][1]} and powdered sugar until fluffy; spread over cake.", "Beat frosting ingredients until smooth and frost the cake.",
                   "Frost with " + name + " frosting."]))


def d_cake(b: _B):
    style = b.w({"scratch": 5, "mix": 3, "dump": 1, "poke": 1, "mug": 1.5, "slow": 0.8})
    flav = b.c(list(_CAKES))
    if style == "scratch":
        pan = b.c(list(_PAN_TIMES))
        core = flav if "Pound" not in flav or "tube" in pan or "Bundt" in pan or "loaf" in pan else flav
        if "Bundt" in pan and b.p(0.4):
            core = flav.replace("Cake", "Bundt Cake")
        if "9x13" in pan and b.p(0.25):
            core = flav.replace("Cake", "Sheet Cake")
        b.title = _style_title(b, core)
        for e in [FLOUR, SUGAR, BUTTER, EGGS, LEAVEN, SALT, VANILLA]:
            if e in (SALT, VANILLA) and b.p(0.3):
                continue
            b.ing(e)
        for e in _CAKES[flav]:
            b.ing(e)
        v = b.c([325, 350, 350, 350, 375])
        if b.p(0.7):
            preheat(b, v, pan)
            v = None
        b.add(b.c(["Cream butter and sugar until light and fluffy.", "In a large bowl, cream shortening and sugar.", "Beat butter and sugar together until creamy."]))
        b.add(b.c(["Add eggs one at a time, beating well after each.", "Beat in eggs, one at a time.", "Add eggs and beat well."]))
        b.add(b.c(["Sift together dry ingredients; add alternately with milk.", "Combine flour, baking powder and salt; add to creamed mixture.",
                   "Stir in dry ingredients just until blended.", "Add flour mixture and mix on low speed until smooth."]))
        extras = [e[1] for e in _CAKES[flav] if e[1] not in ("milk", "buttermilk")]
        if extras:
            mix_in(b, extras[:2] + (["vanilla"] if any("vanilla" in i for i in b.ings) else []))
        b.add(b.c([f"Pour batter into a greased and floured {pan}.", f"Spread in prepared {pan}.", f"Pour into a {pan}."]))
        if b.p(0.2):
            b.add(b.c(["Bake until a toothpick inserted in the center comes out clean.", "Bake until cake tests done.",
                       "Bake until cake springs back when lightly touched."]) if v is None else
                  f"Bake at {b.deg(v)} until a toothpick inserted in center comes out clean.", extra=45, app="oven")
        else:
            bake(b, _PAN_TIMES[pan], b.c(["a toothpick inserted in center comes out clean", "cake tests done", "golden"]), v)
        if b.p(0.5):
            t = b.tc([10, 15, (10, 15), 5])
            b.add(b.c([f"Cool in pan {t}; turn out onto a wire rack.", f"Let cool in pan {t} before removing."]))
        if b.p(0.5):
            cool_long(b, "cake")
        if b.p(0.7):
            _frost(b)
    elif style == "mix":
        core = b.c([flav, "Easy " + flav, flav.replace("Cake", "Pudding Cake"), "Cake Mix " + flav if "Cake" in flav else flav, "Dream Cake", "Better Than Anything Cake",
                    "Earthquake Cake", "Sock-It-To-Me Cake", "Harvey Wallbanger Cake", "Pig Pickin' Cake"])
        b.title = _style_title(b, core)
        b.ing(CAKE_MIX)
        b.ing("1 (3.4 oz.) box instant [vanilla|chocolate|lemon|butterscotch] pudding[ mix|]")
        b.ing("[3|4] eggs")
        b.ing("[1/2|3/4|1] c. [oil|vegetable oil|Wesson oil]")
        b.ing("[3/4|1] c. [water|milk|sour cream|orange juice]")
        if b.p(0.5):
            b.ing(b.c([NUTS, ("1 c. chocolate chips", "chocolate chips", ""), ("1 (11 oz.) can mandarin oranges", "oranges", ""), ("1 c. flaked coconut", "coconut", "")]))
        pan = b.c(["9x13-inch pan", "greased and floured Bundt pan", "10-inch tube pan"])
        v = b.c([325, 350, 350])
        pre = b.p(0.6)
        if pre:
            preheat(b, v, pan)
        b.add(b.c(["Combine cake mix, pudding, eggs, oil and water; beat 2 minutes.", "Beat all ingredients with a mixer on medium speed for 2 minutes.",
                   "Mix cake ingredients together until well blended."]))
        b.add(b.c([f"Pour into a greased {pan}.", f"Pour batter into prepared {pan}."]))
        bake(b, _PAN_TIMES[pan] if "9x13" not in pan else [(35, 40), 40, (40, 45), (30, 35)], "cake tests done", None if pre else v)
        if b.p(0.5):
            cool_long(b, "cake")
        if b.p(0.6):
            _frost(b)
    elif style == "dump":
        fruit = b.c(["Cherry", "Apple", "Peach", "Blueberry", "Pineapple", "Cherry Pineapple"])
        b.title = _style_title(b, b.c([f"{fruit} Dump Cake", "Dump Cake", f"{fruit} Cobbler Cake", f"Easy {fruit} Dump Cake"]))
        b.ing(f"1 (21 oz.) can {fruit.split()[0].lower()} pie filling")
        if "Pineapple" in fruit or b.p(0.4):
            b.ing("1 (20 oz.) can crushed pineapple, undrained")
        b.ing("1 box [yellow|white|butter pecan] cake mix")
        b.ing("[1/2|3/4|1] c. butter, melted")
        if b.p(0.5):
            b.ing(NUTS)
        slowc = b.p(0.3)
        where = b.c(_SLOW) if slowc else "a greased 9x13-inch pan"
        b.add(f"Spread fruit in {where}.")
        b.add(b.c(["Sprinkle dry cake mix evenly over fruit.", "Top with dry cake mix; do not stir."]))
        b.add(b.c(["Drizzle melted butter over top.", "Pour butter evenly over the cake mix; sprinkle with nuts."]))
        if slowc:
            slow(b, ((2, 3), 3, (3, 4), (2, 4)))
        else:
            bake(b, [45, 60, (45, 50), (50, 60), (45, 60)], "golden brown", b.c([350, 350, 375]))
        if b.p(0.4):
            b.add(b.c(["Serve warm with ice cream.", "Serve with whipped cream."]))
    elif style == "poke":
        j = b.c(["Strawberry", "Cherry", "Lime", "Raspberry", "Orange"])
        b.title = _style_title(b, b.c([f"{j} Poke Cake", f"{j} Jell-O Cake", "Jell-O Poke Cake", f"{j} Refrigerator Cake"]))
        b.ing("1 box white cake mix")
        b.ing(f"1 (3 oz.) box {j.lower()} Jell-O")
        b.ing("1 c. water")
        b.ing("1 (8 oz.) tub Cool Whip")
        b.add(b.c(["Bake cake in a 9x13-inch pan according to package directions; cool.", "Prepare and bake cake mix as directed on box in a 9x13 pan. Cool."]), extra=35, app="oven")
        b.add(b.c(["Poke holes all over the cake with a fork.", "With a wooden spoon handle, poke holes in cake at 1-inch intervals."]))
        if b.p(0.5):
            b.add(b.c(["Bring 1 c. water to a boil in a saucepan; stir in Jell-O until dissolved.", "Dissolve Jell-O in water heated to boiling in a small saucepan."]), extra=5, app="stove")
        else:
            b.add("Microwave 1 c. water on high 2 minutes; stir in Jell-O until dissolved.", extra=2, app="microwave")
        b.add(b.c(["Pour slowly over cake.", "Spoon gelatin over the cake so it runs into the holes."]))
        chill(b, "cake")
        b.add(b.c(["Frost with Cool Whip.", "Spread Cool Whip over top before serving."]))
    elif style == "mug":
        f = b.c(["Chocolate", "Vanilla", "Peanut Butter", "Funfetti", "Nutella", "Brownie"])
        b.title = _style_title(b, b.c([f"{f} Mug Cake", f"Microwave {f} Mug Cake", f"5-Minute {f} Cake in a Mug", f"{f} Cake in a Cup"]))
        b.ing("4 Tbsp. flour")
        b.ing("[3|4] Tbsp. sugar")
        if f in ("Chocolate", "Brownie"):
            b.ing("2 Tbsp. cocoa")
        b.ing("1 egg" if b.p(0.5) else "1/4 tsp. baking powder")
        b.ing("3 Tbsp. [milk|oil]")
        b.ing(b.c(["2 Tbsp. chocolate chips", "1 Tbsp. peanut butter", "1 Tbsp. Nutella", "1 Tbsp. sprinkles", "splash of vanilla"]))
        b.add(b.c(["Combine dry ingredients in a large microwave-safe mug.", "Mix flour, sugar and other dry ingredients in a coffee mug.",
                   "In a large mug, whisk together the dry ingredients."]))
        b.add(b.c(["Add wet ingredients and stir until smooth.", "Stir in the milk and flavoring until well mixed.", "Add remaining ingredients and mix well with a fork."]))
        t = b.tc([1, (1, 2), 2])
        b.add(b.c([f"Microwave on high {t}.", f"Cook in microwave {t}, until the cake rises.", f"Microwave {t} or until the cake rises."]), app="microwave")
        if b.p(0.5):
            t = b.tc([1, 2, (1, 2)])
            b.add(f"Let cool {t} before eating.")
    else:
        f = b.c(["Chocolate Lava Cake", "Hot Fudge Pudding Cake", "Peach Cobbler Cake", "Apple Spice Cake", "Chocolate Pudding Cake"])
        b.title = _style_title(b, b.c([f"Crock-Pot {f}", f"Slow Cooker {f}", f"Crockpot {f}"]))
        b.ing("1 box [chocolate|devil's food|spice|yellow] cake mix")
        b.ing("[3|4] eggs")
        b.ing("1/2 c. oil")
        b.ing("1 (3.9 oz.) box instant chocolate pudding" if "Chocolate" in f or "Fudge" in f else "1 (21 oz.) can pie filling")
        b.ing("2 c. milk")
        b.add(b.c([f"Spray {b.c(_SLOW)} with cooking spray.", f"Grease the inside of a {b.c(_SLOW)}."]))
        b.add(b.c(["Mix cake mix, eggs and oil; pour into cooker.", "Prepare cake batter and spread in the crock."]))
        b.add(b.c(["Whisk pudding with milk and pour over batter. Do not stir.", "Spoon filling over batter."]))
        slow(b, ((2, 3), 3, (3, 4), (2, 2)))
        b.add(b.c(["Serve warm with ice cream.", "Spoon into bowls and top with whipped cream."]))
    _finish(b, ["Serves 12.", "Makes 12 to 15 servings.", "Serves 16.", "Yield: 1 (9x13-inch) cake."] if style not in ("mug",) else ["Serves 1.", "Makes 1 serving."])


_PIES = {
    "Apple Pie": ("fruit", [("6 c. [thinly sliced |peeled and sliced ]apples", "apples", ""), CINN, ("2 Tbsp. flour", "flour", "")]),
    "Cherry Pie": ("fruit", [("2 (16 oz.) cans tart cherries, drained", "cherries", ""), ("3 Tbsp. cornstarch", "cornstarch", "")]),
    "Peach Pie": ("fruit", [("5 c. sliced peaches", "peaches", ""), ("1/4 c. flour", "flour", "")]),
    "Blueberry Pie": ("fruit", [("4 c. fresh blueberries", "blueberries", ""), ("3 Tbsp. cornstarch", "cornstarch", "")]),
    "Rhubarb Pie": ("fruit", [("4 c. chopped rhubarb", "rhubarb", ""), ("3 Tbsp. flour", "flour", "")]),
    "Pumpkin Pie": ("custard", [("1 (15 oz.) can pumpkin", "pumpkin", ""), ("1 (12 oz.) can evaporated milk", "evaporated milk", ""), ("2 eggs", "eggs", ""), ("1 tsp. pumpkin pie spice", "spice", "")]),
    "Pecan Pie": ("custard", [("1 c. light corn syrup", "corn syrup", ""), ("3 eggs", "eggs", ""), ("1 1/2 c. pecan halves", "pecans", "")]),
    "Chess Pie": ("custard", [("1 1/2 c. sugar", "sugar", ""), ("3 eggs", "eggs", ""), ("1 Tbsp. cornmeal", "cornmeal", ""), ("1 Tbsp. vinegar", "vinegar", "")]),
    "Sweet Potato Pie": ("custard", [("2 c. mashed sweet potatoes", "sweet potatoes", ""), ("2 eggs", "eggs", ""), ("1/2 c. milk", "milk", "")]),
    "Buttermilk Pie": ("custard", [("1 c. buttermilk", "buttermilk", ""), ("3 eggs", "eggs", ""), ("1 1/2 c. sugar", "sugar", "")]),
    "Chocolate Cream Pie": ("cream", [("2 c. milk", "milk", ""), ("1/4 c. cornstarch", "cornstarch", ""), ("2 squares unsweetened chocolate", "chocolate", ""), ("3 egg yolks", "egg yolks", "")]),
    "Banana Cream Pie": ("cream", [("2 c. milk", "milk", ""), ("1/3 c. flour", "flour", ""), ("3 egg yolks", "egg yolks", ""), ("2 bananas, sliced", "bananas", "")]),
    "Coconut Cream Pie": ("cream", [("2 c. milk", "milk", ""), ("1/4 c. cornstarch", "cornstarch", ""), ("1 c. flaked coconut", "coconut", "")]),
    "Lemon Meringue Pie": ("cream", [("1 1/2 c. water", "water", ""), ("1/3 c. cornstarch", "cornstarch", ""), ("1/2 c. lemon juice", "lemon juice", ""), ("3 eggs, separated", "eggs", "")]),
    "Key Lime Pie": ("keylime", [("1 (14 oz.) can sweetened condensed milk", "condensed milk", ""), ("1/2 c. key lime juice", "lime juice", ""), ("3 egg yolks", "egg yolks", "")]),
    "Strawberry Pie": ("icebox", [("1 qt. fresh strawberries", "strawberries", ""), ("1 (3 oz.) box strawberry Jell-O", "Jell-O", ""), ("1 c. sugar", "sugar", "")]),
    "Peanut Butter Pie": ("icebox", [("1 (8 oz.) pkg. cream cheese", "cream cheese", ""), ("3/4 c. peanut butter", "peanut butter", ""), ("1 (8 oz.) tub Cool Whip", "Cool Whip", "")]),
    "Million Dollar Pie": ("icebox", [("1 (14 oz.) can sweetened condensed milk", "condensed milk", ""), ("1 (20 oz.) can crushed pineapple, drained", "pineapple", ""), ("1 (8 oz.) tub Cool Whip", "Cool Whip", "")]),
    "Chocolate Pudding Pie": ("icebox", [("2 (3.9 oz.) boxes instant chocolate pudding", "pudding", ""), ("2 1/2 c. cold milk", "milk", ""), ("1 (8 oz.) tub Cool Whip", "Cool Whip", "")]),
    "Impossible Coconut Pie": ("impossible", [("1/2 c. Bisquick", "Bisquick", ""), ("2 c. milk", "milk", ""), ("4 eggs", "eggs", ""), ("1 c. flaked coconut", "coconut", "")]),
}


def d_pie(b: _B):
    name = b.c(list(_PIES))
    kind, ings = _PIES[name]
    core = b.c([name, name, "Homemade " + name, "Old-Fashioned " + name, "Grandma's " + name, "Easy " + name, "Best " + name])
    if kind == "icebox" and b.p(0.3):
        core = name.replace("Pie", b.c(["Icebox Pie", "Refrigerator Pie", "Freezer Pie"]))
    b.title = _style_title(b, core, adjs=False)
    crust = {"fruit": "pastry for a 2-crust 9-inch pie", "custard": "1 (9-inch) unbaked pie shell", "cream": b.c(["1 (9-inch) graham cracker crust", "1 prepared chocolate crumb crust", "1 (9-inch) vanilla wafer crust"]),
             "keylime": "1 (9-inch) graham cracker crust", "icebox": b.c(["1 (9-inch) graham cracker crust", "1 prepared chocolate crumb crust", "1 (9-inch) shortbread crust"]),
             "impossible": None}[kind]
    if crust:
        b.ing(crust)
    for e in ings:
        b.ing(e)
    if kind in ("fruit", "custard", "cream") and not any("sugar" in i for i in b.ings):
        b.ing(b.c([SUGAR, BROWN_SUGAR]))
    if kind in ("fruit",) and b.p(0.5):
        b.ing("2 Tbsp. butter")
    if kind == "fruit":
        v = b.c([375, 400, 425, 425])
        pre = b.p(0.6)
        if pre:
            preheat(b, v, "9-inch pie plate")
        b.add(b.c(["Line a 9-inch pie plate with half the pastry.", "Roll out half the dough and fit into a pie pan."]))
        mix(b, [ings[0][1], "sugar", ings[1][1] if len(ings) > 1 else "spices"])
        b.add(b.c(["Spoon filling into crust; dot with butter.", "Pour fruit into shell and dot with butter."]))
        b.add(b.c(["Cover with top crust; seal edges and cut slits in top.", "Top with remaining pastry, flute edges and cut vents.", "Make a lattice top with remaining dough."]))
        bake(b, [(45, 50), 50, (50, 60), (40, 45), 45, 60], b.c(["crust is golden and juice bubbles", "golden brown", "filling is bubbly"]), None if pre else v)
        if b.p(0.4):
            cool_long(b, "pie")
    elif kind == "custard":
        v = b.c([350, 350, 375, 425])
        pre = b.p(0.6)
        if pre:
            preheat(b, v, "pie shell")
        mix(b, [e[1] for e in ings[:3]])
        b.add(b.c(["Pour into unbaked pie shell.", "Pour filling into crust.", "Pour mixture into pastry shell."]))
        if b.p(0.3):
            t1 = b.tc([10, 15])
            b.add(f"Bake at 425° for {t1}; reduce heat to 350°.", app="oven")
        bake(b, [(40, 45), (45, 50), 45, 50, (50, 60), 60], b.c(["a knife inserted near center comes out clean", "set", "filling is set"]), None if pre else v)
        if b.p(0.4):
            cool_long(b, "pie")
    elif kind == "cream":
        t = b.tc([(8, 10), 10, (5, 8), 8, (10, 12)])
        b.add(b.c([f"In a saucepan, combine sugar, cornstarch and milk; cook over medium heat, stirring constantly, until thick, {t}.",
                   f"Cook filling ingredients in a heavy saucepan over medium heat {t}, stirring, until mixture boils and thickens.",
                   f"In top of double boiler, cook milk, sugar and thickening {t}, stirring until thick."]), app="stove")
        if b.p(0.5):
            b.add("Stir a little hot mixture into yolks; return to pan and cook 2 minutes more.", extra=2, app="stove")
        else:
            b.add("Remove from heat; stir in butter and vanilla.")
        b.add(b.c(["Pour into baked pie shell.", "Pour filling into crust."]))
        if "Meringue" in name or b.p(0.3):
            b.add("Beat egg whites with sugar until stiff peaks form; spread over filling, sealing to edge.")
            bake(b, [(10, 12), (12, 15), 10, 15], "meringue is golden", b.c([350, 375, 400]))
        chill(b, "pie")
        if "Meringue" not in name and b.p(0.5):
            b.add(b.c(["Top with whipped cream before serving.", "Garnish with Cool Whip."]))
    elif kind == "keylime":
        mix(b, ["condensed milk", "lime juice", "egg yolks"])
        b.add("Pour into crust.")
        if b.p(0.6):
            bake(b, [15, (12, 15), (10, 15)], "lightly browned at the edges", b.c([350, 375]))
        chill(b, "pie")
        b.add(b.c(["Top with whipped cream.", "Serve with Cool Whip."]))
    elif kind == "icebox":
        if "Jell-O" in " ".join(b.ings):
            t = b.tc([2, 3, (2, 3)])
            if b.p(0.6):
                b.add(f"Bring sugar, cornstarch and water to a boil in a saucepan; cook {t} until clear. Stir in Jell-O.", app="stove")
            else:
                b.add(f"Microwave sugar, cornstarch and water {t}, stirring once, until clear; stir in Jell-O.", app="microwave")
            b.add("Arrange berries in crust and pour glaze over.")
        else:
            mix(b, [ings[0][1], ings[1][1]])
            b.add(b.c([f"Fold in {ings[2][1]}.", "Fold in whipped topping and spoon into crust."]))
        if b.p(0.3) or "Freezer" in core:
            freeze(b, "pie")
        else:
            chill(b, "pie")
    else:
        v = b.c([350, 350, 400])
        b.add(b.c(["Combine all ingredients in a blender; blend 1 minute.", "Beat all ingredients until well blended."]))
        b.add("Pour into a greased 10-inch pie plate.")
        bake(b, [(45, 50), 45, 50, (40, 45)], "a knife inserted in center comes out clean", v)
    _finish(b, ["Serves 8.", "Makes 1 (9-inch) pie.", "Serves 6 to 8.", "Yield: 8 servings."])


_COOKIES = {
    "Chocolate Chip Cookies": [("1 (12 oz.) pkg. chocolate chips", "chocolate chips", ""), NUTS], "Oatmeal Raisin Cookies": [("3 c. [quick |old-fashioned |]oats", "oats", ""), ("1 c. raisins", "raisins", "")],
    "Peanut Butter Cookies": [("1 c. peanut butter", "peanut butter", "")], "Snickerdoodles": [("2 tsp. cream of tartar", "cream of tartar", ""), ("2 Tbsp. sugar mixed with 2 tsp. cinnamon", "cinnamon sugar", "")],
    "Sugar Cookies": [("1/2 tsp. nutmeg", "nutmeg", ""), ("colored sugar", "colored sugar", "")], "Molasses Cookies": [("1/4 c. molasses", "molasses", ""), ("1 tsp. ginger", "ginger", ""), CINN],
    "Ginger Snaps": [("1/4 c. molasses", "molasses", ""), ("2 tsp. ginger", "ginger", "")], "Monster Cookies": [("1 1/2 c. peanut butter", "peanut butter", ""), ("1 c. M&M's", "M&M's", ""), ("4 c. oats", "oats", "")],
    "Cowboy Cookies": [("2 c. oats", "oats", ""), ("1 c. chocolate chips", "chocolate chips", ""), ("1 c. coconut", "coconut", "")], "Butter Cookies": [("1 tsp. almond extract", "almond extract", "")],
    "Coconut Macaroons": [("3 c. flaked coconut", "coconut", ""), ("2/3 c. sweetened condensed milk", "condensed milk", "")], "Thumbprint Cookies": [("1/2 c. [raspberry|strawberry] jam", "jam", "")],
    "Shortbread": [("1/2 c. powdered sugar", "powdered sugar", "")], "Chocolate Crinkles": [("1/2 c. cocoa", "cocoa", ""), ("powdered sugar", "powdered sugar", "")],
}


def d_cookies(b: _B):
    style = b.w({"drop": 5, "stovetop": 1.5, "bars": 3, "treats": 1.2})
    if style == "drop":
        name = b.c(list(_COOKIES))
        b.title = _style_title(b, name)
        for e in [BUTTER, SUGAR, EGGS, FLOUR, LEAVEN, SALT, VANILLA]:
            if e in (SALT, VANILLA, EGGS) and b.p(0.25):
                continue
            b.ing(e)
        for e in _COOKIES[name]:
            b.ing(e)
        chill_dough = name in ("Sugar Cookies", "Chocolate Crinkles", "Molasses Cookies", "Shortbread") and b.p(0.6) or b.p(0.1)
        v = b.c([350, 350, 375, 375, 325, 400])
        pre = b.p(0.5) and not chill_dough
        if pre:
            preheat(b, v, b.c(["cookie sheet", "baking sheet"]))
        b.add(b.c(["Cream butter and sugars until fluffy.", "Beat shortening and sugar until light.", "In a large bowl, cream margarine and sugar."]))
        if any(i.endswith("eggs") for i in b.ings):
            b.add(b.c(["Beat in eggs and vanilla.", "Add eggs, one at a time, beating well."]))
        b.add(b.c(["Stir in flour, soda and salt.", "Gradually add dry ingredients and mix well.", "Sift dry ingredients together and blend into creamed mixture."]))
        mix_in(b, [e[1] for e in _COOKIES[name]][:2])
        if chill_dough:
            chill(b, "dough", d="firm")
        b.add(b.c(["Drop by teaspoonfuls onto ungreased cookie sheets.", "Roll into 1-inch balls and place 2 inches apart on baking sheet.",
                   "Drop by rounded spoonfuls 2 inches apart onto greased cookie sheets.", "Roll dough 1/4 inch thick and cut with cookie cutters.",
                   "Shape into balls; flatten with a fork dipped in sugar."]))
        bake(b, [8, 10, (8, 10), (10, 12), 12, (9, 11), (12, 15)], b.c(["lightly browned", "golden around the edges", "golden"]), None if pre else v)
        if b.p(0.5):
            b.add(b.c(["Cool on wire racks.", "Remove to racks to cool.", "Let cool 2 minutes on sheet, then remove to rack."]))
        _finish(b, ["Makes 4 dozen.", "Makes about 3 dozen.", "Yield: 5 dozen cookies.", "Makes 2 doz.", "Makes 6 dozen."])
    elif style == "stovetop":
        name = b.c(["Boiled Cookies", "Chocolate Oatmeal Drops", "Preacher Cookies", "Stovetop Cookies", "Haystacks", "Boiled Chocolate Oatmeal Cookies", "Peanut Butter Haystacks"])
        b.title = _style_title(b, name)
        mwave = "Haystacks" in name and b.p(0.6)
        if "Haystacks" in name:
            b.ing("1 (12 oz.) pkg. butterscotch chips")
            b.ing("1/2 c. peanut butter")
            b.ing("1 (5 oz.) can chow mein noodles")
            b.ing("1 c. [dry-roasted |]peanuts")
        else:
            b.ing("2 c. sugar")
            b.ing("1/2 c. milk")
            b.ing("1/2 c. butter")
            b.ing("[3|4] Tbsp. cocoa")
            b.ing("1/2 c. peanut butter")
            b.ing("3 c. quick oats")
            b.ing("1 tsp. vanilla")
        if mwave:
            mw_melt(b, "butterscotch chips and peanut butter")
        elif "Haystacks" in name:
            melt(b, "butterscotch chips and peanut butter")
        else:
            t = b.tc([1, 2, (1, 2), 3])
            b.add(b.c([f"In a saucepan, bring sugar, milk, butter and cocoa to a rolling boil; boil {t}.", f"Combine sugar, cocoa, milk and butter in a heavy pan; bring to a boil and boil {t}."]),
                  extra=5, app="stove")
        mix_in(b, ["peanut butter", "oats and vanilla"] if "Haystacks" not in name else ["noodles", "peanuts"])
        b.add(b.c(["Drop by teaspoonfuls onto waxed paper.", "Spoon onto wax paper in small mounds.", "Drop quickly onto buttered waxed paper."]))
        if b.p(0.55):
            b.add(b.c(["Let stand until set.", "Let cool until firm.", "Cool until firm, about 1 hour.", "Refrigerate until set."]), extra=60)
        else:
            t = b.tc([5, 10, (10, 15), 15])
            b.add(b.c([f"Let cool {t} before serving.", f"Cool {t}, then enjoy."]))
        _finish(b, ["Makes 3 dozen.", "Makes about 4 dozen.", "Makes 2 dozen."])
    elif style == "bars":
        name = b.c(["Brownies", "Fudge Brownies", "Blonde Brownies", "Lemon Bars", "Magic Cookie Bars", "Seven Layer Bars", "Congo Bars", "Oatmeal Bars",
                    "Pumpkin Bars", "Chocolate Chip Bars", "Toffee Bars", "Date Bars", "Zucchini Bars", "Cheesecake Bars"])
        b.title = _style_title(b, name)
        if name in ("Magic Cookie Bars", "Seven Layer Bars"):
            for e in ["1/2 c. butter, melted", "1 1/2 c. graham cracker crumbs", "1 (14 oz.) can sweetened condensed milk", "1 c. chocolate chips", "1 c. butterscotch chips", "1 1/3 c. flaked coconut", NUTS]:
                b.ing(e)
            v = b.c([350, 350, 325])
            b.add("Pour butter into a 9x13-inch pan; sprinkle crumbs evenly over butter.")
            b.add("Pour condensed milk over crumbs; top with chips, coconut and nuts in layers. Press down firmly.")
            bake(b, [25, (25, 30), 30], "lightly browned", v)
        elif name == "Lemon Bars":
            for e in ["2 c. flour", "1/2 c. powdered sugar", "1 c. butter", "4 eggs", "2 c. sugar", "1/3 c. lemon juice"]:
                b.ing(e)
            v = b.c([350, 350, 325])
            b.add("Mix flour, powdered sugar and butter; press into a 9x13-inch pan.")
            bake(b, [(15, 20), 20, (20, 25)], "lightly browned", v)
            b.add("Beat eggs, sugar and lemon juice; pour over hot crust.")
            bake(b, [25, (20, 25), (25, 30)], "set", None)
            b.add("Dust with powdered sugar.")
        else:
            for e in [BUTTER, SUGAR, EGGS, FLOUR, VANILLA]:
                b.ing(e)
            if "Brown" in name or "Fudge" in name:
                b.ing("[1/2|1/3] c. cocoa")
            else:
                b.ing(b.c([("1 c. chocolate chips", "chocolate chips", ""), ("1 (15 oz.) can pumpkin", "pumpkin", ""), ("1 c. chopped dates", "dates", ""), ("1 c. toffee bits", "toffee bits", "")]))
            if b.p(0.5):
                b.ing(NUTS)
            v = b.c([325, 350, 350])
            pre = b.p(0.5)
            if pre:
                preheat(b, v, b.c(["9x13-inch pan", "8-inch square pan", "jelly roll pan"]))
            if b.p(0.4):
                melt(b, "butter and cocoa" if "cocoa" in " ".join(b.ings) else "butter") if b.p(0.6) else mw_melt(b, "butter")
            mix(b, ["sugar", "eggs", "vanilla"])
            mix_in(b, ["flour", "remaining ingredients"])
            b.add(b.c(["Spread in a greased pan.", "Pour into a greased 9x13-inch pan.", "Spread batter evenly in prepared pan."]))
            bake(b, [(20, 25), 25, (25, 30), 30, (30, 35), (35, 40), 40], b.c(["edges pull away from pan", "top is shiny", "lightly browned"]), None if pre else v)
        if b.p(0.5):
            cool_long(b, "bars")
        elif b.p(0.4):
            _frost(b, allow_cooked=b.p(0.5))
        b.add(b.c(["Cut into bars.", "Cut into squares.", "Cut into 24 bars.", "Cut in squares to serve."]))
        _finish(b, ["Makes 24 bars.", "Makes 2 dozen.", "Makes 36 squares.", "Yield: 16 brownies."])
    else:
        name = b.c(["Rice Krispie Treats", "Rice Krispies Treats", "Scotcheroos", "Special K Bars", "Puppy Chow", "Muddy Buddies", "Cornflake Wreaths"])
        b.title = _style_title(b, name)
        mwave = b.p(0.45)
        if name in ("Puppy Chow", "Muddy Buddies"):
            for e in ["9 c. Chex cereal", "1 c. chocolate chips", "1/2 c. peanut butter", "1/4 c. butter", "1 1/2 c. powdered sugar"]:
                b.ing(e)
            (mw_melt if mwave else melt)(b, "chocolate chips, peanut butter and butter")
            b.add("Pour over cereal and stir until evenly coated.")
            b.add("Place in a large zip-top bag with powdered sugar; shake until well coated.")
            b.add(b.c(["Spread on waxed paper to cool.", "Store in an airtight container."]))
        else:
            for e in ["[3 Tbsp.|1/4 c.] butter", "1 (10 oz.) pkg. [marshmallows|miniature marshmallows]" if "Scotch" not in name and "Special" not in name else "1 c. sugar",
                      "[6|5] c. [Rice Krispies|crisp rice cereal|Special K cereal|cornflakes]"]:
                b.ing(e)
            if "Scotch" in name or "Special" in name:
                b.ing("1 c. light corn syrup")
                b.ing("1 c. peanut butter")
                b.ing("1 (6 oz.) pkg. chocolate chips")
            if mwave:
                t = b.tc([2, 3, (2, 3)])
                b.add(f"Microwave butter and marshmallows on high {t}, stirring after each minute, until smooth.", app="microwave")
            else:
                b.add(b.c(["Melt butter in a large saucepan over low heat; add marshmallows and stir until melted.", "In a large pan over low heat, melt butter and marshmallows, stirring constantly.",
                           "Bring sugar and corn syrup to a boil in a saucepan; remove from heat and stir in peanut butter."]), extra=4, app="stove")
            b.add(b.c(["Add cereal and stir until well coated.", "Stir in cereal until evenly coated."]))
            b.add(b.c(["Press into a buttered 9x13-inch pan.", "Using a buttered spatula, press mixture evenly into pan."]))
            t = b.tc([5, 10, (5, 10), 15])
            b.add(b.c([f"Let stand {t}, then cut into squares.", f"Cool {t}; cut into bars.", f"Let set {t} before cutting."]))
        _finish(b, ["Makes 24 squares.", "Makes 2 dozen.", "Makes about 10 cups."])


def d_candy(b: _B):
    name = b.c(["Fudge", "Chocolate Fudge", "Peanut Butter Fudge", "Microwave Fudge", "Five-Minute Fudge", "Easy Fudge", "Buckeyes", "Peanut Brittle",
                "Chocolate-Covered Strawberries", "Caramel Corn", "Candied Pecans", "Divinity", "Pralines", "Peanut Clusters", "English Toffee"])
    b.title = _style_title(b, name)
    if "Fudge" in name:
        mwave = "Microwave" in name or b.p(0.3)
        if "Peanut Butter" in name:
            b.ing("2 c. sugar")
            b.ing("2/3 c. milk")
            b.ing("1 c. peanut butter")
            b.ing("1 (7 oz.) jar marshmallow creme")
        else:
            b.ing("[3|2] c. [semi-sweet |]chocolate chips")
            b.ing("1 (14 oz.) can sweetened condensed milk")
            b.ing("[2 Tbsp.|1/4 c.] butter")
        b.ing(VANILLA)
        if b.p(0.5):
            b.ing(NUTS)
        if mwave:
            t = b.tc([2, 3, (2, 3), (1, 2)])
            b.add(f"In a microwave-safe bowl, microwave chips, milk and butter on high {t}, stirring every minute, until melted.", app="microwave")
        elif "Peanut Butter" in name:
            t = b.tc([3, 4, 5, (3, 5)])
            b.add(f"In a heavy saucepan, bring sugar and milk to a boil; boil {t}, stirring constantly.", app="stove")
        else:
            b.add(b.c(["In a heavy saucepan over low heat, melt chips with condensed milk and butter.", "Melt chocolate and milk in top of double boiler, stirring until smooth."]),
                  extra=5, app="stove")
        mix_in(b, ["vanilla", "nuts" if any("nuts" in i or "pecans" in i or "walnuts" in i for i in b.ings) else "peanut butter" if "Peanut" in name else "vanilla"][:2])
        b.add(b.c(["Spread evenly in a buttered 8-inch square pan.", "Pour into a foil-lined 9-inch pan.", "Pour into a greased 8x8 pan."]))
        chill(b, "fudge", d="firm")
        b.add(b.c(["Cut into squares.", "Cut into 1-inch squares.", "Cut in small squares; store covered."]))
    elif name == "Buckeyes":
        for e in ["1 1/2 c. peanut butter", "1/2 c. butter, softened", "1 lb. powdered sugar", "2 c. chocolate chips", "2 Tbsp. shortening"]:
            b.ing(e)
        mix(b, ["peanut butter", "butter", "powdered sugar"])
        b.add("Roll into 1-inch balls and place on waxed paper.")
        chill(b, "balls", d="firm")
        (melt if b.p(0.5) else mw_melt)(b, "chocolate chips and shortening")
        b.add("Dip balls in chocolate with a toothpick, leaving a circle of peanut butter showing.")
        if b.p(0.5):
            chill(b)
    elif name == "Peanut Brittle":
        for e in ["1 c. sugar", "1/2 c. light corn syrup", "1 c. raw peanuts", "1 tsp. baking soda", "1 Tbsp. butter"]:
            b.ing(e)
        if b.p(0.5):
            t = b.tc([(4, 5), 5, 4])
            b.add(f"Microwave sugar and corn syrup on high {t}; stir in peanuts.", app="microwave")
            t = b.tc([(3, 4), 3])
            b.add(f"Microwave {t} more, until light brown.", app="microwave")
        else:
            b.add("Cook sugar, corn syrup and water in a heavy saucepan over medium heat to 300° on a candy thermometer, stirring in peanuts near the end.", extra=25, app="stove")
        b.add("Stir in butter and soda quickly; pour onto a buttered cookie sheet and spread thin.")
        cool_long(b)
        b.add("Break into pieces.")
    elif name == "Chocolate-Covered Strawberries":
        for e in ["1 qt. strawberries with stems", "1 c. semi-sweet chocolate chips", "1 Tbsp. shortening"]:
            b.ing(e)
        b.add("Wash strawberries and pat completely dry.")
        (melt if b.p(0.4) else mw_melt)(b, "chocolate and shortening")
        b.add("Dip each berry in chocolate and place on waxed paper.")
        chill(b, "berries", d="chocolate is set")
    elif name == "Caramel Corn":
        for e in ["[4|5] qt. popped popcorn", "1 c. butter", "2 c. brown sugar", "1/2 c. light corn syrup", "1/2 tsp. baking soda"]:
            b.ing(e)
        t = b.tc([5, 4, (4, 5)])
        b.add(f"Bring butter, brown sugar and corn syrup to a boil in a saucepan; boil {t} without stirring.", app="stove")
        b.add("Remove from heat; stir in soda and pour over popcorn, stirring to coat.")
        bake(b, [60, 45, (45, 60)], "crisp", 250)
        b.add("Stir every 15 minutes during baking. Cool and break apart.")
    elif name == "Candied Pecans":
        for e in ["1 lb. pecan halves", "1 egg white", "1 c. sugar", "1 tsp. cinnamon"]:
            b.ing(e)
        mix(b, ["egg white", "sugar", "cinnamon"])
        b.add("Toss pecans in the mixture to coat; spread on a baking sheet.")
        bake(b, [60, 45, (45, 60)], "dry", b.c([250, 275]))
        b.add("Stir every 15 minutes. Cool.")
    elif name in ("Divinity", "Pralines", "English Toffee"):
        base = {"Divinity": ["3 c. sugar", "3/4 c. light corn syrup", "2 egg whites", "1 tsp. vanilla"], "Pralines": ["1 1/2 c. sugar", "3/4 c. brown sugar", "1/2 c. milk", "2 c. pecans", "4 Tbsp. butter"],
                "English Toffee": ["1 c. butter", "1 c. sugar", "3 Tbsp. water", "1 c. chocolate chips", "1/2 c. chopped almonds"]}[name]
        for e in base:
            b.ing(e)
        t = b.tc([(15, 20), 20, 15])
        b.add(f"Cook sugar mixture in a heavy saucepan over medium heat, stirring, to the soft ball stage, about {t}.", app="stove")
        b.add(b.c(["Beat until mixture begins to lose its gloss.", "Remove from heat and beat until creamy.", "Pour into a buttered pan."]))
        b.add(b.c(["Drop by spoonfuls onto waxed paper; let stand until firm.", "Let stand until set, then break into pieces."]), extra=60)
    else:
        for e in ["1 (12 oz.) pkg. chocolate chips", "1 (12 oz.) pkg. butterscotch chips", "1 (16 oz.) jar dry-roasted peanuts"]:
            b.ing(e)
        if b.p(0.5):
            t = b.tc([2, 3, (2, 3)])
            b.add(f"Microwave chips in a large bowl {t}, stirring every minute, until melted.", app="microwave")
        elif b.p(0.5):
            melt(b, "chips")
        else:
            b.add(f"Place chips in {b.c(_SLOW)}; cover and cook on low 1 hour, stirring occasionally.", extra=60, app="slow_cooker")
        b.add("Stir in peanuts.")
        b.add("Drop by spoonfuls onto waxed paper.")
        if b.p(0.6):
            chill(b, d="firm")
        else:
            t = b.tc([10, (10, 15), 15])
            b.add(f"Let cool {t} and serve.")
    _finish(b, ["Makes about 2 lb.", "Makes 3 dozen pieces.", "Makes 64 squares.", "Makes about 2 pounds."])


def d_pudding(b: _B):
    name = b.c(["Banana Pudding", "Chocolate Pudding", "Vanilla Pudding", "Rice Pudding", "Bread Pudding", "Tapioca Pudding", "Butterscotch Pudding",
                "Flan", "Baked Custard", "Dirt Cups", "Chocolate Delight", "Cherry Delight", "Trifle", "Tiramisu"])
    b.title = _style_title(b, name)
    if name in ("Dirt Cups", "Chocolate Delight", "Cherry Delight", "Trifle", "Tiramisu") or (name == "Banana Pudding" and b.p(0.5)):
        base = {"Dirt Cups": ["1 (3.9 oz.) pkg. instant chocolate pudding", "2 c. cold milk", "1 (8 oz.) tub Cool Whip", "15 Oreo cookies, crushed", "gummy worms"],
                "Chocolate Delight": ["1 c. flour", "1/2 c. butter, melted", "1 (8 oz.) pkg. cream cheese", "2 (3.9 oz.) pkg. instant chocolate pudding", "3 c. milk", "1 (12 oz.) tub Cool Whip"],
                "Cherry Delight": ["2 c. graham cracker crumbs", "1/2 c. butter, melted", "1 (8 oz.) pkg. cream cheese", "1 c. powdered sugar", "1 (21 oz.) can cherry pie filling", "1 (8 oz.) tub Cool Whip"],
                "Trifle": ["1 prepared angel food cake, cubed", "1 (5 oz.) pkg. instant vanilla pudding", "3 c. milk", "2 c. sliced strawberries", "1 (8 oz.) tub Cool Whip"],
                "Tiramisu": ["2 (3 oz.) pkg. ladyfingers", "1 c. strong coffee", "1 (8 oz.) container mascarpone cheese", "1/2 c. sugar", "1 c. heavy cream", "2 Tbsp. cocoa"],
                "Banana Pudding": ["1 (5 oz.) pkg. instant vanilla pudding", "3 c. milk", "1 (8 oz.) tub Cool Whip", "1 (12 oz.) box vanilla wafers", "[4|5|6] bananas, sliced"]}[name]
        for e in base:
            b.ing(e)
        if name == "Chocolate Delight":
            b.add("Mix flour and butter; press into a 9x13-inch pan.")
            bake(b, [15, (15, 20), 20], "lightly browned", b.c([350, 375]))
            b.add("Cool crust.")
        elif name == "Cherry Delight":
            b.add("Mix crumbs and butter; press into a 9x13-inch dish.")
        b.add(b.c(["Beat pudding mix and cold milk with a whisk 2 minutes; let stand 5 minutes.", "Whisk pudding and milk together until thickened.",
                   "Prepare pudding with milk according to package directions."]), extra=5)
        b.add(b.c(["Fold in half the Cool Whip.", "Layer ingredients in a glass bowl, ending with whipped topping.", "Spread over crust and top with remaining topping."]))
        if b.p(0.7) or name in ("Tiramisu", "Chocolate Delight", "Cherry Delight"):
            chill(b, "dessert")
        else:
            b.add(b.c(["Serve immediately.", "Spoon into cups and serve right away."]))
    elif name in ("Bread Pudding", "Flan", "Baked Custard", "Rice Pudding") and (name != "Rice Pudding" or b.p(0.5)):
        base = {"Bread Pudding": ["[4|6] c. day-old bread cubes", "3 eggs", "2 c. milk", "3/4 c. sugar", "1/2 c. raisins", "1 tsp. cinnamon"],
                "Flan": ["3/4 c. sugar", "1 (14 oz.) can sweetened condensed milk", "1 (12 oz.) can evaporated milk", "3 eggs", "1 tsp. vanilla"],
                "Baked Custard": ["4 eggs", "1/2 c. sugar", "2 1/2 c. milk", "1 tsp. vanilla", "nutmeg"],
                "Rice Pudding": ["1/2 c. uncooked rice", "4 c. milk", "1/2 c. sugar", "1/2 c. raisins", "1 tsp. cinnamon"]}[name]
        for e in base:
            b.ing(e)
        v = b.c([325, 350, 350])
        if name == "Flan":
            t = b.tc([5, (5, 8), 8])
            b.add(f"Melt sugar in a heavy skillet over medium heat {t}, until golden; pour into a 9-inch pie plate.", app="stove")
        mix(b, [_short_of(x) for x in base[1:4]])
        b.add({"Bread Pudding": "Pour over bread in a greased 2-qt. dish.", "Flan": "Pour over the caramel in the pie plate and set in a pan of hot water.",
               "Baked Custard": b.c(["Pour into custard cups and set in a pan of hot water.", "Pour into a buttered baking dish."]),
               "Rice Pudding": "Pour into a buttered baking dish."}[name])
        bake(b, [(45, 50), 50, 60, (50, 60), (60, 90), 90], b.c(["a knife inserted near center comes out clean", "set", "pudding is set"]), v)
        if name == "Flan" or b.p(0.4):
            chill(b, d="cold")
    else:
        if name == "Banana Pudding":
            base = ["3/4 c. sugar", "1/3 c. flour", "3 eggs, separated", "2 c. milk", "1 tsp. vanilla", "vanilla wafers", "4 bananas"]
        elif name == "Rice Pudding":
            base = ["1 c. cooked rice", "2 c. milk", "1/3 c. sugar", "1 egg, beaten", "1/2 tsp. cinnamon"]
        elif name == "Tapioca Pudding":
            base = ["3 Tbsp. minute tapioca", "1/3 c. sugar", "2 3/4 c. milk", "1 egg, beaten", "3/4 tsp. vanilla"]
        else:
            flav = name.split()[0].lower()
            base = ["2/3 c. sugar", "3 Tbsp. cornstarch", "2 1/2 c. milk", "2 egg yolks", "1 tsp. vanilla"] + (["1/3 c. cocoa"] if flav == "chocolate" else ["2 Tbsp. butter"])
        for e in base:
            b.ing(e)
        if b.p(0.3):
            t = b.tc([(5, 6), 6, (6, 8), 8])
            b.add(f"Combine sugar, thickener and milk in a microwave-safe bowl; microwave {t}, stirring every 2 minutes, until thick.", app="microwave")
        else:
            t = b.tc([(5, 7), (8, 10), 10, (10, 12), 15, (12, 15)])
            b.add(b.c([f"In a saucepan, combine sugar, cornstarch and milk; cook over medium heat, stirring constantly, until thick and bubbly, {t}.",
                       f"Cook milk mixture in a heavy saucepan over medium heat {t}, stirring, until it boils and thickens.",
                       f"In top of double boiler, cook pudding ingredients {t}, stirring often."]), app="stove")
        b.add(b.c(["Remove from heat; stir in vanilla.", "Stir in vanilla and butter.", "Remove from heat and add vanilla."]))
        if name == "Banana Pudding":
            b.add("Layer wafers, bananas and pudding in a serving dish.")
        if b.p(0.6):
            chill(b, d="cold")
        else:
            b.add(b.c(["Serve warm.", "Spoon into dishes and serve warm.", "Serve warm with a dollop of whipped cream."]))
    _finish(b, ["Serves 6.", "Serves 8.", "Makes 6 servings.", "Serves 10 to 12.", "Serves 4."])


_FRUITS = ["Apple", "Peach", "Cherry", "Blueberry", "Blackberry", "Rhubarb", "Strawberry Rhubarb", "Pear", "Mixed Berry"]


def d_fruit(b: _B):
    style = b.w({"crisp": 4, "baked_apples": 1, "grilled": 1, "fruit_dip": 1, "shortcake": 1, "fruit_pizza": 1})
    if style == "crisp":
        fruit = b.c(_FRUITS)
        kind = b.c(["Crisp", "Cobbler", "Crumble", "Crunch", "Betty"])
        meth = b.w({"oven": 6, "mw": 1.5, "slow": 1.5})
        core = f"{fruit} {kind}"
        if meth != "oven" and b.p(0.6):
            core = {"mw": "Microwave", "slow": b.c(["Crock-Pot", "Slow Cooker"])}[meth] + " " + core
        b.title = _style_title(b, core)
        b.ing(f"[4|5|6] c. [sliced |fresh |]{fruit.lower()}{'s' if fruit in ('Apple', 'Peach', 'Pear') else ''}" if b.p(0.7) else f"2 (21 oz.) cans {fruit.split()[-1].lower()} pie filling")
        for e in [("[1/2|3/4] c. [sugar|brown sugar]", "sugar", ""), ("[3/4|1] c. [flour|quick oats]", "topping", ""), ("[1/2|1/3] c. [butter|margarine][, softened|, melted|]", "butter", ""), CINN]:
            b.ing(e)
        if b.p(0.3):
            b.ing(NUTS)
        b.add(b.c(["Place fruit in a greased baking dish." if meth == "oven" else "Place fruit in a microwave-safe dish." if meth == "mw" else f"Put fruit in {b.c(_SLOW)}.",
                   "Toss fruit with half the sugar and spread in the dish." if meth != "slow" else "Toss fruit with half the sugar and place in the slow cooker."]))
        b.add(b.c(["Mix flour, remaining sugar and cinnamon; cut in butter until crumbly.", "Combine topping ingredients until crumbly.", "Blend oats, flour, brown sugar and butter with a fork."]))
        b.add(b.c(["Sprinkle over fruit.", "Spread topping over fruit.", "Crumble topping evenly over the fruit."]))
        if meth == "oven":
            bake(b, [(40, 45), 45, (35, 40), 50, (45, 50), (30, 35)], b.c(["topping is golden and fruit is bubbly", "golden brown", "fruit is tender"]), b.c([350, 375, 375, 400]))
        elif meth == "mw":
            mw(b, "crisp", [(10, 12), 12, (8, 10), (12, 14)], d="fruit is tender")
            stand_short(b)
        else:
            slow(b, ((2, 3), (3, 4), 4, (2, 4)))
        if b.p(0.5):
            b.add(b.c(["Serve warm with vanilla ice cream.", "Serve warm with whipped cream.", "Top with ice cream to serve."]))
    elif style == "baked_apples":
        meth = b.c(["oven", "mw", "slow", "air"])
        core = {"oven": "Baked Apples", "mw": "Microwave Baked Apples", "slow": "Crock-Pot Baked Apples", "air": "Air Fryer Baked Apples"}[meth]
        b.title = _style_title(b, core)
        for e in ["[4|6] [baking |Rome |Granny Smith ]apples", "1/4 c. brown sugar", "1/4 c. raisins", "1 tsp. cinnamon", "2 Tbsp. butter"]:
            b.ing(e)
        b.add(b.c(["Core apples and peel a strip around the top.", "Core apples, leaving bottoms intact."]))
        b.add("Fill centers with brown sugar, raisins and cinnamon; dot with butter.")
        if meth == "oven":
            b.add("Place in a baking dish with 1/2 c. water.")
            bake(b, [(45, 60), 45, 60, (40, 45)], "apples are tender", b.c([350, 375]))
        elif meth == "mw":
            mw(b, "apples", [(5, 6), (6, 8), 8, 5], d="tender")
            stand_short(b)
        elif meth == "slow":
            b.add(f"Place in {b.c(_SLOW)} with 1/2 c. water.")
            slow(b, ((2, 3), 3, (3, 4)))
        else:
            airfry(b, "apples", [(12, 15), 15, (10, 12)], d="tender")
    elif style == "grilled":
        fruit = b.c(["Peaches", "Pineapple", "Bananas", "Pears", "Banana Boats"])
        meth = "grill" if b.p(0.8) else "air"
        core = f"Grilled {fruit}" if meth == "grill" else f"Air Fryer {fruit}"
        if fruit == "Banana Boats":
            core = "Campfire Banana Boats" if meth == "grill" else "Air Fryer Banana Boats"
        b.title = _style_title(b, core)
        b.ing({"Peaches": "[4|6] ripe peaches, halved and pitted", "Pineapple": "1 fresh pineapple, cut in spears", "Bananas": "4 firm bananas, halved lengthwise",
               "Pears": "4 pears, halved and cored", "Banana Boats": "4 bananas, unpeeled"}[fruit])
        for e in b.sample(["2 Tbsp. butter, melted", "2 Tbsp. honey", "1/4 c. brown sugar", "1/2 tsp. cinnamon", "1/2 c. chocolate chips", "1/2 c. miniature marshmallows"], 3):
            b.ing(e)
        b.add(b.c(["Brush fruit with butter and sprinkle with sugar and cinnamon.", "Cut a slit in each banana peel and stuff with chocolate and marshmallows." if "Boat" in fruit else "Brush cut sides with honey butter."]))
        if meth == "grill":
            grill(b, "fruit", [(3, 4), 3, (2, 3), 4], "marked and tender")
        else:
            airfry(b, "fruit", [(8, 10), 8, (6, 8)], d="caramelized")
        b.add(b.c(["Serve warm with ice cream.", "Top with vanilla ice cream or whipped cream.", "Serve immediately."]))
    elif style == "fruit_dip":
        b.title = _style_title(b, b.c(["Fruit Dip", "Cream Cheese Fruit Dip", "Marshmallow Fruit Dip", "Caramel Apple Dip", "Fluffy Fruit Dip"]))
        for e in b.sample(["1 (8 oz.) pkg. cream cheese, softened", "1 (7 oz.) jar marshmallow creme", "1/2 c. brown sugar", "1 (8 oz.) carton vanilla yogurt",
                           "1 tsp. vanilla", "1/2 c. Cool Whip"], 3):
            b.ing(e)
        b.ing("assorted fresh fruit for dipping")
        b.add(b.c(["Beat all ingredients with a mixer until fluffy.", "Blend everything together until smooth and creamy.", "Beat ingredients together until smooth."]))
        if b.p(0.4):
            chill(b)
        else:
            b.add(b.c(["Serve with apple slices and strawberries.", "Serve immediately with fresh fruit.", "Spoon into a bowl and serve with fruit."]))
    elif style == "shortcake":
        b.title = _style_title(b, b.c(["Strawberry Shortcake", "Peach Shortcake", "Berry Shortcake", "Old-Fashioned Strawberry Shortcake"]))
        for e in ["1 qt. strawberries, sliced", "1/2 c. sugar", "2 c. Bisquick", "2/3 c. milk", "3 Tbsp. butter, melted", "whipped cream"]:
            b.ing(e)
        b.add("Toss berries with sugar.")
        if b.p(0.5):
            t = b.tc([10, 15, (10, 15)])
            b.add(f"Let stand {t} to draw out the juice.")
        else:
            chill(b, "berries")
        b.add("Mix Bisquick, milk and butter until a soft dough forms; drop into 6 mounds on an ungreased cookie sheet.")
        bake(b, [(8, 10), 10, (10, 12)], "golden brown", b.c([425, 450]))
        b.add("Split warm shortcakes; fill and top with berries and whipped cream.")
    else:
        b.title = _style_title(b, b.c(["Fruit Pizza", "Sugar Cookie Fruit Pizza", "Fruit Tart"]))
        for e in ["1 (16.5 oz.) roll refrigerated sugar cookie dough", "1 (8 oz.) pkg. cream cheese, softened", "1/3 c. sugar", "2 c. assorted fresh fruit, sliced", "1/4 c. apricot preserves"]:
            b.ing(e)
        b.add("Press cookie dough into a 12-inch pizza pan.")
        bake(b, [(10, 12), 12, (12, 14)], "golden", 350)
        b.add(b.c(["Cool completely.", "Cool crust completely on a rack."]), extra=60)
        b.add("Beat cream cheese and sugar; spread over crust.")
        b.add("Arrange fruit on top and brush with warmed preserves.")
        chill(b)
    _finish(b, ["Serves 6.", "Serves 8.", "Serves 4.", "Makes 8 servings.", "Serves 6 to 8."])


def d_frozen(b: _B):
    name = b.c(["Homemade Vanilla Ice Cream", "Peach Ice Cream", "Strawberry Ice Cream", "Frozen Strawberry Dessert", "Ice Cream Sandwich Cake",
                "Frozen Yogurt Pops", "Fudgesicles", "Orange Sherbet", "Frozen Lemonade Pie", "Mud Pie", "Frozen Fruit Cups", "Banana Split Dessert"])
    b.title = _style_title(b, name)
    if "Ice Cream" in name and "Sandwich" not in name:
        for e in ["[2|4] c. heavy cream", "[1|2] c. milk", "3/4 c. sugar", "1 Tbsp. vanilla"] + ([f"2 c. mashed {name.split()[0].lower()}{'es' if name.startswith('Peach') else 's'}"] if "Vanilla" not in name else []):
            b.ing(e)
        if b.p(0.5):
            b.ing("4 egg yolks")
            t = b.tc([(8, 10), 10, (5, 8)])
            b.add(f"Heat milk, sugar and yolks in a saucepan over medium-low heat, stirring constantly, until mixture coats a spoon, {t}.", app="stove")
            chill(b, "custard", d="cold")
        else:
            mix(b, ["cream", "milk", "sugar", "vanilla"])
        b.add(b.c(["Pour into ice cream freezer can and freeze according to manufacturer's directions.", "Freeze in an ice cream maker as directed."]), extra=25)
        if b.p(0.6):
            freeze(b, "ice cream")
    else:
        for e in b.sample(["1 (8 oz.) tub Cool Whip", "1 (14 oz.) can sweetened condensed milk", "1 (6 oz.) can frozen lemonade concentrate", "1 (12 oz.) pkg. ice cream sandwiches",
                           "2 c. sliced strawberries", "1 (20 oz.) can crushed pineapple", "1 c. chocolate syrup", "2 c. vanilla yogurt", "1 (3.9 oz.) pkg. instant chocolate pudding",
                           "2 bananas, sliced", "1 graham cracker crust", "1/2 c. chopped pecans"], b.c([3, 4, 5])):
            b.ing(e)
        b.add(b.c(["Mix all ingredients except crust until blended." if any("crust" in i for i in b.ings) else "Mix all ingredients until blended.", "Combine ingredients in a large bowl and stir well.", "Layer ingredients in a 9x13-inch pan, ending with Cool Whip.",
                   "Whisk together and pour into molds or paper cups.", "Blend until smooth; spoon into cups."]))
        freeze(b)
        if b.p(0.5):
            t = b.tc([5, 10, (5, 10)])
            b.add(b.c([f"Let stand at room temperature {t} before serving.", f"Remove from freezer {t} before cutting."]))
    _finish(b, ["Serves 12.", "Makes about 2 quarts.", "Makes 12 pops.", "Serves 8.", "Makes 1 1/2 quarts."])


def d_jello(b: _B):
    j = b.c(["strawberry", "cherry", "lime", "orange", "raspberry", "lemon", "black cherry", "peach"])
    name = b.c([f"{j.title()} Jell-O Salad", "Pretzel Salad", "Strawberry Pretzel Salad", "Lime Jell-O Salad", "Cranberry Salad", "Orange Fluff", "Jell-O Jigglers",
                "Watergate Salad", "Cherry Coke Salad", "Frosted Jell-O Salad", "Sawdust Salad", "Layered Jell-O", "Ribbon Salad", "Jello Parfaits"])
    b.title = _style_title(b, name)
    pretzel = "Pretzel" in name
    if pretzel:
        for e in ["2 c. crushed pretzels", "3/4 c. butter, melted", "3 Tbsp. sugar"]:
            b.ing(e)
    if "Watergate" in name or "Fluff" in name:
        b.ing("1 (3.4 oz.) pkg. instant pistachio pudding" if "Watergate" in name else f"1 (3 oz.) pkg. {j} Jell-O")
    else:
        b.ing(f"[1|2] (3 oz.) pkg. {j} Jell-O" if b.p(0.5) else f"1 (6 oz.) box {j} gelatin")
        b.ing("[1|2] c. water")
    for e in b.sample(["1 (20 oz.) can crushed pineapple", "1 (8 oz.) tub Cool Whip", "1 (8 oz.) pkg. cream cheese, softened", "1 c. miniature marshmallows",
                       "1 (16 oz.) can whole cranberry sauce", "1/2 c. chopped pecans", "1 c. cottage cheese", "2 c. sliced strawberries", "2 bananas, sliced", "1 c. cold water"], b.c([2, 3])):
        b.ing(e)
    if pretzel:
        b.add("Mix pretzels, butter and sugar; press into a 9x13-inch pan.")
        bake(b, [10, (8, 10), 10], "lightly browned", b.c([350, 400]))
        b.add("Cool crust.")
    if "Watergate" in name or "Fluff" in name:
        b.add(b.c(["Stir dry mix into pineapple and cottage cheese.", "Mix dry pudding or gelatin with the pineapple."]))
        b.add("Fold in Cool Whip, marshmallows and nuts.")
    else:
        r = b.r.random()
        if r < 0.55:
            b.add(b.c(["Bring water to a boil in a saucepan; add Jell-O and stir until dissolved.", "Heat water to boiling in a small saucepan and dissolve gelatin in it.",
                       "In a saucepan, bring 1 c. water to a boil; remove from heat and stir in gelatin until dissolved."]), extra=5, app="stove")
        else:
            b.add(b.c(["Microwave water in a glass bowl on high 2 minutes; stir in gelatin until dissolved.", "Heat water in the microwave until very hot and dissolve Jell-O in it."]),
                  extra=2, app="microwave")
        if b.p(0.5):
            b.add(b.c(["Chill until slightly thickened.", "Refrigerate until partially set."]), extra=60)
        mix_in(b, ["fruit", "remaining ingredients"])
        b.add(b.c(["Pour into a 9x13-inch dish.", "Pour into a mold.", "Pour over crust." if pretzel else "Pour into a glass serving bowl.", "Spoon into parfait glasses."]))
    chill(b, d="firm" if "Jigglers" in name else "set")
    if "Jigglers" in name:
        b.add("Cut into shapes with cookie cutters.")
    _finish(b, ["Serves 12.", "Serves 10 to 12.", "Serves 8.", "Makes 12 servings."])


def d_quick(b: _B):
    name = b.c(["S'mores Dip", "Air Fryer Donuts", "Funnel Cakes", "Chocolate Fondue", "Microwave Peanut Butter Cookies", "Cinnamon Sugar Tortilla Chips",
                "Fried Apple Pies", "Churros", "Microwave Brownie in a Mug", "Banana Foster", "Bananas Foster", "Strawberries Romanoff"])
    b.title = _style_title(b, name)
    if name == "S'mores Dip":
        for e in ["1 (12 oz.) pkg. chocolate chips", "[16|20] large marshmallows, halved", "graham crackers for dipping"]:
            b.ing(e)
        b.add("Spread chocolate chips in a cast-iron pan or 9-inch pie plate; top with marshmallows.")
        if b.p(0.6):
            bake(b, [(5, 7), (6, 8), 8, 5], "marshmallows are golden", b.c([400, 450]))
        else:
            b.add("Place on the grill over medium coals and cook, covered, 5 to 7 minutes until marshmallows are toasted.", extra=7, app="grill")
        b.add("Serve immediately with graham crackers.")
    elif name == "Air Fryer Donuts":
        for e in ["1 (16 oz.) can refrigerated biscuits", "1/4 c. butter, melted", "1/2 c. sugar", "1 tsp. cinnamon"]:
            b.ing(e)
        b.add("Cut a hole in the center of each biscuit with a small cutter.")
        airfry(b, "donuts", [(5, 6), 5, (4, 6), 6], d="golden")
        b.add("Brush with butter and roll in cinnamon sugar.")
    elif name in ("Funnel Cakes", "Churros", "Fried Apple Pies"):
        base = {"Funnel Cakes": ["2 eggs", "1 1/2 c. milk", "2 c. flour", "1 tsp. baking powder", "oil for frying", "powdered sugar"],
                "Churros": ["1 c. water", "1/2 c. butter", "1 c. flour", "3 eggs", "oil for frying", "1/2 c. cinnamon sugar"],
                "Fried Apple Pies": ["2 c. dried apples, cooked", "1/2 c. sugar", "1 tsp. cinnamon", "1 (10 oz.) can refrigerated biscuits", "oil for frying"]}[name]
        for e in base:
            b.ing(e)
        if name == "Churros":
            t = b.tc([1, 2])
            b.add(f"Bring water and butter to a boil in a saucepan; stir in flour and cook {t}, then beat in eggs.", app="stove")
        else:
            mix(b, [_short_of(x) for x in base[:3]])
        t = b.tc([(2, 3), 2, 3, (1, 2)])
        b.add(b.c([f"Heat oil in a deep skillet to 375°; fry in batches {t}, turning once.", f"Fry in hot oil in a heavy skillet {t}, until golden brown."]), app="stove")
        b.add(b.c(["Drain on paper towels and dust with powdered sugar.", "Drain and roll in cinnamon sugar while warm.", "Drain on paper towels."]))
    elif name == "Chocolate Fondue":
        for e in ["1 (12 oz.) pkg. semi-sweet chocolate chips", "3/4 c. heavy cream", "1 tsp. vanilla", "strawberries, bananas and pound cake cubes for dipping"]:
            b.ing(e)
        if b.p(0.5):
            t = b.tc([2, 3, (2, 3)])
            b.add(f"Microwave chocolate and cream {t}, stirring every 30 seconds, until smooth.", app="microwave")
        else:
            b.add("Heat cream in a saucepan over low heat; add chocolate and stir until melted.", extra=5, app="stove")
        b.add("Stir in vanilla and pour into a warm serving bowl.")
        b.add("Serve with fruit and cake for dipping.")
    elif name in ("Microwave Peanut Butter Cookies", "Microwave Brownie in a Mug"):
        for e in (["1 c. peanut butter", "1 c. sugar", "1 egg"] if "Cookies" in name else ["1/4 c. flour", "1/4 c. sugar", "2 Tbsp. cocoa", "2 Tbsp. oil", "3 Tbsp. water"]):
            b.ing(e)
        mix(b, ["all ingredients"])
        if "Cookies" in name:
            b.add("Drop by teaspoonfuls in a ring on waxed paper on a microwave-safe plate.")
            mw(b, "cookies", [(1, 2), 2, (2, 3)], d="puffed")
        else:
            b.add("Pour into a large mug.")
            mw(b, "brownie", [1, (1, 2), (1, 2)], d="it rises")
        b.add("Let cool 1 minute.", extra=1)
    elif name == "Cinnamon Sugar Tortilla Chips":
        for e in ["[8|10] flour tortillas", "1/4 c. butter, melted", "1/2 c. sugar", "1 Tbsp. cinnamon"]:
            b.ing(e)
        b.add("Brush tortillas with butter and sprinkle with cinnamon sugar; cut into wedges.")
        m = b.c(["oven", "air"])
        if m == "oven":
            bake(b, [(8, 10), 10, (10, 12)], "crisp", b.c([350, 375, 400]))
        else:
            airfry(b, "wedges", [(4, 5), 5, (5, 6)], d="crisp")
    elif name in ("Banana Foster", "Bananas Foster"):
        for e in ["1/4 c. butter", "1/2 c. brown sugar", "1/2 tsp. cinnamon", "4 bananas, sliced", "vanilla ice cream"]:
            b.ing(e)
        t = b.tc([2, 3, (2, 3)])
        b.add(f"Melt butter in a skillet over medium heat; stir in brown sugar and cinnamon and cook {t}.", app="stove")
        t = b.tc([1, 2, (1, 2)])
        b.add(f"Add bananas and cook {t}, spooning sauce over them.", app="stove")
        b.add("Serve at once over ice cream.")
    else:
        for e in ["1 qt. strawberries, hulled", "1/2 c. sour cream", "1/4 c. brown sugar", "2 Tbsp. orange juice"]:
            b.ing(e)
        b.add("Mix sour cream, brown sugar and orange juice until smooth.")
        b.add("Spoon over strawberries and serve.")
    _finish(b, ["Serves 4.", "Serves 6.", "Makes 12.", "Serves 8."])


def fam_dessert(b: _B):
    b.kind, b.main = "dessert", False
    sub = b.w({d_cake: 5, d_pie: 4, d_cookies: 5, d_candy: 2, d_pudding: 2.5, d_fruit: 3, d_frozen: 1.2, d_jello: 1.5, d_quick: 1.8})
    sub(b)


# ---------------------------------------------------------------------------------------------
# breads
# ---------------------------------------------------------------------------------------------

def fam_bread(b: _B):
    b.kind, b.main = "bread", False
    style = b.w({"yeast": 3, "quick": 3, "muffins": 2.5, "biscuits": 2, "cornbread": 1.5, "garlic": 1.2, "fried": 1, "scones": 0.8, "canned": 1})
    if style == "yeast":
        name = b.c(["White Bread", "Honey Wheat Bread", "Dinner Rolls", "Cinnamon Rolls", "Parker House Rolls", "Potato Rolls", "French Bread", "Oatmeal Bread",
                    "Focaccia", "Whole Wheat Bread", "Crescent Rolls", "Sweet Rolls", "Cloverleaf Rolls", "Herb Bread", "Refrigerator Rolls"])
        b.title = _style_title(b, name)
        for e in ["[1|2] pkg. [active |]dry yeast", "[1|1 1/2|2] c. warm water (110°)", "[1/4|1/3] c. [sugar|honey]", "[1|1 1/2|2] tsp. salt", "[2|3] Tbsp. [shortening|butter|oil]",
                  "[5|5 1/2|6] c. [all-purpose |bread |whole wheat |]flour"]:
            b.ing(e)
        if "Roll" in name or b.p(0.3):
            b.ing("[1|2] egg[s|]")
        if "Cinnamon" in name or "Sweet" in name:
            b.ing("1/2 c. brown sugar mixed with 2 tsp. cinnamon")
            b.ing("1 c. powdered sugar")
        if "Oatmeal" in name:
            b.ing("1 c. rolled oats")
        b.add(b.c(["Dissolve yeast in warm water.", "Sprinkle yeast over warm water and stir to dissolve.", "In a large bowl, dissolve yeast in warm water; let stand 5 minutes until foamy."]), extra=5)
        b.add(b.c(["Stir in sugar, salt, shortening and half the flour; beat until smooth.", "Add sugar, salt, egg and shortening; stir in enough flour to make a soft dough.",
                   "Mix in remaining ingredients and enough flour to form a stiff dough."]))
        t = b.tc([5, 8, 10, (8, 10), (5, 10)])
        b.add(b.c([f"Turn onto a floured board and knead {t}, until smooth and elastic.", f"Knead dough {t}.", f"Knead on a lightly floured surface for {t}."]))
        if "Refrigerator" in name:
            chill(b, "dough")
        else:
            rise(b)
        b.add(b.c(["Punch down; shape into loaves and place in greased loaf pans." if "Roll" not in name else "Punch down and shape into rolls; place on a greased baking sheet.",
                   "Punch dough down. Divide in half and shape." if "Roll" not in name else "Shape into 24 balls and place in a greased 9x13-inch pan.",
                   "Roll out into a rectangle, spread with cinnamon sugar, roll up and cut into 12 slices." if "Cinnamon" in name or "Sweet" in name else "Shape as desired."]))
        if b.p(0.7):
            rise(b, again=True)
        v = b.c([350, 375, 375, 400, 425])
        if b.p(0.4):
            preheat(b, v)
            v = None
        if b.p(0.2) and "Roll" not in name:
            b.add("Bake until golden and loaves sound hollow when tapped." if v is None else f"Bake at {b.deg(v)} until loaves sound hollow when tapped.", extra=35, app="oven")
        else:
            bake(b, [(25, 30), 30, (30, 35), (35, 40), 35] if "Roll" not in name else [(12, 15), 15, (15, 20), (18, 20), 20], b.c(["golden brown", "lightly browned"]), v)
        if "Cinnamon" in name or "Sweet" in name:
            b.add("Mix powdered sugar with a little milk and drizzle over warm rolls.")
        elif b.p(0.4):
            b.add(b.c(["Brush tops with melted butter.", "Remove from pans and cool on racks.", "Brush with butter while hot."]))
        _finish(b, ["Makes 2 loaves.", "Makes 2 dozen rolls.", "Makes 24 rolls.", "Yield: 1 loaf.", "Makes 12 rolls."])
    elif style == "quick":
        name = b.c(["Banana Bread", "Banana Nut Bread", "Zucchini Bread", "Pumpkin Bread", "Cranberry Nut Bread", "Lemon Poppy Seed Bread", "Date Nut Bread",
                    "Irish Soda Bread", "Beer Bread", "Applesauce Bread", "Strawberry Bread", "Poppy Seed Bread", "Carrot Bread", "Apple Bread"])
        slowc = b.p(0.1) and name != "Irish Soda Bread"
        core = ("Crock-Pot " if slowc else "") + name
        b.title = _style_title(b, core)
        if name == "Beer Bread":
            for e in ["3 c. self-rising flour", "3 Tbsp. sugar", "1 (12 oz.) can beer", "1/4 c. butter, melted"]:
                b.ing(e)
            mix(b, ["flour", "sugar", "beer"])
        else:
            for e in [FLOUR, SUGAR, EGGS, ("[1/2|1/3|1] c. [oil|butter, melted|shortening]", "oil", ""), LEAVEN, SALT]:
                b.ing(e)
            main = {"Banana": "[2|3] ripe bananas, mashed", "Zucchini": "2 c. grated zucchini", "Pumpkin": "1 (15 oz.) can pumpkin", "Cranberry": "1 1/2 c. fresh cranberries, chopped",
                    "Lemon": "1/4 c. poppy seeds", "Date": "1 c. chopped dates", "Irish": "1 3/4 c. buttermilk", "Applesauce": "1 c. applesauce", "Strawberry": "2 (10 oz.) pkg. frozen strawberries, thawed",
                    "Poppy": "1 1/2 Tbsp. poppy seeds", "Carrot": "2 c. grated carrots", "Apple": "2 c. chopped apples"}[name.split()[0]]
            mname = b.ing(main)
            if b.p(0.5):
                b.ing(b.c([NUTS, CINN]))
            if b.p(0.5) and not slowc:
                preheat(b, b.c([325, 350, 350, 375]), "9x5-inch loaf pan")
            b.add(b.c(["Beat eggs, sugar and oil until well blended.", "Cream butter and sugar; beat in eggs.", "In a large bowl, mix eggs, sugar and oil."]))
            mix_in(b, [mname, "dry ingredients"])
        if slowc:
            b.add(f"Pour into a greased loaf pan that fits in your {b.c(_SLOW)}; cover with paper towels and the lid.")
            b.add("Cover and cook on high 2 1/2 to 3 hours.", extra=180, app="slow_cooker")
        else:
            b.add(b.c(["Pour into a greased 9x5-inch loaf pan.", "Pour batter into 2 greased and floured loaf pans.", "Spread in a greased and floured loaf pan."]))
            v = None if any("reheat" in d for d in b.dirs) else b.c([325, 350, 350, 375])
            if b.p(0.2):
                b.add("Bake until a toothpick inserted in center comes out clean." if v is None else f"Bake at {b.deg(v)} until a toothpick inserted in center comes out clean.", extra=60, app="oven")
            else:
                bake(b, [60, (55, 60), (60, 70), (50, 60), 50, 75, (45, 50)], b.c(["a toothpick inserted in center comes out clean", "bread tests done"]), v)
            if b.p(0.5):
                t = b.tc([10, (10, 15), 15])
                b.add(b.c([f"Cool in pan {t}; remove to a wire rack.", f"Let stand {t} before removing from pan."]))
        _finish(b, ["Makes 1 loaf.", "Makes 2 loaves.", "Yield: 1 (9x5-inch) loaf.", "Makes 16 slices."])
    elif style == "muffins":
        f = b.c(["Blueberry", "Bran", "Banana Nut", "Apple Cinnamon", "Pumpkin", "Corn", "Lemon Poppy Seed", "Morning Glory", "Oatmeal", "Chocolate Chip", "Cranberry Orange"])
        b.title = _style_title(b, f"{f} Muffins")
        for e in [("[1 1/2|2] c. flour", "flour", ""), ("[1/2|2/3|3/4] c. sugar", "sugar", ""), ("[2|3] tsp. baking powder", "baking powder", ""), SALT,
                  ("1 egg", "egg", ""), ("[3/4|1] c. milk", "milk", ""), ("[1/3|1/2] c. [oil|butter, melted]", "oil", "")]:
            b.ing(e)
        b.ing({"Blueberry": "1 c. fresh blueberries", "Bran": "1 1/2 c. All-Bran cereal", "Banana Nut": "2 ripe bananas, mashed", "Apple Cinnamon": "1 c. chopped apple",
               "Pumpkin": "1 c. canned pumpkin", "Corn": "1 c. yellow cornmeal", "Lemon Poppy Seed": "2 Tbsp. poppy seeds", "Morning Glory": "1 c. grated carrots",
               "Oatmeal": "1 c. quick oats", "Chocolate Chip": "3/4 c. chocolate chips", "Cranberry Orange": "1 c. chopped cranberries"}[f])
        v = b.c([375, 400, 400, 425])
        if b.p(0.5):
            preheat(b, v, "muffin tin")
            v = None
        b.add(b.c(["Mix dry ingredients in a large bowl.", "Stir together flour, sugar, baking powder and salt."]))
        b.add(b.c(["Beat egg with milk and oil; add to dry ingredients, stirring just until moistened.", "Add wet ingredients all at once and stir only until blended; batter will be lumpy."]))
        if f == "Bran" and b.p(0.5):
            chill(b, "batter")
        b.add(b.c(["Fill greased muffin cups 2/3 full.", "Spoon into paper-lined muffin cups.", "Divide batter among 12 greased muffin cups."]))
        bake(b, [15, (15, 18), (18, 20), 20, (20, 25), 25, (12, 15)], b.c(["golden", "tops spring back", "lightly browned"]), v)
        _finish(b, ["Makes 12 muffins.", "Makes 1 dozen.", "Yield: 18 muffins.", "Makes 24 mini muffins."])
    elif style == "biscuits":
        name = b.c(["Buttermilk Biscuits", "Drop Biscuits", "Bisquick Biscuits", "Cheese Biscuits", "Baking Powder Biscuits", "Sour Cream Biscuits", "Angel Biscuits",
                    "Cheddar Bay Biscuits", "Sweet Potato Biscuits", "Southern Biscuits"])
        air = b.p(0.15)
        b.title = _style_title(b, ("Air Fryer " if air else "") + name)
        if "Bisquick" in name or "Cheddar Bay" in name:
            for e in ["2 1/4 c. Bisquick", "[2/3|3/4] c. milk"] + (["1 c. shredded Cheddar cheese", "1/4 c. butter, melted", "1/2 tsp. garlic powder"] if "Cheddar" in name else []):
                b.ing(e)
            b.add(b.c(["Stir Bisquick and milk until a soft dough forms.", "Mix ingredients until soft dough forms; beat 30 seconds."]))
        else:
            for e in ["2 c. [all-purpose |self-rising |]flour", "[1|4] tsp. baking powder".replace("[1|4]", b.c(["1", "4", "2"])), "1/2 tsp. salt",
                      "[1/3|1/2] c. [shortening|butter|cold butter|Crisco]", "[3/4|1] c. [buttermilk|milk|sour cream]"]:
                b.ing(e)
            if "Angel" in name:
                b.ing("1 pkg. dry yeast dissolved in 2 Tbsp. warm water")
            if "Sweet Potato" in name:
                b.ing("1 c. mashed sweet potatoes")
            b.add(b.c(["Sift flour, baking powder and salt into a bowl.", "Mix dry ingredients."]))
            b.add(b.c(["Cut in shortening until mixture resembles coarse crumbs.", "Cut in butter with a pastry blender."]))
            b.add(b.c(["Stir in buttermilk just until moistened.", "Add milk and stir with a fork to form a soft dough."]))
            if "Angel" in name:
                chill(b, "dough")
        if "Drop" in name or "Cheddar" in name:
            b.add("Drop by spoonfuls onto a greased baking sheet." if not air else "Drop by spoonfuls onto parchment in the air fryer basket.")
        else:
            b.add(b.c(["Knead gently 10 times; roll 1/2 inch thick and cut with a biscuit cutter.", "Pat dough out 3/4 inch thick and cut into rounds."]))
        if air:
            airfry(b, "biscuits", [(8, 10), 8, (6, 8)], d="golden")
        else:
            bake(b, [(10, 12), 12, (12, 15), 10, 15, (8, 10)], b.c(["golden brown", "lightly browned"]), b.c([400, 425, 450, 450]))
        if b.p(0.4):
            b.add(b.c(["Brush with melted butter.", "Serve hot with butter and honey.", "Brush tops with garlic butter."]))
        _finish(b, ["Makes 12 biscuits.", "Makes about 10.", "Makes 1 dozen.", "Makes 16 biscuits."])
    elif style == "cornbread":
        name = b.c(["Cornbread", "Corn Bread", "Mexican Cornbread", "Buttermilk Cornbread", "Cast-Iron Cornbread", "Jalapeno Cornbread", "Sweet Cornbread", "Broccoli Cornbread"])
        b.title = _style_title(b, name)
        if b.p(0.35):
            b.ing("2 (8 1/2 oz.) pkg. Jiffy corn muffin mix")
        else:
            for e in ["1 c. [yellow |white |]cornmeal", "1 c. flour", "[2|4] Tbsp. sugar", "1 Tbsp. baking powder", "1/2 tsp. salt"]:
                b.ing(e)
        b.ing("[1|2] egg[s|]")
        b.ing("1 c. [milk|buttermilk]")
        b.ing(b.c(["1/4 c. oil", "1/4 c. bacon drippings", "1/3 c. butter, melted"]) if "Sweet" not in name else "1/3 c. butter, melted")
        if "bacon" in b.ings[-1]:
            b.meat = True
        if "Mexican" in name or "Jalapeno" in name:
            b.ing("1 (8 oz.) can cream-style corn")
            b.ing("[2|3] jalapenos, chopped")
        if "Broccoli" in name:
            b.ing("1 (10 oz.) pkg. frozen chopped broccoli, thawed")
            b.ing("1 c. cottage cheese")
        pan = "cast-iron pan" if "Cast-Iron" in name else b.c(["8-inch square pan", "9-inch square pan", "greased 9x9 pan"])
        v = b.c([400, 425, 425, 450, 375])
        if b.p(0.5):
            preheat(b, v, pan)
            v = None
        if "Cast-Iron" in name:
            b.add("Heat oil in a cast-iron pan in the oven until very hot.", extra=5, app="oven")
        mix(b, ["all ingredients"] if b.p(0.3) else ["cornmeal", "flour", "remaining dry ingredients"])
        if len(b.dirs) < 3:
            b.add("Stir in egg, milk and oil just until blended.")
        b.add(f"Pour into a {pan}." if "Cast-Iron" not in name else "Pour batter into the hot pan.")
        bake(b, [(15, 20), 20, (20, 25), 25, (25, 30), (35, 40), 40], b.c(["golden brown", "lightly browned"]), v)
        _finish(b, ["Serves 8.", "Serves 9.", "Makes 9 squares.", "Serves 6 to 8."])
    elif style == "garlic":
        name = b.c(["Garlic Bread", "Cheesy Garlic Bread", "Garlic Toast", "Parmesan Garlic Bread", "Texas Toast", "Herb Bread Sticks"])
        meth = b.w({"bake": 4, "broil": 2, "air": 1, "grill": 1})
        b.title = _style_title(b, (b.c(["Grilled ", ""]) if meth == "grill" else "Air Fryer " if meth == "air" else "") + name)
        for e in ["1 loaf [French|Italian] bread", "1/2 c. butter, softened", GARLIC if b.p(0.5) else "1 tsp. garlic powder", "2 Tbsp. chopped parsley"]:
            b.ing(e)
        if "Chees" in name or "Parmesan" in name:
            b.ing(b.c(["1/2 c. grated Parmesan cheese", "1 c. shredded mozzarella cheese"]))
        b.add(b.c(["Slice bread in half lengthwise.", "Cut bread into 1-inch slices, not quite through the bottom crust.", "Split loaf horizontally."]))
        b.add(b.c(["Mix butter, garlic and parsley; spread on cut sides.", "Spread garlic butter over bread.", "Combine butter and seasonings and spread between slices."]))
        if meth == "bake":
            if b.p(0.4):
                b.add("Wrap in aluminum foil.")
            bake(b, [10, (10, 12), (12, 15), 15, (15, 20)], "hot and crusty", b.c([350, 375, 400, 425]))
        elif meth == "broil":
            broil(b, "bread")
        elif meth == "air":
            airfry(b, "bread", [(4, 5), 5, (3, 5)], d="toasted")
        else:
            grill(b, "bread", [(1, 2), 2, (2, 3)], "toasted")
        b.add(b.c(["Cut into slices and serve warm.", "Serve hot.", "Slice and serve immediately."]))
        _finish(b, ["Serves 8.", "Serves 6.", "Makes 16 slices."])
    elif style == "fried":
        name = b.c(["Hush Puppies", "Corn Fritters", "Fry Bread", "Indian Fry Bread", "Flour Tortillas", "Johnny Cakes", "Hoe Cakes"])
        b.title = _style_title(b, name)
        if name in ("Hush Puppies", "Corn Fritters", "Johnny Cakes", "Hoe Cakes"):
            for e in ["1 c. [yellow |]cornmeal", "1/2 c. flour", "1 tsp. baking powder", "1/2 tsp. salt", "1 egg", "[1/2|3/4] c. [milk|buttermilk]"] + (["1 small onion, grated"] if name == "Hush Puppies" else ["1 c. whole kernel corn"] if name == "Corn Fritters" else []):
                b.ing(e)
            b.ing(b.c(["oil for frying", "shortening for frying", "bacon grease for frying"]))
            if "bacon" in b.ings[-1]:
                b.meat = True
            mix(b, ["cornmeal", "flour", "remaining ingredients"])
            t = b.tc([(2, 3), 3, (3, 4), 4, (3, 5)])
            b.add(b.c([f"Drop by spoonfuls into hot oil in a deep skillet; fry {t}, until golden brown.", f"Fry by tablespoons in hot fat in a skillet {t}, turning once.",
                       f"Spoon onto a hot greased griddle and cook {t}, turning once."]), app="stove")
            b.add("Drain on paper towels.")
        else:
            for e in ["[2|3] c. flour", "1 Tbsp. baking powder" if "Fry" in name else "1 tsp. baking powder", "1 tsp. salt", "[1/4|1/3] c. [shortening|lard|oil]", "[3/4|1] c. warm water"]:
                b.ing(e)
            if "lard" in b.ings[3]:
                b.meat = True
            b.add(b.c(["Mix flour, baking powder and salt; cut in shortening.", "Combine dry ingredients and work in the fat with your fingers."]))
            b.add("Stir in warm water to make a soft dough; knead until smooth.")
            rest = b.w({"long": 2, "short": 1})
            if rest == "long":
                t = b.tc([60, (60, 120), 120])
                b.add(b.c([f"Cover and let rest {t}.", f"Let dough rest, covered, {t}."]))
            else:
                t = b.tc([10, 15, (10, 15)])
                b.add(b.c([f"Cover and let rest {t}.", f"Let dough rest {t}."]))
            b.add("Divide into 12 balls and roll each into a thin round.")
            if "Tortillas" in name:
                b.add("Cook on a hot ungreased griddle until lightly browned on both sides.", extra=5, app="stove")
            else:
                t = b.tc([1, 2, (1, 2)], mult=2)
                b.add(f"Fry in hot oil in a heavy skillet {t} per side, until puffed and golden.", app="stove")
        _finish(b, ["Makes 2 dozen.", "Makes 12.", "Serves 6.", "Makes about 20."])
    elif style == "scones":
        f = b.c(["Cranberry", "Blueberry", "Cinnamon", "Lemon", "Cheddar", "Orange", "Chocolate Chip", "Raisin"])
        b.title = _style_title(b, f"{f} Scones")
        for e in ["2 c. flour", "1/3 c. sugar", "1 Tbsp. baking powder", "1/2 c. cold butter", "1/2 c. heavy cream", "1 egg", f"1/2 c. {f.lower()}" if f not in ("Cinnamon", "Lemon", "Orange") else "1 tsp. grated peel"]:
            b.ing(e)
        v = b.c([375, 400, 425])
        if b.p(0.5):
            preheat(b, v, "baking sheet")
            v = None
        b.add("Mix flour, sugar and baking powder; cut in butter until crumbly.")
        b.add("Stir in cream, egg and flavoring just until moistened.")
        b.add("Pat into an 8-inch circle on a baking sheet and cut into 8 wedges.")
        bake(b, [(12, 15), 15, (15, 18), (15, 20)], "golden", v)
        _finish(b, ["Makes 8 scones.", "Makes 12."])
    else:
        name = b.c(["Monkey Bread", "Garlic Knots", "Cheesy Pull-Apart Bread", "Crescent Roll Bites", "Cinnamon Biscuit Bites"])
        air = name in ("Garlic Knots", "Crescent Roll Bites", "Cinnamon Biscuit Bites") and b.p(0.4)
        b.title = _style_title(b, ("Air Fryer " if air else "") + name)
        b.ing(b.c(["[2|3] (12 oz.) cans refrigerated biscuits", "1 (8 oz.) can refrigerated crescent rolls", "1 (11 oz.) can refrigerated French bread dough"]))
        for e in (["1/2 c. sugar", "1 tsp. cinnamon", "1/2 c. butter", "1 c. brown sugar"] if "Monkey" in name or "Cinnamon" in name else ["1/4 c. butter, melted", "1 tsp. garlic powder", "1/4 c. grated Parmesan cheese"]):
            b.ing(e)
        b.add(b.c(["Cut each biscuit into quarters.", "Separate dough and cut into pieces.", "Roll dough into ropes and tie in knots."]))
        b.add(b.c(["Toss pieces in the sugar mixture.", "Brush with butter and sprinkle with seasonings."]))
        if air:
            airfry(b, name.lower(), [(6, 8), 8, (5, 7)], d="golden")
        elif "Monkey" in name or "Pull-Apart" in name:
            b.add("Layer in a greased Bundt pan; pour melted butter and brown sugar over top.")
            bake(b, [(30, 35), 35, (35, 40), 40], "golden brown", b.c([350, 350, 375]))
            t = b.tc([10, 5])
            b.add(f"Cool {t}, then invert onto a plate.")
        else:
            bake(b, [(10, 12), 12, (12, 15)], "golden", b.c([375, 400]))
        _finish(b, ["Serves 8.", "Serves 10 to 12.", "Makes 24."])


# ---------------------------------------------------------------------------------------------
# drinks
# ---------------------------------------------------------------------------------------------

def fam_drink(b: _B):
    b.kind, b.main = "drink", False
    style = b.w({"lemonade": 2, "punch": 3, "smoothie": 3, "cocoa": 2, "cider": 2, "tea": 2, "eggnog": 0.8, "slush": 1.2, "mix": 0.8, "coffee": 1.2})
    if style == "lemonade":
        name = b.c(["Lemonade", "Fresh Lemonade", "Old-Fashioned Lemonade", "Pink Lemonade", "Strawberry Lemonade", "Limeade", "Mint Lemonade"])
        b.title = _style_title(b, name)
        b.ing("[6|8] [lemons|limes]" if "Lime" in name else "[6|8] lemons")
        b.ing("[1|1 1/2] c. sugar")
        b.ing("[6|8] c. [cold |]water")
        if "Strawberry" in name or "Pink" in name:
            b.ing("1 c. [fresh |]strawberries")
        if "Mint" in name:
            b.ing("1/2 c. fresh mint leaves")
        if b.p(0.5):
            t = b.tc([2, 3, 5, (3, 5)])
            b.add(b.c([f"Make a syrup: bring sugar and 1 c. water to a boil in a saucepan; boil {t}, stirring until sugar dissolves.", f"Heat sugar and 1 c. water in a saucepan until boiling; simmer {t}."]), app="stove")
            b.add("Cool syrup.")
            b.add("Squeeze lemons and add juice and remaining water to syrup.")
            if b.p(0.6):
                chill(b, "lemonade", d="cold")
            else:
                b.add("Serve over plenty of ice.")
        else:
            b.add(b.c(["Squeeze juice from lemons.", "Juice the lemons, removing seeds."]))
            b.add(b.c(["Stir juice and sugar together until sugar dissolves.", "Combine juice, sugar and water in a large pitcher; stir until sugar is dissolved."]))
            if "Strawberry" in name or "Pink" in name:
                b.add("Blend strawberries until smooth and stir into the lemonade.")
            if b.p(0.35):
                chill(b, "", d="cold")
            else:
                b.add(b.c(["Serve over ice.", "Pour over ice and serve immediately.", "Serve in tall glasses over crushed ice."]))
        _finish(b, ["Makes 2 quarts.", "Makes about 10 cups.", "Serves 8."])
    elif style == "punch":
        name = b.c(["Party Punch", "Sherbet Punch", "Cranberry Punch", "Fruit Punch", "Wedding Punch", "Christmas Punch", "Pineapple Punch", "Golden Punch",
                    "Lime Sherbet Punch", "Tropical Punch", "Orange Punch", "Shower Punch", "Ginger Ale Punch"])
        b.title = _style_title(b, name)
        for e in b.sample(["1 (46 oz.) can pineapple juice", "1 (2 liter) bottle ginger ale", "1 (12 oz.) can frozen lemonade concentrate", "1/2 gal. [lime |orange |rainbow |]sherbet",
                           "1 (64 oz.) bottle cranberry juice cocktail", "1 (12 oz.) can frozen orange juice concentrate", "2 qt. Hawaiian Punch", "1 (2 liter) bottle Sprite",
                           "1 (3 oz.) pkg. strawberry Jell-O", "2 c. sugar", "1 qt. water"], b.c([3, 4, 5])):
            b.ing(e)
        if any("Jell-O" in i for i in b.ings) or any("sugar" in i for i in b.ings):
            if b.p(0.5):
                b.add("Bring water and sugar to a boil in a saucepan; stir in gelatin until dissolved. Cool.", extra=8, app="stove")
            else:
                b.add("Microwave water and sugar 3 minutes; stir until dissolved. Cool.", extra=3, app="microwave")
        if b.p(0.25):
            b.add(b.c(["Make an ice ring the day before with some of the juice and freeze overnight.", "Freeze part of the punch in a ring mold overnight."]), extra=480)
        b.add(b.c(["Combine juices in a punch bowl.", "Mix all ingredients except ginger ale in a large container.", "Pour juices into a punch bowl and stir well."]))
        b.add(b.c(["Just before serving, add ginger ale and scoops of sherbet.", "Add soda right before serving.", "Stir in carbonated beverage just before serving."]))
        if b.p(0.4):
            b.add(b.c(["Serve immediately.", "Serve over ice.", "Ladle into cups and serve."]))
        _finish(b, ["Makes 30 servings.", "Serves 25.", "Makes about 1 1/2 gallons.", "Makes 40 (4 oz.) servings."])
    elif style == "smoothie":
        f = b.c(["Strawberry Banana", "Berry", "Green", "Peanut Butter Banana", "Mango", "Tropical", "Peach", "Blueberry", "Orange Julius", "Chocolate Milkshake", "Vanilla Milkshake", "Strawberry Milkshake"])
        name = f if f == "Orange Julius" else f + ("" if "Milkshake" in f else " Smoothie")
        b.title = _style_title(b, name)
        fruit = {"Strawberry Banana": ["1 c. [frozen |fresh |]strawberries", "1 [ripe |frozen |]banana"], "Berry": ["1 1/2 c. frozen mixed berries"],
                 "Green": ["1 c. fresh spinach", "1 banana", "1/2 c. pineapple chunks"], "Peanut Butter Banana": ["2 Tbsp. peanut butter", "1 banana"],
                 "Mango": ["1 c. frozen mango chunks"], "Tropical": ["1/2 c. pineapple chunks", "1/2 c. mango", "1/2 c. coconut milk"], "Peach": ["1 c. sliced peaches"],
                 "Blueberry": ["1 c. blueberries"], "Orange Julius": ["1 (6 oz.) can frozen orange juice concentrate", "1 c. milk", "1 c. water", "1/4 c. sugar"],
                 "Chocolate Milkshake": ["3 scoops vanilla ice cream", "1/4 c. chocolate syrup"], "Vanilla Milkshake": ["3 scoops vanilla ice cream", "1 tsp. vanilla"],
                 "Strawberry Milkshake": ["3 scoops vanilla ice cream", "1 c. strawberries"]}[f]
        for e in fruit:
            b.ing(e)
        base = ["1 c. [vanilla |plain |Greek |]yogurt", "[1/2|1] c. milk", "1/2 c. orange juice", "2 Tbsp. honey"] if "Milkshake" not in f and f != "Orange Julius" else ["1/2 c. milk"]
        for e in b.sample(base, b.c([1, 2])) + (["1 c. ice cubes"] if b.p(0.6) else []):
            b.ing(e)
        b.add(b.c(["Place all ingredients in a blender.", "Combine ingredients in blender container.", "Put everything in a blender."]))
        t = b.tc([1, (1, 2), (30, 60)][:2])
        b.add(b.c([f"Blend until smooth, about {t}.", "Blend until smooth and frothy.", "Cover and process until smooth."]))
        b.add(b.c(["Pour into glasses and serve immediately.", "Serve at once.", "Pour into tall glasses.", "Serve right away."]))
        _finish(b, ["Serves 2.", "Makes 2 servings.", "Serves 1.", "Makes about 3 cups."])
    elif style == "cocoa":
        name = b.c(["Hot Chocolate", "Hot Cocoa", "Mexican Hot Chocolate", "Homemade Hot Cocoa", "White Hot Chocolate", "Peppermint Hot Cocoa"])
        meth = b.w({"stove": 4, "mw": 2, "slow": 2})
        b.title = _style_title(b, (b.c(["Crock-Pot ", "Slow Cooker "]) if meth == "slow" else "Microwave " if meth == "mw" and b.p(0.4) else "") + name)
        for e in ["[1/3|1/2] c. [cocoa|unsweetened cocoa]", "[1/2|3/4] c. sugar", "[4|6|8] c. milk", "1 tsp. vanilla", "[miniature marshmallows|whipped cream]"]:
            b.ing(e)
        if meth == "stove":
            t = b.tc([5, (5, 7), 8, (3, 5)])
            b.add(b.c([f"Mix cocoa and sugar in a saucepan; gradually stir in milk and heat over medium heat {t}, stirring, until hot (do not boil).",
                       f"In a saucepan, whisk cocoa, sugar and a little water until smooth; add milk and heat {t}."]), app="stove")
        elif meth == "mw":
            b.add("Mix cocoa and sugar in a large mug; stir in milk.")
            t = b.tc([(1, 2), 2, (2, 3)])
            b.add(f"Microwave on high {t}, until hot; stir.", app="microwave")
        else:
            b.add(f"Whisk all ingredients except marshmallows in a {b.c(_SLOW)}.")
            b.add("Cover and cook on low 2 hours, stirring occasionally.", extra=120, app="slow_cooker")
        b.add(b.c(["Stir in vanilla; top with marshmallows.", "Pour into mugs and top with whipped cream.", "Serve hot with marshmallows."]))
        _finish(b, ["Serves 4.", "Makes 6 cups.", "Serves 8.", "Makes 1 serving."])
    elif style == "cider":
        name = b.c(["Hot Spiced Cider", "Wassail", "Mulled Cider", "Hot Apple Cider", "Spiced Tea", "Hot Cranberry Punch", "Russian Tea"])
        meth = b.w({"stove": 3, "slow": 2})
        b.title = _style_title(b, (b.c(["Crock-Pot ", "Slow Cooker "]) if meth == "slow" and b.p(0.6) else "") + name)
        for e in ["[1|2] qt. apple cider" if "Cranberry" not in name else "1 (64 oz.) bottle cranberry juice", "2 c. orange juice", "[3|4] cinnamon sticks", "1 tsp. whole cloves",
                  "[1/4|1/2] c. [brown sugar|sugar|honey]"]:
            b.ing(e)
        if meth == "stove":
            b.add(b.c(["Combine all ingredients in a large pot.", "Place cider and juices in a kettle; tie spices in cheesecloth and add."]))
            simmer(b, [10, 15, (15, 20), 20, 30, 45, 60, (30, 45), (45, 60)], d="spices flavor the cider")
        else:
            b.add(f"Combine ingredients in {b.c(_SLOW)}.")
            b.add(b.c(["Cover and cook on low 3 to 4 hours.", "Heat on low 2 to 3 hours.", "Cook on high 2 hours, then turn to low to keep warm."]), extra=200, app="slow_cooker")
        b.add(b.c(["Remove spices and serve hot.", "Strain and serve in mugs.", "Ladle into mugs."]))
        _finish(b, ["Makes 12 cups.", "Serves 10.", "Makes about 3 quarts."])
    elif style == "tea":
        name = b.c(["Iced Tea", "Sweet Tea", "Southern Sweet Tea", "Sun Tea", "Peach Iced Tea", "Raspberry Iced Tea", "Arnold Palmer"])
        b.title = _style_title(b, name)
        for e in ["[4|6|8] tea bags", "[1|1 1/2] c. sugar", "[2|3] qt. water"] + (["1 c. peach nectar"] if "Peach" in name else ["1 c. lemonade"] if "Palmer" in name else []):
            b.ing(e)
        if "Sun" in name:
            b.add("Place tea bags and water in a large glass jar and cover.")
            t = b.tc([(180, 240), 240, 180, (120, 180)])
            b.add(b.c([f"Set in direct sunlight {t}.", f"Let stand in the sun {t}, until tea is dark."]))
            b.add("Remove tea bags and stir in sugar.")
        else:
            t = b.tc([5, (5, 10), 10, (3, 5)])
            b.add(b.c([f"Bring 4 c. water to a boil in a saucepan; remove from heat, add tea bags and steep {t}.", f"Boil water in a kettle, pour over tea bags and let steep {t}."]), app="stove")
            b.add(b.c(["Remove tea bags; stir in sugar until dissolved.", "Discard tea bags and add sugar while hot."]))
            b.add("Add remaining cold water.")
            if b.p(0.5):
                chill(b, "tea", d="cold")
            else:
                b.add("Serve over ice.")
        _finish(b, ["Makes 1 gallon.", "Makes 2 quarts.", "Serves 12."])
    elif style == "eggnog":
        b.title = _style_title(b, b.c(["Eggnog", "Homemade Eggnog", "Holiday Eggnog", "Boiled Custard"]))
        for e in ["6 eggs", "3/4 c. sugar", "4 c. milk", "1 c. heavy cream", "1 tsp. vanilla", "nutmeg"]:
            b.ing(e)
        t = b.tc([(10, 15), 15, 10, (8, 10)])
        b.add(b.c([f"Whisk eggs and sugar in a heavy saucepan; stir in milk and cook over low heat {t}, stirring, until mixture coats a spoon.",
                   f"In top of double boiler, cook eggs, sugar and milk {t}, stirring constantly, until thickened."]), app="stove")
        b.add("Stir in vanilla.")
        chill(b, "", d="cold")
        b.add("Whip cream and fold in; sprinkle with nutmeg.")
        _finish(b, ["Makes 2 quarts.", "Serves 10."])
    elif style == "slush":
        picks = b.sample(["3 c. sugar", "6 c. water", "1 (46 oz.) can pineapple juice", "1 (12 oz.) can frozen orange juice concentrate", "5 bananas, mashed",
                          "1 (12 oz.) can frozen lemonade concentrate"], 4)
        title = "Banana Slush Punch" if any("bananas" in x for x in picks) else "Lemonade Slush" if any("lemonade" in x for x in picks) else "Fruit Slush"
        b.title = _style_title(b, b.c([title, title, "Frozen " + title if "Slush Punch" not in title else title]))
        for e in picks + ["2 (2 liter) bottles lemon-lime soda"]:
            b.ing(e)
        if any("sugar" in i for i in b.ings) and b.p(0.6):
            t = b.tc([3, 5, (3, 5)])
            b.add(f"Boil sugar and water in a saucepan {t}; cool.", app="stove")
        b.add("Combine juices and fruit in a large container.")
        freeze(b)
        b.add(b.c(["Thaw 1 hour before serving; add soda and stir until slushy.", "To serve, scoop into glasses and fill with soda."]))
        _finish(b, ["Makes 40 servings.", "Serves 30."])
    elif style == "mix":
        b.title = _style_title(b, b.c(["Friendship Tea", "Russian Tea Mix", "Hot Cocoa Mix", "Spiced Tea Mix", "Instant Cappuccino Mix"]))
        for e in b.sample(["1 (18 oz.) jar Tang", "1 c. instant tea", "1 1/2 c. sugar", "1 (3 oz.) pkg. lemonade mix", "1 tsp. cinnamon", "1/2 tsp. ground cloves",
                           "8 c. nonfat dry milk", "1 (6 oz.) jar Coffee-mate", "1/2 c. instant coffee", "1/2 c. cocoa"], 4):
            b.ing(e)
        b.add(b.c(["Mix all ingredients well.", "Combine dry ingredients in a large bowl.", "Stir everything together until evenly blended."]))
        b.add(b.c(["Store in an airtight jar.", "Keep in a tightly covered container."]))
        b.add(b.c(["To serve, stir 2 heaping tsp. into a cup of hot water.", "Use 3 Tbsp. mix per cup of hot water."]))
        _finish(b, ["Makes about 4 cups of mix.", "Makes 40 servings."])
    else:
        name = b.c(["Iced Coffee", "Cafe Mocha", "Frozen Coffee", "Cold Brew Coffee", "Vanilla Latte", "Horchata"])
        b.title = _style_title(b, name)
        if name == "Cold Brew Coffee":
            for e in ["1 c. coarsely ground coffee", "4 c. cold water"]:
                b.ing(e)
            b.add("Stir coffee and water together in a jar.")
            t = b.tc([720, (720, 1440), 1440])
            b.add(b.c([f"Cover and let steep at room temperature {t}.", f"Let stand {t}."]))
            b.add("Strain through a coffee filter. Serve over ice with milk.")
        elif name == "Horchata":
            for e in ["1 c. uncooked long-grain rice", "5 c. water", "1/2 c. sugar", "1 tsp. cinnamon", "1 c. milk"]:
                b.ing(e)
            b.add("Soak rice in water overnight.", extra=480)
            b.add("Blend rice and water until smooth; strain.")
            b.add("Stir in sugar, cinnamon and milk. Serve over ice.")
        else:
            for e in ["1 c. strong brewed coffee", "[1/2|1] c. milk", "[1|2] Tbsp. [sugar|chocolate syrup|vanilla syrup]", "ice cubes" if "Iced" in name or "Frozen" in name else "whipped cream"]:
                b.ing(e)
            if "Frozen" in name:
                b.add("Blend coffee, milk, sugar and ice until slushy.")
            elif "Iced" in name:
                b.add("Stir coffee, milk and sugar together; pour over ice.")
            else:
                if b.p(0.5):
                    t = b.tc([(1, 2), 2])
                    b.add(f"Microwave milk {t}, until steaming; whisk until foamy.", app="microwave")
                else:
                    t = b.tc([3, (3, 5)])
                    b.add(f"Heat milk in a small saucepan {t}, whisking until foamy.", app="stove")
                b.add("Stir in coffee and syrup; top with whipped cream.")
            b.add(b.c(["Serve immediately.", "Enjoy right away."]))
        _finish(b, ["Serves 1.", "Serves 2.", "Makes 4 servings."])


# ---------------------------------------------------------------------------------------------
# sauces, marinades, preserves
# ---------------------------------------------------------------------------------------------

def fam_sauce(b: _B):
    b.kind, b.main = "sauce", False
    name = b.c(["Barbecue Sauce", "Cranberry Sauce", "Cheese Sauce", "White Sauce", "Hollandaise Sauce", "Brown Gravy", "Country Gravy", "Mushroom Gravy",
                "Spaghetti Sauce", "Marinara Sauce", "Salsa", "Pico de Gallo", "Pesto", "Tartar Sauce", "Cocktail Sauce", "Hot Fudge Sauce", "Caramel Sauce",
                "Teriyaki Sauce", "Enchilada Sauce", "Alfredo Sauce", "Ranch Dressing", "Thousand Island Dressing", "Poppy Seed Dressing", "Honey Mustard Dressing",
                "Blue Cheese Dressing", "Lemon Curd", "Applesauce", "Red-Eye Gravy", "Giblet Gravy", "Remoulade Sauce", "Tzatziki Sauce", "Raspberry Vinaigrette"])
    slowc = name in ("Spaghetti Sauce", "Applesauce", "Barbecue Sauce") and b.p(0.25)
    b.title = _style_title(b, (b.c(["Crock-Pot ", "Slow Cooker "]) if slowc else "") + name)
    nocook = {"Salsa", "Pico de Gallo", "Pesto", "Tartar Sauce", "Cocktail Sauce", "Ranch Dressing", "Thousand Island Dressing", "Poppy Seed Dressing",
              "Honey Mustard Dressing", "Blue Cheese Dressing", "Remoulade Sauce", "Tzatziki Sauce", "Raspberry Vinaigrette"}
    ING = {
        "Barbecue Sauce": ["1 c. ketchup", "1/2 c. brown sugar", "1/4 c. cider vinegar", "2 Tbsp. Worcestershire sauce", "1 tsp. chili powder", "1 small onion, minced"],
        "Cranberry Sauce": ["1 (12 oz.) pkg. fresh cranberries", "1 c. sugar", "1 c. water", "1 tsp. grated orange peel"],
        "Cheese Sauce": ["2 Tbsp. butter", "2 Tbsp. flour", "1 c. milk", "1 c. shredded sharp Cheddar cheese", "1/4 tsp. dry mustard"],
        "White Sauce": ["2 Tbsp. butter", "2 Tbsp. flour", "1 c. milk", "1/4 tsp. salt", "dash of white pepper"],
        "Hollandaise Sauce": ["3 egg yolks", "1/2 c. butter, melted", "1 Tbsp. lemon juice", "dash of cayenne"],
        "Brown Gravy": ["2 Tbsp. butter", "2 Tbsp. flour", ("[1|2] c. beef broth", "beef broth", "m"), "1 tsp. Kitchen Bouquet"],
        "Country Gravy": [("3 Tbsp. bacon drippings", "bacon drippings", "m"), "3 Tbsp. flour", "2 c. milk", "1/2 tsp. black pepper"],
        "Mushroom Gravy": ["8 oz. mushrooms, sliced", "2 Tbsp. butter", "2 Tbsp. flour", "BROTH"],
        "Spaghetti Sauce": ["2 (28 oz.) cans crushed tomatoes", "1 (6 oz.) can tomato paste", "1 onion, chopped", "3 cloves garlic, minced", "1 Tbsp. Italian seasoning", "1 tsp. sugar"],
        "Marinara Sauce": ["1 (28 oz.) can whole tomatoes", "1/4 c. olive oil", "4 cloves garlic, sliced", "1/4 c. fresh basil", "1/2 tsp. salt"],
        "Salsa": ["4 tomatoes, chopped", "1 onion, chopped", "2 jalapenos, minced", "1/4 c. cilantro", "1 lime, juiced", "1/2 tsp. salt"],
        "Pico de Gallo": ["3 Roma tomatoes, diced", "1/2 red onion, diced", "1 jalapeno, minced", "1/4 c. chopped cilantro", "juice of 1 lime"],
        "Pesto": ["2 c. fresh basil leaves", "1/2 c. grated Parmesan cheese", "1/3 c. pine nuts", "2 cloves garlic", "1/2 c. olive oil"],
        "Tartar Sauce": ["1 c. mayonnaise", "2 Tbsp. sweet pickle relish", "1 Tbsp. minced onion", "1 tsp. lemon juice"],
        "Cocktail Sauce": ["1 c. chili sauce", "2 Tbsp. prepared horseradish", "1 Tbsp. lemon juice", "dash of Tabasco"],
        "Hot Fudge Sauce": ["1 c. chocolate chips", "1/2 c. evaporated milk", "2 Tbsp. butter", "1/2 c. sugar", "1 tsp. vanilla"],
        "Caramel Sauce": ["1 c. brown sugar", "1/2 c. heavy cream", "1/4 c. butter", "1 tsp. vanilla"],
        "Teriyaki Sauce": ["1/2 c. soy sauce", "1/4 c. brown sugar", "1 Tbsp. cornstarch", "1/2 tsp. ginger", "1 clove garlic, minced", "1/2 c. water"],
        "Enchilada Sauce": ["2 Tbsp. oil", "2 Tbsp. flour", "1/4 c. chili powder", "1 (8 oz.) can tomato sauce", "BROTH", "1 tsp. cumin"],
        "Alfredo Sauce": ["1/2 c. butter", "1 c. heavy cream", "1 c. grated Parmesan cheese", "1 clove garlic, minced"],
        "Ranch Dressing": ["1 c. mayonnaise", "1 c. buttermilk", "1 tsp. dried parsley", "1/2 tsp. garlic powder", "1/2 tsp. onion powder", "1/4 tsp. dill weed"],
        "Thousand Island Dressing": ["1 c. mayonnaise", "1/4 c. chili sauce", "2 Tbsp. sweet pickle relish", "1 hard-boiled egg, chopped"],
        "Poppy Seed Dressing": ["3/4 c. sugar", "1/3 c. vinegar", "1 c. oil", "1 Tbsp. poppy seeds", "1 tsp. dry mustard"],
        "Honey Mustard Dressing": ["1/4 c. honey", "1/4 c. Dijon mustard", "1/4 c. mayonnaise", "1 Tbsp. lemon juice"],
        "Blue Cheese Dressing": ["1 c. mayonnaise", "1/2 c. sour cream", "4 oz. blue cheese, crumbled", "1 Tbsp. vinegar", "1/4 tsp. garlic powder"],
        "Lemon Curd": ["3 eggs", "1 c. sugar", "1/2 c. lemon juice", "1/4 c. butter", "1 Tbsp. grated lemon peel"],
        "Applesauce": ["[6|8|10] apples, peeled and quartered", "1/2 c. water", "1/2 c. sugar", "1 tsp. cinnamon"],
        "Red-Eye Gravy": [("ham drippings from 4 slices country ham", "ham drippings", "m"), "1/2 c. strong black coffee", "1/4 c. water"],
        "Giblet Gravy": [("giblets from 1 turkey", "giblets", "m"), ("2 c. chicken broth", "broth", "m"), "3 Tbsp. flour", "2 hard-boiled eggs, chopped"],
        "Remoulade Sauce": ["1 c. mayonnaise", "2 Tbsp. Creole mustard", "1 Tbsp. capers", "1 tsp. paprika", "1 clove garlic, minced"],
        "Tzatziki Sauce": ["1 c. plain Greek yogurt", "1 cucumber, grated and drained", "1 clove garlic, minced", "1 Tbsp. fresh dill", "1 Tbsp. lemon juice"],
        "Raspberry Vinaigrette": ["1/2 c. raspberry preserves", "1/3 c. red wine vinegar", "1/2 c. oil", "1 tsp. Dijon mustard"],
    }[name]
    for e in ING:
        if e == "BROTH":
            b.ing(b.c(BROTH_MEAT[:3] + BROTH_VEG[:2]))
        else:
            b.ing(e)
    if name in nocook:
        if "Pesto" == name:
            b.add(b.c(["Place basil, cheese, nuts and garlic in a food processor; process until finely chopped.", "Combine all ingredients except oil in a blender."]))
            b.add(b.c(["With motor running, add oil in a thin stream; blend until smooth.", "Add oil gradually and blend until smooth."]))
        else:
            if "hard-boiled" in " ".join(b.ings):
                b.add("Hard-boil the egg in a small saucepan; cool, peel and chop.", extra=12, app="stove")
            mix(b, ["all ingredients"] if b.p(0.5) else [_short_of(x if isinstance(x, str) else x[0]) for x in ING[:3]])
        if b.p(0.5):
            chill(b, "", d="cold")
        else:
            b.add(b.c(["Serve immediately.", "Use right away or store in the refrigerator.", "Serve with chips." if "Salsa" in name or "Pico" in name else "Serve at once."]))
    elif slowc:
        b.add(f"Place all ingredients in {b.c(_SLOW)}.")
        slow(b, ((6, 8), (4, 6), 8, (8, 10)))
        if name == "Applesauce":
            b.add("Mash apples with a potato masher.")
    else:
        if name in ("Cheese Sauce", "White Sauce", "Brown Gravy", "Mushroom Gravy", "Enchilada Sauce", "Country Gravy", "Giblet Gravy"):
            if name == "Mushroom Gravy":
                saute(b, ["mushrooms"], timed=True)
            if name == "Giblet Gravy":
                t = b.tc([60, 90, (60, 90)])
                b.add(f"Simmer giblets in salted water {t}, until tender; chop.", app="stove")
            if b.p(0.25) and name in ("Cheese Sauce", "White Sauce"):
                t = b.tc([(3, 4), 4, (4, 5)])
                b.add(f"Microwave butter, flour and milk in a 4-cup glass measure {t}, whisking every minute, until thickened.", app="microwave")
            else:
                t = b.tc([1, 2, (1, 2)])
                b.add(b.c([f"Melt fat in a saucepan over medium heat; whisk in flour and cook {t}.", f"In a heavy skillet, stir flour into the hot fat and cook {t}, stirring."]), app="stove")
                t = b.tc([(2, 3), 3, (3, 5), 5, (5, 8)])
                b.add(b.c([f"Gradually whisk in liquid; cook and stir {t}, until thickened and bubbly.", f"Slowly add milk, stirring constantly, and cook {t} until thick."]), app="stove")
            if name == "Cheese Sauce":
                b.add("Stir in cheese until melted.")
        elif name == "Hollandaise Sauce":
            t = b.tc([(2, 3), 3, (3, 5)])
            b.add(f"In top of double boiler over hot (not boiling) water, whisk egg yolks and lemon juice {t}.", app="stove")
            b.add("Slowly whisk in melted butter until thick. Season with cayenne.")
        elif name in ("Hot Fudge Sauce", "Caramel Sauce", "Lemon Curd") and b.p(0.35):
            t = b.tc([(2, 3), 3, (3, 4), 4])
            b.add(f"Microwave ingredients in a glass bowl on high {t}, stirring every minute, until smooth.", app="microwave")
            if name == "Lemon Curd":
                chill(b, "curd", d="thick")
        else:
            if name in ("Spaghetti Sauce", "Marinara Sauce") and b.p(0.6):
                saute(b, ["onion and garlic" if name == "Spaghetti Sauce" else "garlic"])
            b.add(b.c(["Combine all ingredients in a saucepan.", "Place ingredients in a heavy saucepan.", "Stir everything together in a medium saucepan."]))
            if name in ("Spaghetti Sauce", "Barbecue Sauce", "Marinara Sauce", "Applesauce"):
                simmer(b, [15, 20, (15, 20), 30, 45, 60, (60, 90), 120, (90, 120), (45, 60)], d=b.c(["thickened", "thick", "apples are soft" if name == "Applesauce" else "thick"]))
            else:
                simmer(b, [2, 3, 5, (3, 5), (5, 8), 10, (8, 10), (10, 12)], d=b.c(["thickened", "smooth", "berries pop" if name == "Cranberry Sauce" else "smooth"]))
            if name in ("Cranberry Sauce", "Lemon Curd") and b.p(0.7):
                chill(b, "", d="thick")
        if b.p(0.3) and name not in ("Cranberry Sauce", "Lemon Curd"):
            b.add(b.c(["Serve warm.", "Serve hot.", "Use at once or refrigerate."]))
    _finish(b, ["Makes about 1 cup.", "Makes 2 cups.", "Makes about 1 1/2 cups.", "Makes 1 quart.", "Yield: 3 cups."])


_MARINADES = {
    "Teriyaki Marinade": ["1/2 c. soy sauce", "1/4 c. brown sugar", "2 Tbsp. oil", "1 tsp. ground ginger", "2 cloves garlic, minced"],
    "Italian Marinade": ["1/2 c. olive oil", "1/4 c. red wine vinegar", "1 tsp. dried oregano", "1 tsp. dried basil", "2 cloves garlic, minced"],
    "Fajita Marinade": ["1/4 c. lime juice", "1/4 c. oil", "2 cloves garlic, minced", "1 tsp. cumin", "1 tsp. chili powder"],
    "Beer Marinade": ["1 (12 oz.) can beer", "1/2 c. oil", "2 Tbsp. Worcestershire sauce", "1 onion, sliced"],
    "Citrus Marinade": ["1/2 c. orange juice", "1/4 c. lime juice", "2 Tbsp. honey", "1 Tbsp. grated orange peel"],
    "Jerk Marinade": ["4 green onions", "2 Scotch bonnet peppers", "1/4 c. soy sauce", "2 Tbsp. allspice", "1 Tbsp. thyme", "1/4 c. lime juice"],
    "Greek Marinade": ["1/3 c. olive oil", "1/4 c. lemon juice", "1 Tbsp. dried oregano", "3 cloves garlic, minced"],
    "Honey Soy Marinade": ["1/3 c. honey", "1/3 c. soy sauce", "2 Tbsp. rice vinegar", "1 tsp. sesame oil"],
    "Balsamic Marinade": ["1/2 c. balsamic vinegar", "1/4 c. olive oil", "2 Tbsp. Dijon mustard", "1 Tbsp. brown sugar"],
    "Cajun Marinade": ["1/2 c. oil", "2 Tbsp. Cajun seasoning", "1 Tbsp. hot sauce", "2 Tbsp. lemon juice"],
    "Lime Cilantro Marinade": ["1/2 c. lime juice", "1/4 c. chopped cilantro", "1/4 c. olive oil", "1 jalapeno, minced"],
    "Mojo Marinade": ["1/2 c. orange juice", "1/4 c. lime juice", "6 cloves garlic, minced", "1 tsp. cumin", "1/4 c. olive oil"],
    "Bourbon Marinade": ["1/4 c. bourbon", "1/4 c. soy sauce", "1/4 c. brown sugar", "1 Tbsp. Dijon mustard"],
    "Yogurt Marinade": ["1 c. plain yogurt", "2 Tbsp. lemon juice", "1 Tbsp. curry powder", "2 cloves garlic, minced"],
    "Brown Sugar Marinade": ["1/2 c. brown sugar", "1/2 c. soy sauce", "1/4 c. pineapple juice", "1 tsp. garlic powder"],
    "All-Purpose Dry Rub": ["2 Tbsp. paprika", "1 Tbsp. brown sugar", "1 Tbsp. garlic powder", "1 tsp. cayenne", "1 Tbsp. salt"],
    "BBQ Dry Rub": ["1/4 c. brown sugar", "2 Tbsp. chili powder", "1 Tbsp. paprika", "1 tsp. dry mustard", "1 tsp. cumin"],
    "Chipotle Marinade": ["2 chipotle peppers in adobo", "1/4 c. lime juice", "2 Tbsp. honey", "2 cloves garlic"],
}


def fam_marinade(b: _B):
    b.kind, b.main = "marinade", False
    name = b.c(list(_MARINADES))
    b.title = _style_title(b, b.c([name, name, name.replace("Marinade", "Marinade Mix") if "Marinade" in name else name, "Easy " + name]), adjs=False)
    for e in _MARINADES[name]:
        b.ing(e)
    if b.p(0.4):
        b.ings_from([SEASONINGS[0], SEASONINGS[1], SEASONINGS[14], ("1 Tbsp. Dijon mustard", "mustard", ""), ("1 tsp. black pepper", "pepper", "")], b.c([1, 2]))
    if "Rub" in name:
        b.add(b.c(["Combine all ingredients in a small bowl.", "Mix spices together well.", "Stir ingredients together until evenly mixed."]))
        b.add(b.c(["Store in an airtight container.", "Keep in a covered jar.", "Rub generously over food before cooking."]))
    else:
        r = b.r.random()
        if r < 0.25:
            t = b.tc([2, 3, 5, (3, 5)])
            b.add(b.c([f"Combine ingredients in a small saucepan; bring to a boil and simmer {t}.", f"Heat all ingredients in a saucepan over medium heat {t}, stirring until sugar dissolves."]),
                  app="stove")
            b.add(b.c(["Cool before using.", "Let cool completely."]), extra=20)
        elif r < 0.35:
            t = b.tc([1, 2, (1, 2)])
            b.add(f"Microwave ingredients in a glass measuring cup {t}, until sugar dissolves; cool.", app="microwave")
        else:
            b.add(b.c(["Whisk all ingredients together.", "Combine all ingredients in a jar; cover and shake well.", "Mix ingredients in a bowl until blended.",
                       "Place everything in a blender and blend until smooth.", "Stir ingredients together in a glass measuring cup."]))
        if b.p(0.4):
            if b.p(0.5):
                t = b.tc([60, 120, (60, 120)])
                b.add(b.c([f"Let stand {t} to blend flavors.", f"Refrigerate {t} before using."]))
            else:
                b.add(b.c(["Refrigerate overnight to blend flavors.", "Let stand overnight in the refrigerator."]), extra=480)
        elif b.p(0.5):
            b.add(b.c(["Use immediately.", "Use right away or refrigerate.", "Ready to use."]))
    _finish(b, ["Makes about 1 cup.", "Makes 3/4 cup.", "Makes about 1 1/2 cups.", "Yield: 1/2 cup."], note_p=0.05)


def fam_preserve(b: _B):
    b.kind, b.main = "preserve", False
    style = b.w({"jam": 4, "freezer": 1.5, "pickles": 3, "relish": 1.5, "butter": 1.5, "quick": 1, "mwjam": 0.8})
    if style in ("jam", "freezer", "mwjam"):
        fruit = b.c(["Strawberry", "Peach", "Blackberry", "Raspberry", "Grape", "Apricot", "Blueberry", "Plum", "Pepper", "Hot Pepper", "Fig", "Cherry"])
        kind = "Jelly" if fruit in ("Grape", "Pepper", "Hot Pepper") else b.c(["Jam", "Jam", "Preserves"])
        core = f"{fruit} {kind}"
        if style == "freezer":
            core = f"{fruit} Freezer Jam" if "Pepper" not in fruit else f"Freezer {fruit} Jelly"
        if style == "mwjam":
            core = f"Microwave {fruit} Jam"
        b.title = _style_title(b, core)
        plural = {"Strawberry": "strawberries", "Peach": "peaches", "Blackberry": "blackberries", "Raspberry": "raspberries", "Grape": "grape juice",
                  "Apricot": "apricots", "Blueberry": "blueberries", "Plum": "plums", "Fig": "figs", "Cherry": "cherries"}.get(fruit, "bell peppers")
        b.ing(f"[4|5|2] c. [crushed |chopped |prepared |]{plural}" if plural != "grape juice" else "[3|4] c. grape juice")
        b.ing("[4|5|7] c. sugar" if style != "mwjam" else "1 c. sugar")
        if style != "mwjam":
            b.ing(b.c(["1 (1 3/4 oz.) box Sure-Jell fruit pectin", "1 box powdered pectin", "1 pouch liquid pectin"]))
        if "Pepper" in fruit:
            b.ing("1 1/2 c. cider vinegar")
        if style == "jam":
            b.add(b.c(["Sterilize jars in boiling water; keep hot.", "Prepare jars and lids in simmering water."]), app="stove")
            b.add(b.c(["Combine fruit and pectin in a large saucepan; bring to a full rolling boil over high heat, stirring constantly.",
                       "Stir pectin into fruit in a 6- or 8-qt. kettle. Bring to a boil."]), extra=8, app="stove")
            t = b.tc([1, 2])
            b.add(b.c([f"Add sugar all at once; return to a full rolling boil and boil hard {t}, stirring constantly.", f"Stir in sugar and boil hard {t}."]), app="stove")
            b.add(b.c(["Remove from heat and skim off foam.", "Skim foam."]))
            b.add(b.c(["Ladle into hot jars, leaving 1/4-inch headspace; seal.", "Pour into sterilized jars and cover with lids."]))
            t = b.tc([5, 10, (10, 15)])
            b.add(b.c([f"Process in a boiling water bath {t}.", f"Process jars in boiling water {t}."]), app="stove")
            if b.p(0.7):
                line = b.c(["Let stand undisturbed 24 hours to set.", "Let jars stand at room temperature 24 hours; check seals.", "Cool on a towel overnight."])
                b.add(line, extra=1440 if "24" in line else 480)
            else:
                t = b.tc([(30, 40), 40, 45, (45, 60)])
                b.add(b.c([f"Return to heat and simmer {t}, until thick.", f"Cook, stirring often, {t} until thickened."]), app="stove")
                b.add("Ladle into hot sterilized jars and seal.")
        elif style == "freezer":
            b.add("Stir sugar into fruit; let stand 10 minutes, stirring occasionally.", extra=10)
            b.add("Stir pectin into fruit mixture; stir constantly 3 minutes.", extra=3)
            b.add("Pour into clean containers and cover with lids.")
            b.add(b.c(["Let stand at room temperature 24 hours.", "Let stand on the counter until set, up to 24 hours."]), extra=1440)
            b.add(b.c(["Store in freezer up to 1 year.", "Refrigerate up to 3 weeks or freeze."]))
        else:
            b.add("Combine fruit and sugar in a large microwave-safe bowl.")
            mw(b, "mixture", [(10, 12), 12, (12, 15), (8, 10)], d="thickened")
            b.add("Pour into clean jars.")
            chill(b, "jam", d="set")
    elif style in ("pickles", "quick"):
        name = b.c(["Bread and Butter Pickles", "Dill Pickles", "Refrigerator Pickles", "Pickled Beets", "Pickled Eggs", "Sweet Pickles", "Pickled Okra",
                    "Pickled Jalapenos", "Pickled Green Beans", "Lime Pickles"]) if style == "pickles" else b.c(["Quick Pickled Onions", "Quick Pickled Red Onions", "Quick Cucumber Pickles"])
        b.title = _style_title(b, name)
        veg = {"Bread and Butter Pickles": "[4|6] lb. cucumbers, sliced", "Dill Pickles": "[4|6] lb. pickling cucumbers", "Refrigerator Pickles": "[6|8] c. sliced cucumbers",
               "Pickled Beets": "[3|4] lb. small beets", "Pickled Eggs": "12 eggs", "Sweet Pickles": "[7|8] lb. cucumbers", "Pickled Okra": "3 lb. small okra pods",
               "Pickled Jalapenos": "1 lb. jalapenos, sliced", "Pickled Green Beans": "2 lb. green beans, trimmed", "Lime Pickles": "7 lb. cucumbers, sliced",
               "Quick Cucumber Pickles": "2 cucumbers, thinly sliced"}
        b.ing(veg.get(name, "2 red onions, thinly sliced"))
        for e in ["[2|3|4] c. [white |cider |]vinegar", "[1|2|3] c. [sugar|water]", "[2|3] Tbsp. [pickling |canning |kosher |]salt", "[1|2] tsp. [mustard seed|celery seed|dill seed|whole cloves]"]:
            b.ing(e)
        if style == "quick":
            b.add("Place onions in a jar." if "Onion" in name else "Place cucumbers in a bowl.")
            b.add("Whisk vinegar, sugar and salt until dissolved; pour over vegetables.")
            t = b.tc([10, 15, (10, 15), 20])
            b.add(b.c([f"Let stand {t} before serving.", f"Let sit {t}, stirring once."]))
        else:
            if name in ("Bread and Butter Pickles", "Sweet Pickles", "Lime Pickles") and b.p(0.7):
                t = b.tc([180, 240, (180, 240), 1440])
                b.add(b.c([f"Layer cucumbers with salt and ice; let stand {t}. Drain.", f"Soak cucumber slices in salt water {t}; rinse and drain."]))
            if name == "Pickled Beets":
                t = b.tc([(30, 40), 40, 45])
                b.add(f"Cook beets in boiling water {t}, until tender; peel and slice.", app="stove")
            if name == "Pickled Eggs":
                b.add("Hard-cook eggs in a saucepan of boiling water; cool and peel.", extra=15, app="stove")
            if name == "Refrigerator Pickles" and b.p(0.5):
                b.add("Stir vinegar, sugar and salt together until dissolved; pour over cucumbers in jars.")
            else:
                t = b.tc([3, 5, (3, 5), 10])
                b.add(b.c([f"Bring vinegar, sugar and spices to a boil in a large kettle; boil {t}.", f"Combine brine ingredients in a saucepan and bring to a boil; simmer {t}."]), app="stove")
                b.add(b.c(["Pack vegetables into hot jars and pour hot brine over, leaving 1/2-inch headspace.", "Pour hot liquid over vegetables in sterilized jars; seal."]))
            if b.p(0.4) and name not in ("Refrigerator Pickles", "Pickled Eggs"):
                t = b.tc([10, 15, (10, 15)])
                b.add(f"Process in a boiling water bath {t}.", app="stove")
            t = b.tc([1440, 2880, 4320, 10080, (1440, 2880)])
            b.add(b.c([f"Refrigerate at least {t} before eating.", f"Let stand {t} before serving.", f"Store in refrigerator; ready to eat in {t}."]))
    elif style == "relish":
        name = b.c(["Chow-Chow", "Corn Relish", "Zucchini Relish", "Pepper Relish", "Green Tomato Relish", "Sweet Pickle Relish", "Piccalilli"])
        b.title = _style_title(b, name)
        for e in b.sample(["4 c. chopped green tomatoes", "4 c. chopped cabbage", "6 ears corn, cut from cob", "4 c. ground zucchini", "6 green peppers, chopped", "6 red peppers, chopped", "3 onions, chopped"], 3):
            b.ing(e)
        for e in ["1/4 c. pickling salt", "[2|3] c. vinegar", "[2|3] c. sugar", "1 Tbsp. mustard seed", "1 tsp. turmeric"]:
            b.ing(e)
        if b.p(0.6):
            b.add(b.c(["Sprinkle vegetables with salt and let stand overnight; drain.", "Mix vegetables and salt; let stand overnight. Rinse and drain."]), extra=480)
        else:
            t = b.tc([120, 180, (120, 180)])
            b.add(f"Salt vegetables and let stand {t}; drain well.")
        t = b.tc([10, 15, 20, (10, 15), 30, (20, 30)])
        b.add(b.c([f"Combine with vinegar, sugar and spices in a large kettle; bring to a boil and simmer {t}.", f"Cook vegetables in the vinegar mixture in a large pot {t}, stirring often."]), app="stove")
        b.add(b.c(["Pack into hot sterilized jars and seal.", "Ladle into hot jars, leaving 1/4-inch headspace, and seal."]))
        if b.p(0.5):
            t = b.tc([10, 15])
            b.add(f"Process in a boiling water bath {t}.", app="stove")
    else:
        fruit = b.c(["Apple", "Pumpkin", "Pear", "Peach"])
        meth = b.w({"slow": 3, "stove": 2, "oven": 1})
        b.title = _style_title(b, (b.c(["Crock-Pot ", "Slow Cooker "]) if meth == "slow" and b.p(0.6) else "Oven " if meth == "oven" and b.p(0.4) else "") + f"{fruit} Butter")
        b.ing(f"[10|12|5 lb.] [{fruit.lower()}s|{fruit.lower()}s, peeled and sliced]" if fruit != "Pumpkin" else "2 (29 oz.) cans pumpkin")
        for e in ["[2|3|4] c. sugar", "[2|3] tsp. cinnamon", "1/4 tsp. ground cloves", "1/2 c. [apple cider|apple juice|water]"]:
            b.ing(e)
        if fruit != "Pumpkin" and meth != "slow":
            t = b.tc([20, (20, 30), 30])
            b.add(f"Cook fruit with cider in a large kettle {t}, until soft; puree.", app="stove")
        if meth == "slow":
            b.add(f"Place everything in {b.c(_SLOW)}.")
            slow(b, ((10, 12), 10, (8, 10), 12))
            b.add("Remove lid and cook on low 1 hour more, until thick.", extra=60, app="slow_cooker")
        elif meth == "stove":
            t = b.tc([60, (60, 90), 90, (90, 120)])
            b.add(f"Stir in sugar and spices; simmer over low heat {t}, stirring often, until thick.", app="stove")
        else:
            b.add("Stir in sugar and spices and spread in a large roasting pan.")
            bake(b, [(120, 180), 180, (150, 180)], "thick and dark", b.c([300, 325]))
        b.add(b.c(["Ladle into hot sterilized jars and seal.", "Spoon into clean jars and refrigerate."]))
    _finish(b, ["Makes 6 half-pints.", "Makes 8 pints.", "Makes about 5 pints.", "Yield: 7 (8 oz.) jars.", "Makes 4 pints."], note_p=0.05)


# ---------------------------------------------------------------------------------------------
# assembly
# ---------------------------------------------------------------------------------------------

_FAMILIES = [
    (fam_entree, 19), (m_lasagna, 1.2), (m_enchiladas, 1.0), (m_pizza, 1.2), (m_quiche, 0.8), (m_peppers, 0.7), (m_pasta, 2.0),
    (m_stirfry, 1.3), (m_tacos, 1.5), (m_loaf, 1.3), (m_burgers, 1.2), (m_sandwich, 1.2),
    (fam_casserole, 8), (fam_soup, 8), (fam_salad, 8), (fam_side, 9),
    (fam_dessert, 15), (fam_bread, 7), (fam_drink, 5), (fam_sauce, 5), (fam_marinade, 3), (fam_preserve, 4),
]


_PRODUCE = ["onion", "celery", "carrots", "green pepper", "potatoes", "apples", "tomatoes", "zucchini", "mushrooms", "garlic", "cabbage",
            "cucumber", "squash", "green onions", "parsley", "cilantro", "peaches", "strawberries", "lemons", "sweet potatoes", "bananas"]


def _enrich(b: _B):
    """Label-neutral extra prep lines, so texts are not all skeletons of the same length."""
    fresh = [i.lower() for i in b.ings if not re.search(r"powder|\bcans?\b|soup|juice|sauce|pkg|jar|dried|frozen|salt|seasoning|mix\b|canned|mashed|pie filling|dressing|flakes|seeds?\b", i, re.I)]
    text = " ".join(fresh)
    found = [w for w in _PRODUCE if w in text and not (w == "onion" and "green onions" in text and text.count("onion") == 1)]
    found = [w for w in found if not any(w != o and w in o for o in found)]
    if found and b.p(0.6):
        items = b.sample(found, min(len(found), b.c([1, 2, 2, 3])))
        x = _join(items, b.r)
        line = b.c([f"Chop the {x}.", f"Wash and prepare the {x}.", f"Peel and chop the {x}.", f"Prepare the {x} before you begin.",
                    f"Dice the {x}.", f"Wash, dry and chop the {x}.", f"Have the {x} chopped and ready.", f"Rinse the {x} and pat dry.",
                    f"Clean and cut up the {x}.", f"Slice the {x}."])
        pos = 1 if b.dirs and re.match(r"(Preheat|Heat oven|Set oven|Turn oven|Preheat your|Heat the oven|Light oven|Have oven|Position rack|Start by|Oven should|Get the oven|First, preheat)", b.dirs[0]) else 0
        b.dirs.insert(pos, line)
    if b.kind not in ("dessert", "drink", "preserve") and b.p(0.25) and not any("salt and pepper" in i for i in b.ings):
        b.ings.append(b.c(["salt and pepper to taste", "salt and pepper, to taste", "salt to taste", "freshly ground pepper"]))
    extra_lines = _EXTRA_LINES.get(b.kind)
    if extra_lines and b.p(0.6):
        for line in b.sample(extra_lines, b.c([1, 1, 2])):
            b.dirs.append(line)
    extra_ings = _EXTRA_INGS.get(b.kind)
    if extra_ings and b.p(0.45):
        for line in b.sample(extra_ings, b.c([1, 1, 2])):
            if not any(line.split()[-1] in i for i in b.ings):
                b.ings.append(line)
    if b.p(0.12):
        b.tail.append(b.c(_NOTES))


_EXTRA_LINES = {
    "sauce": ["Taste and adjust seasoning.", "Stir well before using.", "Serve over vegetables, pasta or rice.", "Pour into a jar with a tight-fitting lid.",
              "Thin with a little milk if too thick.", "Whisk again just before serving.", "Spoon into a serving bowl."],
    "marinade": ["Pour into a jar with a tight-fitting lid.", "Shake well before using.", "Use as a marinade or basting sauce.", "Reserve a little for basting.",
                 "Discard any used marinade.", "Whisk again before using.", "Enough for about 2 pounds."],
    "drink": ["Garnish with lemon slices.", "Garnish with fresh mint.", "Pour into tall glasses.", "Stir well before serving.", "Add more sugar to taste.",
              "Serve in pretty glasses.", "Garnish each glass with a strawberry."],
    "side": ["Transfer to a serving bowl.", "Taste and adjust seasoning.", "Dot with butter before serving.", "Sprinkle with chopped parsley.",
             "Spoon into a warm serving dish.", "Add a squeeze of lemon juice if desired."],
    "salad": ["Toss gently to coat.", "Transfer to a pretty serving bowl.", "Garnish with tomato wedges.", "Season with salt and pepper to taste.",
              "Stir again before serving.", "Line a bowl with lettuce leaves and spoon salad on top."],
    "soup": ["Ladle into bowls.", "Taste and adjust seasoning.", "Serve with crackers.", "Garnish each bowl with parsley.", "Remove bay leaf before serving."],
    "dessert": ["Dust with powdered sugar.", "Garnish with fresh berries.", "Serve with whipped cream.", "Store in an airtight container.",
                "Top each serving with a cherry.", "Cut into serving pieces."],
    "main": ["Transfer to a serving platter.", "Garnish with chopped parsley.", "Taste and adjust seasoning.", "Spoon any juices over the top.",
             "Good with mashed potatoes and a green vegetable.", "Arrange on a warm platter."],
    "casserole": ["Garnish with parsley.", "Spoon onto plates.", "Good with a tossed salad and rolls.", "Sprinkle with paprika."],
    "bread": ["Brush tops with melted butter.", "Serve with butter and jam.", "Wrap leftovers in plastic wrap."],
    "preserve": ["Label and date the jars.", "Wipe jar rims clean before sealing.", "Store in a cool, dark place."],
}
_EXTRA_INGS = {
    "main": ["1/4 tsp. pepper", "chopped parsley for garnish", "2 Tbsp. oil", "1/2 tsp. salt", "1 Tbsp. butter"],
    "casserole": ["1/2 tsp. salt", "1/4 tsp. pepper", "paprika", "2 Tbsp. butter"],
    "sauce": ["1/4 tsp. salt", "dash of pepper", "1 tsp. sugar", "1 Tbsp. chopped parsley"],
    "marinade": ["1/4 tsp. pepper", "1 Tbsp. sugar", "1/2 tsp. salt", "1 tsp. dried parsley"],
    "drink": ["ice cubes", "lemon slices for garnish", "fresh mint sprigs", "maraschino cherries"],
    "side": ["2 Tbsp. butter", "1/4 tsp. pepper", "1/2 tsp. salt", "chopped parsley for garnish"],
    "salad": ["lettuce leaves", "1/4 tsp. paprika", "1/2 tsp. salt", "1 Tbsp. chopped chives"],
    "soup": ["1 bay leaf", "1/2 tsp. pepper", "chopped parsley for garnish", "oyster crackers"],
    "dessert": ["whipped cream (optional)", "powdered sugar for dusting", "pinch of salt", "maraschino cherries"],
}


def _render(b: _B) -> str:
    lines = [b.title, "", "Ingredients:"] + [f"- {i}" for i in b.ings] + ["", "Directions:"] + [f"- {d}" for d in b.dirs + b.tail]
    return "\n".join(lines)


def _build(rng: random.Random) -> _B:
    funcs = [f for f, _ in _FAMILIES]
    weights = [w for _, w in _FAMILIES]
    for _ in range(200):
        b = _B(rng)
        fam = rng.choices(funcs, weights=weights)[0]
        if fam.__name__.startswith("m_"):
            b.kind, b.main = "main", True
        try:
            fam(b)
        except _Redo:
            continue
        _enrich(b)
        if not b.app:
            b.app.add("none")
        total = len(b.ings) + len(b.dirs) + len(b.tail)
        if not (3 <= total <= 25) or not b.dirs or not b.ings:
            continue
        if SHORT_MAX < b.minutes < LONG_MIN:
            continue
        return b
    raise RuntimeError("recipe generator failed to produce a recipe")  # pragma: no cover


def _labels(b: _B) -> dict[str, bool]:
    return {
        "has_non_fish_meat": bool(b.meat),
        "requires_oven": "oven" in b.app,
        "requires_stove": "stove" in b.app,
        "cook_time_over_30_mins": b.minutes >= LONG_MIN,
        "main_dish": bool(b.main),
    }


def generate_recipe_meta(rng: random.Random) -> tuple[str, dict[str, bool], dict]:
    """Like generate_recipe, plus {"kind", "appliances", "minutes"} describing how the recipe was built."""
    b = _build(rng)
    meta = {"kind": b.kind, "appliances": sorted(b.app), "minutes": b.minutes}
    return _render(b), _labels(b), meta


def generate_recipe(rng: random.Random) -> tuple[str, dict[str, bool]]:
    """One recipe text and its exact labels (dict over FIELDS, in FIELDS order)."""
    text, labels, _ = generate_recipe_meta(rng)
    return text, labels


def generate(n: int, seed: int = 0) -> list[dict]:
    """Rows {"id": f"r{seed}-{i:06d}", "recipe": text, "labels": {...}, "source": "generator"}.

    Recipe i uses its own random.Random(f"{seed}:{i}") so generate(10, s) is a prefix of generate(100, s).
    """
    rows = []
    for i in range(n):
        text, labels = generate_recipe(random.Random(f"{seed}:{i}"))
        rows.append({"id": f"r{seed}-{i:06d}", "recipe": text, "labels": labels, "source": "generator"})
    return rows


def run(config: SampleConfig) -> dict:
    """Write OUT/labeled.jsonl and OUT/unlabeled.jsonl; return paths, n and the per-field positive rate."""
    if config.n < 1:
        from pipeline.errors import UserError

        raise UserError(f"--n must be at least 1, got {config.n}")
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
            text, labels = generate_recipe(random.Random(f"{config.seed}:{i}"))
            rid = f"r{config.seed}-{i:06d}"
            fl.write(json.dumps({"id": rid, "recipe": text, "labels": labels, "source": "generator"}, ensure_ascii=False) + "\n")
            fu.write(json.dumps({"id": rid, "recipe": text}, ensure_ascii=False) + "\n")
            for f in FIELDS:
                counts[f] += bool(labels[f])
    balance = {f: (counts[f] / config.n if config.n else 0.0) for f in FIELDS}
    return {"labeled": str(labeled), "unlabeled": str(unlabeled), "n": config.n, "balance": balance}
