"""The package's layout: imports go one way, from the app down to the core, with no cycle, no private
name taken from another module, and every import of the package at the top of its module."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

# ../shared/DESIGN.md's layers, lowest first; a module imports only from its own layer and those below
LAYERS = {
    1: {"errors", "task", "config", "prices", "repo_ids", "redact", "retry", "process"},  # core
    2: {"data", "store", "hub", "cards", "calibration"},  # io (store: the proxy's recorded calls)
    3: {"models"},  # loading tokenizers and models
    4: {"answer", "student", "remote"},  # the students (answer: the token paths of their answers)
    5: {"sample", "recipes", "base", "label", "students", "prepare", "train", "calibrate", "cascade", "classify", "batch", "batch_ray", "evaluate", "costs", "serve", "serve_openai",
        "serve_tgi", "batcher", "merge", "space", "jobs", "demo", "proxy"},  # stages, one per CLI verb (and their parts)
    6: {"workspace", "picking", "trying", "runs", "sharing", "teaching", "scoring", "visitors", "views", "cli", "__main__", "app"},  # the app and the entry points
}
LAYER_OF = {name: layer for layer, names in LAYERS.items() for name in names}


def modules() -> dict[str, list[Path]]:
    """Each module of the package (a sub-package counts as one, all its files together), and app.py."""
    found = {p.stem: [p] for p in (ROOT / "pipeline").glob("*.py") if p.stem != "__init__"}
    for package in (ROOT / "pipeline").iterdir():
        if (package / "__init__.py").is_file():
            found[package.name] = sorted(package.glob("*.py"))
    found["app"] = [ROOT / "app.py"]
    return found


def imports_of(path: Path, known: set[str]) -> list[tuple[str, list[str], bool]]:
    """(module, names taken from it, at the module's top level) for each import of a pipeline module."""
    tree = ast.parse(path.read_text())
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (node.module == "pipeline" or node.module.startswith("pipeline.")):
            if node.module == "pipeline":
                found += [(a.name, [], id(node) in top) for a in node.names if a.name in known]
            else:
                found.append((node.module.split(".")[1], [a.name for a in node.names], id(node) in top))
        elif isinstance(node, ast.Import):
            found += [(a.name.split(".")[1], [], id(node) in top) for a in node.names if a.name.startswith("pipeline.")]
    return found


def graph() -> dict[str, list]:
    mods = modules()
    return {name: [i for path in paths for i in imports_of(path, set(mods))] for name, paths in mods.items()}


def test_every_module_has_a_layer():
    assert set(modules()) <= set(LAYER_OF), f"modules with no layer: {sorted(set(modules()) - set(LAYER_OF))}"


def test_imports_go_down_only_and_sit_at_the_top():
    wrong = []
    for name, found in graph().items():
        for target, _, at_top in found:
            if LAYER_OF[target] > LAYER_OF[name]:
                wrong.append(f"{name} (layer {LAYER_OF[name]}) imports {target} (layer {LAYER_OF[target]})")
            if not at_top:
                wrong.append(f"{name} imports {target} inside a function")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    edges = {name: {target for target, _, _ in found if target != name} for name, found in graph().items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path + [node, nxt]
            if nxt not in state and (cycle := visit(nxt, path + [node])):
                return cycle
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start, [])):
            raise AssertionError("import cycle: " + " → ".join(cycle[cycle.index(cycle[-1]):]))


def test_no_private_name_is_taken_from_another_module():
    taken = [f"{name} takes {target}.{n}" for name, found in graph().items() for target, names, _ in found
             for n in names if n.startswith("_")]
    assert not taken, "\n".join(taken)


def test_the_checks_catch_what_they_look_for(tmp_path):
    """The walker sees an import inside a function and a private name (so the tests above can fail)."""
    source = tmp_path / "m.py"
    source.write_text("from pipeline.task import load_task\n\ndef f():\n    from pipeline.hub import _cache_root\n")
    found = imports_of(source, {"task", "hub"})
    assert ("task", ["load_task"], True) in found and ("hub", ["_cache_root"], False) in found
