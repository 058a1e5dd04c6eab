package schema

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/scenario"
)

// ajv runs the ajv validator (npm packages ajv 8, ajv-formats 3 and yaml 2,
// found on NODE_PATH or in npm's global folder) over the scenarios and
// returns its verdict per file. It skips
// the test when node or ajv is missing, unless IADSIM_REQUIRE_ORACLES=1.
func ajv(t *testing.T, files []string) map[string]verdict {
	t.Helper()
	need := func(what string, err error) {
		if err == nil {
			return
		}
		if os.Getenv("IADSIM_REQUIRE_ORACLES") == "1" {
			t.Fatalf("%s: %v (IADSIM_REQUIRE_ORACLES=1)", what, err)
		}
		t.Skipf("%s is missing (%v): the schema is not checked with an independent validator; install node and npm install -g ajv@8 ajv-formats@3 yaml@2", what, err)
	}
	node, err := exec.LookPath("node")
	need("node", err)
	nodePath := os.Getenv("NODE_PATH")
	if npm, err := exec.LookPath("npm"); err == nil {
		if root, err := exec.Command(npm, "root", "-g").Output(); err == nil {
			nodePath = strings.TrimSpace(string(root)) + string(os.PathListSeparator) + nodePath
		}
	}
	probe := exec.Command(node, "-e", `require("ajv/dist/2020"); require("ajv-formats"); require("yaml")`)
	probe.Env = append(os.Environ(), "NODE_PATH="+nodePath)
	if out, err := probe.CombinedOutput(); err != nil {
		need("the npm packages ajv, ajv-formats and yaml", &exec.Error{Name: "ajv", Err: errorString(strings.TrimSpace(string(out)))})
	}

	args := append([]string{"testdata/validate.cjs", "scenario.schema.json"}, files...)
	cmd := exec.Command(node, args...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+nodePath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ajv: %v\n%s", err, stderr.String())
	}
	verdicts := map[string]verdict{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var v verdict
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("ajv printed %q: %v", sc.Text(), err)
		}
		verdicts[v.File] = v
	}
	if len(verdicts) != len(files) {
		t.Fatalf("ajv judged %d files of %d", len(verdicts), len(files))
	}
	return verdicts
}

type verdict struct {
	File   string
	Valid  bool
	Errors []string
}

type errorString string

func (e errorString) Error() string { return string(e) }

// valid lists scenarios the parser accepts: the examples, the test
// scenarios and the two examples of docs/scenario.md.
func valid(t *testing.T) []string {
	var files []string
	for _, pattern := range []string{"../examples/*.yaml", "../battle/testdata/*.yaml", "../scenario/testdata/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	doc, err := os.ReadFile("../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	_, examples, _ := strings.Cut(string(doc), "\n## Examples\n")
	dir := t.TempDir()
	// The files the examples name, beside them.
	if err := os.MkdirAll(filepath.Join(dir, "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile("../scenario/testdata/lo-fighter.csv"); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(filepath.Join(dir, "testdata", "lo-fighter.csv"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(examples, -1) {
		f := filepath.Join(dir, "docs-example-"+string(rune('1'+i))+".yaml")
		if err := os.WriteFile(f, []byte(m[1]), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) < 8 {
		t.Fatalf("only %d valid scenarios found", len(files))
	}
	return files
}

// TestAjvAcceptsValidScenarios: every scenario the parser accepts, the
// published schema accepts too, judged by ajv.
func TestAjvAcceptsValidScenarios(t *testing.T) {
	files := valid(t)
	for _, f := range files {
		_, err := scenario.Load(f)
		if err != nil && strings.Contains(err.Error(), "data/tiles/") && strings.Contains(err.Error(), "cannot be read") {
			// A theatre example whose tiles are fetched, not bundled
			// (docs/terrain.md, "Theatre examples"): the rest of it
			// parses (cmd/iadsim's TestTheatreExamples), and the schema
			// judges the text alone.
			continue
		}
		if err != nil {
			t.Fatalf("%s does not parse, so it cannot test the schema:\n%v", f, err)
		}
	}
	for f, v := range ajv(t, files) {
		if !v.Valid {
			t.Errorf("%s: the parser accepts it, the schema refuses it: %s", f, strings.Join(v.Errors, "; "))
		}
	}
}

// TestAjvRefusesBrokenScenarios: each scenario of testdata/broken has one
// mistake, which the parser refuses and the schema refuses at the place
// its first line names.
func TestAjvRefusesBrokenScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken scenarios: %v", err)
	}
	at := regexp.MustCompile(`^# The schema refuses this at (\S+);`)
	for _, f := range files {
		if _, err := scenario.Load(f); err == nil {
			t.Errorf("%s: the parser accepts it", f)
		}
	}
	for f, v := range ajv(t, files) {
		data, _ := os.ReadFile(f)
		m := at.FindStringSubmatch(string(data))
		if m == nil {
			t.Errorf("%s: the first line does not say where the schema refuses it", f)
			continue
		}
		where := strings.TrimSuffix(m[1], "/")
		found := false
		for _, e := range v.Errors {
			found = found || strings.HasPrefix(e, where+" ")
		}
		if v.Valid || !found {
			t.Errorf("%s: valid %v, errors %q; want an error at %s", f, v.Valid, v.Errors, m[1])
		}
	}
}
