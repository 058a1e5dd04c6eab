package iads

import (
	"fmt"
	"iter"

	"gonum.org/v1/gonum/spatial/r3"
)

// Emcon is a radar's emission control: it stays silent until the clock
// reaches Until (s; 0: no such end) or a threat comes within Range of it
// (m; 0: no such range).
type Emcon struct {
	Until, Range float64
}

// Lifted says why a radar at site under emission control ec starts
// radiating at now, or "" if it stays silent. threats are the threats
// in the air at now, by id and position in ECEF, in the run's order.
func (ec Emcon) Lifted(site r3.Vec, now float64, threats iter.Seq2[string, r3.Vec]) string {
	if ec.Until > 0 && now >= ec.Until {
		return fmt.Sprintf("emission control ends at %.0f s", ec.Until)
	}
	if ec.Range > 0 {
		for id, pos := range threats {
			if r3.Norm(r3.Sub(pos, site)) <= ec.Range {
				return fmt.Sprintf("%s within %.0f km", id, ec.Range/1000)
			}
		}
	}
	return ""
}
