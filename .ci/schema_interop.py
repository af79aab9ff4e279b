#!/usr/bin/env python3
"""Checks generated/errors.schema.json the way Python and TypeScript clients use it.

1. The `jsonschema` package validates every example body of the seed page and of the
   generated reference, accepts a code and a type it does not know, and rejects
   structurally wrong bodies.
2. `datamodel-code-generator` turns the schema into pydantic models, which parse every
   example body (known codes become enum members, unknown ones stay strings) and reject
   the wrong bodies.

3. With --node-modules DIR (holding json-schema-to-typescript and typescript),
   json2ts turns the schema into TypeScript types, and tsc --strict checks that every
   example body is an ErrorResponse and that each wrong body is not.

Step 2 is skipped when datamodel-code-generator is not installed, unless
--require-codegen is given (as .ci/schema-interop.sh does).
"""

import argparse
import importlib.util
import json
import pathlib
import subprocess
import sys
import tempfile

WRONG_BODIES = [
    {},
    {"message": "no envelope", "type": "invalid_request_error"},
    {"error": "not an object"},
    {"error": None},
    {"error": {"type": "invalid_request_error"}},
    {"error": {"message": 42, "type": "invalid_request_error"}},
    {"error": {"message": "no type"}},
    {"error": {"message": "type is a number", "type": 400}},
    {"error": {"message": "code is a number", "type": "server_error", "code": 500}},
    {"error": {"message": "param is a list", "type": "server_error", "param": ["a"]}},
]

NEW_BODIES = [
    {"error": {"message": "new code", "type": "rate_limit_error", "code": "brand_new_code"}},
    {"error": {"message": "new type", "type": "brand_new_error", "code": None, "param": None}},
    {"error": {"message": "extra members", "type": "server_error", "retry_in": 3}, "id": "x"},
]


def seed_bodies(seed_text):
    bodies, block = [], None
    for line in seed_text.splitlines():
        if block is not None:
            block.append(line)
            if line == "}":
                bodies.append("\n".join(block))
                block = None
        elif line == "{":
            block = [line]
        elif line.startswith('{"error"'):
            bodies.append(line)
    return bodies


def markdown_json_blocks(markdown):
    blocks, fence, lines = [], None, []
    for line in markdown.splitlines():
        if fence is not None:
            if line == fence:
                blocks.append("\n".join(lines))
                fence, lines = None, []
            else:
                lines.append(line)
        else:
            ticks = len(line) - len(line.lstrip("`"))
            if ticks >= 3 and line[ticks:] == "json":
                fence = "`" * ticks
    return blocks


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}", file=sys.stderr)


def check_with_jsonschema(schema, bodies, tally):
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for text in bodies:
        errors = [e.message for e in validator.iter_errors(json.loads(text))]
        tally.check(not errors, f"jsonschema rejects {text}: {errors}")
    for body in NEW_BODIES:
        tally.check(validator.is_valid(body), f"jsonschema rejects a newer body {body}")
    for body in WRONG_BODIES:
        tally.check(not validator.is_valid(body), f"jsonschema accepts a wrong body {body}")


def check_with_pydantic(schema_path, bodies, known_codes, tally):
    import pydantic

    with tempfile.TemporaryDirectory() as tmp:
        models = pathlib.Path(tmp) / "kiwi_errors_models.py"
        subprocess.run(
            [
                sys.executable, "-m", "datamodel_code_generator",
                "--input", str(schema_path),
                "--input-file-type", "jsonschema",
                "--output-model-type", "pydantic_v2.BaseModel",
                "--output", str(models),
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        spec = importlib.util.spec_from_file_location("kiwi_errors_models", models)
        module = importlib.util.module_from_spec(spec)
        sys.modules["kiwi_errors_models"] = module
        spec.loader.exec_module(module)
    response = module.ErrorResponse
    known = getattr(module, "KnownErrorCode")
    tally.check({m.value for m in known} == set(known_codes), "KnownErrorCode lists every code")
    for text in bodies:
        try:
            parsed = response.model_validate_json(text)
        except pydantic.ValidationError as e:
            tally.check(False, f"pydantic rejects {text}: {e}")
            continue
        raw = json.loads(text)["error"]
        tally.check(parsed.error.message == raw["message"], f"message of {text}")
        # A known code may come out as a KnownErrorCode member or as the plain string.
        code = parsed.error.code.root if parsed.error.code is not None else None
        tally.check(getattr(code, "value", code) == raw.get("code"), f"code of {text}")
        kind = parsed.error.type.root
        tally.check(getattr(kind, "value", kind) == raw["type"], f"type of {text}")
    for body in NEW_BODIES:
        try:
            parsed = response.model_validate(body)
            raw = body["error"]
            code = parsed.error.code.root if parsed.error.code is not None else None
            tally.check(code == raw.get("code"), f"pydantic keeps the unknown code of {body}")
        except pydantic.ValidationError as e:
            tally.check(False, f"pydantic rejects a newer body {body}: {e}")
    for body in WRONG_BODIES:
        try:
            response.model_validate(body)
            tally.check(False, f"pydantic accepts a wrong body {body}")
        except pydantic.ValidationError:
            tally.check(True, "")


def check_with_typescript(schema_path, node_modules, bodies, tally):
    bin_dir = pathlib.Path(node_modules) / ".bin"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        subprocess.run(
            [str(bin_dir / "json2ts"), "--input", str(schema_path), "--output", str(tmp / "errors.ts")],
            check=True,
        )
        lines = ['import type { ErrorResponse, KnownErrorCode } from "./errors";', ""]
        lines.append("export const bodies: ErrorResponse[] = [")
        lines += [f"  {json.dumps(json.loads(text))}," for text in bodies + [json.dumps(b) for b in NEW_BODIES]]
        lines.append("];")
        lines.append('export const known: KnownErrorCode = "rate_limit_exceeded";')
        for i, body in enumerate(b for b in WRONG_BODIES if isinstance(b.get("error"), dict) or "error" not in b):
            lines.append("// @ts-expect-error: not an error body")
            lines.append(f"export const wrong{i}: ErrorResponse = {json.dumps(body)};")
        lines.append("// @ts-expect-error: not a known code")
        lines.append('export const unknown: KnownErrorCode = "brand_new_code";')
        (tmp / "bodies.ts").write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = subprocess.run(
            [str(bin_dir / "tsc"), "--noEmit", "--strict", "--target", "es2020", str(tmp / "bodies.ts")],
            capture_output=True,
            text=True,
        )
        tally.check(result.returncode == 0, f"tsc rejects the bodies:\n{result.stdout}{result.stderr}")


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", default=root / "generated/errors.schema.json", type=pathlib.Path)
    parser.add_argument("--catalog-data", default=root / "generated/errors.catalog.json", type=pathlib.Path)
    parser.add_argument("--markdown", default=root / "generated/errors.md", type=pathlib.Path)
    parser.add_argument("--seed", default=root / "tests/fixtures/seed/llm-kiwi-error-reference.txt", type=pathlib.Path)
    parser.add_argument("--require-codegen", action="store_true")
    parser.add_argument("--node-modules", type=pathlib.Path, help="also check TypeScript types made by json2ts")
    args = parser.parse_args()

    schema = json.loads(args.schema.read_text(encoding="utf-8"))
    data = json.loads(args.catalog_data.read_text(encoding="utf-8"))
    seed = seed_bodies(args.seed.read_text(encoding="utf-8"))
    docs = markdown_json_blocks(args.markdown.read_text(encoding="utf-8"))
    catalog = [c["example"] for c in data["codes"] if c["example"]] + [data["envelope"]["example"]]
    bodies = seed + docs + catalog
    known_codes = [c["name"] for c in data["codes"]]

    tally = Tally()
    tally.check(len(seed) == 5, f"the seed page has five example bodies, found {len(seed)}")
    check_with_jsonschema(schema, bodies, tally)
    if importlib.util.find_spec("datamodel_code_generator") is not None:
        check_with_pydantic(args.schema, bodies, known_codes, tally)
    elif args.require_codegen:
        tally.check(False, "datamodel-code-generator is not installed")
    else:
        print("skipped: datamodel-code-generator is not installed", file=sys.stderr)
    if args.node_modules:
        check_with_typescript(args.schema, args.node_modules, bodies, tally)
    print(f"interop: {tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
