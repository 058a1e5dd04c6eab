package dis

import (
	"fmt"
	"strings"
)

// Describe is a one-line account of a PDU for a person: its type,
// exercise and timestamp, then the fields that say what happened.
func Describe(p PDU) string {
	h := p.PDUHeader()
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s ex %d  %s", h.Type, h.Exercise, h.Timestamp)
	id := func(e EntityID) string { return fmt.Sprintf("%d:%d:%d", e.Site, e.Application, e.Entity) }
	switch p := p.(type) {
	case *EntityState:
		fmt.Fprintf(&b, "  entity %s %q type %v force %d at (%.1f, %.1f, %.1f) m v (%.1f, %.1f, %.1f) m/s dr %d",
			id(p.ID), p.Marking.String(), p.Type, p.Force, p.Location.X, p.Location.Y, p.Location.Z,
			p.Velocity.X, p.Velocity.Y, p.Velocity.Z, p.DeadReckoning.Algorithm)
		if p.Appearance&AppearanceDestroyed == AppearanceDestroyed {
			b.WriteString(" destroyed")
		}
		if p.Appearance&AppearanceDeactivated != 0 {
			b.WriteString(" deactivated")
		}
	case *Fire:
		fmt.Fprintf(&b, "  event %d firing %s target %s munition %v from (%.1f, %.1f, %.1f) m range %.0f m",
			p.Event.Number, id(p.Firing), id(p.Target), p.Descriptor.Type, p.Location.X, p.Location.Y, p.Location.Z, p.Range)
	case *Detonation:
		fmt.Fprintf(&b, "  event %d firing %s target %s munition %v at (%.1f, %.1f, %.1f) m result %d",
			p.Event.Number, id(p.Firing), id(p.Target), p.Descriptor.Type, p.Location.X, p.Location.Y, p.Location.Z, p.Result)
	case *Emission:
		fmt.Fprintf(&b, "  emitter %s update %d", id(p.Emitter), p.StateUpdate)
		for _, s := range p.Systems {
			fmt.Fprintf(&b, " | system %d name %d function %d", s.Number, s.Name, s.Function)
			for _, bm := range s.Beams {
				fmt.Fprintf(&b, " beam %d function %d %.4g Hz status %d tracking %d", bm.Number, bm.Function, bm.Frequency, bm.Status, len(bm.Targets))
			}
		}
	}
	return b.String()
}
