"""The schemas through ajv, the JSON Schema validator editors' tooling is built on, in strict mode.

ajv is not a project dependency: the first run installs it with npm into a cache folder outside the checkout
(``$STRETCH_TIMER_AJV_DIR``, else ``<tmp>/stretch-timer-ajv``), and the tests that need it skip when node, npm
or the npm registry is not there.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

AJV_VERSION = "8"

_SCRIPT = r"""
const Ajv2020 = require("ajv/dist/2020");
const {schemas, documents} = JSON.parse(require("fs").readFileSync(0, "utf8"));
const result = {warnings: {}, valid: []};
const validators = {};
for (const [name, schema] of Object.entries(schemas)) {
  const warnings = [];
  const note = (...a) => warnings.push(a.join(" "));
  const logger = {log: () => {}, warn: note, error: note};
  // strict: true throws on the first strict-mode problem; "log" collects them all, so run both.
  new Ajv2020({strict: "log", allErrors: true, logger}).compile(schema);
  try {
    validators[name] = new Ajv2020({strict: true, allErrors: true, logger}).compile(schema);
  } catch (error) {
    warnings.push("compile: " + error.message);
  }
  result.warnings[name] = warnings;
}
for (const [name, data] of documents) {
  result.valid.push(validators[name] ? validators[name](data) : null);
}
process.stdout.write(JSON.stringify(result));
"""


def ajv_folder() -> Path:
    """A folder whose node_modules holds ajv, installing it on first use; skips the test when that fails."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to run ajv")
    folder = Path(os.environ.get("STRETCH_TIMER_AJV_DIR") or Path(tempfile.gettempdir()) / "stretch-timer-ajv")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".install-lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers: one installs, the other waits for it
        if not (folder / "node_modules" / "ajv" / "dist" / "2020.js").is_file():
            (folder / "package.json").write_text('{"name": "stretch-timer-ajv-check", "private": true}\n')
            try:
                subprocess.run(
                    [npm, "install", "--no-audit", "--no-fund", "--silent", f"ajv@{AJV_VERSION}"],
                    cwd=folder, check=True, capture_output=True, timeout=300,
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
                pytest.skip(f"could not install ajv with npm: {error}")
    return folder


def run_ajv(schemas: dict[str, Path], documents: list[tuple[str, Any]]) -> dict[str, Any]:
    """``{"warnings": {schema name: [strict-mode messages]}, "valid": [verdict per (schema name, data)]}``."""
    folder = ajv_folder()
    payload = {
        "schemas": {name: json.loads(path.read_text(encoding="utf-8")) for name, path in schemas.items()},
        "documents": documents,
    }
    done = subprocess.run(
        [shutil.which("node") or "node", "-e", _SCRIPT], cwd=folder, input=json.dumps(payload, allow_nan=False),
        capture_output=True, text=True, check=True, timeout=120,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result
