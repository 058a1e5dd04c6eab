package report

// pageHTML is the report page. It uses no script and loads nothing: the
// style is inline and the plots are data: URIs.
const pageHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem 2rem; color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; display: inline-block; vertical-align: top; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85rem; color: #555; max-width: 40rem; }
.meta { color: #555; font-size: 0.9rem; }
.note { background: #fff8e0; border-left: 4px solid #e0b000; padding: 0.4rem 0.8rem; }
pre { background: #f7f7f7; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
nav a { margin-right: 1rem; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="meta">{{.Manifest.Runs}} replications, master seed {{.Manifest.Seed}}, scenario file {{.Manifest.ScenarioFile}}
(sha256 {{printf "%.16s" .Manifest.ScenarioSHA256}}…){{if .Sweep}}; sweep of {{len .Sweep.Points}} points, the batch sections show point {{.Base}}{{end}}.
Every interval is a {{pct .Stats.Confidence}} confidence interval; its method is named beside it.</p>
<nav>
<a href="#scenario">Scenario</a>{{if .Sweep}}<a href="#sweep">Sweep</a>{{end}}<a href="#estimates">Estimates</a><a href="#map">Map</a><a href="#timeline">Timeline</a><a href="#distributions">Distributions</a><a href="#convergence">Convergence</a><a href="#classes">Threat classes</a>{{if .Stats.Sensitivity}}<a href="#sensitivity">Sensitivity</a>{{end}}
</nav>
{{range .Notes}}<p class="note">{{.}}</p>{{end}}

<h2 id="scenario">Scenario</h2>
<p><b>{{.Info.Name}}</b>{{if .Info.Description}}: {{.Info.Description}}{{end}}</p>
<p class="meta">Epoch {{.Info.Epoch}}, duration {{min .Info.Duration}}.{{with .Manifest.Overrides}} Overrides: {{join . "; "}}.{{end}}</p>
<table>
<tr><th>Defended site</th><th>Position</th><th>Radius</th></tr>
{{range .Info.Sites}}<tr><td>{{.ID}}{{if .Name}} ({{.Name}}){{end}}</td><td>{{f "%.4f" .Lat}}°, {{f "%.4f" .Lon}}°</td><td class="n">{{km .Radius}}</td></tr>
{{end}}</table>
<table>
<tr><th>Air-defence unit</th><th>System</th><th>Radars</th><th>Launchers</th><th>Rounds</th><th>Doctrine</th></tr>
{{range .Info.Units}}<tr><td>{{.ID}}</td><td>{{.System}}</td><td>{{join .Radars "; "}}</td><td class="n">{{.Launchers}}</td><td>{{rounds .Rounds}}</td><td>{{.Doctrine}}</td></tr>
{{end}}</table>
<table>
<tr><th>Threat class</th><th>Count</th><th>RCS</th><th>Flight</th></tr>
{{range .Info.Threats}}<tr><td>{{.Type}}</td><td class="n">{{.Count}}</td><td class="n">{{f "%g m²" .RCS}}</td><td>{{if .Ballistic}}ballistic{{else}}routed{{end}}</td></tr>
{{end}}</table>
{{if .Scenario}}<details><summary>Scenario file</summary><pre>{{.Scenario}}</pre></details>{{end}}

{{with .Sweep}}
<h2 id="sweep">Sweep</h2>
<p>{{len .Points}} points of {{.Runs}} replications each, all with seed {{.Seed}}: every point uses the same random draws
(common random numbers), so differences between points come from the varied figures.</p>
<table>
<tr><th>Point</th><th>Settings</th><th>P(at least one leaker)</th><th>Mean leakers</th><th>Mean interceptors</th></tr>
{{range .Points}}<tr><td>{{.Dir}}</td><td>{{settings .Settings}}</td>
<td class="n">{{f "%.3f" .PLeak.Estimate}} [{{f "%.3f" .PLeak.Lo}}, {{f "%.3f" .PLeak.Hi}}]</td>
<td class="n">{{f "%.2f" .Leakers.Estimate}} [{{f "%.2f" .Leakers.Lo}}, {{f "%.2f" .Leakers.Hi}}]</td>
<td class="n">{{f "%.1f" .Interceptors.Estimate}} [{{f "%.1f" .Interceptors.Lo}}, {{f "%.1f" .Interceptors.Hi}}]</td></tr>
{{end}}</table>
{{end}}
{{if .Sweep}}
<table>
<tr><th>Point</th><th>Settings</th>{{range .KillClasses}}<th>Kill rate: {{.}}</th>{{end}}</tr>
{{range $i, $pt := .Sweep.Points}}<tr><td>{{$pt.Dir}}</td><td>{{settings $pt.Settings}}</td>{{range index $.KillRows $i}}<td class="n">{{rate .}}</td>{{end}}</tr>
{{end}}</table>
<p class="meta">Kill rate: the fraction of the class's threats killed over the point's replications (killed/threats), with its Wilson interval; threats of one raid pooled as independent trials, as in Threat classes below.</p>
{{range $i, $c := .KillClasses}}{{with index $.Images (printf "sweep_kill_%d" $i)}}<figure>{{.Tag}}<figcaption>Kill rate of {{$c}} at each point, Wilson interval.</figcaption></figure>{{end}}{{end}}
{{with index .Images "sweep_pleak"}}<figure>{{.Tag}}<figcaption>P(at least one leaker) at each point, Wilson interval.</figcaption></figure>{{end}}
{{with index .Images "sweep_leakers"}}<figure>{{.Tag}}<figcaption>Mean leakers at each point, BCa bootstrap interval.</figcaption></figure>{{end}}
{{with index .Images "sweep_interceptors"}}<figure>{{.Tag}}<figcaption>Mean interceptors expended at each point, BCa bootstrap interval.</figcaption></figure>{{end}}
{{end}}

<h2 id="estimates">Estimates</h2>
<table>
<tr><th>Estimate</th><th>Value</th><th>Interval</th><th>Method</th></tr>
{{range .Stats.Probabilities}}<tr><td>{{.Name}}</td><td class="n">{{f "%.3f" .Estimate}} ({{.K}}/{{.N}})</td><td class="n">[{{f "%.3f" .Lo}}, {{f "%.3f" .Hi}}]</td><td>{{.Method}}</td></tr>
{{end}}{{range .Stats.Means}}<tr><td>mean {{.Name}}</td><td class="n">{{f "%.2f" .Estimate}} (sd {{f "%.2f" .SD}}, range {{f "%g" .Min}}–{{f "%g" .Max}})</td><td class="n">[{{f "%.2f" .Lo}}, {{f "%.2f" .Hi}}]</td><td>{{.Method}}</td></tr>
{{end}}</table>

<h2 id="map">Map</h2>
{{with index .Images "map"}}<figure>{{.Tag}}<figcaption>Defended sites (with their radius), the battalion's command post, radars and launchers, each threat's planned path by class, and where replication 0's interceptors fuzed, killed and where threats leaked.</figcaption></figure>{{end}}

<h2 id="timeline">Engagement timeline</h2>
{{with index .Images "timeline"}}<figure>{{.Tag}}<figcaption>Replication 0: each threat from launch to its end (red: killed, black: leaked, brown: an impact, on the ground or on the radar, launcher or command post it was aimed at (struck), grey: ended its route), with its first detection, track confirmation, interceptors launched and intercepts.</figcaption></figure>{{end}}

<h2 id="distributions">Distributions over the batch</h2>
{{with index .Images "leakers"}}<figure>{{.Tag}}<figcaption>Leakers per replication.</figcaption></figure>{{end}}
{{with index .Images "interceptors"}}<figure>{{.Tag}}<figcaption>Interceptors expended per replication.</figcaption></figure>{{end}}

<h2 id="convergence">Convergence</h2>
{{with index .Images "convergence"}}<figure>{{.Tag}}<figcaption>Half-width of the {{pct $.Stats.Confidence}} interval after the first n replications. Halving it takes four times the runs (the dashed 1/√n guide).</figcaption></figure>{{end}}

<h2 id="classes">Threat classes</h2>
{{with index .Images "killrates"}}<figure>{{.Tag}}<figcaption>Fraction of each class's threats killed, with Wilson intervals.</figcaption></figure>{{end}}
<table>
<tr><th>Class</th><th>Kill rate</th><th>Interval</th><th>Leak rate</th><th>Interval</th></tr>
{{range $i, $k := .Stats.KillRates}}{{$l := index $.Stats.LeakRates $i}}<tr><td>{{$k.Name}}</td><td class="n">{{f "%.3f" $k.Estimate}} ({{$k.K}}/{{$k.N}})</td><td class="n">[{{f "%.3f" $k.Lo}}, {{f "%.3f" $k.Hi}}]</td><td class="n">{{f "%.3f" $l.Estimate}} ({{$l.K}}/{{$l.N}})</td><td class="n">[{{f "%.3f" $l.Lo}}, {{f "%.3f" $l.Hi}}]</td></tr>
{{end}}</table>
<p class="meta">Method: Wilson, with a class's threats pooled over the replications as if independent. Threats of one raid share a defence, so these intervals may be too narrow; the per-replication counts are in runs.csv.</p>

{{if .Stats.Sensitivity}}
<h2 id="sensitivity">Which figures matter</h2>
<p>Each replication drew the disputed public figures from their ranges. The rank correlation of a figure with the outcome shows how strongly the outcome follows it (Spearman's ρ; ±1: in lockstep, 0: no monotone relation). Over a finite batch unrelated figures still correlate by chance: a ρ inside ±critical (95%, for the n runs that drew the figure) may be noise, and p is the chance of a ρ at least as large if the figure did not matter. Each row is its own test: of twenty figures that do not matter, one is expected beyond the noise level by chance.</p>
{{with index .Images "sensitivity"}}<figure>{{.Tag}}<figcaption>Dashed: ±critical |ρ| at 95%; bars inside the band may be noise.</figcaption></figure>{{end}}
<table>
<tr><th>Figure</th><th>n</th><th>Critical |ρ|</th><th>ρ with leakers</th><th>p</th><th></th><th>ρ with interceptors</th><th>p</th><th></th></tr>
{{range .Stats.Sensitivity}}<tr><td>{{.Figure}}</td><td class="n">{{.N}}</td><td class="n">{{f "%.3f" .Critical}}</td><td class="n">{{f "%+.3f" .Leakers}}</td><td class="n">{{f "%.3g" .PLeakers}}</td><td>{{if .Distinguishable .Leakers}}<b>beyond noise</b>{{else}}may be noise{{end}}</td><td class="n">{{f "%+.3f" .Interceptors}}</td><td class="n">{{f "%.3g" .PInterceptors}}</td><td>{{if .Distinguishable .Interceptors}}<b>beyond noise</b>{{else}}may be noise{{end}}</td></tr>
{{end}}</table>
{{end}}

<p class="meta">Written by iadsim report from {{.Dir}}. A simulation built from public figures only.</p>
</body>
</html>
`
