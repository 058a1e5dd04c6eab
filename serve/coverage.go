package serve

import (
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// Coverage is a folder that iadsim coverage --out wrote (it holds
// horizon.csv), with its GeoJSON layers, as /api/coverage lists it.
type Coverage struct {
	// ID names the folder in /api/coverage/LAYER?dir=ID, as a run's ID
	// does.
	ID   string `json:"id"`
	Dir  string `json:"dir"`
	Path string `json:"path"`
	// Layers are its covered areas: detection_ALT.geojson and
	// engagement_ALT.geojson (with the RCS, band and aspect suffixes
	// iadsim coverage adds), in name order.
	Layers []string `json:"layers"`
}

// coverageLayer reports whether name is one of the GeoJSON layers iadsim
// coverage writes: detection_ or engagement_, then letters, digits, dots,
// underscores and hyphens, then .geojson.
func coverageLayer(name string) bool {
	base, ok := strings.CutSuffix(name, ".geojson")
	if !ok {
		return false
	}
	kind, rest, ok := strings.Cut(base, "_")
	if !ok || (kind != "detection" && kind != "engagement") || rest == "" {
		return false
	}
	for _, c := range rest {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Coverages searches the served folders for coverage folders.
func (s *Server) Coverages() ([]Coverage, error) {
	var out []Coverage
	err := s.walk(func(i int, root *os.Root, p string, d fs.DirEntry) bool {
		if len(out) >= s.maxRuns {
			return false
		}
		if !d.IsDir() {
			return true
		}
		if st, err := root.Stat(path.Join(p, "horizon.csv")); err != nil || !st.Mode().IsRegular() {
			return true
		}
		entries, err := fs.ReadDir(root.FS(), p)
		if err != nil {
			return true
		}
		c := Coverage{ID: strconv.Itoa(i) + "/" + p, Dir: s.dirs[i], Path: p, Layers: []string{}}
		for _, e := range entries {
			if e.Type().IsRegular() && coverageLayer(e.Name()) {
				c.Layers = append(c.Layers, e.Name())
			}
		}
		if len(c.Layers) > 0 {
			out = append(out, c)
		}
		return true
	})
	return out, err
}

func (s *Server) coverages(w http.ResponseWriter, _ *http.Request) {
	list, err := s.Coverages()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if list == nil {
		list = []Coverage{}
	}
	writeJSON(w, http.StatusOK, list)
}

// coverageFile serves /api/coverage/LAYER?dir=ID: one layer of a coverage
// folder, by the same rules as a run's files (inside the served folder,
// a regular file, a name of the fixed form).
func (s *Server) coverageFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if !coverageLayer(name) {
		http.Error(w, errNotFound.Error(), http.StatusNotFound)
		return
	}
	f, err := s.openIn(r.URL.Query().Get("dir"), name)
	serveFile(w, r, f, err, name, "application/geo+json")
}
