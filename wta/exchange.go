package wta

import "math"

// exchange searches the multi-exchange neighbourhood exactly: every
// target with shots gives up one of them (chosen at random when it has
// several), except that each keeps all its shots with probability keep, and the given-up shots and the shots not fired are then
// reassigned, at most one to each target, by a linear assignment. The
// cost is linear because each target's value, once it has lost its
// shot, is fixed, and it gains at most one: w[j] R[j] (1 - p[a][j]). The
// neighbourhood holds every cyclic and path exchange of Ahuja et al.
// (2007) in which each target loses and gains at most one shot, of any
// length, and the linear assignment finds the best of them. It applies
// the best exchange if it improves and keeps the constraints, and reports
// whether it did.
func (ls *searcher) exchange(keep float64, full bool) bool {
	st := ls.st
	n := st.n
	rows := ls.rows[:0]
	ls.base = grow(ls.base, n)
	copy(ls.base, st.val)
	// Pick one shot per target: reservoir sampling over its shots.
	ls.pick = growInt(ls.pick, n)
	ls.nPick = growInt(ls.nPick, n)
	for j := range n {
		ls.pick[j] = -1
		ls.nPick[j] = 0
	}
	for s, t := range st.shotT {
		if t < 0 {
			rows = append(rows, s)
			continue
		}
		ls.nPick[t]++
		if ls.nPick[t] == 1 || ls.rng.IntN(ls.nPick[t]) == 0 {
			ls.pick[t] = s
		}
	}
	for j := range n {
		if keep > 0 && ls.rng.Float64() < keep {
			ls.pick[j], ls.nPick[j] = -1, 0
		}
		if s := ls.pick[j]; s >= 0 {
			rows = append(rows, s)
			ls.base[j] = st.without(int(st.shotW[s]), j)
		}
	}
	ls.rows = rows
	r := len(rows)
	if r == 0 {
		return false
	}
	// Each row may go to its own target, to the exchangeK targets of
	// least reduced cost (cost less the target's price in the last
	// exchange's optimal dual solution), or to a column of its own
	// (n + row) that leaves it unfired. The prices make the short lists
	// the right ones: in an optimal assignment each row takes a column of
	// least reduced cost. A full exchange, which must find the best of
	// all, solves short lists too and then prices every edge left out
	// (column generation): if none has a negative reduced cost under the
	// new prices, the short-list optimum is the full one; otherwise it
	// solves again with lists drawn from the new prices, and after
	// pricePasses such passes with every edge.
	K := exchangeK
	// Each kind of exchange keeps its own prices: its rows are alike from
	// one call to the next, those of another kind are not.
	kind := 0
	if full {
		kind = 2
	} else if keep > 0 {
		kind = 1
	}
	ls.price = ls.prices[kind]
	defer func() { ls.prices[kind] = ls.price }()
	if ls.price == nil {
		K = n
	}
	// The columns that leave a shot unfired are needed only when some
	// shot might find no target.
	dummies := st.barred || r > n
	for k := range ls.extra {
		ls.extra[k] = ls.extra[k][:0]
	}
	for len(ls.extra) < r {
		ls.extra = append(ls.extra, nil)
	}
	for pass := 1; ; pass++ {
		if full && pass > pricePasses {
			K = n
		}
		ok := ls.solveLists(K, dummies)
		if ok {
			ls.price = append(ls.price[:0], ls.lapS.v[:n]...)
		}
		if !full || K == n || ok && ls.pricedOut() {
			if !ok {
				return false
			}
			break
		}
	}
	gain := 0.0
	for k := range rows {
		if j := ls.colOf[k]; j < n {
			gain -= ls.base[j] * st.p[int(st.shotW[rows[k]])*n+j]
		}
	}
	newObj := gain
	for j := range n {
		newObj += ls.base[j]
	}
	old := st.obj
	if newObj >= old-ls.tol() {
		return false
	}
	mark := len(st.log)
	// Free every row's shot first so no target briefly holds an extra
	// shot, then place them.
	for _, s := range rows {
		st.apply(s, -1)
	}
	for k, s := range rows {
		if col := ls.colOf[k]; col < n {
			st.apply(s, col)
		}
	}
	if !st.feasible() || st.obj >= old-ls.tol() {
		st.undoTo(mark)
		return false
	}
	return true
}

// solveLists builds and solves the exchange's assignment problem with
// lists of the K best targets of each row (all when K is n), warm-started
// from the last prices, and reports whether every row was matched.
func (ls *searcher) solveLists(K int, dummies bool) bool {
	st := ls.st
	n := st.n
	ls.lapS.reset()
	for k, s := range ls.rows {
		i := int(st.shotW[s])
		own := int(st.shotT[s])
		ls.top = ls.top[:0]
		for j, p := range st.p[i*n : (i+1)*n] {
			if !ls.admits(j, own, p) {
				continue
			}
			g := ls.base[j] * p
			if ls.price != nil {
				g += ls.price[j]
			}
			if K == n {
				ls.top = append(ls.top, cand{j, g})
				continue
			}
			if len(ls.top) == K && g <= ls.top[K-1].g {
				continue
			}
			// Insert keeping ls.top sorted by decreasing gain.
			if len(ls.top) < K {
				ls.top = append(ls.top, cand{})
			}
			x := len(ls.top) - 1
			for x > 0 && ls.top[x-1].g < g {
				ls.top[x] = ls.top[x-1]
				x--
			}
			ls.top[x] = cand{j, g}
		}
		for _, c := range ls.top {
			ls.lapS.add(c.j, -ls.base[c.j]*st.p[i*n+c.j])
		}
		if K < n {
		extras:
			for _, j := range ls.extra[k] {
				for _, c := range ls.top {
					if c.j == j {
						continue extras
					}
				}
				ls.lapS.add(j, -ls.base[j]*st.p[i*n+j])
			}
		}
		if own >= 0 {
			ls.lapS.add(own, -ls.base[own]*st.p[i*n+own])
		}
		if dummies {
			ls.lapS.add(n+k, 0)
		}
		ls.lapS.endRow()
	}
	// The last exchange's prices warm-start this one, which then needs
	// few augmenting paths.
	var ok bool
	ls.colOf, ok = ls.lapS.solve(n+len(ls.rows), ls.colOf, ls.price)
	return ok
}

// admits reports whether a shot now at target own may move to target j,
// which its weapon hits with probability p, in an exchange.
func (ls *searcher) admits(j, own int, p float64) bool {
	st := ls.st
	if p == 0 || j == own {
		return false
	}
	return ls.pick[j] >= 0 || st.maxSh[j] < 0 || int(st.tcnt[j]) < st.maxSh[j]
}

// pricedOut reports whether no edge of the full exchange problem has a
// negative reduced cost under the prices of the last solve, whose free
// columns are priced 0: then its optimum is the full problem's. It adds
// the edges that have one to their rows' extra lists.
func (ls *searcher) pricedOut() bool {
	st := ls.st
	n := st.n
	v := ls.lapS.v
	added := false
	for k, s := range ls.rows {
		i := int(st.shotW[s])
		own := int(st.shotT[s])
		col := ls.colOf[k]
		c := 0.0
		if col < n {
			c = -ls.base[col] * st.p[i*n+col]
		}
		u := c - v[col]
		tol := 1e-12 * (1 + math.Abs(u))
		for j, p := range st.p[i*n : (i+1)*n] {
			if ls.admits(j, own, p) && -ls.base[j]*p-u-v[j] < -tol {
				ls.extra[k] = append(ls.extra[k], j)
				added = true
			}
		}
	}
	return !added
}

// pricePasses is the number of short-list solves a full exchange tries
// before it lists every edge.
const pricePasses = 3

// exchangeK is the number of best targets each shot may move to in an
// exchange, besides its own: enough that the exchanges that improve are
// almost always inside, few enough that the assignment is solved in
// time linear in the shots.
const exchangeK = 16

type cand struct {
	j int
	g float64
}
