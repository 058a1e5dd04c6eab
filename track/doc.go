// Package track builds an air picture from radar detections: a
// multi-target tracker of the kind a battery's or a command post's
// tracking computer runs.
//
// The tracker keeps one state per target in a Cartesian frame of the
// caller's choice (the engine uses the command post's local east-north-up
// frame). Each scan of one sensor goes through the classic pipeline of
// Blackman and Popoli (Design and Analysis of Modern Tracking Systems,
// 1999), with each stage a replaceable component in the spirit of Stone
// Soup:
//
//   - predict every live track to the scan time (Filter.Predict);
//   - predict its measurement and innovation covariance S
//     (Filter.PredictMeasurement) and gate each detection by the
//     chi-square test on the Mahalanobis distance d² = νᵀS⁻¹ν;
//   - associate detections to tracks (Associator; the default GNN solves a
//     global nearest neighbour assignment on the negative log likelihood
//     ½d² + ½ln det S with package assign);
//   - update each associated track (Filter.Update);
//   - start a tentative track on every detection left over
//     (Filter.Initiate);
//   - confirm tentative tracks by M-of-N logic and delete tracks after
//     consecutive misses, counting a miss only where the sensor covered
//     the track.
//
// The default Filter is an extended Kalman filter (EKF) with a
// constant-velocity motion model driven by continuous white-noise
// acceleration, and a polar (range, azimuth, elevation) measurement model
// linearised at the predicted state.
package track
