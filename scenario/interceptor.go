package scenario

import "github.com/iadsim/iadsim/weapon"

// Interceptor is the kinematic interceptor model of the missile as the
// scenario writes it: envelope, speed profile, guidance and lethality,
// with the model's default autopilot lag and seeker noise. The engine
// adds to it what is derived (its reach against a low target, or a 3-DOF
// model); a coverage map takes its reach from it too, so that map and
// run measure one envelope.
func (ms *Missile) Interceptor() weapon.Missile {
	return weapon.Missile{
		Name: ms.Name, MinRange: ms.MinRange, MaxRange: ms.MaxRange,
		MinAltitude: ms.MinAltitude, MaxAltitude: ms.MaxAltitude,
		Profile: weapon.Profile{LaunchSpeed: ms.LaunchSpeed, BurnoutSpeed: ms.BurnoutSpeed,
			BoostTime: ms.BoostTime, CoastTimeConstant: ms.CoastTimeConstant},
		MaxFlightTime: ms.MaxFlightTime, MaxLateralAccel: ms.MaxLateralAccel, NavRatio: ms.NavRatio,
		Lethality:      weapon.Lethality{LethalRadius: ms.LethalRadius, PkMax: ms.PkMax},
		MaxTargetSpeed: ms.MaxTargetSpeed, SeekerRange: ms.SeekerRange,
		AutopilotLag: weapon.DefaultAutopilotLag, SeekerNoise: weapon.DefaultSeekerNoise,
		Guidance: weapon.GuidanceMode(ms.Guidance),
	}
}
