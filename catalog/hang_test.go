package catalog

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

func TestFindHang(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	var seeds [][]byte
	for _, name := range familyFiles() {
		d, _ := dataFS.ReadFile(name)
		seeds = append(seeds, d)
	}
	seeds = append(seeds, []byte(mastFile))
	for i := 0; i < 30000; i++ {
		s := seeds[rng.IntN(len(seeds))]
		d := append([]byte(nil), s...)
		n := 1 + rng.IntN(4)
		for j := 0; j < n; j++ {
			switch rng.IntN(5) {
			case 0:
				d[rng.IntN(len(d))] = byte(rng.IntN(256))
			case 4:
				k := rng.IntN(len(d))
				l := k + rng.IntN(len(d)-k)
				d = append(d[:l:l], d[k:]...)
			case 1:
				d = d[:rng.IntN(len(d))+1]
			case 2:
				k := rng.IntN(len(d))
				d = append(d[:k], append([]byte{"{}[]:-,&*!|>'\"#\n "[rng.IntN(17)]}, d[k:]...)...)
			case 3:
				k := rng.IntN(len(d))
				l := k + rng.IntN(len(d)-k)
				d = append(d[:k], d[l:]...)
			}
			if len(d) == 0 {
				d = []byte("x")
			}
		}
		done := make(chan struct{})
		go func() { parseFamily("data/t.yaml", d); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			os.WriteFile("/tmp/hang.yaml", d, 0o644)
			t.Fatalf("hang at iteration %d, input in /tmp/hang.yaml (%d bytes)", i, len(d))
		}
	}
}
