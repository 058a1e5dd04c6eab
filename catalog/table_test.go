package catalog

import (
	"bytes"
	"strings"
	"testing"
)

// TestWriteList: a header and one line per entry, every system before
// every threat, each line naming the entry and its kind.
func TestWriteList(t *testing.T) {
	c := load(t)
	var b bytes.Buffer
	if err := c.WriteList(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(c.List())+1 || !strings.HasPrefix(lines[0], "NAME") {
		t.Fatalf("%d lines for %d entries:\n%s", len(lines), len(c.List()), b.String())
	}
	lastSystem, firstThreat := 0, len(lines)
	for i, l := range lines[1:] {
		f := strings.Fields(l)
		e, ok := c.Lookup(f[0])
		if !ok || f[1] != e.Kind {
			t.Errorf("line %q: not an entry of that kind", l)
		}
		switch e.Kind {
		case KindSystem:
			lastSystem = i
		case KindThreat:
			firstThreat = min(firstThreat, i)
		}
	}
	if lastSystem > firstThreat {
		t.Errorf("a system (line %d) after a threat (line %d)", lastSystem, firstThreat)
	}
}

// TestWriteTable: every figure of an entry is shown, with its source,
// and each disputed claim under it.
func TestWriteTable(t *testing.T) {
	c := load(t)
	for _, e := range c.List() {
		var b bytes.Buffer
		if err := e.WriteTable(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.HasPrefix(out, e.Name+": "+e.Title+"\n") {
			t.Errorf("%s: starts %.60q", e.Name, out)
		}
		claims := 0
		for _, f := range e.Figures {
			claims += len(f.Claims)
			if !strings.Contains(out, "\n"+f.Key+" ") || !strings.Contains(out, f.Source) {
				t.Errorf("%s: figure %s or its source %q is missing", e.Name, f.Key, f.Source)
			}
		}
		if got := strings.Count(out, "\n  claim "); got != claims {
			t.Errorf("%s: %d claim lines, want %d", e.Name, got, claims)
		}
	}
}
