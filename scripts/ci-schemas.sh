#!/usr/bin/env bash
# Installs check-jsonschema (PyPI) into .cache/pyvenv: tests/docs/ciSharding.test.ts validates the
# CI pipelines of docs/checker.md with the GitHub workflow and GitLab CI schemas it bundles.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .cache/pyvenv/bin/check-jsonschema ]; then
    python3 -m venv .cache/pyvenv
    .cache/pyvenv/bin/pip install --quiet --disable-pip-version-check check-jsonschema==0.39.0
fi
.cache/pyvenv/bin/check-jsonschema --version
