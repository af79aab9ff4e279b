#!/usr/bin/env bash
# Checks what other languages get from the generator, each the way its own users would:
# the JSON Schema under ajv's defaults; the OpenAPI document (openapi-spec-validator,
# openapi-typescript types under tsc --strict); then, for the shipped catalog and every
# fixture catalog, each language's package by its own check script,
# codegen/src/lang/<language>/check.sh (installed the ecosystem's way, its tools, its own
# test runner on the package's behaviour, the retry vectors and the structured-field
# suite). Ends with one "N passed, N failed" line, N the steps.
#
# Tools are installed under target/ci-tools/ (KIWI_CI_TOOLS overrides) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

mkdir -p "${KIWI_CI_TOOLS:-target/ci-tools}"
tools="$(cd "${KIWI_CI_TOOLS:-target/ci-tools}" && pwd)"
venv="$tools/langs-venv"
node_dir="$tools/langs-node"
modules="$node_dir/node_modules"
out="$tools/langs-out"
rm -rf "$out"
mkdir -p "$out/openapi"

echo "== other languages: installing Python tools"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "jsonschema==4.26.0" "openapi-spec-validator==0.9.0" "mypy==2.4.1" "ruff==0.17.6"

echo "== other languages: installing Node tools"
npm install --silent --no-audit --no-fund --prefix "$node_dir" \
    "ajv@8.20.0" "ajv-formats@3.0.1" "openapi-typescript@7.13.0" "typescript@5.9.3" \
    "prettier@3.10.1" >/dev/null
echo "tools: $("$venv/bin/python" --version), $("$venv/bin/mypy" --version | cut -d' ' -f1-2)," \
    "$("$venv/bin/ruff" --version), node $(node --version)," \
    "tsc $("$modules/.bin/tsc" --version | cut -d' ' -f2), prettier $("$modules/.bin/prettier" --version)," \
    "$(go version 2>/dev/null | cut -d' ' -f3 || echo 'no go')"

passed=0
failed=0
step() {
    local name="$1"
    shift
    if "$@"; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        failed=$((failed + 1))
    fi
}
tsc=("$modules/.bin/tsc" --strict --target es2022 --skipLibCheck)

# Each language's own checks: codegen/src/lang/<language>/check.sh, on an output
# directory. A check that ends without its "N passed, N failed" line counts as a failure.
tally() {
    local output line
    output="$("$@" 2>&1)"
    echo "$output"
    line="$(tail -n 1 <<<"$output")"
    if [[ "$line" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
    else
        failed=$((failed + 1))
    fi
}
check_languages() {
    local label="$1" dir="$2" catalog_json="$3" vectors="$4" check
    for check in codegen/src/lang/*/check.sh; do
        echo "== $(basename "$(dirname "$check")"): $label"
        tally bash "$check" "$label" "$dir" "$catalog_json" "$vectors" "$tools"
    done
}

echo "== JSON Schema under ajv's defaults (Ajv2020 + ajv-formats)"
step "ajv compiles generated/errors.schema.json and checks the bodies" \
    node .ci/ajv_check.cjs "$modules"

echo "== OpenAPI document"
step "openapi-spec-validator generated/errors.openapi.json" \
    "$venv/bin/openapi-spec-validator" generated/errors.openapi.json
step "openapi-typescript generated/errors.openapi.json" \
    "$modules/.bin/openapi-typescript" generated/errors.openapi.json \
    -o "$out/openapi/errors-openapi.ts" --silent
cp .ci/openapi_usage.ts "$out/openapi/usage.ts"
step "tsc --strict on the openapi-typescript types and their use" \
    "${tsc[@]}" --module commonjs --noEmit "$out/openapi/usage.ts"

echo "== the packages of the shipped catalog"
check_languages shipped "$repo/generated" "$repo/generated/errors.catalog.json" "$repo/generated/retry.vectors.json"

echo "== the fixture catalogs' packages and OpenAPI documents (names and strings that need escaping)"
for fixture in tests/fixtures/catalogs/*.toml tests/byo-catalog/errors.toml; do
    name="$(basename "$(dirname "$fixture")")-$(basename "$fixture" .toml)"
    dir="$out/fixtures/$name"
    cargo run -q -p kiwi-errors-codegen -- generate --catalog "$fixture" --out "$dir" >/dev/null
    check_languages "$name" "$dir" "$dir/errors.catalog.json" "$dir/retry.vectors.json"
    step "$name: openapi-spec-validator" "$venv/bin/openapi-spec-validator" "$dir/errors.openapi.json"
done

echo "other languages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
