"""Imports run one way: `reports` builds on `assignments`, never the reverse; `reports` hears of
`api` and `signatures` only through the events they listen to."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

RULES = {
    "assignments": ("reports", "api", "signatures"),
    "reports": ("api", "signatures"),
}


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("package", RULES)
def test_a_package_never_imports_the_ones_built_on_it(package):
    forbidden = RULES[package]
    found = [
        f"{path.relative_to(settings.BASE_DIR)} imports {module}"
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py")
        for module in _imported_modules(path)
        if module.split(".")[0] in forbidden
    ]
    assert found == []
