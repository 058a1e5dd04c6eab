package main

import (
	"github.com/iadsim/iadsim/schema"
	"github.com/spf13/cobra"
)

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the scenario format, for editors and validators",
		Long: `Schema prints the JSON Schema (draft 2020-12) of the scenario format:
every key with its kind of value, unit, default and meaning, generated
from docs/scenario.md and published as schema/scenario.schema.json. An
editor with a YAML language server checks and completes a scenario that
starts with

  # yaml-language-server: $schema=../schema/scenario.schema.json

(a path relative to the scenario, or the file this command writes). The
schema checks keys, kinds of value and units; iadsim validate checks the
rest (limits between keys, catalogue names, ids).`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(schema.Scenario)
			return err
		},
	}
}
