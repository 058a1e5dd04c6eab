package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/catalog"
)

// wantErrorAt compiles src as f.yaml and fails unless one of its errors
// starts with "f.yaml:pos: msg".
func wantErrorAt(t *testing.T, c *catalog.Catalog, src, pos, msg string) {
	t.Helper()
	_, err := Compile("f.yaml", []byte(src), Options{Catalog: c})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v (%T), want an ErrorList", err, err)
	}
	want := "f.yaml:" + pos + ": " + msg
	for _, e := range list {
		if strings.HasPrefix(e.Error(), want) {
			return
		}
	}
	t.Errorf("no error starts with\n\t%s\ngot:\n%v", want, err)
}
