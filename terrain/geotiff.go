package terrain

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
)

// maxPixels bounds the rasters the readers accept (a 1 arc-second tile
// has 13 million posts; this is 20 such tiles).
const maxPixels = 1 << 28

// ReadGeoTIFF decodes a single-band elevation GeoTIFF (classic TIFF, either
// byte order): samples uint8, int16, uint16 or float32; compression none,
// LZW, deflate or PackBits, with predictor none, horizontal (2) or
// floating point (3); strips or tiles; GeoKeys for geographic WGS-84 or
// UTM on WGS-84, with ModelPixelScale and ModelTiepoint or a north-up
// ModelTransformation. Pixels equal to the GDAL_NODATA value become voids.
// RasterPixelIsPoint is honoured the way GDAL does: the tiepoint then
// names a pixel's centre, not its corner.
func ReadGeoTIFF(data []byte) (*Grid, error) {
	t, err := parseTIFF(data)
	if err != nil {
		return nil, err
	}
	g, err := t.georef()
	if err != nil {
		return nil, err
	}
	z, err := t.pixels()
	if err != nil {
		return nil, err
	}
	return &Grid{Georef: g, Z: z}, nil
}

// tiff is the first image of a parsed TIFF file.
type tiff struct {
	data []byte
	bo   binary.ByteOrder
	tags map[uint16]field
}

type field struct {
	typ   uint16
	count uint32
	raw   []byte // the value bytes, in the file's byte order
}

func parseTIFF(data []byte) (*tiff, error) {
	if len(data) < 8 {
		return nil, errors.New("not a TIFF file: shorter than its 8-byte header")
	}
	t := &tiff{data: data, tags: make(map[uint16]field)}
	switch string(data[:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return nil, errors.New("not a TIFF file: no II or MM byte-order mark")
	}
	switch t.bo.Uint16(data[2:]) {
	case 42:
	case 43:
		return nil, errors.New("BigTIFF is not supported; convert with gdal_translate -co BIGTIFF=NO")
	default:
		return nil, errors.New("not a TIFF file: version is not 42")
	}
	off := int64(t.bo.Uint32(data[4:]))
	if off < 8 || off+2 > int64(len(data)) {
		return nil, fmt.Errorf("truncated TIFF: first IFD at offset %d beyond the %d-byte file", off, len(data))
	}
	n := int64(t.bo.Uint16(data[off:]))
	if off+2+12*n > int64(len(data)) {
		return nil, fmt.Errorf("truncated TIFF: IFD of %d entries at offset %d runs past the end", n, off)
	}
	for i := range n {
		e := data[off+2+12*i:]
		tag, typ, count := t.bo.Uint16(e), t.bo.Uint16(e[2:]), t.bo.Uint32(e[4:])
		size := typeSize(typ)
		if size == 0 {
			continue // a type this reader never needs
		}
		total := int64(size) * int64(count)
		var raw []byte
		if total <= 4 {
			raw = e[8 : 8+total]
		} else {
			vo := int64(t.bo.Uint32(e[8:]))
			if vo+total > int64(len(data)) {
				return nil, fmt.Errorf("truncated TIFF: tag %d has %d bytes at offset %d, past the end", tag, total, vo)
			}
			raw = data[vo : vo+total]
		}
		t.tags[tag] = field{typ: typ, count: count, raw: raw}
	}
	return t, nil
}

func typeSize(typ uint16) int {
	switch typ {
	case 1, 2, 6, 7:
		return 1
	case 3, 8:
		return 2
	case 4, 9, 11:
		return 4
	case 5, 10, 12:
		return 8
	}
	return 0
}

// ints gives an integer tag's values, or nil if absent or not integer.
func (t *tiff) ints(tag uint16) []uint64 {
	f, ok := t.tags[tag]
	if !ok {
		return nil
	}
	v := make([]uint64, f.count)
	for i := range v {
		switch f.typ {
		case 1, 7:
			v[i] = uint64(f.raw[i])
		case 3:
			v[i] = uint64(t.bo.Uint16(f.raw[2*i:]))
		case 4:
			v[i] = uint64(t.bo.Uint32(f.raw[4*i:]))
		default:
			return nil
		}
	}
	return v
}

// int1 gives the single value of an integer tag, or def when absent.
func (t *tiff) int1(tag uint16, def uint64) (uint64, error) {
	_, present := t.tags[tag]
	v := t.ints(tag)
	switch {
	case !present:
		return def, nil
	case len(v) == 0:
		return 0, fmt.Errorf("tag %d is not an integer", tag)
	}
	for _, x := range v[1:] {
		if x != v[0] {
			return 0, fmt.Errorf("tag %d has differing values per sample", tag)
		}
	}
	return v[0], nil
}

func (t *tiff) doubles(tag uint16) []float64 {
	f, ok := t.tags[tag]
	if !ok || f.typ != typeDouble {
		return nil
	}
	v := make([]float64, f.count)
	for i := range v {
		v[i] = math.Float64frombits(t.bo.Uint64(f.raw[8*i:]))
	}
	return v
}

func (t *tiff) ascii(tag uint16) (string, bool) {
	f, ok := t.tags[tag]
	if !ok || f.typ != typeASCII {
		return "", false
	}
	return strings.TrimRight(string(f.raw), "\x00 "), true
}

// georef reads the GeoKeys and the model tags.
func (t *tiff) georef() (Georef, error) {
	var g Georef
	w, err := t.int1(tagImageWidth, 0)
	if err != nil {
		return g, err
	}
	h, err := t.int1(tagImageLength, 0)
	if err != nil {
		return g, err
	}
	if w == 0 || h == 0 || w > maxPixels || h > maxPixels || w*h > maxPixels {
		return g, fmt.Errorf("image size %dx%d is empty or too large", w, h)
	}
	g.Cols, g.Rows = int(w), int(h)

	keys := t.ints(tagGeoKeys)
	if len(keys) < 4 {
		return g, errors.New("no GeoKeyDirectory: a plain TIFF, not a GeoTIFF")
	}
	n := int(keys[3])
	if 4+4*n > len(keys) {
		return g, errors.New("corrupt GeoKeyDirectory: fewer keys than it announces")
	}
	key := make(map[uint64]uint64)
	for i := range n {
		k := keys[4+4*i : 8+4*i]
		if k[1] == 0 && k[2] == 1 { // short values stored in place
			key[k[0]] = k[3]
		}
	}
	point := key[keyRasterType] == rasterIsPoint
	switch key[keyModelType] {
	case modelGeographic:
		gt := key[keyGeographicType]
		if gt != EPSGWGS84 && !(gt == 32767 && key[keyGeodeticDatum] == datumWGS84) {
			return g, fmt.Errorf("geographic coordinate system EPSG:%d is not supported, only WGS-84 (4326); reproject with gdalwarp -t_srs EPSG:4326", gt)
		}
		if u, ok := key[keyAngularUnits]; ok && u != unitDegree {
			return g, fmt.Errorf("angular unit EPSG:%d is not supported, only degrees (9102)", u)
		}
		g.EPSG = EPSGWGS84
	case modelProjected:
		pt := key[keyProjectedType]
		if _, _, err := utmZone(int(pt)); err != nil {
			return g, fmt.Errorf("projected %w; reproject with gdalwarp -t_srs EPSG:4326", err)
		}
		if u, ok := key[keyLinearUnits]; ok && u != unitMetre {
			return g, fmt.Errorf("linear unit EPSG:%d is not supported, only metres (9001)", u)
		}
		g.EPSG = int(pt)
	default:
		return g, fmt.Errorf("model type %d is not supported (want 1 projected or 2 geographic)", key[keyModelType])
	}

	var i0, j0 float64
	if m := t.doubles(tagTransformation); len(m) == 16 {
		if m[1] != 0 || m[4] != 0 {
			return g, errors.New("rotated or sheared rasters are not supported, only north-up")
		}
		g.X0, g.DX, g.Y0, g.DY = m[3], m[0], m[7], -m[5]
	} else {
		s, tp := t.doubles(tagPixelScale), t.doubles(tagTiepoint)
		if len(s) < 2 || len(tp) < 6 {
			return g, errors.New("no ModelPixelScale and ModelTiepoint, nor ModelTransformation: the raster is not placed on the earth")
		}
		i0, j0 = tp[0], tp[1]
		g.DX, g.DY = s[0], s[1]
		g.X0, g.Y0 = tp[3]-i0*g.DX, tp[4]+j0*g.DY
	}
	if point {
		// The raster point (0, 0) is the centre of the first pixel.
		g.X0 -= g.DX / 2
		g.Y0 += g.DY / 2
	}
	if err := g.check(); err != nil {
		return g, err
	}
	return g, nil
}

// pixels decodes the image into float32 posts, voids as NaN.
func (t *tiff) pixels() ([]float32, error) {
	w64, _ := t.int1(tagImageWidth, 0)
	h64, _ := t.int1(tagImageLength, 0)
	w, h := int(w64), int(h64)
	spp, err := t.int1(tagSamplesPerPixel, 1)
	if err != nil {
		return nil, err
	}
	if spp != 1 {
		return nil, fmt.Errorf("%d samples per pixel; only single-band rasters are supported", spp)
	}
	bps, err := t.int1(tagBitsPerSample, 1)
	if err != nil {
		return nil, err
	}
	sf, err := t.int1(tagSampleFormat, 1)
	if err != nil {
		return nil, err
	}
	switch {
	case bps == 8 && sf == 1, bps == 16 && (sf == 1 || sf == 2), bps == 32 && sf == 3:
	default:
		return nil, fmt.Errorf("sample type of %d bits, format %d, is not supported (want int16, uint16, float32 or uint8)", bps, sf)
	}
	size := int(bps / 8)
	comp, err := t.int1(tagCompression, compNone)
	if err != nil {
		return nil, err
	}
	var ratio int // the most a compressed byte can expand to
	switch comp {
	case compNone:
		ratio = 1
	case compPackBits:
		ratio = 64
	case compDeflate, compDeflate2:
		ratio = 1100
	case compLZW:
		ratio = 4096
	default:
		return nil, fmt.Errorf("compression %d is not supported (want none, LZW, deflate or PackBits)", comp)
	}
	pred, err := t.int1(tagPredictor, 1)
	if err != nil {
		return nil, err
	}
	if pred != 1 && pred != 2 && pred != 3 || pred == 3 && sf != 3 || pred == 2 && sf == 3 {
		return nil, fmt.Errorf("predictor %d is not supported for this sample type", pred)
	}
	if pc, _ := t.int1(tagPlanarConfig, 1); pc != 1 && pc != 2 {
		return nil, fmt.Errorf("planar configuration %d is not valid", pc)
	}

	// Blocks: strips are tiles as wide as the image.
	bw, bh := w, h
	offsets, counts := t.ints(tagStripOffsets), t.ints(tagStripByteCounts)
	if _, tiled := t.tags[tagTileWidth]; tiled {
		tw, err1 := t.int1(tagTileWidth, 0)
		th, err2 := t.int1(tagTileLength, 0)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		if tw == 0 || th == 0 || tw > maxPixels || th > maxPixels || tw*th > maxPixels {
			return nil, fmt.Errorf("tile size %dx%d is empty or too large", tw, th)
		}
		bw, bh = int(tw), int(th)
		offsets, counts = t.ints(tagTileOffsets), t.ints(tagTileByteCounts)
	} else {
		rps, err := t.int1(tagRowsPerStrip, uint64(h))
		if err != nil {
			return nil, err
		}
		if rps == 0 {
			return nil, errors.New("rows per strip is 0")
		}
		bh = int(min(rps, uint64(h)))
	}
	across, down := (w+bw-1)/bw, (h+bh-1)/bh
	nb := across * down
	if len(offsets) != nb || len(counts) != nb {
		return nil, fmt.Errorf("%d block offsets and %d byte counts, want %d blocks of %dx%d", len(offsets), len(counts), nb, bw, bh)
	}
	var total int64
	for i := range offsets {
		if offsets[i]+counts[i] > uint64(len(t.data)) {
			return nil, fmt.Errorf("truncated: block %d of %d bytes at offset %d runs past the end of the %d-byte file", i, counts[i], offsets[i], len(t.data))
		}
		total += int64(counts[i])
	}
	blockBytes := bw * bh * size
	if int64(w)*int64(h)*int64(size) > total*int64(ratio) {
		return nil, fmt.Errorf("truncated: %d bytes of image data cannot hold %dx%d samples", total, w, h)
	}

	noData, hasNoData := math.NaN(), false
	if s, ok := t.ascii(tagGDALNoData); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("GDAL_NODATA %q is not a number", s)
		}
		noData, hasNoData = v, !math.IsNaN(v)
	}
	nd := float32(noData)

	z := make([]float32, w*h)
	conv := rowConverter(bps, sf, t.bo)
	_, tiled := t.tags[tagTileWidth]
	// Blocks are independent: decode them on every core, each worker
	// with its own buffer, and report the first bad block by number.
	errs := make([]error, nb)
	workers := runtime.GOMAXPROCS(0)
	bufs := make(chan []byte, workers)
	for range workers {
		bufs <- nil
	}
	parallel(workers, nb, 1, func(b0, b1 int) {
		buf := <-bufs
		defer func() { bufs <- buf }()
		for b := b0; b < b1; b++ {
			src := t.data[offsets[b] : offsets[b]+counts[b]]
			bx, by := b%across, b/across
			// A strip at the bottom holds only the rows left; a tile is
			// always whole, padded past the image edge.
			rows := bh
			if !tiled {
				rows = min(bh, h-by*bh)
			}
			need := bw * rows * size
			var block []byte
			if comp == compNone && pred == 1 {
				if len(src) < need {
					errs[b] = fmt.Errorf("block %d: truncated: %d bytes, want %d", b, len(src), need)
					return
				}
				block = src[:need]
			} else {
				if cap(buf) < blockBytes {
					buf = make([]byte, blockBytes)
				}
				block = buf[:need]
				if err := decompress(block, src, comp); err != nil {
					errs[b] = fmt.Errorf("block %d: %w", b, err)
					return
				}
				undoPredictor(block, pred, bw, rows, size, t.bo)
			}
			x0 := bx * bw
			cols := min(bw, w-x0)
			for r := range rows {
				y := by*bh + r
				if y >= h {
					break
				}
				dst := z[y*w+x0 : y*w+x0+cols]
				conv(dst, block[r*bw*size:])
				if hasNoData {
					for i, v := range dst {
						if v == nd {
							dst[i] = float32(math.NaN())
						}
					}
				}
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return z, nil
}

// rowConverter gives the function that turns the samples of a row, of bps
// bits in sample format sf and byte order bo, into elevations.
func rowConverter(bps, sf uint64, bo binary.ByteOrder) func(dst []float32, src []byte) {
	le := bo == binary.LittleEndian
	switch {
	case bps == 8:
		return func(dst []float32, src []byte) {
			src = src[:len(dst)]
			for i := range dst {
				dst[i] = float32(src[i])
			}
		}
	case bps == 16 && sf == 2 && le:
		return func(dst []float32, src []byte) {
			src = src[:2*len(dst)]
			for i := range dst {
				dst[i] = float32(int16(uint16(src[2*i]) | uint16(src[2*i+1])<<8))
			}
		}
	case bps == 16 && sf == 2:
		return func(dst []float32, src []byte) {
			src = src[:2*len(dst)]
			for i := range dst {
				dst[i] = float32(int16(uint16(src[2*i])<<8 | uint16(src[2*i+1])))
			}
		}
	case bps == 16:
		return func(dst []float32, src []byte) {
			src = src[:2*len(dst)]
			for i := range dst {
				dst[i] = float32(bo.Uint16(src[2*i:]))
			}
		}
	default:
		return func(dst []float32, src []byte) {
			src = src[:4*len(dst)]
			for i := range dst {
				dst[i] = math.Float32frombits(bo.Uint32(src[4*i:]))
			}
		}
	}
}

func decompress(dst, src []byte, comp uint64) error {
	var n int
	var err error
	switch comp {
	case compNone:
		n = copy(dst, src)
	case compPackBits:
		n, err = decodePackBits(dst, src)
	case compLZW:
		n, err = decodeLZW(dst, src)
	default:
		var zr io.ReadCloser
		zr, err = zlib.NewReader(bytes.NewReader(src))
		if err != nil {
			return fmt.Errorf("corrupt deflate data: %w", err)
		}
		n, err = io.ReadFull(zr, dst)
		if err != nil {
			return fmt.Errorf("corrupt deflate data: %w", err)
		}
		// Read to the end, where zlib checks its Adler-32 checksum.
		switch _, err := zr.Read(make([]byte, 1)); err {
		case io.EOF:
		case nil:
			return errors.New("corrupt deflate data: more data than the image holds")
		default:
			return fmt.Errorf("corrupt deflate data: %w", err)
		}
	}
	if err != nil {
		return err
	}
	if n < len(dst) {
		return fmt.Errorf("truncated: %d bytes decoded, want %d", n, len(dst))
	}
	return nil
}

// undoPredictor reverses the TIFF predictors in place: 2 is horizontal
// differencing of samples, 3 is differencing of bytes after the bytes of
// each row were regrouped most significant first (Adobe Photoshop TIFF
// Technical Note 3).
func undoPredictor(b []byte, pred uint64, w, rows, size int, bo binary.ByteOrder) {
	switch pred {
	case 2:
		for r := range rows {
			row := b[r*w*size : (r+1)*w*size]
			switch size {
			case 1:
				for i := 1; i < w; i++ {
					row[i] += row[i-1]
				}
			case 2:
				for i := 1; i < w; i++ {
					bo.PutUint16(row[2*i:], bo.Uint16(row[2*i:])+bo.Uint16(row[2*i-2:]))
				}
			}
		}
	case 3:
		tmp := make([]byte, w*size)
		for r := range rows {
			row := b[r*w*size : (r+1)*w*size]
			for i := 1; i < len(row); i++ {
				row[i] += row[i-1]
			}
			copy(tmp, row)
			for i := range w {
				var v uint32
				for k := range size {
					v = v<<8 | uint32(tmp[k*w+i])
				}
				bo.PutUint32(row[4*i:], v)
			}
		}
	}
}
