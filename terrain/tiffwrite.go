package terrain

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// Pixel is a sample type WriteGeoTIFF can write.
type Pixel interface {
	~uint8 | ~int16 | ~uint16 | ~float32
}

// Raster is one band of pixels on a Georef, row-major from the north-west
// corner. NoData, when HasNoData, is the value that marks a pixel without
// data; it is written as GDAL's GDAL_NODATA tag.
type Raster[T Pixel] struct {
	Georef
	Pix       []T
	NoData    float64
	HasNoData bool
}

// TIFF tags and codes used by the reader and the writer (TIFF 6.0, GeoTIFF
// 1.0, GDAL).
const (
	tagImageWidth      = 256
	tagImageLength     = 257
	tagBitsPerSample   = 258
	tagCompression     = 259
	tagPhotometric     = 262
	tagStripOffsets    = 273
	tagSamplesPerPixel = 277
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagPlanarConfig    = 284
	tagPredictor       = 317
	tagTileWidth       = 322
	tagTileLength      = 323
	tagTileOffsets     = 324
	tagTileByteCounts  = 325
	tagSampleFormat    = 339
	tagPixelScale      = 33550
	tagTiepoint        = 33922
	tagTransformation  = 34264
	tagGeoKeys         = 34735
	tagGeoDoubles      = 34736
	tagGeoASCII        = 34737
	tagGDALNoData      = 42113

	typeByte   = 1
	typeASCII  = 2
	typeShort  = 3
	typeLong   = 4
	typeDouble = 12

	compNone     = 1
	compLZW      = 5
	compDeflate  = 8
	compDeflate2 = 32946 // the old code for deflate, still met
	compPackBits = 32773
)

// GeoKeys (GeoTIFF 1.0 section 6.3).
const (
	keyModelType      = 1024
	keyRasterType     = 1025
	keyGeographicType = 2048
	keyGeodeticDatum  = 2050
	keyAngularUnits   = 2054
	keyProjectedType  = 3072
	keyLinearUnits    = 3076

	modelProjected  = 1
	modelGeographic = 2
	rasterIsArea    = 1
	rasterIsPoint   = 2
	unitDegree      = 9102
	unitMetre       = 9001
	datumWGS84      = 6326
)

// WriteOptions tune WriteGeoTIFF. The zero value writes uncompressed.
type WriteOptions struct {
	Deflate bool // compress each strip with deflate (TIFF compression 8)
	// Description is the band's description, as gdalinfo shows it
	// ("Description = ..."): what the values mean.
	Description string
	// Metadata are the dataset's metadata items, name to value, as
	// gdalinfo lists them; names are XML names.
	Metadata map[string]string
	// Palette, for a byte raster, is its colour table: value i is drawn
	// as Palette[i] (values past its end black), so that a viewer shows
	// the raster's meaning without a style. TIFF keeps no alpha.
	Palette []color.RGBA
}

// Tags of a palette and of GDAL's metadata.
const (
	tagColorMap     = 320   // TIFF 6.0, section 5: Palette-color images
	tagGDALMetadata = 42112 // GDAL's XML metadata, band descriptions among them
	photoPalette    = 3
)

// gdalMetadata writes the XML that GDAL reads from its TIFF tag 42112:
// dataset items in name order, then the band's description.
func gdalMetadata(opt *WriteOptions) string {
	if opt.Description == "" && len(opt.Metadata) == 0 {
		return ""
	}
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	// GDAL unescapes an item's value twice (the XML's and its own
	// escaping), and so writes it escaped twice: "a & b" is
	// "a &amp;amp; b" in the files gdal_translate -mo writes.
	value := func(s string) string { return esc(esc(s)) }
	var b strings.Builder
	b.WriteString("<GDALMetadata>\n")
	for _, k := range slices.Sorted(maps.Keys(opt.Metadata)) {
		fmt.Fprintf(&b, "  <Item name=\"%s\">%s</Item>\n", esc(k), value(opt.Metadata[k]))
	}
	if opt.Description != "" {
		fmt.Fprintf(&b, "  <Item name=\"DESCRIPTION\" sample=\"0\" role=\"description\">%s</Item>\n", value(opt.Description))
	}
	b.WriteString("</GDALMetadata>")
	return b.String()
}

// WriteGeoTIFF writes r as a single-band, little-endian GeoTIFF in strips,
// with its georeferencing as GeoKeys (PixelIsArea, so gdalinfo shows the
// same origin and pixel size as r.Georef) and its no-data value as the
// GDAL_NODATA tag.
func WriteGeoTIFF[T Pixel](w io.Writer, r *Raster[T], opt *WriteOptions) error {
	if err := r.Georef.check(); err != nil {
		return err
	}
	if len(r.Pix) != r.Cols*r.Rows {
		return fmt.Errorf("raster has %d pixels, want %d x %d", len(r.Pix), r.Cols, r.Rows)
	}
	if opt == nil {
		opt = &WriteOptions{}
	}
	var zero T
	size := binary.Size(zero)
	bits := uint32(8 * size)
	format := uint32(1) // unsigned integer
	switch any(zero).(type) {
	case int16:
		format = 2
	case float32:
		format = 3
	}

	// Strips of about 64 KiB, as GDAL writes by default (8 KiB there).
	rowBytes := r.Cols * size
	perStrip := max(1, 65536/rowBytes)
	nStrips := (r.Rows + perStrip - 1) / perStrip
	// Uncompressed strips are written straight from the pixels, or from
	// one strip's buffer at a time; deflated ones are made first, on every
	// core, for their sizes go in the header.
	strips := make([][]byte, nStrips)
	stripPix := func(s int) []T {
		r0, r1 := s*perStrip, min((s+1)*perStrip, r.Rows)
		return r.Pix[r0*r.Cols : r1*r.Cols]
	}
	if opt.Deflate {
		workers := runtime.GOMAXPROCS(0)
		errs := make([]error, nStrips)
		parallel(workers, nStrips, 1, func(s0, s1 int) {
			var raw []byte
			for s := s0; s < s1; s++ {
				raw = appendLE(raw[:0], stripPix(s))
				var z bytes.Buffer
				zw, _ := zlib.NewWriterLevel(&z, zlib.DefaultCompression)
				zw.Write(raw)
				errs[s] = zw.Close()
				strips[s] = z.Bytes()
			}
		})
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
	}
	stripLen := func(s int) int {
		if opt.Deflate {
			return len(strips[s])
		}
		return len(stripPix(s)) * size
	}

	compression := uint32(compNone)
	if opt.Deflate {
		compression = compDeflate
	}
	ifd := []ifdEntry{
		{tag: tagImageWidth, typ: typeLong, ints: []uint32{uint32(r.Cols)}},
		{tag: tagImageLength, typ: typeLong, ints: []uint32{uint32(r.Rows)}},
		{tag: tagBitsPerSample, typ: typeShort, ints: []uint32{bits}},
		{tag: tagCompression, typ: typeShort, ints: []uint32{compression}},
		{tag: tagPhotometric, typ: typeShort, ints: []uint32{1}}, // black is zero
		{tag: tagStripOffsets, typ: typeLong, ints: make([]uint32, nStrips)},
		{tag: tagSamplesPerPixel, typ: typeShort, ints: []uint32{1}},
		{tag: tagRowsPerStrip, typ: typeLong, ints: []uint32{uint32(perStrip)}},
		{tag: tagStripByteCounts, typ: typeLong, ints: make([]uint32, nStrips)},
		{tag: tagPlanarConfig, typ: typeShort, ints: []uint32{1}},
		{tag: tagSampleFormat, typ: typeShort, ints: []uint32{format}},
		{tag: tagPixelScale, typ: typeDouble, floats: []float64{r.DX, r.DY, 0}},
		{tag: tagTiepoint, typ: typeDouble, floats: []float64{0, 0, 0, r.X0, r.Y0, 0}},
		{tag: tagGeoKeys, typ: typeShort, ints: geoKeys(r.EPSG)},
	}
	if len(opt.Palette) > 0 {
		if size != 1 {
			return fmt.Errorf("a colour table is for a byte raster, not %d-bit samples", bits)
		}
		if len(opt.Palette) > 256 {
			return fmt.Errorf("a colour table of %d colours; a byte raster has 256 values", len(opt.Palette))
		}
		// Red, then green, then blue, each 256 values on 16 bits.
		cm := make([]uint32, 3*256)
		for i, c := range opt.Palette {
			cm[i], cm[256+i], cm[512+i] = 257*uint32(c.R), 257*uint32(c.G), 257*uint32(c.B)
		}
		ifd[4].ints[0] = photoPalette
		ifd = append(ifd, ifdEntry{tag: tagColorMap, typ: typeShort, ints: cm})
	}
	if md := gdalMetadata(opt); md != "" {
		ifd = append(ifd, ifdEntry{tag: tagGDALMetadata, typ: typeASCII, ascii: md})
	}
	if r.HasNoData {
		ifd = append(ifd, ifdEntry{tag: tagGDALNoData, typ: typeASCII, ascii: noDataString(r.NoData)})
	}
	// TIFF wants the tags in order; those added come after the strips'.
	slices.SortStableFunc(ifd, func(a, b ifdEntry) int { return int(a.tag) - int(b.tag) })
	for i := range strips {
		ifd[8].ints[i] = uint32(stripLen(i))
	}

	// Layout: header, IFD, out-of-line values, strips.
	const header = 8
	ifdSize := 2 + 12*len(ifd) + 4
	off := header + ifdSize
	for i := range ifd {
		if n := ifd[i].size(); n > 4 {
			ifd[i].offset = uint32(off)
			off += n + n%2
		}
	}
	for i := range strips {
		ifd[5].ints[i] = uint32(off)
		off += stripLen(i)
	}
	if off > math.MaxUint32 {
		return fmt.Errorf("raster of %d bytes is too large for a classic TIFF", off)
	}
	// Strip offsets changed after the layout was fixed, but not their size.

	le := binary.LittleEndian
	var b bytes.Buffer
	b.Grow(off - dataBytes(nStrips, stripLen))
	b.Write([]byte{'I', 'I', 42, 0})
	b.Write(le.AppendUint32(nil, header))
	b.Write(le.AppendUint16(nil, uint16(len(ifd))))
	for _, e := range ifd {
		b.Write(le.AppendUint16(nil, e.tag))
		b.Write(le.AppendUint16(nil, e.typ))
		b.Write(le.AppendUint32(nil, uint32(e.count())))
		if e.size() > 4 {
			b.Write(le.AppendUint32(nil, e.offset))
		} else {
			v := e.bytes()
			b.Write(v)
			b.Write(make([]byte, 4-len(v)))
		}
	}
	b.Write([]byte{0, 0, 0, 0}) // no next IFD
	for _, e := range ifd {
		if e.size() > 4 {
			v := e.bytes()
			b.Write(v)
			if len(v)%2 == 1 {
				b.WriteByte(0)
			}
		}
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	if p, ok := any(r.Pix).([]uint8); ok && !opt.Deflate {
		// The strips follow each other in the pixels: one write.
		_, err := w.Write(p)
		return err
	}
	var buf []byte
	for s := range strips {
		data := strips[s]
		if !opt.Deflate {
			if p, ok := any(stripPix(s)).([]uint8); ok {
				data = p
			} else {
				buf = appendLE(buf[:0], stripPix(s))
				data = buf
			}
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return nil
}

// dataBytes is the size of the image data of n strips.
func dataBytes(n int, stripLen func(int) int) int {
	t := 0
	for s := range n {
		t += stripLen(s)
	}
	return t
}

// appendLE appends the pixels to b in little-endian byte order.
func appendLE[T Pixel](b []byte, pix []T) []byte {
	switch p := any(pix).(type) {
	case []uint8:
		return append(b, p...)
	case []int16:
		for _, v := range p {
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
		}
	case []uint16:
		for _, v := range p {
			b = binary.LittleEndian.AppendUint16(b, v)
		}
	case []float32:
		for _, v := range p {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		}
	default:
		// A named pixel type: through encoding/binary's reflection.
		var buf bytes.Buffer
		binary.Write(&buf, binary.LittleEndian, pix)
		b = append(b, buf.Bytes()...)
	}
	return b
}

func WriteGeoTIFFFile[T Pixel](path string, r *Raster[T], opt *WriteOptions) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	// A temporary file is made 0600; the raster is an ordinary output.
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := WriteGeoTIFF(f, r, opt); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// geoKeys is the GeoKeyDirectory of an EPSG code.
func geoKeys(epsg int) []uint32 {
	keys := [][4]uint32{{keyModelType, 0, 1, modelGeographic}, {keyRasterType, 0, 1, rasterIsArea}}
	if epsg == EPSGWGS84 {
		keys = append(keys, [4]uint32{keyGeographicType, 0, 1, EPSGWGS84}, [4]uint32{keyAngularUnits, 0, 1, unitDegree})
	} else {
		keys[0][3] = modelProjected
		keys = append(keys, [4]uint32{keyProjectedType, 0, 1, uint32(epsg)}, [4]uint32{keyLinearUnits, 0, 1, unitMetre})
	}
	d := []uint32{1, 1, 0, uint32(len(keys))}
	for _, k := range keys {
		d = append(d, k[:]...)
	}
	return d
}

func noDataString(v float64) string {
	if math.IsNaN(v) {
		return "nan"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// ifdEntry is one tag of an IFD being written.
type ifdEntry struct {
	tag, typ uint16
	ints     []uint32
	floats   []float64
	ascii    string
	offset   uint32
}

func (e ifdEntry) count() int {
	switch e.typ {
	case typeDouble:
		return len(e.floats)
	case typeASCII:
		return len(e.ascii) + 1
	}
	return len(e.ints)
}

func (e ifdEntry) size() int {
	switch e.typ {
	case typeDouble:
		return 8 * len(e.floats)
	case typeASCII:
		return len(e.ascii) + 1
	case typeShort:
		return 2 * len(e.ints)
	}
	return 4 * len(e.ints)
}

func (e ifdEntry) bytes() []byte {
	le := binary.LittleEndian
	var b []byte
	switch e.typ {
	case typeDouble:
		for _, f := range e.floats {
			b = le.AppendUint64(b, math.Float64bits(f))
		}
	case typeASCII:
		b = append([]byte(e.ascii), 0)
	case typeShort:
		for _, v := range e.ints {
			b = le.AppendUint16(b, uint16(v))
		}
	default:
		for _, v := range e.ints {
			b = le.AppendUint32(b, v)
		}
	}
	return b
}
