package coverage

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/terrain"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Kind names what a raster covers: "detection" or "engagement".
type Kind string

// The two kinds of coverage.
const (
	Detection  Kind = "detection"
	Engagement Kind = "engagement"
)

// Describe is a one-line description of a target, for titles and
// properties: "30 m AGL, RCS 0.1 m2, Pd 0.9" (ASCII, for any font).
func (t Target) Describe() string {
	ref := "AGL"
	if t.MSL {
		ref = "MSL"
	}
	s := fmt.Sprintf("%s %s, RCS %s m2, Pd %g", Length(t.Altitude), ref, fnum(t.RCS), t.Pd)
	if t.Table != nil {
		s += " (by aspect and band)"
	}
	if t.Aspect != 0 || t.Table != nil {
		s += fmt.Sprintf(", aspect %s deg", fnum(math.Round(t.Aspect*180/math.Pi*10)/10))
	}
	if t.HasBand {
		s += ", " + t.Band.String() + " radars"
	}
	return s
}

// Length writes a length the way a person would: "30 m", "3 km".
func Length(m float64) string {
	if math.Abs(m) >= 1000 {
		return fnum(m/1000) + " km"
	}
	return fnum(m) + " m"
}

func fnum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// area is the area of the covered cells of a polygon set, km², on the
// ellipsoid (each ring's cells summed by the trapezoid rule in latitude).
func area(mp orb.MultiPolygon) float64 {
	a := 0.0
	for _, p := range mp {
		for _, r := range p {
			a += ringArea(r)
		}
	}
	return a / 1e6
}

// ringArea is the signed area of a ring of lon/lat degrees on the WGS-84
// ellipsoid, m², anticlockwise positive: the sum over its edges of the
// strip between each edge and the equator, exact for the meridian and
// parallel edges of a vectorised grid. The strip under a parallel at
// latitude φ is Δλ a² q(φ)/2, q the authalic function (Snyder, Map
// Projections: A Working Manual, eq. 3-12).
func ringArea(r orb.Ring) float64 {
	s := 0.0
	for i := 1; i < len(r); i++ {
		dl := (r[i][0] - r[i-1][0]) * math.Pi / 180
		s -= dl * authalicQ(r[i][1]*math.Pi/180)
	}
	return s * geo.A * geo.A / 2
}

func authalicQ(lat float64) float64 {
	e := math.Sqrt(geo.E2)
	sn := math.Sin(lat)
	return (1 - geo.E2) * (sn/(1-geo.E2*sn*sn) - math.Log((1-e*sn)/(1+e*sn))/(2*e))
}

// WriteGeoJSON writes the covered area as a GeoJSON FeatureCollection of
// one MultiPolygon feature whose properties say what it covers: kind,
// altitude_m, alt_ref, rcs_m2, pd, area_km2, plus any extra properties.
func WriteGeoJSON(w io.Writer, mp orb.MultiPolygon, kind Kind, t Target, extra map[string]any) error {
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(mp)
	if len(mp) == 0 {
		f = geojson.NewFeature(orb.MultiPolygon{})
	}
	f.Properties = props(kind, t, area(mp))
	for k, v := range extra {
		f.Properties[k] = v
	}
	fc.Append(f)
	b, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func props(kind Kind, t Target, areaKm2 float64) geojson.Properties {
	ref := "agl"
	if t.MSL {
		ref = "msl"
	}
	return geojson.Properties{
		"kind": string(kind), "altitude_m": t.Altitude, "alt_ref": ref,
		"rcs_m2": t.RCS, "pd": t.Pd, "area_km2": math.Round(areaKm2*1000) / 1000,
	}
}

// NoTerrain is the value of a coverage GeoTIFF's cells where the
// target's height is unknown (above a ground with no terrain data): the
// file's NoData value, so that GIS tools leave them out.
const NoTerrain uint8 = 1

// WriteGeoTIFF writes the layer's coverage of the given kind as a byte
// GeoTIFF: 255 covered, 0 not, NoTerrain (the NoData value) where the
// terrain has no data; with a band description that says so and what the
// target is, a colour table (covered green for detection, red for
// engagement; not covered white; no data grey) and metadata items
// KIND, TARGET and HEIGHT_REF, plus any extra items.
func (l *Layer) WriteGeoTIFF(w io.Writer, kind Kind, extra map[string]string) error {
	src := l.Detection
	if kind == Engagement {
		src = l.Engagement
	}
	return l.writeGeoTIFF(w, src, kind, "", extra)
}

// WriteUnitGeoTIFF is WriteGeoTIFF for one unit of the layer alone, with
// the metadata item UNIT.
func (l *Layer) WriteUnitGeoTIFF(w io.Writer, unit int, kind Kind, extra map[string]string) error {
	if unit < 0 || unit >= len(l.Units) {
		return fmt.Errorf("unit %d of %d", unit, len(l.Units))
	}
	u := l.Units[unit]
	src := u.Detection
	if kind == Engagement {
		src = u.Engagement
	}
	return l.writeGeoTIFF(w, src, kind, u.ID, extra)
}

func (l *Layer) writeGeoTIFF(w io.Writer, src *terrain.Raster[uint8], kind Kind, unit string, extra map[string]string) error {
	covered := colDetect
	if kind == Engagement {
		covered = colEngage
	}
	r := &terrain.Raster[uint8]{Georef: src.Georef, Pix: src.Pix}
	desc := fmt.Sprintf("%s coverage of a target %s: 255 covered, 0 not", kind, l.Target.Describe())
	if unit != "" {
		desc = fmt.Sprintf("unit %s's %s", unit, desc)
	}
	if l.Unknown != nil {
		r.Pix = slices.Clone(src.Pix)
		for i, u := range l.Unknown.Pix {
			if u == Covered {
				r.Pix[i] = NoTerrain
			}
		}
		r.NoData, r.HasNoData = float64(NoTerrain), true
		desc += fmt.Sprintf(", %d no terrain data (NoData)", NoTerrain)
	}
	pal := make([]color.RGBA, 256)
	pal[NotCovered] = colWhite
	pal[NoTerrain] = color.RGBA{160, 160, 160, 255}
	pal[Covered] = covered
	md := map[string]string{"KIND": string(kind), "TARGET": l.Target.Describe(), "HEIGHT_REF": l.HeightRef}
	if unit != "" {
		md["UNIT"] = unit
	}
	for k, v := range extra {
		md[k] = v
	}
	return terrain.WriteGeoTIFF(w, r, &terrain.WriteOptions{Deflate: true, Description: desc, Palette: pal, Metadata: md})
}

// WriteKML writes the covered area as a KML document for Google Earth:
// one placemark whose MultiGeometry holds the polygons, clamped to the
// ground, in a translucent colour (green for detection, red for
// engagement).
func WriteKML(w io.Writer, mp orb.MultiPolygon, kind Kind, t Target, name string) error {
	bw := bufio.NewWriter(w)
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	colour := "7f00b000" // aabbggrr
	if kind == Engagement {
		colour = "7f0000e0"
	}
	title := fmt.Sprintf("%s coverage: %s", kind, t.Describe())
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
<name>%s</name>
<Style id="cov"><LineStyle><color>ff%s</color><width>1</width></LineStyle><PolyStyle><color>%s</color></PolyStyle></Style>
<Placemark>
<name>%s</name>
<description>%s; %.1f km²</description>
<styleUrl>#cov</styleUrl>
<MultiGeometry>
`, esc(name), colour[2:], colour, esc(title), esc(t.Describe()), area(mp))
	ring := func(r orb.Ring) {
		bw.WriteString("<LinearRing><coordinates>")
		for i, p := range r {
			if i > 0 {
				bw.WriteByte(' ')
			}
			bw.WriteString(strconv.FormatFloat(p[0], 'f', 7, 64))
			bw.WriteByte(',')
			bw.WriteString(strconv.FormatFloat(p[1], 'f', 7, 64))
		}
		bw.WriteString("</coordinates></LinearRing>")
	}
	for _, p := range mp {
		bw.WriteString("<Polygon><tessellate>1</tessellate><outerBoundaryIs>")
		ring(p[0])
		bw.WriteString("</outerBoundaryIs>")
		for _, h := range p[1:] {
			bw.WriteString("<innerBoundaryIs>")
			ring(h)
			bw.WriteString("</innerBoundaryIs>")
		}
		bw.WriteString("</Polygon>\n")
	}
	bw.WriteString("</MultiGeometry>\n</Placemark>\n</Document>\n</kml>\n")
	return bw.Flush()
}

// csvHeader names the columns of WriteCSV.
var csvHeader = []string{
	"altitude_m", "alt_ref", "rcs_m2", "pd", "unit", "radar", "role", "antenna_m",
	"horizon_km", "free_space_km", "max_range_km", "first_seen_km",
	"covered_min_km", "covered_median_km", "covered_max_km", "clipped",
	"aspect_deg", "speed_m_s", "band", "height_ref", "nearest_km", "nearest_limit",
}

// WriteCSV writes the first-detection ranges of every layer: a row per
// radar and one per unit (radar "battery"), distances in km to 0.01 km,
// an unlimited maximum range empty.
func WriteCSV(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	km := func(m float64) string {
		if math.IsInf(m, 0) || math.IsNaN(m) {
			return ""
		}
		return strconv.FormatFloat(m/1e3, 'f', 2, 64)
	}
	for _, l := range res.Layers {
		t := l.Target
		ref := "agl"
		if t.MSL {
			ref = "msl"
		}
		band := "all"
		if t.HasBand {
			band = t.Band.String()
		}
		row := func(unit, id, role, antenna string, r Ranges) {
			cw.Write([]string{fnum(t.Altitude), ref, fnum(t.RCS), fnum(t.Pd), unit, id, role, antenna,
				km(r.Horizon), km(r.FreeSpace), km(r.Instrumented), km(r.FirstSeen),
				km(r.Covered.Min), km(r.Covered.Median), km(r.Covered.Max), strconv.FormatBool(r.Covered.Clipped),
				strconv.FormatFloat(t.Aspect*180/math.Pi, 'f', 1, 64), fnum(t.Speed), band, l.HeightRef,
				km(r.Nearest), r.NearestLimit})
		}
		for _, u := range l.Units {
			if len(u.Radars) == 0 {
				continue // none of the band
			}
			for _, r := range u.Radars {
				row(u.ID, r.ID, r.Role, strconv.FormatFloat(r.Antenna, 'f', 1, 64), r.Ranges)
			}
			row(u.ID, "battery", "", "", u.Ranges)
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes the same as WriteCSV for a person to read.
func WriteTable(w io.Writer, res *Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "TARGET\tRCS\tUNIT\tRADAR\tHORIZON\tFREE SPACE\tMAX RANGE\tFIRST SEEN\tCOVERED MIN/MEDIAN/MAX\tNEAREST\t")
	km := func(m float64) string {
		if math.IsInf(m, 0) {
			return "-"
		}
		return strconv.FormatFloat(m/1e3, 'f', 1, 64)
	}
	for _, l := range res.Layers {
		t := l.Target
		ref := "AGL"
		if t.MSL {
			ref = "MSL"
		}
		alt := Length(t.Altitude) + " " + ref
		if t.HasBand {
			alt += " " + t.Band.String()
		}
		if t.Aspect != 0 || t.Table != nil {
			alt += " " + fnum(math.Round(t.Aspect*180/math.Pi*10)/10) + "°"
		}
		for _, u := range l.Units {
			if len(u.Radars) == 0 {
				continue // none of the band
			}
			line := func(id string, r Ranges) {
				lim := ""
				if r.Covered.Clipped {
					lim = "+"
				}
				fmt.Fprintf(tw, "%s\t%s m²\t%s\t%s\t%s\t%s\t%s\t%s\t%s/%s/%s%s\t%s\t\n", alt, fnum(t.RCS), u.ID, id,
					km(r.Horizon), km(r.FreeSpace), km(r.Instrumented), km(r.FirstSeen),
					km(r.Covered.Min), km(r.Covered.Median), km(r.Covered.Max), lim, km(r.Nearest))
			}
			for _, r := range u.Radars {
				line(r.ID, r.Ranges)
			}
			line("battery", u.Ranges)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// Say what the heights are measured from: without terrain "30 m
	// AGL" is 30 m above the ellipsoid, which on high ground is not what
	// a reader assumes.
	seen := map[string]bool{}
	for _, l := range res.Layers {
		ref := "AGL"
		if l.Target.MSL {
			ref = "MSL"
		}
		if line := ref + ": " + l.HeightRef; l.HeightRef != "" && !seen[line] {
			seen[line] = true
			fmt.Fprintln(w, "heights "+line)
		}
	}
	_, err := fmt.Fprintln(w, "distances in km; covered: farthest covered ground distance over azimuths (terrain-limited); + reaches the grid's edge or the end of the terrain data; nearest: nearest ground distance seen over a smooth earth (minimum range, elevation limits)")
	return err
}
