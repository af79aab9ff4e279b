// Compiles generated/errors.schema.json with ajv's defaults (strict mode, draft 2020-12, plus
// ajv-formats) and validates every example body of the catalog and of the OpenAPI document;
// wrong bodies must be rejected. Prints "N passed, N failed".
//   node ajv_check.cjs NODE_MODULES_DIR
const path = require("path");
const fs = require("fs");
const modules = process.argv[2];
const Ajv2020 = require(path.resolve(modules, "ajv/dist/2020")).default;
const addFormats = require(path.resolve(modules, "ajv-formats")).default;

const root = path.resolve(__dirname, "..");
const read = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), "utf8"));
let passed = 0;
let failed = 0;
const check = (name, ok, detail) => {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL ${name}${detail ? `: ${JSON.stringify(detail)}` : ""}`);
  }
};

const ajv = new Ajv2020();
addFormats(ajv);
let validate = null;
try {
  validate = ajv.compile(read("generated/errors.schema.json"));
  check("errors.schema.json compiles with ajv's defaults", true);
} catch (e) {
  check("errors.schema.json compiles with ajv's defaults", false, String(e));
}
try {
  // errors.catalog.schema.json still uses schemars' integer formats (uint16, …), which
  // ajv does not know: declare them, the only change from the defaults.
  const catalogAjv = new Ajv2020();
  for (const f of ["uint8", "uint16", "uint32", "uint64", "uint", "int8", "int16", "int32", "int64", "int"]) catalogAjv.addFormat(f, true);
  const validateCatalog = catalogAjv.compile(read("generated/errors.catalog.schema.json"));
  check("errors.catalog.json is valid against its schema", validateCatalog(read("generated/errors.catalog.json")), validateCatalog.errors);
} catch (e) {
  check("errors.catalog.schema.json compiles", false, String(e));
}

if (validate) {
  const catalog = read("generated/errors.catalog.json");
  const openapi = read("generated/errors.openapi.json");
  const bodies = [["envelope example", JSON.parse(catalog.envelope.example)]];
  for (const c of catalog.codes) if (c.example) bodies.push([`example of ${c.name}`, JSON.parse(c.example)]);
  for (const [name, response] of Object.entries(openapi.components.responses)) {
    const examples = response.content["application/json"].examples || {};
    for (const [code, ex] of Object.entries(examples)) bodies.push([`OpenAPI ${name} example ${code}`, ex.value]);
  }
  bodies.push(["unknown code", { error: { message: "m", type: "rate_limit_error", code: "brand_new_code" } }]);
  bodies.push(["unknown type, null code and param", { error: { message: "m", type: "brand_new_error", code: null, param: null } }]);
  for (const [name, body] of bodies) check(`${name} is valid`, validate(body), validate.errors);
  const wrong = [
    {},
    { error: "not an object" },
    { error: { type: "server_error" } },
    { error: { message: "no type" } },
    { error: { message: "m", type: "server_error", code: 500 } },
    { error: { message: "m", type: "server_error", param: ["a"] } },
  ];
  for (const body of wrong) check(`${JSON.stringify(body)} is rejected`, !validate(body));
}
console.log(`ajv: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
