#!/usr/bin/env bash
# Cross-language check of generated/errors.schema.json: installs Python's jsonschema
# and datamodel-code-generator (pydantic models) and npm's json-schema-to-typescript
# and typescript, then checks that every example body of the seed page, the catalog
# and generated/errors.md validates and parses with each, and that wrong bodies do not.
# Tools are installed under target/ci-tools/ and reused on the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="target/ci-tools"
mkdir -p "$tools"

echo "== schema interop: installing Python tools"
if [ ! -x "$tools/venv/bin/python" ]; then
    python3 -m venv "$tools/venv"
fi
"$tools/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "jsonschema==4.26.0" "datamodel-code-generator==0.89.0" "pydantic==2.14.4"

echo "== schema interop: installing Node tools"
npm install --silent --no-audit --no-fund --prefix "$tools/node" \
    "json-schema-to-typescript@16.0.0" "typescript@5.9.3" >/dev/null

echo "== schema interop: Python jsonschema, pydantic models, TypeScript types"
"$tools/venv/bin/python" .ci/schema_interop.py --require-codegen \
    --node-modules "$tools/node/node_modules"
