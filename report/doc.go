// Package report writes the analyst's report of a Monte Carlo batch or a
// parameter sweep as one self-contained HTML file: no script, no style
// sheet, font or image from the network. Plots are drawn with gonum/plot
// as SVG and embedded as data: URIs, so the file can be mailed, archived
// and opened offline.
//
// A batch report shows the scenario (sites, units, threat classes), a map
// of sites, routes and intercepts drawn from the scenario and replication
// 0's record, the engagement timeline of replication 0, histograms of
// leakers and interceptors expended over the batch, the convergence of the
// confidence intervals with the number of runs, kill rates per threat
// class, and, when figures were sampled, the rank correlation of each
// figure with the outcome. A sweep report adds the sweep's plots: each
// estimate, with its interval, against the varied figure.
package report
