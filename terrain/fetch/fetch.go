package fetch

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/iadsim/iadsim/terrain"
)

// PartialDir is the cache's folder of transfers under way, below the
// cache folder. terrain.Open reads a folder's own files only, so nothing
// in it is ever read as a tile.
const PartialDir = ".partial"

// SumsFile is the cache's manifest: one "SHA-256  file" line per tile, in
// sha256sum's format, so `sha256sum -c SHA256SUMS` checks a cache
// carried to a machine without network.
const SumsFile = "SHA256SUMS"

// Status says what Fetch did for one tile.
type Status string

const (
	Fetched Status = "fetched" // downloaded now
	Cached  Status = "cached"  // already in the cache, checksum verified
	Found   Status = "found"   // in the cache folder but not the manifest (put there by hand): read, then recorded
	Absent  Status = "absent"  // the source has no such tile (the sea, for Copernicus)
)

// A Tile is the outcome for one cell.
type Tile struct {
	Lat, Lon int
	URL      string
	File     string // in the cache folder; empty when Absent
	Status   Status
	SHA256   string
	Code     int // the HTTP status of an absent tile
}

// A Fetcher downloads tiles of one source into Dir.
type Fetcher struct {
	Source Source
	Base   string       // a mirror laid out as Source.Base; empty for the public bucket
	Dir    string       // the cache folder
	Client *http.Client // nil for http.DefaultClient
	// Progress, when set, is told of each tile as it is settled.
	Progress func(Tile)
}

// Fetch brings every tile of the area into the cache and records its
// checksum. It stops at the first failure: what was fetched stays, a cut
// transfer stays in PartialDir to resume, and nothing half-written is
// left under a tile's name.
func (f *Fetcher) Fetch(ctx context.Context, a Area) ([]Tile, error) {
	if err := os.MkdirAll(filepath.Join(f.Dir, PartialDir), 0o755); err != nil {
		return nil, err
	}
	sums, err := readSums(filepath.Join(f.Dir, SumsFile))
	if err != nil {
		return nil, err
	}
	var tiles []Tile
	for _, c := range a.Cells() {
		t, err := f.tile(ctx, c[0], c[1], sums)
		if err != nil {
			return tiles, err
		}
		if t.SHA256 != "" && sums[t.File] != t.SHA256 {
			sums[t.File] = t.SHA256
			if err := writeSums(filepath.Join(f.Dir, SumsFile), sums); err != nil {
				return tiles, err
			}
		}
		tiles = append(tiles, t)
		if f.Progress != nil {
			f.Progress(t)
		}
	}
	return tiles, nil
}

// tile settles one cell: from the cache if it is there and sound, else
// from the source.
func (f *Fetcher) tile(ctx context.Context, lat, lon int, sums map[string]string) (Tile, error) {
	base := f.Base
	if base == "" {
		base = f.Source.Base
	}
	t := Tile{Lat: lat, Lon: lon, URL: strings.TrimRight(base, "/") + f.Source.Path(lat, lon), File: f.Source.File(lat, lon)}
	final := filepath.Join(f.Dir, t.File)
	if _, err := os.Stat(final); err == nil {
		sum, err := fileSHA256(final)
		if err != nil {
			return t, err
		}
		want, listed := sums[t.File]
		switch {
		case listed && sum != want:
			return t, fmt.Errorf("%s: SHA-256 %s, but %s records %s: the file changed since it was fetched; delete it to fetch it again", final, sum, SumsFile, want)
		case listed:
			t.Status, t.SHA256 = Cached, sum
			return t, nil
		}
		if err := checkTile(final, lat, lon); err != nil {
			return t, err
		}
		t.Status, t.SHA256 = Found, sum
		return t, nil
	}
	code, err := f.download(ctx, &t)
	if err != nil {
		return t, err
	}
	if code != 0 {
		t.File, t.Status, t.Code = "", Absent, code
		return t, nil
	}
	t.Status = Fetched
	return t, nil
}

// download transfers t.URL into PartialDir, resuming a cut transfer of
// the same object with an HTTP Range request, checks it against the MD5
// the server's ETag carries (S3 gives one for objects uploaded whole),
// unpacks it, reads it as a tile of its cell, and only then renames it
// into the cache. An absent tile (HTTP 404, or the 403 S3 answers for a
// missing key) returns its status code and no error.
func (f *Fetcher) download(ctx context.Context, t *Tile) (absent int, err error) {
	part := filepath.Join(f.Dir, PartialDir, t.File+".part")
	tagFile := part + ".etag"
	var have int64
	tag, _ := os.ReadFile(tagFile)
	if st, err := os.Stat(part); err == nil && len(tag) > 0 {
		have = st.Size()
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.URL, nil)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", t.URL, err)
	}
	if have > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
		req.Header.Set("If-Range", string(tag))
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", t.URL, err)
	}
	defer resp.Body.Close()

	flags := os.O_WRONLY | os.O_CREATE
	switch resp.StatusCode {
	case http.StatusOK:
		have = 0
		flags |= os.O_TRUNC
	case http.StatusPartialContent:
		var start int64
		if _, err := fmt.Sscanf(resp.Header.Get("Content-Range"), "bytes %d-", &start); err != nil || start != have {
			return 0, fmt.Errorf("%s: asked for bytes from %d, got Content-Range %q", t.URL, have, resp.Header.Get("Content-Range"))
		}
		flags |= os.O_APPEND
	case http.StatusNotFound, http.StatusForbidden:
		return resp.StatusCode, nil
	default:
		return 0, fmt.Errorf("%s: HTTP %s", t.URL, resp.Status)
	}
	etag := resp.Header.Get("ETag")
	if etag != "" {
		if err := os.WriteFile(tagFile, []byte(etag), 0o644); err != nil {
			return 0, err
		}
	} else {
		os.Remove(tagFile) // without an ETag a cut transfer starts over
	}
	w, err := os.OpenFile(part, flags, 0o644)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(w, resp.Body)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("%s: transfer cut after %d bytes (%d in %s): %w; run the same command again to resume", t.URL, have+n, have+n, part, err)
	}

	// The transfer is whole: from here on a failure discards it.
	defer func() {
		if err != nil {
			os.Remove(part)
			os.Remove(tagFile)
		}
	}()
	if want, ok := etagMD5(etag); ok {
		got, err := fileMD5(part)
		if err != nil {
			return 0, err
		}
		if got != want {
			return 0, fmt.Errorf("%s: MD5 %s, but the server's ETag says %s: checksum mismatch, tile refused and discarded", t.URL, got, want)
		}
	}
	staged := filepath.Join(f.Dir, PartialDir, t.File)
	if f.Source.Gzip {
		err = gunzip(part, staged)
	} else {
		err = os.Rename(part, staged)
	}
	if err != nil {
		os.Remove(staged)
		return 0, fmt.Errorf("%s: %w", t.URL, err)
	}
	if err = checkTile(staged, t.Lat, t.Lon); err != nil {
		os.Remove(staged)
		return 0, fmt.Errorf("%s: %w", t.URL, err)
	}
	if t.SHA256, err = fileSHA256(staged); err != nil {
		return 0, err
	}
	if err = os.Rename(staged, filepath.Join(f.Dir, t.File)); err != nil {
		return 0, err
	}
	os.Remove(part)
	os.Remove(tagFile)
	return 0, nil
}

// checkTile reads a tile as terrain.Open would and checks that it covers
// some of its cell: an HTML error page or another cell's tile is refused.
func checkTile(path string, lat, lon int) error {
	g, err := terrain.ReadFile(path)
	if err != nil {
		return err
	}
	ti := terrain.NewDEM(g).Survey().Tiles[0]
	if ti.North <= float64(lat) || ti.South >= float64(lat+1) || ti.East <= float64(lon) || ti.West >= float64(lon+1) {
		return fmt.Errorf("%s spans latitude %.4f..%.4f, longitude %.4f..%.4f; want the cell %s",
			filepath.Base(path), ti.South, ti.North, ti.West, ti.East, terrain.CellName(lat, lon))
	}
	return nil
}

var md5ETag = regexp.MustCompile(`^"?([0-9a-fA-F]{32})"?$`)

// etagMD5 is the MD5 an S3 ETag states: a quoted 32-digit hex string for
// an object uploaded in one part; a multipart ETag ("...-N") states none.
func etagMD5(etag string) (string, bool) {
	m := md5ETag.FindStringSubmatch(strings.TrimPrefix(etag, "W/"))
	if m == nil || strings.HasPrefix(etag, "W/") {
		return "", false
	}
	return strings.ToLower(m[1]), true
}

func gunzip(src, dst string) error {
	r, err := os.Open(src)
	if err != nil {
		return err
	}
	defer r.Close()
	z, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		return fmt.Errorf("gunzip: %w", err)
	}
	w, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, z)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gunzip: %w", err)
	}
	return nil
}

func fileSHA256(path string) (string, error) { return fileHash(path, sha256.New()) }
func fileMD5(path string) (string, error)    { return fileHash(path, md5.New()) }

func fileHash(path string, h interface {
	io.Writer
	Sum([]byte) []byte
}) (string, error) {
	r, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer r.Close()
	if _, err := io.Copy(h, r); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readSums reads a manifest; a missing one is empty.
func readSums(path string) (map[string]string, error) {
	sums := map[string]string{}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return sums, nil
	}
	if err != nil {
		return nil, err
	}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			return nil, fmt.Errorf("%s:%d:1: %q: want \"SHA-256  file\" as sha256sum writes it", path, i+1, line)
		}
		sums[name] = sum
	}
	return sums, nil
}

// writeSums replaces the manifest whole (temp + rename), sorted by file.
func writeSums(path string, sums map[string]string) error {
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "%s  %s\n", sums[n], n)
	}
	tmp := filepath.Join(filepath.Dir(path), PartialDir, filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
