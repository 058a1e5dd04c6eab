package schema

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite scenario.schema.json from docs/scenario.md")

// TestSchemaUpToDate: the published schema is what docs/scenario.md gives.
func TestSchemaUpToDate(t *testing.T) {
	doc, err := os.ReadFile("../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generate(doc)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("scenario.schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, Scenario) {
		t.Errorf("schema/scenario.schema.json is not what docs/scenario.md gives; run: go test ./schema -run TestSchemaUpToDate -update")
	}
}

// TestExamplesNameSchema: every example starts with the modeline that
// points editors at the schema.
func TestExamplesNameSchema(t *testing.T) {
	files, err := filepath.Glob("../examples/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	const modeline = "# yaml-language-server: $schema=../schema/scenario.schema.json\n"
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte(modeline)) {
			t.Errorf("%s does not start with %q", f, modeline)
		}
	}
}
