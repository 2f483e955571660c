"""picking: the Students picker of one workspace (the app's, or a visitor's): every student it may use, which one is
active, switching and deleting, and a finished training run made active only when it wins on the same rows.

The students themselves (what the disk holds, read fresh each time) are pipeline/students.py's registry; the active
one is the workspace's `adapter` setting, so every tab and `/v1` follow a switch. Functions of a workspace `ws`.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import students as registry
from pipeline.data import read_rows
from pipeline.errors import UserError
from pipeline.models import SHIPPED_STUDENTS, check_base_available, resolve_base
from pipeline.student import LocalStudent
from pipeline.task import labels_of


def student_list(ws) -> list[registry.StudentEntry]:
    """Every student this workspace may use: the shipped ones, then its own (a visitor sees only theirs)."""
    return registry.list_students(ws.root, ws.adapter())


def use_student(ws, name: str) -> registry.StudentEntry:
    """Make the student called `name` (as `student_list` lists it) the active one; its base must be at hand."""
    entry = registry.find(student_list(ws), name)
    check_base_available(resolve_base(Path(entry.folder), ""))
    ws.save_settings(adapter=entry.folder)
    entry.active = True
    return entry


def use_shipped(ws, name: str) -> str:
    """Make a shipped student (SHIPPED_STUDENTS: "tiny", "smollm2-135m") the active one; its base model must be at
    hand (a real base: the Hub, or its offline copy's wheel). Returns how the page names it."""
    if name not in SHIPPED_STUDENTS or not (SHIPPED_STUDENTS[name] / "adapter_config.json").is_file():
        raise UserError(f"no shipped student {name!r}; pick one of {', '.join(n for n, p in SHIPPED_STUDENTS.items() if p.is_dir())}")
    use_student(ws, name)
    return ws.display(SHIPPED_STUDENTS[name])


def delete_student(ws, name: str) -> str:
    """Delete a trained or loaded student of this workspace; deleting the active one makes the default active."""
    entry = registry.find(student_list(ws), name)
    registry.delete(entry, ws.root)
    if entry.active:
        ws.save_settings(adapter="")
    return entry.name


def activate_if_better(ws, folder: Path, result: dict, rows: int = 200) -> str:
    """After a training run: make it the active student only when it finished and beats the active one on the
    same held-out rows (the active dataset's test split, its first `rows`); one line saying what happened."""
    name = str(folder.relative_to(ws.root)) if folder.resolve().is_relative_to(ws.root.resolve()) else folder.name
    if result.get("cancelled"):
        return f"kept as {name}, marked cancelled; not made the active student (pick it in Students to use it anyway)"
    current = ws.adapter()
    if ws.server.remote:
        return f"kept as {name}"
    if not current:
        ws.save_settings(adapter=str(folder))
        return f"kept as {name}, and now the active student (there was none)"
    test = Path(ws.dataset() or "") / "test.jsonl"
    if not test.is_file():
        return f"kept as {name}; no test split to compare it with the active student on, so that one stays"
    picked = read_rows(test)[:rows]
    ws.check_adapter_base(folder)
    with ws.acting():
        ours = agreement_on(LocalStudent(str(folder)), picked)
    theirs = agreement_on(ws.student(), picked)
    both = f"{ours:.3f} against {theirs:.3f} for {ws.display(current)} on the same {len(picked)} test rows"
    if ours > theirs:
        ws.save_settings(adapter=str(folder))
        return f"kept as {name}, and now the active student: {both}"
    return f"kept as {name}; the active student stays ({both}); pick it in Students to use it anyway"


def agreement_on(student, rows: list[dict]) -> float:
    """The share of fields on which the student gives the rows' labels (an invalid answer counts as wrong)."""
    task = student.task
    results = student.classify([r[task.input] for r in rows])
    right = sum(bool(r.get("labels")) and r["labels"].get(f.name) == labels_of(row, task)[f.name]
                for r, row in zip(results, rows) for f in task.fields)
    return right / max(1, len(rows) * len(task.fields))
