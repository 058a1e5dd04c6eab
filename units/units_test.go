package units

import (
	"math"
	"strings"
	"testing"
)

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// Conversion factors are from NIST SP 811 (2008), Appendix B.8 (factors
// listed alphabetically); each "want" is the value printed there, times
// the number parsed.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) (float64, error)
		in   string
		want float64
	}{
		{"m", Length, "30 m", 30},
		{"km no space", Length, "400km", 400e3},
		{"km", Length, "400 km", 400e3},
		{"exponent", Length, "4e5 m", 4e5},
		{"exponent no space", Length, "4E5m", 4e5},
		{"fraction", Length, ".5 km", 500},
		{"ft", Length, "1 ft", 3.048e-1},          // SP 811: foot = 3.048 E-01 m
		{"nmi", Length, "1 nmi", 1.852e3},         // SP 811: mile, nautical = 1.852 E+03 m
		{"NM", Length, "2 NM", 3.704e3},           // same
		{"mi", Length, "1 mi", 1.609344e3},        // SP 811: mile (international) = 1.609 344 E+03 m
		{"negative height", Length, "-30 m", -30}, // below the ellipsoid
		{"plus sign", Length, "+30 m", 30},
		{"m2", Area, "0.1 m2", 0.1},
		{"m^2", Area, "2 m^2", 2},
		{"m²", Area, "5 m²", 5},
		{"dBsm", Area, "-10 dBsm", 0.1}, // 10^(-10/10)
		{"0 dBsm", Area, "0 dBsm", 1},
		{"20 dBsm", Area, "20dBsm", 100},
		{"s", Duration, "0.1 s", 0.1},
		{"ms", Duration, "250 ms", 0.25},
		{"min", Duration, "10 min", 600},     // SP 811: minute = 6.0 E+01 s
		{"h", Duration, "2 h", 7200},         // SP 811: hour = 3.6 E+03 s
		{"deg", Angle, "1 deg", 1.745329e-2}, // SP 811: degree = 1.745 329 E-02 rad
		{"°", Angle, "90°", math.Pi / 2},
		{"negative angle", Angle, "-0.5 deg", -0.5 * math.Pi / 180},
		{"rad", Angle, "1 rad", 1},
		{"mrad", Angle, "3 mrad", 3e-3},
		{"g", Accel, "1 g", 9.80665}, // SP 811: standard acceleration of free fall = 9.806 65 m/s²
		{"30 g", Accel, "30 g", 294.1995},
		{"m/s2", Accel, "300 m/s2", 300},
		{"m/s^2", Accel, "3 m/s^2", 3},
		{"m/s²", Accel, "3 m/s²", 3},
		{"9 g, a load factor", Accel, "9 g", 88.25985},
		{"9g unspaced", Accel, "9g", 88.25985},
		{"90 m/s2", Accel, "90 m/s2", 90},
		{"90m/s²", Accel, "90m/s²", 90},
		{"W", Power, "500 W", 500},
		{"kW", Power, "2 kW", 2e3},
		{"MW", Power, "2.5 MW", 2.5e6},
		{"Hz", Frequency, "50 Hz", 50},
		{"kHz", Frequency, "3 kHz", 3e3},
		{"MHz", Frequency, "150 MHz", 150e6},
		{"GHz", Frequency, "3 GHz", 3e9},
		{"ratio dB", Ratio, "13 dB", 19.952623149688797},
		{"ratio plain", Ratio, "20", 20},
		{"ratio negative dB", Ratio, "-3 dB", 0.501187233627272},
	}
	for _, tt := range tests {
		got, err := tt.fn(tt.in)
		if err != nil {
			t.Errorf("%s: %q: %v", tt.name, tt.in, err)
			continue
		}
		if !near(got, tt.want, 1e-6) {
			t.Errorf("%s: %q = %.10g, want %.10g", tt.name, tt.in, got, tt.want)
		}
	}
}

// NIST SP 811 Appendix B.8 lists knot = 5.144 444 E-01 m/s, mile per hour
// = 4.4704 E-01 m/s, kilometre per hour = 2.777 778 E-01 m/s.
func TestSpeed(t *testing.T) {
	tests := []struct {
		in       string
		alt      float64
		want     float64
		wantMach bool
	}{
		{"250 m/s", 0, 250, false},
		{"880 km/h", 0, 880 * 2.777778e-1, false},
		{"1 kn", 0, 5.144444e-1, false},
		{"480 kt", 5000, 480 * 5.144444e-1, false},
		{"1 mph", 0, 4.4704e-1, false},
		// Mach: US Standard Atmosphere 1976 speed of sound 340.294 m/s at 0 m.
		{"Mach 0.8", 0, 0.8 * 340.294, true},
		{"mach 1", 0, 340.294, true},
		{"Mach0.8", 0, 0.8 * 340.294, true},
		{"2 Mach", 0, 2 * 340.294, true},
		{"Mach 2", 20000, 2 * 295.0695, true},
		// The spellings people write in speeds and in aviation.
		{"M0.8", 0, 0.8 * 340.294, true},
		{"M 0.8", 0, 0.8 * 340.294, true},
		{"MACH 0.8", 0, 0.8 * 340.294, true},
		{"500 knots", 0, 500 * 5.144444e-1, false},
		{"500 kts", 0, 500 * 5.144444e-1, false},
		{"1 knot", 0, 5.144444e-1, false},
		{"900 kph", 0, 900 * 2.777778e-1, false},
		{"900 kmh", 0, 900 * 2.777778e-1, false},
		{"900 km/hr", 0, 900 * 2.777778e-1, false},
	}
	for _, tt := range tests {
		v, err := Speed(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if v.IsMach() != tt.wantMach {
			t.Errorf("%q: IsMach = %v", tt.in, v.IsMach())
		}
		if got := v.At(tt.alt); !near(got, tt.want, 1e-5) {
			t.Errorf("%q at %g m = %.6g m/s, want %.6g", tt.in, tt.alt, got, tt.want)
		}
	}
	if m, _ := Speed("Mach 0.8"); m.Mach() != 0.8 || m.String() != "Mach 0.8" {
		t.Errorf("Mach 0.8: Mach() = %g, String() = %q", m.Mach(), m.String())
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		fn   func(string) (float64, error)
		in   string
		want string
	}{
		{Length, "400", `"400": no unit; want a length such as "30 m" or "400 km"`},
		{Length, "", "empty"},
		{Length, "km", "no number"},
		{Length, "400 kms", `unknown unit "kms" (known: NM, ft, km, m, mi, nmi)`},
		{Length, "NaN m", "no number"},
		{Length, "Inf m", "no number"},
		{Length, "1e999 m", "out of range"},
		{Length, "1e308 km", "out of range"},
		{Length, "0x10 m", "unknown unit"},
		{Length, "1_000 m", "unknown unit"},
		{Area, "0.1", `want a radar cross section or area such as "0.1 m2" or "-10 dBsm"`},
		{Area, "-1 m2", "negative"},
		{Area, "4000 dBsm", "out of range"},
		{Duration, "-1 s", "negative"},
		{Duration, "3", "want a duration"},
		{Angle, "3", "want an angle"},
		{Accel, "30", "want an acceleration"},
		{Accel, "-3 g", "negative"},
		{Power, "1 mW", "unknown unit"},
		{Frequency, "3 ghz", "unknown unit"},
		{Ratio, "3 dBsm", "unknown unit"},
		{Ratio, "-3", "negative"},
	}
	for _, tt := range tests {
		_, err := tt.fn(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want it to contain %q", tt.in, err, tt.want)
		}
	}
	// The list of known units names the Mach forms too, which are not a
	// unit after the number.
	_, err := Speed("900 kmph")
	if err == nil || !strings.Contains(err.Error(), `unknown unit "kmph" (known: km/h, km/hr, kmh, kn, knot, knots, kph, kt, kts, m/s, mph, or a Mach number: "Mach 0.8", "M0.8", "0.8 Mach")`) {
		t.Errorf("Speed(900 kmph): error %v", err)
	}
	for _, in := range []string{"250", "-5 m/s", "Mach", "Mach -1", "M", "M-1", "0.8 M", "Mm 3", "Mach 0.8 km", "Mach NaN", "Mach 1e307", "5 furlongs/fortnight", ""} {
		_, err := Speed(in)
		if err == nil || !strings.Contains(err.Error(), `want a speed such as "250 m/s", "880 km/h" or "Mach 0.8"`) {
			t.Errorf("Speed(%q): error %v", in, err)
		}
	}
}

// Values from the U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562):
// speed of sound at sea level 340.294 m/s, at the tropopause (11 km
// geopotential) 295.070 m/s (Table I), at 11 km geometric 295.154 m/s;
// the defining layer base molecular-scale temperatures of Table 4:
// 288.15, 216.65, 216.65, 228.65, 270.65, 270.65, 214.65, 186.946 K at
// 0, 11, 20, 32, 47, 51, 71, 84.852 km geopotential.
func TestStandardAtmosphere(t *testing.T) {
	geometric := func(h float64) float64 { return earthR0 * h / (earthR0 - h) }
	sos := []struct{ z, want, tol float64 }{
		{0, 340.294, 0.001},
		{geometric(11000), 295.070, 0.001},
		{11000, 295.154, 0.002},
		{20000, 295.069, 0.001},
	}
	for _, tt := range sos {
		if got := SpeedOfSound(tt.z); math.Abs(got-tt.want) > tt.tol {
			t.Errorf("SpeedOfSound(%.1f m) = %.4f, want %.3f", tt.z, got, tt.want)
		}
	}
	bases := []struct{ h, want float64 }{
		{0, 288.15}, {11000, 216.65}, {20000, 216.65}, {32000, 228.65},
		{47000, 270.65}, {51000, 270.65}, {71000, 214.65}, {84852, 186.946},
	}
	for _, tt := range bases {
		if got := StandardTemperature(geometric(tt.h)); math.Abs(got-tt.want) > 0.001 {
			t.Errorf("T(H = %g m) = %.4f K, want %.3f", tt.h, got, tt.want)
		}
	}
	// Outside the tables the temperature holds its boundary value.
	if a, b := SpeedOfSound(200e3), SpeedOfSound(86e3); a != b {
		t.Errorf("above 86 km: %g, want %g", a, b)
	}
	if a, b := SpeedOfSound(-10e3), SpeedOfSound(-5e3); a != b {
		t.Errorf("below -5 km: %g, want %g", a, b)
	}
}

func TestDB(t *testing.T) {
	for _, db := range []float64{-30, -3, 0, 3, 13, 60} {
		if got := ToDB(FromDB(db)); !near(got, db, 1e-12) {
			t.Errorf("ToDB(FromDB(%g)) = %g", db, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"400 km", "400km", "4e5 m", "-10 dBsm", "Mach 0.8", "0.8 Mach", "M0.8", "M 1", "500 knots", "900 kph", "30 g", "1e999 m", "NaN m", "", "  3.  s", "-.5 deg", "1e", "1e+", "5 m²"} {
		f.Add(s)
	}
	parsers := []func(string) (float64, error){Length, Area, Duration, Angle, Accel, Power, Frequency, Ratio}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range parsers {
			v, err := p(s)
			if err != nil {
				if !strings.Contains(err.Error(), "; want ") {
					t.Fatalf("%q: error %q does not say what was wanted", s, err)
				}
				continue
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%q: non-finite %g", s, v)
			}
		}
		sv, err := Speed(s)
		if err == nil {
			if v := sv.At(10000); math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("Speed(%q).At = %g", s, v)
			}
		}
	})
}

func BenchmarkLength(b *testing.B) {
	for b.Loop() {
		if _, err := Length("400 km"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSpeedOfSound(b *testing.B) {
	var s float64
	for i := 0; b.Loop(); i++ {
		s += SpeedOfSound(float64(i % 30000))
	}
	_ = s
}
