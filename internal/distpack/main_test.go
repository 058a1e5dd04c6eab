package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The files of the tests: an "executable" and a licence.
func testFiles() []file {
	return []file{{"iadsim", []byte("#!/bin/sh\necho iadsim\n"), 0o755}, {"LICENSE", []byte("Apache License 2.0\n"), 0o644}}
}

// mtimeUnix is 2025-12-06 05:46:40 UTC.
const mtimeUnix = 1765000000

// tool runs an archive reader this package did not write, skipping the
// test when it is missing unless IADSIM_REQUIRE_ORACLES=1.
func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	exe, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("IADSIM_REQUIRE_ORACLES") == "1" {
			t.Fatalf("%s is missing: %v", name, err)
		}
		t.Skipf("%s is missing (%v): the archive is not checked with another reader", name, err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "TZ=UTC", "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// TestTarGz: the same files give the same bytes twice, and GNU tar lists
// the folder, the files in order, owned by root, with their modes and
// the commit's time, and extracts the same content.
func TestTarGz(t *testing.T) {
	var a, b bytes.Buffer
	if err := writeTarGz(&a, "iadsim-v1-linux-amd64", time.Unix(mtimeUnix, 0), testFiles()); err != nil {
		t.Fatal(err)
	}
	writeTarGz(&b, "iadsim-v1-linux-amd64", time.Unix(mtimeUnix, 0), testFiles())
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two packings of the same files differ")
	}
	dir := t.TempDir()
	arc := filepath.Join(dir, "a.tar.gz")
	os.WriteFile(arc, a.Bytes(), 0o644)
	list := tool(t, "tar", "-tvzf", arc)
	want := []string{
		"drwxr-xr-x root/root 0 2025-12-06 05:46 iadsim-v1-linux-amd64/",
		"-rwxr-xr-x root/root 22 2025-12-06 05:46 iadsim-v1-linux-amd64/iadsim",
		"-rw-r--r-- root/root 19 2025-12-06 05:46 iadsim-v1-linux-amd64/LICENSE",
	}
	got := strings.Split(strings.TrimSpace(list), "\n")
	for i := range got {
		got[i] = strings.Join(strings.Fields(got[i]), " ")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tar -tvzf:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	tool(t, "tar", "-xzf", arc, "-C", dir)
	if data, err := os.ReadFile(filepath.Join(dir, "iadsim-v1-linux-amd64", "iadsim")); err != nil || string(data) != "#!/bin/sh\necho iadsim\n" {
		t.Errorf("extracted %q, %v", data, err)
	}
	// gzip's header holds no time and no name (bytes 4-7 are MTIME).
	if h := a.Bytes()[:10]; !bytes.Equal(h[4:8], []byte{0, 0, 0, 0}) || h[3]&0x08 != 0 {
		t.Errorf("gzip header % x carries a time or a name", h)
	}
}

// TestZip: the same files give the same bytes twice; zipinfo lists the
// modes and the commit's time in UTC, and unzip tests the content.
func TestZip(t *testing.T) {
	var a, b bytes.Buffer
	if err := writeZip(&a, "iadsim-v1-windows-amd64", time.Unix(mtimeUnix, 0), testFiles()); err != nil {
		t.Fatal(err)
	}
	writeZip(&b, "iadsim-v1-windows-amd64", time.Unix(mtimeUnix, 0), testFiles())
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two packings of the same files differ")
	}
	arc := filepath.Join(t.TempDir(), "a.zip")
	os.WriteFile(arc, a.Bytes(), 0o644)
	info := tool(t, "zipinfo", "-T", arc)
	for _, want := range []string{
		"drwxr-xr-x", "iadsim-v1-windows-amd64/",
		"-rwxr-xr-x", "20251206.054640 iadsim-v1-windows-amd64/iadsim",
		"-rw-r--r--", "20251206.054640 iadsim-v1-windows-amd64/LICENSE",
	} {
		if !strings.Contains(info, want) {
			t.Errorf("zipinfo lacks %q:\n%s", want, info)
		}
	}
	if out := tool(t, "unzip", "-t", arc); !strings.Contains(out, "No errors detected") {
		t.Errorf("unzip -t:\n%s", out)
	}
}

func TestEntries(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "iadsim-v1-linux-amd64")
	os.WriteFile(bin, []byte("x"), 0o755)
	os.WriteFile(filepath.Join(dir, "LICENSE"), []byte("y"), 0o644)
	fs, err := entries([]string{"iadsim=" + bin, filepath.Join(dir, "LICENSE")})
	if err != nil || len(fs) != 2 || fs[0].name != "iadsim" || fs[0].mode != 0o755 || fs[1].name != "LICENSE" || fs[1].mode != 0o644 {
		t.Errorf("entries: %+v, %v", fs, err)
	}
	for _, bad := range [][]string{{"a/b=" + bin}, {"iadsim=" + bin, "iadsim=" + bin}, {filepath.Join(dir, "none")}} {
		if _, err := entries(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
