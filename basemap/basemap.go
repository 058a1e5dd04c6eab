// Package basemap gives the coastlines drawn under maps: Natural Earth's
// 1:50m land polygons, embedded, so a map needs no network and no files.
//
// The data is TopoJSON (world-atlas 2.0.2): coordinates quantised on an
// integer grid and delta-encoded along shared arcs. Land decodes it into
// rings of longitude and latitude in degrees.
package basemap

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

//go:embed data/land-50m.json
var land50m []byte

// Point is a longitude and latitude in degrees.
type Point struct{ Lon, Lat float64 }

// Ring is a closed line: the outline of one piece of land or of a lake in it.
type Ring []Point

// Polygon is an outer ring and its holes.
type Polygon []Ring

type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Type       string `json:"type"`
		Geometries []struct {
			Type string          `json:"type"`
			Arcs json.RawMessage `json:"arcs"`
		} `json:"geometries"`
	} `json:"objects"`
	Arcs [][][2]float64 `json:"arcs"`
}

// Land decodes the embedded land polygons.
func Land() ([]Polygon, error) { return decode(land50m, "land") }

func decode(data []byte, object string) ([]Polygon, error) {
	var topo topology
	if err := json.Unmarshal(data, &topo); err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	if topo.Type != "Topology" {
		return nil, fmt.Errorf("basemap: type %q, want Topology", topo.Type)
	}
	arcs := make([][]Point, len(topo.Arcs))
	for i, a := range topo.Arcs {
		arcs[i] = make([]Point, len(a))
		var x, y float64
		for j, p := range a {
			if topo.Transform != nil {
				// Quantised: positions are deltas from the previous one.
				x += p[0]
				y += p[1]
				arcs[i][j] = Point{
					Lon: x*topo.Transform.Scale[0] + topo.Transform.Translate[0],
					Lat: y*topo.Transform.Scale[1] + topo.Transform.Translate[1],
				}
			} else {
				arcs[i][j] = Point{Lon: p[0], Lat: p[1]}
			}
		}
	}
	ring := func(idx []int) (Ring, error) {
		var r Ring
		for _, k := range idx {
			rev := k < 0
			if rev {
				k = ^k // TopoJSON writes arc k reversed as ~k
			}
			if k >= len(arcs) {
				return nil, fmt.Errorf("basemap: arc %d of %d", k, len(arcs))
			}
			a := arcs[k]
			pts := make([]Point, len(a))
			for j := range a {
				if rev {
					pts[j] = a[len(a)-1-j]
				} else {
					pts[j] = a[j]
				}
			}
			// Consecutive arcs share their joining point.
			if len(r) > 0 && len(pts) > 0 {
				pts = pts[1:]
			}
			r = append(r, pts...)
		}
		return r, nil
	}
	obj, ok := topo.Objects[object]
	if !ok {
		return nil, fmt.Errorf("basemap: no object %q", object)
	}
	var out []Polygon
	for _, g := range obj.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, fmt.Errorf("basemap: %w", err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("basemap: %w", err)
			}
		default:
			continue
		}
		for _, p := range polys {
			var poly Polygon
			for _, idx := range p {
				r, err := ring(idx)
				if err != nil {
					return nil, err
				}
				poly = append(poly, r)
			}
			out = append(out, poly)
		}
	}
	return out, nil
}

// Contains reports whether the point lies on land (inside an outer ring and
// not inside one of its holes), by the even-odd rule.
func Contains(polys []Polygon, p Point) bool {
	for _, poly := range polys {
		if len(poly) == 0 || !inRing(poly[0], p) {
			continue
		}
		inHole := false
		for _, h := range poly[1:] {
			if inRing(h, p) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

func inRing(r Ring, p Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) &&
			p.Lon < (b.Lon-a.Lon)*(p.Lat-a.Lat)/(b.Lat-a.Lat)+a.Lon {
			in = !in
		}
	}
	return in
}
