#!/usr/bin/env bash
# Seeds fuzz/corpus/catalog_parser/ (not committed) with every catalog of the
# repository: the shipped one and every fixture (valid, invalid, diff pairs).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=codegen/fuzz/corpus/catalog_parser
mkdir -p "$corpus"
find catalog tests -name '*.toml' -not -path '*/target/*' -not -name Cargo.toml -print0 |
    while IFS= read -r -d '' file; do
        cp "$file" "$corpus/$(echo "$file" | tr '/' '_')"
    done
echo "$(ls "$corpus" | wc -l) seeds in $corpus"
