// Package dis encodes and decodes the protocol data units (PDUs) of
// Distributed Interactive Simulation, IEEE 1278.1-2012 (DIS version 7),
// that a run of iadsim puts on a simulation network: Entity State (where
// each radar, launcher and threat is, with the dead reckoning parameters a
// receiver extrapolates with), Fire and Detonation (each interceptor's
// launch and burst), and Electromagnetic Emission (the radars and what
// they track).
//
// Every field is big-endian ("network byte order", IEEE 1278.1-2012
// 6.2.1), in the order and size of the standard's record layouts; Wireshark's
// DIS dissector reads what this package writes (see dis_oracle_test.go).
// Locations are geocentric (ECEF, WGS-84) metres, velocities geocentric
// metres per second, orientations Euler angles (psi, theta, phi) from the
// geocentric axes, in radians.
//
// Enumerations (entity kinds, countries, detonation results, beam
// functions, ...) are SISO-REF-010's: see enum.go and docs/dis.md.
//
// Marshal writes one PDU; Unmarshal reads one and returns its concrete
// type. Neither keeps state: a PDU is a value.
package dis
