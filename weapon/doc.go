// Package weapon models a surface-to-air interceptor from launch to fuzing:
// its speed along the flight path, the guidance law that turns it, the
// proximity fuze that fires at closest approach, and the warhead's kill
// probability against miss distance.
//
// This is the first-generation model: a point mass whose speed follows a
// prescribed profile, the way public sources describe missiles ("1,900 m/s
// in 12 s"), and whose direction turns under a lateral acceleration command.
// The three parts are separate small types so that each can be replaced on
// its own:
//
//   - [Profile]: speed, path length and its inverse against time since
//     launch, in closed form;
//   - [Guidance], implemented by [ProNav]: the lateral acceleration command;
//   - [Lethality]: kill probability against miss distance and target class.
//
// [Missile] gathers them with the launch envelope, and [Interceptor] flies
// one missile in earth-centred earth-fixed (ECEF) coordinates with a fixed
// step chosen by the caller.
//
// Beside it, selected by Missile.Model = [ModelPointMass], is a 3-DOF
// point mass under thrust ([Motor]), drag and lift ([Aero], with the
// drag curve [DefaultCd0] and the standard atmosphere [Atmosphere]) and
// central gravity, with a lofted command-guided mid-course and PN or APN
// ([AugProNav]) homing; see pointmass.go for its equations and guidance.
// No public source gives such parameters for the catalogue's missiles:
// [Derive3DOF] derives a plausible set from the public-style figures,
// each number an assumption it documents. [Missile.Fly],
// [Missile.MaxGroundRange] and [Missile.Ceiling] fly standard shots and
// envelopes, and [LARTable] precomputes launch acceptability regions for
// fast planning. docs/flyout.md has the tables.
//
// Assumptions of the kinematic (speed-profile) model, stated once here:
//
//   - Gravity is balanced by the airframe: the speed profile already says
//     how fast the missile goes, and the guidance commands only turn the
//     velocity. The missile neither sags nor climbs on its own.
//   - ECEF is treated as an inertial frame: the Coriolis acceleration
//     (2ωv, about 0.3 m/s² at 2 km/s) is well inside what guidance removes.
//   - The airframe follows the command through a first-order autopilot
//     lag (Missile.AutopilotLag; zero answers at once), up to the lesser
//     of the structural limit and the lift the dynamic pressure gives, so
//     high up and slow it cannot pull (airframe.go). The single-lag closed
//     forms of Zarchan are checked on the linear engagement and on the
//     interceptor itself in the tests.
//   - Once the seeker locks on (at a range falling as the fourth root of
//     the target's RCS) guidance steers at its measurement of the true
//     target, with angle noise and glint drawn from the caller's stream
//     ([Interceptor.Seek]); the kill probability comes from the miss and
//     the target's class ([Lethality.KillProbabilityAgainst]), the
//     vendor's PkMax staying a claim.
//
// Reference: P. Zarchan, Tactical and Strategic Missile Guidance (AIAA),
// for proportional navigation and its closed-form miss distances.
package weapon
