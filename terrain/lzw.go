package terrain

import "errors"

// TIFF's LZW (TIFF 6.0 section 13) is not compress/lzw: codes are packed
// most significant bit first and the code width grows one code early
// ("early change": to 10 bits when the table reaches 511 entries, not
// 512). This decoder is written for it.

const (
	lzwClear = 256
	lzwEOI   = 257
	lzwMax   = 4096
)

var errLZW = errors.New("corrupt LZW data")

// decodeLZW decompresses src into dst and returns the number of bytes
// written. It stops at the end-of-information code, at the end of src, or
// when dst is full, and fails on a code that cannot occur.
func decodeLZW(dst, src []byte) (int, error) {
	var (
		prefix [lzwMax]uint16 // code of the string without its last byte
		suffix [lzwMax]byte   // last byte of the string
		first  [lzwMax]byte   // first byte of the string
		length [lzwMax]uint16
	)
	for i := range 256 {
		suffix[i], first[i], length[i] = byte(i), byte(i), 1
	}
	var (
		nbits uint32
		acc   uint32
		pos   int
		out   int
		width uint32 = 9
		next         = 258
		prev         = -1
	)
	for {
		for nbits < width {
			if pos >= len(src) {
				return out, nil // data ended without EOI: keep what we have
			}
			acc = acc<<8 | uint32(src[pos])
			pos++
			nbits += 8
		}
		nbits -= width
		code := int(acc>>nbits) & (1<<width - 1)
		switch {
		case code == lzwEOI:
			return out, nil
		case code == lzwClear:
			width, next, prev = 9, 258, -1
			continue
		case prev == -1:
			if code > 255 {
				return out, errLZW
			}
			if out < len(dst) {
				dst[out] = byte(code)
				out++
			}
			prev = code
			continue
		}
		var head byte
		switch {
		case code < next:
			head = first[code]
		case code == next:
			head = first[prev] // the KwKwK case: the string is prev + its own first byte
		default:
			return out, errLZW
		}
		if next < lzwMax {
			prefix[next], suffix[next], first[next] = uint16(prev), head, first[prev]
			length[next] = length[prev] + 1
			next++
		}
		// Write the string of code backwards from its end.
		n := int(length[code])
		end := out + n
		for c, i := code, end-1; i >= out; i-- {
			if i < len(dst) {
				dst[i] = suffix[c]
			}
			c = int(prefix[c])
		}
		out = min(end, len(dst))
		if out == len(dst) {
			return out, nil
		}
		prev = code
		if next+1 >= 1<<width && width < 12 {
			width++
		}
	}
}
