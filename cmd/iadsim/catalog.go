package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/iadsim/iadsim/catalog"
	"github.com/spf13/cobra"
)

func newCatalogCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "List and show the equipment and threat catalogue, each figure with its public source",
		Long: `The catalogue holds the S-400 and S-300PMU-2, their radars, mast,
launchers and missiles, and classes of threat, from public figures only.
Every figure keeps its source and verification key (V, Q, S, or U for an
assumption); a disputed figure carries a range around its nominal value.
Scenarios name these entries (docs/scenario.md).`,
	}
	cmd.AddCommand(newCatalogListCmd(), newCatalogShowCmd(), newCatalogDocCmd())
	group(cmd)
	return cmd
}

func newCatalogListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List systems, components, missiles and threat classes",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := catalog.Load()
			if err != nil {
				return err
			}
			return writeList(cmd.OutOrStdout(), c)
		},
	}
}

// writeList lists the entries by kind, systems first, then their
// components, missiles and threats, each kind in catalogue order.
func writeList(w io.Writer, c *catalog.Catalog) error {
	listOrder := []string{catalog.KindSystem, catalog.KindSet, catalog.KindCommandPost, catalog.KindRadar,
		catalog.KindMast, catalog.KindLauncher, catalog.KindMissile, catalog.KindThreat}
	es := c.List()
	slices.SortStableFunc(es, func(a, b catalog.Entry) int {
		return slices.Index(listOrder, a.Kind) - slices.Index(listOrder, b.Kind)
	})
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tFAMILY\tTITLE")
	for _, e := range es {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Name, e.Kind, e.Family, e.Title)
	}
	return tw.Flush()
}

func newCatalogShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show NAME",
		Short: "Show every figure of an entry: nominal, range, unit, verification, source, note",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			c, err := catalog.Load()
			if err != nil {
				return err
			}
			e, ok := c.Lookup(a[0])
			if !ok {
				return inputError{fmt.Errorf("catalog: %q is not in the catalogue; closest: %s (iadsim catalog list shows all)",
					a[0], strings.Join(c.Closest(a[0], 3), ", "))}
			}
			return writeEntry(cmd.OutOrStdout(), e)
		},
	}
}

func writeEntry(w io.Writer, e catalog.Entry) error {
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
	var texts []catalog.Figure
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

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func newCatalogDocCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "doc",
		Short: "Write the catalogue as Markdown (docs/catalogue.md)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := catalog.Load()
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := c.Markdown(&b); err != nil {
				return err
			}
			if out == "" {
				_, err := cmd.OutOrStdout().Write(b.Bytes())
				return err
			}
			// Written whole or not at all: the buffer holds the document.
			return os.WriteFile(out, b.Bytes(), 0o644)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write to this file instead of standard output")
	return cmd
}
