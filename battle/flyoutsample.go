package battle

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// The fly-out sampler: what an interceptor's flight leaves in the record
// (Result.Samples, kind "interceptor"), so that tracks.csv, the CZML, the
// web replay and DIS draw the path the missile flew rather than a straight
// line from launcher to burst. It is kept apart from the fly-out itself
// (flight.go) and costs nothing when a run keeps no samples.
//
// An interceptor's samples are its launcher at launch, its position at
// every sample time while it flies (the cadence of the truth samples,
// SampleInterval), and where it ended: the fuze point of its intercept
// event, or where it destroyed itself. The missile is stepped at the
// scenario's step, which need not fall on the sample times, so a sample
// between two steps is the cubic Hermite interpolation through both ends'
// positions and velocities: exact for straight flight at constant
// velocity, and within centimetres on a turn of one step.

// flyoutState is the interceptor's state at the start of its current
// step: with its state now, the span a sample time falls in.
type flyoutState struct {
	t0     float64
	p0, v0 r3.Vec
	// sampledTo is the time of its last sample: a sample time that is
	// also its launch or its end is written once.
	sampledTo float64
}

// flyoutLaunched records a launch: the interceptor's first sample, at its
// launcher.
func (w *world) flyoutLaunched(f *flight) {
	if !w.sampling {
		return
	}
	f.t0, f.p0, f.v0 = f.icpt.State()
	w.aloft = append(w.aloft, f)
	w.flyoutSample(f, f.t0, f.p0, f.v0)
}

// flyoutStepping marks the start of an interceptor's step.
func (w *world) flyoutStepping(f *flight) {
	if w.sampling {
		f.t0, f.p0, f.v0 = f.icpt.State()
	}
}

// flyoutEnded records the interceptor's last sample, where it is as it
// fuzes or destroys itself at now, and stops sampling it.
func (w *world) flyoutEnded(f *flight, now float64) {
	if !w.sampling {
		return
	}
	for i, g := range w.aloft {
		if g == f {
			w.aloft = append(w.aloft[:i], w.aloft[i+1:]...)
			break
		}
	}
	_, pos, vel := f.icpt.State()
	if now > f.sampledTo {
		w.flyoutSample(f, now, pos, vel)
	}
}

// sampleFlyouts samples every interceptor in the air at now.
func (w *world) sampleFlyouts(now float64) {
	for _, f := range w.aloft {
		if now <= f.sampledTo {
			continue
		}
		t1, p1, v1 := f.icpt.State()
		pos, vel := hermiteAt(f.t0, f.p0, f.v0, t1, p1, v1, now)
		w.flyoutSample(f, now, pos, vel)
	}
}

func (w *world) flyoutSample(f *flight, t float64, pos, vel r3.Vec) {
	f.sampledTo = t
	w.keep(Sample{T: t, Kind: "interceptor", Unit: f.u.spec.ID, ID: f.id,
		Threat: threatID(f.th), Missile: f.order.Missile.Name, At: geo.FromECEF(pos), Speed: r3.Norm(vel)})
}

// hermiteAt is the position and velocity at t of the cubic through
// (t0, p0, v0) and (t1, p1, v1); outside [t0, t1] it holds the nearer end.
func hermiteAt(t0 float64, p0, v0 r3.Vec, t1 float64, p1, v1 r3.Vec, t float64) (r3.Vec, r3.Vec) {
	h := t1 - t0
	if !(h > 0) || t >= t1 {
		return p1, v1
	}
	if t <= t0 {
		return p0, v0
	}
	s := (t - t0) / h
	s2, s3 := s*s, s*s*s
	h00, h10, h01, h11 := 2*s3-3*s2+1, s3-2*s2+s, -2*s3+3*s2, s3-s2
	pos := r3.Add(r3.Add(r3.Scale(h00, p0), r3.Scale(h10*h, v0)), r3.Add(r3.Scale(h01, p1), r3.Scale(h11*h, v1)))
	// The derivative of the same cubic.
	d00, d10, d01, d11 := (6*s2-6*s)/h, 3*s2-4*s+1, (-6*s2+6*s)/h, 3*s2-2*s
	vel := r3.Add(r3.Add(r3.Scale(d00, p0), r3.Scale(d10, v0)), r3.Add(r3.Scale(d01, p1), r3.Scale(d11, v1)))
	if math.IsNaN(vel.X + vel.Y + vel.Z) {
		vel = v1
	}
	return pos, vel
}
