package czmlcheck_test

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/czml"
	"github.com/iadsim/iadsim/czml/internal/czmlcheck"
)

// FuzzReadTracks: whatever the file, ReadTracks returns samples in time
// order or an error naming the file, and never panics.
func FuzzReadTracks(f *testing.F) {
	f.Add("time_s,kind,unit,id,threat,status,lat_deg,lon_deg,alt_m,speed_mps,pos_sigma_m,vel_sigma_mps\n0.000,truth,,a,a,,44.0,-71.0,200.0,240.0,,\n")
	f.Add("time_s,kind,unit,id,threat,status,lat_deg,lon_deg,alt_m,pos_sigma_m\n1,track,u,1,a,confirmed,1,2,3,4\n0,truth,,a,a,,1,2,3,\n")
	f.Fuzz(func(t *testing.T, in string) {
		ss, err := czml.ReadTracks(strings.NewReader(in), "t.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "t.csv:") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		if !sort.SliceIsSorted(ss, func(i, j int) bool { return ss[i].T < ss[j].T }) {
			t.Error("samples out of time order")
		}
		var b bytes.Buffer
		if err := czml.Write(&b, czml.Run{Samples: ss}); err == nil {
			if err := czmlcheck.Check(b.Bytes()); err != nil {
				t.Errorf("the CZML of read samples: %v", err)
			}
		}
	})
}
