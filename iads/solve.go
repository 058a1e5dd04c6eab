package iads

import (
	"math/rand/v2"

	"github.com/iadsim/iadsim/wta"
)

// solve is the command post's weapon-target assignment of one instant:
// the greedy plan, improved by allocRounds rounds of local search, drawn
// from rng.
//
// A grid's instance falls apart into pieces that no unit joins (wta.Split):
// battalions 50 km apart and the targets within the reach of each, and
// targets within no unit's reach. Each piece is then solved on its own,
// one after the other from the same stream, in the order of their lowest
// target: the objective is a sum over targets and each constraint binds
// one unit or one target, so the pieces' optima are the whole's, and a
// search's moves, swaps and exchanges, which cost the shots times the
// targets of the instance they search, cost those of one piece. A piece
// also gets its own allocRounds rounds of perturbation, where the whole
// had to share them. An instance that is one piece is solved whole, as it
// always was.
func solve(in *wta.Instance, rng *rand.Rand) (wta.Assignment, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	parts := wta.Split(in)
	if len(parts) == 1 && len(parts[0].Weapons) == len(in.Cap) && len(parts[0].Targets) == len(in.Value) {
		return search(in, rng)
	}
	plans := make([]wta.Assignment, len(parts))
	for k, p := range parts {
		a, err := search(p.Instance, rng)
		if err != nil {
			return nil, err
		}
		plans[k] = a
	}
	return wta.Join(in, parts, plans), nil
}

// search is greedy then local search over one instance.
func search(in *wta.Instance, rng *rand.Rand) (wta.Assignment, error) {
	res, err := wta.Greedy(in)
	if err != nil {
		return nil, err
	}
	if better, err := wta.LocalSearch(in, wta.Options{MaxIter: allocRounds, Rand: rng, Start: res.Assignment}); err == nil {
		res = better
	}
	return res.Assignment, nil
}
