package terrain

import "errors"

var errPackBits = errors.New("corrupt PackBits data")

// decodePackBits expands Apple's PackBits run-length code (TIFF 6.0
// section 9) from src into dst and returns the number of bytes written.
func decodePackBits(dst, src []byte) (int, error) {
	out, i := 0, 0
	for i < len(src) && out < len(dst) {
		n := int(int8(src[i]))
		i++
		switch {
		case n >= 0: // n+1 literal bytes
			if i+n+1 > len(src) {
				return out, errPackBits
			}
			out += copy(dst[out:], src[i:i+n+1])
			i += n + 1
		case n != -128: // the next byte 1-n times
			if i >= len(src) {
				return out, errPackBits
			}
			b := src[i]
			i++
			for k := 0; k < 1-n && out < len(dst); k++ {
				dst[out] = b
				out++
			}
		}
	}
	return out, nil
}
