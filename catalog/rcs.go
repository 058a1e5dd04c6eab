package catalog

import (
	"math"

	"github.com/iadsim/iadsim/radar"
)

// RCSTable is a threat class's radar cross section by aspect and band,
// relative to its rcs figure: the rcs figure is the cross section in the
// Reference band seen from the nose, level (azimuth 0, elevation 0), and
// the table gives every other aspect and band in dB from it, so drawing
// the rcs figure (figures: sample) scales the whole table. In a family
// file:
//
//	rcs_table:
//	  reference: X                     # the band the rcs figure is quoted in
//	  azimuth: [0, 45, 90, 135, 180]   # deg from the nose, the same either side
//	  elevation: [-30, 0]              # deg; negative: the radar below the wings
//	  db:                              # one row per elevation, one value per azimuth
//	    X:   [[3, 8, 20, 10, 12], [0, 5, 25, 10, 10]]
//	    VHF: [[...], [...]]
//	  source: "assumption: ..."
//	  v: U
//	  note: ...                        # optional
type RCSTable struct {
	Reference          string
	Azimuth, Elevation []float64 // deg
	Bands              []BandGrid
	Source, V, Note    string
}

// BandGrid is one band of an RCSTable: dB from the rcs figure, DB[i][j]
// at Elevation[i], Azimuth[j].
type BandGrid struct {
	Band string // VHF, UHF, L, S, C or X
	DB   [][]float64
}

// Radar builds the table the radar package looks up, for a threat whose
// rcs is sigma m².
func (t *RCSTable) Radar(sigma float64) (*radar.RCSTable, error) {
	out := &radar.RCSTable{}
	for _, a := range t.Azimuth {
		out.Azimuth = append(out.Azimuth, a*math.Pi/180)
	}
	for _, e := range t.Elevation {
		out.Elevation = append(out.Elevation, e*math.Pi/180)
	}
	for _, g := range t.Bands {
		b, err := radar.ParseBand(g.Band)
		if err != nil {
			return nil, err
		}
		var v []float64
		for _, row := range g.DB {
			for _, db := range row {
				v = append(v, sigma*math.Pow(10, db/10))
			}
		}
		out.Bands[b] = v
	}
	if err := out.Validate(); err != nil {
		return nil, err
	}
	return out, nil
}

// rcsTable reads and checks an entry's rcs_table.
func (p *fileParser) rcsTable(f field, name string) *RCSTable {
	what := "threat " + name + ": rcs_table"
	fields, ok := p.mapping(f.val, f.at, what)
	if !ok {
		return nil
	}
	t := &RCSTable{}
	nerr := len(p.errs)
	haveV := false
	var dbField *field
	axis := func(ff field, lo, hi float64) []float64 {
		nodes, ok := p.seq(ff, what)
		if !ok {
			return nil
		}
		var xs []float64
		for _, n := range nodes {
			x, ok := p.num(field{key: ff.key, at: ff.at, val: n}, what)
			if !ok {
				return nil
			}
			if x < lo || x > hi || len(xs) > 0 && x <= xs[len(xs)-1] {
				p.errorf(p.atOr(n, ff.at), "%s %s: %v deg; want increasing values from %v to %v deg", what, ff.key, x, lo, hi)
				return nil
			}
			xs = append(xs, x)
		}
		return xs
	}
	for _, ff := range fields {
		switch ff.key {
		case "reference":
			t.Reference, _ = p.str(ff, what)
		case "azimuth":
			t.Azimuth = axis(ff, 0, 180)
		case "elevation":
			t.Elevation = axis(ff, -90, 90)
		case "db":
			dbField = &ff
		case "source":
			t.Source, _ = p.str(ff, what)
		case "v":
			t.V, haveV = p.str(ff, what)
		case "note":
			t.Note, _ = p.str(ff, what)
		default:
			p.unknown(ff, what, "reference, azimuth, elevation, db, source, v, note")
		}
	}
	p.checkSource(f.at, what, t.Source, t.V, haveV)
	if len(p.errs) > nerr {
		return nil
	}
	if dbField == nil || t.Azimuth == nil || t.Elevation == nil {
		p.errorf(f.at, "%s: needs azimuth, elevation and db", what)
		return nil
	}
	bands, ok := p.mapping(dbField.val, dbField.at, what+" db")
	if !ok {
		return nil
	}
	var ref *BandGrid
	for _, bf := range bands {
		if _, err := radar.ParseBand(bf.key); err != nil {
			p.errorf(bf.at, "%s db: %v", what, err)
			continue
		}
		rows, ok := p.seq(bf, what+" db")
		if !ok {
			continue
		}
		g := BandGrid{Band: bf.key}
		if len(rows) != len(t.Elevation) {
			p.errorf(bf.at, "%s db %s: %d rows; want one per elevation (%d)", what, bf.key, len(rows), len(t.Elevation))
			continue
		}
		for _, rn := range rows {
			rf := field{key: bf.key, at: p.atOr(rn, bf.at), val: rn}
			vals, ok := p.seq(rf, what+" db")
			if !ok {
				break
			}
			if len(vals) != len(t.Azimuth) {
				p.errorf(rf.at, "%s db %s: a row of %d values; want one per azimuth (%d)", what, bf.key, len(vals), len(t.Azimuth))
				break
			}
			var row []float64
			for _, vn := range vals {
				x, ok := p.num(field{key: bf.key, at: rf.at, val: vn}, what+" db")
				if !ok {
					break
				}
				row = append(row, x)
			}
			g.DB = append(g.DB, row)
		}
		t.Bands = append(t.Bands, g)
		if bf.key == t.Reference {
			ref = &t.Bands[len(t.Bands)-1]
		}
	}
	// The rcs figure keeps its meaning: the reference band's nose-on
	// level value.
	i0, j0 := indexOf(t.Elevation, 0), indexOf(t.Azimuth, 0)
	switch {
	case ref == nil:
		p.errorf(f.at, "%s: reference band %q is not among the bands of db", what, t.Reference)
	case i0 < 0 || j0 < 0:
		p.errorf(f.at, "%s: the grid needs azimuth 0 and elevation 0, where the rcs figure is quoted", what)
	case len(ref.DB) == len(t.Elevation) && len(ref.DB[i0]) == len(t.Azimuth) && ref.DB[i0][j0] != 0:
		p.errorf(dbField.at, "%s: the reference band is %v dB at the nose, level; want 0 dB there (the rcs figure)", what, ref.DB[i0][j0])
	}
	return t
}

func indexOf(xs []float64, x float64) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
