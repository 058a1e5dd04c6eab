package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/internal/oracle"
)

// ociBlob reads the blob of digest ("sha256:...") from an OCI image
// layout, checking that its bytes have that digest.
func ociBlob(t *testing.T, layout, digest string) []byte {
	t.Helper()
	hexsum, ok := strings.CutPrefix(digest, "sha256:")
	if !ok {
		t.Fatalf("digest %q: want sha256:HEX", digest)
	}
	b, err := os.ReadFile(filepath.Join(layout, "blobs", "sha256", hexsum))
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != hexsum {
		t.Fatalf("blob %s does not have its digest", digest)
	}
	return b
}

// TestContainerImage builds the Containerfile's image from a static
// binary built as scripts/release.sh builds it, with no container engine
// (scripts/container.sh: buildah, vfs, chroot), runs its entrypoint, and
// reads the OCI image layout it wrote against the image-spec: one
// manifest, a config whose entrypoint is /iadsim run as nobody in /work,
// and a layer whose /iadsim is the binary, byte for byte, with the
// examples beside it (issue 18).
func TestContainerImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a static binary and an image: not in -short mode")
	}
	if _, err := exec.LookPath("buildah"); err != nil {
		oracle.Missing(t, "buildah (apt-get install buildah; as root)", err)
	}
	if os.Geteuid() != 0 {
		oracle.Missing(t, "root, for buildah's chroot isolation", nil)
	}
	dir := t.TempDir()
	static := filepath.Join(dir, "iadsim")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -buildid=", "-o", static, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("static build: %v\n%s", err, out)
	}
	bin, err := os.ReadFile(static)
	if err != nil {
		t.Fatal(err)
	}
	layout := filepath.Join(dir, "oci")
	cmd := exec.Command("../../scripts/container.sh", static, layout, "iadsim:test")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if xe, ok := err.(*exec.ExitError); ok {
			stderr = xe.Stderr
		}
		t.Fatalf("container.sh: %v\n%s", err, stderr)
	}
	if !strings.HasPrefix(string(out), "iadsim ") {
		t.Errorf("the image's /iadsim version printed %q", out)
	}

	var index struct {
		Manifests []struct {
			MediaType, Digest string
			Annotations       map[string]string
		}
	}
	b, err := os.ReadFile(filepath.Join(layout, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &index); err != nil || len(index.Manifests) != 1 {
		t.Fatalf("index.json: %v, %d manifests; want one", err, len(index.Manifests))
	}
	if ref := index.Manifests[0].Annotations["org.opencontainers.image.ref.name"]; ref != "test" {
		t.Errorf("image ref name %q, want test", ref)
	}
	var manifest struct {
		Config struct{ Digest string }
		Layers []struct{ MediaType, Digest string }
	}
	if err := json.Unmarshal(ociBlob(t, layout, index.Manifests[0].Digest), &manifest); err != nil {
		t.Fatal(err)
	}
	var config struct {
		Architecture, OS string
		Config           struct {
			Entrypoint []string
			User       string
			WorkingDir string
		}
	}
	if err := json.Unmarshal(ociBlob(t, layout, manifest.Config.Digest), &config); err != nil {
		t.Fatal(err)
	}
	c := config.Config
	if config.OS != "linux" || config.Architecture != "amd64" || !slices.Equal(c.Entrypoint, []string{"/iadsim"}) || c.User != "65534:65534" || c.WorkingDir != "/work" {
		t.Errorf("config: %s/%s, entrypoint %q, user %q, workdir %q; want linux/amd64, [/iadsim], 65534:65534, /work",
			config.OS, config.Architecture, c.Entrypoint, c.User, c.WorkingDir)
	}
	want := sha256.Sum256(bin)
	found := map[string]bool{}
	for _, l := range manifest.Layers {
		var r io.Reader = strings.NewReader(string(ociBlob(t, layout, l.Digest)))
		if strings.HasSuffix(l.MediaType, "+gzip") {
			if r, err = gzip.NewReader(r); err != nil {
				t.Fatal(err)
			}
		}
		tr := tar.NewReader(r)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("layer %s: %v", l.Digest, err)
			}
			name := strings.TrimPrefix(h.Name, "./")
			found[name] = true
			if name != "iadsim" {
				continue
			}
			sum := sha256.New()
			io.Copy(sum, tr)
			if got := sum.Sum(nil); hex.EncodeToString(got) != hex.EncodeToString(want[:]) || h.Mode&0o111 == 0 {
				t.Errorf("/iadsim in the image: sha256 %x, mode %o; want the binary's %x, executable", got, h.Mode, want)
			}
		}
	}
	for _, f := range []string{"iadsim", "examples/s400-white-mountains-raid.yaml", "schema/scenario.schema.json"} {
		if !found[f] {
			t.Errorf("the image has no /%s", f)
		}
	}
}
