package battle

import (
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/summary"
)

// Summarize reduces a run of s to its summary, as iadsim run prints it
// and writes summary.json: per threat what saw, tracked, engaged and
// ended it, the totals, and the catalogue figures the run took (with
// figures: sample, the values drawn).
func Summarize(s *scenario.Scenario, res *Result) summary.Summary {
	refs := make([]summary.ThreatRef, len(res.Threats))
	for i, t := range res.Threats {
		refs[i] = summary.ThreatRef{ID: t.ID, Type: t.Type}
	}
	return withFigures(s, summary.Of(refs, res.Events))
}

// NewTally begins the summary of a run of s that streams its events
// (Options.Stream): add them to it as they come, then SummarizeTally.
func NewTally(s *scenario.Scenario) *summary.Tally {
	refs := make([]summary.ThreatRef, len(s.Threats))
	for i, t := range s.Threats {
		refs[i] = summary.ThreatRef{ID: t.ID, Type: t.Type}
	}
	return summary.NewTally(refs)
}

// SummarizeTally is Summarize of a run whose events went to t
// (NewTally) rather than to its record.
func SummarizeTally(s *scenario.Scenario, t *summary.Tally) summary.Summary {
	return withFigures(s, t.Summary())
}

// withFigures adds to a run's summary the catalogue figures s took.
func withFigures(s *scenario.Scenario, sum summary.Summary) summary.Summary {
	sum.FigureMode = s.FigureMode.String()
	sum.Figures = make([]summary.Figure, len(s.Figures))
	for i, f := range s.Figures {
		sum.Figures[i] = summary.Figure{Entity: f.Entity, Entry: f.Entry, Key: f.Key, Value: f.Value, Unit: f.Unit,
			Mode: f.Mode.String(), Nominal: f.Nominal, Min: f.Min, Max: f.Max, Note: f.Note}
	}
	return sum
}
