package export

import (
	"io"

	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/summary"
)

// RunFiles are the files of iadsim run --out for the run res of s and
// its summary sum: the record (events.jsonl), the summary
// (summary.json), the true and tracked positions over time (tracks.csv)
// and the scene (scene.geojson). WriteDir writes them all or nothing.
func RunFiles(s *scenario.Scenario, res *record.Result, sum summary.Summary) []File {
	ep := epoch.New(s.Epoch)
	return []File{
		{Name: "events.jsonl", Write: func(w io.Writer) error { return WriteEvents(w, res.Events, ep) }},
		{Name: "summary.json", Write: func(w io.Writer) error { return WriteJSON(w, sum) }},
		{Name: "tracks.csv", Write: func(w io.Writer) error { return WriteTracks(w, res.Samples, ep) }},
		{Name: "scene.geojson", Write: func(w io.Writer) error { return WriteScene(w, s, res) }},
	}
}
