"""The package's layers: no import circle (counting imports inside functions and for type checking), each
module importable on its own, and the few rules that keep the layers apart (README, "How it fits together")."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "builder"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each builder module and the builder modules it imports anywhere in its text: at the top, inside a
    function, or only for type checking (a circle held apart by those is still a circle)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("builder"):
                for alias in node.names:
                    whole = f"{node.module}.{alias.name}"
                    found.add(whole if whole in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name.startswith("builder"))
        graph[name] = {module for module in found if module in modules and module != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_has_no_circle():
    assert circles(import_graph()) == []


def test_the_layers_keep_apart():
    graph = import_graph()
    assert graph["builder.config"] == set()  # plain settings: everything may hold them
    assert graph["builder.model"] <= {"builder.config"}  # the document model depends on nothing else
    assert graph["builder.languages"] == set()
    assert graph["builder.locale"] <= {"builder.languages", "builder.fonts"}
    reading = [name for name in graph if name.startswith(("builder.reader", "builder.check"))]
    assert [(name, sorted(graph[name])) for name in reading
            if any(d.startswith(("builder.writers", "builder.build", "builder.jobs")) for d in graph[name])] == []
    # Outside the writers, only the registry and the writers' base are named: no format is.
    named = {name: sorted(d for d in graph[name] if d.startswith("builder.writers.") and d != "builder.writers.base")
             for name in graph if not name.startswith("builder.writers")}
    assert {name: formats for name, formats in named.items() if formats} == {}
    # Reading course.toml asks registries for its sections: the configuration imports no checker.
    assert not any(d.startswith("builder.check") for d in graph["builder.course_toml"])


def test_every_module_imports_on_its_own():
    """Each module imported first, in a process that has imported nothing of the builder: a module that works
    only when another was imported before it fails here. One interpreter forks a child per module."""
    names = sorted(name for name in import_graph() if not name.endswith(".__main__"))  # __main__ runs the CLI
    script = (
        "import importlib, os, sys, traceback\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        try:\n"
        "            importlib.import_module(name)\n"
        "        except BaseException:\n"
        "            traceback.print_exc()\n"
        "            os._exit(1)\n"
        "        os._exit(0)\n"
        "    if os.waitpid(pid, 0)[1] != 0:\n"
        "        failed.append(name)\n"
        "print(' '.join(failed))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, *names], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert "builder" not in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
