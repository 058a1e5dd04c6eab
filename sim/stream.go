package sim

import (
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"
)

// Stream returns the random stream named by a master seed and a path of
// names, such as ("radar", "91N6E", "cm-03"): the draws the 91N6E makes
// against cruise missile 3.
//
// The stream's state is a hash of the seed and the names, so streams are
// independent of one another and of the order in which they are made:
// adding a threat, or a replication, changes no other stream's draws.
func Stream(seed uint64, names ...string) *rand.Rand {
	h := fnv.New128a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	for _, n := range names {
		// The length prefix keeps ("ab","c") and ("a","bc") apart.
		binary.LittleEndian.PutUint64(b[:], uint64(len(n)))
		h.Write(b[:])
		h.Write([]byte(n))
	}
	sum := h.Sum(nil)
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:])))
}
