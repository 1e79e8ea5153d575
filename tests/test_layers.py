"""The layer rule of docs/architecture.md, enforced: an app imports only apps in layers below its own,
including imports inside functions, and the table names every app."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "architecture.md"
# The root URLconf and the settings name every app.
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


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, at any depth, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(tree):
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


def direct_reads(path: Path) -> list[str]:
    """`Model.objects...` and `get_object_or_404(Model, ...)` in a views module: reads that bypass the
    app's scoped accessors (selectors). An empty `.objects.none()` for an API schema reads nothing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects" and isinstance(node.value, ast.Name):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.objects")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "get_object_or_404" and node.args:
            if isinstance(node.args[0], ast.Name) and node.args[0].id[:1].isupper():
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} get_object_or_404({node.args[0].id})")
    none_calls = {
        node.func.value.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "none"
        and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "objects"
    }
    return [f for f in found if not (f.endswith(".objects") and int(f.split(":")[1].split()[0]) in none_calls)]


def test_views_read_through_the_scoped_accessors():
    """Every view reads through its app's selectors, where tenancy and need-to-know are decided once."""
    found = [hit for path in sorted(ROOT.glob("*/views.py")) for hit in direct_reads(path)]
    assert found == []


def test_the_view_check_sees_a_direct_read(tmp_path, monkeypatch):
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    views = tmp_path / "views.py"
    views.write_text(
        "def v(r, pk):\n"
        "    a = Place.objects.none()\n"
        "    return get_object_or_404(Place, pk=pk), Place.objects.get(pk=pk)\n"
    )
    assert direct_reads(views) == ["views.py:3 get_object_or_404(Place)", "views.py:3 Place.objects"]
