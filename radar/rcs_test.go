package radar

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

const deg = math.Pi / 180

// loTable is a low-observable fighter's table: X and VHF given, three
// azimuths and two elevations.
func loTable(t *testing.T) *RCSTable {
	t.Helper()
	tb := &RCSTable{
		Azimuth:   []float64{0, 90 * deg, 180 * deg},
		Elevation: []float64{-30 * deg, 0},
	}
	tb.Bands[BandX] = []float64{0.01, 1, 0.1, 0.003, 3, 0.03}
	tb.Bands[BandVHF] = []float64{0.5, 5, 1, 0.3, 10, 1}
	if err := tb.Validate(); err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestRCSTableGridPoints(t *testing.T) {
	tb := loTable(t)
	for _, b := range []Band{BandX, BandVHF} {
		for i, el := range tb.Elevation {
			for j, az := range tb.Azimuth {
				want := tb.Bands[b][i*len(tb.Azimuth)+j]
				for _, a := range []float64{az, -az} { // either side of the nose
					if got := tb.At(b, a, el); got != want && math.Abs(got-want) > 1e-12*want {
						t.Errorf("%v at az %.0f°, el %.0f°: %v m², want the grid's %v", b, a/deg, el/deg, got, want)
					}
				}
			}
		}
	}
}

func TestRCSTableInterpolation(t *testing.T) {
	tb := loTable(t)
	tests := []struct {
		name   string
		b      Band
		az, el float64
		want   float64
	}{
		// Halfway in azimuth at el 0: the geometric mean, √(0.003·3).
		{"halfway nose to beam", BandX, 45 * deg, 0, math.Sqrt(0.003 * 3)},
		// A quarter of the way up from -30° to 0°, at the nose.
		{"quarter elevation", BandX, 0, -22.5 * deg, math.Pow(10, (0.75*10*math.Log10(0.01)+0.25*10*math.Log10(0.003))/10)},
		{"beyond the elevation grid", BandX, 90 * deg, 40 * deg, 3},
		{"below the elevation grid", BandX, 180 * deg, -80 * deg, 0.1},
		{"az past the tail folds", BandX, 270 * deg, 0, 3},
		// Bands not given take the nearest: UHF and L (two bands from
		// VHF, three from X) VHF's, S and C X's.
		{"UHF takes VHF", BandUHF, 0, 0, 0.3},
		{"S takes X", BandS, 0, 0, 0.003},
		{"L takes VHF", BandL, 0, 0, 0.3},
	}
	for _, tt := range tests {
		if got := tb.At(tt.b, tt.az, tt.el); math.Abs(got-tt.want) > 1e-9*tt.want {
			t.Errorf("%s: %v m², want %v", tt.name, got, tt.want)
		}
	}
}

func TestRCSTableValidate(t *testing.T) {
	tests := []struct {
		name string
		tb   RCSTable
	}{
		{"no band", RCSTable{Azimuth: []float64{0}, Elevation: []float64{0}}},
		{"azimuth beyond the tail", RCSTable{Azimuth: []float64{0, 4}, Elevation: []float64{0}}},
		{"azimuth not increasing", RCSTable{Azimuth: []float64{1, 0.5}, Elevation: []float64{0}}},
		{"wrong size", RCSTable{Azimuth: []float64{0, 1}, Elevation: []float64{0}, Bands: [NumBands][]float64{BandX: {1}}}},
		{"zero RCS", RCSTable{Azimuth: []float64{0}, Elevation: []float64{0}, Bands: [NumBands][]float64{BandX: {0}}}},
	}
	for _, tt := range tests {
		if err := tt.tb.Validate(); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

func TestBandOf(t *testing.T) {
	for _, tt := range []struct {
		f    float64
		want Band
	}{{160e6, BandVHF}, {450e6, BandUHF}, {1.3e9, BandL}, {3e9, BandS}, {5.5e9, BandC}, {9.5e9, BandX}, {35e9, BandX}, {10e6, BandVHF}} {
		if got := BandOf(tt.f); got != tt.want {
			t.Errorf("BandOf(%g) = %v, want %v", tt.f, got, tt.want)
		}
	}
	for b := Band(0); b < NumBands; b++ {
		if got, err := ParseBand(b.String()); err != nil || got != b {
			t.Errorf("ParseBand(%q) = %v, %v", b.String(), got, err)
		}
	}
	if _, err := ParseBand("Ku"); err == nil {
		t.Error("ParseBand(Ku): no error")
	}
}

// TestAspect flies a target north, level, 10 km up, and puts the radar
// ahead, abeam, behind and below it.
func TestAspect(t *testing.T) {
	at := geo.Deg(44, -70, 10e3)
	f := geo.NewFrame(at)
	pos := at.ECEF()
	vel := f.RotateFromENU(r3.Vec{Y: 250}) // north
	tests := []struct {
		name   string
		radar  r3.Vec // ENU of the target's frame, m
		az, el float64
	}{
		{"ahead", r3.Vec{Y: 100e3}, 0, 0},
		{"abeam east", r3.Vec{X: 100e3}, 90 * deg, 0},
		{"abeam west", r3.Vec{X: -100e3}, 90 * deg, 0},
		{"behind", r3.Vec{Y: -100e3}, 180 * deg, 0},
		{"ahead and below", r3.Vec{Y: 10e3, Z: -10e3}, 0, -45 * deg},
		{"45° off the nose", r3.Vec{X: 50e3, Y: 50e3}, 45 * deg, 0},
	}
	for _, tt := range tests {
		az, el := Aspect(pos, vel, f.FromENU(tt.radar))
		if math.Abs(az-tt.az) > 1e-9 || math.Abs(el-tt.el) > 1e-9 {
			t.Errorf("%s: aspect %.4f°, %.4f°, want %.4f°, %.4f°", tt.name, az/deg, el/deg, tt.az/deg, tt.el/deg)
		}
	}
	// A hovering target is seen from its nose.
	if az, el := Aspect(pos, r3.Vec{}, f.FromENU(r3.Vec{X: 10e3, Z: -10e3})); az != 0 || math.Abs(el+45*deg) > 1e-9 {
		t.Errorf("hovering: %v°, %v°; want 0°, -45°", az/deg, el/deg)
	}
}

// TestLookUsesTable checks that a look's SNR follows the table: a target
// abeam of an X-band radar shows its beam RCS.
func TestLookUsesTable(t *testing.T) {
	tb := loTable(t)
	c := testConfig()
	c.Frequency = 9.5e9
	r := mustNew(t, c)
	f := r.Frame()
	// 100 km east of the radar at the radar's height plus a little,
	// flying north: the radar is abeam, about level.
	pos := f.FromENU(r3.Vec{X: 100e3, Z: 800})
	vel := f.RotateFromENU(r3.Vec{Y: 250})
	az, el := Aspect(pos, vel, r.Frame().OriginECEF())
	want := r.SNR(r.Frame().AER(pos).Range, tb.At(BandX, az, el))
	dets := r.Look(0, []Target{{ID: 1, Pos: pos, Vel: vel, RCS: 1e-9, Table: tb}},
		func(int) *rand.Rand { return rand.New(rand.NewPCG(1, 2)) })
	if len(dets) != 1 || math.Abs(dets[0].SNR-want) > 1e-9*want {
		t.Fatalf("look: %+v, want one detection at SNR %v", dets, want)
	}
	if math.Abs(az-90*deg) > 0.01 {
		t.Errorf("aspect %v°, want about 90°", az/deg)
	}
}
