// Fleetloop operator console: plain ES module, no dependencies. Every action is a REST call with the token from
// sessionStorage as "Authorization: Bearer" (no cookies, so no CSRF surface). Data is only ever put in the page with
// textContent / attributes set through the DOM (never parsed as HTML), so payloads with markup show as text.

const TOKEN_KEY = 'fleetloop.console.token';
const $ = (id) => document.getElementById(id);
let current = null;
let timer = null;
let progress = null; // AbortController of the open rollout progress stream

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
};
const live = new Set(['processors', 'dead-letters', 'sagas', 'rollouts']);

function show(name) {
  current = name;
  sessionStorage.setItem('fleetloop.console.section', name);
  document.querySelectorAll('.page').forEach((page) => { page.hidden = page.id !== name; });
  document.querySelectorAll('#nav button').forEach((b) => b.classList.toggle('active', b.dataset.section === name));
  if (name !== 'rollouts' && progress) { progress.abort(); progress = null; }
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
  await image('cost-chart', '/v1/cost-dashboard/chart.svg').catch((e) => failures.push('cost chart: ' + e.message));
  await image('kpi-chart', '/v1/closed-loop/kpi/chart.svg').catch((e) => failures.push('KPI chart: ' + e.message));
  try {
    const roi = await get('/v1/cost-dashboard/roi');
    fill('roi-table', flatten(roi).map(([k, v]) => row([k, v])));
  } catch (e) { failures.push('ROI: ' + e.message); }
  if (failures.length) message(failures.join(' · '), 'error');
  $('lineage-form').onsubmit = (event) => { event.preventDefault(); lineage().catch((e) => message('lineage: ' + e.message, 'error')); };
}
function flatten(value, prefix = '', out = []) {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? prefix + '.' + k : k, out);
  } else out.push([prefix, value]);
  return out;
}
/** The lineage graph laid out in layers (longest path from the sources), drawn as SVG; wheel zooms, drag pans (viewBox). */
async function lineage() {
  const node = $('lineage-node').value.trim();
  const graph = await get('/v1/lineage/' + encodeURIComponent(node) + '?direction=' + $('lineage-direction').value + '&depth=' + $('lineage-depth').value);
  const key = (type, id) => type + ':' + id;
  const nodes = new Map(graph.nodes.map((n) => [key(n.type, n.id), n]));
  const layer = new Map([...nodes.keys()].map((k) => [k, 0]));
  for (let i = 0; i < nodes.size; i++) {
    for (const e of graph.edges) {
      const from = key(e.fromType, e.from), to = key(e.toType, e.to);
      if (layer.has(from) && layer.has(to) && layer.get(to) < layer.get(from) + 1) layer.set(to, layer.get(from) + 1);
    }
  }
  const columns = new Map();
  for (const [k, l] of layer) { if (!columns.has(l)) columns.set(l, []); columns.get(l).push(k); }
  const pos = new Map();
  const W = 220, H = 70;
  for (const [l, keys] of columns) keys.forEach((k, i) => pos.set(k, { x: 20 + l * W, y: 20 + i * H }));
  const svg = $('lineage-graph');
  svg.replaceChildren();
  const defs = svgEl('defs');
  const marker = svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' });
  marker.appendChild(svgEl('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#667' }));
  defs.appendChild(marker);
  svg.appendChild(defs);
  for (const e of graph.edges) {
    const a = pos.get(key(e.fromType, e.from)), b = pos.get(key(e.toType, e.to));
    if (!a || !b) continue;
    svg.appendChild(svgEl('line', { x1: a.x + 170, y1: a.y + 20, x2: b.x, y2: b.y + 20, stroke: '#667', 'marker-end': 'url(#arrow)' }));
    svg.appendChild(svgEl('text', { x: (a.x + 170 + b.x) / 2, y: (a.y + b.y) / 2 + 14, 'font-size': 10, fill: '#556' }, e.relation));
  }
  for (const [k, n] of nodes) {
    const p = pos.get(k);
    const g = svgEl('g', { 'class': 'lineage-node', 'data-node': n.id });
    g.appendChild(svgEl('rect', { x: p.x, y: p.y, width: 170, height: 40, rx: 6, fill: k === key(graph.root.type, graph.root.id) ? '#dbeafe' : '#fff', stroke: '#335' }));
    g.appendChild(svgEl('text', { x: p.x + 6, y: p.y + 16, 'font-size': 11, 'font-weight': 'bold' }, n.type));
    g.appendChild(svgEl('text', { x: p.x + 6, y: p.y + 32, 'font-size': 10 }, (n.label || n.id).slice(0, 30)));
    g.appendChild(svgEl('title', {}, n.type + ' ' + n.id + (n.label ? ' · ' + n.label : '')));
    svg.appendChild(g);
  }
  const width = 40 + (columns.size) * W, height = 40 + Math.max(...[...columns.values()].map((c) => c.length)) * H;
  zoomable(svg, width, height);
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

// ---------- start ----------
document.addEventListener('DOMContentLoaded', () => {
  $('login-button').addEventListener('click', () => login($('token').value));
  $('logout').addEventListener('click', logout);
  document.querySelectorAll('#nav button').forEach((b) => b.addEventListener('click', () => show(b.dataset.section)));
  $('saga-search').addEventListener('submit', (event) => { event.preventDefault(); refresh(); });
  if (sessionStorage.getItem(TOKEN_KEY)) login(sessionStorage.getItem(TOKEN_KEY));
});
