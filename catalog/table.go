package catalog

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteList writes the entries as a table (what iadsim catalog list
// prints): by kind, systems first, then their components, missiles and
// threats, each kind in catalogue order.
func (c *Catalog) WriteList(w io.Writer) error {
	listOrder := []string{KindSystem, KindSet, KindCommandPost, KindRadar,
		KindMast, KindLauncher, KindMissile, KindThreat}
	es := c.List()
	slices.SortStableFunc(es, func(a, b Entry) int {
		return slices.Index(listOrder, a.Kind) - slices.Index(listOrder, b.Kind)
	})
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tFAMILY\tTITLE")
	for _, e := range es {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Name, e.Kind, e.Family, e.Title)
	}
	return tw.Flush()
}

// WriteTable writes every figure of the entry (what iadsim catalog show
// prints): its title, kind, family and aliases, its description, its
// parts, then per figure the nominal value, range, unit, verification
// key, source and note, each disputed claim under its figure, and the
// figures that are text last.
func (e Entry) WriteTable(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s: %s\n", e.Name, e.Title)
	fmt.Fprintf(&b, "kind %s, family %s", e.Kind, e.Family)
	if len(e.Aliases) > 0 {
		fmt.Fprintf(&b, ", also %s", strings.Join(e.Aliases, ", "))
	}
	b.WriteString("\n")
	if e.Description != "" {
		fmt.Fprintf(&b, "%s\n", strings.Join(strings.Fields(e.Description), " "))
	}
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	if len(e.Parts) > 0 {
		fmt.Fprintln(tw, "\nPART\tROLE\tCOUNT\tUP TO\tV\tSOURCE\tNOTE")
		for _, p := range e.Parts {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\n", p.Name, p.Role, p.Count, p.Max, p.V, p.Source, p.Note)
		}
	}
	fmt.Fprintln(tw, "\nFIGURE\tNOMINAL\tRANGE\tUNIT\tV\tSOURCE\tNOTE")
	var texts []Figure
	for _, f := range e.Figures {
		if f.IsText() {
			texts = append(texts, f)
			continue
		}
		rng := ""
		if f.HasRange {
			rng = num(f.Min) + " - " + num(f.Max)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Key, num(f.Nominal), rng, f.Unit, f.V, f.Source, f.Note)
		for _, cl := range f.Claims {
			fmt.Fprintf(tw, "  claim\t%s\t\t%s\t%s\t%s\t%s\n", num(cl.Value), f.Unit, cl.V, cl.Source, cl.Note)
		}
	}
	if len(texts) > 0 {
		fmt.Fprintln(tw, "\nFIGURE\tTEXT\tV\tSOURCE\tNOTE")
		for _, f := range texts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Key, f.Text, f.V, f.Source, f.Note)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
