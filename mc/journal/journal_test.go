package journal

import (
	"strings"
	"testing"
)

// TestParse: whole records are read in order, a replication twice counts
// once, a torn last line is left out of the sound prefix, and a bad line
// before the last is an error naming its line.
func TestParse(t *testing.T) {
	whole := `{"replication":2,"seed":1,"leakers":1}` + "\n" + `{"replication":2,"leakers":5}` + "\n" + `{"replication":0}` + "\n"
	rows, sound, err := Parse("j", []byte(whole+`{"repl`))
	if err != nil || len(rows) != 2 || rows[0].Replication != 2 || rows[0].Leakers != 1 || rows[1].Replication != 0 || sound != int64(len(whole)) {
		t.Errorf("rows %+v, sound %d, %v", rows, sound, err)
	}
	if _, _, err := Parse("j", []byte("{}\nx\n{}\n")); err == nil || !strings.HasPrefix(err.Error(), "j:2: ") {
		t.Errorf("a bad second line: %v", err)
	}
}

// FuzzParse: the sound prefix ends at a newline inside the data, and no
// replication is read twice. The journal is parsed in memory: the reader
// of the file (mc.ReadJournal) only adds os.ReadFile, and writing each
// input to disk cost more than parsing it.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"replication":2,"seed":1,"leakers":1}` + "\n"))
	f.Add([]byte(`{"replication":2}` + "\n" + `{"repl`))
	f.Add([]byte("\n\n{}\n"))
	f.Add([]byte(`{"replication":1,"first_detection_s":{"a":1.5},"figures":{"x":2}}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, sound, err := Parse("j", data)
		if err != nil {
			return
		}
		if sound < 0 || sound > int64(len(data)) || (sound > 0 && data[sound-1] != '\n') {
			t.Fatalf("sound prefix %d of %d bytes", sound, len(data))
		}
		seen := map[int]bool{}
		for _, r := range rows {
			if seen[r.Replication] {
				t.Fatalf("replication %d twice", r.Replication)
			}
			seen[r.Replication] = true
		}
	})
}
