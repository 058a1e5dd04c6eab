// Package schema holds the JSON Schema of the iadsim scenario format,
// draft 2020-12: what an editor with a YAML language server checks and
// completes a scenario with, and what other tools validate one against.
//
// The schema is generated from the reference tables of docs/scenario.md
// (Generate) and kept in scenario.schema.json beside this file; a test
// fails when the file is not what the document gives, and when a
// record's keys are not the scenario parser's. Regenerate it with
//
//	go test ./schema -run TestSchemaUpToDate -update
//
// A scenario names it in its first line, for editors:
//
//	# yaml-language-server: $schema=../schema/scenario.schema.json
//
// The schema checks keys, kinds of value, units and required keys. The
// parser checks more (limits that depend on other keys, catalogue names,
// ids that must name something): iadsim validate is the final word.
package schema

import _ "embed"

// Scenario is the text of scenario.schema.json.
//
//go:embed scenario.schema.json
var Scenario []byte
