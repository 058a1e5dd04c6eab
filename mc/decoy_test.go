package mc

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/iadsim/iadsim/scenario"
)

// TestDecoysDrawRounds is the decoy check of issue 14: the raid of
// testdata/decoys.yaml (eight strike fighters, eight decoys flying ahead
// of them, one battalion with eight rounds) leaks more fighters than the
// same raid without its decoys (the file cut before "  - id: mald"), by
// Monte Carlo with intervals that do not overlap: the fighters' pooled
// leak rate (Wilson) and the mean leakers per raid (BCa bootstrap, which
// does not take the threats of one raid as independent). The decoys leak
// nothing, and the rounds spent on them are counted.
//
// docs/montecarlo.md gives the commands; with 12 runs each they printed
// leak rate fighter-4th-gen 0.583 (56/96) [0.483, 0.677] with decoys and
// 0.125 (12/96) [0.073, 0.206] without, 4.17 interceptors at decoys.
func TestDecoysDrawRounds(t *testing.T) {
	if testing.Short() {
		t.Skip("24 replications of a 16-threat raid")
	}
	const path = "testdata/decoys.yaml"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(src, []byte("\n  - id: mald"))
	if cut < 0 {
		t.Fatalf("%s has no decoys", path)
	}
	batch := func(src []byte) *Batch {
		s, err := scenario.Parse(path, src)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Run(context.Background(), Config{Scenario: s, Source: src, Runs: 12, Out: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	with, without := batch(src), batch(src[:cut+1])

	rate := func(b *Batch, class string) Proportion {
		return named(t, b.Stats.LeakRates, class, func(p Proportion) string { return p.Name })
	}
	mean := func(b *Batch, name string) Mean {
		return named(t, b.Stats.Means, name, func(m Mean) string { return m.Name })
	}
	rw, rn := rate(with, "fighter-4th-gen"), rate(without, "fighter-4th-gen")
	t.Logf("fighter leak rate: %.3f [%.3f, %.3f] with decoys, %.3f [%.3f, %.3f] without", rw.Estimate, rw.Lo, rw.Hi, rn.Estimate, rn.Lo, rn.Hi)
	if !(rw.Lo > rn.Hi) {
		t.Errorf("fighters leak at %.3f [%.3f, %.3f] with decoys, %.3f [%.3f, %.3f] without; want the intervals apart, the first higher",
			rw.Estimate, rw.Lo, rw.Hi, rn.Estimate, rn.Lo, rn.Hi)
	}
	mw, mn := mean(with, "leakers"), mean(without, "leakers")
	if !(mw.Lo > mn.Hi) {
		t.Errorf("mean leakers %.2f [%.2f, %.2f] with decoys, %.2f [%.2f, %.2f] without; want the intervals apart, the first higher",
			mw.Estimate, mw.Lo, mw.Hi, mn.Estimate, mn.Lo, mn.Hi)
	}
	if d := rate(with, "air-launched-decoy"); d.K != 0 {
		t.Errorf("decoys leaked %d times; a decoy's end is never a leak", d.K)
	}
	at := mean(with, "interceptors_at_decoys")
	if !(at.Min >= 1) || mean(without, "interceptors_at_decoys").Max != 0 {
		t.Errorf("interceptors at decoys: %.2f (least %g) with decoys; want at least one in every run, none without", at.Estimate, at.Min)
	}
	var sum int
	for _, r := range with.Rows {
		sum += r.AtDecoys
		if r.AtDecoys > r.Interceptors {
			t.Errorf("replication %d: %d interceptors at decoys of %d", r.Replication, r.AtDecoys, r.Interceptors)
		}
	}
	if want := at.Estimate * float64(len(with.Rows)); float64(sum) != want {
		t.Errorf("rows sum to %d interceptors at decoys, the mean says %g", sum, want)
	}
}

// named is the estimate of list called name.
func named[E any](t *testing.T, list []E, name string, nameOf func(E) string) E {
	t.Helper()
	for _, e := range list {
		if nameOf(e) == name {
			return e
		}
	}
	t.Fatalf("no estimate %s", name)
	var zero E
	return zero
}
