// Fleetloop operator console: plain ES module, no dependencies. Every action is a REST call with the token from
// sessionStorage as "Authorization: Bearer" (no cookies, so no CSRF surface). Data is only ever put in the page with
// textContent / attributes set through the DOM (never parsed as HTML), so payloads with markup show as text.

const TOKEN_KEY = 'fleetloop.console.token';
const $ = (id) => document.getElementById(id);
let current = null;
let timer = null;
let progress = null; // AbortController of the open rollout progress stream
let runStream = null; // AbortController of the open workflow run event stream

// ---------- DOM helpers (text only) ----------
function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}
function row(cells, attrs = {}) {
  const tr = el('tr', null, attrs);
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === undefined || cell === null ? '' : String(cell);
    tr.appendChild(td);
  }
  return tr;
}
function button(label, onClick, attrs = {}) {
  const b = el('button', label, attrs);
  b.addEventListener('click', onClick);
  return b;
}
function json(value) { return el('pre', JSON.stringify(value, null, 2)); }
function fill(tableId, rows) {
  const body = $(tableId).querySelector('tbody');
  body.replaceChildren(...rows);
}
function message(text, kind = 'ok') {
  const m = $('message');
  m.textContent = text;
  m.className = kind;
}
function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

// ---------- REST ----------
class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}
async function call(method, path, body) {
  const headers = { 'Authorization': 'Bearer ' + sessionStorage.getItem(TOKEN_KEY), 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (!response.ok) {
    const detail = data && data.detail ? data.detail : (typeof data === 'string' ? data : response.statusText);
    throw new ApiError(response.status, detail);
  }
  return data;
}
const get = (path) => call('GET', path);
const post = (path, body) => call('POST', path, body === undefined ? {} : body);

/** Runs an action, shows its outcome; a refusal (403, 400, 409 …) is shown as a message with the server's reason. */
async function act(label, action) {
  let outcome;
  try {
    await action();
    outcome = [label + ': done', 'ok'];
  } catch (e) {
    outcome = [label + ' refused: ' + (e.status ? e.status + ' ' : '') + e.message, 'error'];
  }
  await refresh();
  message(...outcome); // after the refresh, so the action's outcome is what stays on screen
}
function confirmThen(text, action) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  const ok = $('confirm-ok'), cancel = $('confirm-cancel');
  const close = () => { ok.onclick = null; cancel.onclick = null; dialog.close(); };
  ok.onclick = () => { close(); action(); };
  cancel.onclick = close;
  dialog.showModal();
}
/** An SVG the API draws, fetched with the token and shown as an image (an <img> runs no script of the SVG). */
async function image(imgId, path) {
  const response = await fetch(path, { headers: { 'Authorization': 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) } });
  if (!response.ok) throw new ApiError(response.status, path + ': ' + response.statusText);
  const img = $(imgId);
  if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
  img.src = URL.createObjectURL(await response.blob());
}

// ---------- login ----------
async function login(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  try {
    const me = await get('/v1/me');
    $('whoami').textContent = me.subject + ' · ' + me.tenantId + ' · ' + me.roles.join(', ');
    $('login').hidden = true;
    $('nav').hidden = false;
    $('logout').hidden = false;
    show(sessionStorage.getItem('fleetloop.console.section') || 'processors');
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    message('Log in failed: ' + e.message, 'error');
  }
}
function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

// ---------- sections ----------
const sections = {
  'processors': loadProcessors,
  'dead-letters': loadDeadLetters,
  'sagas': loadSagas,
  'rollouts': loadRollouts,
  'closed-loop': loadClosedLoop,
  'behavior': loadSessions,
  'log-batches': loadLogBatches,
  'workflows': loadWorkflows,
  'simulation': loadSimulationTasks,
};
const live = new Set(['processors', 'dead-letters', 'sagas', 'rollouts', 'log-batches', 'workflows', 'simulation']);

function show(name) {
  current = name;
  sessionStorage.setItem('fleetloop.console.section', name);
  document.querySelectorAll('.page').forEach((page) => { page.hidden = page.id !== name; });
  document.querySelectorAll('#nav button').forEach((b) => b.classList.toggle('active', b.dataset.section === name));
  if (name !== 'rollouts' && progress) { progress.abort(); progress = null; }
  if (name !== 'workflows' && runStream) { runStream.abort(); runStream = null; }
  refresh();
  clearInterval(timer);
  timer = setInterval(() => { if ($('live').checked && live.has(current)) refresh(); }, 2000);
}
async function refresh() {
  if (!current) return;
  try {
    await sections[current]();
  } catch (e) {
    message(current + ': ' + (e.status ? e.status + ' ' : '') + e.message, 'error');
  }
}

// ----- event processors -----
async function loadProcessors() {
  const data = await get('/v1/admin/processors');
  fill('processor-table', data.items.map((p) => {
    const segments = el('div');
    for (const s of p.segments) {
      const line = el('div', s.segmentId + ' · ' + (s.owner || 'unclaimed') + ' · ' + (s.position ?? '–') + ' · ' + (s.lag ?? '–')
        + (s.replaying ? ' · replaying' : '') + (s.error ? ' · error: ' + s.errorMessage : ''), { 'class': 'segment' });
      if (s.here && p.type !== 'subscribing') {
        line.append(' ', button('split', () => act('split ' + p.name + '/' + s.segmentId,
          () => post('/v1/admin/processors/' + encodeURIComponent(p.name) + '/segments/' + s.segmentId + '/split')), { 'class': 'split' }));
        line.append(' ', button('merge', () => act('merge ' + p.name + '/' + s.segmentId,
          () => post('/v1/admin/processors/' + encodeURIComponent(p.name) + '/segments/' + s.segmentId + '/merge')), { 'class': 'merge' }));
      }
      segments.appendChild(line);
    }
    const lags = p.segments.map((s) => s.lag).filter((l) => l !== null && l !== undefined);
    const lag = lags.length ? Math.max(...lags) : '';
    const actions = el('div');
    if (p.type !== 'subscribing') {
      actions.append(button('Reset to beginning', () => confirmThen('Reset ' + p.name + ' to the beginning? Its read model is cleared and rebuilt.',
        () => act('reset ' + p.name, () => post('/v1/admin/processors/' + encodeURIComponent(p.name) + '/reset', { from: 'beginning' }))),
        { 'class': 'reset' }));
      const instant = el('input', null, { 'class': 'reset-instant', 'placeholder': '2026-01-01T00:00:00Z', 'size': '22' });
      actions.append(' ', instant, button('Reset to instant', () => confirmThen('Reset ' + p.name + ' to ' + instant.value + '?',
        () => act('reset ' + p.name, () => post('/v1/admin/processors/' + encodeURIComponent(p.name) + '/reset', { from: instant.value }))),
        { 'class': 'reset-at' }));
    }
    const status = (p.running ? 'running' : 'stopped') + (p.error ? ' · error' : '') + (p.projection ? ' · projection' : '');
    const lagCell = el('span', lag, { 'class': 'lag' });
    return row([p.name, p.type, status, p.head ?? '', segments, lagCell, actions], { 'data-processor': p.name });
  }));
}

// ----- dead letters -----
async function loadDeadLetters() {
  const data = await get('/v1/admin/dead-letters');
  fill('dead-letter-table', data.items.map((seq) => {
    const first = seq.letters[0] || {};
    const actions = el('div');
    actions.append(button('Retry', () => act('retry ' + seq.sequenceId,
      () => post('/v1/admin/dead-letters/' + encodeURIComponent(seq.processor) + '/retry', { sequenceId: seq.sequenceId })), { 'class': 'retry' }));
    actions.append(' ', button('Evict', () => confirmThen('Evict sequence ' + seq.sequenceId + ' of ' + seq.processor + '? Its events are dropped unhandled.',
      () => act('evict ' + seq.sequenceId, () => call('DELETE', '/v1/admin/dead-letters/' + encodeURIComponent(seq.processor) + '/'
        + encodeURIComponent(seq.sequenceId)))), { 'class': 'evict' }));
    return row([seq.processor, el('span', seq.sequenceId, { 'class': 'sequence' }), seq.count, first.eventType,
      el('span', (first.errorClass || '') + ': ' + (first.errorMessage || ''), { 'class': 'error-message' }), first.enqueuedAt, actions],
    { 'data-processor': seq.processor, 'data-sequence': seq.sequenceId });
  }));
  $('retry-all').onclick = () => act('retry all', async () => {
    const processors = [...new Set(data.items.map((s) => s.processor))];
    for (const p of processors) await post('/v1/admin/dead-letters/' + encodeURIComponent(p) + '/retry', {});
  });
}

// ----- sagas -----
async function loadSagas() {
  const params = new URLSearchParams();
  if ($('saga-type').value) params.set('type', $('saga-type').value);
  if ($('saga-association').value.trim()) params.set('association', $('saga-association').value.trim());
  const data = await get('/v1/admin/sagas' + (params.toString() ? '?' + params : ''));
  const select = $('saga-type');
  if (select.options.length === 1) {
    for (const t of data.types) select.appendChild(el('option', t.type + ' (' + t.inFlight + ')', { 'value': t.type }));
  }
  const associations = (list) => {
    const div = el('div');
    for (const a of list) {
      const link = el('a', a.key + ' = ' + a.value, { 'href': '#', 'class': 'history' });
      link.addEventListener('click', (event) => { event.preventDefault(); history(a.value); });
      div.appendChild(el('div')).appendChild(link);
    }
    return div;
  };
  fill('saga-table', data.items.map((s) => row([s.type, s.sagaId, associations(s.associations), json(s.state),
    s.deadlines.map((d) => d.deadlineName + ' @ ' + d.at).join('\n')], { 'data-saga': s.sagaId })));
  fill('deadline-table', data.deadlines.map((d) => row([d.at, d.deadlineName, d.sagaType + ' ' + d.sagaId, json(d.payload)])));
  fill('ended-table', data.recentlyEnded.map((s) => row([s.endedAt, s.type, s.sagaId, associations(s.associations)])));
}
async function history(aggregateId) {
  const data = await get('/v1/audit/aggregates/' + encodeURIComponent(aggregateId) + '/events');
  const events = data.items || data.events || data;
  $('history-title').hidden = false;
  $('history-title').textContent = 'Event history of ' + aggregateId;
  $('history-table').hidden = false;
  fill('history-table', (Array.isArray(events) ? events : []).map((e) => row([e.sequenceNumber ?? e.sequence, e.timestamp,
    e.payloadType || e.eventType || e.type, json(e.payload)])));
}

// ----- rollouts -----
let selectedRelease = null;
async function loadRollouts() {
  const data = await get('/v1/release-tasks?size=50');
  fill('release-table', data.items.map((t) => row([t.taskId, t.versionId, t.status, t.totalDevices, t.successCount + ' / ' + t.failureCount,
    t.statusReason, button('Open', () => openRollout(t.taskId), { 'class': 'open' })], { 'data-release': t.taskId })));
  if (selectedRelease) await loadDevices(selectedRelease);
}
function openRollout(taskId) {
  selectedRelease = taskId;
  $('rollout').hidden = false;
  $('rollout').dataset.release = taskId;
  const path = '/v1/release-tasks/' + encodeURIComponent(taskId);
  const reason = () => $('rollout-action-reason').value;
  $('rollout-pause').onclick = () => confirmThen('Pause release ' + taskId + '?', () => act('pause', () => post(path + '/pause', { reason: reason() })));
  $('rollout-resume').onclick = () => confirmThen('Resume release ' + taskId + '?', () => act('resume', () => post(path + '/resume')));
  $('rollout-rollback').onclick = () => confirmThen('Roll back release ' + taskId + ' to the previous version on every device it reached?',
    () => act('rollback', () => post(path + '/rollback', { reason: reason() })));
  stream(path + '/progress');
  loadDevices(taskId);
}
/** The rollout's progress stream (server-sent events) read with fetch, which can send the Authorization header. */
async function stream(path) {
  if (progress) progress.abort();
  const controller = new AbortController();
  progress = controller;
  try {
    const response = await fetch(path, { headers: { 'Authorization': 'Bearer ' + sessionStorage.getItem(TOKEN_KEY), 'Accept': 'text/event-stream' },
      signal: controller.signal });
    if (!response.ok) throw new ApiError(response.status, 'progress stream: ' + response.statusText);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
        if (data) showProgress(JSON.parse(data));
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') message('progress: ' + e.message, 'error');
  }
}
function showProgress(p) {
  $('rollout-version').textContent = p.versionId;
  $('rollout-status').textContent = p.status;
  $('rollout-reason').textContent = p.statusReason || '';
  $('rollout-total').textContent = p.totalDevices;
  $('rollout-succeeded').textContent = p.succeeded;
  $('rollout-failed').textContent = p.failed;
  $('rollout-pending').textContent = p.pending;
  fill('batch-table', p.batches.map((b, i) => {
    const bar = el('span');
    const width = (n) => (b.deviceCount ? Math.round(120 * n / b.deviceCount) : 0) + 'px';
    bar.append(el('span', null, { 'class': 'bar', 'style': 'width:' + width(b.succeeded) }),
      el('span', null, { 'class': 'bar failed', 'style': 'width:' + width(b.failed + b.silent) }));
    return row([i + 1, b.percentage, b.deviceCount, b.succeeded, b.failed, b.silent, b.pending, b.status, bar], { 'data-batch': i });
  }));
}
async function loadDevices(taskId) {
  const devices = await get('/v1/devices?size=50');
  const rows = [];
  for (const d of devices.items) {
    const actions = await get('/v1/devices/' + encodeURIComponent(d.deviceId) + '/actions');
    for (const a of actions.items.filter((x) => x.taskId === taskId)) {
      rows.push(row([d.deviceId, d.installedVersion, a.kind, a.status, a.lastExecution, a.detail], { 'data-device': d.deviceId }));
    }
  }
  fill('device-table', rows);
}

// ----- closed loop -----
async function loadClosedLoop() {
  const failures = [];
  await image('cost-chart', '/v1/cost-dashboard/chart.svg?series=cost-by-context').catch((e) => failures.push('cost chart: ' + e.message));
  await image('cost-time-chart', '/v1/cost-dashboard/chart.svg?series=cost-over-time').catch((e) => failures.push('cost chart: ' + e.message));
  await image('kpi-chart', '/v1/closed-loop/kpi/chart.svg').catch((e) => failures.push('KPI chart: ' + e.message));
  try {
    const cost = await get('/v1/cost-dashboard');
    $('cost-total').textContent = '· total ' + cost.totalCost + ' (' + cost.from + ' → ' + cost.to + ')';
    fill('cost-table', cost.contexts.map((c) => row([c.context, c.items, c.seconds, c.cost, c.costPerItem], { 'data-context': c.context })));
  } catch (e) { failures.push('cost dashboard: ' + e.message); }
  try {
    const roi = await get('/v1/cost-dashboard/roi');
    fill('roi-table', flatten(roi).map(([k, v]) => row([k, v])));
  } catch (e) { failures.push('ROI: ' + e.message); }
  try {
    const kpi = await get('/v1/closed-loop/kpi');
    const summary = { from: kpi.from, to: kpi.to, loopCount: kpi.loopCount, stalledCount: kpi.stalledCount, total: kpi.total, stages: kpi.stages };
    fill('kpi-table', flatten(summary).map(([k, v]) => row([k, v], { 'data-key': k })));
  } catch (e) { failures.push('KPI: ' + e.message); }
  if (failures.length) message(failures.join(' · '), 'error');
  $('lineage-form').onsubmit = (event) => { event.preventDefault(); lineage().catch((e) => message('lineage: ' + e.message, 'error')); };
}
function flatten(value, prefix = '', out = []) {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? prefix + '.' + k : k, out);
  } else out.push([prefix, value]);
  return out;
}
/**
 * The lineage graph laid out by dagre (a graph layout library, bundled as /console/dagre.min.js: ranks, crossing
 * minimisation, coordinates) and drawn as SVG with text nodes only; wheel zooms, drag pans (viewBox).
 */
async function lineage() {
  const node = $('lineage-node').value.trim();
  const graph = await get('/v1/lineage/' + encodeURIComponent(node) + '?direction=' + $('lineage-direction').value + '&depth=' + $('lineage-depth').value);
  const key = (type, id) => type + ':' + id;
  const NW = 180, NH = 42;
  const g = new window.dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(key(n.type, n.id), { width: NW, height: NH, node: n });
  graph.edges.forEach((e, i) => {
    const from = key(e.fromType, e.from), to = key(e.toType, e.to);
    if (g.hasNode(from) && g.hasNode(to)) g.setEdge(from, to, { relation: e.relation, width: 60, height: 14, labelpos: 'c' }, 'e' + i);
  });
  window.dagre.layout(g);
  const svg = $('lineage-graph');
  svg.replaceChildren();
  const defs = svgEl('defs');
  const marker = svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' });
  marker.appendChild(svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#667' }));
  defs.appendChild(marker);
  svg.appendChild(defs);
  for (const ref of g.edges()) {
    const e = g.edge(ref);
    const d = e.points.map((p, i) => (i ? 'L' : 'M') + p.x.toFixed(1) + ',' + p.y.toFixed(1)).join(' ');
    svg.appendChild(svgEl('path', { d, fill: 'none', stroke: '#667', 'marker-end': 'url(#arrow)', 'class': 'lineage-edge', 'data-relation': e.relation }));
    if (e.x !== undefined) svg.appendChild(svgEl('text', { x: e.x, y: e.y + 4, 'font-size': 10, fill: '#556', 'text-anchor': 'middle' }, e.relation));
  }
  const rootKey = key(graph.root.type, graph.root.id);
  for (const k of g.nodes()) {
    const v = g.node(k), n = v.node;
    const x = v.x - NW / 2, y = v.y - NH / 2;
    const group = svgEl('g', { 'class': 'lineage-node', 'data-node': n.id, 'data-type': n.type });
    group.appendChild(svgEl('rect', { x, y, width: NW, height: NH, rx: 6, fill: k === rootKey ? '#dbeafe' : '#fff', stroke: '#335' }));
    group.appendChild(svgEl('text', { x: x + 6, y: y + 16, 'font-size': 11, 'font-weight': 'bold' }, n.type));
    group.appendChild(svgEl('text', { x: x + 6, y: y + 32, 'font-size': 10 }, String(n.label || n.id).slice(0, 32)));
    group.appendChild(svgEl('title', {}, n.type + ' ' + n.id + (n.label ? ' · ' + n.label : '')));
    svg.appendChild(group);
  }
  const size = g.graph();
  zoomable(svg, Math.max(size.width || 0, 200), Math.max(size.height || 0, 100));
  message('lineage of ' + node + ': ' + graph.nodes.length + ' nodes, ' + graph.edges.length + ' edges' + (graph.truncated ? ' (truncated)' : ''));
}
function zoomable(svg, width, height) {
  let box = { x: 0, y: 0, w: width, h: height };
  const apply = () => svg.setAttribute('viewBox', box.x + ' ' + box.y + ' ' + box.w + ' ' + box.h);
  apply();
  svg.onwheel = (event) => {
    event.preventDefault();
    const f = event.deltaY > 0 ? 1.15 : 1 / 1.15;
    const r = svg.getBoundingClientRect();
    const mx = box.x + (event.clientX - r.left) / r.width * box.w, my = box.y + (event.clientY - r.top) / r.height * box.h;
    box = { x: mx - (mx - box.x) * f, y: my - (my - box.y) * f, w: box.w * f, h: box.h * f };
    apply();
  };
  let drag = null;
  svg.onmousedown = (event) => { drag = { x: event.clientX, y: event.clientY, box: { ...box } }; };
  svg.onmousemove = (event) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    box = { ...drag.box, x: drag.box.x - (event.clientX - drag.x) / r.width * box.w, y: drag.box.y - (event.clientY - drag.y) / r.height * box.h };
    apply();
  };
  svg.onmouseup = svg.onmouseleave = () => { drag = null; };
}

// ----- behaviour sessions -----
async function loadSessions() {
  const data = await get('/v1/behavior-sessions?size=50');
  fill('session-table', data.items.map((s) => {
    const open = el('a', s.sessionId, { 'href': '#' });
    open.addEventListener('click', (event) => { event.preventDefault(); timeline(s.sessionId).catch((e) => message(e.message, 'error')); });
    return row([open, s.name, s.deviceId, s.from, s.to, (s.sources || []).length, (s.markers || []).length], { 'data-session': s.sessionId });
  }));
}
/** One lane per source plus one for problem markers, on the session's time axis. */
async function timeline(sessionId) {
  const s = await get('/v1/behavior-sessions/' + encodeURIComponent(sessionId));
  const from = Date.parse(s.from), to = Date.parse(s.to), span = Math.max(1, to - from);
  const svg = $('session-timeline');
  svg.replaceChildren();
  const X = (t) => 160 + 700 * (t - from) / span;
  svg.appendChild(svgEl('text', { x: 4, y: 14, 'font-size': 12, 'font-weight': 'bold' }, s.name + ' · ' + s.from + ' → ' + s.to));
  (s.sources || []).forEach((src, i) => {
    const y = 30 + i * 26;
    svg.appendChild(svgEl('text', { x: 4, y: y + 13, 'font-size': 11 }, src.name + ' (' + src.kind + ')'));
    svg.appendChild(svgEl('rect', { x: X(from), y, width: 700, height: 16, fill: '#bfdbfe' }));
  });
  const y = 30 + (s.sources || []).length * 26;
  svg.appendChild(svgEl('text', { x: 4, y: y + 13, 'font-size': 11 }, 'problem markers'));
  for (const m of s.markers || []) {
    const a = X(Date.parse(m.from)), b = X(Date.parse(m.to || m.from));
    const r = svgEl('rect', { x: a, y, width: Math.max(3, b - a), height: 16, fill: '#f87171' });
    r.appendChild(svgEl('title', {}, m.problemType + ' · ' + m.severity + (m.notes ? ' · ' + m.notes : '')));
    svg.appendChild(r);
  }
  zoomable(svg, 880, y + 30);
}

// ----- log batches -----
let selectedBatch = null;
async function loadLogBatches() {
  const data = await get('/api/v1/batches?size=50');
  fill('log-batch-table', data.items.map((b) => row([b.batchId, b.vehicleId, b.vehiclePlatform, b.firmwareVersion, b.status,
    b.fileCount + ' (' + b.parsedCount + ' / ' + b.failedCount + ')', b.createdAt,
    button('Open', () => { selectedBatch = b.batchId; loadLogBatch(b.batchId, true).catch((e) => message('log batch: ' + e.message, 'error')); },
      { 'class': 'open' })], { 'data-batch-id': b.batchId })));
  if (selectedBatch) await loadLogBatch(selectedBatch, false);
}
let shownReport = null; // the batch whose report (charts) is on screen, so live refreshes do not refetch the charts
async function loadLogBatch(batchId, opened) {
  const b = await get('/api/v1/batches/' + encodeURIComponent(batchId));
  $('log-batch').hidden = false;
  $('log-batch').dataset.batch = batchId;
  $('log-batch-id').textContent = b.batchId;
  $('log-batch-status').textContent = b.status;
  $('log-batch-reason').textContent = b.reason || '';
  const meta = [['vehicleId', b.vehicleId], ['vehiclePlatform', b.vehiclePlatform], ['firmwareVersion', b.firmwareVersion]]
    .concat(flatten(b.testDrive || {}).map(([k, v]) => ['testDrive.' + k, v]));
  fill('log-batch-meta', meta.map(([k, v]) => row([k, el('span', v, { 'class': 'meta-value' })], { 'data-key': k })));
  fill('log-batch-files', (b.files || []).map((f) => row([f.fileId, f.fileName, f.kind, f.status, f.lines, f.unknownLines, f.errorLines,
    f.reason], { 'data-file': f.fileId })));
  if (b.status !== 'completed' && b.status !== 'failed') {
    if (opened) { fill('log-report-totals', []); fill('log-report-codes', []); clearDiagnosis(); shownReport = null; }
    return;
  }
  if (shownReport === batchId && !opened) return;
  const r = await get('/api/v1/batches/' + encodeURIComponent(batchId) + '/report');
  shownReport = batchId;
  const report = r.report || {};
  fill('log-report-totals', Object.entries(report).filter(([, v]) => v === null || typeof v !== 'object')
    .map(([k, v]) => row([k, v], { 'data-key': k })));
  fill('log-report-codes', (report.errorCodes || []).map((c) => row([c.code, c.module, c.level, c.count, c.firstAt, c.lastAt,
    c.sampleMessage ?? c.sample ?? ''], { 'data-code': c.code })));
  const failures = [];
  for (const [name, path] of Object.entries(r.charts || {})) {
    if ($('log-chart-' + name)) await image('log-chart-' + name, path).catch((e) => failures.push(name + ': ' + e.message));
  }
  clearDiagnosis();
  const d = r.diagnosis;
  if (d) {
    $('diagnosis-by').textContent = '(' + d.diagnoser + ', confidence ' + d.confidence + ')';
    fill('diagnosis-candidates', (d.candidates || []).map((c) => row([c.cause, c.confidence, (c.errorCodes || []).join(', '),
      (c.citedEntryIds || []).join(', ')])));
    $('diagnosis-recommendations').replaceChildren(...(d.recommendations || []).map((text) => el('li', text)));
    fill('diagnosis-citations', (d.citations || []).map((c) => row([c.entryId, c.entryVersion, c.errorCode, c.title, c.fusedScore,
      c.textRank, c.vectorRank], { 'data-entry': c.entryId })));
  } else $('diagnosis-by').textContent = '(none)';
  if (failures.length) message('charts: ' + failures.join(' · '), 'error');
}
function clearDiagnosis() {
  $('diagnosis-by').textContent = '';
  fill('diagnosis-candidates', []);
  fill('diagnosis-citations', []);
  $('diagnosis-recommendations').replaceChildren();
}

// ----- workflows -----
let followedRun = null;
async function loadWorkflows() {
  const data = await get('/v1/workflows?size=50');
  fill('workflow-table', data.items.map((w) => row([w.workflowId, w.name, w.state, w.currentRevision, w.runsRequested, w.updatedAt,
    button('Run', () => confirmThen('Start a run of workflow ' + w.name + ' (' + w.workflowId + ')?', () => act('run ' + w.workflowId, async () => {
      const started = await post('/v1/workflows/' + encodeURIComponent(w.workflowId) + '/runs', {});
      follow(started.runId);
    })), { 'class': 'run' })], { 'data-workflow': w.workflowId })));
  const runs = await get('/v1/workflow-runs?limit=50');
  fill('workflow-run-table', runs.items.map((r) => row([r.runId, r.workflowId, r.status, r.trigger, r.requestedAt, r.finishedAt, r.error,
    button('Follow', () => follow(r.runId), { 'class': 'follow' })], { 'data-run': r.runId })));
}
/** A run's nodes (REST), then its event stream (server-sent events read with fetch, which can send the token). */
async function follow(runId) {
  if (runStream) runStream.abort();
  const controller = new AbortController();
  runStream = controller;
  followedRun = runId;
  $('workflow-run').hidden = false;
  $('workflow-run').dataset.run = runId;
  $('workflow-run-id').textContent = runId;
  $('workflow-run-status').textContent = '';
  $('workflow-run-stream').textContent = '(connecting)';
  fill('workflow-node-table', []);
  fill('workflow-event-table', []);
  // a run just requested is dispatched asynchronously: wait until the run exists
  for (let i = 0; i < 80 && !controller.signal.aborted; i++) {
    try { await showRun(runId); break; } catch (e) {
      if (e.status !== 404) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await sse('/v1/workflow-runs/' + encodeURIComponent(runId) + '/events', controller.signal, (name, data) => {
      if (followedRun !== runId) return;
      $('workflow-run-stream').textContent = '(live)';
      if (name === 'end') {
        $('workflow-run-status').textContent = data.status;
        $('workflow-run-stream').textContent = '(ended)';
        showRun(runId).catch(() => {});
        return;
      }
      $('workflow-event-table').querySelector('tbody').appendChild(row([data.seq, data.at, data.type, data.nodeId, data.status, data.message],
        { 'data-seq': data.seq }));
      if (data.nodeId && data.status) {
        const cell = document.querySelector('#workflow-node-table tr[data-node="' + CSS.escape(data.nodeId) + '"] td.node-status');
        if (cell) cell.textContent = data.status;
      }
      showRun(runId).catch(() => {});
    });
  } catch (e) {
    if (e.name !== 'AbortError') message('run events: ' + e.message, 'error');
  }
}
async function showRun(runId) {
  const r = await get('/v1/workflow-runs/' + encodeURIComponent(runId));
  if (followedRun !== runId) return;
  $('workflow-run-status').textContent = r.status;
  fill('workflow-node-table', r.nodes.map((n) => {
    const tr = row([n.nodeId, n.operatorId, n.status, n.attempts, n.startedAt, n.finishedAt, n.error], { 'data-node': n.nodeId });
    tr.children[2].className = 'node-status';
    return tr;
  }));
}
/** Reads a server-sent event stream with fetch; calls onEvent(name, parsed data) per event until the stream ends. */
async function sse(path, signal, onEvent) {
  const response = await fetch(path, { headers: { 'Authorization': 'Bearer ' + sessionStorage.getItem(TOKEN_KEY), 'Accept': 'text/event-stream' },
    signal, credentials: 'omit' });
  if (!response.ok) throw new ApiError(response.status, path + ': ' + response.statusText);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const lines = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) lines.push(line.slice(5).replace(/^ /, ''));
      }
      if (lines.length) {
        let data = lines.join('\n');
        try { data = JSON.parse(data); } catch (e) { /* plain text */ }
        onEvent(name, data);
      }
    }
  }
}

// ----- simulation tasks -----
async function loadSimulationTasks() {
  const data = await get('/v1/simulation-tasks');
  fill('simulation-table', data.items.map((t) => {
    const pct = t.batchSize ? Math.round(100 * t.itemsDone / t.batchSize) : 0;
    const bar = el('span');
    bar.append(el('span', null, { 'class': 'bar', 'style': 'width:' + Math.round(1.2 * pct) + 'px' }), ' ' + t.itemsDone + ' / ' + t.batchSize);
    return row([t.taskId, t.scenarioId + ' v' + t.scenarioVersion, t.scenarioType, t.status, bar, t.cpuSeconds,
      (t.outputAssetIds || []).length, t.errorMessage, t.createdAt, t.completedAt], { 'data-task': t.taskId });
  }));
}

// ---------- start ----------
document.addEventListener('DOMContentLoaded', () => {
  $('login-button').addEventListener('click', () => login($('token').value));
  $('logout').addEventListener('click', logout);
  document.querySelectorAll('#nav button').forEach((b) => b.addEventListener('click', () => show(b.dataset.section)));
  $('saga-search').addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
  if (sessionStorage.getItem(TOKEN_KEY)) login(sessionStorage.getItem(TOKEN_KEY));
});
