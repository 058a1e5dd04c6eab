package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// freeUDPPort is a loopback UDP address no one listens on now.
func freeUDPPort(t *testing.T) string {
	t.Helper()
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := c.LocalAddr().String()
	c.Close()
	return addr
}

// TestDISSendAndListen: iadsim dis listen prints the PDUs iadsim run --dis
// sends it over the loopback, and --dis-pcap writes one packet per PDU
// sent. (tshark's reading of the same PDUs is dis/playback's TestTshark.)
func TestDISSendAndListen(t *testing.T) {
	addr := freeUDPPort(t)
	listener := exec.Command(bin, "dis", "listen", addr, "--count", "20")
	var out bytes.Buffer
	listener.Stdout = &out
	stderr, err := listener.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := listener.Start(); err != nil {
		t.Fatal(err)
	}
	defer listener.Process.Kill()
	// Wait until it listens.
	line, err := bufio.NewReader(stderr).ReadString('\n')
	if err != nil || !strings.Contains(line, "listening on "+addr) {
		t.Fatalf("listener said %q, %v", line, err)
	}

	pcap := filepath.Join(t.TempDir(), "run.pcap")
	r := iadsim(t, "run", example, "--dis", addr, "--dis-fast", "--dis-pcap", pcap)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	done := make(chan error, 1)
	go func() { done <- listener.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("listener: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("listener did not receive 20 PDUs")
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 20 {
		t.Fatalf("listener printed %d lines, want 20:\n%s", len(lines), out.String())
	}
	// The first PDUs are the threats' and the ground entities' states at
	// t = 0, stamped 04:00:00 of the example's epoch: 0 s past the hour.
	for _, want := range []string{"Entity State", "00:00.000000 past the hour (absolute)", `"bn1-92n6e"`, "dr 1", "dr 2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("listener output lacks %q:\n%s", want, out.String())
		}
	}

	// One pcap record per PDU sent.
	var sent int
	if _, err := fmtSscan(r.stderr, &sent); err != nil {
		t.Fatalf("no count of PDUs sent in %q", r.stderr)
	}
	b, err := os.ReadFile(pcap)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 24 || binary.LittleEndian.Uint32(b) != 0xa1b23c4d {
		t.Fatalf("not a nanosecond pcap: % x", b[:min(len(b), 24)])
	}
	n := 0
	for off := 24; off < len(b); n++ {
		if off+16 > len(b) {
			t.Fatalf("record %d cut at %d of %d bytes", n, off, len(b))
		}
		off += 16 + int(binary.LittleEndian.Uint32(b[off+8:]))
	}
	if n != sent {
		t.Errorf("pcap holds %d packets, %d PDUs sent", n, sent)
	}
}

// fmtSscan reads the count of "dis: sent N PDUs to ADDR".
func fmtSscan(stderr string, n *int) (int, error) {
	i := strings.Index(stderr, "dis: sent ")
	if i < 0 {
		return 0, os.ErrNotExist
	}
	var rest string
	return fmt.Sscanf(stderr[i:], "dis: sent %d PDUs %s", n, &rest)
}

// TestDISBadInput: a bad --dis, --dis-fast alone, --dis-exercise 0 and a
// bad listen address are the user's mistakes: exit 2, before any run and
// with no output file.
func TestDISBadInput(t *testing.T) {
	dir := t.TempDir()
	pcap := filepath.Join(dir, "x.pcap")
	for _, args := range [][]string{
		{"run", example, "--dis", "not-an-address", "--dis-pcap", pcap},
		{"run", example, "--dis", "127.0.0.1", "--dis-pcap", pcap},
		{"run", example, "--dis-fast", "--dis-pcap", pcap},
		{"run", example, "--dis-exercise", "0", "--dis-pcap", pcap},
		{"dis", "listen", "nowhere"},
		{"dis", "listen", "127.0.0.1:3000", "--count", "-1"},
	} {
		r := iadsim(t, args...)
		if r.code != 2 || r.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, r.code, r.stderr)
		}
		if _, err := os.Stat(pcap); err == nil {
			t.Errorf("%v left %s", args, pcap)
		}
	}
}
