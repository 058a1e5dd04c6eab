// Package catalog holds the equipment and threat data of iadsim: the S-400
// Triumf and S-300PMU-2 Favorit, their radars, launchers and missiles, and the
// classes of threat they face, each figure with its public source.
//
// The data are press, vendor and textbook claims, not measurements. Sources
// disagree, and most never say against what target size or at what altitude
// a figure holds. So every number keeps its source and a verification key,
// a disputed number carries a range around its nominal value, and a number no
// public source gives is marked as an assumption with its reasoning, to be
// swept rather than believed. Models take a value with Figure.Value: the
// nominal, either end of the range, or a random draw for Monte Carlo.
//
// # Data files
//
// The data are YAML files embedded in the binary, one per family:
// data/s400.yaml, data/s300pmu2.yaml, data/pantsir.yaml and
// data/threats.yaml. Load parses them
// strictly: an unknown key, a missing source, a unit that does not fit the
// figure, or min > nominal is an error at file:line:col, so a bad edit fails
// the package tests. A family file is
//
//	family: s400              # must equal the file's base name
//	title: "S-400 Triumf (SA-21 Growler)"
//	description: ...          # optional
//	entries:
//	  - name: 40N6E           # unique across all files; letters, digits, - and _
//	    kind: missile         # system|radar|mast|launcher|command-post|set|missile|threat
//	    title: ...
//	    description: ...      # optional
//	    aliases: [...]        # optional other names for Lookup
//	    parts:                # systems and sets only
//	      - {name: 92N6E, role: fire-control-radar, count: 1, max: 1, source: ..., v: U, note: ...}
//	    figures:              # figure key -> figure, in the order Figures keeps
//	      max_range:
//	        nominal: 400      # the value models use by default
//	        min: 250          # optional; min and max carry a disputed or uncertain spread
//	        max: 400          # optional
//	        unit: km          # required for a number; "" if dimensionless
//	        source: "https://..." # URL or publication, verbatim
//	        v: Q              # V, Q, S or U as in shared/reference/public-figures.yaml
//	        note: ...         # optional: wording of the source, caveat, disagreement
//	        claims:           # optional: each public value behind the range
//	          - {value: 250, source: "http://...", v: V, note: ...}
//	      guidance: {text: "inertial, active radar homing", source: "assumption: ...", v: U}
//
// A figure with v: U must have a source that begins "assumption:" and states
// the reasoning; a figure with v: V, Q or S must not. A part's count and max
// carry a source and v under the same rule.
//
// # Figure keys
//
// Each kind carries exactly these keys (names follow the scenario format):
//
//   - radar: role (text: surveillance or fire-control), ref_range, ref_rcs,
//     ref_pd, pfa (the detection reference: range at which a target of ref_rcs
//     is seen with probability ref_pd at false-alarm probability pfa),
//     min_range, max_range, min_elevation, max_elevation, scan_period,
//     noise_range, noise_azimuth, noise_elevation (1-sigma measurement noise),
//     fire_channels, missiles_guided, tracks, band (text).
//   - mast: antenna_height.
//   - launcher: reload_time and one capacity_<missile> per round it takes,
//     such as capacity_48N6E2: 4 or capacity_9M96E2: 16; optionally the
//     guns it carries (GunKeys: gun_rate in rounds/s of all barrels,
//     gun_burst_time, gun_rounds, gun_muzzle_velocity, gun_round_mass,
//     gun_calibre, gun_drag_coefficient, gun_min_range, gun_max_range,
//     gun_open_fire_range (the longest range at which a burst is fired),
//     gun_max_altitude, gun_dispersion (1-sigma per axis), gun_pk_hit).
//   - command-post: role (text), optionally tracks. set: role (text).
//   - missile: min_range, max_range, min_altitude, max_altitude, launch_speed,
//     burnout_speed, boost_time, coast_time_constant, max_flight_time,
//     max_lateral_accel, nav_ratio, lethal_radius, pk, max_target_speed,
//     seeker_range, warhead_mass, guidance (text).
//   - system: max_range, min_altitude, max_altitude, targets_engaged,
//     missiles_guided, reaction_time, readiness_time; optionally
//     detection_range, tracks, ballistic_target_range, max_target_speed.
//   - threat: rcs, speed, min_altitude, max_altitude, altitude (nominal
//     flight altitude), max_lateral_accel, range; optionally warhead_mass,
//     a jammer (jammer_erp_dbw, jammer_bandwidth, jammer_bands), and what
//     it needs aimed at a unit's equipment: seeker_accuracy (an
//     anti-radiation seeker), cep (any other guidance) and lethal_radius;
//     and length and diameter, its body as a gun's fire sees it.
//     A threat may also carry an rcs_table beside its figures: its cross
//     section by aspect and band in dB from the rcs figure (see RCSTable).
//
// # Missile speed profile
//
// The missile figures parameterise the fly-out model the engine uses. Speed
// rises linearly from launch_speed V0 to burnout_speed Vb over boost_time tb;
// then drag alone slows the missile as dv/dt = -v²/(Vb τ), whose solution is
//
//	v(t) = Vb / (1 + (t - tb)/τ)
//	s(t) = (V0 + Vb) tb / 2 + Vb τ ln(1 + (t - tb)/τ)
//
// with τ = coast_time_constant. No public source gives τ or
// max_flight_time; they are assumptions chosen so that max_range is reached
// within max_flight_time with at least 600 m/s left, which the tests check
// for every missile.
//
// # Units
//
// Figures keep the unit their source used; Figure.SI and Figure.Value convert
// to SI (m, s, rad, m/s, m², m/s², kg). Known units: "" (dimensionless), m,
// km, ft, nmi, m/s, km/h, mph, kn, m2, dBsm, s, min, h, deg, rad, mrad, g
// (9.80665 m/s²), m/s2, kg: each, but kg, one the units package reads too,
// so that a figure can be copied into a scenario as written.
//
// # Documentation
//
// docs/catalogue.md is Markdown's output (iadsim catalog doc); a test fails
// when it differs from the data, and go test ./catalog -update rewrites it.
package catalog
