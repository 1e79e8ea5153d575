"""The layer rule of docs/architecture.md, enforced: an app imports only apps in layers below its own,
including imports inside functions, and the table names every app."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "architecture.md"
# The root URLconf and the settings name every app; ready() wires an app to registries below it.
EXEMPT_FILES = {"trygg/urls.py", "trygg/settings.py", "trygg/settings_production.py"}
SKIPPED_PARTS = {"migrations", "tests", "__pycache__"}


def layers() -> list[set[str]]:
    """The apps of each layer, top first, as the architecture document lists them."""
    text = TABLE.read_text(encoding="utf-8")
    table = text.split("<!-- layers: begin -->")[1].split("<!-- layers: end -->")[0]
    rows = [line for line in table.splitlines() if line.startswith("|")][2:]
    return [set(re.findall(r"`(\w+)`", row.split("|")[2])) for row in rows]


def rank_of() -> dict[str, int]:
    return {app: rank for rank, apps in enumerate(layers()) for app in apps}


def project_apps() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name not in {"tests", "bench"}}


def _ready_nodes(tree: ast.Module) -> set[int]:
    """Imports inside an AppConfig's ready(): the one sanctioned way to reach a registry."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "ready":
            inside.update(id(child) for child in ast.walk(node))
    return inside


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, at any depth, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _ready_nodes(tree) if path.name == "apps.py" else set()
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((node.lineno, module))
    return found


def violations() -> list[str]:
    ranks, apps = rank_of(), project_apps()
    found = []
    for app in sorted(apps):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in EXEMPT_FILES or SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
                continue
            for line, module in imported_modules(path):
                target = module.split(".")[0]
                if target in apps and target != app and ranks[target] <= ranks[app]:
                    found.append(f"{relative}:{line} imports {module} ({app} may import only layers below its own)")
    return found


def test_the_table_names_every_app_once():
    named = [app for apps in layers() for app in apps]
    assert sorted(named) == sorted(set(named)), "an app is in two layers"
    assert set(named) == project_apps()


def test_every_import_points_down():
    assert violations() == []


def test_the_walk_sees_imports_inside_functions(tmp_path, monkeypatch):
    (tmp_path / "low").mkdir()
    (tmp_path / "high").mkdir()
    for app in ("low", "high"):
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "low" / "services.py").write_text("def f():\n    from high.models import X\n    return X\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    monkeypatch.setattr(__import__(__name__, fromlist=["rank_of"]), "rank_of", lambda: {"high": 0, "low": 1})
    assert violations() == ["low/services.py:2 imports high.models (low may import only layers below its own)"]


def test_every_model_relation_points_down():
    """A foreign key or many-to-many field names a model in its own app or in a layer below."""
    from django.apps import apps

    ranks, upward = rank_of(), []
    for model in apps.get_models():
        source = model._meta.app_label
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_label
            if source in ranks and target in ranks and target != source and ranks[target] <= ranks[source]:
                upward.append(f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}")
    assert upward == []
