package dis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
)

// Listen prints each PDU that conn receives to out, one a line: its
// number from 1, then Describe's text. A datagram that is not a DIS PDU
// is reported on errw (its sender, its size, why) and not counted; a PDU
// of a type this package does not decode is printed by its header. It
// returns after count PDUs (0: no limit), or with nil once ctx is done
// (close conn to end a read in progress), or with conn's error.
func Listen(ctx context.Context, conn net.PacketConn, out, errw io.Writer, count int) error {
	buf := make([]byte, 65536)
	for n := 0; count == 0 || n < count; {
		m, from, err := conn.ReadFrom(buf)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		p, err := Unmarshal(buf[:m])
		if err != nil && !errors.Is(err, ErrUnsupported) {
			fmt.Fprintf(errw, "%v: %d bytes: %v\n", from, m, err)
			continue
		}
		n++
		fmt.Fprintf(out, "%s %s\n", strconv.Itoa(n), Describe(p))
	}
	return nil
}
