"""The shape of the code: no import cycles, and no module reaching into a model's private attributes."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "minigrad"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """Every minigrad module `path` imports, at the top or inside a function (`from minigrad import x` counts x)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: imported_modules(path, set(paths)) - {name} for name, path in paths.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    visiting, done = [], set()

    def visit(module: str) -> list[str] | None:
        if module in visiting:
            return visiting[visiting.index(module):] + [module]
        if module in done:
            return None
        visiting.append(module)
        for target in sorted(graph[module]):
            cycle = visit(target)
            if cycle:
                return cycle
        visiting.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def test_minigrads_modules_import_each_other_without_a_cycle():
    """A package imports its submodules, so the edges package -> submodule are left out; any other cycle fails."""
    graph = {name: {t for t in targets if not t.startswith(name + ".")} for name, targets in import_graph().items()}
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_models_imports_the_callback_base_not_saving():
    assert not {"minigrad.saving", "minigrad.callbacks.checkpoint"} & import_graph()["minigrad.models"]


def test_saving_depends_on_models():
    assert "minigrad.models" in import_graph()["minigrad.saving"]


def test_no_module_but_models_touches_a_models_private_attributes():
    """`model._x`, `self.model._x`: only models.py may use a Sequential's private names."""
    offenders = []
    for path in list(PACKAGE.rglob("*.py")) + list(PACKAGE.parent.glob("tests/*.py")) \
            + list(PACKAGE.parent.glob("benchmarks/*.py")):
        if path.name == "models.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owner = node.value
                name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
                if name == "model" or name.endswith("_model"):
                    offenders.append(f"{path.name}:{node.lineno} {name}.{node.attr}")
    assert not offenders, offenders
