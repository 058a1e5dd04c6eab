package bm

import (
	"strconv"
	"strings"
)

// Kind is the family of a reason to hold fire: what stops the unit
// (another unit engages the target, the fire-control radar does not hold
// its track, no missile reaches it, ...), whatever units, radars and
// figures the reason names. The record says a hold once per family
// (see HoldRepeat).
type Kind uint8

// The families of a reason to hold fire, in the order a unit's planner
// asks its questions (Unit.Plan).
const (
	KindNone           Kind = iota // no reason: the unit may engage
	KindPointDefence               // left to the point defence that protects the unit
	KindAssigned                   // the IADS assigned the target to other units
	KindAllocatedBy                // a command post of the IADS allocated the target to other units or commands
	KindSector                     // the target is outside the sector of responsibility of the unit's command
	KindAwait                      // the unit's command post has not yet allocated the target
	KindEngaged                    // other units of the IADS engage it, as many as it allows
	KindEngagedHere                // the unit engages the same target on another track
	KindBallisticSpent             // its salvos against a ballistic missile are spent
	KindChannels                   // every fire channel busy
	KindGuided                     // the fire-control radar guides as many missiles as it can
	KindGuns                       // left to the unit's own guns
	KindRadarLost                  // the fire-control radar is destroyed
	KindNotHeld                    // the fire-control radar does not hold the track
	KindRadarBusy                  // the fire-control radar's time budget is spent
	KindRounds                     // too few rounds above the reserve
	KindRange                      // beyond the doctrine's engagement range
	KindNotFirm                    // the track is not firm
	KindCoasting                   // the track coasts: no detection of late
	KindWait                       // the doctrine waits for a preferred round
	KindNoShot                     // no launcher has a shot: out of reach, reloading, no round
	kinds                          // the number of kinds
)

// Reason is why a unit holds fire at a threat, as a value: its family
// and the names and figures its text gives. The text is built (String)
// only when a hold is said: under an IADS every unit weighs every shared
// track within its reach each second, and almost none of its reasons are
// written, so they are compared by Kind and never formatted.
//
// A reason whose text is built where it is found (a rare one) has Text
// and no Format. Otherwise Format builds the text from Name, Other,
// Names, N, M, X, Y and Pk, whose meaning is Format's: each is documented where a Reason of
// that form is made.
type Reason struct {
	Kind   Kind
	Text   string
	Format func(Reason) string
	Name   string
	Other  string
	Names  []string
	Pk     []float64
	N, M   int
	X, Y   float64
}

// Because is a reason of the given family whose text is already built.
func Because(k Kind, text string) Reason { return Reason{Kind: k, Text: text} }

// Holds reports whether r is a reason to hold fire (not the zero Reason).
func (r Reason) Holds() bool { return r.Kind != KindNone }

// String is the reason's text, as events.jsonl writes it.
func (r Reason) String() string {
	if r.Format != nil {
		return r.Format(r)
	}
	return r.Text
}

// channelsBusy is the reason every fire channel of the fire-control
// radar Name is busy; N is the number of channels.
func channelsBusy(fc string, channels int) Reason {
	return Reason{Kind: KindChannels, Format: formatChannels, Name: fc, N: channels}
}

func formatChannels(r Reason) string {
	return "all " + strconv.Itoa(r.N) + " fire channels of " + r.Name + " busy"
}

// guidedFull is the reason the fire-control radar Name guides N of its
// M missiles.
func guidedFull(fc string, inFlight, guided int) Reason {
	return Reason{Kind: KindGuided, Format: formatGuided, Name: fc, N: inFlight, M: guided}
}

func formatGuided(r Reason) string {
	return r.Name + " already guides " + strconv.Itoa(r.N) + " of " + strconv.Itoa(r.M) + " missiles"
}

// EngagedBy is the reason to leave a target that the units named engage
// already (Names), perTarget (N) being as many as the IADS allows on one
// target.
func EngagedBy(units []string, perTarget int) Reason {
	return Reason{Kind: KindEngaged, Format: formatEngagedBy, Names: units, N: perTarget}
}

func formatEngagedBy(r Reason) string {
	return "already engaged by " + strings.Join(r.Names, ", ") + "; the IADS allows " + strconv.Itoa(r.N) + " unit(s) on one target"
}

// EngagedHere is the reason to hold at a track whose target the unit
// engages already on its own track (N), at Mahalanobis distance² d2 (X).
func EngagedHere(track int, d2 float64) Reason {
	return Reason{Kind: KindEngagedHere, Format: formatEngagedHere, N: track, X: d2}
}

func formatEngagedHere(r Reason) string {
	return "already engaged by this unit on its track " + strconv.Itoa(r.N) +
		" (same target: Mahalanobis distance² " + strconv.FormatFloat(r.X, 'f', 1, 64) + ")"
}

// AssignedTo is the reason to leave a target that the IADS's allocation
// gave to the units named (Names), with each one's expected kill
// probability (Pk).
func AssignedTo(units []string, pk []float64) Reason {
	return Reason{Kind: KindAssigned, Format: formatAssigned, Names: units, Pk: pk}
}

func formatAssigned(r Reason) string {
	var b strings.Builder
	b.WriteString("the IADS assigned this target to ")
	for i, u := range r.Names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(u)
		b.WriteString(" (Pk ")
		b.WriteString(strconv.FormatFloat(r.Pk[i], 'f', 2, 64))
		b.WriteString(")")
	}
	return b.String()
}

// NotInPicture is the reason the fire-control radar fc (Name) does not
// hold a track of the IADS picture that another unit, of (Other), keeps.
func NotInPicture(fc, of string) Reason {
	return Reason{Kind: KindNotHeld, Format: formatNotInPicture, Name: fc, Other: of}
}

func formatNotInPicture(r Reason) string {
	return "not held by the fire-control radar " + r.Name + " (a track of " + r.Other + " in the IADS picture)"
}
