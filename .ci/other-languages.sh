#!/usr/bin/env bash
# Checks what other languages get from the generator: the JSON Schema under ajv's defaults,
# the OpenAPI document (openapi-spec-validator; openapi-typescript types under tsc --strict),
# generated/kiwi_errors.py (mypy --strict, behaviour) and generated/kiwi_errors.ts
# (tsc --strict, behaviour), and the retry decision of both modules against the golden
# retry vectors that the generator writes with the Rust retry core
# (generated/retry.vectors.json). Ends with one "N passed, N failed" line.
#
# Tools are installed under target/ci-tools/ (KIWI_CI_TOOLS overrides) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p "${KIWI_CI_TOOLS:-target/ci-tools}"
tools="$(cd "${KIWI_CI_TOOLS:-target/ci-tools}" && pwd)"
venv="$tools/langs-venv"
node_dir="$tools/langs-node"
modules="$node_dir/node_modules"
out="$tools/langs-out"
mkdir -p "$tools" "$out" "$tools/langs-openapi"

echo "== other languages: installing Python tools"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "jsonschema==4.26.0" "openapi-spec-validator==0.9.0" "mypy==2.4.1"

echo "== other languages: installing Node tools"
npm install --silent --no-audit --no-fund --prefix "$node_dir" \
    "ajv@8.20.0" "ajv-formats@3.0.1" "openapi-typescript@7.13.0" "typescript@5.9.3" >/dev/null
echo "tools: $("$venv/bin/python" --version), $("$venv/bin/mypy" --version | cut -d' ' -f1-2)," \
    "node $(node --version), tsc $("$modules/.bin/tsc" --version | cut -d' ' -f2)"

passed=0
failed=0
# A check that prints "… N passed, N failed" on its last line adds its counts (a
# check that ends without that line counts as one failure).
tally() {
    local output line
    output="$("$@" 2>&1)" || true
    echo "$output"
    line="$(tail -n 1 <<<"$output")"
    if [[ "$line" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
    else
        failed=$((failed + 1))
    fi
}
# A tool that passes or fails as a whole counts once.
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
tsc=("$modules/.bin/tsc" --strict --target es2020 --module commonjs --skipLibCheck)

echo "== JSON Schema under ajv's defaults (Ajv2020 + ajv-formats)"
tally node .ci/ajv_check.cjs "$modules"

echo "== OpenAPI document"
step "openapi-spec-validator generated/errors.openapi.json" \
    "$venv/bin/openapi-spec-validator" generated/errors.openapi.json
step "openapi-typescript generated/errors.openapi.json" \
    "$modules/.bin/openapi-typescript" generated/errors.openapi.json \
    -o "$tools/langs-openapi/errors-openapi.ts" --silent
cp .ci/openapi_usage.ts "$tools/langs-openapi/usage.ts"
step "tsc --strict on the openapi-typescript types and their use" \
    "${tsc[@]}" --noEmit "$tools/langs-openapi/usage.ts"

echo "== Python module"
# mypy checks against 3.10 at the oldest; the grammar check covers 3.9.
step "mypy --strict generated/kiwi_errors.py" \
    "$venv/bin/mypy" --strict --python-version 3.10 --no-incremental generated/kiwi_errors.py
step "generated/kiwi_errors.py parses with the Python 3.9 grammar" \
    "$venv/bin/python" -c 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), feature_version=(3, 9))' \
    generated/kiwi_errors.py
tally "$venv/bin/python" .ci/modules_check.py

echo "== TypeScript module"
step "tsc --strict --target es2020 generated/kiwi_errors.ts" \
    "${tsc[@]}" --noEmit generated/kiwi_errors.ts
step "compile the TypeScript checks" \
    "${tsc[@]}" --outDir "$out" --rootDir . .ci/modules_check.ts .ci/vectors.ts
tally node "$out/.ci/modules_check.js" generated/errors.catalog.json

echo "== the fixture catalogs' modules and OpenAPI documents (names and strings that need escaping)"
for fixture in tests/fixtures/catalogs/*.toml; do
    name="$(basename "$fixture" .toml)"
    dir="$out/fixtures/$name"
    cargo run -q -p kiwi-errors-codegen -- generate --catalog "$fixture" --out "$dir" >/dev/null
    step "$name: mypy --strict" \
        "$venv/bin/mypy" --strict --python-version 3.10 --no-incremental "$dir/kiwi_errors.py"
    step "$name: tsc --strict" "${tsc[@]}" --noEmit "$dir/kiwi_errors.ts"
    step "$name: openapi-spec-validator" "$venv/bin/openapi-spec-validator" "$dir/errors.openapi.json"
done

echo "== retry vectors (generated/retry.vectors.json, decided by the Rust retry core)"
vectors=generated/retry.vectors.json
tally "$venv/bin/python" .ci/vectors.py "$vectors"
tally node "$out/.ci/vectors.js" "$vectors"

echo "other languages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
