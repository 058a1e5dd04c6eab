// Package serve is the web replay of runs: an HTTP server that lists the
// runs found under the folders it is given and serves each run's own files
// (events.jsonl, summary.json, scene.geojson, tracks.csv) to a page that
// replays the run on a map, with a clock and the event log beside it.
//
// Everything the page needs is inside the binary: the page itself, the
// MapLibre GL JS map library (vendored from the npm registry with its
// licence) and the coastlines of the basemap package, served as GeoJSON.
// The page fetches nothing from the network.
//
// The server is meant for one analyst's machine. It listens on the
// loopback by default; bound to any other address it wants a token, which
// the page carries in a cookie once the address with ?token= has been
// opened. It serves only files named in a fixed list, only from inside the
// folders it was given (an os.Root each, so neither ".." nor a symbolic
// link leads out), answers GET and HEAD without a body, and refuses with
// 429 the requests beyond a fixed number at once rather than queue them
// without bound. Like every reader of an output folder it checks the
// seal (SHA256SUMS) of the folder a file comes from: a file of a folder
// its writer did not finish (killed, or still at work), or one changed
// since, is refused with 409 Conflict and the reason.
//
// Given a Runner, it also runs the scenarios found in those folders
// (jobs.go): a POST with a small JSON body starts one run or a Monte Carlo
// batch into a fresh folder under the served folder, one job at a time
// (429 beyond), and the page polls its progress, cancels it, and replays
// the run when it is done.
package serve

import (
	"bufio"
	"bytes"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/iadsim/iadsim/basemap"
	"github.com/iadsim/iadsim/export/seal"
)

//go:embed web
var web embed.FS

// RunFiles are the files of a run the server gives out, and the only ones;
// stats.json is a Monte Carlo batch's (iadsim mc --out), for comparing two
// batches.
var RunFiles = []string{"events.jsonl", "summary.json", "scene.geojson", "tracks.csv", "stats.json"}

// Defaults of Config.
const (
	DefaultMaxInFlight = 8
	DefaultMaxDepth    = 6
	DefaultMaxRuns     = 2000
	// MaxRequestBytes bounds what a request may send: its URL and, since
	// the server takes no upload, its body (which must be empty).
	MaxRequestBytes = 4096
	// MaxHeaderBytes bounds the request headers (http.Server's
	// MaxHeaderBytes; beyond it Go answers 431).
	MaxHeaderBytes = 16 << 10
	// TokenCookie is the cookie that carries the token once the page has
	// been opened with ?token=.
	TokenCookie = "iadsim_token"
)

// Config says what a Server serves and to whom.
type Config struct {
	// Dirs are the folders searched for runs: any folder under one of them,
	// at most MaxDepth levels down, that holds events.jsonl.
	Dirs []string
	// Token, when not empty, must come with every request: as ?token=, as
	// the TokenCookie cookie, or as "Authorization: Bearer TOKEN".
	Token string
	// MaxInFlight is how many requests are served at once; the ones
	// beyond are answered 429 Too Many Requests. 0 means DefaultMaxInFlight.
	MaxInFlight int
	// MaxDepth and MaxRuns bound the search for runs. 0 means the default.
	MaxDepth, MaxRuns int
	// Runner, when set, runs the scenarios of Dirs on request; nil serves
	// replays only.
	Runner Runner
	// MaxJobs is how many runs started from the page go at once; 0 means
	// DefaultMaxJobs.
	MaxJobs int
}

// Server is the web replay. Close releases the folders it holds open.
type Server struct {
	roots   []*os.Root
	dirs    []string
	token   string
	slots   chan struct{}
	depth   int
	maxRuns int
	static  fs.FS
	jobs    jobs

	landOnce sync.Once
	land     []byte
	landErr  error
}

// New opens the folders of c. A folder that cannot be opened is an error
// naming it.
func New(c Config) (*Server, error) {
	s := &Server{token: c.Token, depth: c.MaxDepth, maxRuns: c.MaxRuns}
	if s.depth <= 0 {
		s.depth = DefaultMaxDepth
	}
	if s.maxRuns <= 0 {
		s.maxRuns = DefaultMaxRuns
	}
	n := c.MaxInFlight
	if n <= 0 {
		n = DefaultMaxInFlight
	}
	s.slots = make(chan struct{}, n)
	s.jobs.runner = c.Runner
	if c.MaxJobs <= 0 {
		c.MaxJobs = DefaultMaxJobs
	}
	s.jobs.slots = make(chan struct{}, c.MaxJobs)
	for _, d := range c.Dirs {
		r, err := os.OpenRoot(d)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("serve: run folder %s: %w", d, err)
		}
		s.roots = append(s.roots, r)
		s.dirs = append(s.dirs, d)
	}
	static, err := fs.Sub(web, "web")
	if err != nil {
		return nil, fmt.Errorf("serve: embedded page: %w", err)
	}
	s.static = static
	return s, nil
}

// Close cancels the jobs under way, waits for them, and releases the run
// folders.
func (s *Server) Close() error {
	s.jobs.mu.Lock()
	for _, j := range s.jobs.list {
		if j.State == "running" {
			j.cancelAsked = true
			j.cancel()
		}
	}
	s.jobs.mu.Unlock()
	s.jobs.wg.Wait()
	var errs []error
	for _, r := range s.roots {
		errs = append(errs, r.Close())
	}
	return errors.Join(errs...)
}

// Handler is the whole application: the guards, then the page, the base
// map and the runs.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServerFS(s.static))
	mux.HandleFunc("GET /api/basemap", s.basemap)
	mux.HandleFunc("GET /api/runs", s.runs)
	mux.HandleFunc("GET /api/run/{file}", s.runFile)
	mux.HandleFunc("GET /api/scenarios", s.scenarios)
	mux.HandleFunc("GET /api/coverage", s.coverages)
	mux.HandleFunc("GET /api/coverage/{file}", s.coverageFile)
	mux.HandleFunc("GET /api/jobs", s.listJobs)
	mux.HandleFunc("POST /api/jobs", s.startJob)
	mux.HandleFunc("POST /api/jobs/{id}/cancel", s.cancelJob)
	return s.guard(mux)
}

// HTTPServer is an http.Server for Handler with the limits the guards
// rely on: bounded headers (431 beyond MaxHeaderBytes) and timeouts, so
// that a slow client cannot hold one of the MaxInFlight places for long.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// guard refuses, in this order: a request over capacity (429), a GET or
// HEAD with a body or too long a URL (413, 414), a method other than GET
// and HEAD, or POST to /api/jobs (405), one addressed to another host than
// this machine when no token is set (403), one without the token when a
// token is set (401), and a POST whose body is not JSON of at most
// MaxRequestBytes or that comes from another origin (415, 413, 403).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
		default:
			w.Header().Set("Retry-After", "1")
			http.Error(w, "too many requests at once", http.StatusTooManyRequests)
			return
		}
		post := r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/jobs")
		if !post && (r.ContentLength != 0 || len(r.TransferEncoding) > 0) {
			http.Error(w, "this server takes no request body", http.StatusRequestEntityTooLarge)
			return
		}
		if len(r.URL.RawQuery)+len(r.URL.Path) > MaxRequestBytes {
			http.Error(w, "URL too long", http.StatusRequestURITooLong)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !post {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "only GET and HEAD (and POST to /api/jobs)", http.StatusMethodNotAllowed)
			return
		}
		if s.token == "" && !loopbackHost(r.Host) {
			// Without a token the server trusts the machine alone; a page
			// elsewhere that has its own name resolve to 127.0.0.1 (DNS
			// rebinding) would be read as same-origin, so its Host is refused.
			http.Error(w, "without a token only localhost and loopback addresses are served", http.StatusForbidden)
			return
		}
		if s.token != "" {
			q := r.URL.Query().Get("token")
			switch {
			case q != "" && s.tokenOK(q):
				// The page's own requests carry the cookie from here on,
				// and the token leaves the address bar's history alone.
				http.SetCookie(w, &http.Cookie{Name: TokenCookie, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			case s.tokenOK(bearer(r)):
			case cookieValue(r) != "" && s.tokenOK(cookieValue(r)):
			default:
				http.Error(w, "token required: open the address iadsim serve printed", http.StatusUnauthorized)
				return
			}
		}
		if post && !postOK(w, r) {
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; worker-src blob:; child-src blob:; style-src 'self' 'unsafe-inline'")
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether the Host header names this machine:
// localhost or a loopback address, with or without a port.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

func (s *Server) tokenOK(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return t
	}
	return ""
}

func cookieValue(r *http.Request) string {
	c, err := r.Cookie(TokenCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// basemap serves the embedded land polygons as a GeoJSON
// FeatureCollection of one MultiPolygon, built on first use.
func (s *Server) basemap(w http.ResponseWriter, r *http.Request) {
	s.landOnce.Do(func() { s.land, s.landErr = landGeoJSON() })
	if s.landErr != nil {
		http.Error(w, s.landErr.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Cache-Control", "max-age=86400")
	http.ServeContent(w, r, "land.geojson", time.Time{}, bytes.NewReader(s.land))
}

func landGeoJSON() ([]byte, error) {
	land, err := basemap.Land()
	if err != nil {
		return nil, err
	}
	polys := make([][][][2]float64, len(land))
	for i, p := range land {
		polys[i] = make([][][2]float64, len(p))
		for j, ring := range p {
			polys[i][j] = make([][2]float64, len(ring))
			for k, pt := range ring {
				polys[i][j][k] = [2]float64{pt.Lon, pt.Lat}
			}
		}
	}
	type geometry struct {
		Type        string           `json:"type"`
		Coordinates [][][][2]float64 `json:"coordinates"`
	}
	type feature struct {
		Type       string            `json:"type"`
		Properties map[string]string `json:"properties"`
		Geometry   geometry          `json:"geometry"`
	}
	return json.Marshal(struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{"FeatureCollection", []feature{{"Feature", map[string]string{"source": "Natural Earth 1:50m land"}, geometry{"MultiPolygon", polys}}}})
}

// Run is one run found under a folder, as /api/runs lists it: a run
// (kind "run", a folder holding events.jsonl) or a Monte Carlo batch
// (kind "batch", a folder holding stats.json), whose replication 0 is a
// run below it.
type Run struct {
	Kind string `json:"kind"`
	// ID names the run in /api/run/FILE?run=ID: the index of its folder
	// in the server's list, a slash, and its path inside that folder
	// ("0/raid" or "0/." for the folder itself).
	ID string `json:"id"`
	// Dir is the folder as given to the server, and Path the run's path
	// inside it.
	Dir  string `json:"dir"`
	Path string `json:"path"`
	// Name, Seed and Epoch come from the run's scenario_start event (a
	// batch's name and seed from its stats.json).
	Name  string `json:"name,omitempty"`
	Seed  int64  `json:"seed"`
	Epoch string `json:"epoch,omitempty"`
	// Files are those of RunFiles the run has.
	Files []string `json:"files"`
}

// Runs searches the folders for runs, in the order of the folders and
// then of their paths.
func (s *Server) Runs() ([]Run, error) {
	var runs []Run
	err := s.walk(func(i int, root *os.Root, p string, d fs.DirEntry) bool {
		if len(runs) >= s.maxRuns {
			return false
		}
		if !d.IsDir() {
			return true
		}
		if run, ok := s.readRun(i, root, p); ok {
			runs = append(runs, run)
		}
		return true
	})
	return runs, err
}

// walk visits every folder and file under the served folders, at most
// MaxDepth folders down, in the order of the folders and then of their
// paths, until visit returns false. It does not follow links to folders;
// an unreadable folder below the top is passed over.
func (s *Server) walk(visit func(i int, root *os.Root, p string, d fs.DirEntry) bool) error {
	for i, root := range s.roots {
		stop := false
		err := fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "." {
					return err
				}
				return nil
			}
			if d.IsDir() && p != "." && strings.Count(p, "/")+1 > s.depth {
				return fs.SkipDir
			}
			if !visit(i, root, p, d) {
				stop = true
				return fs.SkipAll
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("serve: search %s: %w", s.dirs[i], err)
		}
		if stop {
			break
		}
	}
	return nil
}

// local resolves the ID of a path inside a served folder ("0/raid"): the
// folder's index, written as strconv writes it, a slash, and a local path
// (no "..", not absolute, no backslash) at most MaxDepth deep.
func (s *Server) local(id string) (int, string, bool) {
	idx, p, ok := strings.Cut(id, "/")
	i, err := strconv.Atoi(idx)
	if !ok || err != nil || i < 0 || i >= len(s.roots) || idx != strconv.Itoa(i) {
		return 0, "", false
	}
	if p == "" || !fs.ValidPath(p) || strings.Contains(p, "\\") || strings.Count(p, "/")+1 > s.depth {
		return 0, "", false
	}
	return i, p, true
}

// readRun reads the first event of the run at p, if p is a run, or the
// head of its statistics if p is a batch.
func (s *Server) readRun(i int, root *os.Root, p string) (Run, bool) {
	f, err := root.Open(path.Join(p, "events.jsonl"))
	if err != nil {
		return s.readBatch(i, root, p)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return Run{}, false
	}
	run := Run{Kind: "run", ID: strconv.Itoa(i) + "/" + p, Dir: s.dirs[i], Path: p}
	line, _ := bufio.NewReader(io.LimitReader(f, 64<<10)).ReadBytes('\n')
	var start struct {
		Type  string `json:"type"`
		Name  string `json:"name"`
		Seed  int64  `json:"seed"`
		Epoch string `json:"epoch"`
	}
	if json.Unmarshal(line, &start) == nil && start.Type == "scenario_start" {
		run.Name, run.Seed, run.Epoch = start.Name, start.Seed, start.Epoch
	}
	for _, name := range RunFiles {
		if st, err := root.Stat(path.Join(p, name)); err == nil && st.Mode().IsRegular() {
			run.Files = append(run.Files, name)
		}
	}
	return run, true
}

// readBatch reads the scenario's name and seed from the stats.json at p,
// if p is a batch.
func (s *Server) readBatch(i int, root *os.Root, p string) (Run, bool) {
	f, err := root.Open(path.Join(p, "stats.json"))
	if err != nil {
		return Run{}, false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return Run{}, false
	}
	var head struct {
		Scenario string `json:"scenario"`
		Seed     int64  `json:"seed"`
	}
	json.NewDecoder(io.LimitReader(f, 64<<10)).Decode(&head)
	return Run{Kind: "batch", ID: strconv.Itoa(i) + "/" + p, Dir: s.dirs[i], Path: p, Name: head.Scenario, Seed: head.Seed,
		Files: []string{"stats.json"}}, true
}

func (s *Server) runs(w http.ResponseWriter, _ *http.Request) {
	runs, err := s.Runs()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if runs == nil {
		runs = []Run{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(runs)
}

// errNotFound hides why a run file was refused: a path out of bounds and
// a file that is not there read alike.
var errNotFound = errors.New("no such run file")

// open resolves ?run=ID and the file name to an open file inside one of
// the folders. The name must be one of RunFiles; the path inside the
// folder must be local (no "..", not absolute), and the os.Root refuses a
// symbolic link that leads out of the folder.
func (s *Server) open(id, name string) (*os.File, error) {
	if !slices.Contains(RunFiles, name) {
		return nil, errNotFound
	}
	return s.openIn(id, name)
}

// openIn opens the regular file name in the folder id (local), which the
// caller has checked is a name it may give out, and checks it against the
// folder's seal as every reader of an output does (export.Verify): a
// folder its writer did not finish (no SHA256SUMS: killed, still at work)
// or a file changed since is refused with an *seal.IncompleteError,
// which serveFile gives as 409 Conflict with the reason. Only the file
// served is hashed, so that a run's four files cost four reads, not four
// of the whole folder.
func (s *Server) openIn(id, name string) (*os.File, error) {
	i, p, ok := s.local(id)
	if !ok {
		return nil, errNotFound
	}
	f, err := s.roots[i].Open(path.Join(p, name))
	if err != nil {
		return nil, errNotFound
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, errNotFound
	}
	sealed, rel := sealOf(s.roots[i], p, name)
	dir, err := s.roots[i].OpenRoot(sealed)
	if err != nil {
		f.Close()
		return nil, errNotFound
	}
	defer dir.Close()
	if err := seal.VerifyFile(dir, path.Join(s.dirs[i], sealed), rel, f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// sealOf finds the folder whose seal covers the file name of folder p:
// p's own, or the nearest above it inside root (a Monte Carlo batch seals
// its replication-0 run with its own files), and gives the file's path
// from there. With no seal on the way up it gives p, whose missing seal
// is then the refusal.
func sealOf(root *os.Root, p, name string) (dir, rel string) {
	for q := p; ; q = path.Dir(q) {
		if _, err := root.Lstat(path.Join(q, seal.SumsFile)); err == nil {
			full := path.Join(p, name)
			if q == "." {
				return q, full
			}
			return q, strings.TrimPrefix(full, q+"/")
		}
		if q == "." {
			return p, name
		}
	}
}

var contentTypes = map[string]string{
	"events.jsonl":  "application/jsonl; charset=utf-8",
	"summary.json":  "application/json",
	"scene.geojson": "application/geo+json",
	"tracks.csv":    "text/csv; charset=utf-8",
	"stats.json":    "application/json",
}

func (s *Server) runFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	f, err := s.open(r.URL.Query().Get("run"), name)
	serveFile(w, r, f, err, name, contentTypes[name])
}

// serveFile serves the file f opened as name (or the error of opening it,
// as 404), and closes it.
func serveFile(w http.ResponseWriter, r *http.Request, f *os.File, err error, name, contentType string) {
	var inc *seal.IncompleteError
	if errors.As(err, &inc) {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	if err != nil {
		http.Error(w, errNotFound.Error(), http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		http.Error(w, errNotFound.Error(), http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, st.ModTime(), f)
}
