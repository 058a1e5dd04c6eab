package main

import (
	"fmt"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/version"

	"github.com/spf13/cobra"
)

func newVersionCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build time of this binary",
		Long: `Version prints the module version (a release tag such as v1.2.0, or
"devel" for a build the toolchain could not version), the git commit and
its time, and the Go toolchain and platform, from the build information
the Go toolchain records in the binary. Cite a result with this line.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := version.Current()
			if asJSON {
				return export.WriteJSON(cmd.OutOrStdout(), v)
			}
			_, err := fmt.Fprintln(cmd.OutOrStdout(), v)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the version as a JSON object")
	return cmd
}
