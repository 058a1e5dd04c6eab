package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iadsim/iadsim/terrain"
)

// bundledTile is the SRTM 3" tile the examples ship.
const bundledTile = "../../examples/data/N44W072.hgt"

// bucket is a local stand-in for the public buckets: it serves objects
// under their sources' paths with S3's MD5 ETag, Range requests as
// net/http serves them, 404 for a missing key, and, when asked, cuts a
// transfer halfway or states a wrong MD5.
type bucket struct {
	mu      sync.Mutex
	objects map[string][]byte
	cut     map[string]bool   // cut the next transfer of this path halfway
	badTag  map[string]bool   // state an MD5 that is not the content's
	ranges  map[string]string // the last Range header asked for each path
	sent    map[string]int    // bytes of content sent for each path
	gets    int
}

func (b *bucket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	data, ok := b.objects[r.URL.Path]
	cut, bad := b.cut[r.URL.Path], b.badTag[r.URL.Path]
	delete(b.cut, r.URL.Path)
	b.ranges[r.URL.Path] = r.Header.Get("Range")
	b.gets++
	b.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := md5.Sum(data)
	if bad {
		sum[0] ^= 0xff
	}
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
	if cut {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.WriteHeader(http.StatusOK)
		w.Write(data[:len(data)/2])
		b.count(r.URL.Path, len(data)/2)
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection drops mid-body
	}
	cw := &countWriter{ResponseWriter: w}
	http.ServeContent(cw, r, "", time.Time{}, bytes.NewReader(data))
	b.count(r.URL.Path, cw.n)
}

func (b *bucket) count(path string, n int) {
	b.mu.Lock()
	b.sent[path] += n
	b.mu.Unlock()
}

type countWriter struct {
	http.ResponseWriter
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += n
	return n, err
}

// newBucket serves the bundled tile as N44W072 under every source's
// layout: gzipped for the skadi layout, as a deflated float32 GeoTIFF for
// the GeoTIFF ones. It returns the server and, by source, the bytes the
// cache must end up holding.
func newBucket(t *testing.T) (*bucket, *httptest.Server, map[string][]byte) {
	t.Helper()
	hgt, err := os.ReadFile(bundledTile)
	if err != nil {
		t.Fatal(err)
	}
	g, err := terrain.ReadHGT("N44W072.hgt", hgt)
	if err != nil {
		t.Fatal(err)
	}
	var tif bytes.Buffer
	if err := terrain.WriteGeoTIFF(&tif, &terrain.Raster[float32]{Georef: g.Georef, Pix: g.Z}, &terrain.WriteOptions{Deflate: true}); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(hgt)
	zw.Close()

	b := &bucket{objects: map[string][]byte{}, cut: map[string]bool{}, badTag: map[string]bool{}, ranges: map[string]string{}, sent: map[string]int{}}
	want := map[string][]byte{}
	for _, s := range Sources() {
		switch s.Name {
		case "srtm-1":
			b.objects[s.Path(44, -72)] = gz.Bytes()
			want[s.Name] = hgt
		default:
			b.objects[s.Path(44, -72)] = tif.Bytes()
			want[s.Name] = tif.Bytes()
		}
	}
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return b, srv, want
}

// The public paths, as the buckets' documentation and users' scripts
// spell them (docs/terrain.md cites them).
func TestLayouts(t *testing.T) {
	want := map[string]string{
		"copernicus-30": "https://copernicus-dem-30m.s3.amazonaws.com/Copernicus_DSM_COG_10_N44_00_W072_00_DEM/Copernicus_DSM_COG_10_N44_00_W072_00_DEM.tif",
		"srtm-1":        "https://elevation-tiles-prod.s3.amazonaws.com/skadi/N44/N44W072.hgt.gz",
		"srtm-3":        "https://opentopography.s3.sdsc.edu/raster/SRTM_GL3/SRTM_GL3_srtm/North/North_30_60/N44W072.tif",
	}
	for _, s := range Sources() {
		if got := s.Base + s.Path(44, -72); got != want[s.Name] {
			t.Errorf("%s: %s, want %s", s.Name, got, want[s.Name])
		}
	}
	s, _ := Lookup("srtm-3")
	for _, c := range []struct {
		lat, lon int
		path     string
	}{
		{-3, 10, "/raster/SRTM_GL3/SRTM_GL3_srtm/South/S03E010.tif"},
		{29, 52, "/raster/SRTM_GL3/SRTM_GL3_srtm/North/North_0_29/N29E052.tif"},
		{30, 52, "/raster/SRTM_GL3/SRTM_GL3_srtm/North/North_30_60/N30E052.tif"},
	} {
		if got := s.Path(c.lat, c.lon); got != c.path {
			t.Errorf("srtm-3 %d,%d: %s, want %s", c.lat, c.lon, got, c.path)
		}
	}
	c, _ := Lookup("copernicus-30")
	if got := c.File(-3, 10); got != "Copernicus_DSM_COG_10_S03_00_E010_00_DEM.tif" {
		t.Errorf("copernicus S03E010: %s", got)
	}
	if _, err := Lookup("srtm-2"); err == nil || !strings.Contains(err.Error(), "copernicus-30, srtm-1, srtm-3") {
		t.Errorf("unknown source: %v", err)
	}
}

// TestFetch: every source brings the tile into the cache whole, records
// its SHA-256, marks the sea cell beside it absent, and a second run takes
// the tile from the cache without asking the server for it.
func TestFetch(t *testing.T) {
	b, srv, want := newBucket(t)
	for _, s := range Sources() {
		t.Run(s.Name, func(t *testing.T) {
			dir := t.TempDir()
			f := &Fetcher{Source: s, Base: srv.URL, Dir: dir}
			area, err := ParseArea("44.5,-72.5,44.9,-71.2")
			if err != nil {
				t.Fatal(err)
			}
			tiles, err := f.Fetch(context.Background(), area)
			if err != nil {
				t.Fatal(err)
			}
			if len(tiles) != 2 || tiles[0].Status != Absent || tiles[0].Code != 404 || tiles[1].Status != Fetched {
				t.Fatalf("tiles %+v, want N44W073 absent (404), N44W072 fetched", tiles)
			}
			got, err := os.ReadFile(filepath.Join(dir, s.File(44, -72)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want[s.Name]) {
				t.Fatalf("cached tile differs from the served one (%d bytes, want %d)", len(got), len(want[s.Name]))
			}
			sum := sha256.Sum256(got)
			line := hex.EncodeToString(sum[:]) + "  " + s.File(44, -72) + "\n"
			if m, _ := os.ReadFile(filepath.Join(dir, SumsFile)); string(m) != line {
				t.Errorf("%s: %q, want %q", SumsFile, m, line)
			}
			if d, err := terrain.Open(dir); err != nil || len(d.Survey().Tiles) != 1 {
				t.Errorf("terrain.Open of the cache: %v", err)
			}
			assertNoPartial(t, dir)

			before := b.gets
			tiles, err = f.Fetch(context.Background(), area)
			if err != nil || tiles[1].Status != Cached || b.gets != before+1 {
				t.Errorf("second run: %v, tiles %+v, %d requests; want cached, one request (the absent cell)", err, tiles, b.gets-before)
			}
		})
	}
}

// TestFetchResume: a transfer cut halfway leaves no tile under its name;
// the next run asks only for the rest (HTTP Range) and ends with the
// whole tile.
func TestFetchResume(t *testing.T) {
	b, srv, want := newBucket(t)
	s, _ := Lookup("srtm-1")
	path := s.Path(44, -72)
	b.cut[path] = true
	dir := t.TempDir()
	f := &Fetcher{Source: s, Base: srv.URL, Dir: dir}
	area := Area{South: 44.1, North: 44.2, West: -71.9, East: -71.8}
	_, err := f.Fetch(context.Background(), area)
	if err == nil || !strings.Contains(err.Error(), "run the same command again to resume") {
		t.Fatalf("cut transfer: %v, want an error saying to resume", err)
	}
	if _, err := os.Stat(filepath.Join(dir, s.File(44, -72))); !os.IsNotExist(err) {
		t.Fatalf("a tile is under its name after a cut transfer: %v", err)
	}
	if _, err := terrain.Open(dir); err == nil {
		t.Errorf("terrain.Open reads a tile from a cache holding only a cut transfer")
	}
	half := len(b.objects[path]) / 2
	if b.sent[path] != half {
		t.Fatalf("server sent %d bytes before the cut, want %d", b.sent[path], half)
	}

	tiles, err := f.Fetch(context.Background(), area)
	if err != nil {
		t.Fatal(err)
	}
	if tiles[0].Status != Fetched {
		t.Errorf("status %s, want fetched", tiles[0].Status)
	}
	if r := b.ranges[path]; r != fmt.Sprintf("bytes=%d-", half) {
		t.Errorf("resumed with Range %q, want bytes=%d-", r, half)
	}
	if b.sent[path] != len(b.objects[path]) {
		t.Errorf("server sent %d bytes in all, want %d: the resume sent again what was there", b.sent[path], len(b.objects[path]))
	}
	got, _ := os.ReadFile(filepath.Join(dir, s.File(44, -72)))
	if !bytes.Equal(got, want[s.Name]) {
		t.Errorf("resumed tile differs from the served one")
	}
	assertNoPartial(t, dir)
}

// TestFetchChecksumMismatch: content that disagrees with the server's
// stated MD5 is refused and discarded; the cache holds no tile and no
// partial transfer.
func TestFetchChecksumMismatch(t *testing.T) {
	b, srv, _ := newBucket(t)
	s, _ := Lookup("copernicus-30")
	b.badTag[s.Path(44, -72)] = true
	dir := t.TempDir()
	f := &Fetcher{Source: s, Base: srv.URL, Dir: dir}
	_, err := f.Fetch(context.Background(), Area{South: 44.1, North: 44.2, West: -71.9, East: -71.8})
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("err %v, want a checksum mismatch", err)
	}
	if _, err := os.Stat(filepath.Join(dir, s.File(44, -72))); !os.IsNotExist(err) {
		t.Errorf("refused tile is in the cache: %v", err)
	}
	assertNoPartial(t, dir)
}

// TestFetchTamperedCache: a cached tile that no longer matches its
// recorded SHA-256 is refused, not silently used.
func TestFetchTamperedCache(t *testing.T) {
	_, srv, _ := newBucket(t)
	s, _ := Lookup("srtm-3")
	dir := t.TempDir()
	f := &Fetcher{Source: s, Base: srv.URL, Dir: dir}
	area := Area{South: 44.1, North: 44.2, West: -71.9, East: -71.8}
	if _, err := f.Fetch(context.Background(), area); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, s.File(44, -72))
	data, _ := os.ReadFile(file)
	data[len(data)-1] ^= 1
	os.WriteFile(file, data, 0o644)
	if _, err := f.Fetch(context.Background(), area); err == nil || !strings.Contains(err.Error(), "changed since it was fetched") {
		t.Errorf("tampered cache: %v", err)
	}
}

// TestFetchRefusesWrongCell: a body that is not a tile of the cell (an
// HTML page, a tile of elsewhere) is refused.
func TestFetchRefusesWrongCell(t *testing.T) {
	b, srv, _ := newBucket(t)
	s, _ := Lookup("srtm-3")
	b.objects[s.Path(30, 52)] = b.objects[s.Path(44, -72)] // the New Hampshire tile under an Iranian name
	b.objects[s.Path(31, 52)] = []byte("<html>AccessDenied</html>")
	for _, c := range []struct {
		lat  float64
		want string
	}{{30.5, "want the cell N30E052"}, {31.5, "N31E052.tif"}} {
		dir := t.TempDir()
		f := &Fetcher{Source: s, Base: srv.URL, Dir: dir}
		_, err := f.Fetch(context.Background(), Area{South: c.lat, North: c.lat, West: 52.5, East: 52.5})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%g: err %v, want %q", c.lat, err, c.want)
		}
		assertNoPartial(t, dir)
		if ents, _ := os.ReadDir(dir); len(ents) != 1 {
			t.Errorf("%g: cache holds %d entries, want only %s", c.lat, len(ents), PartialDir)
		}
	}
}

func assertNoPartial(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, PartialDir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("left in %s: %s", PartialDir, e.Name())
	}
}

func TestParseArea(t *testing.T) {
	for _, c := range []struct {
		in    string
		cells string
		err   string
	}{
		{"44.2,-71.8,44.6,-71.1", "N44W072", ""},
		{"44.6,-71.1,44.2,-71.8", "N44W072", ""},
		{"32,51,34,53", "N32E051 N32E052 N33E051 N33E052", ""},
		{"-0.5,-0.5,0.5,0.5", "S01W001 S01E000 N00W001 N00E000", ""},
		{"33,52,33,52", "N33E052", ""},
		{"90,180,89.5,179.5", "N89E179", ""},
		{"90,0,90,1", "N89E000", ""},       // the pole's edge: the cell below it (found by FuzzParseArea)
		{"10,180,10.5,180", "N10E179", ""}, // the antimeridian: the cell west of it
		{"44,-71", "", "want LAT1,LON1,LAT2,LON2"},
		{"44,-71,45,x", "", `value 4 "x": want degrees within ±180`},
		{"91,0,0,0", "", "value 1"},
		{"0,0,30,30", "", "covers 900 one-degree tiles; want at most 400"},
		{"NaN,0,1,1", "", "value 1"},
	} {
		a, err := ParseArea(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		var names []string
		for _, cell := range a.Cells() {
			names = append(names, terrain.CellName(cell[0], cell[1]))
		}
		if got := strings.Join(names, " "); got != c.cells {
			t.Errorf("%q: cells %s, want %s", c.in, got, c.cells)
		}
	}
}

// FuzzParseArea: no input panics, and an accepted area is a box of at
// most MaxCells cells within the globe.
func FuzzParseArea(f *testing.F) {
	for _, s := range []string{"44.2,-71.8,44.6,-71.1", "-90,-180,90,180", "1e3,0,0,0", ",,,", "0x10,1,2,3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseArea(s)
		if err != nil {
			return
		}
		cells := a.Cells()
		if len(cells) == 0 || len(cells) > MaxCells {
			t.Fatalf("%q: %d cells", s, len(cells))
		}
		for _, c := range cells {
			if c[0] < -90 || c[0] > 89 || c[1] < -180 || c[1] > 179 {
				t.Fatalf("%q: cell %v outside the globe", s, c)
			}
		}
	})
}
