package coverage

import (
	"cmp"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"slices"
)

// WriteDefencePNG draws the layered defence of a run's layers on one map:
// each cell coloured by the lowest target altitude at which some unit
// can engage there (deep red for the lowest, through orange, to yellow for
// the highest), and each unit's engagement area at that lowest altitude
// outlined in the unit's colour. The layers must share a grid; they are
// drawn by altitude, whatever their order.
func (a *Analysis) WriteDefencePNG(w io.Writer, layers []*Layer, title string) error {
	if len(layers) == 0 || len(layers) > 255 {
		return fmt.Errorf("%d layers for a layered-defence map, want 1 to 255", len(layers))
	}
	ls := slices.Clone(layers)
	slices.SortStableFunc(ls, func(p, q *Layer) int { return cmp.Compare(p.Target.Altitude, q.Target.Altitude) })
	g := ls[0].Detection.Georef
	for _, l := range ls[1:] {
		if l.Detection.Georef != g {
			return fmt.Errorf("layered-defence map: the layers are on different grids")
		}
	}
	m, err := a.newMap(g)
	if err != nil {
		return err
	}
	ramp := func(k int) color.RGBA {
		// Deep red to yellow: the lower the altitude engaged, the darker.
		f := 0.0
		if len(ls) > 1 {
			f = float64(k) / float64(len(ls)-1)
		}
		return color.RGBA{uint8(170 + 85*f), uint8(20 + 200*f), 20, 255}
	}
	lowest := lowestEngaged(ls)
	cell := func(px, py int) int {
		row := min(int(float64(py)/m.scale), g.Rows-1)
		return row*g.Cols + min(int(float64(px)/m.scale), g.Cols-1)
	}
	unknown := ls[0].Unknown
	for py := range m.h {
		for px := range m.w {
			i := cell(px, py)
			switch {
			case int(lowest[i]) < len(ls):
				m.blend(px, py+m.top, ramp(int(lowest[i])), 0.6)
			case unknown != nil && unknown.Pix[i] == Covered:
				if (px+py)%6 == 0 {
					m.blend(px, py+m.top, colRing, 0.5)
				}
			}
		}
	}
	m.coast()
	// Each unit's engagement at the lowest altitude, outlined where a
	// pixel's cell is in and the next pixel's, right or down, is not.
	for k, u := range ls[0].Units {
		c := unitColour(k)
		in := func(px, py int) bool { return u.Engagement.Pix[cell(px, py)] == Covered }
		for py := range m.h {
			for px := range m.w {
				here := in(px, py)
				if (px+1 < m.w && in(px+1, py) != here) || (py+1 < m.h && in(px, py+1) != here) {
					m.set(px, py+m.top, c)
				}
			}
		}
	}
	var sw []legendEntry
	for k, l := range ls {
		sw = append(sw, legendEntry{ramp(k), 0.6, "lowest altitude engaged: " + Length(l.Target.Altitude) + " " + altRef(l.Target)})
	}
	lines := []string{
		fmt.Sprintf("outlines: each unit's engagement at %s, in its colour", Length(ls[0].Target.Altitude)),
		"target RCS " + fnum(ls[0].Target.RCS) + " m2, Pd " + fnum(ls[0].Target.Pd),
	}
	if unknown != nil {
		lines = append(lines, "hatched: no terrain data")
	}
	lines = append(lines, "heights "+ls[0].HeightRef, "coastline: Natural Earth 1:50m")
	m.reserve(sw, lines)
	m.graticule()
	m.sites(a.Units)
	m.titleBar(title)
	m.legend(sw, lines)
	m.scaleBar()
	return png.Encode(w, m.img)
}

// altRef is AGL or MSL, for a target's altitude.
func altRef(t Target) string {
	if t.MSL {
		return "MSL"
	}
	return "AGL"
}

// lowestEngaged is, for each cell, the index of the first of the layers
// (sorted by altitude) at which some unit can engage there, len(ls) where
// none can. Coverage need not grow with altitude (a missile's maximum
// altitude, a radar's elevation limit): a cell is coloured by the lowest
// layer engaged, whatever the layers above.
func lowestEngaged(ls []*Layer) []uint8 {
	lowest := make([]uint8, len(ls[0].Engagement.Pix))
	for i := range lowest {
		lowest[i] = uint8(len(ls))
		for k := len(ls) - 1; k >= 0; k-- {
			if ls[k].Engagement.Pix[i] == Covered {
				lowest[i] = uint8(k)
			}
		}
	}
	return lowest
}
