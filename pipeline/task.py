"""A task is data, not code: a name, a system prompt and typed output fields.

The teacher's JSON schema and function, the student's answer format (compact JSON, fields in task
order), parsing and evaluation all derive from the Task object built here. The recipes task ships in
pipeline/tasks/recipes.yaml; a user brings another as a YAML file of the same shape:

    name: cuisine
    input: recipe                 # the column holding the text to classify
    system_prompt: "Classify a recipe."
    fields:
      - {name: vegetarian, type: boolean, description: "True if ..."}
      - {name: cuisine, type: enum, choices: [italian, mexican, other], description: "..."}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from pipeline.errors import UserError

TASKS_DIR = Path(__file__).parent / "tasks"
FIELD_TYPES = ("boolean", "enum")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}


class TaskError(UserError):
    """A task file that cannot be used."""


class InvalidAnswer(ValueError):
    """A model's answer that does not fit the task."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    choices: tuple[str, ...] = ()

    @property
    def values(self) -> tuple:
        """Every value the field can take, in a fixed order."""
        return (True, False) if self.type == "boolean" else self.choices

    def schema(self) -> dict:
        if self.type == "boolean":
            return {"type": "boolean", "description": self.description}
        return {"type": "string", "enum": list(self.choices), "description": self.description}

    def coerce(self, value):
        """The field's value from a file or an answer (True, "true", "Yes", 1 ...), or InvalidAnswer."""
        if self.type == "boolean":
            if isinstance(value, bool):
                return value
            if isinstance(value, (int, float)) and value in (0, 1):
                return bool(value)
            if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                return value.strip().lower() in _TRUE
        elif isinstance(value, str) and value in self.choices:
            return value
        raise InvalidAnswer(f"field {self.name!r}: {value!r} is not one of {list(self.values)}")


@dataclass(frozen=True)
class InputCheck:
    """What the task's input looks like, to flag text that does not (a warning, never a refusal).

    A text is flagged when it has fewer than `min_words` words, or when it matches none of the patterns of
    one of the `cues` groups (for recipes: quantities or units of ingredients; cooking steps). The check reads
    the text alone, so every backend (local, TGI, vLLM, OpenAI-compatible) gives the same warning."""

    looks_like: str = ""
    min_words: int = 0
    cues: tuple[tuple[str, str], ...] = ()  # (what the group is, one regular expression), all required

    def warning(self, text: str) -> str | None:
        if not self.looks_like or not isinstance(text, str):
            return None
        words = len(text.split())
        if words < self.min_words:
            return f"doesn't look like {self.looks_like}: only {words} word{'s' * (words != 1)}"
        missing = [what for what, pattern in self.cues if not re.search(pattern, text, re.IGNORECASE)]
        if missing:
            return f"doesn't look like {self.looks_like}: no {' and no '.join(missing)}"
        return None


@dataclass(frozen=True)
class Task:
    name: str
    system_prompt: str
    fields: tuple[Field, ...]
    input: str = "recipe"
    function_name: str = "classify"
    input_check: InputCheck = InputCheck()

    def input_warning(self, text: str) -> str | None:
        """A warning when `text` does not look like this task's input (the student still answers)."""
        return self.input_check.warning(text)

    def add_input_warnings(self, texts: list, results: list[dict]) -> list[dict]:
        """Each result with the input check's warning added (after any warning it already has)."""
        for text, result in zip(texts, results):
            flag = self.input_warning(text) if result.get("labels") is not None else None
            if flag:
                result["warning"] = f"{result['warning']}; {flag}" if result.get("warning") else flag
        return results

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def json_schema(self) -> dict:
        """The JSON schema of one answer: every field required, nothing else allowed."""
        return {
            "type": "object",
            "properties": {f.name: f.schema() for f in self.fields},
            "required": self.field_names,
            "additionalProperties": False,
        }

    def tool(self) -> dict:
        """The teacher's function (the original study's way: function calling, all fields required)."""
        return {
            "type": "function",
            "function": {
                "name": self.function_name,
                "description": self.system_prompt,
                "parameters": self.json_schema(),
            },
        }

    def answer_text(self, labels: dict) -> str:
        """The student's answer: compact JSON, fields in task order."""
        return json.dumps({f.name: labels[f.name] for f in self.fields}, separators=(",", ":"), ensure_ascii=False)

    def answer_regex(self) -> str:
        """The student's answer exactly, as a regular expression: compact JSON, fields in task order, each one of its
        values. Given to a server's regex grammar (TGI's `{"type": "regex"}`), it leaves the model no other token path
        than the one it trained on (a JSON-schema grammar allows whitespace, fences and keys spelt a character at a time)."""
        fields = [re.escape(json.dumps(f.name, ensure_ascii=False)) + ":(" + "|".join(re.escape(json.dumps(v, ensure_ascii=False))
                                                                                   for v in f.values) + ")" for f in self.fields]
        return r"\{" + ",".join(fields) + r"\}"

    def answer_gbnf(self) -> str:
        """The same exact answer as answer_regex, as a GBNF grammar (llama.cpp's `grammar` request field)."""
        def literal(text: str) -> str:
            return json.dumps(text, ensure_ascii=False)  # GBNF string literals escape like JSON's

        fields = [literal(json.dumps(f.name, ensure_ascii=False) + ":") + " (" + " | ".join(literal(json.dumps(v, ensure_ascii=False))
                                                                                        for v in f.values) + ")" for f in self.fields]
        return 'root ::= "{" ' + ' "," '.join(fields) + ' "}"'

    def prompt_messages(self, text: str) -> list[dict]:
        return [{"role": "system", "content": self.system_prompt}, {"role": "user", "content": text}]

    def messages(self, text: str, labels: dict) -> list[dict]:
        return self.prompt_messages(text) + [{"role": "assistant", "content": self.answer_text(labels)}]

    def chat_request(self, model: str, style: str, text: str) -> dict:
        """The chat-completions body asking `model` to classify `text`: a forced call of the task's function
        (style "tools") or strict structured output (style "json_schema"). Used by the teacher (label) and the OpenAI-compatible student."""
        body = {"model": model, "messages": self.prompt_messages(text), "temperature": 0}
        if style == "tools":
            body["tools"] = [self.tool()]
            body["tool_choice"] = {"type": "function", "function": {"name": self.function_name}}
        else:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": self.name, "strict": True, "schema": self.json_schema()}}
        return body

    def read_reply(self, style: str, reply) -> tuple[dict | None, str | None]:
        """(labels, None) from a chat-completions reply, or (None, why the answer is invalid)."""
        if not reply.choices:
            return None, "invalid: the reply has no choices"
        choice = reply.choices[0]
        message = choice.message
        if getattr(message, "refusal", None):
            return None, f"refused: {message.refusal}"
        if choice.finish_reason == "length":
            return None, "truncated: the answer hit the token limit (finish_reason length)"
        if style == "tools" and message.tool_calls:
            calls = [c for c in message.tool_calls if getattr(c, "function", None) and c.function.name == self.function_name]
            if not calls:
                return None, f"invalid: no call of {self.function_name!r}"
            text = calls[0].function.arguments
        elif message.content is not None:
            text = message.content
        else:
            return None, "invalid: the reply has neither a tool call nor content"
        try:
            return self.parse_answer(text), None
        except InvalidAnswer as e:
            return None, f"invalid: {e}"

    def validate_labels(self, labels) -> dict:
        """Labels in task order with proper types, or InvalidAnswer naming the first bad field."""
        if not isinstance(labels, dict):
            raise InvalidAnswer(f"expected an object with fields {self.field_names}, got {type(labels).__name__}")
        missing = [n for n in self.field_names if n not in labels]
        if missing:
            raise InvalidAnswer(f"missing field(s): {', '.join(missing)}")
        return {f.name: f.coerce(labels[f.name]) for f in self.fields}

    def parse_answer(self, text: str) -> dict:
        """Labels from a model's raw answer text, or InvalidAnswer saying why not."""
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, TypeError) as e:
            raise InvalidAnswer(f"not JSON: {e}") from None
        return self.validate_labels(data)

    def to_dict(self) -> dict:
        check = self.input_check
        return {
            "name": self.name,
            "input": self.input,
            "system_prompt": self.system_prompt,
            "function_name": self.function_name,
            "fields": [
                {"name": f.name, "type": f.type, "description": f.description, **({"choices": list(f.choices)} if f.choices else {})}
                for f in self.fields
            ],
            **({"input_check": {"looks_like": check.looks_like, "min_words": check.min_words,
                                "cues": [{"what": w, "pattern": p} for w, p in check.cues]}} if check.looks_like else {}),
        }


def task_from_dict(data: dict, source: str = "task") -> Task:
    """Build and check a Task; every error names the file and the field at fault."""
    if not isinstance(data, dict):
        raise TaskError(f"{source}: expected a mapping with name, system_prompt and fields")
    for key in ("name", "system_prompt", "fields"):
        if not data.get(key):
            raise TaskError(f"{source}: missing '{key}'")
    if not isinstance(data["fields"], list):
        raise TaskError(f"{source}: 'fields' must be a list of {{name, type, description}}")
    fields, seen = [], set()
    for i, raw in enumerate(data["fields"]):
        if not isinstance(raw, dict) or not raw.get("name"):
            raise TaskError(f"{source}: field #{i + 1} has no name; give each field a 'name'")
        name = str(raw["name"])
        if not _NAME.match(name):
            raise TaskError(f"{source}: field {name!r}: names must be letters, digits and underscores")
        if name in seen:
            raise TaskError(f"{source}: field {name!r} is defined twice; field names must be unique")
        seen.add(name)
        ftype = raw.get("type", "boolean")
        if ftype not in FIELD_TYPES:
            raise TaskError(f"{source}: field {name!r} has unknown type {ftype!r}; use one of {', '.join(FIELD_TYPES)}")
        choices = tuple(str(c) for c in raw.get("choices") or ())
        if ftype == "enum" and len(choices) < 2:
            raise TaskError(f"{source}: field {name!r} is an enum with {len(choices) or 'no'} choice(s); list at least two under 'choices'")
        if ftype == "enum" and len(set(choices)) != len(choices):
            raise TaskError(f"{source}: field {name!r} repeats a choice")
        if ftype == "boolean" and choices:
            raise TaskError(f"{source}: field {name!r} is boolean and cannot have choices; use type: enum")
        fields.append(Field(name, ftype, str(raw.get("description", "")), choices))
    return Task(
        name=str(data["name"]),
        system_prompt=str(data["system_prompt"]),
        fields=tuple(fields),
        input=str(data.get("input", "recipe")),
        function_name=str(data.get("function_name", "classify")),
        input_check=input_check_from(data.get("input_check"), source),
    )


def input_check_from(raw, source: str) -> InputCheck:
    """The optional `input_check` block: {looks_like, min_words, cues: [{what, pattern}]}."""
    if raw is None:
        return InputCheck()
    if not isinstance(raw, dict) or not raw.get("looks_like"):
        raise TaskError(f"{source}: input_check needs 'looks_like' (e.g. \"a recipe\"), 'min_words' and 'cues'")
    cues = []
    for i, cue in enumerate(raw.get("cues") or []):
        if not isinstance(cue, dict) or not cue.get("what") or not cue.get("pattern"):
            raise TaskError(f"{source}: input_check cue #{i + 1} needs 'what' and 'pattern'")
        try:
            re.compile(str(cue["pattern"]))
        except re.error as e:
            raise TaskError(f"{source}: input_check cue {cue['what']!r}: bad regular expression ({e})") from None
        cues.append((str(cue["what"]), str(cue["pattern"])))
    try:
        min_words = int(raw.get("min_words", 0))
    except (TypeError, ValueError):
        raise TaskError(f"{source}: input_check min_words must be a whole number") from None
    return InputCheck(str(raw["looks_like"]), min_words, tuple(cues))


def load_task(name_or_path: str | Path = "recipes") -> Task:
    """A built-in task by name (recipes) or a YAML/JSON task file."""
    path = Path(name_or_path)
    if not path.suffix and (TASKS_DIR / f"{name_or_path}.yaml").exists():
        path = TASKS_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        builtins = ", ".join(sorted(p.stem for p in TASKS_DIR.glob("*.yaml")))
        raise TaskError(f"task {str(name_or_path)!r} not found: give a built-in name ({builtins}) or a YAML file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise TaskError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
    return task_from_dict(data, source=str(path))


def task_of_folder(folder: str | Path | None, default: str = "recipes") -> Task:
    """The task an adapter or prepared folder was made for (its task.json), else the built-in `default`."""
    path = Path(folder) / "task.json" if folder else None
    if path is None or not path.is_file():
        return load_task(default)
    task = load_task(str(path))
    if not task.input_check.looks_like and (TASKS_DIR / f"{task.name}.yaml").is_file():
        builtin = load_task(task.name)  # a file saved before tasks had an input check: the same built-in task's
        if builtin.fields == task.fields and builtin.input == task.input:
            return replace(task, input_check=builtin.input_check)
    return task


def labels_of(row: dict, task: Task) -> dict:
    """A row's labels: a `labels` mapping (JSON text is fine) or one column per field."""
    labels = row.get("labels")
    if labels is None and row.get("error"):
        raise InvalidAnswer(f"no labels: {row['error']}")
    if isinstance(labels, str):
        try:
            labels = json.loads(labels)
        except json.JSONDecodeError:
            raise InvalidAnswer("the labels column is not JSON") from None
    if labels is None:
        labels = {name: row[name] for name in task.field_names if name in row}
    return task.validate_labels(labels)


def balance(values: list, field: Field) -> dict:
    """The share of each of a field's values among `values` (rounded to 3 places)."""
    counts = {str(v).lower(): 0 for v in field.values}
    for v in values:
        counts[str(v).lower()] += 1
    return {k: round(c / max(1, len(values)), 3) for k, c in counts.items()}
