// roadmirror live map: draws road.network from its lat/lon geometry, colours each directed
// segment by the mirror's congestion, marks incidents and hotspots, lists routing advisories,
// and follows /api/stream. Plain browser JavaScript, no libraries: it works offline.
'use strict';

(() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const LEVELS = ['FREE_FLOW', 'SLOW', 'CONGESTED', 'STOPPED', 'UNKNOWN'];
  const LEVEL_LABELS = { FREE_FLOW: 'Free flow', SLOW: 'Slow', CONGESTED: 'Congested', STOPPED: 'Stopped', UNKNOWN: 'No live data' };
  const LEVEL_COLOURS = { FREE_FLOW: '#2fbf71', SLOW: '#f4c430', CONGESTED: '#ff8c1a', STOPPED: '#e5383b', UNKNOWN: '#5d6878' };
  const MAP_SIZE = 1000;      // projected units across the network's larger side
  const FEED_LIMIT = 80;      // advisories kept in the feed
  const DETAIL_TTL_MS = 3000; // how long a hovered segment's fetched history is reused

  const byId = (id) => document.getElementById(id);
  const svg = byId('map');
  const layers = {
    casing: byId('layer-casing'), segments: byId('layer-segments'), highlight: byId('layer-highlight'),
    hotspots: byId('layer-hotspots'), incidents: byId('layer-incidents'), hit: byId('layer-hit'),
  };
  const tooltip = byId('tooltip');

  const segments = new Map();   // segmentId -> { props, live, centre, line, width, path, mid, angle }
  const hotspots = new Map();   // segmentId -> HotspotView (WATCH or HOTSPOT)
  const advisories = new Map(); // advisoryId -> AdvisoryView, as listed in the feed
  const details = new Map();    // segmentId -> { at, detail } from /api/segments/{id}
  let newestEventTime = 0;
  let selectedAdvisoryId = null;
  let hoveredId = null;
  let lastPointer = { clientX: 0, clientY: 0 };
  let refreshPending = false;
  let networkDrawn = false;
  const pendingEvents = [];

  // ---- helpers --------------------------------------------------------------------------------
  function svgElement(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    return node;
  }

  function htmlElement(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function pathData(points) {
    return 'M' + points.map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join('L');
  }

  // With API authentication on, open the map as /#token=<token>: it is kept for this tab only, and
  // sent as a bearer token (EventSource cannot send headers: the stream takes it as access_token).
  const token = (() => {
    const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem('roadmirror-token', decodeURIComponent(match[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem('roadmirror-token');
  })();

  async function getJson(url) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(url + ' answered HTTP ' + response.status);
    return response.json();
  }

  async function postJson(url, body) {
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(url + ' answered HTTP ' + response.status);
    return response.json();
  }

  function formatSeconds(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    const s = Math.round(seconds);
    if (s < 90) return s + ' s';
    const m = Math.floor(s / 60);
    return m + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  }

  function formatNumber(value, unit, digits = 0) {
    return value === null || value === undefined ? '–' : value.toFixed(digits) + (unit ? ' ' + unit : '');
  }

  function plural(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
  }

  function timeOfDay(iso) {
    return iso ? iso.substring(11, 19) : '–';
  }

  function baseName(name) {
    return name.replace(/\s*\((east|west|north|south)bound\)$/, '').replace(/\s*\((counter-)?clockwise\)$/, '');
  }

  // ---- geometry -------------------------------------------------------------------------------
  /** Equirectangular projection around the network's centre, scaled to MAP_SIZE units; y grows southwards. */
  function projection(features) {
    let minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
    for (const f of features) {
      for (const [lon, lat] of f.geometry.coordinates) {
        minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
        minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
      }
    }
    const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    const scale = MAP_SIZE / Math.max((maxLon - minLon) * k, maxLat - minLat, 1e-9);
    return {
      project: ([lon, lat]) => [(lon - minLon) * k * scale, (maxLat - lat) * scale],
      width: (maxLon - minLon) * k * scale,
      height: (maxLat - minLat) * scale,
      unitsPerMeter: scale / 111320,
    };
  }

  /** The polyline moved sideways to the right of the travel direction, as traffic drives on the right. */
  function offsetLine(points, distance) {
    return points.map((p, i) => {
      const a = points[Math.max(0, i - 1)];
      const b = points[Math.min(points.length - 1, i + 1)];
      const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      return [p[0] - ((b[1] - a[1]) / length) * distance, p[1] + ((b[0] - a[0]) / length) * distance];
    });
  }

  /** Shortens both ends, so the segments of an intersection do not run into each other. */
  function trimmed(points, amount) {
    const total = lengthOf(points);
    if (total < amount * 4) return points;
    return slice(points, amount, total - amount);
  }

  function lengthOf(points) {
    let total = 0;
    for (let i = 1; i < points.length; i++) total += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
    return total;
  }

  function slice(points, from, to) {
    const out = [];
    let walked = 0;
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1];
      const [bx, by] = points[i];
      const step = Math.hypot(bx - ax, by - ay);
      const at = (d) => [ax + ((bx - ax) * (d - walked)) / (step || 1), ay + ((by - ay) * (d - walked)) / (step || 1)];
      if (out.length === 0 && walked + step >= from) out.push(at(from));
      if (out.length > 0 && walked + step >= to) { out.push(at(to)); return out; }
      if (out.length > 0) out.push([bx, by]);
      walked += step;
    }
    return out.length > 1 ? out : points;
  }

  function pointAlong(points, fraction) {
    const piece = slice(points, 0, lengthOf(points) * fraction);
    return piece[piece.length - 1];
  }

  function directionAt(points, fraction) {
    const total = lengthOf(points);
    const a = pointAlong(points, Math.max(0, fraction - 0.05));
    const b = pointAlong(points, Math.min(1, fraction + 0.05));
    return total === 0 ? 0 : Math.atan2(b[1] - a[1], b[0] - a[0]);
  }

  // ---- drawing the network --------------------------------------------------------------------
  function drawNetwork(collection) {
    const proj = projection(collection.features);
    lastProjection = proj;
    const pad = 40;
    svg.setAttribute('viewBox', `${-pad} ${-pad} ${proj.width + 2 * pad} ${proj.height + 2 * pad}`);
    for (const feature of collection.features) {
      const p = feature.properties;
      const centre = feature.geometry.coordinates.map(proj.project);
      const width = 2.2 + 1.1 * p.lanes;
      const line = trimmed(offsetLine(centre, width / 2 + 0.9), 5);
      layers.casing.appendChild(svgElement('path', { d: pathData(centre), class: 'casing', 'stroke-width': (2 * width + 5).toFixed(1) }));
      const path = svgElement('path', { d: pathData(line), class: 'seg', 'stroke-width': width.toFixed(1), 'data-id': p.segmentId, 'data-congestion': p.congestion });
      layers.segments.appendChild(path);
      const hit = svgElement('path', { d: pathData(line), class: 'hit', 'stroke-width': (width + 3).toFixed(1), 'data-id': p.segmentId });
      layers.hit.appendChild(hit);
      const live = p.asOf ? { segmentId: p.segmentId, asOf: p.asOf, congestion: p.congestion, speedKph: p.speedKph,
        travelTimeSeconds: p.travelTimeSeconds, freeFlowTravelTimeSeconds: p.freeFlowTravelTimeSeconds, openIncidentIds: p.openIncidentIds } : null;
      segments.set(p.segmentId, { props: p, live, centre, line, width, path, mid: pointAlong(line, 0.5) });
      if (p.hotspotLevel && p.hotspotLevel !== 'NONE') hotspots.set(p.segmentId, { segmentId: p.segmentId, level: p.hotspotLevel, incidentCount: null });
      if (live) seeTime(live.asOf);
    }
    drawStreetNames();
    drawScale(proj);
    byId('subtitle').textContent = `live mirror of ${segments.size} road segments`;
    byId('loading').hidden = true;
    networkDrawn = true;
  }

  /** One label per street, beside its middle segment, turned along it and never upside down. */
  function drawStreetNames() {
    const streets = new Map();
    for (const seg of segments.values()) {
      const name = baseName(seg.props.name);
      if (name.startsWith('Ramp')) continue;
      if (!streets.has(name)) streets.set(name, []);
      streets.get(name).push(seg);
    }
    for (const [name, list] of streets) {
      const horizontal = list.reduce((sum, s) => sum + Math.abs(Math.cos(directionAt(s.centre, 0.5))), 0) >= list.length / 2;
      list.sort((a, b) => (horizontal ? a.mid[0] - b.mid[0] : a.mid[1] - b.mid[1]));
      const seg = name === 'Ring Road' ? list.reduce((top, s) => (s.mid[1] < top.mid[1] ? s : top)) : list[Math.floor(list.length / 2)];
      let angle = directionAt(seg.centre, 0.5);
      if (angle > Math.PI / 2) angle -= Math.PI;
      if (angle <= -Math.PI / 2) angle += Math.PI;
      const centre = pointAlong(seg.centre, 0.5);
      const gap = seg.width + 9;
      const x = centre[0] + Math.sin(angle) * gap;
      const y = centre[1] - Math.cos(angle) * gap;
      const label = svgElement('text', { class: 'street-label', x: x.toFixed(1), y: y.toFixed(1), 'text-anchor': 'middle',
        transform: `rotate(${(angle * 180 / Math.PI).toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)})` });
      label.textContent = name;
      layers.casing.appendChild(label);
    }
  }

  function drawScale(proj) {
    const meters = [100, 200, 500, 1000, 2000, 5000].find((m) => m * proj.unitsPerMeter >= 60) || 5000;
    const viewBox = svg.viewBox.baseVal;
    const pixelsPerUnit = Math.min(svg.clientWidth / viewBox.width, svg.clientHeight / viewBox.height) || 1;
    const scale = byId('scale');
    scale.querySelector('.bar').style.width = (meters * proj.unitsPerMeter * pixelsPerUnit).toFixed(0) + 'px';
    scale.querySelector('.text').textContent = meters >= 1000 ? meters / 1000 + ' km' : meters + ' m';
  }

  // ---- live state -----------------------------------------------------------------------------
  function seeTime(iso) {
    const t = Date.parse(iso);
    if (!Number.isNaN(t) && t > newestEventTime) newestEventTime = t;
  }

  function applyState(state) {
    const seg = segments.get(state.segmentId);
    if (!seg || (seg.live && seg.live.asOf > state.asOf)) return; // an older state than the one shown
    seg.live = state;
    seg.path.setAttribute('data-congestion', state.congestion);
    details.delete(state.segmentId);
    seeTime(state.asOf);
    scheduleRefresh();
  }

  function applyHotspot(hotspot) {
    if (hotspot.level === 'NONE') hotspots.delete(hotspot.segmentId);
    else hotspots.set(hotspot.segmentId, hotspot);
    scheduleRefresh();
  }

  function scheduleRefresh() {
    if (refreshPending) return;
    refreshPending = true;
    requestAnimationFrame(() => {
      refreshPending = false;
      drawLegend();
      drawIncidents();
      drawHotspots();
      drawClock();
      if (hoveredId) showTooltipFor(hoveredId);
    });
  }

  function drawLegend() {
    const counts = Object.fromEntries(LEVELS.map((l) => [l, 0]));
    for (const seg of segments.values()) counts[seg.path.getAttribute('data-congestion')]++;
    const legend = byId('legend');
    legend.replaceChildren(...LEVELS.map((level) => {
      const item = htmlElement('li');
      item.dataset.level = level;
      const swatch = htmlElement('span', 'swatch');
      swatch.style.background = LEVEL_COLOURS[level];
      item.append(swatch, htmlElement('span', null, LEVEL_LABELS[level]), htmlElement('span', 'n', String(counts[level])));
      return item;
    }));
  }

  function drawIncidents() {
    const markers = [];
    for (const seg of segments.values()) {
      const open = seg.live ? seg.live.openIncidentIds || [] : [];
      if (open.length === 0) continue;
      const g = svgElement('g', { class: 'incident', 'data-id': seg.props.segmentId, transform: `translate(${seg.mid[0].toFixed(1)} ${seg.mid[1].toFixed(1)})` });
      g.append(svgElement('circle', { class: 'incident-dot', r: 9 }), svgElement('text', { class: 'incident-mark', y: 4.3 }));
      g.lastChild.textContent = open.length > 1 ? String(open.length) : '!';
      markers.push(g);
    }
    layers.incidents.replaceChildren(...markers);
  }

  function drawHotspots() {
    const rings = [];
    const list = [];
    for (const hotspot of hotspots.values()) {
      const seg = segments.get(hotspot.segmentId);
      if (!seg) continue;
      rings.push(svgElement('circle', { class: 'hotspot-ring ' + hotspot.level.toLowerCase(), 'data-id': hotspot.segmentId,
        cx: seg.mid[0].toFixed(1), cy: seg.mid[1].toFixed(1), r: hotspot.level === 'HOTSPOT' ? 17 : 13 }));
      list.push([hotspot, seg]);
    }
    layers.hotspots.replaceChildren(...rings);
    list.sort((a, b) => (a[0].level === b[0].level ? a[1].props.name.localeCompare(b[1].props.name) : a[0].level === 'HOTSPOT' ? -1 : 1));
    byId('hotspot-count').textContent = String(list.length);
    const items = list.map(([hotspot, seg]) => {
      const item = htmlElement('li');
      item.dataset.segmentId = hotspot.segmentId;
      const count = hotspot.incidentCount === null || hotspot.incidentCount === undefined ? '' : ` · ${hotspot.incidentCount} incidents`;
      item.append(htmlElement('span', null, seg.props.name), htmlElement('span', 'level ' + hotspot.level, hotspot.level + count));
      item.addEventListener('click', () => highlight({ segmentId: hotspot.segmentId, title: seg.props.name + ' — ' + hotspot.level.toLowerCase() }));
      return item;
    });
    byId('hotspots').replaceChildren(...(items.length ? items : [htmlElement('li', 'empty', 'No accident-prone segments in the window.')]));
  }

  function drawClock() {
    if (!newestEventTime) return;
    const iso = new Date(newestEventTime).toISOString();
    byId('clock').textContent = iso.substring(11, 19);
    byId('clock-date').textContent = new Date(newestEventTime).toLocaleDateString('en-GB',
      { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }) + ' · UTC';
  }

  // ---- advisories -----------------------------------------------------------------------------
  function segmentName(id) {
    const seg = segments.get(id);
    return seg ? seg.props.name : id;
  }

  function addAdvisory(advisory, fresh) {
    if (advisories.has(advisory.advisoryId)) return;
    advisories.set(advisory.advisoryId, advisory);
    seeTime(advisory.eventTime);
    const item = htmlElement('li', `advisory ${advisory.severity} ${advisory.kind}${fresh ? ' fresh' : ''}`);
    item.dataset.advisoryId = advisory.advisoryId;
    item.dataset.segmentId = advisory.segmentId;
    item.dataset.kind = advisory.kind;
    const meta = htmlElement('div', 'meta');
    meta.append(htmlElement('span', 'kind', advisory.kind), htmlElement('span', null, advisory.severity.toLowerCase()),
      htmlElement('span', 'time', timeOfDay(advisory.eventTime)));
    item.append(meta, htmlElement('div', 'message', advisory.message));
    item.addEventListener('click', () => selectAdvisory(advisory.advisoryId));

    const feed = byId('feed');
    feed.querySelector('.empty')?.remove();
    const later = [...feed.children].find((li) => advisories.get(li.dataset.advisoryId).eventTime < advisory.eventTime);
    feed.insertBefore(item, later || null);
    while (feed.children.length > FEED_LIMIT) {
      const last = feed.lastElementChild;
      advisories.delete(last.dataset.advisoryId);
      last.remove();
    }
    byId('advisory-count').textContent = String(advisories.size);
    scheduleRefresh();
  }

  function selectAdvisory(advisoryId) {
    if (selectedAdvisoryId === advisoryId) {
      clearHighlight();
      return;
    }
    const a = advisories.get(advisoryId);
    highlight({
      segmentId: a.segmentId,
      detour: a.detour ? a.detour.segmentIds : [],
      approaches: a.approachSegmentIds || [],
      title: `${a.kind.toLowerCase()} on ${segmentName(a.segmentId)}`,
      detourText: a.detour ? `${a.detour.segmentIds.length} segments, ${formatSeconds(a.detour.travelTimeSeconds)}`
        + (a.detour.currentTravelTimeSeconds !== null ? ` (now ${formatSeconds(a.detour.currentTravelTimeSeconds)} through it)` : ' (segment closed)') : null,
    });
    selectedAdvisoryId = advisoryId;
    for (const li of byId('feed').children) li.classList.toggle('selected', li.dataset.advisoryId === advisoryId);
  }

  /** Shows a segment, and optionally its detour and approaches, over a dimmed network. */
  function highlight({ segmentId, detour = [], approaches = [], title, detourText = null }) {
    clearHighlight();
    const overlays = [];
    const overlay = (id, className, extraWidth) => {
      const seg = segments.get(id);
      if (seg) overlays.push(svgElement('path', { d: pathData(seg.line), class: className, 'stroke-width': (seg.width + extraWidth).toFixed(1), 'data-id': id }));
    };
    approaches.forEach((id) => overlay(id, 'hl-approach', 0.5));
    detour.forEach((id) => overlay(id, 'hl-detour', 2.5));
    overlay(segmentId, 'hl-segment', 3.5);
    layers.highlight.replaceChildren(...overlays);
    svg.classList.add('dimmed');

    const panel = byId('selection');
    const close = htmlElement('span', 'close', '✕ clear');
    close.addEventListener('click', clearHighlight);
    const keys = [[`#ffffff`, 'solid', 'this segment']];
    if (detour.length) keys.push(['#3ad6ff', 'dashed', 'detour: ' + (detourText || detour.length + ' segments')]);
    if (approaches.length) keys.push(['#ffd166', 'solid', `approaches: ${approaches.length} upstream segments to warn`]);
    panel.replaceChildren(close, htmlElement('div', 'title', title), ...keys.map(([colour, style, text]) => {
      const key = htmlElement('div', 'key');
      const sample = svgElement('svg', { viewBox: '0 0 30 8' });
      sample.append(svgElement('line', { x1: 2, y1: 4, x2: 28, y2: 4, stroke: colour, 'stroke-width': 4, 'stroke-linecap': 'round',
        'stroke-dasharray': style === 'dashed' ? '7 4' : 'none' }));
      key.append(sample, htmlElement('span', null, text));
      return key;
    }));
    panel.hidden = false;
  }

  function clearHighlight() {
    routeFrom = null;
    layers.highlight.replaceChildren();
    svg.classList.remove('dimmed');
    byId('selection').hidden = true;
    selectedAdvisoryId = null;
    for (const li of byId('feed').children) li.classList.remove('selected');
  }

  // ---- routes on request: two clicks pick two junctions, GET /api/route draws the route and its ETA ----
  let routeFrom = null;

  /** The end of the clicked segment nearest to the click: its fromNode or its toNode, with where it is drawn. */
  function junctionAt(event, segmentId) {
    const seg = segments.get(segmentId);
    const ctm = svg.getScreenCTM();
    if (!seg || !ctm) return null;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
    const first = seg.centre[0];
    const last = seg.centre[seg.centre.length - 1];
    const nearFirst = Math.hypot(p.x - first[0], p.y - first[1]) <= Math.hypot(p.x - last[0], p.y - last[1]);
    return nearFirst ? { node: seg.props.fromNode, at: first } : { node: seg.props.toNode, at: last };
  }

  function routeEnd(junction) {
    return svgElement('circle', { cx: junction.at[0].toFixed(1), cy: junction.at[1].toFixed(1), r: 7, class: 'route-end' });
  }

  async function pickJunction(event, segmentId) {
    const junction = junctionAt(event, segmentId);
    if (!junction) return;
    const result = byId('route-result');
    if (!routeFrom || routeFrom.done) {
      clearHighlight();
      routeFrom = junction;
      layers.highlight.replaceChildren(routeEnd(junction));
      byId('route-hint').textContent = `From ${junction.node}: now click a road near where the trip ends.`;
      result.replaceChildren();
      return;
    }
    const from = routeFrom;
    from.done = true;
    byId('route-hint').textContent = `From ${from.node} to ${junction.node}…`;
    try {
      const route = await getJson(`/api/route?from=${encodeURIComponent(from.node)}&to=${encodeURIComponent(junction.node)}&alternatives=1`);
      showRoute(route, from, junction);
    } catch (e) {
      // INVALID and UNKNOWN_NODE answer 400/404 with the reason; getJson only says the status.
      result.replaceChildren(htmlElement('div', 'muted', 'No answer: ' + e.message));
    }
    byId('route-hint').textContent = 'Click a road to start a new route.';
  }

  function showRoute(route, from, to) {
    const result = byId('route-result');
    const overlays = [];
    const overlay = (id, className, extraWidth) => {
      const seg = segments.get(id);
      if (seg) overlays.push(svgElement('path', { d: pathData(seg.line), class: className, 'stroke-width': (seg.width + extraWidth).toFixed(1) }));
    };
    (route.alternatives || []).forEach((alt) => alt.segmentIds.forEach((id) => overlay(id, 'hl-alternative', 1.5)));
    route.segmentIds.forEach((id) => overlay(id, 'hl-route', 3));
    layers.highlight.replaceChildren(...overlays, routeEnd(from), routeEnd(to));
    svg.classList.add('dimmed');
    if (route.status !== 'OK') {
      result.replaceChildren(htmlElement('div', null, route.status.replace('_', ' ').toLowerCase() + ': ' + route.detail));
      return;
    }
    const lines = [
      htmlElement('div', 'eta', `${formatSeconds(route.travelTimeSeconds)} · arrive ${timeOfDay(route.arriveAt)}`),
      htmlElement('div', null, `${from.node} → ${to.node}, ${plural(route.segmentIds.length, 'segment')}`),
      htmlElement('div', 'muted', `live times throughout ${formatSeconds(route.liveTravelTimeSeconds)}, free flow ${formatSeconds(route.freeFlowTravelTimeSeconds)}`),
    ];
    if (route.avoidedIncidentIds.length) lines.push(htmlElement('div', null, 'avoids ' + route.avoidedIncidentIds.join(', ')));
    (route.alternatives || []).forEach((alt) => lines.push(htmlElement('div', 'muted', `alternative (dashed): ${formatSeconds(alt.travelTimeSeconds)}`)));
    result.replaceChildren(...lines);
  }

  layers.hit.addEventListener('click', (event) => {
    const id = event.target.getAttribute('data-id');
    if (id) pickJunction(event, id);
  });

  // ---- what-if: a right-click asks POST /api/what-if what closing the road would do, and draws it ----
  async function whatIfCloses(segmentId) {
    clearHighlight();
    const hint = byId('whatif-hint');
    const result = byId('whatif-result');
    hint.textContent = `What if ${segmentName(segmentId)} closes…`;
    try {
      showWhatIf(await postJson('/api/what-if', { closures: [segmentId], durationMinutes: 60 }), segmentId);
    } catch (e) {
      result.replaceChildren(htmlElement('div', 'muted', 'No answer: ' + e.message));
    }
    hint.textContent = 'Right-click another road to ask again.';
  }

  function showWhatIf(answer, segmentId) {
    const overlays = [];
    const overlay = (id, className, extraWidth) => {
      const seg = segments.get(id);
      if (seg) overlays.push(svgElement('path', { d: pathData(seg.line), class: className, 'stroke-width': (seg.width + extraWidth).toFixed(1), 'data-id': id }));
    };
    const slowed = answer.segments.filter((e) => e.cause !== 'CLOSED');
    slowed.filter((e) => e.cause === 'QUEUE').forEach((e) => overlay(e.segmentId, 'hl-approach whatif-effect', 1.5));
    slowed.filter((e) => e.cause !== 'QUEUE').forEach((e) => overlay(e.segmentId, 'hl-detour whatif-effect', 2.5));
    overlay(segmentId, 'hl-segment whatif-closed', 3.5);
    layers.highlight.replaceChildren(...overlays);
    svg.classList.add('dimmed');
    const lines = answer.trips.map((trip) => htmlElement('div', 'eta', trip.travelTimeSecondsAfter === null
      ? `${trip.fromNode} → ${trip.toNode}: no road left`
      : `${trip.fromNode} → ${trip.toNode}: ${formatSeconds(trip.travelTimeSecondsBefore)} → ${formatSeconds(trip.travelTimeSecondsAfter)}`));
    lines.push(htmlElement('div', null, slowed.length
      ? `${plural(slowed.length, 'segment')} slower (dashed: traffic moving round, yellow: queue)`
      : 'nothing else slows'));
    slowed.slice(0, 5).forEach((e) => lines.push(htmlElement('div', 'muted',
      `${segmentName(e.segmentId)}: ${formatSeconds(e.travelTimeSecondsBefore)} → ${formatSeconds(e.travelTimeSecondsAfter)}, ${LEVEL_LABELS[e.congestionAfter]}`)));
    byId('whatif-result').replaceChildren(...lines);
  }

  layers.hit.addEventListener('contextmenu', (event) => {
    const id = event.target.getAttribute('data-id');
    if (!id) return;
    event.preventDefault();
    whatIfCloses(id);
  });

  // ---- hovering -------------------------------------------------------------------------------
  function showTooltipFor(segmentId) {
    const seg = segments.get(segmentId);
    if (!seg) return;
    const live = seg.live;
    const level = live ? live.congestion : 'UNKNOWN';
    const detail = details.get(segmentId);
    const full = detail && detail.detail.segment.live ? detail.detail.segment.live : live;
    const pill = htmlElement('span', 'pill', LEVEL_LABELS[level]);
    pill.style.background = LEVEL_COLOURS[level];
    const rows = [
      ['speed', live && live.speedKph !== null && live.speedKph !== undefined
        ? `${formatNumber(live.speedKph, 'km/h')} of ${formatNumber(seg.props.speedLimitKph, 'km/h')}` : `limit ${formatNumber(seg.props.speedLimitKph, 'km/h')}`],
      ['travel time', `${formatSeconds(live ? live.travelTimeSeconds : null)} (free flow ${formatSeconds(seg.props.freeFlowTravelTimeSeconds)})`],
      ['length', `${formatNumber(seg.props.lengthMeters, 'm')} · ${plural(seg.props.lanes, 'lane')}`],
    ];
    if (full && full.flowVehPerHour !== undefined) {
      rows.push(['flow', formatNumber(full.flowVehPerHour, 'veh/h')], ['occupancy', formatNumber(full.occupancyPct, '%', 1)],
        ['reporting', `${plural(full.sensorsReporting, 'sensor')}, ${plural(full.probeVehicles, 'probe vehicle')}`]);
    }
    const incidents = live ? live.openIncidentIds || [] : [];
    if (incidents.length) rows.push(['incidents', incidents.join(', ')]);
    const hotspot = hotspots.get(segmentId);
    if (hotspot) rows.push(['hotspot', hotspot.level + (hotspot.incidentCount ? ` (${hotspot.incidentCount} incidents)` : '')]);
    rows.push(['as of', live ? timeOfDay(live.asOf) + ' UTC' : 'no reading yet']);
    if (detail && detail.detail.history.length > 1) {
      rows.push(['recent', detail.detail.history.slice(-8).map((s) => (s.speedKph === null ? '–' : Math.round(s.speedKph))).join(' → ') + ' km/h']);
    }
    const list = htmlElement('dl');
    for (const [term, value] of rows) list.append(htmlElement('dt', null, term), htmlElement('dd', null, value));
    tooltip.replaceChildren(htmlElement('div', 'name', seg.props.name), htmlElement('div', 'id', segmentId), pill, list);
    tooltip.hidden = false;
  }

  async function loadDetail(segmentId) {
    const known = details.get(segmentId);
    if (known && Date.now() - known.at < DETAIL_TTL_MS) return;
    try {
      const detail = await getJson('/api/segments/' + encodeURIComponent(segmentId));
      details.set(segmentId, { at: Date.now(), detail });
      if (hoveredId === segmentId) {
        showTooltipFor(segmentId);
        placeTooltip(lastPointer); // it grew: keep it clear of the pointer
      }
    } catch (e) {
      // the tooltip keeps what the map already knows
    }
  }

  /** Above and to the right of the pointer, so the segment and its surroundings stay visible; flipped near the edges. */
  function placeTooltip(event) {
    lastPointer = { clientX: event.clientX, clientY: event.clientY };
    const pane = svg.parentElement.getBoundingClientRect();
    const x = event.clientX - pane.left;
    const y = event.clientY - pane.top;
    const left = x + 16 + tooltip.offsetWidth < pane.width ? x + 16 : x - 16 - tooltip.offsetWidth;
    const top = y - 16 - tooltip.offsetHeight > 0 ? y - 16 - tooltip.offsetHeight : Math.min(y + 16, pane.height - tooltip.offsetHeight - 8);
    tooltip.style.left = Math.max(8, left) + 'px';
    tooltip.style.top = Math.max(8, top) + 'px';
  }

  layers.hit.addEventListener('mouseover', (event) => {
    const id = event.target.getAttribute('data-id');
    if (!id) return;
    hoveredId = id;
    segments.get(id).path.classList.add('hovered');
    showTooltipFor(id);
    placeTooltip(event);
    loadDetail(id);
  });
  layers.hit.addEventListener('mousemove', placeTooltip);
  layers.hit.addEventListener('mouseout', (event) => {
    const id = event.target.getAttribute('data-id');
    if (id && segments.has(id)) segments.get(id).path.classList.remove('hovered');
    hoveredId = null;
    tooltip.hidden = true;
  });
  svg.addEventListener('click', (event) => {
    if (!event.target.classList.contains('hit')) clearHighlight();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') clearHighlight();
  });
  let lastProjection = null;
  window.addEventListener('resize', () => lastProjection && drawScale(lastProjection));

  // ---- live updates ---------------------------------------------------------------------------
  function handle(name, data) {
    if (!networkDrawn) {
      pendingEvents.push([name, data]);
      return;
    }
    if (name === 'segment') applyState(data);
    else if (name === 'advisory') addAdvisory(data, true);
    else if (name === 'hotspot') applyHotspot(data);
  }

  function connect() {
    const connection = byId('connection');
    const text = byId('connection-text');
    const stream = new EventSource('/api/stream' + (token ? '?access_token=' + encodeURIComponent(token) : ''));
    for (const name of ['segment', 'advisory', 'hotspot']) {
      stream.addEventListener(name, (event) => handle(name, JSON.parse(event.data)));
    }
    // On reconnection the browser sends Last-Event-ID and the server replays what was missed; when it
    // cannot (too long away, another instance, events lost), it sends 'reset': reload the picture.
    stream.addEventListener('reset', () => loadSnapshot());
    stream.onopen = () => {
      connection.className = 'connection live';
      text.textContent = 'live';
    };
    stream.onerror = () => {
      connection.className = 'connection down';
      text.textContent = 'reconnecting…';
    };
  }

  /**
   * The current picture from the query API (again after a lost connection, whose changes were not
   * streamed); the stream, opened first, fills in what changes meanwhile. Newer states win.
   */
  async function loadSnapshot() {
    const [states, recent, hotspotList] = await Promise.all([getJson('/api/segments'), getJson('/api/advisories?limit=50'),
      getJson('/api/hotspots')]);
    states.forEach((s) => s.live && applyState(s.live));
    hotspotList.forEach(applyHotspot);
    recent.forEach((a) => addAdvisory(a, false));
    scheduleRefresh();
  }

  async function start() {
    try {
      const network = await getJson('/api/network');
      drawNetwork(network);
      await loadSnapshot();
      pendingEvents.splice(0).forEach(([name, data]) => handle(name, data));
      scheduleRefresh();
    } catch (e) {
      byId('loading').textContent = 'Could not load the road network: ' + e.message + '. Is the pipeline running? Retrying…';
      setTimeout(start, 3000);
    }
  }

  connect();
  start();
})();
