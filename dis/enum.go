package dis

// SISO-REF-010 enumerations that iadsim's PDUs use. The values were read
// from SISO-REF-010 as the open-dis project generates it into Java
// (github.com/open-dis/opendis7-java, src-generated/edu/nps/moves/dis7/
// entities and .../enumerations, SISO-REF-010-v33 draft of 2023-12-17;
// each entity type below names the generated class it came from).
// docs/dis.md has the table with its source and what was assumed.

// Entity kinds, domains and countries.
const (
	KindPlatform = 1
	KindMunition = 2

	DomainLand = 1 // platform domain
	DomainAir  = 2 // platform domain

	MunitionAntiAir            = 1 // munition domain
	MunitionAntiRadar          = 4
	MunitionBattlefieldSupport = 9

	CountryOther  = 0
	CountryRussia = 222 // Russia (RUS)
)

// Force IDs: the air defence is the friendly side, its threats opposing.
const (
	ForceFriendly = 1
	ForceOpposing = 2
)

// Dead reckoning algorithms.
const (
	DRStatic = 1 // a non-moving entity
	DRFPW    = 2 // constant velocity, world coordinates, fixed orientation
)

// Detonation results.
const (
	DetonationEntityProximate = 2 // a proximity fuze fired near its target
	DetonationGroundImpact    = 3
	DetonationDetonation      = 5 // a burst away from anything: a self-destruct
)

// Emitter system functions and beam functions.
const (
	EmitterSurveillance = 2 // Early Warning/Surveillance
	EmitterFireControl  = 4 // Fire Control

	BeamSearch                 = 1
	BeamAcquisitionAndTracking = 5
)

// Appearance bits of platforms and munitions (IEEE 1278.1-2012, SISO-REF-010
// appearance records): damage in bits 3-4, state in bit 23.
const (
	AppearanceDestroyed   uint32 = 3 << 3
	AppearanceDeactivated uint32 = 1 << 23
)

// Entity types of the catalogue's equipment, by catalogue name.
var equipment = map[string]EntityType{
	// S-400 Triumf (SA-21 Growler): 1.1.222.28.24.x.
	"55K6E":   {KindPlatform, DomainLand, CountryRussia, 28, 24, 3, 0}, // SA21CommandPost55K6E
	"91N6E":   {KindPlatform, DomainLand, CountryRussia, 28, 24, 5, 0}, // SA21AcquisitionRadar91N6E
	"92N6E":   {KindPlatform, DomainLand, CountryRussia, 28, 24, 4, 0}, // GraveStoneEngagementRadar92N2E
	"5P85TE2": {KindPlatform, DomainLand, CountryRussia, 28, 24, 1, 0}, // SA21TowedTEL5P85TE2
	"5P90S":   {KindPlatform, DomainLand, CountryRussia, 28, 24, 2, 0}, // SA21SelfPropelledTEL5P90S
	// The 96L6E has its entry under the SA-20 system; the 55Zh6M and
	// 59N6 have none: they take the S-400 system's (specific 0).
	"96L6E":  {KindPlatform, DomainLand, CountryRussia, 28, 21, 6, 0}, // SA20CheeseBoard96L6E
	"55Zh6M": {KindPlatform, DomainLand, CountryRussia, 28, 24, 0, 0}, // SA21GrowlerSAMSystemS400Triumf
	"59N6":   {KindPlatform, DomainLand, CountryRussia, 28, 24, 0, 0}, // SA21GrowlerSAMSystemS400Triumf
	// S-300PMU-2 Favorit (SA-20 Gargoyle): 1.1.222.28.21.x.
	"54K6E2":  {KindPlatform, DomainLand, CountryRussia, 28, 21, 1, 0}, // SA20GroupofBattalionsCPVehicle54K6
	"30N6E2":  {KindPlatform, DomainLand, CountryRussia, 28, 21, 3, 0}, // SA20TombStoneEngagementRadarBattalionCP30N6E1
	"64N6E2":  {KindPlatform, DomainLand, CountryRussia, 28, 21, 5, 0}, // SA20BigBirdAcquisitionRadar64N6
	"5P85SE2": {KindPlatform, DomainLand, CountryRussia, 28, 21, 2, 0}, // SA20MissileLauncher5P85

	// Interceptors: 2.1.222.1.x.x (munition, anti-air, guided).
	"9M96E":  {KindMunition, MunitionAntiAir, CountryRussia, 1, 44, 1, 0}, // SA21Growler9M96E
	"9M96E2": {KindMunition, MunitionAntiAir, CountryRussia, 1, 44, 2, 0}, // SA21Growler9M96E2
	"48N6E3": {KindMunition, MunitionAntiAir, CountryRussia, 1, 44, 3, 0}, // SA21Growler48N6E348N6DM
	"48N6DM": {KindMunition, MunitionAntiAir, CountryRussia, 1, 44, 3, 0}, // SA21Growler48N6E348N6DM
	"40N6E":  {KindMunition, MunitionAntiAir, CountryRussia, 1, 44, 5, 0}, // _40N6E
	"48N6E2": {KindMunition, MunitionAntiAir, CountryRussia, 1, 22, 5, 0}, // _48N6E2 (under SA-10 Grumble)
}

// Generic entity types for equipment the table does not name.
var (
	genericLandAirDefence = EntityType{KindPlatform, DomainLand, CountryRussia, 28, 0, 0, 0} // Air Defense / Missile Defense Unit Equipment
	genericInterceptor    = EntityType{KindMunition, MunitionAntiAir, CountryRussia, 1, 0, 0, 0}
)

// Threat classes of the catalogue. A threat class is not a nationality:
// its country is Other (0), and its category says what it is.
var threats = map[string]EntityType{
	"subsonic-cruise-missile":       {KindMunition, MunitionBattlefieldSupport, CountryOther, 1, 0, 0, 0}, // guided, as BGM109CTLAMC, StormShadow
	"supersonic-cruise-missile":     {KindMunition, MunitionBattlefieldSupport, CountryOther, 1, 0, 0, 0},
	"short-range-ballistic-missile": {KindMunition, MunitionBattlefieldSupport, CountryOther, 1, 0, 0, 0}, // guided, as MGM140ArmyTacticalMissileSystemATacMS
	"anti-radiation-missile":        {KindMunition, MunitionAntiRadar, CountryOther, 1, 0, 0, 0},          // as AGM88HighspeedAntiRadiationMissileHARM
	"shahed-136-class":              {KindPlatform, DomainAir, CountryOther, 50, 0, 0, 0},                 // Unmanned, as Shahed136
	"small-multirotor":              {KindPlatform, DomainAir, CountryOther, 50, 0, 0, 0},                 // Unmanned
	"fighter-4th-gen":               {KindPlatform, DomainAir, CountryOther, 1, 0, 0, 0},                  // Fighter/Air Defense
	"fighter-low-observable":        {KindPlatform, DomainAir, CountryOther, 1, 0, 0, 0},
	"large-aircraft":                {KindPlatform, DomainAir, CountryOther, 8, 0, 0, 0}, // Surveillance/C2 (Airborne Early Warning)
	"stand-off-jammer":              {KindPlatform, DomainAir, CountryOther, 6, 0, 0, 0}, // Electronic Warfare (EW)
}

// genericThreat is the type of a threat whose class the table does not
// name: an air platform of category Other.
var genericThreat = EntityType{KindPlatform, DomainAir, CountryOther, 0, 0, 0, 0}

// Emitter names of the catalogue's radars (SISO-REF-010, Emitter Name).
var emitters = map[string]uint16{
	"91N6E":  9662,  // NATOID_Big Bird E 91N6E
	"92N6E":  16960, // NATOID_Grave Stone
	"96L6E":  70,    // 96L6E
	"55Zh6M": 21919, // NEBO-M
	"59N6":   55,    // 59N6
	"30N6E2": 15661, // 30N6E
	"64N6E2": 9660,  // NATOID_Big Bird D (assumption: the 64N6E2 is the Big Bird D)
}

// EquipmentType is the entity type of a catalogue radar, launcher,
// command post or interceptor, by its catalogue name; equipment the table
// does not name is a generic air-defence platform, or with interceptor
// set, a generic anti-air guided munition. ok says the table named it.
func EquipmentType(name string, interceptor bool) (t EntityType, ok bool) {
	if t, ok := equipment[name]; ok {
		return t, true
	}
	if interceptor {
		return genericInterceptor, false
	}
	return genericLandAirDefence, false
}

// ThreatType is the entity type of a threat of the catalogue class class;
// a class the table does not name is an air platform of category Other.
func ThreatType(class string) (t EntityType, ok bool) {
	if t, ok := threats[class]; ok {
		return t, true
	}
	return genericThreat, false
}

// EmitterName is the SISO-REF-010 emitter name of a catalogue radar, or 0
// (Other) for a radar the table does not name.
func EmitterName(model string) uint16 { return emitters[model] }

// commandPosts names the command post of each catalogue system.
var commandPosts = map[string]string{"s400": "55K6E", "s300pmu2": "54K6E2"}

// CommandPostType is the entity type of the command post of a unit of the
// catalogue system system.
func CommandPostType(system string) (t EntityType, ok bool) {
	return EquipmentType(commandPosts[system], false)
}

// Munition descriptor values for a surface-to-air interceptor: a
// high-explosive fragmentation warhead on a proximity fuze.
const (
	WarheadHEFragmentation = 1300
	FuseProximity          = 3000
)
