package radar

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

const rcsCSV = `# A low-observable fighter, X and VHF (assumed figures)
azimuth_deg,elevation_deg,band,rcs_m2
0,0,X,0.003
90,0,X,3
180,0,X,0.03
0,-30,X,0.01
90,-30,X,1
180,-30,X,0.1
0,0,VHF,0.3
90,0,VHF,10
180,0,VHF,1
0,-30,VHF,0.5
90,-30,VHF,5
180,-30,VHF,1
`

// TestReadRCSTable reads the table of loTable from CSV, in m² and in
// dBsm with the columns in another order, and checks that the file's
// values come back at their grid points, either side of the nose (the
// interpolation is exact there), and halfway between in dB.
func TestReadRCSTable(t *testing.T) {
	var db strings.Builder
	db.WriteString("band,rcs_dbsm,elevation_deg,azimuth_deg\n")
	for _, line := range strings.Split(strings.TrimSpace(rcsCSV), "\n")[2:] {
		f := strings.Split(line, ",")
		x, _ := strconv.ParseFloat(f[3], 64)
		db.WriteString(f[2] + "," + strconv.FormatFloat(10*math.Log10(x), 'g', -1, 64) + "," + f[1] + "," + f[0] + "\n")
	}
	want := loTable(t)
	for name, src := range map[string]string{"m2": rcsCSV, "dBsm": db.String()} {
		tb, err := ReadRCSTable(strings.NewReader(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, b := range []Band{BandX, BandVHF} {
			for i, el := range want.Elevation {
				for j, az := range want.Azimuth {
					w := want.Bands[b][i*len(want.Azimuth)+j]
					for _, a := range []float64{az, -az} {
						if got := tb.At(b, a, el); math.Abs(got-w) > 1e-12*w {
							t.Errorf("%s: %v at %.0f°, %.0f°: %v m², want the file's %v", name, b, a/deg, el/deg, got, w)
						}
					}
				}
			}
		}
		// Halfway from nose to beam, level, X band: the geometric mean.
		if got, w := tb.At(BandX, 45*deg, 0), math.Sqrt(0.003*3); math.Abs(got-w) > 1e-12*w {
			t.Errorf("%s: X at 45°, 0°: %v m², want %v", name, got, w)
		}
		// A band the file lacks takes the nearest given: S takes X.
		if got := tb.At(BandS, 0, 0); math.Abs(got-0.003) > 1e-15 {
			t.Errorf("%s: S band at the nose %v, want X band's 0.003", name, got)
		}
	}
}

// TestReadRCSTableErrors: each problem names its line and column and
// what was wanted.
func TestReadRCSTableErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // in the error, in order
	}{
		{"empty", "", []string{"line 1, column 1: empty file"}},
		{"unknown column", "azimuth_deg,elevation_deg,band,rcs\n", []string{"line 1, column 32: column \"rcs\"", "rcs_m2 or rcs_dbsm"}},
		{"both units", "azimuth_deg,elevation_deg,band,rcs_m2,rcs_dbsm\n", []string{"one cross-section column"}},
		{"no rows", "azimuth_deg,elevation_deg,band,rcs_m2\n", []string{"no rows"}},
		{"bad azimuth", "azimuth_deg,elevation_deg,band,rcs_m2\n190,0,X,1\n", []string{"line 2, column 1: azimuth_deg \"190\"", "0 (the nose) to 180"}},
		{"bad band", "azimuth_deg,elevation_deg,band,rcs_m2\n0,0,Q,1\n", []string{"line 2, column 5: band \"Q\""}},
		{"zero rcs", "azimuth_deg,elevation_deg,band,rcs_m2\n0,0,X,0\n", []string{"line 2, column 7: rcs_m2 \"0\""}},
		{"short row", "azimuth_deg,elevation_deg,band,rcs_m2\n0,0,X\n", []string{"line 2, column 1: 3 fields; want 4"}},
		{"quote", "azimuth_deg,elevation_deg,band,rcs_m2\n0,0,\"X,1\n", []string{"line 2, column"}},
		{"twice", "azimuth_deg,elevation_deg,band,rcs_m2\n0,0,X,1\n0,0,X,2\n", []string{"line 3, column 1: band X at azimuth 0°, elevation 0° given again; line 2 gave it"}},
		{"hole", "azimuth_deg,elevation_deg,band,rcs_m2\n0,0,X,1\n90,0,X,2\n0,0,VHF,1\n", []string{"line 4, column 1: band VHF (from this line) has no row at azimuth 90°, elevation 0°"}},
		{"several", "azimuth_deg,elevation_deg,band,rcs_m2\n-1,0,X,1\n0,100,X,1\n", []string{"line 2, column 1", "line 3, column 3"}},
	}
	for _, tt := range tests {
		_, err := ReadRCSTable(strings.NewReader(tt.src))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		msg := err.Error()
		at := 0
		for _, w := range tt.want {
			i := strings.Index(msg[at:], w)
			if i < 0 {
				t.Errorf("%s: error %q lacks %q (in order)", tt.name, msg, w)
				break
			}
			at += i + len(w)
		}
		var fe *RCSFileError
		if !errors.As(err, &fe) {
			t.Errorf("%s: %v is not an *RCSFileError", tt.name, err)
		}
	}
}

// FuzzReadRCSTable: any input gives a table or an error, never a panic;
// a table read back gives the file's value at every grid point it names.
func FuzzReadRCSTable(f *testing.F) {
	f.Add(rcsCSV)
	f.Add("azimuth_deg,elevation_deg,band,rcs_dbsm\n0,0,L,-20\n")
	f.Add("azimuth_deg,elevation_deg,band,rcs_m2\n0,0,X,1\n0,0,X,1\n")
	f.Add("band,azimuth_deg,elevation_deg,rcs_m2\n\"X\",-0,0,1e-10\n")
	f.Fuzz(func(t *testing.T, src string) {
		tb, err := ReadRCSTable(strings.NewReader(src))
		if err != nil {
			if tb != nil {
				t.Fatal("a table and an error")
			}
			return
		}
		if err := tb.Validate(); err != nil {
			t.Fatalf("table read fails Validate: %v", err)
		}
		for b, g := range tb.Bands {
			if g == nil {
				continue
			}
			for i, el := range tb.Elevation {
				for j, az := range tb.Azimuth {
					w := g[i*len(tb.Azimuth)+j]
					if got := tb.At(Band(b), az, el); math.Abs(got-w) > 1e-9*w {
						t.Fatalf("%v at %v, %v: %v, want %v", Band(b), az, el, got, w)
					}
				}
			}
		}
	})
}
