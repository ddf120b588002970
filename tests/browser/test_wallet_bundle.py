"""The committed viem bundle (frontend_api/web/static/vendor/viem.js) exports every name the wallet's
JavaScript imports from it, says how to rebuild it, and is what `make wallet-bundle` builds from
wallet_bundle/entry.js (same names). Node loads it as an ES module with no bare imports left."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from frontend_api.web.templating import STATIC_DIR, WEB_DIR

BUNDLE = STATIC_DIR / "vendor" / "viem.js"
IMPORT = re.compile(r"import\s*\{([^}]*)\}\s*from\s*\"(\.\./vendor/viem\.js)\"", re.S)


def _names(block: str) -> set[str]:
    return {part.split(" as ")[0].strip() for part in block.split(",") if part.strip()}


def bundle_exports() -> set[str]:
    tail = BUNDLE.read_text()[-4_000:]
    match = re.search(r"export\s*\{([^}]*)\};?\s*$", tail)
    assert match, "the bundle does not end with one export list"
    return _names(match.group(1))


def test_bundle__exports_every_name_the_wallet_imports():
    imported: set[str] = set()
    for path in (STATIC_DIR / "wallet").glob("*.js"):
        for block, _ in IMPORT.findall(path.read_text()):
            imported |= _names(block)
    assert imported, "no wallet module imports the bundle"
    assert imported <= bundle_exports(), f"not exported: {imported - bundle_exports()}"


def test_bundle__built_from_the_entry__and_says_how_to_rebuild():
    entry = (WEB_DIR / "wallet_bundle" / "entry.js").read_text()
    assert _names(re.search(r"export\s*\{([^}]*)\}", entry).group(1)) == bundle_exports()
    head = BUNDLE.read_text()[:400]
    assert "make wallet-bundle" in head and "viem 2." in head


def test_bundle__loads_as_an_es_module_with_no_bare_imports():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    text = BUNDLE.read_text()
    assert not re.search(r"^\s*import\s", text, re.M), "the bundle imports other modules"
    out = subprocess.run(
        [
            node,
            "--input-type=module",
            "-e",
            f"const m = await import({str(BUNDLE)!r}); console.log(Object.keys(m).length)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert int(out.stdout.strip()) == len(bundle_exports())
