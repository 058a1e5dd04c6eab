package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

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
			return c.WriteList(cmd.OutOrStdout())
		},
	}
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
			return e.WriteTable(cmd.OutOrStdout())
		},
	}
}

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
