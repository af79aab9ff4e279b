#!/usr/bin/env bash
# Seeds fuzz/corpus/body/ and fuzz/corpus/headers/ (not committed) from the retry
# vectors, generated/retry.vectors.json: every case's body (after the two bytes of its
# status, as the body target reads its input) and every case's headers (one
# `name: value` line each).
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 - <<'PY'
import json
import pathlib
import struct

cases = json.loads(pathlib.Path("generated/retry.vectors.json").read_text(encoding="utf-8"))["cases"]
body = pathlib.Path("catalog/fuzz/corpus/body")
headers = pathlib.Path("catalog/fuzz/corpus/headers")
body.mkdir(parents=True, exist_ok=True)
headers.mkdir(parents=True, exist_ok=True)
for i, case in enumerate(cases):
    raw = case["body"].encode("utf-8", "surrogatepass")
    (body / f"case-{i:04}").write_bytes(struct.pack("<H", case["status"]) + raw)
    if case["headers"]:
        lines = "".join(f"{name}: {value}\n" for name, value in case["headers"])
        (headers / f"case-{i:04}").write_bytes(lines.encode("utf-8", "surrogatepass"))
print(f"{len(list(body.iterdir()))} body seeds, {len(list(headers.iterdir()))} header seeds")
PY
