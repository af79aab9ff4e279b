#!/usr/bin/env bash
# Checks the Python package of one output directory the way its users get it: installed
# with pip into a fresh virtual environment, then mypy --strict, the Python 3.9 grammar,
# ruff check and ruff format --check under the package's own [tool.ruff] (on the package
# and on the tests), and its unittest suite (this folder's tests/: behaviour, retry
# vectors, structured fields). Run by .ci/other-languages.sh:
#
#   check.sh LABEL OUT_DIR CATALOG_JSON VECTORS TOOLS_DIR
#
# Prints "ok NAME" or "FAIL NAME" per step, and last "N passed, N failed".
set -uo pipefail
label="$1" dir="$2" catalog_json="$3" vectors="$4" tools="$5"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
venv="$tools/langs-venv"
env_dir="$tools/langs-out/venv-$label"
passed=0
failed=0
step() {
    local name="$1"
    shift
    if "$@"; then echo "ok   $name"; passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}

init="$(find "$dir/python" -mindepth 2 -maxdepth 2 -name __init__.py | head -n 1)"
package="$(basename "$(dirname "$init")")"
rm -rf "$env_dir"
python3 -m venv "$env_dir"
step "$label: pip install $dir/python" \
    "$env_dir/bin/python" -m pip install --quiet --disable-pip-version-check "$dir/python"
installed="$("$env_dir/bin/python" -c "import $package, pathlib; print(pathlib.Path($package.__file__).parent)" 2>/dev/null)"
step "$label: mypy --strict $package (installed)" \
    "$venv/bin/mypy" --strict --python-version 3.10 --no-incremental "$installed"
step "$label: $package parses with the Python 3.9 grammar" \
    "$env_dir/bin/python" -c 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), feature_version=(3, 9))' \
    "$installed/__init__.py"
# ruff as the package's maintainers run it: its pyproject.toml's [tool.ruff] (Python 3.9),
# on what pip installed and on the tests.
ruff="$venv/bin/ruff"
ruff_config=(--no-cache --config "$dir/python/pyproject.toml")
step "$label: ruff check $package (installed)" \
    "$ruff" check "${ruff_config[@]}" --quiet "$installed"
step "$label: ruff format --check $package (installed)" \
    "$ruff" format --check "${ruff_config[@]}" --quiet "$installed"
step "$label: ruff check the tests" \
    "$ruff" check "${ruff_config[@]}" --quiet "$here/tests"
step "$label: ruff format --check the tests" \
    "$ruff" format --check "${ruff_config[@]}" --quiet "$here/tests"
step "$label: python -m unittest (package behaviour, retry vectors, structured fields)" \
    env KIWI_PACKAGE="$package" KIWI_CATALOG_JSON="$catalog_json" KIWI_VECTORS="$vectors" \
    KIWI_SF_TESTS="$repo/tests/fixtures/structured-field-tests" \
    "$env_dir/bin/python" -m unittest discover -s "$here/tests" -t "$here/tests"
echo "python $label: $passed passed, $failed failed"
