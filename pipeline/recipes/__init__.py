"""The recipe generator behind `pipeline.sample`: a small engine plus data.

engine.py     the builder (`Recipe`: ingredients, steps, times, appliances, meat) and the data types and
              loader for the tables: `Ingredient`, `Step`, `Span`, `Variant`, `Pool`, `Table`.
steps.py      shared steps (preheat, bake, simmer, slow-cook, grill, chill, ...), each booking its appliance
              and its minutes.
mains.py, casseroles.py, soups.py, salads.py, sides.py, desserts.py, breads.py, drinks.py, sauces.py
              one builder per dish family: the order of its random draws, nothing else.
*.yaml        the data: dishes, ingredient pools, steps (text, minutes, appliance), time options, titles,
              probabilities (`chance:`) and weights, read with yaml's safe loader (see engine.load).

Each builder draws from its recipe's own `random.Random`; the draws happen in a fixed order, so a seed
always gives the same recipes (tests/test_sample.py pins a fingerprint).
"""
