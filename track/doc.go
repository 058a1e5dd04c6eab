// Package track builds an air picture from radar detections: a
// multi-target tracker of the kind a battery's or a command post's
// tracking computer runs, usable inside the engine and on its own data.
//
// The tracker keeps one state per target (position and velocity, in a
// Cartesian frame of the caller's choice; the engine uses the command
// post's local east-north-up frame). Each scan of one sensor goes through
// the classic pipeline of Blackman and Popoli (Design and Analysis of
// Modern Tracking Systems, 1999), each stage a replaceable component in
// the spirit of Stone Soup:
//
//   - predict every live track to the scan time (Filter.Predict);
//   - predict its measurement and innovation covariance S
//     (Filter.PredictMeasurement) and gate each detection by the
//     chi-square test on d² = νᵀS⁻¹ν, looking only at the detections
//     whose first measurement component falls in the track's window on a
//     sorted axis, so that gating stays near linear in the number of
//     tracks and detections;
//   - split tracks and detections into clusters linked by gates and
//     associate each cluster: GNN by optimal assignment on ½d² + ½ln det S
//     (package assign), or JPDA, which updates a track with every
//     detection in its gate, weighted by its association probability
//     against a false-alarm density;
//     GNN gives each track the choice of taking no detection, at the
//     cost of the least likely gated pair, so that a track whose own
//     target went undetected does not take a neighbour's detection and
//     push the neighbour's track onto a third (the swaps along a
//     column of close targets);
//   - update the tracks (Filter.Update, Filter.UpdatePDA);
//   - start a tentative track on every detection left over
//     (Filter.Initiate);
//   - confirm tentative tracks by M-of-N or by the sequential probability
//     ratio test on the track score, and delete tracks after consecutive
//     misses (counted only where the sensor covered the track), on a
//     falling score, when their position uncertainty grows too large, or
//     when they have gone too long without a detection (MaxCoast).
//     Track IDs are never reused.
//
// What no target can do ends a track, so that the picture holds no ghost
// (Config.MaxSpeed, MinSpeed, Ground, ConfirmAfterFirst):
//
//   - two-point initiation: the second detection of a track must lie
//     where the first could have moved at a speed between MinSpeed and
//     MaxSpeed, by an exact chi-square test on the two detections'
//     errors, and that pairing is costed by its distance from such a
//     speed, not from a prediction at zero velocity (which would pair a
//     column's next target, standing where the first stood a revisit
//     earlier);
//   - a track flying faster than MaxSpeed is not confirmed, and with
//     ConfirmAfterFirst it is confirmed only once a detection has fallen
//     where its own velocity predicted: two detections of two targets do
//     not make a confirmed track; with ConfirmSpread, nor does a third in
//     a gate so wide, after a velocity known to hundreds of m/s, that a
//     column's next target falls in it as often as the track's own;
//   - a track faster than MaxSpeed or slower than MinSpeed, or under the
//     Ground, by more than the one-dimensional gate of its own
//     uncertainty, is deleted; one whose uncertainty only reaches under
//     the ground is conditioned on being above it (density truncation;
//     an IMM track model by model, each model's weight multiplied by the
//     chance it gave of being above);
//   - Change.Reason says why each track was deleted.
//
// Filters: EKF (the default; polar measurements with optional range rate,
// or Cartesian ones), KF (Cartesian only, the linear case), UKF, IMM
// over constant velocity, coordinated turn, constant acceleration and
// ballistic models (Models chooses them), and Ballistic, the ballistic
// model alone. The ballistic model flies a target in free flight over
// the rotating WGS-84 earth (Earth places the tracker frame on it) with
// drag from an estimated ballistic coefficient, so that one track
// follows a ballistic missile from burnout to impact; the engine runs an
// IMM of it and the constant-velocity model. All discretise continuous
// white noise exactly where the model is linear. The IMM's turn model
// can take the hardest turn by the track's speed (IMM.TurnAccelAt): a
// 50 m/s track turns as a drone, not as a 9 g fighter, so that its
// gate does not take in a column of drones. A Staged filter runs a
// cheaper filter on tentative tracks (IMM.TentativeCV).
//
// Several sensors: one Tracker given all of them fuses their detections
// centrally, each Scan at that sensor's own time and rate. For
// per-sensor trackers, AssociateTracks pairs their tracks and FuseCI or
// FuseBC combines each pair.
//
// Subpackages: assign (2-D assignment), metrics (OSPA, GOSPA, SIAP) and
// trackio (the CSV and YAML files of "iadsim track").
package track
