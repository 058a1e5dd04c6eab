// Package iads is the command and control of an integrated air-defence
// system: the command post above a scenario's fire units (its iads key)
// that shares their air picture, keeps them from firing twice at one
// target, and assigns targets to units. Package battle wires it into a
// run; this package never sees a radar, tracker or launcher, only what a
// unit offers its command post through two small interfaces:
//
//   - Unit: its id and index, its confirmed tracks in ECEF (Tracks),
//     whether a target is beyond its reach (Beyond), whether it is busy
//     on a track (Busy), whether its fire-control radar is silent
//     (Silent), how many engagements it can begin (Shots) and its
//     expected kill probability against a threat (Kill).
//   - Engagement: who shoots (Shooter), on which track (Key, TrackID),
//     and the best estimate of its target (Target).
//
// A track is named across units by its key (Key): the unit's index in
// the high half, its number in the unit's tracker in the low half.
//
// # One decision instant
//
// The run calls, in this order, at each decision instant:
//
//  1. Allocate: the command post builds the recognised air picture
//     (Picture) from the confirmed tracks of all its members: they are
//     gathered into one target per real object (Gather: a track joins
//     the first target whose first track it correlates with,
//     bm.Correlate), and each target becomes a system track whose number
//     persists while any unit holds it (Picture.Update says how numbers
//     survive crossings and track restarts). Decisions on another unit's
//     track name its system track (Number). Then, over the targets of the
//     members whose fire-control radars radiate, it ranks them by the run's
//     threat evaluation, and solves a weapon-target assignment (package
//     wta, greedy then a bounded local search) of the units' free shots
//     against the targets, valued by threat score and weighted by each
//     unit's salvo kill probability, with no more units on a target than
//     the IADS allows less those already engaging it. Units and targets
//     that no possible shot joins are solved apart (wta.Split; solve.go):
//     a grid's battalions far apart, each with the targets in its reach.
//  2. For each unit, Sight: the picture it decides on, its own tracks and,
//     while the IADS stands, one track of each target of its post's
//     picture within its reach that it holds no track of (see below).
//  3. The unit's battle manager (package bm) plans on that picture and
//     asks, for each threat it would engage, Allocated (the assignment
//     gave the target to others) and Deconflict (the target is already
//     engaged: by this unit on another track, or by as many members as
//     the IADS allows). Each answer is a reason for the record, or "".
//  4. Engaged and Over keep the register of engagements under way that
//     deconfliction reads; TracksChanged tells the IADS that a tracker
//     changed, so that the targets it estimated are estimated again.
//
// # What a unit decides on (issue 16)
//
// Under a standing IADS with one command post (no command levels), a
// fire unit decides on the recognised air picture the post made at the
// instant (given.go), not on every member's track of every target:
//
//   - its picture (Sight) is its own tracks and, of each target it holds
//     no track of, one track: the other members' that places the target
//     best (the least position variance), not one per member that holds
//     it;
//   - a target is evaluated once, on the members' track that places it
//     best (Best), for the allocation and for every unit that holds a
//     track of it; a unit ranks and plans on its own estimate with the
//     post's evaluation of the target;
//   - it engages what the allocation gives it; of what the allocation
//     gives to no unit at the instant it engages on its own only, in
//     self-defence, its own track of a threat to a defended site, and
//     holds at the rest awaiting the post (Unassigned), before its
//     planner weighs a shot. A target given to another unit is held as
//     before (Allocated).
//
// So a battalion's decisions cost the targets of the picture and its own
// tracks, not the members' tracks of each target times the battalions.
// The track each unit is given of a target is found once an instant for
// all of them (others.go). When the post is lost, or once a tracker
// changed since the post made its picture, a unit decides as before on
// its own tracks and the members' that none of its own correlates with,
// and evaluates each itself.
//
// With command levels a unit decides on the picture of its own post, a
// regiment's or brigade's or the national one (levels.go): its own
// tracks and, of each target of that picture it holds no track of, the
// track that places it best of those the other units directly under the
// post hold now, unless it correlates with one of the unit's own (a
// track the unit started less than a link's latency ago, not yet in the
// post's picture); a target is evaluated on the best of the tracks the
// units under the post hold of it. A track another unit started less
// than its link's latency ago reaches the unit once it reaches the post.
// It follows its own post's orders (Allocated); when that post is lost
// it fights alone, and when a post above is lost its post decides on its
// own picture and it goes on deciding on what its post gives it.
//
// Estimates are made once per instant and state of the trackers, and
// deconfliction and correlation index tracks by place (bm.Near), so that
// a unit far from the action costs nothing for the targets of others.
//
// When the command post is lost (PostLost) or a unit's own post is
// (Leave), units fight alone: their own picture, deconflicting only their
// own engagements. A run without an IADS has a System with no members,
// which does the same.
//
// # Command levels
//
// With Config.Commands the IADS is a tree of command posts (command.go):
// the national post at the top, regiments and brigades under it (a
// Command, with a sector of responsibility and the data links that join
// it to the post above and to its units), fire units at the leaves. At
// each instant Allocate sends track reports up the tree, each post
// correlating what has reached it over its links (Link: a latency, and a
// capacity in reports a second, a waiting report brought up to date in
// its place) into its own picture, and then, top down, each standing
// post decides which of its targets are its own (given by the post
// above; over its sector, of those the post above has not decided on;
// all of them once the post above is lost) and gives each to the one
// command under it whose sector it is over, or by the weapon-target
// assignment across what it commands. Its orders reach its units a
// link's latency later; a unit engages what they give it and awaits
// them on a target they do not name yet (Allocated). The reasons say
// which level decided (Decider), engagements the chain of orders
// (AssignedBy); LosePost takes the posts at a site out, and the level
// below fights on without them.
//
// # Emission control
//
// Emcon is a radar's emission control: silent until a time, or until a
// threat comes within a range of it (Lifted).
package iads
