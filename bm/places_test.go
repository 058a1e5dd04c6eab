package bm_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/oracle"
	"github.com/iadsim/iadsim/motion"
)

// place is a defended site at a real place: its airport reference
// point, or the plant's centre, as Wikipedia gives them (degrees, m).
type place struct {
	id            string
	lat, lon, alt float64
}

// realPlaces are two pairs of neighbours a few tens of kilometres apart
// (Tehran's Mehrabad and Imam Khomeini airports, Incirlik air base and
// Adana's Şakirpaşa airport, Bushehr's nuclear plant and airport) and
// three sites on their own, so that naming the right one of two
// neighbours is part of every case near them.
var realPlaces = []place{
	{"mehrabad", 35.6892, 51.3134, 1208},
	{"imam-khomeini", 35.4161, 51.1522, 1007},
	{"isfahan", 32.7508, 51.8611, 1545},
	{"natanz", 33.7247, 51.7272, 950},
	{"bushehr-npp", 28.8297, 50.8860, 10},
	{"bushehr-airport", 28.9448, 50.8346, 20},
	{"esenboga", 40.1281, 32.9951, 953},
	{"incirlik", 37.0021, 35.4259, 66},
	{"adana", 36.9822, 35.2804, 20},
}

// geodesic answers the direct and inverse geodesic problems on the
// WGS-84 ellipsoid with GeographicLib's GeodSolve, no code of ours: the
// test draws its geometry and works out its answers with it.
type geodesic struct{ t *testing.T }

// direct is where the geodesic from (lat, lon) on azimuth azi (degrees)
// is after s metres, and its azimuth there.
func (g geodesic) direct(lat, lon, azi, s float64) (lat2, lon2, azi2 float64) {
	r := oracle.Numbers(g.t, "geographiclib-tools", "GeodSolve", []string{fmt.Sprintf("%.12f %.12f %.12f %.6f", lat, lon, azi, s)}, "-p", "9")[0]
	return r[0], r[1], r[2]
}

// inverse is the azimuth at the first point, degrees, and the length,
// m, of the geodesic between two points.
func (g geodesic) inverse(lat1, lon1, lat2, lon2 float64) (azi1, s12 float64) {
	r := oracle.Numbers(g.t, "geographiclib-tools", "GeodSolve", []string{fmt.Sprintf("%.12f %.12f %.12f %.12f", lat1, lon1, lat2, lon2)}, "-i", "-p", "9")[0]
	return r[0], r[2]
}

// TestEvaluateRealPlaces is issue 13's check that threat evaluation
// names the right site for SRBMs, aircraft and cruise missiles heading
// for sites, with geometry from real places: each track is placed by
// GeodSolve at an azimuth and distance from a site, its heading the
// geodesic azimuth from there to a site plus an offset, and the site it
// threatens worked out from GeodSolve's azimuths and distances from the
// track to every site, by the evaluation's rule taken as a turn on the
// spot: a straight flyer threatens a site whose azimuth is within its
// angular radius asin(r/s) of its heading; a turning one also the sites
// whose azimuth its turn brings its nose onto within a quarter turn
// (bm.MaxTurn), after turn/rate seconds, if the share of the quarter
// turn its radius spans, 2 asin(r/s), times the turn's probability is
// at least bm.MinImpactProbability; the one reached first (the values
// are equal) is named. A ballistic missile threatens the site it
// is shot at. Cases marked old are ones the straight-path evaluation got
// wrong: a cruise missile turning at its last waypoint, its nose not yet
// on its site or still on a neighbour, and a drone circling towards one.
func TestEvaluateRealPlaces(t *testing.T) {
	g := geodesic{t}
	const radius = 2000.0
	var sites []bm.Site
	at := map[string]place{}
	for _, p := range realPlaces {
		sites = append(sites, bm.Site{ID: p.id, Pos: geo.Deg(p.lat, p.lon, p.alt).ECEF(), Value: 10, Radius: radius})
		at[p.id] = p
	}
	const g0 = 9.80665
	cm := 2 * g0 / 245 // a cruise missile's 2 g turn at 245 m/s, rad/s
	tests := []struct {
		name string
		// The track is dist m from site from on azimuth az (degrees)
		// from it, at height alt, speed m/s, heading for aim plus
		// offset degrees, turning at rate rad/s (positive right).
		from, aim             string
		az, dist, alt, speed  float64
		offset, rate          float64
		want                  string
		old                   bool // the straight-path evaluation named another site, or none
		ballistic             bool // an SRBM shot from (from, az, dist) at aim
		apogee, reentryBefore float64
	}{
		{name: "fighter at 10 km, 300 km from Esenboğa, for it", from: "esenboga", az: 120, dist: 300e3, alt: 10e3, speed: 250, aim: "esenboga", want: "esenboga"},
		{name: "fighter at 10 km, 300 km west of Mehrabad, for it", from: "mehrabad", az: 280, dist: 300e3, alt: 10e3, speed: 250, aim: "mehrabad", want: "mehrabad"},
		{name: "fighter at 10 km heading 10° north of Mehrabad", from: "mehrabad", az: 280, dist: 300e3, alt: 10e3, speed: 250, aim: "mehrabad", offset: -10},
		{name: "cruise missile turning left at its last waypoint for Incirlik", from: "incirlik", az: 160, dist: 30e3, alt: 30, speed: 245, aim: "incirlik", offset: 60, rate: -cm, want: "incirlik", old: true},
		{name: "cruise missile turning right at its last waypoint for Adana", from: "adana", az: 180, dist: 25e3, alt: 30, speed: 245, aim: "adana", offset: -60, rate: cm, want: "adana", old: true},
		{name: "cruise missile turning right onto Imam Khomeini, its nose on Mehrabad", from: "imam-khomeini", az: 265, dist: 22e3, alt: 30, speed: 245, aim: "mehrabad", rate: cm, want: "imam-khomeini", old: true},
		{name: "cruise missile turning away from Natanz", from: "natanz", az: 150, dist: 40e3, alt: 30, speed: 245, aim: "natanz", offset: 20, rate: cm},
		{name: "drone circling east of the Bushehr plant, turning towards it", from: "bushehr-npp", az: 90, dist: 25e3, alt: 500, speed: 50, aim: "bushehr-npp", offset: -30, rate: 0.05, want: "bushehr-npp", old: true},
		{name: "drone circling east of the Bushehr plant, past it", from: "bushehr-npp", az: 90, dist: 25e3, alt: 500, speed: 50, aim: "bushehr-npp", offset: 30, rate: 0.05},
		{name: "drone for Bushehr airport, 13 km from the plant", from: "bushehr-airport", az: 0, dist: 60e3, alt: 500, speed: 50, aim: "bushehr-airport", want: "bushehr-airport"},
		{name: "SRBM at apogee for Mehrabad", from: "mehrabad", az: 250, dist: 280e3, aim: "mehrabad", ballistic: true, apogee: 90e3, want: "mehrabad"},
		{name: "SRBM in re-entry for Incirlik", from: "incirlik", az: 110, dist: 280e3, aim: "incirlik", ballistic: true, apogee: 90e3, reentryBefore: 40, want: "incirlik"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g.t = t
			f := at[tt.from]
			lat, lon, _ := g.direct(f.lat, f.lon, tt.az, tt.dist)
			var tk bm.Track
			var wantTTG, slack float64
			if tt.ballistic {
				aim := at[tt.aim]
				b, err := motion.NewBallistic(0, geo.Deg(lat, lon, 0), geo.Deg(aim.lat, aim.lon, aim.alt), motion.BallisticOptions{ApogeeHeight: tt.apogee})
				if err != nil {
					t.Fatal(err)
				}
				when := b.FlightTime() / 2
				if tt.reentryBefore > 0 {
					when = b.End() - tt.reentryBefore
				}
				tk = flightTrack(t, b, when)
				for _, s := range sites {
					if s.ID == tt.aim {
						wantTTG = enter(t, b, s) - when
					}
				}
				slack = 3
			} else {
				a := at[tt.aim]
				azAim, _ := g.inverse(lat, lon, a.lat, a.lon)
				heading := azAim + tt.offset
				tk = onHeading(lat, lon, tt.alt, tt.speed, heading)
				if tt.rate != 0 {
					tk.TurnRate, tk.TurnSigma, tk.TurnProb = tt.rate, math.Abs(tt.rate)/10, 0.9
				}
				// The chance of rolling out onto a site s metres away: its
				// share of the quarter turn.
				rollout := func(s float64) float64 {
					return tk.TurnProb * 2 * math.Asin(radius/s) / bm.MaxTurn
				}
				// The expected site, by the rule with the turn on the spot.
				best, bestTTG := "", math.Inf(1)
				for _, p := range realPlaces {
					az, s := g.inverse(lat, lon, p.lat, p.lon)
					d := math.Remainder(az-heading, 360)
					ttg := math.Inf(1)
					switch turn := math.Mod(math.Copysign(1, tt.rate)*d+360, 360); {
					case math.Abs(d) <= math.Asin(radius/s)*180/math.Pi:
						ttg = (s - radius) / tt.speed
					case tt.rate != 0 && turn <= bm.MaxTurn*180/math.Pi && rollout(s) >= bm.MinImpactProbability:
						ttg = turn*math.Pi/180/math.Abs(tt.rate) + (s-radius)/tt.speed
					}
					if ttg < bestTTG {
						best, bestTTG = p.id, ttg
					}
				}
				if best != tt.want {
					t.Fatalf("GeodSolve's geometry threatens %q, the table says %q: the case is not what it claims", best, tt.want)
				}
				wantTTG = bestTTG
				// Turning on the spot leaves out the turn's radius, and the
				// evaluation rolls out as soon as the nose brings the
				// site's radius within reach, not its centre.
				slack = 0.01 * bestTTG
				if tt.rate != 0 {
					slack += (radius + 2*tt.speed/math.Abs(tt.rate)) / tt.speed
				}
			}
			got := bm.Evaluate([]bm.Track{tk}, sites)[0]
			t.Log(got.Reason())
			if got.Site != tt.want {
				t.Fatalf("site %q (%s), want %q", got.Site, got.Reason(), tt.want)
			}
			if tt.want == "" {
				if !math.IsInf(got.TimeToGo, 1) {
					t.Errorf("time to go %g s for a track heading for no site", got.TimeToGo)
				}
				return
			}
			if !strings.Contains(got.Reason(), tt.want) {
				t.Errorf("reason %q does not name %s", got.Reason(), tt.want)
			}
			if turning := strings.Contains(got.Reason(), "turning"); turning != (tt.old && !tt.ballistic) {
				t.Errorf("reason %q: want it to say the track is turning towards the site exactly when the straight path misses it", got.Reason())
			}
			if math.Abs(got.TimeToGo-wantTTG) > slack {
				t.Errorf("time to go %.1f s, want %.1f ± %.1f s", got.TimeToGo, wantTTG, slack)
			}
		})
	}
}

// onHeading is a track at lat, lon (degrees) and height alt flying
// level at speed on heading (degrees clockwise from north).
func onHeading(lat, lon, alt, speed, heading float64) bm.Track {
	from := geo.Deg(lat, lon, alt)
	s, c := math.Sincos(heading * math.Pi / 180)
	v := geo.NewFrame(from).RotateFromENU(r3.Vec{X: speed * s, Y: speed * c})
	return bm.Track{ID: 1, Pos: from.ECEF(), Vel: v, VelSigma: 5}
}
