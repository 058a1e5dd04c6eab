package battle

import "github.com/iadsim/iadsim/bm"

// predictions holds a unit's tracks as last predicted to an instant in
// ECEF, by track number (unit.predicted). A bm.Track is over 500 bytes,
// which a map keeps outside its table, one allocation per entry, and
// the store is emptied at every scan: so the estimates live in a slice
// reused from scan to scan, and the map holds only their places.
type predictions struct {
	place map[int]int // track number → index in est
	est   []bm.Track
}

// at returns the prediction of track id made for time t, or nil. The
// pointer is good until the next put or reset.
func (p *predictions) at(id int, t float64) *bm.Track {
	i, ok := p.place[id]
	if !ok || p.est[i].T != t {
		return nil
	}
	return &p.est[i]
}

// put keeps bt as track id's prediction, in place of any earlier one.
func (p *predictions) put(id int, bt *bm.Track) {
	if i, ok := p.place[id]; ok {
		p.est[i] = *bt
		return
	}
	if p.place == nil {
		p.place = map[int]int{}
	}
	p.place[id] = len(p.est)
	p.est = append(p.est, *bt)
}

// forget drops track id's prediction.
func (p *predictions) forget(id int) { delete(p.place, id) }

// reset drops every prediction, keeping the room.
func (p *predictions) reset() {
	clear(p.place)
	p.est = p.est[:0]
}
