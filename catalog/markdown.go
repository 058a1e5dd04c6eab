package catalog

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Markdown writes the catalogue as a Markdown document (docs/catalogue.md):
// for each family a section, for each entry a table of its figures with
// value, range, unit, verification key, source and note, its composition,
// and then the disagreements between sources said in plain words. A last
// section lists every assumption (v: U), the figures to sweep before
// trusting a result.
func (c *Catalog) Markdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("# Equipment and threat catalogue\n\n")
	p("Generated from the embedded data in `catalog/data` (`iadsim catalog doc`); do not edit by hand.\n\n")
	p("Every figure is a press, vendor or textbook claim, not a measurement, and keeps its source. ")
	p("Where sources disagree the figure carries a range (low–high) around the nominal value that models use by default. ")
	p("Verification key, as in `shared/reference/public-figures.yaml`:\n\n")
	p("- **V** read in the source's own text\n")
	p("- **Q** read as a verbatim quote, with the URL, in a third-party compilation\n")
	p("- **S** secondary compilation (research notes in public repositories)\n")
	p("- **U** not verified: an assumption, exposed as a parameter; its source says why it was chosen\n\n")

	for _, fam := range c.families {
		p("## %s\n\n", mdText(fam.Title))
		if fam.Description != "" {
			p("%s\n\n", mdText(fam.Description))
		}
		for _, name := range fam.Entries {
			e := c.entries[c.index[strings.ToLower(name)]]
			writeEntry(p, e)
		}
	}

	p("## Assumptions (v: U)\n\n")
	p("No public source was found for these figures; each is a parameter with the stated reasoning.\n\n")
	p("| Entry | Figure | Value | Range | Unit | Reasoning |\n|---|---|---|---|---|---|\n")
	for _, e := range c.entries {
		for _, f := range e.Figures {
			if f.V != Unverified {
				continue
			}
			val, rng := figureValue(f)
			p("| %s | %s | %s | %s | %s | %s |\n", mdCell(e.Name), mdCell(f.Key), val, rng,
				mdCell(f.Unit), mdCell(strings.TrimSpace(strings.TrimPrefix(f.Source, "assumption:"))))
		}
	}
	return bw.Flush()
}

func writeEntry(p func(string, ...any), e Entry) {
	p("### %s: %s\n\n", mdText(e.Name), mdText(e.Title))
	p("Kind: %s.", e.Kind)
	if len(e.Aliases) > 0 {
		p(" Also known as: %s.", mdText(strings.Join(e.Aliases, ", ")))
	}
	p("\n\n")
	if e.Description != "" {
		p("%s\n\n", mdText(e.Description))
	}
	if len(e.Parts) > 0 {
		p("| Part | Role | Count | Up to | V | Source | Note |\n|---|---|---|---|---|---|---|\n")
		for _, pt := range e.Parts {
			p("| %s | %s | %d | %d | %s | %s | %s |\n", mdCell(pt.Name), mdCell(pt.Role), pt.Count, pt.Max,
				pt.V, mdCell(pt.Source), mdCell(pt.Note))
		}
		p("\n")
	}
	p("| Figure | Value | Range | Unit | V | Source | Note |\n|---|---|---|---|---|---|---|\n")
	for _, f := range e.Figures {
		val, rng := figureValue(f)
		p("| %s | %s | %s | %s | %s | %s | %s |\n", mdCell(f.Key), val, rng, mdCell(f.Unit), f.V,
			mdCell(f.Source), mdCell(f.Note))
	}
	p("\n")
	if t := e.RCSTable; t != nil {
		writeRCSTable(p, t)
	}
	var disputes []Figure
	for _, f := range e.Figures {
		if len(f.Claims) > 0 || strings.Contains(f.Note, "DISAGREE") {
			disputes = append(disputes, f)
		}
	}
	if len(disputes) == 0 {
		return
	}
	p("Sources and disagreements:\n\n")
	for _, f := range disputes {
		val, rng := figureValue(f)
		p("- **%s**: this catalogue uses %s", mdText(f.Key), withUnit(val, f.Unit))
		if f.HasRange {
			p(" (range %s)", rng)
		}
		p(" from %s (%s).", mdText(f.Source), f.V)
		if f.Note != "" {
			p(" %s.", strings.TrimSuffix(mdText(f.Note), "."))
		}
		if len(f.Claims) > 0 {
			p(" Other public values:")
			for i, cl := range f.Claims {
				sep := ";"
				if i == len(f.Claims)-1 {
					sep = "."
				}
				p(" %s (%s, %s", withUnit(num(cl.Value), f.Unit), cl.V, mdText(cl.Source))
				if cl.Note != "" {
					p(": %s", mdText(cl.Note))
				}
				p(")%s", sep)
			}
		}
		p("\n")
	}
	p("\n")
}

// figureValue formats the value and range columns of a figure.
func figureValue(f Figure) (val, rng string) {
	if f.IsText() {
		return mdCell(f.Text), ""
	}
	if f.HasRange {
		rng = num(f.Min) + "–" + num(f.Max)
	}
	return num(f.Nominal), rng
}

// withUnit joins a value and its unit, if it has one.
func withUnit(val, unit string) string {
	if unit == "" {
		return val
	}
	return val + " " + mdText(unit)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// mdText flattens line breaks, so that folded descriptions stay one paragraph.
func mdText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// mdCell makes s safe inside a table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", `\|`)
}

// writeRCSTable writes a threat's RCS table by aspect and band: one row
// per band and elevation, one column per azimuth, in dB from the rcs
// figure, and the cross section each gives at the nominal rcs.
func writeRCSTable(p func(string, ...any), t *RCSTable) {
	p("RCS by aspect and band, dB from the rcs figure (%s band, nose-on, level); azimuth from the nose, either side, elevation of the radar above the wings (%s, %s", mdText(t.Reference), t.V, mdText(t.Source))
	if t.Note != "" {
		p("; %s", mdText(t.Note))
	}
	p("):\n\n| Band | Elevation |")
	for _, az := range t.Azimuth {
		p(" %s° |", num(az))
	}
	p("\n|---|---|%s\n", strings.Repeat("---|", len(t.Azimuth)))
	for _, g := range t.Bands {
		for i, row := range g.DB {
			p("| %s | %s° |", mdText(g.Band), num(t.Elevation[i]))
			for _, db := range row {
				p(" %s |", num(db))
			}
			p("\n")
		}
	}
	p("\n")
}
