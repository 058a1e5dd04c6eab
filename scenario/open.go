package scenario

// Open reads the scenario file at path and compiles it once for many
// runs. It returns the scenario of replication 0, the file's bytes (a
// Monte Carlo batch keeps them beside its results, to rerun and merge),
// and the Template that redraws the sampled catalogue figures per
// replication (package mc).
//
// seed, when not nil, replaces the file's seed: the run's random draws
// and any sampled catalogue figures both follow it, as iadsim's --seed
// does. With a nil seed Open gives the scenario Load gives.
//
// A mistake in the file is an ErrorList, each problem with its position;
// a file that cannot be read is ReadFile's error.
func Open(path string, seed *uint64) (*Scenario, []byte, *Template, error) {
	src, err := ReadFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	tm, err := Compile(path, src, Options{})
	if err != nil {
		return nil, nil, nil, err
	}
	var streams Streams
	if seed != nil {
		streams = SeedStreams(*seed)
	}
	s, err := tm.Resolve(streams)
	if err != nil {
		return nil, nil, nil, err
	}
	if seed != nil {
		s.Seed = *seed
	}
	return s, src, tm, nil
}
