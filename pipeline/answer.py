"""The answer plan: for a task and a tokenizer, the token paths of the student's answer.

The forced tokens before the first value, and per field a trie whose paths are `value + the punctuation and key of
the next field`. The local decoder walks it (student.py), training puts exactly its paths after the prompt
(train.py), and a llama.cpp server is handed it as a grammar over token ids (remote.py)."""

from __future__ import annotations

import json
import logging

from pipeline.task import Task

log = logging.getLogger("understudy.student")


class Node:
    __slots__ = ("children", "value")

    def __init__(self):
        self.children: dict[int, Node] = {}
        self.value = None  # set on leaves: the field value this path spells


def _after(prefix: list[int], full: list[int], piece: str, tokenizer) -> list[int]:
    """The tokens `full` adds after `prefix`; if the tokenizer merged across the boundary, the piece alone."""
    if full[: len(prefix)] == prefix:
        return full[len(prefix):]
    log.warning("tokens merge across %r; decoding that piece on its own", piece)
    return tokenizer(piece, add_special_tokens=False)["input_ids"]


class AnswerPlan:
    """For a task and a tokenizer: the forced tokens before the first value, and per field a trie whose
    paths are `value + the punctuation and key of the next field` (for the last field, `value + "}"`)."""

    def __init__(self, task: Task, tokenizer, prompt_text: str):
        enc = lambda s: tokenizer(s, add_special_tokens=False)["input_ids"]  # noqa: E731
        fields = task.fields
        text = prompt_text + "{" + json.dumps(fields[0].name) + ":"
        ids = enc(text)
        self.start = _after(enc(prompt_text), ids, text[len(prompt_text):], tokenizer)
        self.tries: list[Node] = []
        for k, f in enumerate(fields):
            tail = ("," + json.dumps(fields[k + 1].name) + ":") if k + 1 < len(fields) else "}"
            root = Node()
            for value in f.values:
                piece = json.dumps(value, ensure_ascii=False) + tail
                node = root
                for tok in _after(ids, enc(text + piece), piece, tokenizer):
                    node = node.children.setdefault(tok, Node())
                node.value = value
            self.tries.append(root)
            text += json.dumps(f.values[0], ensure_ascii=False) + tail
            ids = enc(text)


    def paths(self, k: int) -> list[list[int]]:
        """Every token path through field k's trie: one per value, with the punctuation and next key it forces."""
        out, stack = [], [(self.tries[k], [])]
        while stack:
            node, path = stack.pop()
            if not node.children:
                out.append(path)
            stack.extend((child, path + [tok]) for tok, child in node.children.items())
        return sorted(out)

    def token_gbnf(self) -> str:
        """The decoder's exact token path as a llama.cpp GBNF grammar over token ids (`<[id]>`): the forced tokens,
        and per field one alternative per value, token for token as training tokenized the answer. A grammar
        over characters would let the server spell the keys in tokens this student never saw."""
        def seq(ids: list[int]) -> str:
            return " ".join(f"<[{i}]>" for i in ids)

        rules = [f"root ::= {seq(self.start)} " + " ".join(f"f{k}" for k in range(len(self.tries)))]
        rules += [f"f{k} ::= " + " | ".join(f"( {seq(p)} )" for p in self.paths(k)) for k in range(len(self.tries))]
        return "\n".join(rules)

    def choices(self, answer: list[int]) -> list[bool] | None:
        """For the tokens of an answer (as training puts them after the prompt): True where the decoder chooses
        (a field's value), False where it is forced (keys, punctuation) and for any tokens after the last field
        (the end of turn). None when the tokens are not the decoder's path: then no token maps to a choice."""
        if answer[: len(self.start)] != self.start:
            return None
        marks = [False] * len(self.start)
        k = len(self.start)
        for root in self.tries:
            node = root
            while node.children:
                if k >= len(answer) or answer[k] not in node.children:
                    return None
                marks.append(len(node.children) > 1)
                node, k = node.children[answer[k]], k + 1
        return marks + [False] * (len(answer) - k)
