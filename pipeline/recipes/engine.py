"""The generator's engine: the recipe builder, the data types of the tables and their loader.

A builder (mains.py, soups.py, ...) gets a `Recipe` and makes its draws through it: `choice`, `chance`,
`weighted`, `sample`; it adds ingredients (`ingredient`, which also records meat) and steps (`step` for a
`Step` from the tables, `add_step` for text composed in code), each step booking its appliance and minutes.
The labels follow from those facts alone (see pipeline/sample.py).

Data files (pipeline/recipes/*.yaml) are mappings of sections (one per builder); a section holds named
entries in groups, and the group says what an entry is:

    chance       probabilities, each in [0, 1]: `if b.chance(data.chance.marinate): ...`
    weights      {option: weight} tables for `b.weighted(...)`
    steps        `Step`s: a template (fixed) or a list of templates (one is drawn), optionally with
                 minutes (an untimed step's typical duration), appliance, tails (a name in
                 common.yaml's tails), times (the step writes a time drawn from these as {t}) and
                 per_side (that time counts twice)
    ingredients  `Ingredient`s, lists of them (to draw from or add in order) or tables of them; an
                 ingredient is a line template, a mapping {line, short, meat, fish, prep, raw, meat_if}
                 or "@name", a shared ingredient from pools.yaml
    times        lists of time options: minutes (45) or spans ("45-60": the text shows both ends,
                 the total counts the upper one)
    options      anything else drawn with `b.choice`/`b.pick`: titles, words, oven temperatures, counts
    dishes       records (mappings, lists or tables of them), e.g. the soups: titles, ingredients,
                 methods; the builder turns them into its own dataclasses (`records`), which say
                 what each field holds

Templates are str.format templates ({S}, {t}, {pan}) filled from the builder's fields; a template may be a
`Variant` {if: field, then: ..., else: ...}. Square brackets in an ingredient line ("[1|2] c. milk") are
alternatives, one drawn when the line is added. A list in the data is drawn from (`random.choice`), even a
list of one; a plain string is used as it is, with no draw.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from pathlib import Path
from types import UnionType
from typing import NamedTuple, Union, get_args, get_origin, get_type_hints

import yaml

DATA_DIR = Path(__file__).parent

KINDS = ("main", "casserole", "soup", "salad", "side", "dessert", "bread", "drink", "sauce", "marinade", "preserve")
APPLIANCES = ("oven", "stove", "microwave", "slow_cooker", "grill", "air_fryer", "none")
COOKING_APPLIANCES = APPLIANCES[:-1]  # what a step may book; "none" is what a recipe gets when it books nothing


class DataError(ValueError):
    """A data file that does not follow the schema above."""


# ---------------------------------------------------------------------------------------------------
# data types
# ---------------------------------------------------------------------------------------------------


class Span(NamedTuple):
    """A time range ("45-60"): the text shows both ends, the recipe's total counts the upper one."""

    low: int
    high: int


TimeOption = Union[int, Span]


@dataclass(frozen=True)
class Ingredient:
    """One ingredient line; `line` may hold [a|b] alternatives, one of which is drawn when it is added."""

    line: str
    short: str = ""  # how the directions call it ("" = derived from the line, see short_of)
    meat: bool = False  # non-fish meat or a meat product (broth, bacon grease, ...): has_non_fish_meat
    fish: bool = False  # fish or shellfish: never meat
    prep: str = ""  # how a salad or casserole cooks it first: "pasta", "potato", "egg", "bacon"
    raw: bool = False  # a casserole's raw meat, browned before it goes in
    meat_if: str = ""  # meat when the drawn line has this word ("lard" in "[shortening|lard|oil]")


@dataclass(frozen=True)
class Variant:
    """A template chosen by a yes/no field: `then` when fields[when] is true, `otherwise` when not."""

    when: str
    then: Union[str, "Variant"]
    otherwise: Union[str, "Variant"]


Template = Union[str, Variant]


@dataclass(frozen=True)
class Step:
    """A direction: its text (one template, or templates to draw one from) and the facts it books."""

    text: Union[Template, tuple[Template, ...]]
    minutes: int = 0  # typical duration of an untimed step (written times are booked as they are drawn)
    appliance: str | None = None  # one of COOKING_APPLIANCES, or None for hands-on or fridge steps
    tails: tuple[str, ...] = ()  # optional second sentences (never times, never appliance words)
    times: tuple[TimeOption, ...] = ()  # the text writes a time ({t}) drawn from these
    per_side: bool = False  # that written time is per side: the total counts it twice


class Table(dict):
    """A mapping whose entries are also attributes: data.steps.layer is data["steps"]["layer"]."""

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no entry {name!r} here (entries: {', '.join(map(str, self))})") from None


class Pool(list):
    """Named ingredients in a fixed order: draw from it like a list, or take one by name (pool.onion)."""

    def __init__(self, named: dict[str, Ingredient]):
        super().__init__(named.values())
        self.named = named

    def __getattr__(self, name: str) -> Ingredient:
        try:
            return self.__dict__["named"][name]
        except KeyError:
            raise AttributeError(f"no ingredient {name!r} in this pool") from None


def fill(template: Template, fields: dict) -> str:
    """The template's text with its {fields} filled in (a Variant first picks its branch)."""
    while isinstance(template, Variant):
        template = template.then if fields[template.when] else template.otherwise
    return template.format_map(fields)


# ---------------------------------------------------------------------------------------------------
# loading the tables
# ---------------------------------------------------------------------------------------------------

_SPAN = re.compile(r"^(\d+)-(\d+)$")


def read_yaml(name: str) -> dict:
    """The raw content of pipeline/recipes/<name>.yaml, read with yaml's safe loader (what yaml.safe_load
    uses; its C version when PyYAML has it: ten times faster, and these files are read on import)."""
    text = (DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise DataError(f"{name}.yaml: expected a mapping of sections")
    return data


def _time_option(value, where: str) -> TimeOption:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SPAN.match(str(value))
    if match and 0 < int(match.group(1)) <= int(match.group(2)):
        return Span(int(match.group(1)), int(match.group(2)))
    raise DataError(f"{where}: {value!r} is not a time (minutes, or a span such as 45-60)")


def _times(value, where: str):
    if value is None:  # a method that writes no time of its own (the slow cooker step has its own)
        return None
    if isinstance(value, dict):
        return Table({k: _times(v, f"{where}.{k}") for k, v in value.items()})
    if isinstance(value, list) and value:
        return [_time_option(v, where) for v in value]
    raise DataError(f"{where}: expected a list of times or a table of them")


def _template(value, where: str) -> Template:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"if", "then", "else"}:
        return Variant(str(value["if"]), _template(value["then"], where), _template(value["else"], where))
    raise DataError(f"{where}: expected a template (text, or {{if, then, else}}), got {value!r}")


def _option(value, where: str):
    if isinstance(value, list):
        return [_option(v, where) for v in value]
    if isinstance(value, dict):
        if set(value) == {"if", "then", "else"}:
            return _template(value, where)
        return Table({k: _option(v, f"{where}.{k}") for k, v in value.items()})
    return value


_STEP_KEYS = {"text", "minutes", "appliance", "tails", "times", "per_side"}


def _step(value, where: str, tails: dict) -> Step:
    if not isinstance(value, dict) or set(value) == {"if", "then", "else"}:
        value = {"text": value}
    unknown = set(value) - _STEP_KEYS
    if unknown or "text" not in value:
        raise DataError(f"{where}: a step has text and optionally {sorted(_STEP_KEYS - {'text'})}, got {sorted(value)}")
    text = value["text"]
    text = tuple(_template(t, where) for t in text) if isinstance(text, list) else _template(text, where)
    appliance = value.get("appliance")
    if appliance is not None and appliance not in COOKING_APPLIANCES:
        raise DataError(f"{where}: unknown appliance {appliance!r} (known: {', '.join(COOKING_APPLIANCES)})")
    minutes = value.get("minutes", 0)
    if not isinstance(minutes, int) or minutes < 0:
        raise DataError(f"{where}: minutes must be a whole number >= 0, got {minutes!r}")
    tail_name = value.get("tails")
    if tail_name is not None and tail_name not in tails:
        raise DataError(f"{where}: unknown tails {tail_name!r} (known: {', '.join(tails)})")
    times = tuple(_time_option(t, where) for t in value.get("times", []))
    if times and "{t}" not in str(text):
        raise DataError(f"{where}: a step with times writes them as {{t}}")
    return Step(text, minutes, appliance, tuple(tails[tail_name]) if tail_name else (), times, bool(value.get("per_side", False)))


def _steps(value, where: str, tails: dict):
    if isinstance(value, dict) and "text" not in value and set(value) != {"if", "then", "else"}:
        return Table({k: _steps(v, f"{where}.{k}", tails) for k, v in value.items()})
    return _step(value, where, tails)


_INGREDIENT_KEYS = {"line", "short", "meat", "fish", "prep", "raw", "meat_if"}


def _ingredient(value, where: str, shared: dict[str, Ingredient]):
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in shared:
            raise DataError(f"{where}: no shared ingredient {value!r} in pools.yaml")
        return shared[value[1:]]
    if isinstance(value, str):
        return Ingredient(value)
    if isinstance(value, dict) and "line" in value:
        unknown = set(value) - _INGREDIENT_KEYS
        if unknown:
            raise DataError(f"{where}: unknown ingredient keys {sorted(unknown)}")
        item = Ingredient(**value)
        if item.meat and item.fish:
            raise DataError(f"{where}: {item.line!r} cannot be both meat and fish")
        return item
    raise DataError(f"{where}: expected an ingredient (a line, {{line, short, meat, ...}} or @name), got {value!r}")


def _ingredients(value, where: str, shared: dict[str, Ingredient]):
    if value is None:
        return None
    if isinstance(value, list):
        return [_ingredients(v, where, shared) for v in value]
    if isinstance(value, dict) and "line" not in value:
        return Table({k: _ingredients(v, f"{where}.{k}", shared) for k, v in value.items()})
    return _ingredient(value, where, shared)


def _chance(value, where: str):
    if isinstance(value, dict):
        return Table({k: _chance(v, f"{where}.{k}") for k, v in value.items()})
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise DataError(f"{where}: a probability must be a number in [0, 1], got {value!r}")
    return value


def _weights(value, where: str):
    if not isinstance(value, dict) or not value:
        raise DataError(f"{where}: expected {{option: weight}}")
    if all(isinstance(v, dict) for v in value.values()):
        return Table({k: _weights(v, f"{where}.{k}") for k, v in value.items()})
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0 for v in value.values()):
        raise DataError(f"{where}: weights must be positive numbers")
    return dict(value)


def _raw(value):
    if isinstance(value, dict):
        return Table({k: _raw(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_raw(v) for v in value]
    return value


def _typed(hint, value, where: str):
    """value converted to the type hint of a record field (see records)."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if Span in options:  # TimeOption
            return _time_option(value, where)
        if len(options) == 2 and str in options and Variant in options:  # Template
            return _template(value, where)
        return _typed(options[0], value, where)
    if hint is Ingredient:
        return _ingredient(value, where, shared_by_name())
    if is_dataclass(hint):  # a nested record; a plain string fills its first field
        return records(hint, [value if isinstance(value, dict) else {fields(hint)[0].name: value}], where)[0]
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise DataError(f"{where}: expected a list, got {value!r}")
        item = args[0] if args else object
        items = [_typed(item, v, where) for v in value]
        return items if origin is list else tuple(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise DataError(f"{where}: expected a mapping, got {value!r}")
        return Table({k: _typed(args[1], v, f"{where}.{k}") for k, v in value.items()})
    if hint in (str, int, float, bool) and not isinstance(value, hint):
        raise DataError(f"{where}: expected {hint.__name__}, got {value!r}")
    return _raw(value)


def records(cls, entries, where: str = ""):
    """Typed records: each mapping in `entries` (a list, or a table of them) becomes a `cls` dataclass, each
    field converted by its type (Ingredient: a line or @name; TimeOption: 45 or "45-60"; Template: text
    or {if, then, else}; lists and dicts of those). Unknown or missing fields are errors."""
    if isinstance(entries, dict) and not all(isinstance(v, dict) for v in entries.values()):
        raise DataError(f"{where}: expected records")
    if isinstance(entries, dict):
        return Table({k: records(cls, [v], f"{where}.{k}")[0] for k, v in entries.items()})
    hints = get_type_hints(cls)
    names = {f.name for f in fields(cls)}
    out = []
    for i, entry in enumerate(entries):
        here = f"{where}[{i}]"
        if not isinstance(entry, dict) or set(entry) - names:
            raise DataError(f"{here}: a {cls.__name__} has fields {sorted(names)}, got {entry!r}")
        try:
            out.append(cls(**{k: _typed(hints[k], v, f"{here}.{k}") for k, v in entry.items()}))
        except TypeError as e:
            raise DataError(f"{here}: {e}") from None
    return out


GROUPS = ("chance", "weights", "steps", "ingredients", "times", "options", "dishes")


@cache
def shared_ingredients() -> Table:
    """pools.yaml: {pool name: Pool}; every ingredient in it can be named as "@name" elsewhere."""
    pools = Table()
    for pool, items in read_yaml("pools").items():
        if not isinstance(items, dict):
            raise DataError(f"pools.yaml: {pool}: expected {{name: ingredient}}")
        pools[pool] = Pool({name: _ingredient(v, f"pools.{pool}.{name}", {}) for name, v in items.items()})
    return pools


@cache
def shared_by_name() -> dict[str, Ingredient]:
    """Every shared ingredient by its name (for "@name" references)."""
    named: dict[str, Ingredient] = {}
    for pool_name, pool in shared_ingredients().items():
        for name, item in pool.named.items():
            if name in named:
                raise DataError(f"pools.yaml: the name {name!r} is used twice ({pool_name})")
            named[name] = item
    return named


@cache
def _tails() -> dict[str, list[str]]:
    return read_yaml("common")["tails"]["options"]


@cache
def load(name: str) -> Table:
    """pipeline/recipes/<name>.yaml: {section: {group: {entry: value}}}, checked and converted (see above)."""
    shared = shared_by_name()
    tails = _tails()
    out = Table()
    for section, groups in read_yaml(name).items():
        where = f"{name}.{section}"
        if not isinstance(groups, dict) or set(groups) - set(GROUPS):
            raise DataError(f"{where}: expected groups among {', '.join(GROUPS)}, got {list(groups or [])}")
        body = Table()
        for group, entries in groups.items():
            if not isinstance(entries, dict):
                raise DataError(f"{where}.{group}: expected named entries")
            convert = {
                "chance": lambda k, v, w: _chance(v, w),
                "weights": lambda k, v, w: _weights(v, w),
                "steps": lambda k, v, w: _steps(v, w, tails),
                "ingredients": lambda k, v, w: _ingredients(v, w, shared),
                "times": lambda k, v, w: _times(v, w),
                "options": lambda k, v, w: _option(v, w),
                "dishes": lambda k, v, w: _raw(v),
            }[group]
            body[group] = Table({k: convert(k, v, f"{where}.{group}.{k}") for k, v in entries.items()})
        out[section] = body
    return out


# ---------------------------------------------------------------------------------------------------
# text helpers
# ---------------------------------------------------------------------------------------------------

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SPACES = re.compile(r"  +")
_DOTS = re.compile(r"\.\.(?!\.)")
_NUMBER_WORDS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_QUARTERS = {0: "", 15: " 1/4", 30: " 1/2", 45: " 3/4"}


def expand(rng: random.Random, template: str) -> str:
    """Replace every [a|b|c] by one alternative (empty alternatives allowed); tidy spaces."""
    text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return _SPACES.sub(" ", text).replace(" ,", ",").replace(" .", ".").strip()


def time_forms(m: int) -> list[str]:
    """Ways to write exactly m minutes (a list to draw from: repeats make a form more likely)."""
    if m < 60:
        if m == 1:
            return ["1 minute", "1 min."]
        forms = [f"{m} minutes", f"{m} minutes", f"{m} minutes", f"{m} min.", f"{m} mins.", f"{m} min"]
        if m == 45:
            forms += ["3/4 hour", "45 minutes"]
        return forms
    if m % 1440 == 0:
        days = m // 1440
        return ["24 hours", "1 day", "24 hrs."] if days == 1 else [f"{days} days"]
    h, r = divmod(m, 60)
    frac = _QUARTERS.get(r)
    if frac is None:
        return [f"{m} minutes", f"{h} hr. {r} min."]
    if h == 1 and r == 0:
        return ["1 hour", "1 hour", "1 hr.", "an hour", "60 minutes", "one hour"]
    forms = [f"{h}{frac} hours", f"{h}{frac} hours", f"{h}{frac} hrs.", f"{h}{frac} hr."]
    if r == 0 and h < len(_NUMBER_WORDS):
        forms.append(f"{_NUMBER_WORDS[h]} hours")
    if m == 90:
        forms += ["90 minutes", "an hour and a half", "1 hour 30 minutes"]
    if m == 75:
        forms += ["1 hour 15 minutes", "75 minutes"]
    return forms


def _hours_word(m: int) -> str:
    h, r = divmod(m, 60)
    return f"{h}{_QUARTERS[r]}"


def range_forms(lo: int, hi: int) -> list[str]:
    """Ways to write "lo to hi minutes"."""
    if hi < 60:
        return [f"{lo} to {hi} minutes", f"{lo} to {hi} minutes", f"{lo}-{hi} min.", f"{lo} to {hi} min.",
                f"{lo}-{hi} minutes", f"{lo} or {hi} minutes"]
    if lo >= 60 and lo % 15 == 0 and hi % 15 == 0:
        a, b = _hours_word(lo), _hours_word(hi)
        return [f"{a} to {b} hours", f"{a} to {b} hours", f"{a}-{b} hrs.", f"{a} to {b} hrs.", f"{a} or {b} hours"]
    if hi % 15 == 0:
        hi_forms = time_forms(hi)
        return [f"{lo} minutes to {hi_forms[0]}", f"{lo} to {hi} minutes", f"{lo} min. to {hi_forms[2]}"]
    return [f"{lo} to {hi} minutes"]


def cap(s: str) -> str:
    """The text with its first letter capitalised."""
    return s[:1].upper() + s[1:]


_QTY = re.compile(r"^(?:[\d/ ]+|dash of|pinch of|a few)\s*(?:\([^)]*\)\s*)?(?:(?:c|tsp|tbsp|t|oz|lb|lbs|pkg|env|qt|pt|doz|sm|med|lg|can|cans|jar|"
                  r"bottle|box|bunch|head|cloves?|slices?|stalks?|ribs?|sticks?|squares?|cups?|pints?|quarts?|pounds?|ounces?|packages?|envelopes?|"
                  r"tablespoons?|teaspoons?)\.?\s+)*", re.I)
_KEEP_CAPITAL = {"Italian", "Dijon", "Parmesan", "Cajun", "Marsala", "Russian", "Worcestershire", "Tabasco", "Monterey", "Cheddar", "Swiss",
                 "Velveeta", "Bisquick", "Stove", "Cool", "Jell-O", "Hidden", "French", "Ritz", "Crisco"}


def short_of(line: str) -> str:
    """A rough short name for an ingredient line: drop quantities, units and trailing preparation."""
    s = _QTY.sub("", line).split(",")[0]
    s = re.sub(r"\(.*?\)", "", s).strip()
    s = re.sub(r"\s+(?:for frying|to taste|for garnish)$", "", s)
    keep = not s[:1].isupper() or re.match(r"^[A-Z][a-z]+'s|^[A-Z]{2}", s) or s.split()[0] in _KEEP_CAPITAL
    return s if keep else s.lower()


# ---------------------------------------------------------------------------------------------------
# the builder
# ---------------------------------------------------------------------------------------------------


COMMON = load("common")
POOLS = shared_ingredients()  # pools.yaml: POOLS.aromatics.onion, POOLS.seasonings, ...
SERVES_MAIN, SERVES_SIDE = COMMON.finish.options.serves_main, COMMON.finish.options.serves_side
_WORDS = COMMON.words.options
_TITLE = COMMON.title
_FINISH = COMMON.finish
_OWNED = re.compile(r"^\w+'s ")
_TAILS_ADDED = COMMON.tails.chance.added


class Recipe:
    """Collects one recipe: title, ingredient lines, direction lines, and the facts behind the labels."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.title = ""
        self.kind = ""  # one of KINDS
        self.main = False  # a main dish (main_dish)
        self.meat = False  # an ingredient is non-fish meat (has_non_fish_meat)
        self.ingredients: list[str] = []
        self.directions: list[str] = []
        self.notes: list[str] = []  # serves / yield lines and notes, after the directions
        self.minutes = 0  # total cooking time booked by the steps (cook_time_over_30_mins)
        self.appliances: set[str] = set()  # booked by the steps (requires_oven, requires_stove)
        self._pending = 0  # minutes of times written in the step being composed

    # --- draws ---------------------------------------------------------------------------------

    def choice(self, options):
        return self.rng.choice(options)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def weighted(self, weights: dict):
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def sample(self, options, k: int) -> list:
        return self.rng.sample(list(options), min(k, len(options)))

    def pick(self, templates, **fields) -> str:
        """One of the templates, filled in."""
        return fill(self.choice(templates), fields)

    def pick_each(self, table, **fields) -> Table:
        """One draw from every list in the table (nested tables too), in table order; other entries
        (fixed text, an ingredient, None) are taken as they are. All are drawn; the caller keeps one."""
        out = Table()
        for key, value in table.items():
            if isinstance(value, dict):
                out[key] = self.pick_each(value, **fields)
            else:
                value = self.choice(value) if isinstance(value, list) else value
                out[key] = fill(value, fields) if isinstance(value, (str, Variant)) else value
        return out

    def expand(self, template: str) -> str:
        return expand(self.rng, template)

    # --- ingredients ---------------------------------------------------------------------------

    def ingredient(self, entry: Ingredient | str, **fields) -> str:
        """Add one ingredient line (once); returns the short name the directions use."""
        if isinstance(entry, str):
            entry = Ingredient(entry)
        line = self.expand(entry.line.format_map(fields) if fields else entry.line)
        if line not in self.ingredients:
            self.ingredients.append(line)
        if entry.meat or (entry.meat_if and entry.meat_if in line):
            self.meat = True
        return entry.short or short_of(line)

    def add_ingredients(self, entries, **fields) -> list[str]:
        """Add each ingredient in order."""
        return [self.ingredient(e, **fields) for e in entries]

    def ingredients_from(self, pool, k: int) -> list[str]:
        """Add k ingredients drawn from the pool."""
        return [self.ingredient(e) for e in self.sample(pool, k)]

    # --- times and steps -----------------------------------------------------------------------

    def time(self, lo: int, hi: int | None = None, mult: int = 1) -> str:
        """Write a time (lo, or lo to hi minutes) and book it (the upper end, times mult) for the next step."""
        if hi is None or hi == lo:
            self._pending += lo * mult
            return self.choice(time_forms(lo))
        self._pending += hi * mult
        return self.choice(range_forms(lo, hi))

    def time_from(self, options, mult: int = 1) -> str:
        """Draw one time option (minutes or a Span) and write it."""
        option = self.choice(options)
        if isinstance(option, int):
            return self.time(option, mult=mult)
        return self.time(option[0], option[1], mult=mult)

    def add_step(self, text: str, minutes: int = 0, appliance: str | None = None, tails=()):
        """Add a direction; it books the times written in it, plus `minutes`, and the appliance. With tails, a
        second sentence is added half the time (common.yaml tails.chance)."""
        if tails and self.chance(_TAILS_ADDED):
            text = text.rstrip() + " " + self.rng.choice(tails)
        text = text.replace("greased greased", "greased").replace("greased and floured greased", "greased and floured")
        self.directions.append(cap(_DOTS.sub(".", text)))
        self.minutes += self._pending + minutes
        self._pending = 0
        if appliance:
            self.appliances.add(appliance)

    def step(self, step: Step, also=(), **fields) -> None:
        """Add a Step from the tables: draw its time (as {t}) if it writes one, then its text (from its
        templates plus `also`, templates this use of the step adds)."""
        if step.times:
            fields["t"] = self.time_from(step.times, mult=2 if step.per_side else 1)
        if also:
            text = self.choice(list(step.text) + list(also))
        else:
            text = step.text if isinstance(step.text, (str, Variant)) else self.choice(step.text)
        self.add_step(fill(text, fields), minutes=step.minutes, appliance=step.appliance, tails=step.tails)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def finish(self, serves=None, note_chance: float | None = None, serve_lines=None, serve_chance: float | None = None) -> None:
        """The lines after the steps: maybe a serving line, usually a yield line (from serves), maybe a note."""
        odds = _FINISH.chance
        if serve_lines and self.chance(odds.serve_line if serve_chance is None else serve_chance):
            self.add_step(self.choice(serve_lines))
        if serves and self.chance(odds.serves):
            self.note(self.choice(serves))
        if self.chance(odds.note if note_chance is None else note_chance):
            self.note(self.choice(_FINISH.options.notes))

    # --- words ---------------------------------------------------------------------------------

    def set_title(self, core: str, adjectives: bool = True) -> None:
        """The dish name styled like the corpus: maybe an owner or adjective, a suffix, odd capitals."""
        title, odds, words = core, _TITLE.chance, _TITLE.options
        roll = self.rng.random()
        if adjectives and roll < odds.owner and not _OWNED.match(title):
            title = f"{self.choice(words.owners)} {title}"
        elif adjectives and roll < odds.adjective:
            adjective = self.choice(words.adjectives)
            if adjective.split()[-1].lower() not in title.lower():
                title = f"{adjective} {title}"
        if self.chance(odds.suffix):
            suffix = self.choice(words.suffixes)
            if not suffix.strip() or suffix.strip().split()[-1].lower() not in title.lower():
                title += suffix
        case = self.rng.random()
        if case < odds.upper_case:
            title = title.upper()
        elif case < odds.lower_case:
            title = title.lower()
        elif case < odds.title_case:
            title = title.title()  # "Mom'S Meatloaf"
        self.title = title.strip()

    def join(self, items: list[str]) -> str:
        """ "a", "a and b", "a, b and c" (the last join drawn: and / , and / &)."""
        items = [i for i in items if i]
        if len(items) <= 1:
            return items[0] if items else ""
        last = self.choice(_WORDS.last_joins)
        if len(items) == 2:
            return items[0] + (" and " if last == ", and " else last) + items[1]
        return ", ".join(items[:-1]) + last + items[-1]

    def degrees(self, v: int) -> str:
        """A temperature: "350°", "350 degrees", ..."""
        return self.pick(_WORDS.degrees, v=v)

    def degrees_adjective(self, v: int) -> str:
        """A temperature before "oven": "a 350 degree oven"."""
        return self.pick(_WORDS.degrees_adjective, v=v)
