// iadsim replay: one run's own files (events.jsonl, scene.geojson,
// tracks.csv) replayed on a MapLibre map against a clock, with the event
// log beside it and an altitude-range profile under it; scenarios run
// from the page (api/jobs), and two runs or batches compared. Nothing
// here computes a result: every position and outcome drawn is one the run
// wrote (the profile's envelope is drawn from the radar's coverage radius
// and the 4/3-earth horizon).
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  // The state is on window so that a console (or the browser test) can
  // read what the page shows.
  const S = window.iadsim = {
    ready: false, mapOK: false, mapWhy: '', run: null, t: 0, end: 0,
    playing: false, events: [], story: null, shown: 0, drawn: {},
  };
  let map = null;
  let mapLoaded = null; // a promise, settled when the style has loaded
  let rows = [];        // log rows, parallel to shownIdx
  let shownIdx = [];    // indices into S.events of the rows in the log
  let nowK = 0;         // rows[0..nowK) are at or before the clock
  let data = null;      // the run, indexed for drawing

  function status(msg) { $('status').textContent = msg; }

  async function get(url) {
    const r = await fetch(url, { credentials: 'same-origin' });
    if (!r.ok) throw new Error(url + ': ' + r.status + ' ' + (await r.text()).trim());
    return r;
  }

  // --- the map -----------------------------------------------------------

  const empty = () => ({ type: 'FeatureCollection', features: [] });
  const SOURCES = ['land', 'coverage', 'scene', 'rings', 'flown', 'now', 'tracks', 'shots', 'marks', 'focus'];

  function initMap() {
    const el = $('map');
    const fail = (why) => {
      S.mapOK = false;
      S.mapWhy = why;
      el.classList.add('nomap');
      el.dataset.why = 'The map cannot be drawn here (' + why + '); the log and the clock still work.';
    };
    if (!window.maplibregl) { fail('map library missing'); mapLoaded = Promise.resolve(false); return; }
    const style = {
      version: 8,
      sources: {},
      layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#cfdbe6' } }],
    };
    try {
      map = new maplibregl.Map({ container: el, style, center: [0, 30], zoom: 1.5, attributionControl: false, fadeDuration: 0 });
    } catch (e) {
      fail(e.message);
      mapLoaded = Promise.resolve(false);
      return;
    }
    map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: 'Natural Earth' }));
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'top-left');
    // MapLibre logs its errors to the console unless someone listens.
    map.on('error', (e) => { status('map: ' + (e.error && e.error.message || e)); });
    mapLoaded = new Promise((resolve) => {
      map.on('load', async () => {
        for (const s of SOURCES) map.addSource(s, { type: 'geojson', data: empty() });
        addLayers();
        try {
          map.getSource('land').setData(await (await get('api/basemap')).json());
        } catch (e) { status(e.message); }
        S.mapOK = true;
        resolve(true);
      });
    });
    map.on('click', 'threat-now', (e) => showStory(e.features[0].properties.id));
    map.on('click', 'threat-paths', (e) => showStory(e.features[0].properties.id));
    map.on('click', 'marks', (e) => jumpTo(+e.features[0].properties.i));
    for (const l of ['threat-now', 'threat-paths', 'marks']) {
      map.on('mouseenter', l, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', l, () => { map.getCanvas().style.cursor = ''; });
    }
  }

  const kind = (k) => ['==', ['get', 'kind'], k];

  function addLayers() {
    const L = (l) => map.addLayer(l);
    L({ id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': '#f2efe6', 'fill-outline-color': '#9a9486' } });
    // A coverage layer of iadsim coverage: detected (green) or engageable (red).
    L({ id: 'coverage', type: 'fill', source: 'coverage', paint: { 'fill-color': ['case', ['==', ['get', 'kind'], 'engagement'], '#d33', '#191'], 'fill-opacity': 0.18, 'fill-outline-color': '#555' } });
    L({ id: 'rings', type: 'line', source: 'rings', paint: { 'line-color': '#191', 'line-width': 1.2, 'line-dasharray': [3, 2] } });
    L({ id: 'sites', type: 'fill', source: 'scene', filter: kind('site_area'), paint: { 'fill-color': '#c0c', 'fill-opacity': 0.15 } });
    L({ id: 'threat-paths', type: 'line', source: 'scene', filter: kind('threat_path'), paint: { 'line-color': '#d33', 'line-opacity': 0.25, 'line-width': 1 } });
    L({ id: 'flown', type: 'line', source: 'flown', paint: { 'line-color': '#d33', 'line-width': 2 } });
    L({ id: 'shots', type: 'line', source: 'shots', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#f90', 'line-width': 1.5 } });
    L({ id: 'units', type: 'circle', source: 'scene', filter: ['any', kind('launcher'), kind('command_post')], paint: { 'circle-radius': 3, 'circle-color': '#555' } });
    L({ id: 'radars', type: 'circle', source: 'scene', filter: kind('radar'), paint: { 'circle-radius': 5, 'circle-color': '#191', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
    L({ id: 'site-points', type: 'circle', source: 'scene', filter: kind('site'), paint: { 'circle-radius': 5, 'circle-color': '#fff', 'circle-stroke-color': '#c0c', 'circle-stroke-width': 2 } });
    // The track's position uncertainty, 1 sigma, as a disc in metres:
    // px0 is its radius in pixels at zoom 0, doubled at each zoom level.
    L({ id: 'track-sigma', type: 'circle', source: 'tracks', paint: { 'circle-radius': ['interpolate', ['exponential', 2], ['zoom'], 0, ['get', 'px0'], 24, ['*', ['get', 'px0'], 16777216]], 'circle-color': '#36c', 'circle-opacity': 0.12 } });
    L({ id: 'tracks', type: 'circle', source: 'tracks', paint: { 'circle-radius': ['case', ['==', ['get', 'status'], 'confirmed'], 5, 3], 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#36c', 'circle-stroke-width': 2 } });
    L({ id: 'interceptors', type: 'circle', source: 'shots', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 3, 'circle-color': '#f90' } });
    L({ id: 'threat-now', type: 'circle', source: 'now', paint: { 'circle-radius': 4, 'circle-color': '#d33', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
    L({
      id: 'marks', type: 'circle', source: 'marks', paint: {
        'circle-radius': 6,
        'circle-color': ['match', ['get', 'kind'], 'kill', '#000', 'leak', '#c0c', '#fff'],
        'circle-stroke-color': ['match', ['get', 'kind'], 'miss', '#f90', '#fff'],
        'circle-stroke-width': 2,
      },
    });
    L({ id: 'focus', type: 'circle', source: 'focus', paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#fc0', 'circle-stroke-width': 3 } });
  }

  // --- reading the run ---------------------------------------------------

  function parseEvents(text) {
    const out = [];
    let line = 0;
    for (const s of text.split('\n')) {
      line++;
      if (!s) continue;
      try { out.push(JSON.parse(s)); } catch (e) { throw new Error('events.jsonl:' + line + ': ' + e.message); }
    }
    return out;
  }

  // parseTracks reads tracks.csv into series keyed by truth id, by unit
  // and track number, or by interceptor id: parallel arrays of time,
  // position (and height) and, for tracks, status and uncertainty.
  function parseTracks(text) {
    const lines = text.split('\n');
    const head = lines[0].split(',');
    const col = (n) => { const i = head.indexOf(n); if (i < 0) throw new Error('tracks.csv: no column ' + n); return i; };
    const it = col('time_s'), ik = col('kind'), iu = col('unit'), iid = col('id'), ith = col('threat'),
      ist = col('status'), ila = col('lat_deg'), ilo = col('lon_deg'), isg = col('pos_sigma_m');
    const ial = head.indexOf('alt_m');
    const truth = new Map(), tracks = new Map(), interceptors = new Map();
    for (let n = 1; n < lines.length; n++) {
      if (!lines[n]) continue;
      const f = lines[n].split(',');
      const isTruth = f[ik] === 'truth';
      const key = isTruth || f[ik] === 'interceptor' ? f[iid] : f[iu] + '#' + f[iid];
      const m = isTruth ? truth : f[ik] === 'interceptor' ? interceptors : tracks;
      let s = m.get(key);
      if (!s) { s = { id: f[iid], unit: f[iu], threat: f[ith], t: [], lon: [], lat: [], alt: [], status: [], sigma: [] }; m.set(key, s); }
      s.t.push(+f[it]); s.lon.push(+f[ilo]); s.lat.push(+f[ila]); s.alt.push(ial < 0 ? 0 : +f[ial]);
      if (m === tracks) { s.status.push(f[ist]); s.sigma.push(+f[isg]); }
    }
    return { truth, tracks, interceptors };
  }

  // upto returns how many of the sorted times ts are at or before t.
  function upto(ts, t) {
    let lo = 0, hi = ts.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (ts[m] <= t) lo = m + 1; else hi = m; }
    return lo;
  }

  function index(events, scene, csv) {
    const d = { radars: [], rings: new Map(), shots: [], marks: [], csv, scene };
    for (const f of scene.features) {
      if (f.properties.kind === 'radar') d.radars.push(f);
    }
    const byInterceptor = new Map();
    events.forEach((e, i) => {
      if (e.type === 'detection' && e.radar && e.threat) {
        // The ring is the farthest this radar has detected a threat so
        // far: what the run shows of its coverage, not a catalogue figure.
        let r = d.rings.get(e.radar);
        if (!r) { r = { t: [], max: [] }; d.rings.set(e.radar, r); }
        const prev = r.max.length ? r.max[r.max.length - 1] : 0;
        r.t.push(e.t); r.max.push(Math.max(prev, e.range_m));
      }
      if (e.type === 'launch' && e.interceptor && e.pos) {
        // path: the interceptor's samples in tracks.csv, its fly-out as
        // flown; without them, a straight line toward the aim point.
        const s = { id: e.interceptor, t0: e.t, from: e.pos, to: e.pip || e.pos, t1: Infinity, i, path: csv.interceptors.get(e.interceptor) };
        byInterceptor.set(e.interceptor, s);
        d.shots.push(s);
      }
      if ((e.type === 'intercept' || e.type === 'self_destruct') && e.interceptor && e.pos) {
        const s = byInterceptor.get(e.interceptor);
        if (s && s.t1 === Infinity) { s.t1 = e.t; s.to = e.pos; }
      }
      if (e.pos && (e.type === 'kill' || e.type === 'leak' || (e.type === 'intercept' && !e.killed))) {
        d.marks.push({ t: e.t, i, kind: e.type === 'intercept' ? 'miss' : e.type, pos: e.pos });
      }
    });
    return d;
  }

  const pt = (lon, lat, props) => ({ type: 'Feature', properties: props || {}, geometry: { type: 'Point', coordinates: [lon, lat] } });

  // circle is a ring of radius r metres about lon, lat on a sphere of the
  // Earth's mean radius: near enough for a ring drawn on a map.
  function circle(lon, lat, r, props) {
    const R = 6371008.8, d = r / R, la = lat * Math.PI / 180, lo = lon * Math.PI / 180, c = [];
    for (let k = 0; k <= 72; k++) {
      const b = k * 5 * Math.PI / 180;
      const la2 = Math.asin(Math.sin(la) * Math.cos(d) + Math.cos(la) * Math.sin(d) * Math.cos(b));
      const lo2 = lo + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la), Math.cos(d) - Math.sin(la) * Math.sin(la2));
      c.push([lo2 * 180 / Math.PI, la2 * 180 / Math.PI]);
    }
    return { type: 'Feature', properties: props || {}, geometry: { type: 'LineString', coordinates: c } };
  }

  // --- drawing the clock's instant ---------------------------------------

  // draw puts on the map what the run shows at the clock's instant, and
  // counts it in S.drawn, which the page's test reads.
  function draw() {
    if (!data) return;
    const t = S.t;
    const rings = [], flown = [], now = [], tracks = [], shots = [], marks = [];
    for (const f of data.radars) {
      const r = data.rings.get(f.properties.id);
      if (!r) continue;
      const k = upto(r.t, t);
      if (k > 0) rings.push(circle(f.geometry.coordinates[0], f.geometry.coordinates[1], r.max[k - 1], { id: f.properties.id }));
    }
    for (const s of data.csv.truth.values()) {
      const k = upto(s.t, t);
      if (k === 0) continue;
      const c = [];
      for (let j = 0; j < k; j++) c.push([s.lon[j], s.lat[j]]);
      if (c.length > 1) flown.push({ type: 'Feature', properties: { id: s.id }, geometry: { type: 'LineString', coordinates: c } });
      // A threat is drawn where it is only while the run still samples it.
      if (k < s.t.length || t - s.t[k - 1] <= 1.5) now.push(pt(s.lon[k - 1], s.lat[k - 1], { id: s.id }));
    }
    for (const s of data.csv.tracks.values()) {
      const k = upto(s.t, t);
      if (k === 0 || t - s.t[k - 1] > 1.5) continue;
      // MapLibre's world is 512 pixels wide at zoom 0.
      const px0 = s.sigma[k - 1] / (40075016.686 / 512 * Math.cos(s.lat[k - 1] * Math.PI / 180));
      tracks.push(pt(s.lon[k - 1], s.lat[k - 1], { id: s.unit + ' track ' + s.id, status: s.status[k - 1], px0: px0 || 0 }));
    }
    const aloft = [];
    let flyouts = 0;
    for (const s of data.shots) {
      if (t < s.t0) continue;
      let c, lon, lat;
      if (s.path && s.path.t.length > 1) {
        // Along its samples, and between two of them in proportion.
        const p = s.path, k = Math.max(1, upto(p.t, t));
        c = [];
        for (let j = 0; j < k; j++) c.push([p.lon[j], p.lat[j]]);
        lon = p.lon[k - 1]; lat = p.lat[k - 1];
        if (k < p.t.length && t > p.t[k - 1]) {
          const f = (t - p.t[k - 1]) / (p.t[k] - p.t[k - 1]);
          lon += f * (p.lon[k] - p.lon[k - 1]); lat += f * (p.lat[k] - p.lat[k - 1]);
          c.push([lon, lat]);
        }
        flyouts++;
      } else {
        const f = s.t1 === Infinity ? 1 : Math.min(1, (t - s.t0) / (s.t1 - s.t0));
        lon = s.from.lon + f * (s.to.lon - s.from.lon); lat = s.from.lat + f * (s.to.lat - s.from.lat);
        c = [[s.from.lon, s.from.lat], [lon, lat]];
      }
      if (c.length > 1) shots.push({ type: 'Feature', properties: { id: s.id }, geometry: { type: 'LineString', coordinates: c } });
      if (t <= s.t1) { shots.push(pt(lon, lat, { id: s.id })); aloft.push({ id: s.id, lon, lat }); }
    }
    S.aloft = aloft;
    for (const m of data.marks) {
      if (m.t <= t) marks.push(pt(m.pos.lon, m.pos.lat, { kind: m.kind, i: m.i }));
    }
    S.drawn = { rings: rings.length, threats: now.length, tracks: tracks.length, shots: data.shots.filter((s) => s.t0 <= t).length, flyouts, marks: marks.length };
    if (!S.mapOK) return;
    const fc = (features) => ({ type: 'FeatureCollection', features });
    map.getSource('rings').setData(fc(rings));
    map.getSource('flown').setData(fc(flown));
    map.getSource('now').setData(fc(now));
    map.getSource('tracks').setData(fc(tracks));
    map.getSource('shots').setData(fc(shots));
    map.getSource('marks').setData(fc(marks));
  }

  function drawAll() {
    draw();
    drawProfile();
  }

  // --- the log and the story ---------------------------------------------

  const QUIET = { detection: 'show-detections', hold_fire: 'show-holds', track_initiated: 'show-tracks', track_deleted: 'show-tracks' };

  function who(e) {
    return [e.threat, e.unit, e.radar, e.launcher, e.interceptor, e.track !== undefined ? 'track ' + e.track : '', e.site]
      .filter(Boolean).join(' · ');
  }

  function row(e, i) {
    const li = document.createElement('li');
    li.dataset.i = i;
    li.dataset.type = e.type;
    if (e.threat) li.dataset.threat = e.threat;
    const t = document.createElement('span'); t.className = 't'; t.textContent = e.t.toFixed(1) + ' s';
    const ty = document.createElement('span'); ty.className = 'ty ' + e.type; ty.textContent = e.type;
    li.append(t, ty, ' ', who(e));
    if (e.type === 'intercept') li.append(' miss ' + e.miss_m + ' m, ' + (e.killed ? 'killed' : 'survived'));
    if (e.reason) { const w = document.createElement('span'); w.className = 'why'; w.textContent = e.reason; li.append(w); }
    for (const r of e.rejected || []) { const w = document.createElement('span'); w.className = 'rej'; w.textContent = 'rejected: ' + r; li.append(w); }
    return li;
  }

  function buildLog() {
    const log = $('log');
    const frag = document.createDocumentFragment();
    rows = []; shownIdx = [];
    S.events.forEach((e, i) => {
      const q = QUIET[e.type];
      if (q && !$(q).checked) return;
      const li = row(e, i);
      li.classList.add('future');
      rows.push(li); shownIdx.push(i); frag.append(li);
    });
    log.replaceChildren(frag);
    S.shown = rows.length;
    nowK = 0;
    markNow(true);
  }

  // markNow greys the rows after the clock and scrolls the last one
  // before it into view while playing.
  function markNow(force) {
    let k = nowK;
    while (k < rows.length && S.events[shownIdx[k]].t <= S.t) { rows[k].classList.remove('future'); k++; }
    while (k > 0 && S.events[shownIdx[k - 1]].t > S.t) { k--; rows[k].classList.add('future'); }
    if (k !== nowK || force) {
      if (nowK > 0 && rows[nowK - 1]) rows[nowK - 1].classList.remove('now');
      if (k > 0) rows[k - 1].classList.add('now');
      if (S.playing && k > 0) rows[k - 1].scrollIntoView({ block: 'nearest' });
      nowK = k;
    }
  }

  function showStory(threat) {
    S.story = threat;
    const list = $('story-events');
    const frag = document.createDocumentFragment();
    let n = 0;
    S.events.forEach((e, i) => { if (e.threat === threat) { frag.append(row(e, i)); n++; } });
    list.replaceChildren(frag);
    const sum = S.summary && (S.summary.threats || []).find((x) => x.id === threat);
    $('story-title').textContent = threat + (sum ? ' (' + sum.type + '): ' + sum.outcome : '') + ', ' + n + ' events';
    $('story').hidden = false;
  }

  // jumpTo sets the clock to event i, and shows it on the map and its
  // threat's story.
  function jumpTo(i) {
    const e = S.events[i];
    if (!e) return;
    pause();
    setClock(e.t);
    const p = e.pos || e.pip;
    if (S.mapOK && p) {
      map.getSource('focus').setData({ type: 'FeatureCollection', features: [pt(p.lon, p.lat)] });
      S.flying = true;
      map.once('moveend', () => { S.flying = false; });
      map.flyTo({ center: [p.lon, p.lat], zoom: Math.max(map.getZoom(), 8), duration: 600 });
    }
    if (e.threat && S.story !== e.threat) showStory(e.threat);
    const r = rows[shownIdx.indexOf(i)];
    if (r) r.scrollIntoView({ block: 'nearest' });
  }

  // --- the clock -----------------------------------------------------------

  function setClock(t) {
    S.t = Math.max(0, Math.min(S.end, t));
    $('slider').value = S.t;
    $('time').textContent = 't = ' + S.t.toFixed(1) + ' s' + (S.epoch ? '  ' + utc(S.t) : '');
    markNow(false);
    drawAll();
  }

  function utc(t) {
    const d = new Date(Date.parse(S.epoch) + t * 1000);
    return isNaN(d) ? '' : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  let last = 0;
  function tick(now) {
    if (!S.playing) return;
    const dt = Math.min(0.25, (now - last) / 1000);
    last = now;
    setClock(S.t + dt * +$('speed').value);
    if (S.t >= S.end) { pause(); return; }
    requestAnimationFrame(tick);
  }
  function play() {
    if (S.t >= S.end) setClock(0);
    S.playing = true; $('play').textContent = 'Pause';
    last = performance.now();
    requestAnimationFrame(tick);
  }
  function pause() { S.playing = false; $('play').textContent = 'Play'; }

  // --- loading a run -------------------------------------------------------

  async function loadRun(id) {
    pause();
    S.ready = false;
    S.run = id;
    $('story').hidden = true; S.story = null;
    status('loading ' + id + ' …');
    const q = '?run=' + encodeURIComponent(id);
    const [evText, scene, summary, csvText] = await Promise.all([
      get('api/run/events.jsonl' + q).then((r) => r.text()),
      get('api/run/scene.geojson' + q).then((r) => r.json()).catch(() => ({ features: [] })),
      get('api/run/summary.json' + q).then((r) => r.json()).catch(() => null),
      get('api/run/tracks.csv' + q).then((r) => r.text()).catch(() => 'time_s,kind,unit,id,threat,status,lat_deg,lon_deg,pos_sigma_m\n'),
    ]);
    if (S.run !== id) return; // another run was chosen meanwhile
    S.events = parseEvents(evText);
    S.summary = summary;
    const start = S.events.find((e) => e.type === 'scenario_start') || {};
    S.epoch = start.epoch || scene.epoch || '';
    S.end = S.events.length ? S.events[S.events.length - 1].t : 0;
    data = index(S.events, scene, parseTracks(csvText));
    fillProfileFrom();
    $('slider').max = S.end;
    $('slider').disabled = false;
    $('play').disabled = false;
    buildLog();
    await mapLoaded;
    if (S.mapOK) {
      // Areas of the defended sites, drawn from their radius.
      const sceneFC = { type: 'FeatureCollection', features: scene.features.slice() };
      for (const f of scene.features) {
        if (f.properties.kind === 'site' && f.properties.radius_m) {
          const c = circle(f.geometry.coordinates[0], f.geometry.coordinates[1], f.properties.radius_m);
          sceneFC.features.push({ type: 'Feature', properties: { kind: 'site_area', id: f.properties.id }, geometry: { type: 'Polygon', coordinates: [c.geometry.coordinates] } });
        }
      }
      map.getSource('scene').setData(sceneFC);
      map.getSource('focus').setData(empty());
      fitScene(scene);
    }
    setClock(0);
    status((start.name || id) + ': ' + S.events.length + ' events, ' + S.end.toFixed(0) + ' s' + (S.mapOK ? '' : ' (no map: ' + S.mapWhy + ')'));
    S.ready = true;
  }

  function fitScene(scene) {
    let w = 180, s = 90, e = -180, n = -90;
    const add = ([lon, lat]) => { w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat); };
    for (const f of scene.features) {
      const g = f.geometry;
      if (g.type === 'Point') add(g.coordinates);
      else if (g.type === 'LineString') g.coordinates.forEach(add);
    }
    if (w <= e) map.fitBounds([[w, s], [e, n]], { padding: 40, duration: 0, maxZoom: 11 });
  }

  const runLabel = (r) => (r.kind === 'batch' ? 'batch: ' : '') + (r.name || r.path) + ' — ' + r.dir + '/' + r.path + ' (seed ' + r.seed + ')';

  // listRuns fills the replay's list with the runs, and the comparison's
  // two lists with the runs and the Monte Carlo batches.
  async function listRuns() {
    const all = await (await get('api/runs')).json();
    S.runsList = all;
    const runs = all.filter((r) => r.kind !== 'batch');
    const sel = $('runs');
    sel.replaceChildren();
    if (!runs.length) sel.append(new Option('(no runs: give iadsim serve a folder that holds events.jsonl)', ''));
    for (const r of runs) sel.append(new Option(runLabel(r), r.id));
    for (const id of ['cmp-a', 'cmp-b']) {
      const c = $(id), keep = c.value;
      c.replaceChildren(...all.map((r) => new Option(runLabel(r), r.id)));
      if (all.some((r) => r.id === keep)) c.value = keep;
    }
    return runs;
  }

  // --- comparing two runs or batches -----------------------------------------

  const est = (p) => p.estimate.toFixed(3) + ' [' + p.lo.toFixed(3) + ', ' + p.hi.toFixed(3) + ']';

  // figures are the key numbers of a run (its summary.json: totals) or
  // of a batch (its stats.json: estimates with their confidence interval).
  function figures(r, j) {
    const m = new Map();
    if (r.kind === 'batch') {
      m.set('runs', j.runs);
      for (const p of j.probabilities || []) m.set(p.name, est(p));
      for (const p of j.means || []) m.set('mean ' + p.name, est(p));
      return m;
    }
    m.set('seed', j.seed);
    m.set('duration, s', j.duration_s);
    for (const [k, v] of Object.entries(j.totals || {})) {
      if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v)) m.set(k + ' ' + k2, v2);
      else m.set(k, v);
    }
    return m;
  }

  async function compare() {
    const ids = [$('cmp-a').value, $('cmp-b').value];
    const got = await Promise.all(ids.map(async (id) => {
      const r = (S.runsList || []).find((x) => x.id === id);
      if (!r) return new Map();
      const file = r.kind === 'batch' ? 'stats.json' : 'summary.json';
      return figures(r, await (await get('api/run/' + file + '?run=' + encodeURIComponent(id))).json());
    }));
    const keys = [...new Set([...got[0].keys(), ...got[1].keys()])];
    let diffs = 0;
    const body = keys.map((k) => {
      const tr = document.createElement('tr');
      const a = got[0].get(k), b = got[1].get(k);
      const th = document.createElement('td'); th.textContent = k; tr.append(th);
      for (const v of [a, b]) { const td = document.createElement('td'); td.textContent = v === undefined ? '–' : v; tr.append(td); }
      if (String(a) !== String(b)) { tr.children[1].className = tr.children[2].className = 'diff'; diffs++; }
      return tr;
    });
    $('cmp-table').tBodies[0].replaceChildren(...body);
    $('cmp-ha').textContent = ids[0]; $('cmp-hb').textContent = ids[1];
    S.compare = { a: ids[0], b: ids[1], rows: keys.length, diffs };
  }

  // --- the altitude-range profile ---------------------------------------------

  // The profile is height above the ellipsoid against ground range (along
  // the great circle) from one radar: threats as flown so far, tracks with
  // their 1-sigma position error as a bar, interceptors' fly-outs, and the
  // radar's envelope. The envelope is the radar's coverage radius (the
  // free-space detection range against its reference target, the upper
  // bound scene.geojson gives) above the radar horizon of a smooth earth
  // at sea level with 4/3 refraction (effective radius kRe): a target at
  // ground range s is seen only above a/cos(s/kRe) - kRe, a = kRe + the
  // radar's height; the dome is the slant range R over every elevation.
  const RE = 6371008.8, KRE = 4 / 3 * RE;
  const rad = (d) => d * Math.PI / 180;
  function groundRange(lon0, lat0, lon, lat) {
    const dl = rad(lat - lat0), dn = rad(lon - lon0);
    const h = Math.sin(dl / 2) ** 2 + Math.cos(rad(lat0)) * Math.cos(rad(lat)) * Math.sin(dn / 2) ** 2;
    return 2 * RE * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function envelope(h0, R) {
    const a = KRE + h0, pts = [];
    const sMax = KRE * Math.atan2(R, a);
    for (let k = 0; k <= 40; k++) { const s = sMax * k / 40; pts.push([s, a / Math.cos(s / KRE) - KRE]); }
    for (let k = 0; k <= 45; k++) {
      const el = rad(k * 2);
      pts.push([KRE * Math.atan2(R * Math.cos(el), a + R * Math.sin(el)), Math.sqrt(a * a + R * R + 2 * a * R * Math.sin(el)) - KRE]);
    }
    return pts;
  }

  function fillProfileFrom() {
    const sel = $('profile-from'), keep = sel.value;
    sel.replaceChildren(...data.radars.map((f) => new Option(f.properties.id + ' (' + f.properties.unit + ')', f.properties.id)));
    if (data.radars.some((f) => f.properties.id === keep)) sel.value = keep;
    $('show-profile').disabled = !data.radars.length;
  }

  function drawProfile() {
    S.profile = null;
    if ($('profile').hidden || !data) return;
    const o = data.radars.find((f) => f.properties.id === $('profile-from').value);
    if (!o) return;
    const [lon0, lat0] = o.geometry.coordinates, h0 = o.properties.alt_m || 0, R = o.properties.coverage_range_m || 0;
    const t = S.t, csv = data.csv;
    const rng = (s, j) => groundRange(lon0, lat0, s.lon[j], s.lat[j]);
    // The axes hold the whole run, so that they stand still while it plays.
    if (!data.extent || data.extent.from !== o.properties.id) {
      let x = 0, y = 5000;
      for (const m of [csv.truth, csv.interceptors]) {
        for (const s of m.values()) for (let j = 0; j < s.t.length; j++) { x = Math.max(x, rng(s, j)); y = Math.max(y, s.alt[j]); }
      }
      data.extent = { from: o.properties.id, x: Math.max(x, 1000) * 1.05, y: y * 1.15 };
    }
    const W = 800, H = 240, L = 56, B = 22, X = data.extent.x, Y = data.extent.y;
    const px = (s) => (L + s / X * (W - L - 8)).toFixed(1), py = (h) => (H - B - h / Y * (H - B - 8)).toFixed(1);
    const out = [];
    const line = (pts, style) => out.push('<polyline fill="none" ' + style + ' points="' + pts.map(([s, h]) => px(s) + ',' + py(h)).join(' ') + '"/>');
    let threats = 0, tracks = 0, shots = 0;
    if (R > 0) out.push('<polygon class="envelope" fill="#191" fill-opacity="0.12" stroke="#191" stroke-width="1" points="' + envelope(h0, R).map(([s, h]) => px(s) + ',' + py(h)).join(' ') + '"/>');
    for (let k = 0; k <= 4; k++) {
      out.push('<line class="grid" x1="' + L + '" x2="' + W + '" y1="' + py(Y * k / 5) + '" y2="' + py(Y * k / 5) + '"/>');
      out.push('<text x="2" y="' + (+py(Y * k / 5) + 4) + '">' + (Y * k / 5 / 1000).toFixed(1) + ' km</text>');
      out.push('<text x="' + px(X * k / 5) + '" y="' + (H - 6) + '">' + (X * k / 5 / 1000).toFixed(0) + ' km</text>');
    }
    out.push('<line class="axis" x1="' + L + '" x2="' + L + '" y1="4" y2="' + (H - B) + '"/><line class="axis" x1="' + L + '" x2="' + W + '" y1="' + (H - B) + '" y2="' + (H - B) + '"/>');
    const series = (m, colour, width) => {
      let n = 0;
      for (const s of m.values()) {
        const k = upto(s.t, t);
        if (k === 0) continue;
        const pts = [];
        for (let j = 0; j < k; j++) pts.push([rng(s, j), s.alt[j]]);
        line(pts, 'stroke="' + colour + '" stroke-width="' + width + '"');
        const [ls, lh] = pts[pts.length - 1];
        if (k < s.t.length || t - s.t[k - 1] <= 1.5) { out.push('<circle cx="' + px(ls) + '" cy="' + py(lh) + '" r="3" fill="' + colour + '"/>'); n++; }
      }
      return n;
    };
    threats = series(csv.truth, '#d33', 1.5);
    shots = series(csv.interceptors, '#f90', 1);
    for (const s of csv.tracks.values()) {
      const k = upto(s.t, t);
      if (k === 0 || t - s.t[k - 1] > 1.5) continue;
      const r = rng(s, k - 1), h = s.alt[k - 1], sg = s.sigma[k - 1] || 0;
      out.push('<line stroke="#36c" stroke-width="1" x1="' + px(r) + '" x2="' + px(r) + '" y1="' + py(h - sg) + '" y2="' + py(h + sg) + '"/>');
      out.push('<circle cx="' + px(r) + '" cy="' + py(h) + '" r="3.5" fill="none" stroke="#36c" stroke-width="1.5"/>');
      tracks++;
    }
    $('profile-svg').innerHTML = out.join('');
    S.profile = { from: o.properties.id, threats, tracks, interceptors: shots, envelope: R > 0 };
  }

  // --- running a scenario from the page --------------------------------------

  // The server runs one job at a time (429 beyond); the page polls
  // api/jobs while one runs, and offers the finished run for replay.
  S.jobs = [];
  let polling = false;

  async function listScenarios() {
    const r = await (await get('api/scenarios')).json();
    const sel = $('scenarios');
    sel.replaceChildren();
    for (const x of r.scenarios) sel.append(new Option(x.dir + '/' + x.path, x.id));
    $('nruns').max = r.maxRuns;
    $('runner').hidden = !r.canRun || !r.scenarios.length;
    S.canRun = r.canRun;
  }

  async function post(url, body) {
    const r = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(url + ': ' + r.status + ' ' + (await r.text()).trim());
    return r;
  }

  async function startJob() {
    const n = Math.max(1, Math.floor(+$('nruns').value || 1));
    try {
      const j = await (await post('api/jobs', { scenario: $('scenarios').value, runs: n })).json();
      status('started ' + (n > 1 ? 'a batch of ' + n : 'a run') + ' into ' + j.out);
      pollJobs();
    } catch (e) { status(e.message); }
  }

  function jobRow(j) {
    const li = document.createElement('li');
    li.dataset.job = j.id;
    li.dataset.state = j.state;
    const name = document.createElement('span');
    name.textContent = j.scenario + (j.runs > 1 ? ' × ' + j.runs : '') + ' → ' + j.out;
    const bar = document.createElement('progress');
    bar.max = j.total || 1; bar.value = j.done;
    const st = document.createElement('span');
    st.className = j.state;
    st.textContent = j.state + (j.runs > 1 ? ' ' + j.done + '/' + j.total : '') + (j.error ? ': ' + j.error : '');
    li.append(name, bar, st);
    if (j.state === 'running') {
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = 'Cancel'; b.className = 'cancel';
      b.addEventListener('click', () => post('api/jobs/' + j.id + '/cancel', {}).then(pollJobs).catch((e) => status(e.message)));
      li.append(b);
    }
    if (j.state === 'done') {
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = 'Replay'; b.className = 'replay';
      b.addEventListener('click', () => replayJob(j).catch((e) => status(e.message)));
      li.append(b);
    }
    return li;
  }

  // replayJob loads the run a job made: the run itself, or a batch's
  // replication 0, the first run found under its folder.
  async function replayJob(j) {
    const runs = await listRuns();
    const r = runs.find((x) => x.id === j.out) || runs.find((x) => x.id.startsWith(j.out + '/'));
    if (!r) throw new Error(j.out + ': no run in it');
    $('runs').value = r.id;
    await loadRun(r.id);
  }

  async function pollJobs() {
    if (polling) return;
    polling = true;
    try {
      for (;;) {
        S.jobs = await (await get('api/jobs')).json();
        $('jobs').hidden = !S.jobs.length;
        $('job-list').replaceChildren(...S.jobs.map(jobRow));
        if (!S.jobs.some((j) => j.state === 'running')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await listRuns().then((runs) => { if (S.run) $('runs').value = S.run; return runs; });
    } catch (e) {
      status(e.message);
    } finally {
      polling = false;
    }
  }

  // --- coverage layers ------------------------------------------------------

  // listCoverage offers the GeoJSON layers of every folder iadsim coverage
  // wrote under the served folders.
  async function listCoverage() {
    const list = await (await get('api/coverage')).json();
    const sel = $('coverage');
    sel.replaceChildren(new Option('none', ''));
    for (const c of list) {
      for (const l of c.layers) sel.append(new Option(c.dir + '/' + c.path + ': ' + l.replace(/\.geojson$/, ''), c.id + '|' + l));
    }
    $('coverage-pick').hidden = !list.length;
  }

  async function showCoverage(v) {
    S.coverage = null;
    let fc = empty();
    if (v) {
      const [dir, layer] = v.split('|');
      fc = await (await get('api/coverage/' + encodeURIComponent(layer) + '?dir=' + encodeURIComponent(dir))).json();
    }
    if (S.mapOK) map.getSource('coverage').setData(fc);
    S.coverage = { layer: v, features: fc.features.length };
  }

  // --- wiring ---------------------------------------------------------------

  $('play').addEventListener('click', () => (S.playing ? pause() : play()));
  $('slider').addEventListener('input', (e) => { pause(); setClock(+e.target.value); });
  $('runs').addEventListener('change', (e) => { if (e.target.value) loadRun(e.target.value).catch((x) => status(x.message)); });
  for (const id of ['show-detections', 'show-holds', 'show-tracks']) {
    $(id).addEventListener('change', () => { if (S.events.length) { buildLog(); markNow(true); } });
  }
  const onRow = (e) => { const li = e.target.closest('li[data-i]'); if (li) jumpTo(+li.dataset.i); };
  $('log').addEventListener('click', onRow);
  $('story-events').addEventListener('click', onRow);
  $('story-close').addEventListener('click', () => { $('story').hidden = true; S.story = null; });

  $('start').addEventListener('click', startJob);
  $('coverage').addEventListener('change', (e) => showCoverage(e.target.value).catch((x) => status(x.message)));
  $('show-profile').addEventListener('click', () => {
    $('profile').hidden = !$('profile').hidden;
    $('mapwrap').classList.toggle('profiled', !$('profile').hidden);
    drawProfile();
  });
  $('profile-from').addEventListener('change', drawProfile);
  $('show-compare').addEventListener('click', () => { $('compare').hidden = !$('compare').hidden; if (!$('compare').hidden) compare().catch((e) => status(e.message)); });
  $('cmp-close').addEventListener('click', () => { $('compare').hidden = true; });
  for (const id of ['cmp-a', 'cmp-b']) $(id).addEventListener('change', () => compare().catch((e) => status(e.message)));
  initMap();
  listScenarios().then(pollJobs).catch((e) => status(e.message));
  listCoverage().catch((e) => status(e.message));
  listRuns().then((runs) => {
    const want = new URLSearchParams(location.search).get('run');
    const pick = runs.find((r) => r.id === want) || runs[0];
    if (pick) { $('runs').value = pick.id; return loadRun(pick.id); }
  }).catch((e) => status(e.message));
})();
