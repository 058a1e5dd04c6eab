package wta

// Part is one independent piece of an instance: weapons and targets that
// no allowed pair joins to the rest. Weapons and Targets are the indices
// in the whole instance, in increasing order; Instance is the piece on
// its own, weapon k of it being Weapons[k] and target k Targets[k].
type Part struct {
	Weapons, Targets []int
	Instance         *Instance
}

// Split cuts in into its independent parts: the connected components of
// the graph whose edges are the allowed pairs (p > 0) between weapons
// that have a shot and targets that may take one. The objective is a sum
// over targets and a constraint binds one weapon or one target, so a plan
// of the whole is optimal exactly when its restriction to every part is:
// the parts may be solved one by one, each search spending its moves
// where they can change something. A target no weapon can reach, or one
// that may take no shot, is in no part (its value survives whatever the
// plan), and so is a weapon with no shot or no target.
//
// Parts are ordered by their lowest target index, so the split, and
// whatever is drawn part by part from one random source, is a function
// of the instance alone. in must be valid (Validate).
func Split(in *Instance) []Part {
	m, n := len(in.Cap), len(in.Value)
	// Union-find over weapons 0..m-1 and targets m..m+n-1.
	up := make([]int, m+n)
	for k := range up {
		up[k] = k
	}
	find := func(k int) int {
		for up[k] != k {
			up[k] = up[up[k]]
			k = up[k]
		}
		return k
	}
	open := func(j int) bool { return in.MaxShots == nil || in.MaxShots[j] != 0 }
	linked := make([]bool, m+n)
	for i, row := range in.P {
		if in.Cap[i] == 0 || in.Channels != nil && in.Channels[i] == 0 {
			continue
		}
		for j, p := range row {
			if p == 0 || !open(j) {
				continue
			}
			linked[i], linked[m+j] = true, true
			if a, b := find(i), find(m+j); a != b {
				up[max(a, b)] = min(a, b)
			}
		}
	}
	// Number the parts by their lowest target.
	part := make(map[int]int)
	var parts []Part
	for j := range n {
		if !linked[m+j] {
			continue
		}
		r := find(m + j)
		k, ok := part[r]
		if !ok {
			k = len(parts)
			part[r] = k
			parts = append(parts, Part{})
		}
		parts[k].Targets = append(parts[k].Targets, j)
	}
	for i := range m {
		if linked[i] {
			k := part[find(i)]
			parts[k].Weapons = append(parts[k].Weapons, i)
		}
	}
	for k := range parts {
		parts[k].Instance = in.sub(parts[k].Weapons, parts[k].Targets)
	}
	return parts
}

// sub is the instance of the weapons ws and targets ts of in.
func (in *Instance) sub(ws, ts []int) *Instance {
	out := &Instance{
		Value: make([]float64, len(ts)),
		Cap:   make([]int, len(ws)),
		P:     make([][]float64, len(ws)),
	}
	for k, j := range ts {
		out.Value[k] = in.Value[j]
	}
	if in.MaxShots != nil {
		out.MaxShots = make([]int, len(ts))
		for k, j := range ts {
			out.MaxShots[k] = in.MaxShots[j]
		}
	}
	if in.Channels != nil {
		out.Channels = make([]int, len(ws))
	}
	for k, i := range ws {
		out.Cap[k] = in.Cap[i]
		if in.Channels != nil {
			out.Channels[k] = in.Channels[i]
		}
		row := make([]float64, len(ts))
		for c, j := range ts {
			row[c] = in.P[i][j]
		}
		out.P[k] = row
	}
	return out
}

// Join puts the plans of the parts of in (plans[k] for parts[k]) back
// into one plan of in, in its indices; weapons in no part fire nothing.
func Join(in *Instance, parts []Part, plans []Assignment) Assignment {
	a := make(Assignment, len(in.Cap))
	for i := range a {
		a[i] = []int{}
	}
	for k, p := range parts {
		for w, shots := range plans[k] {
			i := p.Weapons[w]
			for _, t := range shots {
				a[i] = append(a[i], p.Targets[t])
			}
		}
	}
	// A part's targets are in increasing order, so each weapon's list,
	// from one part, already is.
	return a
}
