package mc

import (
	"sort"
	"time"

	"github.com/iadsim/iadsim/scenario"
)

// Info is what a reader of a batch needs to know about its scenario
// without reading the scenario file: names, places and counts. Positions
// are degrees.
type Info struct {
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Epoch       string      `json:"epoch"`
	Duration    float64     `json:"duration_s"`
	Sites       []SiteInfo  `json:"sites"`
	Units       []UnitInfo  `json:"units"`
	Threats     []ClassInfo `json:"threats"` // per class, sorted
}

// SiteInfo is a defended site.
type SiteInfo struct {
	ID     string  `json:"id"`
	Name   string  `json:"name,omitempty"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Radius float64 `json:"radius_m"`
}

// UnitInfo is an air-defence unit.
type UnitInfo struct {
	ID        string         `json:"id"`
	System    string         `json:"system,omitempty"`
	Radars    []string       `json:"radars"` // "id (model, role)"
	Launchers int            `json:"launchers"`
	Rounds    map[string]int `json:"rounds"` // by missile type
	Doctrine  string         `json:"doctrine"`
}

// ClassInfo is a threat class and how many threats it has.
type ClassInfo struct {
	Type      string  `json:"type"`
	Count     int     `json:"count"`
	RCS       float64 `json:"rcs_m2"`
	Ballistic bool    `json:"ballistic"`
}

// InfoOf summarises a scenario.
func InfoOf(s *scenario.Scenario) Info {
	in := Info{Name: s.Name, Description: s.Description, Epoch: s.Epoch.UTC().Format(time.RFC3339), Duration: s.Duration,
		Sites: []SiteInfo{}, Units: []UnitInfo{}, Threats: []ClassInfo{}}
	for _, st := range s.Sites {
		in.Sites = append(in.Sites, SiteInfo{ID: st.ID, Name: st.Name, Lat: st.At.LatDeg(), Lon: st.At.LonDeg(), Radius: st.Radius})
	}
	for _, u := range s.Units {
		ui := UnitInfo{ID: u.ID, System: u.System, Launchers: len(u.Launchers), Rounds: map[string]int{},
			Doctrine: u.Doctrine.Policy}
		for _, r := range u.Radars {
			ui.Radars = append(ui.Radars, r.ID+" ("+r.Model+", "+r.Role+")")
		}
		for _, l := range u.Launchers {
			for _, ld := range l.Loads {
				ui.Rounds[ld.Missile] += ld.Count
			}
		}
		in.Units = append(in.Units, ui)
	}
	idx := map[string]int{}
	for _, t := range s.Threats {
		i, ok := idx[t.Type]
		if !ok {
			i = len(in.Threats)
			idx[t.Type] = i
			in.Threats = append(in.Threats, ClassInfo{Type: t.Type, RCS: t.RCS, Ballistic: t.Ballistic()})
		}
		in.Threats[i].Count++
	}
	sort.Slice(in.Threats, func(a, b int) bool { return in.Threats[a].Type < in.Threats[b].Type })
	return in
}
