// Package interrupt turns SIGINT and SIGTERM into the cancellation of a
// context, with the signal kept as its cause, so that a long command (a
// Monte Carlo batch, a sweep, a download) stops cleanly: it stops
// dispatching work, journals what is in flight, and reports which
// signal ended it. The command line maps the signal to its exit code:
// 130 for SIGINT, as shells report a process that Ctrl-C ended, and 1
// for SIGTERM (a machine's stop). It is the command line's own code, not
// part of the library.
package interrupt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Signal is the cause of a context a signal cancelled, and the error a
// command returns for it.
type Signal struct{ Sig os.Signal }

func (e Signal) Error() string { return "interrupted by " + e.Sig.String() }

// Context returns a context derived from parent that SIGINT and SIGTERM
// cancel, with a Signal as its cause (context.Cause). stop releases the
// signals and cancels the context.
func Context(parent context.Context) (ctx context.Context, stop context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sig:
			cancel(Signal{s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(sig)
		cancel(context.Canceled)
	}
}

// Error returns msg as an error that keeps the Signal of ctx's
// cancellation, if a signal cancelled it, for errors.As.
func Error(ctx context.Context, msg string) error {
	var in Signal
	if errors.As(context.Cause(ctx), &in) {
		return fmt.Errorf("%s (%w)", msg, in)
	}
	return errors.New(msg)
}
