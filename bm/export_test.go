package bm

// DiscProbability exports discProbability to the tests of package bm_test.
var DiscProbability = discProbability

// BestShotPk is the kill probability and feasibility of bestShot's
// choice, which feasibleShot must answer alike.
func (u *Unit) BestShotPk(now float64, th Threat, remote bool) (float64, bool) {
	o, ok, _, _ := u.bestShot(now, th, u.Doctrine.SalvoFor(th.Class), remote, nil)
	return o.Pk, ok
}

// FeasibleShot exports feasibleShot to the tests of package bm_test.
func (u *Unit) FeasibleShot(now float64, th Threat, remote bool) (float64, bool) {
	return u.feasibleShot(now, th, u.Doctrine.SalvoFor(th.Class), remote)
}
