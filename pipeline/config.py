"""Stage configs are dataclasses; this turns one into CLI flags and reads it from a YAML file.

Each field's `metadata={"help": ...}` becomes the flag's help text. `--config FILE.yaml` loads values,
and flags given on the command line override them.
"""

from __future__ import annotations

import argparse
import dataclasses
import types
import typing
from pathlib import Path

import yaml

from pipeline.errors import UserError


def _base_type(tp):
    """str for `str | None`, list for `list[str]` and so on."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _base_type(args[0])
    return origin or tp


def _parse_bool(text: str) -> bool:
    low = text.lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def add_arguments(parser: argparse.ArgumentParser, cls) -> None:
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        tp = _base_type(hints[f.name])
        flag = "--" + f.name.replace("_", "-")
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        help_text = f.metadata.get("help", "").replace("%", "%%")  # argparse formats help with %
        if default not in (None, [], ""):
            help_text += f" (default: {default})"
        kwargs = {"dest": f.name, "default": argparse.SUPPRESS, "help": help_text}
        if f.metadata.get("positional"):  # `hub push-dataset DIR`: the field may also be given as --dir
            parser.add_argument(f.name, nargs="?", default=argparse.SUPPRESS, help=help_text, type=str,
                                metavar=f.name.upper())
            kwargs["dest"] = f.name
        if tp is bool:
            kwargs.update(type=_parse_bool, nargs="?", const=True, metavar="BOOL")
        elif tp is list:
            kwargs.update(nargs="+")
        else:
            kwargs.update(type=tp if tp in (int, float) else str)
        parser.add_argument(flag, **kwargs)
    parser.add_argument("--config", dest="_config", default=None, metavar="FILE", help="YAML file with these settings; flags override it")


def load_yaml(path: str | Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise UserError(f"config file not found: {path}") from None
    except yaml.YAMLError as e:
        raise UserError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping of setting: value")
    return data


def coerce(name: str, value, tp):
    """A YAML value as the field's type (YAML reads 1e-4 as text, for one), or a UserError naming it."""
    if value is None:
        return None
    try:
        if tp is bool:
            return value if isinstance(value, bool) else _parse_bool(str(value))
        if tp is int and not isinstance(value, bool):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            return int(value)
        if tp is float and not isinstance(value, bool):
            return float(value)
        if tp is str:
            return str(value)
        if tp is list:
            return list(value) if isinstance(value, (list, tuple)) else [value]
    except (ValueError, TypeError, argparse.ArgumentTypeError):
        pass
    else:
        return value
    kind = {bool: "true or false", int: "a whole number", float: "a number"}.get(tp, tp.__name__)
    raise UserError(f"setting {name}: expected {kind}, got {value!r}")


def build(cls, values: dict | None = None, yaml_path: str | Path | None = None):
    """The config from a YAML file, then `values` on top; unknown keys and values of the wrong type
    are an error that names them."""
    merged = load_yaml(yaml_path) if yaml_path else {}
    merged.update(values or {})
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(merged) - known)
    if unknown:
        raise UserError(f"unknown setting(s) for {cls.__name__}: {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    hints = typing.get_type_hints(cls)
    return cls(**{k: coerce(k, v, _base_type(hints[k])) for k, v in merged.items()})


def from_args(cls, args: argparse.Namespace):
    values = {k: v for k, v in vars(args).items() if not k.startswith("_") and k not in ("command", "verb")}
    return build(cls, values, getattr(args, "_config", None))
