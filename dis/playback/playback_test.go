package playback

import (
	"bytes"
	"fmt"
	"math"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/dis"
	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/oracle"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"gonum.org/v1/gonum/spatial/r3"
)

// example is the bundled example the DIS checks play.
const example = "../../examples/s400-battalion-vs-mixed-raid.yaml"

var (
	runOnce sync.Once
	runS    *scenario.Scenario
	runRes  *record.Result
	runErr  error
)

// run plays the bundled example once for every test of the package.
func run(t *testing.T) (*scenario.Scenario, *record.Result) {
	t.Helper()
	runOnce.Do(func() {
		runS, runErr = scenario.Load(example)
		if runErr == nil {
			runRes, runErr = battle.Run(runS, battle.Options{})
		}
	})
	if runErr != nil {
		t.Fatal(runErr)
	}
	return runS, runRes
}

// row is one PDU as a decoder read it: the fields the checks compare
// with the run.
type row struct {
	typ      int
	pastHour float64 // timestamp, s past the hour
	marking  string  // Entity State
	loc      r3.Vec  // Entity State, Fire or Detonation location, geocentric m
	result   int     // Detonation
}

// check compares decoded PDUs with the run they came from: as many of
// each type as the record implies, each threat's truth samples and each
// interceptor's fly-out samples in its Entity States (time and geocentric
// position), each launch in a Fire and
// each intercept in a Detonation at its place. Positions are computed
// from the record's latitude, longitude and height (geo.ECEF, checked
// against GeographicLib's CartConvert in geo), not taken from the PDUs.
func check(t *testing.T, s *scenario.Scenario, res *record.Result, rows []row) {
	t.Helper()
	ep := epoch.New(s.Epoch)
	pastHour := func(sec float64) float64 {
		at := ep.At(sec)
		return float64(at.Minute()*60+at.Second()) + float64(at.Nanosecond())/1e9
	}
	count := map[int]int{}
	for _, r := range rows {
		count[r.typ]++
	}
	// Counts from the record.
	ground := 0
	radars := 0
	for _, u := range s.Units {
		ground += 1 + len(u.Radars) + len(u.Launchers)
		radars += len(u.Radars)
	}
	beats := int(math.Floor(s.Duration/Heartbeat)) + 1
	truth := map[string][]record.Sample{}
	nTruth, nFlown := 0, 0
	for _, sm := range res.Samples {
		// A threat's and an interceptor's samples alike: each in an
		// Entity State under its own marking.
		if sm.Kind == "truth" || sm.Kind == "interceptor" {
			truth[sm.ID] = append(truth[sm.ID], sm)
		}
		switch sm.Kind {
		case "truth":
			nTruth++
		case "interceptor":
			nFlown++
		}
	}
	var launches, intercepts []event.Event
	ends, bursts := 0, 0
	for _, e := range res.Events {
		switch e.Type {
		case event.Launch:
			launches = append(launches, e)
		case event.Intercept:
			intercepts = append(intercepts, e)
			bursts++
		case event.SelfDestruct:
			bursts++
		case event.Impact:
			bursts++
			ends++
		case event.Kill, event.Leak, event.ThreatEnd:
			ends++
		}
	}
	if want := nTruth + nFlown + ends + ground*beats; count[1] != want || nFlown == 0 {
		t.Errorf("%d Entity State PDUs, want %d: %d truth samples, %d interceptor samples, %d ends of threats, %d ground entities x %d beats",
			count[1], want, nTruth, nFlown, ends, ground, beats)
	}
	if count[2] != len(launches) || len(launches) == 0 {
		t.Errorf("%d Fire PDUs, want one per launch: %d", count[2], len(launches))
	}
	if count[3] != bursts {
		t.Errorf("%d Detonation PDUs, want one per intercept, self-destruct and impact: %d", count[3], bursts)
	}
	if min := radars * (int(math.Floor(s.Duration/EmissionHeartbeat)) + 1); count[23] < min {
		t.Errorf("%d Electromagnetic Emission PDUs, want at least %d radars x beats = %d", count[23], radars, min)
	}
	if len(rows) != count[1]+count[2]+count[3]+count[23] {
		t.Errorf("%d PDUs of other types", len(rows)-count[1]-count[2]-count[3]-count[23])
	}

	near := func(a, b r3.Vec) bool { return r3.Norm(r3.Sub(a, b)) < 1e-3 }
	// Each threat's states, in order: its samples, then its end.
	byMarking := map[string][]row{}
	var fires, dets []row
	for _, r := range rows {
		switch r.typ {
		case 1:
			byMarking[r.marking] = append(byMarking[r.marking], r)
		case 2:
			fires = append(fires, r)
		case 3:
			if r.result == dis.DetonationEntityProximate {
				dets = append(dets, r)
			}
		}
	}
	checked := 0
	for id, ss := range truth {
		got := byMarking[dis.NewMarking(id).String()]
		if len(got) < len(ss) {
			t.Errorf("%s: %d Entity States, want at least its %d samples", id, len(got), len(ss))
			continue
		}
		for k, sm := range ss {
			want := sm.At.ECEF()
			if !near(got[k].loc, want) || math.Abs(got[k].pastHour-pastHour(sm.T)) > 2e-6 {
				t.Errorf("%s sample %d at %g s: PDU at %.6f s past the hour, %v; want %.6f s, %v",
					id, k, sm.T, got[k].pastHour, got[k].loc, pastHour(sm.T), want)
				break
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no threat position checked")
	}
	for k, e := range launches {
		if k < len(fires) && (!near(fires[k].loc, geo.Deg(e.Pos.Lat, e.Pos.Lon, e.Pos.Alt).ECEF()) || math.Abs(fires[k].pastHour-pastHour(e.T)) > 2e-6) {
			t.Errorf("launch %d (%s at %g s): Fire at %v, %.6f s past the hour", k, e.Interceptor, e.T, fires[k].loc, fires[k].pastHour)
		}
	}
	if len(dets) != len(intercepts) {
		t.Fatalf("%d proximate detonations, want one per intercept: %d", len(dets), len(intercepts))
	}
	for k, e := range intercepts {
		if !near(dets[k].loc, geo.Deg(e.Pos.Lat, e.Pos.Lon, e.Pos.Alt).ECEF()) {
			t.Errorf("intercept %d (%s at %g s): Detonation at %v", k, e.Interceptor, e.T, dets[k].loc)
		}
	}
	t.Logf("%d PDUs: %d Entity State, %d Fire, %d Detonation, %d Electromagnetic Emission; %d threat and interceptor positions checked",
		len(rows), count[1], count[2], count[3], count[23], checked)
}

// TestFrames checks the PDUs of the bundled example, as this package's
// decoder reads them, against the run; and that a second build gives the
// same bytes.
func TestFrames(t *testing.T) {
	s, res := run(t)
	frames, err := Frames(s, res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var rows []row
	for i, f := range frames {
		p, err := dis.Unmarshal(f.Data)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		r := row{typ: int(p.PDUHeader().Type), pastHour: p.PDUHeader().Timestamp.PastHour()}
		switch p := p.(type) {
		case *dis.EntityState:
			r.marking, r.loc = p.Marking.String(), r3.Vec{X: p.Location.X, Y: p.Location.Y, Z: p.Location.Z}
		case *dis.Fire:
			r.loc = r3.Vec{X: p.Location.X, Y: p.Location.Y, Z: p.Location.Z}
		case *dis.Detonation:
			r.loc, r.result = r3.Vec{X: p.Location.X, Y: p.Location.Y, Z: p.Location.Z}, int(p.Result)
		}
		if i > 0 && f.T < frames[i-1].T {
			t.Fatalf("frame %d at %g s after one at %g s", i, f.T, frames[i-1].T)
		}
		rows = append(rows, r)
	}
	check(t, s, res, rows)
	// Each Fire and intercept Detonation names its interceptor's own
	// entity: the one whose Entity States carry the interceptor's id.
	launched := map[string]bool{}
	for _, e := range res.Events {
		if e.Type == event.Launch {
			launched[e.Interceptor] = true
		}
	}
	byEntity := map[dis.EntityID]string{}
	var munitions []dis.EntityID
	for _, f := range frames {
		switch p, _ := dis.Unmarshal(f.Data); p := p.(type) {
		case *dis.EntityState:
			byEntity[p.ID] = p.Marking.String()
		case *dis.Fire:
			munitions = append(munitions, p.Munition)
		}
	}
	for _, m := range munitions {
		if id := byEntity[m]; !launched[id] || m == (dis.EntityID{}) {
			t.Errorf("Fire with munition %v (%q): want an interceptor's entity", m, byEntity[m])
		}
	}
	again, _ := Frames(s, res, Options{})
	for i := range frames {
		if !bytes.Equal(frames[i].Data, again[i].Data) {
			t.Fatalf("frame %d differs between two builds", i)
		}
	}
}

// TestTshark: Wireshark's DIS dissector (Debian tshark) decodes every PDU
// of the bundled example's pcap as DIS, with no malformed packet and no
// expert warning, and the values it reads match the run.
func TestTshark(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		oracle.Missing(t, "tshark (apt install tshark)", err)
	}
	s, res := run(t)
	frames, err := Frames(s, res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run.pcap")
	var buf bytes.Buffer
	lo := netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), dis.Port)
	if err := WritePcap(&buf, frames, epoch.New(s.Epoch), lo, lo); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	bad, err := exec.Command(tshark, "-n", "-r", path, "-Y", "_ws.malformed || _ws.expert.severity >= warning || !dis").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	if len(bad) > 0 {
		t.Errorf("tshark finds malformed, suspect or non-DIS packets:\n%s", firstLines(bad, 10))
	}
	out, err := exec.Command(tshark, "-n", "-r", path, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f",
		"-e", "dis.pdu_type", "-e", "dis.timestamp", "-e", "dis.entity_marking",
		"-e", "dis.entity_location.x", "-e", "dis.entity_location.y", "-e", "dis.entity_location.z",
		"-e", "dis.fire.location.x", "-e", "dis.fire.location.y", "-e", "dis.fire.location.z",
		"-e", "dis.detonation.location.x", "-e", "dis.detonation.location.y", "-e", "dis.detonation.location.z",
		"-e", "dis.detonation.result").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(frames) {
		t.Fatalf("tshark reads %d packets, %d written", len(lines), len(frames))
	}
	var rows []row
	for i, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 13 {
			t.Fatalf("packet %d: %d fields: %q", i+1, len(f), line)
		}
		num := func(s string) float64 {
			if s == "" {
				return 0
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("packet %d: %q: %v", i+1, s, err)
			}
			return x
		}
		vec := func(k int) r3.Vec { return r3.Vec{X: num(f[k]), Y: num(f[k+1]), Z: num(f[k+2])} }
		r := row{typ: int(num(f[0])), pastHour: num(f[1]), marking: f[2], result: int(num(f[12]))}
		switch r.typ {
		case 1:
			r.loc = vec(3)
		case 2:
			r.loc = vec(6)
		case 3:
			r.loc = vec(9)
		}
		rows = append(rows, r)
	}
	check(t, s, res, rows)
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... and more"))
	}
	return strings.Join(lines, "\n")
}

// TestOrientation: the Euler angles turn the geocentric axes onto a body
// whose nose is along its velocity and whose wings are level: the body
// axes, from the rotation of IEEE 1278.1-2012 (psi about z, theta about
// y, phi about x), have x along the velocity, y horizontal and z below
// the horizontal.
func TestOrientation(t *testing.T) {
	for _, tt := range []struct {
		at       geo.LLA
		az, elev float64 // deg
	}{
		{geo.Deg(43.5, -70, 30), 0, 0},
		{geo.Deg(43.5, -70, 30), 135, 0},
		{geo.Deg(-33.9, 18.4, 9000), 270, 10},
		{geo.Deg(10, 170, 100), 45, -30},
		{geo.Deg(0, 0, 0), 90, 0},
		{geo.Deg(60, 100, 0), 200, 60},
	} {
		f := geo.NewFrame(tt.at)
		d := f.RotateFromENU(geo.AERToENU(geo.AER{Az: tt.az * math.Pi / 180, El: tt.elev * math.Pi / 180, Range: 1}))
		up := f.RotateFromENU(r3.Vec{Z: 1})
		o := orientation(tt.at.ECEF(), d)
		psi, theta, phi := float64(o.Psi), float64(o.Theta), float64(o.Phi)
		sps, cps := math.Sincos(psi)
		sth, cth := math.Sincos(theta)
		sph, cph := math.Sincos(phi)
		x := r3.Vec{X: cth * cps, Y: cth * sps, Z: -sth}
		y := r3.Vec{X: sph*sth*cps - cph*sps, Y: sph*sth*sps + cph*cps, Z: sph * cth}
		z := r3.Vec{X: cph*sth*cps + sph*sps, Y: cph*sth*sps - sph*cps, Z: cph * cth}
		if r3.Norm(r3.Sub(x, d)) > 1e-6 || math.Abs(r3.Dot(y, up)) > 1e-6 || r3.Dot(z, up) >= 0 {
			t.Errorf("at %v az %g el %g: x %v (want %v), y.up %g, z.up %g", tt.at, tt.az, tt.elev, x, d, r3.Dot(y, up), r3.Dot(z, up))
		}
	}
}
