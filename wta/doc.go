// Package wta solves the weapon-target assignment problem: given weapons
// that can each fire a number of shots, targets with values, and the
// probability p[i][j] that one shot of weapon i destroys target j, choose
// how many shots x[i][j] each weapon fires at each target so as to
// minimise the expected surviving value
//
//	sum_j w[j] * prod_i (1 - p[i][j])^x[i][j]
//
// subject to sum_j x[i][j] <= Cap[i] for every weapon i. Shots are
// independent (the kill events of two shots are uncorrelated), which is
// the standard static WTA model of Manne (1958) and of Ahuja, Kumar, Jha
// and Orlin, "Exact and heuristic algorithms for the weapon-target
// assignment problem", Operations Research 55(6), 2007. Minimising the
// surviving value is the same as maximising the expected destroyed value.
//
// Three solvers share one Instance and one Result:
//
//   - Greedy fires one shot at a time, always the shot with the largest
//     marginal reduction of the objective (maximum marginal return).
//   - LocalSearch starts from the greedy plan and improves it by an
//     iterated local search over shot moves, shot swaps and a very large
//     scale multi-exchange neighbourhood (the cyclic and path exchanges of
//     Ahuja et al.) searched exactly as a linear assignment problem, with
//     ruin-and-recreate perturbations. It is deterministic for a given
//     random source when no wall-clock limit is set.
//   - Exact is a depth-first branch and bound for small instances, bounded
//     by a relaxation in which every remaining shot is as good at a target
//     as the best remaining weapon; it reports whether it proved
//     optimality.
//
// # Dynamic use by a battle manager
//
// Every decision cycle a battle manager builds one Instance from what it
// holds now and solves it within its cycle time:
//
//   - a weapon is a fire unit (or one launcher); Cap is the number of
//     missiles it may fire this cycle: the smaller of its rounds left
//     above the reserve and the missiles it may still guide at once;
//     Channels, if set, is the number of fire channels free, the number of
//     distinct targets it may engage;
//   - a target is a threat track; its Value is the value of the asset it
//     threatens (or a priority score) times the probability that it
//     survives the interceptors already in flight at it, so commitments
//     made in earlier cycles are counted; MaxShots, if set, is the
//     doctrine's shots per threat this cycle (a salvo of 2, or 1 for
//     shoot-look-shoot);
//   - P[i][j] is the engagement planner's kill probability of one missile
//     of weapon i at threat j; pairs that cannot be engaged (outside the
//     launch acceptability region, below the doctrine's kill-probability
//     threshold, not in the fire-control radar's coverage) are set to 0
//     and are never assigned.
//
// The previous cycle's plan may be passed as Options.Start, so a solve
// under a short time limit starts from a good plan.
//
// A battle manager over many fire units far apart sees an instance that
// falls apart: each unit reaches only the targets near it. Split cuts an
// instance into its independent parts (the connected components of its
// allowed pairs), each of which may be solved on its own, and Join puts
// their plans together; the optimum of the whole is the parts' optima.
//
// The instance file format read by Parse is the one of Andersen, Pavlikov
// and Toffolo, "Weapon-target assignment problem: exact and approximate
// solution algorithms", Annals of Operations Research (2022).
package wta
