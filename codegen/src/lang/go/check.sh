#!/usr/bin/env bash
# Checks the Go module of one output directory the way its users get it: gofmt-clean as
# generated, built by a consumer module through a replace directive, then go vet and
# go test on the module with this folder's tests/ (package behaviour, retry vectors and
# round trips, structured fields). Standard library only, so nothing is downloaded.
# Run by .ci/other-languages.sh:
#
#   check.sh LABEL OUT_DIR CATALOG_JSON VECTORS TOOLS_DIR
#
# Prints "ok NAME" or "FAIL NAME" per step, and last "N passed, N failed".
set -uo pipefail
label="$1" dir="$2" catalog_json="$3" vectors="$4" tools="$5"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
work="$tools/langs-out/go-$label"
export GOCACHE="$tools/go-cache" GOPATH="$tools/go-path" GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local
passed=0
failed=0
step() {
    local name="$1"
    shift
    if "$@"; then echo "ok   $name"; passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}
gofmt_clean() {
    local out
    out="$(gofmt -l "$1")" || return 1
    [ -z "$out" ] || { echo "not gofmt-clean: $out"; return 1; }
}

module="$(sed -n 's/^module //p' "$dir/go/go.mod")"
package="$(sed -n 's/^package //p' "$dir/go/doc.go")"
rm -rf "$work"
mkdir -p "$work/consumer"
cp -r "$dir/go" "$work/module"
for test in "$here"/tests/*_test.go; do
    sed "s/^package kiwipackage\$/package $package/" "$test" > "$work/module/$(basename "$test")"
done
sed "s#\"kiwimodule\"#\"$module\"#" "$here/tests/consumer/main.go" > "$work/consumer/main.go"
printf 'module consumer\n\ngo 1.19\n\nrequire %s v0.0.0\n\nreplace %s => ../module\n' "$module" "$module" \
    > "$work/consumer/go.mod"

step "$label: gofmt -l $dir/go is empty" gofmt_clean "$dir/go"
step "$label: go.mod asks for go 1.19" grep -qx 'go 1.19' "$dir/go/go.mod"
step "$label: a consumer of $module builds and runs" \
    bash -c 'cd "$1" && go vet . && go run .' _ "$work/consumer"
step "$label: the tests are gofmt-clean" gofmt_clean "$work/module"
step "$label: go vet ./..." bash -c 'cd "$1" && go vet ./...' _ "$work/module"
step "$label: go test ./... (package behaviour, retry vectors, round trips, structured fields)" \
    env KIWI_CATALOG_JSON="$catalog_json" KIWI_VECTORS="$vectors" \
    KIWI_SF_TESTS="$repo/tests/fixtures/structured-field-tests" \
    bash -c 'set -o pipefail; cd "$1" && go test -count=1 -v ./... | grep -Ev "^(=== RUN|--- PASS|PASS$)"' _ "$work/module"
echo "go $label: $passed passed, $failed failed"
