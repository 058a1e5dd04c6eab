package playback

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"
)

// TestSendUDP sends three frames as fast as possible to a loopback
// socket: each arrives as one datagram, in order, byte for byte.
func TestSendUDP(t *testing.T) {
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Skipf("no loopback UDP: %v", err)
	}
	defer conn.Close()
	frames := []Frame{{T: 0, Data: []byte("one")}, {T: 1, Data: []byte("two two")}, {T: 2, Data: []byte("three")}}
	if err := SendUDP(context.Background(), conn.LocalAddr().(*net.UDPAddr).AddrPort(), frames, false); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 64)
	for i, f := range frames {
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatalf("datagram %d: %v", i+1, err)
		}
		if !bytes.Equal(buf[:n], f.Data) {
			t.Errorf("datagram %d: %q, want %q", i+1, buf[:n], f.Data)
		}
	}
}
