package weapon

import "strings"

// GuidanceMode is how a missile is guided to its target, and so what it
// needs from the ground until intercept.
//
//   - Command: the engagement radar tracks target and missile and sends
//     steering commands up; the missile has no seeker of its own.
//   - TrackViaMissile: the engagement radar lights the target, the
//     missile's receiver measures the echo and sends it down, and the
//     ground computes the commands (the 48N6 family).
//   - SemiActive: the missile homes on the echo of the engagement radar's
//     illumination.
//   - Active: inertial flight with datalink updates mid-course, then the
//     missile's own radar seeker (9M96, 40N6).
//
// The first three need the engagement radar's track of the target until
// intercept: when it is lost, the missile has nothing to steer by. An
// active missile flies on on its last estimate and may still lock on with
// its seeker, so it can also be launched on a track that the engagement
// radar does not hold (launch on remote, where a doctrine allows it).
type GuidanceMode string

// The guidance modes.
const (
	Command         GuidanceMode = "command"
	TrackViaMissile GuidanceMode = "track-via-missile"
	SemiActive      GuidanceMode = "semi-active"
	Active          GuidanceMode = "active"
)

// GuidanceModes lists the modes in a fixed order, for messages.
var GuidanceModes = []GuidanceMode{Command, TrackViaMissile, SemiActive, Active}

// NeedsFireControl reports whether a missile guided so needs the
// engagement radar's track of its target until intercept. The zero mode
// (not stated) is taken to need it, the cautious reading.
func (g GuidanceMode) NeedsFireControl() bool { return g != Active }

// ParseGuidance reads the terminal guidance mode from a catalogue
// guidance text such as "inertial with command update, track-via-missile
// / semi-active terminal": the terminal phase decides what the missile
// needs at the end, so "active radar" (not "semi-active") is Active, then
// track-via-missile, then semi-active, and a text that names only
// command guidance is Command. Where a text names two terminal modes, the
// first wins. ok is false when the text names none.
func ParseGuidance(text string) (mode GuidanceMode, ok bool) {
	t := strings.ToLower(text)
	iTVM := strings.Index(t, "track-via-missile")
	if i := strings.Index(t, "tvm"); iTVM < 0 && i >= 0 {
		iTVM = i
	}
	iSA := strings.Index(t, "semi-active")
	iActive := -1
	for from := 0; ; {
		i := strings.Index(t[from:], "active")
		if i < 0 {
			break
		}
		i += from
		if i < 5 || t[i-5:i] != "semi-" {
			iActive = i
			break
		}
		from = i + len("active")
	}
	best, first := GuidanceMode(""), len(t)+1
	for _, c := range []struct {
		i int
		m GuidanceMode
	}{{iActive, Active}, {iTVM, TrackViaMissile}, {iSA, SemiActive}} {
		if c.i >= 0 && c.i < first {
			best, first = c.m, c.i
		}
	}
	if best != "" {
		return best, true
	}
	if strings.Contains(t, "command") {
		return Command, true
	}
	return "", false
}
