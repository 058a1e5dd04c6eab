// Command distpack packs a release's files into one archive that is the
// same bytes every time it is made from the same files: a .tar.gz, or a
// .zip (for Windows), with every entry under one folder, in the order
// given, owned by root, dated to the commit's time, the binary 0755 and
// the rest 0644. scripts/release.sh packs each platform's binary with
// LICENSE, NOTICE and README.md:
//
//	go run ./internal/distpack -o dist/iadsim-v1.2.0-linux-amd64.tar.gz \
//	    -dir iadsim-v1.2.0-linux-amd64 -mtime 1765000000 \
//	    iadsim=dist/iadsim-v1.2.0-linux-amd64 LICENSE NOTICE README.md
//
// An argument NAME=PATH stores the file at PATH as NAME; a plain PATH is
// stored under its base name. The first file is the executable. The
// archive is written whole or not at all. Host tools (GNU tar, zip) put
// the packer's clock, user and umask into an archive unless told
// otherwise, and differ between versions; this packer depends on none of
// them. It is the build's own code, not part of the library.
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/iadsim/iadsim/export"
)

func main() {
	out := flag.String("o", "", "archive to write: NAME.tar.gz or NAME.zip")
	dir := flag.String("dir", "", "folder every entry goes under (default: the archive's name without its extension)")
	mtime := flag.Int64("mtime", 0, "time of every entry, Unix seconds (the commit's: git log -1 --format=%ct)")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: distpack -o OUT.tar.gz|OUT.zip [-dir DIR] [-mtime UNIX] EXECUTABLE [FILE|NAME=PATH]...")
		os.Exit(2)
	}
	files, err := entries(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "distpack:", err)
		os.Exit(2)
	}
	if *dir == "" {
		*dir = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(*out), ".zip"), ".tar.gz")
	}
	write := writeTarGz
	switch {
	case strings.HasSuffix(*out, ".tar.gz"):
	case strings.HasSuffix(*out, ".zip"):
		write = writeZip
	default:
		fmt.Fprintf(os.Stderr, "distpack: -o %s: want a name ending in .tar.gz or .zip\n", *out)
		os.Exit(2)
	}
	// Written whole or not at all.
	err = export.WriteFile(*out, func(w io.Writer) error { return write(w, *dir, time.Unix(*mtime, 0), files) })
	if err != nil {
		fmt.Fprintln(os.Stderr, "distpack:", err)
		os.Exit(1)
	}
}

// file is one entry: its name in the archive, its content and mode.
type file struct {
	name string
	data []byte
	mode int64
}

// entries reads the files NAME=PATH or PATH; the first is executable.
func entries(args []string) ([]file, error) {
	var files []file
	seen := map[string]bool{}
	for i, a := range args {
		name, p, ok := strings.Cut(a, "=")
		if !ok {
			name, p = filepath.Base(a), a
		}
		if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
			return nil, fmt.Errorf("%q: want a plain file name before =", a)
		}
		if seen[name] {
			return nil, fmt.Errorf("%s: given twice; want each name once", name)
		}
		seen[name] = true
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		mode := int64(0o644)
		if i == 0 {
			mode = 0o755
		}
		files = append(files, file{name, data, mode})
	}
	return files, nil
}

// writeTarGz writes a gzip-compressed POSIX ustar archive. The gzip
// header carries no name and no time.
func writeTarGz(w io.Writer, dir string, mtime time.Time, files []file) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	hdr := func(name string, typ byte, mode, size int64) *tar.Header {
		return &tar.Header{Typeflag: typ, Name: name, Mode: mode, Size: size, ModTime: mtime,
			Uid: 0, Gid: 0, Uname: "root", Gname: "root", Format: tar.FormatUSTAR}
	}
	if err := tw.WriteHeader(hdr(dir+"/", tar.TypeDir, 0o755, 0)); err != nil {
		return err
	}
	for _, f := range files {
		if err := tw.WriteHeader(hdr(path.Join(dir, f.name), tar.TypeReg, f.mode, int64(len(f.data)))); err != nil {
			return err
		}
		if _, err := tw.Write(f.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// writeZip writes a zip archive, each file deflated. Times are stored in
// UTC, in the MS-DOS field and the extended timestamp, so that the
// archive does not depend on the packer's time zone.
func writeZip(w io.Writer, dir string, mtime time.Time, files []file) error {
	zw := zip.NewWriter(w)
	d := &zip.FileHeader{Name: dir + "/", Method: zip.Store, Modified: mtime.UTC()}
	d.SetMode(0o755 | os.ModeDir)
	if _, err := zw.CreateHeader(d); err != nil {
		return err
	}
	for _, f := range files {
		h := &zip.FileHeader{Name: path.Join(dir, f.name), Method: zip.Deflate, Modified: mtime.UTC()}
		h.SetMode(os.FileMode(f.mode))
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
