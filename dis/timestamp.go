package dis

import (
	"fmt"
	"math"
	"math/bits"
	"time"
)

// Timestamp is a PDU's time within the hour (IEEE 1278.1-2012, 6.2.88):
// the upper 31 bits count units of 3600 s / 2^31 (about 1.676 µs) since
// the start of the hour; the lowest bit is 1 for absolute time (the
// sender's clock is set to UTC) and 0 for relative time.
type Timestamp uint32

// unitsPerHour is the number of timestamp units in an hour.
const unitsPerHour = 1 << 31

// AbsoluteTimestamp is the absolute timestamp of the UTC instant t: its
// time past the hour, rounded to the nearest unit (the last unit of the
// hour at most: the timestamp does not wrap into the next hour).
func AbsoluteTimestamp(t time.Time) Timestamp {
	t = t.UTC()
	past := time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())
	// past·2^31 overflows 64 bits: multiply and divide in 128.
	hi, lo := bits.Mul64(uint64(past), unitsPerHour)
	u, rem := bits.Div64(hi, lo, uint64(time.Hour))
	if 2*rem >= uint64(time.Hour) {
		u++
	}
	u = min(u, unitsPerHour-1)
	return Timestamp(u<<1 | 1)
}

// Absolute says whether the timestamp is absolute (UTC) time.
func (ts Timestamp) Absolute() bool { return ts&1 == 1 }

// PastHour is the time past the hour the timestamp gives, s.
func (ts Timestamp) PastHour() float64 {
	return float64(ts>>1) * 3600 / unitsPerHour
}

func (ts Timestamp) String() string {
	kind := "relative"
	if ts.Absolute() {
		kind = "absolute"
	}
	s := ts.PastHour()
	m := math.Floor(s / 60)
	return fmt.Sprintf("%02.0f:%09.6f past the hour (%s)", m, s-60*m, kind)
}
