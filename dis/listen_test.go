package dis

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
)

// TestListen sends a junk datagram and two Entity State PDUs over the
// loopback: the junk is reported and not counted, the PDUs are printed
// numbered, and Listen returns after count.
func TestListen(t *testing.T) {
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback UDP: %v", err)
	}
	defer conn.Close()
	tx, err := net.Dial("udp4", conn.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	pdu, err := Marshal(&EntityState{ID: EntityID{1, 2, 3}, Marking: NewMarking("SAM-1"), DeadReckoning: DeadReckoning{Algorithm: DRStatic}})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{[]byte("not a PDU"), pdu, pdu} {
		if _, err := tx.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	var out, errw bytes.Buffer
	if err := Listen(context.Background(), conn, &out, &errw, 2); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "1 Entity State") || !strings.HasPrefix(lines[1], "2 Entity State") ||
		!strings.Contains(lines[0], `entity 1:2:3 "SAM-1"`) {
		t.Errorf("printed:\n%s", out.String())
	}
	if !strings.Contains(errw.String(), "9 bytes:") {
		t.Errorf("the junk datagram was not reported: %q", errw.String())
	}
	// Once the context is done, a read that fails ends Listen quietly.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	conn.Close()
	if err := Listen(ctx, conn, &out, &errw, 0); err != nil {
		t.Errorf("after cancel: %v", err)
	}
}
