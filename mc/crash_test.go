package mc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestResumeAfterSIGKILL builds the iadsim command, starts a batch, kills
// it with SIGKILL once some replications are journaled, resumes it, and
// compares the result with an uninterrupted batch: no replication lost,
// none counted twice, identical tables.
func TestResumeAfterSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the iadsim command")
	}
	const runs = 150
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "iadsim")
	build := exec.Command("go", "build", "-o", bin, "github.com/iadsim/iadsim/cmd/iadsim")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	scen, err := filepath.Abs(small)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "killed")
	args := []string{"mc", scen, "--runs", "150", "--out", out}
	cmd := exec.Command(bin, append(args, "--workers", "1")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	journal := filepath.Join(out, JournalFile)
	deadline := time.Now().Add(60 * time.Second)
	var before int
	for {
		b, _ := os.ReadFile(journal)
		if before = bytes.Count(b, []byte("\n")); before >= 10 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the batch ended before it was killed (%v): %s", err, stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no replication journaled in 60 s: %s", stderr.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = <-exited
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the batch was not killed: %v", err)
	}
	rows, _, err := ReadJournal(journal)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) >= runs {
		t.Fatalf("killed after all %d replications; the test proves nothing", len(rows))
	}
	if _, err := os.Stat(filepath.Join(out, RunsCSV)); err == nil {
		t.Fatal("a killed batch left runs.csv")
	}
	t.Logf("killed with %d of %d replications journaled", len(rows), runs)

	res := exec.Command(bin, append(args, "--resume")...)
	if o, err := res.CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, o)
	}
	if n := bytes.Count(read(t, out, JournalFile), []byte("\n")); n != runs {
		t.Errorf("journal holds %d records after resume, want %d", n, runs)
	}
	whole := filepath.Join(tmp, "whole")
	run(t, Config{Runs: runs, Out: whole})
	sameTables(t, "killed and resumed", whole, out)
}
