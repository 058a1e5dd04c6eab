// Package radar models what a surveillance or fire-control radar sees: the
// radar range equation, the probability of detecting a fluctuating target,
// the radar horizon over a refracting earth, and a Radar that looks at
// targets and reports noisy detections.
//
// The model is the textbook one (Skolnik, Introduction to Radar Systems;
// Mahafza, Radar Systems Analysis and Design Using MATLAB):
//
//   - Signal-to-noise ratio follows the range equation, so at a fixed radar
//     it scales as σ/R⁴. A Radar is set from the form public figures take,
//     "detects RefRCS at RefRange with probability RefPd", and scales from
//     there; no transmitter power or antenna gain is needed.
//   - A look is a single-pulse (or single-dwell) square-law detection with a
//     fixed false-alarm probability, the target either steady (Swerling 0)
//     or fluctuating from look to look (Swerling 1).
//   - Line of sight uses the effective-earth model: refraction in a standard
//     atmosphere bends rays about as much as an earth k = 4/3 times larger
//     would flatten, so rays are straight over an earth of radius k·R.
//     Terrain, when wanted, comes through a Masker.
//
// SNR values are linear power ratios throughout; DB and FromDB convert.
// Angles are radians, lengths metres, powers watts.
package radar
