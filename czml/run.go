package czml

import (
	"strconv"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
)

// FromResult gathers what the CZML shows of a run in memory. Sample
// positions and times are rounded as tracks.csv writes them, so that
// ReadDir of the run's files gives the same Run and the same bytes.
func FromResult(s *scenario.Scenario, res *record.Result) Run {
	r := Run{Name: s.Name, Epoch: s.Epoch, Events: res.Events}
	place := func(kind, id string, at geo.LLA) Place {
		return Place{Kind: kind, ID: id, Lat: at.LatDeg(), Lon: at.LonDeg(), Alt: at.Alt}
	}
	for _, site := range s.Sites {
		p := place("site", site.ID, site.At)
		p.Name, p.Radius = site.Name, site.Radius
		r.Places = append(r.Places, p)
	}
	for _, u := range s.Units {
		p := place("command_post", u.CommandPost.ID, u.CommandPost.At)
		p.Unit = u.ID
		r.Places = append(r.Places, p)
		for _, rd := range u.Radars {
			p := place("radar", rd.ID, rd.At)
			p.Unit, p.Model, p.Role, p.Range = u.ID, rd.Model, rd.Role, DetectionRange(rd.RefRange, rd.MaxRange)
			r.Places = append(r.Places, p)
		}
		for _, l := range u.Launchers {
			p := place("launcher", l.ID, l.At)
			p.Unit, p.Model = u.ID, l.Model
			r.Places = append(r.Places, p)
		}
	}
	r.Samples = make([]Sample, len(res.Samples))
	for i, s := range res.Samples {
		r.Samples[i] = Sample{T: round(s.T, 3), Kind: s.Kind, Unit: s.Unit, ID: s.ID, Threat: s.Threat, Status: s.Status, Missile: s.Missile,
			Lat: round(s.At.LatDeg(), 7), Lon: round(s.At.LonDeg(), 7), Alt: round(s.At.Alt, 1)}
		if s.Kind == "track" {
			r.Samples[i].PosSigma = round(s.PosSigma, 1)
		}
	}
	return r
}

// round rounds x to prec decimals as strconv.FormatFloat(x, 'f', prec)
// writes it and ParseFloat reads it back.
func round(x float64, prec int) float64 {
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', prec, 64), 64)
	return y
}
