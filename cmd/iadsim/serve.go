package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/mc"
	"github.com/iadsim/iadsim/serve"
	"github.com/spf13/cobra"
)

func newServeCmd() *cobra.Command {
	var addr, token string
	cmd := &cobra.Command{
		Use:   "serve [DIR...]",
		Short: "Replay runs in a web browser: map, clock and event log (offline; the runs under DIR, default .)",
		Long: `serve starts a web application that lists the runs under the folders given
(any folder holding events.jsonl) and replays one on a map with a time slider,
the event log beside it. Everything it serves is inside the binary or in
those folders; the page fetches nothing from the network.

The page also runs the scenarios found under those folders (YAML files with
threats:): one run, or a Monte Carlo batch of N replications, one at a time,
each into a fresh folder DIR/iadsim-runs/NAME-K, which it then replays
(docs/serve.md).

It listens on 127.0.0.1 by default. Bound to any other address it requires a
token: --token, or one it makes and prints; open the address it prints.`,
		Args: args(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, dirs []string) error {
			if len(dirs) == 0 {
				dirs = []string{"."}
			}
			for _, d := range dirs {
				if st, err := os.Stat(d); err != nil || !st.IsDir() {
					return inputError{fmt.Errorf("%s: want a folder of runs", d)}
				}
			}
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return inputError{fmt.Errorf("--addr %q: want HOST:PORT, such as 127.0.0.1:8080", addr)}
			}
			if token == "" && !loopback(host) {
				b := make([]byte, 16)
				rand.Read(b)
				token = hex.EncodeToString(b)
			}
			srv, err := serve.New(serve.Config{Dirs: dirs, Token: token, Runner: cliRunner{}})
			if err != nil {
				return inputError{err}
			}
			defer srv.Close()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			url := "http://" + ln.Addr().String() + "/"
			if token != "" {
				url += "?token=" + token
			}
			fmt.Fprintln(cmd.OutOrStdout(), "iadsim serve: open", url)
			hs := srv.HTTPServer()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			done := make(chan error, 1)
			go func() { done <- hs.Serve(ln) }()
			select {
			case err := <-done:
				return fmt.Errorf("serve: %w", err)
			case <-ctx.Done():
			}
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("serve: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT; beyond the loopback a token is required")
	cmd.Flags().StringVar(&token, "token", "", "token every request must carry (?token=, cookie or Authorization: Bearer); made and printed when bound beyond the loopback and none is given")
	return cmd
}

// loopback reports whether host names only this machine: localhost or a
// loopback address. An empty host (":8080") means every interface.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// cliRunner runs what the page of iadsim serve asks for as iadsim run
// --out and iadsim mc --out would, with the scenario's own seed.
type cliRunner struct{}

func (cliRunner) Run(ctx context.Context, path, out string, runs int, progress func(done, total int)) error {
	base, src, tm, err := compileScenario(path, 0, false)
	if err != nil {
		return err
	}
	s, err := mc.Replica(tm, base, 0, nil)
	if err != nil {
		return err
	}
	if runs > 1 {
		_, err := mc.Run(ctx, mc.Config{Scenario: base, Template: tm, Source: src, Runs: runs, Out: out,
			Progress: func(p mc.Progress) { progress(p.Done, p.Total) }})
		return err
	}
	progress(0, 1)
	// One run cannot be stopped part way: cancelled, it is abandoned and
	// writes nothing.
	res, err := battle.Run(s, battle.Options{})
	if err != nil {
		return runError(path, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := export.WriteDir(out, export.RunFiles(s, res, battle.Summarize(s, res))); err != nil {
		return err
	}
	progress(1, 1)
	return nil
}
