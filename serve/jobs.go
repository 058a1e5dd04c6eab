package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Runner carries out the runs the page asks for: iadsim serve gives the
// one of iadsim run and iadsim mc. The server never runs anything itself;
// without a Runner the page only replays.
type Runner interface {
	// Run runs the scenario file at scenario into the folder out, which
	// exists and is empty: one run when runs is 1 (events.jsonl,
	// summary.json, tracks.csv, scene.geojson), else a Monte Carlo batch
	// of runs replications (as iadsim mc --out writes it). It reports the
	// replications done of total as they finish, and stops as soon as it
	// can once ctx is cancelled, writing nothing more.
	Run(ctx context.Context, scenario, out string, runs int, progress func(done, total int)) error
}

// Limits of the runs started from the page.
const (
	// DefaultMaxJobs is how many runs go at once; a request for one more
	// is refused with 429. One, because a run or a batch already uses
	// every core.
	DefaultMaxJobs = 1
	// MaxJobRuns bounds the replications of a batch started from the page.
	MaxJobRuns = 10000
	// JobsFolder is the folder, at the top of the served folder that
	// holds the scenario, where each run started from the page gets a
	// fresh folder of its own.
	JobsFolder = "iadsim-runs"
	// maxKeptJobs bounds the finished jobs remembered for the page.
	maxKeptJobs = 100
)

// Job is a run or a batch started from the page, as /api/jobs lists it.
type Job struct {
	ID string `json:"id"`
	// Scenario is the scenario's ID in /api/scenarios; Runs, 1 for one
	// run, else the replications of a batch.
	Scenario string `json:"scenario"`
	Runs     int    `json:"runs"`
	// Out is the ID of the new folder (as /api/runs names runs): for one
	// run, the run itself; for a batch, the batch folder, whose
	// replication 0 is a run below it.
	Out string `json:"out"`
	// State is running, done, failed or cancelled; Done of Total
	// replications have finished.
	State       string    `json:"state"`
	Done        int       `json:"done"`
	Total       int       `json:"total"`
	Error       string    `json:"error,omitempty"`
	Started     time.Time `json:"started"`
	Ended       time.Time `json:"ended,omitzero"`
	cancel      context.CancelFunc
	cancelAsked bool
}

// jobs is the server's record of the runs started from the page.
type jobs struct {
	runner Runner
	slots  chan struct{}
	mu     sync.Mutex
	list   []*Job
	next   int
	wg     sync.WaitGroup
}

// Scenario is a scenario file found under a folder, as /api/scenarios
// lists it.
type Scenario struct {
	// ID names it in a request to run it: the index of its folder, a
	// slash, and its path inside that folder.
	ID   string `json:"id"`
	Dir  string `json:"dir"`
	Path string `json:"path"`
}

// Scenarios searches the folders for scenario files: a .yaml or .yml
// file with a top-level threats: key in its first 256 KiB, in the order
// of the folders and then of their paths.
func (s *Server) Scenarios() ([]Scenario, error) {
	var out []Scenario
	err := s.walk(func(i int, root *os.Root, p string, d fs.DirEntry) bool {
		if len(out) >= s.maxRuns {
			return false
		}
		if ext := path.Ext(p); (ext == ".yaml" || ext == ".yml") && d.Type().IsRegular() && isScenario(root.FS(), p) {
			out = append(out, Scenario{ID: strconv.Itoa(i) + "/" + p, Dir: s.dirs[i], Path: p})
		}
		return true
	})
	return out, err
}

func isScenario(fsys fs.FS, p string) bool {
	f, err := fsys.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 256<<10))
	for sc.Scan() {
		if bytes.HasPrefix(sc.Bytes(), []byte("threats:")) {
			return true
		}
	}
	return false
}

func (s *Server) scenarios(w http.ResponseWriter, _ *http.Request) {
	list, err := s.Scenarios()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if list == nil {
		list = []Scenario{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": list, "canRun": s.jobs.runner != nil, "maxRuns": MaxJobRuns})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// scenarioPath resolves a scenario ID to its folder's index, its path
// inside and its path on disk: it must be a regular file inside the folder
// (the os.Root refuses ".." and a symbolic link that leads out) that
// Scenarios would list.
func (s *Server) scenarioPath(id string) (int, string, string, bool) {
	i, p, ok := s.local(id)
	if !ok {
		return 0, "", "", false
	}
	if ext := path.Ext(p); ext != ".yaml" && ext != ".yml" {
		return 0, "", "", false
	}
	st, err := s.roots[i].Stat(p)
	if err != nil || !st.Mode().IsRegular() || !isScenario(s.roots[i].FS(), p) {
		return 0, "", "", false
	}
	return i, p, filepath.Join(s.dirs[i], filepath.FromSlash(p)), true
}

// freshFolder makes a new, empty folder for a job's output under
// JobsFolder in root i, named after the scenario: NAME-1, NAME-2, … the
// first that does not exist yet (Mkdir fails on one that does, so two
// jobs never share one).
func (s *Server) freshFolder(i int, scenarioPath string) (string, error) {
	root := s.roots[i]
	if err := root.Mkdir(JobsFolder, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", err
	}
	stem := strings.TrimSuffix(path.Base(scenarioPath), path.Ext(scenarioPath))
	for k := 1; k < 100000; k++ {
		p := JobsFolder + "/" + stem + "-" + strconv.Itoa(k)
		err := root.Mkdir(p, 0o755)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", errors.New("no free folder name")
}

// startJob answers POST /api/jobs, whose body is JSON: {"scenario": ID,
// "runs": N}, N 1 for one run (the default) or more for a Monte Carlo
// batch. It starts the job and answers 202 with it, or 429 when
// MaxJobs are running already.
func (s *Server) startJob(w http.ResponseWriter, r *http.Request) {
	if s.jobs.runner == nil {
		http.Error(w, "this server does not run scenarios", http.StatusNotFound)
		return
	}
	var req struct {
		Scenario string `json:"scenario"`
		Runs     int    `json:"runs"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "request body: "+err.Error()+`: want {"scenario": ID, "runs": N}`, http.StatusBadRequest)
		return
	}
	if req.Runs == 0 {
		req.Runs = 1
	}
	if req.Runs < 1 || req.Runs > MaxJobRuns {
		http.Error(w, fmt.Sprintf("runs %d: want 1 (one run) to %d (a batch)", req.Runs, MaxJobRuns), http.StatusBadRequest)
		return
	}
	i, p, file, ok := s.scenarioPath(req.Scenario)
	if !ok {
		http.Error(w, "no such scenario", http.StatusNotFound)
		return
	}
	select {
	case s.jobs.slots <- struct{}{}:
	default:
		w.Header().Set("Retry-After", "5")
		http.Error(w, "a run is under way already: wait for it, or cancel it", http.StatusTooManyRequests)
		return
	}
	rel, err := s.freshFolder(i, p)
	if err != nil {
		<-s.jobs.slots
		http.Error(w, "output folder: "+err.Error(), http.StatusInternalServerError)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &Job{Scenario: req.Scenario, Runs: req.Runs, Out: strconv.Itoa(i) + "/" + rel, State: "running",
		Total: req.Runs, Started: time.Now().UTC(), cancel: cancel}
	s.jobs.add(j)
	out := filepath.Join(s.dirs[i], filepath.FromSlash(rel))
	s.jobs.wg.Add(1)
	go func() {
		defer s.jobs.wg.Done()
		defer func() { <-s.jobs.slots }()
		err := s.jobs.runner.Run(ctx, file, out, req.Runs, func(done, total int) {
			s.jobs.mu.Lock()
			j.Done, j.Total = done, total
			s.jobs.mu.Unlock()
		})
		s.jobs.mu.Lock()
		defer s.jobs.mu.Unlock()
		j.Ended = time.Now().UTC()
		switch {
		case j.cancelAsked:
			j.State = "cancelled"
		case err != nil:
			j.State, j.Error = "failed", err.Error()
		default:
			j.State = "done"
		}
		cancel()
	}()
	s.jobs.mu.Lock()
	view := *j
	s.jobs.mu.Unlock()
	writeJSON(w, http.StatusAccepted, view)
}

func (js *jobs) add(j *Job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.next++
	j.ID = strconv.Itoa(js.next)
	js.list = append(js.list, j)
	// Forget the oldest finished jobs beyond the bound.
	for len(js.list) > maxKeptJobs {
		k := -1
		for n, x := range js.list {
			if x.State != "running" {
				k = n
				break
			}
		}
		if k < 0 {
			break
		}
		js.list = append(js.list[:k], js.list[k+1:]...)
	}
}

// Jobs lists the jobs started from the page, oldest first.
func (s *Server) Jobs() []Job {
	s.jobs.mu.Lock()
	defer s.jobs.mu.Unlock()
	out := make([]Job, len(s.jobs.list))
	for n, j := range s.jobs.list {
		out[n] = *j
		out[n].cancel = nil
	}
	return out
}

func (s *Server) listJobs(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Jobs())
}

// cancelJob answers POST /api/jobs/{id}/cancel: a batch stops between
// replications (what finished stays in its folder, as with iadsim mc
// interrupted); a single run is abandoned and writes nothing.
func (s *Server) cancelJob(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.jobs.mu.Lock()
	defer s.jobs.mu.Unlock()
	for _, j := range s.jobs.list {
		if j.ID == id {
			if j.State == "running" {
				j.cancelAsked = true
				j.cancel()
			}
			w.WriteHeader(http.StatusAccepted)
			return
		}
	}
	http.Error(w, "no such job", http.StatusNotFound)
}

// postOK checks what a POST must bring besides the token: a JSON body
// (a page elsewhere cannot send one to this server without a CORS
// preflight, which the server never grants) of at most MaxRequestBytes,
// and, when the browser names the page's origin, this server's own.
func postOK(w http.ResponseWriter, r *http.Request) bool {
	if r.ContentLength > MaxRequestBytes {
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return false
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		http.Error(w, "want a JSON body (Content-Type: application/json)", http.StatusUnsupportedMediaType)
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			http.Error(w, "a request from another origin", http.StatusForbidden)
			return false
		}
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBytes)
	return true
}
