package playback

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"time"

	"github.com/iadsim/iadsim/dis"
	"github.com/iadsim/iadsim/epoch"
)

// Send writes each frame to w, one PDU a write (to a UDP connection, one
// datagram each). With realtime, frame k goes out T_k - T_0 after the
// first; without, as fast as w takes them. It stops early when ctx is
// done.
func Send(ctx context.Context, w io.Writer, frames []Frame, realtime bool) error {
	start := time.Now()
	for i, f := range frames {
		if realtime && i > 0 {
			due := start.Add(time.Duration((f.T - frames[0].T) * float64(time.Second)))
			if d := time.Until(due); d > 0 {
				timer := time.NewTimer(d)
				select {
				case <-ctx.Done():
					timer.Stop()
					return ctx.Err()
				case <-timer.C:
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := w.Write(f.Data); err != nil {
			return fmt.Errorf("PDU %d (%v at %.3f s): %w", i+1, f.Type, f.T, err)
		}
	}
	return nil
}

// WritePcap writes the frames into a pcap file as UDP datagrams from src
// to dst, each stamped with its instant on the epoch's calendar.
func WritePcap(w io.Writer, frames []Frame, ep epoch.Epoch, src, dst netip.AddrPort) error {
	pw, err := dis.NewPcapWriter(w, src, dst)
	if err != nil {
		return err
	}
	for _, f := range frames {
		if err := pw.WritePDU(ep.At(f.T), f.Data); err != nil {
			return err
		}
	}
	return nil
}

// SendUDP sends the frames as datagrams to dst, in real time or as fast
// as possible, as Send does. The socket is unconnected: a receiver that
// comes and goes (an ICMP port unreachable) does not stop the send, as
// DIS is fire and forget.
func SendUDP(ctx context.Context, dst netip.AddrPort, frames []Frame, realtime bool) error {
	conn, err := net.ListenUDP("udp4", nil)
	if err != nil {
		return err
	}
	defer conn.Close()
	return Send(ctx, datagrams{conn, net.UDPAddrFromAddrPort(dst)}, frames, realtime)
}

// datagrams writes each Write as one datagram to dst.
type datagrams struct {
	conn *net.UDPConn
	dst  *net.UDPAddr
}

func (d datagrams) Write(b []byte) (int, error) { return d.conn.WriteToUDP(b, d.dst) }
