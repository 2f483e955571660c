"""Shared steps: each adds one direction and books its appliance and its minutes (steps.yaml)."""

from __future__ import annotations

from pipeline.recipes.engine import COMMON, Recipe, load

STEPS = load("steps")  # steps.yaml
KITCHEN = STEPS.kitchen
PANS, SLOW_COOKERS, OVEN_TEMPERATURES = KITCHEN.options.pans, KITCHEN.options.slow_cookers, KITCHEN.options.oven_temperatures
SHORT_TIMES, TINY_TIMES, LONG_TIMES, CHILL_TIMES = KITCHEN.times.short, KITCHEN.times.tiny, KITCHEN.times.long, KITCHEN.times.chill
GARNISHES, BASES, SIDE_DISHES = COMMON.serving.options.garnishes, COMMON.serving.options.bases, COMMON.serving.options.sides


def preheat(b: Recipe, v: int, pan: str | None = None):
    """Preheat the oven (to v degrees), maybe greasing the pan."""
    data = STEPS.preheat
    pan = pan or b.choice(PANS)
    T = b.degrees(v)
    b.step(data.steps.preheat, T=T, pan=pan)


def bake(b: Recipe, times, done: str, v: int | None = None, covered: bool | None = None):
    """A bake line; v is the temperature when the oven was not preheated in an earlier step."""
    t = b.time_from(times)
    d = done
    data = STEPS.bake
    words = b.pick_each(data.options.cover_words)  # "covered, " is drawn even when the dish is not covered
    cov = {None: "", True: words.covered, False: words.uncovered}[covered]
    if v is not None:
        T, A = b.degrees(v), b.degrees_adjective(v)
        line = b.pick(data.options.at_temperature, cov=cov, T=T, t=t, A=A, d=d)
    else:
        line = b.pick(data.options.in_the_preheated_oven, t=t, d=d, cov=cov)
    if covered is True and "cover" not in line:
        line = b.choice(data.options.cover_first) + line
    b.step(data.steps.bake, line=line.replace(", ,", ",").replace(" ,", ","))


def broil(b: Recipe, what: str = "top"):
    """Brown under the broiler."""
    data = STEPS.broil
    b.step(data.steps.broil, what=what)


def brown(b: Recipe, x: str, drain: bool = True):
    """Brown meat in a skillet (drained unless drain=False)."""
    data = STEPS.brown
    dr = b.choice(data.options.drain_words) if drain else ""
    if b.chance(data.chance.timed):
        b.step(data.steps.timed, x=x, dr=dr)
    else:
        b.step(data.steps.untimed, x=x, dr=dr)


def saute(b: Recipe, items: list[str], timed: bool | None = None):
    """Saute vegetables in fat, timed or not (timed=None: drawn)."""
    data = STEPS.saute
    x = b.join(items)
    fat = b.choice(data.options.fats)
    if timed if timed is not None else b.chance(data.chance.timed):
        b.step(data.steps.timed, x=x, fat=fat)
    else:
        b.step(data.steps.untimed, x=x, fat=fat)


def simmer(b: Recipe, times, d: str = "", what: str = "", lead: bool | None = None):
    """Simmer for one of the times; lead=True starts by bringing it to a boil (None: drawn)."""
    data = STEPS.simmer
    t = b.time_from(times)
    d = d or b.choice(data.options.doneness)
    w = f" {what}" if what else ""
    if lead if lead is not None else b.chance(data.chance.boil_first):
        line = b.pick(data.options.boil_first, t=t, w=w, d=d, no_what=not w)
    else:
        line = b.pick(data.options.simmer_only, t=t, d=d)
    b.step(data.steps.simmer, line=line)


def boil_pasta(b: Recipe, x: str):
    """Cook pasta or noodles in boiling water."""
    data = STEPS.boil_pasta
    if b.chance(data.chance.timed):
        b.step(data.steps.timed, x=x)
    else:
        b.step(data.steps.untimed, x=x)


def melt(b: Recipe, x: str):
    """Melt on the stove."""
    data = STEPS.melt
    b.step(data.steps.melt, x=x)


def microwave(b: Recipe, x: str, times, d: str = "hot"):
    """Microwave for one of the times."""
    data = STEPS.microwave
    t = b.time_from(times)
    b.step(data.steps.microwave, x=x, t=t, d=d)


def microwave_melt(b: Recipe, x: str):
    """Melt in the microwave."""
    data = STEPS.microwave_melt
    b.step(data.steps.melt, x=x)


def slow_cook(b: Recipe, hours_on_low=None):
    """A slow-cooker step (always long); hours_on_low: time options in hours (steps.yaml has the default)."""
    data = STEPS.slow_cook
    hours = b.choice(hours_on_low or data.times.hours_on_low)
    cooker = b.choice(SLOW_COOKERS)
    if b.chance(data.chance.all_day):
        b.step(data.steps.all_day, cooker=cooker)
        return
    if isinstance(hours, int):
        low = b.time(hours * 60)
        h = max(hours // 2, 2)  # hours on high
    else:
        low = b.time(hours.low * 60, hours.high * 60)
        h = max(hours.low // 2, 2)
    h_next = h + 1
    high_txt = b.pick(data.options.on_high, h=h, h_next=h_next)
    b.step(data.steps.on_low, low=low, high_txt=high_txt, cooker=cooker)


def grill(b: Recipe, x: str, per_side, d: str = "done"):
    """Grill for one of the times per side (the total counts both sides)."""
    data = STEPS.grill
    if b.chance(data.chance.first_wording):
        t = b.time_from(per_side, mult=2)
        line = b.pick(data.options.first_wording, x=x, t=t, d=d)
    else:
        t = b.time_from(per_side, mult=2)
        line = b.pick(data.options.second_wording, x=x, t=t, d=d)
    b.step(data.steps.grill, line=line)


def preheat_grill(b: Recipe):
    """Light or preheat the grill."""
    data = STEPS.preheat_grill
    b.step(data.steps.preheat)


def air_fry(b: Recipe, x: str, times, v: int | None = None, d: str = "golden and crisp", preheat_: bool | None = None):
    """Air-fry at v degrees (drawn when not given), preheating first or not (preheat_=None: drawn)."""
    data = STEPS.air_fry
    v = v or b.choice(data.options.temperatures)
    T = b.degrees(v)
    if preheat_ if preheat_ is not None else b.chance(data.chance.preheat):
        b.step(data.steps.preheat, T=T)
        t = b.time_from(times)
        b.step(data.steps.after_preheating, x=x, t=t, d=d)
    else:
        t = b.time_from(times)
        b.step(data.steps.at_temperature, T=T, t=t, x=x, d=d)


def chill(b: Recipe, what: str = "", d: str = "set"):
    """A long refrigeration step (always well over 30 minutes)."""
    data = STEPS.chill
    w = f" {what}" if what else ""
    if b.chance(data.chance.overnight):
        b.step(data.steps.overnight, also=data.options.until_set if d in ("set", "firm") else (), w=w, d=d)
        return
    t = b.time_from(CHILL_TIMES)
    b.step(data.steps.timed, w=w, t=t, d=d)


def freeze(b: Recipe, what: str = ""):
    """Freeze (always long)."""
    data = STEPS.freeze
    w = f" {what}" if what else ""
    if b.chance(data.chance.overnight):
        b.step(data.steps.overnight, w=w)
        return
    b.step(data.steps.timed, w=w)


def marinate(b: Recipe, x: str):
    """Marinate in the refrigerator (always long)."""
    data = STEPS.marinate
    if b.chance(data.chance.overnight):
        b.step(data.steps.overnight, x=x)
        return
    b.step(data.steps.timed, x=x)


def rise(b: Recipe, again: bool = False):
    """Let dough rise (again=True: the second rise)."""
    data = STEPS.rise
    if b.chance(data.chance.untimed):
        b.step(data.steps.untimed_again if again else data.steps.untimed)
        return
    t = b.time_from(data.times.second_rise if again else data.times.first_rise)
    b.step(data.steps.timed_again if again else data.steps.timed, t=t)


def cool_completely(b: Recipe, what: str = ""):
    """Cool completely (an hour or more)."""
    data = STEPS.cool_completely
    w = f" {what}" if what else ""
    if b.chance(data.chance.untimed):
        b.step(data.steps.untimed, w=w)
        return
    b.step(data.steps.timed, w=w)


def let_stand(b: Recipe):
    """Let stand a few minutes."""
    data = STEPS.let_stand
    b.step(data.steps.let_stand)


def mix(b: Recipe, items: list[str]):
    """Mix the items in a bowl."""
    data = STEPS.mix
    x = b.join(list(dict.fromkeys(items)))
    b.step(data.steps.mix, x=x)


def mix_in(b: Recipe, items: list[str]):
    """Stir the items into what is mixed."""
    data = STEPS.mix_in
    x = b.join(list(dict.fromkeys(items)))
    b.step(data.steps.mix_in, x=x)


def serve(b: Recipe, base: bool = False):
    """A serving line; with base=True it may serve the dish over rice, noodles, ..."""
    data = STEPS.serve
    side = b.choice(SIDE_DISHES)
    bases = [b.choice(BASES) for _ in range(3)] if base else None  # one per template that names a base
    garnishes = [b.choice(GARNISHES) for _ in range(2)]
    texts = data.options.plain + (data.options.over_a_base if base else []) + data.options.garnished
    b.add_step(b.pick(texts, side=side, bases=bases, garnishes=garnishes))
