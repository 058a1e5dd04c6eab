package catalog

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite ../docs/catalogue.md from the data")

// TestCatalogueDoc keeps docs/catalogue.md equal to what Markdown makes of
// the data, so that the two cannot drift apart.
func TestCatalogueDoc(t *testing.T) {
	const path = "../docs/catalogue.md"
	var buf bytes.Buffer
	if err := load(t).Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./catalog -update writes it)", err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("%s differs from the catalogue data; regenerate it with iadsim catalog doc --out docs/catalogue.md or go test ./catalog -update", path)
	}
}

func TestMarkdown(t *testing.T) {
	c := load(t)
	var buf bytes.Buffer
	if err := c.Markdown(&buf); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, e := range c.List() {
		if !strings.Contains(md, "### "+e.Name+": ") {
			t.Errorf("no section for %s", e.Name)
		}
		for _, f := range e.Figures {
			if !strings.Contains(md, "| "+f.Key+" | ") {
				t.Errorf("%s: no row for figure %s", e.Name, f.Key)
			}
		}
	}
	for _, fam := range c.Families() {
		if !strings.Contains(md, "## "+fam.Title+"\n") {
			t.Errorf("no section for family %s", fam.Name)
		}
	}
	for _, want := range []string{
		// Sources appear verbatim.
		"https://missilethreat.csis.org/defsys/s-400-triumf/",
		"https://www.globalsecurity.org/military/world/russia/s-300pmu2.htm",
		// Ranges and disagreements are said plainly.
		"| max_range | 195 | 150–250 | km | V |",
		"- **max_range**: this catalogue uses 195 km (range 150–250) from",
		"150 km (V, https://archives.lincolndailynews.com/2016/Apr/11/NEWS/news_q.shtml (Reuters citing RUSI): '~150'; older-round figure; DISAGREES)",
		"- **targets_engaged**: this catalogue uses 36 (range 36–40)",
		// RCS tables by aspect and band, a row per band and elevation.
		"| Band | Elevation | 0° | 30° | 60° | 90° | 120° | 150° | 180° |",
		"| VHF | 0° | 22 | 23 | 25 | 33 | 26 | 24 | 27 |",
		// Assumptions are gathered with their reasoning.
		"## Assumptions (v: U)",
		"| 40N6E | coast_time_constant | 140 |  | s | chosen so that 400 km is reached",
		// Compositions.
		"| 5P85TE2 | launcher | 8 | 12 | U |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	// No line breaks inside table rows: every row starts and ends with a bar.
	for i, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "|") && !strings.HasSuffix(line, "|") {
			t.Errorf("line %d: broken table row %q", i+1, line)
		}
	}
	var again bytes.Buffer
	if err := c.Markdown(&again); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("Markdown output differs between calls")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestMarkdownWriteError(t *testing.T) {
	if err := load(t).Markdown(failWriter{}); err == nil {
		t.Error("want the write error")
	}
}

func BenchmarkMarkdown(b *testing.B) {
	c := load(b)
	for b.Loop() {
		var buf bytes.Buffer
		if err := c.Markdown(&buf); err != nil {
			b.Fatal(err)
		}
	}
}
