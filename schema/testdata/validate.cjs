// Validates YAML scenarios against a JSON Schema (draft 2020-12) with ajv,
// independently of iadsim's own YAML reader and parser, reading YAML as
// editors' YAML language server does (the npm package yaml, YAML 1.2):
//
//	node validate.cjs SCHEMA SCENARIO.yaml...
//
// Prints one JSON line per scenario: {"file", "valid", "errors"}. Needs
// the npm packages ajv (8), ajv-formats (3) and yaml (2) on NODE_PATH.
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const YAML = require("yaml");

const [schemaFile, ...docs] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
for (const file of docs) {
  const doc = YAML.parse(fs.readFileSync(file, "utf8"), { merge: true, maxAliasCount: -1 });
  const valid = validate(doc);
  console.log(JSON.stringify({ file, valid, errors: valid ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`) }));
}
