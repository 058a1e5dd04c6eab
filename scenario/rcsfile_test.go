package scenario

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/iadsim/iadsim/radar"
)

const rcsThreat = head + `threats:
  - id: f
    type: fighter-low-observable
    rcs_file: %s
    route: [{lat: 44, lon: -72}, {lat: 44.5, lon: -71.4}]
`

// TestRCSFile reads a threat's RCS table from a CSV file beside the
// scenario: every look then takes it, and the threat's one cross section
// is the file's nose-on, level, X-band value (-25.2 dBsm), not its
// class's rcs figure.
func TestRCSFile(t *testing.T) {
	c := cat(t)
	path, err := filepath.Abs("testdata/lo-fighter.csv")
	if err != nil {
		t.Fatal(err)
	}
	s := parse(t, strings.Replace(rcsThreat, "%s", path, 1), Options{Catalog: c})
	th := s.Threats[0]
	if th.RCSTable == nil {
		t.Fatal("no RCS table")
	}
	if want := math.Pow(10, -2.52); math.Abs(th.RCS-want) > 1e-12 {
		t.Errorf("rcs %v m², want the file's X band nose-on %v", th.RCS, want)
	}
	if got, want := th.RCSTable.At(radar.BandVHF, math.Pi/2, 0), math.Pow(10, 0.78); math.Abs(got-want) > 1e-12*want {
		t.Errorf("VHF at the beam %v m², want the file's %v", got, want)
	}
}

// TestRCSFileErrors: a bad table is reported in the CSV file at its line
// and column; a missing file and rcs with rcs_file in the scenario.
func TestRCSFileErrors(t *testing.T) {
	c := cat(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("azimuth_deg,elevation_deg,band,rcs_m2\n0,0,X,1\n0,95,X,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Compile("f.yaml", []byte(strings.Replace(rcsThreat, "%s", bad, 1)), Options{Catalog: c})
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].File != bad || list[0].Line != 3 || list[0].Col != 3 ||
		!strings.Contains(list[0].Msg, `elevation_deg "95"; want degrees from -90 to 90`) {
		t.Errorf("got %v, want one error at %s:3:3 naming elevation_deg", err, bad)
	}
	wantErrorAt(t, c, strings.Replace(rcsThreat, "%s", filepath.Join(dir, "none.csv"), 1), "7:15", "rcs_file "+filepath.Join(dir, "none.csv")+": no such file or folder; want a CSV file")
	// A folder opens and fails only when read; a device may never end
	// (found by FuzzParse in CI: "rcs_file testdata: read testdata: is a
	// directory", no expectation).
	wantErrorAt(t, c, strings.Replace(rcsThreat, "%s", dir, 1), "7:15", "rcs_file "+dir+": a folder, not a file; want a CSV file")
	if _, err := os.Stat("/dev/zero"); err == nil {
		wantErrorAt(t, c, strings.Replace(rcsThreat, "%s", "/dev/zero", 1), "7:15", "rcs_file /dev/zero: a device, not a file; want a CSV file")
	}
	// A FIFO blocked the open until a writer came: for ever.
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		wantErrorAt(t, c, strings.Replace(rcsThreat, "%s", fifo, 1), "7:15", "rcs_file "+fifo+": a named pipe (FIFO), not a file; want a CSV file")
	}
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	_, err = Compile("f.yaml", []byte(strings.Replace(rcsThreat, "%s", empty, 1)), Options{Catalog: c})
	if !errors.As(err, &list) || len(list) != 1 || !strings.HasPrefix(list[0].Error(), empty+":1:1: empty file; want a header") {
		t.Errorf("an empty rcs_file: %v; want one error at %s:1:1", err, empty)
	}
	both := strings.Replace(rcsThreat, "    rcs_file", "    rcs: 1 m2\n    rcs_file", 1)
	wantErrorAt(t, c, strings.Replace(both, "%s", bad, 1), "8:15", "threat f gives both rcs and rcs_file")
}
