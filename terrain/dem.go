package terrain

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/iadsim/iadsim/internal/infile"
)

// MaxFileSize bounds one elevation file: 1 GiB, a 16 384 x 16 384
// GeoTIFF of 32-bit floats. A 1 arc-second SRTM or DTED level 2 tile is
// 26 MB; /dev/zero would otherwise be read until memory ran out.
const MaxFileSize = 1 << 30

// ReadFile reads one elevation file, choosing the reader from its content
// (a TIFF byte-order mark, a DTED UHL1 header) or, for SRTM tiles that
// have neither, from the .hgt extension. Errors name the file. A file
// that is not regular (a device, a pipe) or larger than MaxFileSize is
// refused unread.
func ReadFile(path string) (*Grid, error) {
	f, size, err := openDEM(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, release, err := mapFile(f, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// Every reader copies the posts out of data.
	defer release()
	g, err := guardFault(func() (*Grid, error) { return decodeFile(path, data) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	g.Source = path
	return g, nil
}

// Check tells whether every file paths name (as Open takes them) is one
// Open reads, from its size and first bytes alone: a scenario's
// validation, which must refuse what a run would, without the cost of
// decoding a mosaic.
func Check(paths ...string) error {
	files, err := Expand(paths...)
	if err != nil {
		return err
	}
	for _, p := range files {
		f, size, err := openDEM(p)
		if err != nil {
			return err
		}
		head := make([]byte, 4)
		n, err := io.ReadFull(f, head)
		f.Close()
		if err != nil && n < len(head) && size >= int64(len(head)) {
			return fmt.Errorf("%s: %w", p, err)
		}
		head = head[:n]
		switch {
		case bytes.HasPrefix(head, []byte("II")) || bytes.HasPrefix(head, []byte("MM")) || bytes.HasPrefix(head, []byte("UHL1")):
		case strings.EqualFold(filepath.Ext(p), ".hgt"):
			if size != 1201*1201*2 && size != 3601*3601*2 {
				return fmt.Errorf("%s: SRTM tile of %d bytes, want %d (3 arc-second) or %d (1 arc-second)", p, size, 1201*1201*2, 3601*3601*2)
			}
		default:
			return fmt.Errorf("%s: %w", p, errNotDEM)
		}
	}
	return nil
}

var errNotDEM = errors.New("not a DEM this package reads; want a GeoTIFF, a DTED cell or an SRTM .hgt tile")

// openDEM opens an elevation file and gives its size, refusing at once
// one that is not a regular file (a folder, a device, a FIFO, which would
// otherwise block the open) or is larger than MaxFileSize.
func openDEM(path string) (*os.File, int64, error) {
	return infile.Open(path, MaxFileSize, "an elevation file of at most 1 GiB: an SRTM .hgt tile, a GeoTIFF or a DTED cell (split a larger area into tiles)")
}

// readAll reads the size bytes of f, and fails if the file holds fewer
// (it shrank) or more (it grew) than that.
func readAll(f *os.File, size int64) ([]byte, error) {
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("reading %d bytes: %w (did the file change?)", size, err)
	}
	if n, _ := f.Read(make([]byte, 1)); n > 0 {
		return nil, fmt.Errorf("the file grew past %d bytes while read", size)
	}
	return data, nil
}

// guardFault runs decode, which reads a memory-mapped file, and turns the
// fault of a page gone from under it (the file shrank while mapped:
// SIGBUS) into an error, where the runtime would otherwise crash the
// program.
func guardFault(decode func() (*Grid, error)) (g *Grid, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if _, ok := r.(interface{ Addr() uintptr }); !ok {
			panic(r)
		}
		g, err = nil, errors.New("the file changed while read (it is shorter than when opened)")
	}()
	return decode()
}

func decodeFile(path string, data []byte) (*Grid, error) {
	switch {
	case bytes.HasPrefix(data, []byte("II")) || bytes.HasPrefix(data, []byte("MM")):
		return ReadGeoTIFF(data)
	case bytes.HasPrefix(data, []byte("UHL1")):
		return ReadDTED(data)
	case strings.EqualFold(filepath.Ext(path), ".hgt"):
		return ReadHGT(path, data)
	}
	return nil, errNotDEM
}

// demExt are the extensions Open takes from a folder.
var demExt = []string{".hgt", ".tif", ".tiff", ".dt0", ".dt1", ".dt2"}

// DEM is a mosaic of elevation grids. Where tiles overlap (SRTM and DTED
// tiles share their edge posts) the first tile given wins; between tiles
// that do not overlap the elevation is undefined, as it would be across a
// void. A DEM is safe for concurrent use.
type DEM struct {
	Grids []*Grid
	index map[[2]int][]int // whole-degree cell of lat, lon -> grids touching it
	space float64
}

// Open reads every file named, every DEM file (by extension: .hgt, .tif,
// .tiff, .dt0, .dt1, .dt2) in every folder named, and every DEM file a
// glob pattern matches, into one DEM; formats may be mixed. See Expand.
func Open(paths ...string) (*DEM, error) {
	files, err := Expand(paths...)
	if err != nil {
		return nil, err
	}
	grids := make([]*Grid, len(files))
	for i, f := range files {
		g, err := ReadFile(f)
		if err != nil {
			return nil, err
		}
		grids[i] = g
	}
	return NewDEM(grids...), nil
}

// Expand lists the tile files that paths name, in the order Open reads
// them: a file as it is; a folder's DEM files (by extension) in name
// order, not recursively; a glob pattern (path/filepath.Match syntax,
// such as tiles/N3*.hgt or dem/*) as the DEM files and folders it
// matches, in name order. A folder or pattern that yields no DEM file is
// an error, as is a path that does not exist: a tile left out is a hole
// the user did not ask for.
func Expand(paths ...string) ([]string, error) {
	var files []string
	for _, p := range paths {
		if IsGlob(p) {
			matches, err := filepath.Glob(p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w; want a pattern such as tiles/*.hgt", p, err)
			}
			n := len(files)
			for _, m := range matches {
				st, err := os.Stat(m)
				if err != nil {
					return nil, err
				}
				switch {
				case st.IsDir():
					more, err := folderTiles(m)
					if err != nil {
						return nil, err
					}
					files = append(files, more...)
				case isDEMName(m):
					files = append(files, m)
				}
			}
			if len(files) == n {
				return nil, fmt.Errorf("%s: the pattern matches no DEM files (%s)", p, strings.Join(demExt, ", "))
			}
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		more, err := folderTiles(p)
		if err != nil {
			return nil, err
		}
		files = append(files, more...)
	}
	if len(files) == 0 {
		return nil, errors.New("no DEM files given")
	}
	return files, nil
}

// IsGlob reports whether a path is a pattern for Expand rather than a
// file or folder name.
func IsGlob(p string) bool { return strings.ContainsAny(p, "*?[") }

func isDEMName(p string) bool {
	return slices.Contains(demExt, strings.ToLower(filepath.Ext(p)))
}

// folderTiles lists a folder's DEM files in name order.
func folderTiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range ents {
		if !e.IsDir() && isDEMName(e.Name()) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no DEM files (%s) in this folder; want a folder of elevation tiles (iadsim terrain fetch --out DIR downloads an area's)", dir, strings.Join(demExt, ", "))
	}
	return files, nil
}

// NewDEM makes a mosaic of grids already in memory.
func NewDEM(grids ...*Grid) *DEM {
	d := &DEM{Grids: grids, index: make(map[[2]int][]int), space: math.Inf(1)}
	for i, g := range grids {
		d.space = math.Min(d.space, g.Spacing())
		// The whole-degree cells the grid's posts touch.
		la0, la1, lo0, lo1 := g.Bounds()
		for a := degCell(la0); a <= degCell(la1); a++ {
			for o := degCell(lo0); o <= degCell(lo1); o++ {
				k := [2]int{a, o}
				d.index[k] = append(d.index[k], i)
			}
		}
	}
	return d
}

// Bounds is the latitude and longitude extent of the grid's posts,
// radians; for a UTM grid, which is not a latitude-longitude rectangle,
// the extent of its four corners.
func (g *Grid) Bounds() (south, north, west, east float64) {
	south, west = g.LatLon(0, float64(g.Rows-1))
	north, east = g.LatLon(float64(g.Cols-1), 0)
	if !g.Geographic() {
		la2, lo2 := g.LatLon(0, 0)
		la3, lo3 := g.LatLon(float64(g.Cols-1), float64(g.Rows-1))
		south, north = min(south, north, la2, la3), max(south, north, la2, la3)
		west, east = min(west, east, lo2, lo3), max(west, east, lo2, lo3)
	}
	return south, north, west, east
}

func degCell(rad float64) int { return int(math.Floor(rad * 180 / math.Pi)) }

// Elevation is the bilinear elevation from the first grid whose posts
// surround the position with no void among them.
func (d *DEM) Elevation(lat, lon float64) (float64, bool) {
	lon = math.Remainder(lon, 2*math.Pi)
	for _, i := range d.index[[2]int{degCell(lat), degCell(lon)}] {
		if z, ok := d.Grids[i].Elevation(lat, lon); ok {
			return z, true
		}
	}
	return 0, false
}

// Covers reports whether some tile's posts surround the position
// (radians), voids or not: where Elevation's false means that no tile
// reaches there rather than a void.
func (d *DEM) Covers(lat, lon float64) bool {
	lon = math.Remainder(lon, 2*math.Pi)
	for _, i := range d.index[[2]int{degCell(lat), degCell(lon)}] {
		g := d.Grids[i]
		x, y := g.Pixel(lat, lon)
		// A millionth of a post spares a tile's own edge from rounding.
		const eps = 1e-6
		if x >= -eps && y >= -eps && x <= float64(g.Cols-1)+eps && y <= float64(g.Rows-1)+eps {
			return true
		}
	}
	return false
}

// Spacing is the finest post spacing of the tiles, in metres.
func (d *DEM) Spacing() float64 { return d.space }

// Bounds is the latitude and longitude box, radians, that holds every
// tile's posts: where a map of the DEM's ground has anything to show.
// Tiles on both sides of the antimeridian give a box from the westmost
// to the eastmost longitude in [-π, π], which is the whole world's width
// there; callers that clip to it should check its width.
func (d *DEM) Bounds() (south, north, west, east float64) {
	south, west = math.Inf(1), math.Inf(1)
	north, east = math.Inf(-1), math.Inf(-1)
	for _, g := range d.Grids {
		s, n, w, e := g.Bounds()
		south, north = min(south, s), max(north, n)
		west, east = min(west, w), max(east, e)
	}
	return south, north, west, east
}

// ApplyGeoid moves every post's height from above the geoid, as SRTM,
// DTED and the Copernicus DEM give it, to above a level datum that lies
// datum metres above the WGS-84 ellipsoid: Z += N(lat, lon) − datum, N
// the geoid's height above the ellipsoid at the post (for EGM96,
// geo.Geoid.Height). Voids stay voids.
//
// The line-of-sight code measures every height from one datum (LOS's
// GeoidHeight); with datum there, a post's ellipsoidal height, Z +
// datum, is then its DEM height plus the geoid's height at that very
// post, not at the centre of the area: over 300 km N changes by 10 to
// 20 m in places (2.4 m at 35.6° N 51.2° E, -14.3 m at 38.3° N).
func (g *Grid) ApplyGeoid(n func(lat, lon float64) float64, datum float64) {
	parallel(runtime.GOMAXPROCS(0), g.Rows, 16, func(r0, r1 int) {
		for r := r0; r < r1; r++ {
			for c := range g.Cols {
				i := r*g.Cols + c
				if z := g.Z[i]; z == z {
					g.Z[i] = float32(float64(z) + n(g.LatLon(float64(c), float64(r))) - datum)
				}
			}
		}
	})
}

// ApplyGeoid applies Grid.ApplyGeoid to every tile.
func (d *DEM) ApplyGeoid(n func(lat, lon float64) float64, datum float64) {
	for _, g := range d.Grids {
		g.ApplyGeoid(n, datum)
	}
}
