//go:build unix

package interrupt

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"
)

// TestSignalCancels sends this process SIGTERM: the context ends with the
// signal as its cause, and Error keeps it for the exit code.
func TestSignalCancels(t *testing.T) {
	ctx, stop := Context(context.Background())
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	var sig Signal
	if err := Error(ctx, "mc: interrupted"); !errors.As(err, &sig) || sig.Sig != syscall.SIGTERM ||
		err.Error() != "mc: interrupted (interrupted by terminated)" {
		t.Errorf("Error: %v (signal %v)", err, sig.Sig)
	}
}

// TestStopIsNoSignal: a context its caller stopped carries no signal.
func TestStopIsNoSignal(t *testing.T) {
	ctx, stop := Context(context.Background())
	stop()
	<-ctx.Done()
	var sig Signal
	if err := Error(ctx, "sweep: interrupted"); errors.As(err, &sig) || err.Error() != "sweep: interrupted" {
		t.Errorf("Error after stop: %v", err)
	}
}
