// Command egm96gen writes geo/egm96_15.bin.gz, the EGM96 geoid grid that
// geo.GeoidHeight interpolates, from PROJ's egm96_15.gtx (Debian package
// proj-data, /usr/share/proj/egm96_15.gtx; NGA's EGM96, public domain).
//
//	go run ./geo/internal/egm96gen /usr/share/proj/egm96_15.gtx geo/egm96_15.bin.gz
//
// The GTX file is a 40-byte big-endian header (south latitude, west
// longitude, latitude and longitude spacing as float64 degrees, rows and
// columns as int32) and then rows of float32 undulations in metres, from
// the south. The output keeps that order (721 rows from 90° S to 90° N,
// 1440 columns from 180° W every 15'), each undulation rounded to the
// centimetre, written as little-endian int16: a row's first value, then
// each value's difference from the one before it, which gzip packs about
// four times smaller than the values themselves. Rounding moves a post
// by 5 mm at most.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: egm96gen egm96_15.gtx out.bin.gz")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "egm96gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	if len(b) < 40 {
		return fmt.Errorf("%s: %d bytes, shorter than a GTX header", in, len(b))
	}
	f64 := func(o int) float64 { return math.Float64frombits(binary.BigEndian.Uint64(b[o:])) }
	lat0, lon0, dlat, dlon := f64(0), f64(8), f64(16), f64(24)
	rows, cols := int(int32(binary.BigEndian.Uint32(b[32:]))), int(int32(binary.BigEndian.Uint32(b[36:])))
	if lat0 != -90 || lon0 != -180 || dlat != 0.25 || dlon != 0.25 || rows != 721 || cols != 1440 {
		return fmt.Errorf("%s: grid %g,%g step %g,%g size %dx%d; want the EGM96 15' grid -90,-180 step 0.25 size 721x1440", in, lat0, lon0, dlat, dlon, rows, cols)
	}
	if len(b) != 40+4*rows*cols {
		return fmt.Errorf("%s: %d bytes, want %d", in, len(b), 40+4*rows*cols)
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(o, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(zw)
	for r := range rows {
		prev := 0
		for c := range cols {
			v := float64(math.Float32frombits(binary.BigEndian.Uint32(b[40+4*(r*cols+c):])))
			cm := int(math.Round(v * 100))
			if cm < -32768 || cm > 32767 {
				return fmt.Errorf("%s: row %d column %d: %g m does not fit int16 centimetres", in, r, c, v)
			}
			d := cm - prev
			if c == 0 {
				d = cm
			}
			if err := binary.Write(w, binary.LittleEndian, int16(d)); err != nil {
				return err
			}
			prev = cm
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for _, c := range []io.Closer{zw, o} {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return nil
}
