#!/usr/bin/env bash
# Lints the generated error reference, and the pages generated from the fixture
# catalogs (full of characters that must be escaped), with markdownlint-cli2.
# Line length is left to the catalog (MD013 off); see .ci/generated.markdownlint-cli2.jsonc.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="target/ci-tools"
pages="target/ci-tools/pages"
mkdir -p "$tools" "$pages"

echo "== markdown lint: installing markdownlint-cli2"
npm install --silent --no-audit --no-fund --prefix "$tools/node" "markdownlint-cli2@0.22.1" >/dev/null

echo "== markdown lint: rendering the fixture catalogs"
for fixture in tests/fixtures/catalogs/*.toml tests/byo-catalog/errors.toml; do
    name="$(basename "$(dirname "$fixture")")-$(basename "$fixture" .toml)"
    cargo run -q -p kiwi-errors-codegen -- generate --catalog "$fixture" --out "$pages/$name" >/dev/null
    cp "$pages/$name/errors.md" "$pages/$name.md"
done

echo "== markdown lint: generated/errors.md and the fixture pages"
"$tools/node/node_modules/.bin/markdownlint-cli2" --config .ci/generated.markdownlint-cli2.jsonc \
    generated/errors.md "$pages"/*.md
