package geo

import (
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

var (
	sinkVec r3.Vec
	sinkLLA LLA
	sinkF   float64
)

func BenchmarkECEF(b *testing.B) {
	p := Deg(44.27, -71.30, 1917)
	for b.Loop() {
		sinkVec = p.ECEF()
	}
}

func BenchmarkFromECEF(b *testing.B) {
	v := Deg(44.27, -71.30, 1917).ECEF()
	for b.Loop() {
		sinkLLA = FromECEF(v)
	}
}

func BenchmarkInverse(b *testing.B) {
	cases := []struct {
		name   string
		p1, p2 LLA
	}{
		{"medium", Deg(40, -105, 0), Deg(42.5, -103, 0)},
		{"long", Deg(40.6, -73.8, 0), Deg(51.48, -0.45, 0)},
		{"antipodal", Deg(-30, 0, 0), Deg(29.9, 179.8, 0)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				sinkF, _, _ = Inverse(c.p1, c.p2)
			}
		})
	}
}

func BenchmarkDirect(b *testing.B) {
	p := Deg(40.6, -73.8, 0)
	for b.Loop() {
		sinkLLA, sinkF = Direct(p, 0.9, 5e6)
	}
}

func BenchmarkNewLine(b *testing.B) {
	p := Deg(40.6, -73.8, 0)
	for b.Loop() {
		l := NewLine(p, 0.9)
		sinkF = l.a3c
	}
}

func BenchmarkLinePosition(b *testing.B) {
	l := NewLine(Deg(40.6, -73.8, 0), 0.9)
	s := 0.0
	for b.Loop() {
		sinkLLA, sinkF = l.Position(s)
		s += 100
	}
}

var sinkTrig Trig

func BenchmarkLineTrig(b *testing.B) {
	l := NewLine(Deg(40.6, -73.8, 0), 0.9)
	s := 0.0
	for b.Loop() {
		sinkTrig = l.Trig(s)
		s += 100
	}
}
