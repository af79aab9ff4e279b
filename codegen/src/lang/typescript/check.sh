#!/usr/bin/env bash
# Checks the npm package of one output directory the way its users get it: installed
# with npm into a fresh project, then a TypeScript consumer under tsc --strict, its
# declarations under tsc --strict, prettier --check under the package's own
# configuration (on the package and on the tests), the module loaded by node, and its
# node:test suite (this folder's tests/: behaviour, retry vectors, stream vectors and
# round trips, structured fields).
# Run by .ci/other-languages.sh:
#
#   check.sh LABEL OUT_DIR CATALOG_JSON VECTORS TOOLS_DIR
#
# Prints "ok NAME" or "FAIL NAME" per step, and last "N passed, N failed".
set -uo pipefail
label="$1" dir="$2" catalog_json="$3" vectors="$4" tools="$5"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
modules="$tools/langs-node/node_modules"
project="$tools/langs-out/npm-$label"
passed=0
failed=0
step() {
    local name="$1"
    shift
    if "$@"; then echo "ok   $name"; passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}

package="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).name)' "$dir/typescript/package.json")"
rm -rf "$project"
mkdir -p "$project"
(cd "$project" && npm init -y >/dev/null)
step "$label: npm install $dir/typescript" \
    npm install --silent --no-audit --no-fund --prefix "$project" "$(cd "$dir/typescript" && pwd)"
sed "s/\"kiwi-package\"/\"$package\"/" "$here/tests/consumer.ts" > "$project/consumer.ts"
step "$label: a consumer of $package under tsc --strict" \
    "$modules/.bin/tsc" --strict --target es2022 --skipLibCheck --module nodenext --moduleResolution nodenext \
    --noEmit "$project/consumer.ts"
installed="$project/node_modules/$package"
step "$label: $package's index.d.ts under tsc --strict (no skipLibCheck)" \
    "$modules/.bin/tsc" --strict --target es2022 --module nodenext --moduleResolution nodenext \
    --noEmit "$installed/index.d.ts"
# prettier as the package's maintainers run it: its own configuration (the "prettier" key
# of its package.json), on what npm installed and on the tests (no ignore file: the tools
# may sit in a git-ignored folder).
prettier=("$modules/.bin/prettier" --check --log-level warn --ignore-path /dev/null)
step "$label: prettier --check $package (installed, its own configuration)" \
    "${prettier[@]}" --with-node-modules "$installed/index.js" "$installed/index.d.ts"
step "$label: prettier --check the tests (the package's configuration)" \
    "${prettier[@]}" --config "$installed/package.json" "$here"/tests/*.mjs "$here/tests/consumer.ts"
step "$label: $package loads in node" \
    node --input-type=module -e "await import(process.argv[1])" "$installed/index.js"
cp "$here"/tests/*.test.mjs "$project/"
step "$label: node --test (package behaviour, retry and stream vectors, structured fields)" \
    env KIWI_NPM_PACKAGE="$package" KIWI_CATALOG_JSON="$catalog_json" KIWI_VECTORS="$vectors" \
    KIWI_SF_TESTS="$repo/tests/fixtures/structured-field-tests" \
    node --test "$project"/*.test.mjs
echo "typescript $label: $passed passed, $failed failed"
