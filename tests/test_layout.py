"""The package's layout is its pipeline: stages in order, and no import runs against the flow."""

from __future__ import annotations

import ast
from pathlib import Path

from claimpack.pipeline import STAGES

PACKAGE = Path(__file__).resolve().parents[1] / "build" / "claimpack"
ORCHESTRATION = {"claimpack.pipeline", "claimpack.cli", "claimpack.validation", "claimpack"}


def imported_modules(path: Path) -> set[str]:
    """Every claimpack module a file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("claimpack"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("claimpack"))
    return found


def module_name(relative: str) -> str:
    return "claimpack." + relative.removesuffix(".py").replace("/", ".")


STAGE_MODULES = [module_name(s.module) for s in STAGES if s.module.startswith("stages/")]


def test_every_stage_module_is_a_stage_and_every_stage_has_its_module() -> None:
    on_disk = {module_name(p.relative_to(PACKAGE).as_posix()) for p in PACKAGE.glob("stages/*.py")}
    assert on_disk - {"claimpack.stages.__init__"} == set(STAGE_MODULES)
    assert all((PACKAGE / stage.module).is_file() for stage in STAGES)


def test_a_stage_imports_no_later_stage_and_nothing_of_the_published_side() -> None:
    for position, stage in enumerate(STAGE_MODULES):
        imports = imported_modules(
            PACKAGE / (stage.removeprefix("claimpack.").replace(".", "/") + ".py")
        )
        later = set(STAGE_MODULES[position + 1 :])
        assert not imports & later, f"{stage} imports a later stage: {imports & later}"
        backwards = {m for m in imports if m.startswith("claimpack.published")}
        assert not backwards, f"{stage} imports the published side: {backwards}"
        assert not imports & ORCHESTRATION, f"{stage} imports the orchestration"


def test_the_published_side_imports_no_stage_and_no_orchestration() -> None:
    for path in sorted(PACKAGE.glob("published/*.py")):
        imports = imported_modules(path)
        stages = {m for m in imports if m.startswith("claimpack.stages")}
        assert not stages, f"{path.name} imports stages: {stages}"
        assert not imports & ORCHESTRATION, f"{path.name} imports the orchestration"


def test_shared_modules_import_neither_side() -> None:
    shared = {"schema.py", "problems.py", "layout.py", "articles.py", "vocabulary.py", "ids.py",
              "models.py", "files.py", "speech.py"}  # fmt: skip
    for name in shared:
        imports = imported_modules(PACKAGE / name)
        sides = {m for m in imports if m.startswith(("claimpack.stages", "claimpack.published"))}
        assert not sides, f"{name} imports {sides}"
