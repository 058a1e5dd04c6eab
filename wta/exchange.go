package wta

import "math"

// exchange searches the multi-exchange neighbourhood: every target with
// shots gives up one of them (chosen at random when it has several), and
// the given-up shots and the shots not fired are then reassigned, at most
// one to each target, by a linear assignment. The cost is linear because
// each target's value, once it has lost its shot, is fixed, and it gains
// at most one: w[j] R[j] (1 - p[a][j]). The neighbourhood holds every
// cyclic and path exchange of Ahuja et al. (2007) in which each target
// loses and gains at most one shot, of any length, and the linear
// assignment finds the best of them exactly.
//
// With plus, each target j that gave up a shot has a second column, j on
// top of its shot, priced w[j] S[j] p[i][j] from its present value: a
// shot may join it while its own shot stays, so a target's count may
// grow, and a path exchange may end at a target that has shots (in the
// plain neighbourhood it must end at an empty one). The price is exact
// when the target's own shot stays, and only an estimate when it leaves
// and two shots arrive; the exchange found is therefore checked on the
// objective itself, and rejected (ls.rejected set) if it does not
// improve.
//
// It applies the best exchange if it improves and keeps the constraints,
// and reports whether it did.
func (ls *searcher) exchange(full, plus bool) bool {
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
		kind++
	}
	if plus {
		kind += 2
	}
	ls.rejected = false
	ls.ncol = n
	if plus {
		ls.ncol = 2 * n
	}
	ls.price = ls.prices[kind]
	defer func() { ls.prices[kind] = ls.price }()
	if ls.price == nil {
		K = ls.ncol
	}
	// The columns that leave a shot unfired are needed only when some
	// shot might find no target.
	dummies := st.barred || r > n || plus
	for k := range ls.extra {
		ls.extra[k] = ls.extra[k][:0]
	}
	for len(ls.extra) < r {
		ls.extra = append(ls.extra, nil)
	}
	for pass := 1; ; pass++ {
		if full && pass > pricePasses {
			K = ls.ncol
		}
		ok := ls.solveLists(K, dummies)
		if ok {
			ls.price = append(ls.price[:0], ls.lapS.v[:ls.ncol]...)
		}
		if !full || K == ls.ncol || ok && ls.pricedOut() {
			if !ok {
				return false
			}
			break
		}
	}
	gain := 0.0
	for k := range rows {
		gain += ls.edgeCost(int(st.shotW[rows[k]]), ls.colOf[k])
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
		if col := ls.colOf[k]; col < ls.ncol {
			st.apply(s, col%n)
		}
	}
	if !st.feasible() || st.obj >= old-ls.tol() {
		st.undoTo(mark)
		ls.rejected = true
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
		for c := range ls.ncol {
			if !ls.admitsCol(c, own, st.p[i*n+c%n]) {
				continue
			}
			g := -ls.edgeCost(i, c)
			if ls.price != nil {
				g += ls.price[c]
			}
			if K == ls.ncol {
				ls.top = append(ls.top, cand{c, g})
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
			ls.top[x] = cand{c, g}
		}
		for _, c := range ls.top {
			ls.lapS.add(c.j, ls.edgeCost(i, c.j))
		}
		if K < ls.ncol {
		extras:
			for _, c := range ls.extra[k] {
				for _, t := range ls.top {
					if t.j == c {
						continue extras
					}
				}
				ls.lapS.add(c, ls.edgeCost(i, c))
			}
		}
		if own >= 0 {
			ls.lapS.add(own, ls.edgeCost(i, own))
		}
		if dummies {
			ls.lapS.add(ls.ncol+k, 0)
		}
		ls.lapS.endRow()
	}
	// The last exchange's prices warm-start this one, which then needs
	// few augmenting paths.
	var ok bool
	ls.colOf, ok = ls.lapS.solve(ls.ncol+len(ls.rows), ls.colOf, ls.price)
	return ok
}

// edgeCost is the change of the objective, as the assignment prices
// it, when a shot of weapon i takes column c: a target j < n whose
// picked shot is given up (value base[j]), the same target on top of
// its picked shot (column n + j, value val[j]), or a column that
// leaves the shot unfired.
func (ls *searcher) edgeCost(i, c int) float64 {
	st := ls.st
	n := st.n
	switch {
	case c < n:
		return -ls.base[c] * st.p[i*n+c]
	case c < ls.ncol:
		return -st.val[c-n] * st.p[i*n+c-n]
	}
	return 0
}

// admitsCol is admits for a column of the exchange: a target, or a
// target on top of its picked shot.
func (ls *searcher) admitsCol(c, own int, p float64) bool {
	n := ls.st.n
	if c < n {
		return ls.admits(c, own, p)
	}
	j := c - n
	st := ls.st
	if p == 0 || j == own || ls.pick[j] < 0 {
		return false
	}
	return st.maxSh[j] < 0 || int(st.tcnt[j]) < st.maxSh[j]
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
		u := ls.edgeCost(i, col) - v[col]
		tol := 1e-12 * (1 + math.Abs(u))
		for c := range ls.ncol {
			if ls.admitsCol(c, own, st.p[i*n+c%n]) && ls.edgeCost(i, c)-u-v[c] < -tol {
				ls.extra[k] = append(ls.extra[k], c)
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
