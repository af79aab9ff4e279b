#!/usr/bin/env bash
# Checks what other languages get from the generator, each the way its own users would:
# the JSON Schema under ajv's defaults; the OpenAPI document (openapi-spec-validator,
# openapi-typescript types under tsc --strict); the Python package installed with
# `pip install generated/python` (mypy --strict, the Python 3.9 grammar, its unittest
# suite in codegen/src/lang/python/tests, the retry vectors included); the npm package
# installed with `npm install generated/typescript` (a consumer under tsc --strict, its
# node:test suite in codegen/src/lang/typescript/tests, the retry vectors included); and
# the packages of every fixture catalog. Ends with one "N passed, N failed" line, N the
# steps.
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
    "jsonschema==4.26.0" "openapi-spec-validator==0.9.0" "mypy==2.4.1"

echo "== other languages: installing Node tools"
npm install --silent --no-audit --no-fund --prefix "$node_dir" \
    "ajv@8.20.0" "ajv-formats@3.0.1" "openapi-typescript@7.13.0" "typescript@5.9.3" >/dev/null
echo "tools: $("$venv/bin/python" --version), $("$venv/bin/mypy" --version | cut -d' ' -f1-2)," \
    "node $(node --version), tsc $("$modules/.bin/tsc" --version | cut -d' ' -f2)"

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

# The Python package under DIR/python: its import name.
python_package() {
    local dir="$1/python" init
    init="$(find "$dir" -mindepth 2 -maxdepth 2 -name __init__.py | head -n 1)"
    basename "$(dirname "$init")"
}
# The npm package under DIR/typescript: its name.
npm_package() {
    node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).name)' \
        "$1/typescript/package.json"
}

# Installs the Python package of an output directory into a fresh venv and checks it.
check_python() {
    local label="$1" dir="$2" catalog_json="$3" vectors="$4" env="$out/venv-$1" package
    package="$(python_package "$dir")"
    rm -rf "$env"
    python3 -m venv "$env"
    step "$label: pip install $dir/python" \
        "$env/bin/python" -m pip install --quiet --disable-pip-version-check "$dir/python"
    local installed
    installed="$("$env/bin/python" -c "import $package, pathlib; print(pathlib.Path($package.__file__).parent)")"
    step "$label: mypy --strict $package (installed)" \
        "$venv/bin/mypy" --strict --python-version 3.10 --no-incremental "$installed"
    step "$label: $package parses with the Python 3.9 grammar" \
        "$env/bin/python" -c 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), feature_version=(3, 9))' \
        "$installed/__init__.py"
    if [ -n "$catalog_json" ]; then
        step "$label: python -m unittest (package behaviour and retry vectors)" \
            env KIWI_PACKAGE="$package" KIWI_CATALOG_JSON="$catalog_json" KIWI_VECTORS="$vectors" \
            "$env/bin/python" -m unittest discover -s "$repo/codegen/src/lang/python/tests" -t "$repo/codegen/src/lang/python/tests"
    fi
}

# Installs the npm package of an output directory into a fresh project and checks it.
check_npm() {
    local label="$1" dir="$2" catalog_json="$3" vectors="$4" project="$out/npm-$1" package
    package="$(npm_package "$dir")"
    rm -rf "$project"
    mkdir -p "$project"
    (cd "$project" && npm init -y >/dev/null)
    step "$label: npm install $dir/typescript" \
        npm install --silent --no-audit --no-fund --prefix "$project" "$(cd "$dir/typescript" && pwd)"
    sed "s/\"kiwi-package\"/\"$package\"/" codegen/src/lang/typescript/tests/consumer.ts > "$project/consumer.ts"
    step "$label: a consumer of $package under tsc --strict" \
        "${tsc[@]}" --module nodenext --moduleResolution nodenext --noEmit "$project/consumer.ts"
    step "$label: $package loads in node" \
        node --input-type=module -e "await import(process.argv[1])" "$project/node_modules/$package/index.js"
    if [ -n "$catalog_json" ]; then
        cp codegen/src/lang/typescript/tests/*.test.mjs "$project/"
        step "$label: node --test (package behaviour and retry vectors)" \
            env KIWI_NPM_PACKAGE="$package" KIWI_CATALOG_JSON="$catalog_json" KIWI_VECTORS="$vectors" \
            node --test "$project/package.test.mjs" "$project/vectors.test.mjs"
    fi
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

echo "== the Python package"
check_python shipped generated "$repo/generated/errors.catalog.json" "$repo/generated/retry.vectors.json"

echo "== the npm package"
check_npm shipped generated "$repo/generated/errors.catalog.json" "$repo/generated/retry.vectors.json"

echo "== the fixture catalogs' packages and OpenAPI documents (names and strings that need escaping)"
for fixture in tests/fixtures/catalogs/*.toml tests/byo-catalog/errors.toml; do
    name="$(basename "$(dirname "$fixture")")-$(basename "$fixture" .toml)"
    dir="$out/fixtures/$name"
    cargo run -q -p kiwi-errors-codegen -- generate --catalog "$fixture" --out "$dir" >/dev/null
    check_python "$name" "$dir" "$dir/errors.catalog.json" "$dir/retry.vectors.json"
    check_npm "$name" "$dir" "$dir/errors.catalog.json" "$dir/retry.vectors.json"
    step "$name: openapi-spec-validator" "$venv/bin/openapi-spec-validator" "$dir/errors.openapi.json"
done

echo "other languages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
