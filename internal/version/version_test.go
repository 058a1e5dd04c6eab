package version

import (
	"runtime/debug"
	"testing"
)

func TestVersionOf(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, c := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "iadsim devel (commit unknown)"},
		{"go run: no version, no commit",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("GOOS", "linux", "GOARCH", "amd64")},
			"iadsim devel (commit unknown, go1.26.8 linux/amd64)"},
		{"a release build from a tag",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"},
				Settings: vcs("GOOS", "darwin", "GOARCH", "arm64", "vcs.revision", "3593ff00961942e8c3dffa4d0989f6ab47379824",
					"vcs.time", "2025-12-07T02:48:01Z", "vcs.modified", "false")},
			"iadsim v1.2.0 (commit 3593ff009619, 2025-12-07T02:48:01Z, go1.26.8 darwin/arm64)"},
		{"a checkout with uncommitted changes",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20251207024801-3593ff009619+dirty"},
				Settings: vcs("vcs.revision", "3593ff00961942e8c3dffa4d0989f6ab47379824", "vcs.modified", "true")},
			"iadsim v0.0.0-20251207024801-3593ff009619+dirty (commit 3593ff009619 with uncommitted changes, go1.26.8)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Of(c.info).String(); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
