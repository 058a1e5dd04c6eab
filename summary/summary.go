// Package summary reduces the record of a run to what an analyst reads
// first: per threat, when it was first seen and by which radar, when its
// track was confirmed, what was fired at it and how it ended; and the
// totals of kills, leakers and interceptors expended.
package summary

import (
	"cmp"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/iadsim/iadsim/event"
)

// Outcomes of a threat.
const (
	Killed   = "killed"   // destroyed by an interceptor
	Leaked   = "leaked"   // reached a defended site
	Struck   = "struck"   // reached the unit's radar, launcher or command post it was aimed at
	Survived = "survived" // none of these: ended its route elsewhere, or still flying at the end
)

// Threat is one row of the summary.
type Threat struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	// Decoy marks a decoy (its threat_launch says so): it never leaks,
	// and the rounds fired at it count in Totals.AtDecoys.
	Decoy bool `json:"decoy,omitempty"`

	Detected           bool           `json:"detected"`
	FirstDetectionT    *float64       `json:"first_detection_t,omitempty"`
	FirstDetectionR    *float64       `json:"first_detection_range_m,omitempty"`
	FirstDetectionBy   string         `json:"first_detection_radar,omitempty"`
	Confirmed          bool           `json:"track_confirmed"`
	ConfirmedT         *float64       `json:"track_confirmed_t,omitempty"`
	Interceptors       int            `json:"interceptors"`
	InterceptorsByType map[string]int `json:"interceptors_by_type,omitempty"`
	Outcome            string         `json:"outcome"`
	OutcomeT           float64        `json:"outcome_t"`
	Site               string         `json:"site,omitempty"` // the site reached, for a leaker
	// Equipment, Miss and EquipmentDestroyed say, for a threat that
	// struck (a threat aimed at a unit's equipment that reached it), the
	// radar, launcher or command post it landed on, how far off it
	// landed (m), and whether that destroyed it.
	Equipment          string   `json:"equipment,omitempty"`
	Miss               *float64 `json:"miss_m,omitempty"`
	EquipmentDestroyed bool     `json:"equipment_destroyed,omitempty"`
	// GunRounds are the gun rounds fired at it (gun_burst events).
	GunRounds int    `json:"gun_rounds,omitempty"`
	End       string `json:"end"` // the event that ended it, or "scenario_end"
}

// Totals sum the rows.
type Totals struct {
	Threats   int `json:"threats"`
	Detected  int `json:"detected"`
	Kills     int `json:"kills"`
	Leakers   int `json:"leakers"`
	Survivors int `json:"survivors"`
	// Struck counts the threats that reached the equipment they were
	// aimed at, whether or not they destroyed it; kills, leakers, struck
	// and survivors add up to threats.
	Struck       int            `json:"struck"`
	Interceptors int            `json:"interceptors"`
	ByType       map[string]int `json:"interceptors_by_type"`
	// AtFalseTracks counts the interceptors launched at tracks that
	// followed no threat: tracks begun by false alarms (launch events
	// with no threat).
	AtFalseTracks int `json:"interceptors_at_false_tracks"`
	// AtDecoys counts the interceptors launched at decoys (launch events
	// marked decoy): rounds the defence spent on targets it took for
	// real ones.
	AtDecoys int `json:"interceptors_at_decoys"`
	// GunRounds counts the rounds the units' guns fired (gun_burst
	// events); absent when no gun fired.
	GunRounds int `json:"gun_rounds,omitempty"`
}

// Summary is the whole table.
type Summary struct {
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	// Epoch is the UTC instant of t = 0 (RFC 3339), from which every _t
	// of the summary counts; empty when the record does not say.
	Epoch    string   `json:"epoch,omitempty"`
	Duration float64  `json:"duration_s"`
	Threats  []Threat `json:"threats"`
	Totals   Totals   `json:"totals"`
	// FigureMode and Figures record the catalogue figures the run used:
	// with figures: sample, the values drawn.
	FigureMode string   `json:"figure_mode,omitempty"`
	Figures    []Figure `json:"figures,omitempty"`
	// Destroyed lists the units' equipment that threats destroyed, in
	// the order it was lost (events radar_destroyed, launcher_destroyed,
	// command_post_destroyed).
	Destroyed []Loss `json:"destroyed,omitempty"`
}

// Loss is one piece of a unit's equipment destroyed.
type Loss struct {
	T      float64 `json:"t"`
	Unit   string  `json:"unit"`
	Kind   string  `json:"kind"` // radar, launcher or command post
	ID     string  `json:"id"`
	Threat string  `json:"threat"` // what destroyed it
}

// lossOf is the loss an event records, if it records one.
func lossOf(e event.Event) (Loss, bool) {
	l := Loss{T: e.T, Unit: e.Unit, Threat: e.Threat}
	switch e.Type {
	case event.RadarDestroyed:
		l.Kind, l.ID = "radar", e.Radar
	case event.LauncherDestroyed:
		l.Kind, l.ID = "launcher", e.Launcher
	case event.PostDestroyed:
		l.Kind, l.ID = "command post", e.Site
	default:
		return l, false
	}
	return l, true
}

// equipmentOf is the id of the equipment an impact event names: its
// radar, launcher or, for a command post, site.
func equipmentOf(e event.Event) string { return cmp.Or(e.Radar, e.Launcher, e.Site) }

// Figure is one catalogue figure a run used, in SI units.
type Figure struct {
	Entity  string  `json:"entity"` // what used it: a radar, launcher, unit/missile or threat id
	Entry   string  `json:"entry"`  // catalogue entry, such as 92N6E
	Key     string  `json:"key"`    // figure key, such as ref_range
	Value   float64 `json:"value"`  // the value used
	Unit    string  `json:"unit"`   // SI unit of value, nominal, min and max
	Mode    string  `json:"mode"`   // nominal, low, high, sample or uniform
	Nominal float64 `json:"nominal"`
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Note    string  `json:"note,omitempty"`
}

// ThreatRef names a threat of the scenario, in scenario order.
type ThreatRef struct{ ID, Type string }

// Of reduces a run's events. threats lists every threat of the scenario,
// so a threat that was never seen still has its row.
func Of(threats []ThreatRef, events []event.Event) Summary {
	t := NewTally(threats)
	for _, e := range events {
		t.Add(e)
	}
	return t.Summary()
}

// A Tally reduces a run's events one at a time, as the run makes them,
// so that a consumer that wants only the summary (a replication of a
// Monte Carlo batch) need not keep the record: Add each event in the
// record's order, then Summary. Of is a Tally over a record kept whole.
type Tally struct {
	s    Summary
	rows map[string]*Threat
}

// NewTally begins the summary of a run of the given threats (every
// threat of the scenario, in scenario order).
func NewTally(threats []ThreatRef) *Tally {
	t := &Tally{rows: make(map[string]*Threat, len(threats))}
	s := &t.s
	for _, th := range threats {
		s.Threats = append(s.Threats, Threat{ID: th.ID, Type: th.Type, Outcome: Survived, End: event.ScenarioEnd})
	}
	for i := range s.Threats {
		t.rows[s.Threats[i].ID] = &s.Threats[i]
	}
	s.Totals.ByType = map[string]int{}
	return t
}

// Add takes the next event of the record.
func (t *Tally) Add(e event.Event) {
	s := &t.s
	switch e.Type {
	case event.ScenarioStart:
		s.Scenario, s.Seed, s.Epoch = e.Name, e.Seed, e.Epoch
	case event.ScenarioEnd:
		s.Duration = e.T
		for i := range s.Threats {
			if s.Threats[i].End == event.ScenarioEnd {
				s.Threats[i].OutcomeT = e.T
			}
		}
		return
	case event.Launch:
		s.Totals.Interceptors++
		s.Totals.ByType[e.Missile]++
		if e.Threat == "" {
			s.Totals.AtFalseTracks++
		}
		if e.Decoy {
			s.Totals.AtDecoys++
		}
	case event.GunBurst:
		s.Totals.GunRounds += e.Rounds
	}
	if l, ok := lossOf(e); ok {
		s.Destroyed = append(s.Destroyed, l)
	}
	r := t.rows[e.Threat]
	if r == nil {
		return
	}
	r.Decoy = r.Decoy || e.Decoy
	switch e.Type {
	case event.Detection:
		if !r.Detected {
			r.Detected, r.FirstDetectionT, r.FirstDetectionR, r.FirstDetectionBy = true, ptr(e.T), ptr(e.Range), e.Radar
		}
	case event.GunBurst:
		r.GunRounds += e.Rounds
	case event.TrackConfirmed:
		if !r.Confirmed {
			r.Confirmed, r.ConfirmedT = true, ptr(e.T)
		}
	case event.Launch:
		r.Interceptors++
		if r.InterceptorsByType == nil {
			r.InterceptorsByType = map[string]int{}
		}
		r.InterceptorsByType[e.Missile]++
	case event.Kill:
		r.Outcome, r.OutcomeT, r.End = Killed, e.T, e.Type
	case event.Leak:
		r.Outcome, r.OutcomeT, r.End, r.Site = Leaked, e.T, e.Type, e.Site
	case event.Impact:
		r.Outcome, r.OutcomeT, r.End = Survived, e.T, e.Type
		// An impact that names a unit is a threat landing on the
		// equipment it was aimed at (its radar, launcher or site
		// field names which).
		if e.Unit != "" {
			r.Outcome, r.Equipment, r.Miss = Struck, equipmentOf(e), e.Miss
		}
	case event.ThreatEnd:
		r.Outcome, r.OutcomeT, r.End = Survived, e.T, e.Type
	case event.RadarDestroyed, event.LauncherDestroyed, event.PostDestroyed:
		r.EquipmentDestroyed = true
	}
}

// Summary is the summary of the events added so far, with its totals.
// The Tally is spent: add no event after it.
func (t *Tally) Summary() Summary {
	s := t.s
	for _, r := range s.Threats {
		s.Totals.Threats++
		if r.Detected {
			s.Totals.Detected++
		}
		switch r.Outcome {
		case Killed:
			s.Totals.Kills++
		case Leaked:
			s.Totals.Leakers++
		case Struck:
			s.Totals.Struck++
		default:
			s.Totals.Survivors++
		}
	}
	return s
}

// WriteTable prints the summary as an aligned text table.
func (s Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "THREAT\tTYPE\tFIRST DETECTION\tRANGE km\tRADAR\tTRACK CONFIRMED\tINTERCEPTORS\tOUTCOME\tAT")
	for _, r := range s.Threats {
		det, rng, by, conf := "-", "-", "-", "-"
		if r.Detected {
			det, rng, by = fmt.Sprintf("%.1f s", *r.FirstDetectionT), fmt.Sprintf("%.1f", *r.FirstDetectionR/1000), r.FirstDetectionBy
		}
		if r.Confirmed {
			conf = fmt.Sprintf("%.1f s", *r.ConfirmedT)
		}
		out := r.Outcome
		switch {
		case r.Outcome == Struck && r.EquipmentDestroyed:
			out += " " + r.Equipment + " (destroyed)"
		case r.Outcome == Struck && r.Miss != nil:
			out += fmt.Sprintf(" %s (%.1f m off)", r.Equipment, *r.Miss)
		case r.Outcome == Struck:
			out += " " + r.Equipment
		case r.Site != "":
			out += " (" + r.Site + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f s\n", r.ID, r.Type, det, rng, by, conf,
			byType(r.Interceptors, r.InterceptorsByType), out, r.OutcomeT)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	t := s.Totals
	atFalse := ""
	if t.AtFalseTracks > 0 {
		atFalse = fmt.Sprintf(", %d at false tracks", t.AtFalseTracks)
	}
	if t.AtDecoys > 0 {
		atFalse += fmt.Sprintf(", %d at decoys", t.AtDecoys)
	}
	if t.GunRounds > 0 {
		atFalse += fmt.Sprintf("; gun rounds fired: %d", t.GunRounds)
	}
	struck := ""
	if t.Struck > 0 {
		struck = fmt.Sprintf(" %d struck,", t.Struck)
	}
	_, err := fmt.Fprintf(w, "\n%d threats: %d detected, %d killed, %d leaked,%s %d survived; %s%s\n",
		t.Threats, t.Detected, t.Kills, t.Leakers, struck, t.Survivors, "interceptors expended: "+byType(t.Interceptors, t.ByType), atFalse)
	if err != nil || len(s.Destroyed) == 0 {
		return err
	}
	parts := make([]string, len(s.Destroyed))
	for i, l := range s.Destroyed {
		parts[i] = fmt.Sprintf("%s %s of %s by %s at %.1f s", l.Kind, l.ID, l.Unit, l.Threat, l.T)
	}
	_, err = fmt.Fprintf(w, "destroyed: %s\n", strings.Join(parts, "; "))
	return err
}

func byType(n int, m map[string]int) string {
	if n == 0 {
		return "0"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", m[k], k)
	}
	return fmt.Sprintf("%d (%s)", n, strings.Join(parts, ", "))
}

func ptr(x float64) *float64 { return &x }
