package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/signal"

	"github.com/iadsim/iadsim/dis"
	"github.com/iadsim/iadsim/dis/playback"
	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"github.com/spf13/cobra"
)

// disFlags are iadsim run's DIS options.
type disFlags struct {
	addr     string // --dis ADDR:PORT
	pcap     string // --dis-pcap FILE
	fast     bool   // --dis-fast
	exercise uint8  // --dis-exercise
}

func (f *disFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.addr, "dis", "", "send the run as DIS v7 PDUs over UDP to ADDR:PORT (a unicast, broadcast or multicast address), in real time unless --dis-fast")
	cmd.Flags().StringVar(&f.pcap, "dis-pcap", "", "write the run's DIS PDUs to this pcap file (UDP to port 3000, or to --dis's address)")
	cmd.Flags().BoolVar(&f.fast, "dis-fast", false, "send the DIS PDUs as fast as possible instead of in real time")
	cmd.Flags().Uint8Var(&f.exercise, "dis-exercise", 1, "DIS exercise ID of the PDUs (1-255)")
}

func (f *disFlags) wanted() bool { return f.addr != "" || f.pcap != "" }

// check reads the flags before the run, so that a mistake costs no run.
// It returns the destination of the datagrams: --dis's address, or the
// loopback on the DIS port.
func (f *disFlags) check() (netip.AddrPort, error) {
	dst := netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), dis.Port)
	if f.exercise == 0 {
		return dst, inputError{errors.New("--dis-exercise 0: want an exercise ID from 1 to 255")}
	}
	if f.fast && f.addr == "" {
		return dst, inputError{errors.New("--dis-fast: sets how --dis sends; give --dis ADDR:PORT")}
	}
	if f.addr == "" {
		return dst, nil
	}
	a, err := net.ResolveUDPAddr("udp4", f.addr)
	if err != nil || a.Port == 0 {
		return dst, inputError{fmt.Errorf("--dis %q: want an IPv4 host and port, such as 127.0.0.1:3000 or 192.168.1.255:3000", f.addr)}
	}
	return a.AddrPort(), nil
}

// emit sends the run's PDUs and writes them to the pcap file, as the flags
// ask. The pcap is written first, whole or not at all; the network send
// then takes the run's time unless --dis-fast. Interrupt stops it.
func (f *disFlags) emit(cmd *cobra.Command, dst netip.AddrPort, s *scenario.Scenario, res *record.Result) error {
	frames, err := playback.Frames(s, res, playback.Options{Exercise: f.exercise})
	if err != nil {
		return err
	}
	if f.pcap != "" {
		src := netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), dis.Port)
		if err := writeFileAtomic("--dis-pcap", f.pcap, func(w io.Writer) error {
			return playback.WritePcap(w, frames, epoch.New(s.Epoch), src, dst)
		}); err != nil {
			return err
		}
	}
	if f.addr == "" {
		return nil
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := playback.SendUDP(ctx, dst, frames, !f.fast); err != nil {
		return fmt.Errorf("--dis %s: %w", f.addr, err)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "dis: sent %d PDUs to %s\n", len(frames), dst)
	return nil
}

func newDISCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "dis",
		Short: "Distributed Interactive Simulation (IEEE 1278.1-2012) tools",
	}
	cmd.AddCommand(newDISListenCmd())
	return cmd
}

func newDISListenCmd() *cobra.Command {
	var count int
	cmd := &cobra.Command{
		Use:   "listen ADDR:PORT",
		Short: "Print the DIS PDUs received on a UDP address, one a line",
		Long: `Listen receives UDP datagrams on ADDR:PORT (such as 0.0.0.0:3000, or
127.0.0.1:3000 for what iadsim run --dis 127.0.0.1:3000 sends) and prints
each DIS PDU in it: Entity State, Fire, Detonation and Electromagnetic
Emission with their fields, other PDU types by their header. A datagram
that is not a DIS PDU is reported on stderr and skipped. --count N stops
after N PDUs; otherwise it runs until interrupted.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if count < 0 {
				return inputError{fmt.Errorf("--count %d: want 0 (no limit) or more", count)}
			}
			laddr, err := net.ResolveUDPAddr("udp", a[0])
			if err != nil {
				return inputError{fmt.Errorf("%q: want a host and port to listen on, such as 0.0.0.0:3000", a[0])}
			}
			var conn *net.UDPConn
			if laddr.IP.IsMulticast() {
				conn, err = net.ListenMulticastUDP("udp", nil, laddr)
			} else {
				conn, err = net.ListenUDP("udp", laddr)
			}
			if err != nil {
				return fmt.Errorf("listen %s: %w", a[0], err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "dis: listening on %s\n", conn.LocalAddr())
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			go func() { <-ctx.Done(); conn.Close() }()
			defer conn.Close()
			return dis.Listen(ctx, conn, cmd.OutOrStdout(), cmd.ErrOrStderr(), count)
		},
	}
	cmd.Flags().IntVar(&count, "count", 0, "stop after this many PDUs (0: run until interrupted)")
	return cmd
}
