package report

import (
	"encoding/base64"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/mc"
	"github.com/iadsim/iadsim/stats"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// svgText is a <text> element of gonum's SVG: its x in points and what
// it says.
var svgText = regexp.MustCompile(`<text x="([-0-9.e]+)"[^>]*>([^<]*)</text>`)

// TestLegendBesideData: every legend is drawn in a strip to the right of
// the axes, where no data is, and inside the figure; the axes end where
// the strip begins.
func TestLegendBesideData(t *testing.T) {
	conv, err := convergencePlot([]mc.ConvergencePoint{
		{Runs: 5, PLeakHalfWidth: 0.3, LeakersHalfWidth: 0.4, InterceptorsHalfWidth: 1.2},
		{Runs: 40, PLeakHalfWidth: 0.1, LeakersHalfWidth: 0.15, InterceptorsHalfWidth: 0.5},
	})
	if err != nil {
		t.Fatal(err)
	}
	sens, h, err := sensitivityPlot([]mc.Sensitivity{
		{Figure: "bn1-92n6e.ref_range", N: 20, Leakers: -0.7, Critical: stats.CriticalCorrelation(20, 0.95)},
		{Figure: "cm.rcs", N: 20, Leakers: 0.2, Critical: stats.CriticalCorrelation(20, 0.95)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		p      *plot.Plot
		w, h   vg.Length
		legend []string
	}{
		{"convergence", conv, narrow, short, []string{"P(at least one leaker)", "mean leakers", "mean interceptors", "1/√n"}},
		{"sensitivity", sens, wide, h, []string{"noise: |ρ| < 0.44", "(95%, 20 runs)"}},
	} {
		lw := legendWidth(c.p)
		if lw <= 0 {
			t.Fatalf("%s: no legend", c.name)
		}
		uri, err := svgURI(c.p, c.w, c.h)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(uri, "data:image/svg+xml;base64,"))
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, m := range svgText.FindAllStringSubmatch(string(svg), -1) {
			x, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			text := html.UnescapeString(m[2])
			if x < 0 || x > c.w.Points() {
				t.Errorf("%s: %q at x = %.1f pt, outside the figure's %.1f pt", c.name, text, x, c.w.Points())
			}
			strip := (c.w - lw + legendGap).Points()
			isLegend := false
			for _, l := range c.legend {
				if text == l {
					found[l], isLegend = true, true
					if x < strip-0.01 {
						t.Errorf("%s: legend %q at x = %.1f pt, left of its strip at %.1f pt", c.name, l, x, strip)
					}
				}
			}
			if !isLegend && x >= strip {
				t.Errorf("%s: %q at x = %.1f pt, in the legend's strip from %.1f pt", c.name, text, x, strip)
			}
		}
		for _, l := range c.legend {
			if !found[l] {
				t.Errorf("%s: legend %q not drawn", c.name, l)
			}
		}
	}
}
