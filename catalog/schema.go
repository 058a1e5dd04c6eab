package catalog

import "strings"

// Entry kinds.
const (
	KindSystem      = "system"
	KindRadar       = "radar"
	KindMast        = "mast"
	KindLauncher    = "launcher"
	KindCommandPost = "command-post"
	KindSet         = "set"
	KindMissile     = "missile"
	KindThreat      = "threat"
)

// CapacityPrefix starts the figure keys of a launcher's capacity, one per
// missile type: "capacity_48N6E2" is how many 48N6E2 one launcher carries.
const CapacityPrefix = "capacity_"

// keyDim returns the dimension every figure key must have, or false if the
// key is unknown. Unknown keys are rejected, so a misspelt key fails loading
// instead of being silently ignored by the model that reads it.
func keyDim(key string) (dimension, bool) {
	if strings.HasPrefix(key, CapacityPrefix) && len(key) > len(CapacityPrefix) {
		return dimNone, true
	}
	switch key {
	case "ref_range", "min_range", "max_range", "seeker_range", "lethal_radius",
		"noise_range", "min_altitude", "max_altitude", "altitude", "range",
		"antenna_height", "detection_range", "ballistic_target_range", "range_resolution", "cep",
		"length", "diameter", "gun_min_range", "gun_max_range", "gun_max_altitude", "gun_calibre", "gun_open_fire_range":
		return dimLength, true
	case "frequency", "prf", "jammer_bandwidth":
		return dimFrequency, true
	case "ref_rcs", "rcs":
		return dimArea, true
	case "launch_speed", "burnout_speed", "max_target_speed", "speed", "min_radial_speed",
		"noise_range_rate", "gun_muzzle_velocity":
		return dimSpeed, true
	case "scan_period", "reaction_time", "readiness_time", "reload_time",
		"boost_time", "coast_time_constant", "max_flight_time", "track_dwell", "search_frame",
		"gun_burst_time":
		return dimTime, true
	case "min_elevation", "max_elevation", "noise_azimuth", "noise_elevation", "sector_width",
		"beamwidth_azimuth", "beamwidth_elevation", "seeker_accuracy", "gun_dispersion":
		return dimAngle, true
	case "max_lateral_accel":
		return dimAccel, true
	case "warhead_mass", "gun_round_mass":
		return dimMass, true
	case "nav_ratio", "sidelobe_db", "mti_improvement_db", "noise_figure_db", "jammer_erp_dbw",
		"gun_rate", "gun_drag_coefficient":
		return dimNone, true
	case "role", "band", "guidance", "evasion", "jammer_bands":
		return dimText, true
	}
	if isProbability(key) || isCount(key) {
		return dimNone, true
	}
	return 0, false
}

// isProbability reports whether the figure key must lie in [0, 1].
func isProbability(key string) bool {
	switch key {
	case "ref_pd", "pfa", "pk", "search_share", "gun_pk_hit":
		return true
	}
	return false
}

// isCount reports whether the figure key must be a whole number >= 0.
func isCount(key string) bool {
	switch key {
	case "fire_channels", "missiles_guided", "tracks", "targets_engaged", "gun_rounds":
		return true
	}
	return strings.HasPrefix(key, CapacityPrefix)
}

// kindSpec lists the figure keys an entry of a kind must carry and may carry.
type kindSpec struct {
	required []string
	optional []string
}

// kindSpecOf returns the figure keys of a kind, or false if the kind is
// unknown. A launcher also carries one capacity_<missile> key per round it
// takes.
func kindSpecOf(kind string) (kindSpec, bool) {
	switch kind {
	case KindSystem:
		return kindSpec{
			required: []string{"max_range", "min_altitude", "max_altitude", "targets_engaged",
				"missiles_guided", "reaction_time", "readiness_time"},
			optional: []string{"detection_range", "tracks", "ballistic_target_range", "max_target_speed"},
		}, true
	case KindRadar:
		return kindSpec{
			required: []string{"role", "ref_range", "ref_rcs", "ref_pd", "pfa", "min_range",
				"max_range", "min_elevation", "max_elevation", "scan_period", "noise_range",
				"noise_azimuth", "noise_elevation", "fire_channels", "missiles_guided", "tracks", "band"},
			// A fire-control phased array's sector and time budget, and
			// what the radar sees over a surface (radar.Environment):
			// without the latter a radar sees in free space.
			optional: []string{"sector_width", "track_dwell", "search_frame", "search_share",
				"frequency", "beamwidth_azimuth", "beamwidth_elevation", "sidelobe_db",
				"range_resolution", "mti_improvement_db", "min_radial_speed", "prf", "noise_range_rate",
				// Against noise jammers (radar.Receiver).
				"noise_figure_db"},
		}, true
	case KindMast:
		return kindSpec{required: []string{"antenna_height"}}, true
	case KindLauncher:
		// A launcher that also carries guns (the Pantsir-S1's combat
		// vehicle): every gun_ key, read by a scenario launcher with
		// guns: true (weapon.Gun).
		return kindSpec{required: []string{"reload_time"}, optional: GunKeys}, true
	case KindCommandPost:
		return kindSpec{required: []string{"role"}, optional: []string{"tracks"}}, true
	case KindSet:
		return kindSpec{required: []string{"role"}}, true
	case KindMissile:
		return kindSpec{
			required: []string{"min_range", "max_range", "min_altitude", "max_altitude",
				"launch_speed", "burnout_speed", "boost_time", "coast_time_constant",
				"max_flight_time", "max_lateral_accel", "nav_ratio", "lethal_radius", "pk",
				"max_target_speed", "seeker_range", "warhead_mass", "guidance"},
		}, true
	case KindThreat:
		return kindSpec{
			required: []string{"rcs", "speed", "min_altitude", "max_altitude", "altitude",
				"max_lateral_accel", "range"},
			// A noise jammer it carries: ERP, bandwidth and the radar
			// letter bands it covers (jammer_bands: "S C X").
			// An anti-radiation seeker's bearing accuracy and the
			// warhead's lethal radius against a radar. A role
			// ThreatRoleDecoy: a decoy, with no warhead.
			optional: []string{"warhead_mass", "evasion", "jammer_erp_dbw", "jammer_bandwidth", "jammer_bands",
				"seeker_accuracy", "lethal_radius", "role",
				// A threat aimed at a unit's equipment: the circular
				// error probable of its guidance.
				"cep",
				// Its body, a cylinder: what it presents to a gun's
				// line of fire (weapon.PresentedArea).
				"length", "diameter"},
		}, true
	}
	return kindSpec{}, false
}

// GunKeys are the figure keys of a launcher's guns.
var GunKeys = []string{"gun_rate", "gun_burst_time", "gun_rounds", "gun_muzzle_velocity", "gun_round_mass",
	"gun_calibre", "gun_drag_coefficient", "gun_min_range", "gun_max_range", "gun_open_fire_range", "gun_max_altitude",
	"gun_dispersion", "gun_pk_hit"}

// kindNames lists the kinds in a fixed order, for error messages.
const kindNames = "system, radar, mast, launcher, command-post, set, missile, threat"

// Threat evasion: the values a threat's evasion figure may take. A threat
// with evasion "launch" breaks into a beam turn when its warning receiver
// sees a launch at it (scenario key evade:); "none", or no figure, flies
// its route regardless: missiles and drones carry no warning receiver.
const (
	EvadeOnLaunch = "launch"
	EvadeNone     = "none"
)

// ThreatRoleDecoy is the one value a threat's role figure may take: a
// decoy, which carries no warhead and exists to draw interceptors. What
// it reaches is no leak; the battle manager does not know it is one.
const ThreatRoleDecoy = "decoy"

// Radar roles: the values a radar's role figure may take.
const (
	RoleSurveillance = "surveillance"
	RoleFireControl  = "fire-control"
)
