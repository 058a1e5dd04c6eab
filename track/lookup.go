package track

// TrackStatus is the status of the live track with the given ID and the
// time of the last detection that updated it (Track.Status and
// Track.Updated), without the copy of its state, covariance and modes
// that Track makes: an interceptor's guidance asks for it at every step
// of its flight, to know whether the track still holds and has news.
func (tr *Tracker) TrackStatus(id int) (status Status, updated float64, ok bool) {
	i, ok := tr.find(id)
	if !ok {
		return 0, 0, false
	}
	tk := &tr.tracks[i].Track
	return tk.Status, tk.Updated, true
}
