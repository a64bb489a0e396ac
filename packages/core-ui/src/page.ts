/**
 * The whole UI: one self-contained page (no build step, no external assets, works offline). It
 * only calls this server's JSON API. Text from artifacts is inserted with textContent, never as
 * HTML, so a tool name or reason code cannot inject markup.
 */
export const UI_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gait</title>
<style>
  :root { --bg:#f6f7f9; --card:#fff; --ink:#1d2330; --muted:#5c667a; --line:#dde1e8; --accent:#2f5bd3;
          --allow:#1b7f4b; --block:#b42318; --approval:#b25e09; --dry:#5b4bb7; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--ink); }
  header { display:flex; align-items:center; gap:16px; padding:12px 20px; background:#111827; color:#fff; }
  header h1 { font-size:18px; margin:0; letter-spacing:.5px; }
  header .ws { color:#9aa4b8; font-size:12px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
  nav { display:flex; gap:4px; padding:8px 20px; background:#fff; border-bottom:1px solid var(--line); flex-wrap:wrap; }
  nav button { border:0; background:none; padding:8px 12px; border-radius:6px; cursor:pointer; color:var(--muted); font-weight:600; }
  nav button.active { background:#e8eefc; color:var(--accent); }
  main { padding:20px; max-width:1100px; }
  section { display:none; } section.active { display:block; }
  .card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px; margin-bottom:16px; }
  .card h2 { margin:0 0 12px; font-size:16px; }
  table { width:100%; border-collapse:collapse; }
  th, td { text-align:left; padding:7px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
  th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.4px; }
  tr.clickable { cursor:pointer; } tr.clickable:hover { background:#f3f6fd; }
  code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size:12px; }
  .badge { display:inline-block; padding:2px 8px; border-radius:999px; font-size:12px; font-weight:700; color:#fff; }
  .ok, .allow, .pass { background:var(--allow); } .fail, .block, .error { background:var(--block); }
  .require_approval { background:var(--approval); } .dry_run { background:var(--dry); } .neutral { background:#6b7280; }
  .actions { display:flex; gap:8px; flex-wrap:wrap; }
  button.primary { background:var(--accent); color:#fff; border:0; border-radius:6px; padding:8px 14px; font-weight:600; cursor:pointer; }
  button.primary:disabled { opacity:.5; cursor:wait; }
  pre { background:#0f172a; color:#e2e8f0; padding:12px; border-radius:8px; overflow:auto; max-height:260px; font-size:12px; }
  select, textarea { width:100%; padding:6px; border:1px solid var(--line); border-radius:6px; font:inherit; }
  textarea { font-family: ui-monospace, monospace; font-size:12px; min-height:140px; }
  .grid { display:grid; grid-template-columns: 1fr 1fr; gap:12px; }
  .muted { color:var(--muted); } .empty { color:var(--muted); font-style:italic; }
  .verdict { font-size:22px; font-weight:800; }
  ol.timeline { list-style:none; padding:0; margin:0; border-left:3px solid var(--line); }
  ol.timeline li { position:relative; padding:6px 0 10px 18px; }
  ol.timeline li::before { content:""; position:absolute; left:-8px; top:10px; width:13px; height:13px; border-radius:50%; background:var(--accent); }
</style>
</head>
<body>
<header><h1>Gait</h1><span class="ws" id="workspace" data-testid="workspace"></span><span id="health" class="badge neutral" data-testid="health">…</span></header>
<nav id="nav">
  <button data-view="overview" class="active">Overview</button>
  <button data-view="runs">Runs</button>
  <button data-view="timeline">Timeline</button>
  <button data-view="traces">Traces</button>
  <button data-view="regress">Regress</button>
  <button data-view="policy">Policy tester</button>
</nav>
<main>
  <section id="view-overview" class="active">
    <div class="card"><h2>First run</h2>
      <p class="muted">Each button runs one allowlisted gait command in this folder and shows its result.</p>
      <div class="actions">
        <button class="primary" data-exec="demo" data-testid="exec-demo">Run demo</button>
        <button class="primary" data-exec="verify_demo" data-testid="exec-verify">Verify demo run</button>
        <button class="primary" data-exec="regress_init" data-testid="exec-regress-init">Make regression fixture</button>
        <button class="primary" data-exec="regress_run" data-testid="exec-regress-run">Run regressions</button>
      </div>
    </div>
    <div class="card"><h2>Last command <span id="exec-status" data-testid="exec-status"></span></h2>
      <div class="mono" id="exec-argv" data-testid="exec-argv"></div><pre id="exec-output" data-testid="exec-output">(nothing run yet)</pre></div>
    <div class="card"><h2>Artifacts</h2><table><thead><tr><th>Artifact</th><th>Path</th><th>Present</th><th>Modified</th></tr></thead><tbody id="artifacts"></tbody></table></div>
  </section>
  <section id="view-runs"><div class="card"><h2>Runs in gait-out/</h2>
    <table><thead><tr><th>Run</th><th>Verification</th><th>Signature</th><th>Steps</th><th>Manifest digest</th></tr></thead><tbody id="runs" data-testid="runs"></tbody></table></div></section>
  <section id="view-timeline"><div class="card"><h2>Timeline <span id="timeline-run" class="mono"></span></h2>
    <div id="timeline" data-testid="timeline"><p class="empty">Pick a run on the Runs tab.</p></div></div></section>
  <section id="view-traces"><div class="card"><h2>Gate traces</h2>
    <table><thead><tr><th>Trace</th><th>Tool</th><th>Verdict</th><th>Rules</th><th>Violations</th><th>Signed</th></tr></thead><tbody id="traces" data-testid="traces"></tbody></table></div></section>
  <section id="view-regress"><div class="card"><h2>Regress result <span id="regress-status" data-testid="regress-status"></span></h2>
    <table><thead><tr><th>Grader</th><th>Status</th><th>Reason codes</th></tr></thead><tbody id="graders" data-testid="graders"></tbody></table>
    <p class="muted" id="junit"></p></div></section>
  <section id="view-policy"><div class="card"><h2>Policy tester</h2>
    <div class="grid">
      <label>Policy<select id="policy-select" data-testid="policy-select"></select></label>
      <label>Intent file<select id="intent-select" data-testid="intent-select"></select></label>
    </div>
    <p><label>Intent (edit to try variations)<textarea id="intent-text" data-testid="intent-text"></textarea></label></p>
    <button class="primary" id="policy-run" data-testid="policy-run">Evaluate</button>
    <div id="policy-result" data-testid="policy-result" style="margin-top:14px"></div></div></section>
</main>
<script>
(() => {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get('token')) sessionStorage.setItem('gait-ui-token', params.get('token'));
  const token = sessionStorage.getItem('gait-ui-token');
  const headers = (extra) => Object.assign(token ? { authorization: 'Bearer ' + token } : {}, extra || {});
  const api = async (path, body) => {
    const res = await fetch(path, body === undefined ? { headers: headers() } :
      { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
    return res.json();
  };
  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  };
  const badge = (label, kind) => el('span', { className: 'badge ' + (kind || label) }, label);
  const fill = (tbody, rows, cols, empty) => {
    tbody.replaceChildren();
    if (rows.length === 0) { tbody.append(el('tr', {}, el('td', { colSpan: cols, className: 'empty' }, empty))); return; }
    for (const row of rows) tbody.append(row);
  };

  const views = {
    async overview() {
      const state = await api('/api/state');
      $('workspace').textContent = state.workspace || '';
      fill($('artifacts'), (state.artifacts || []).map((a) => el('tr', {}, el('td', {}, a.key), el('td', { className: 'mono' }, a.path),
        el('td', {}, badge(a.exists ? 'yes' : 'no', a.exists ? 'ok' : 'neutral')), el('td', { className: 'muted' }, a.modified_at || ''))), 4, 'none');
    },
    async runs() {
      const { runs } = await api('/api/runs');
      fill($('runs'), runs.map((r) => {
        const row = el('tr', { className: 'clickable' }, el('td', { className: 'mono' }, r.run_id),
          el('td', {}, badge(r.verified ? 'verified' : 'failed', r.verified ? 'ok' : 'fail')), el('td', {}, r.signature_status),
          el('td', {}, r.intents), el('td', { className: 'mono' }, (r.manifest_digest || '').slice(0, 16)));
        row.dataset.testid = 'run-' + r.run_id;
        row.addEventListener('click', () => { show('timeline', r.run_id); });
        return row;
      }), 5, 'No runpacks yet: run the demo on the Overview tab.');
    },
    async timeline(runId) {
      if (!runId) return;
      $('timeline-run').textContent = runId;
      const data = await api('/api/runs/' + encodeURIComponent(runId));
      const box = $('timeline');
      if (!data.ok) { box.replaceChildren(el('p', { className: 'empty' }, data.error)); return; }
      const list = el('ol', { className: 'timeline' });
      for (const s of data.steps) {
        list.append(el('li', {}, el('strong', {}, s.index + '. ' + s.tool_name + ' '), badge(s.status, s.status === 'ok' ? 'ok' : 'fail'),
          el('div', { className: 'mono muted' }, 'intent ' + s.intent_id + ' · args ' + s.args_digest.slice(0, 12) + ' · result ' + s.result_digest.slice(0, 12))));
      }
      box.replaceChildren(el('p', { className: 'muted' }, data.steps.length + ' steps, ' + data.receipts + ' reference receipts, ' +
        (data.run.verified ? 'verified' : 'NOT verified')), list);
    },
    async traces() {
      const { traces } = await api('/api/traces');
      fill($('traces'), traces.map((t) => el('tr', {}, el('td', { className: 'mono' }, t.path), el('td', {}, t.tool_name),
        el('td', {}, badge(t.verdict)), el('td', { className: 'mono' }, (t.matched_rule_ids || []).concat(t.reason_codes || []).join(', ')),
        el('td', { className: 'mono' }, t.violations.join(', ')), el('td', {}, t.signed ? 'yes' : 'no'))), 6, 'No gate traces in this folder yet.');
    },
    async regress() {
      const data = await api('/api/regress');
      $('regress-status').replaceChildren(data.present ? badge(data.status) : el('span', { className: 'muted' }, '(none yet)'));
      fill($('graders'), (data.graders || []).map((g) => el('tr', {}, el('td', { className: 'mono' }, g.name), el('td', {}, badge(g.status)),
        el('td', { className: 'mono' }, g.reason_codes.join(', ')))), 3, 'Run regressions on the Overview tab.');
      $('junit').textContent = data.junit_path ? 'JUnit report: ' + data.junit_path : '';
    },
    async policy() {
      const data = await api('/api/policies');
      const fillSelect = (select, values) => { const keep = select.value; select.replaceChildren(...values.map((v) => el('option', { value: v }, v))); if (values.includes(keep)) select.value = keep; };
      fillSelect($('policy-select'), data.policies);
      fillSelect($('intent-select'), data.intents);
      if (!$('intent-text').value) await loadIntent();
    },
  };

  async function loadIntent() {
    const path = $('intent-select').value;
    if (!path) return;
    const res = await api('/api/intent?path=' + encodeURIComponent(path));
    $('intent-text').value = res.intent_text || '';
  }

  let current = 'overview';
  async function show(view, arg) {
    current = view;
    for (const b of document.querySelectorAll('nav button')) b.classList.toggle('active', b.dataset.view === view);
    for (const s of document.querySelectorAll('main section')) s.classList.toggle('active', s.id === 'view-' + view);
    document.body.dataset.view = view;
    await views[view](arg);
    document.body.dataset.ready = view;
  }
  for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => show(b.dataset.view));

  for (const b of document.querySelectorAll('[data-exec]')) {
    b.addEventListener('click', async () => {
      for (const x of document.querySelectorAll('[data-exec]')) x.disabled = true;
      $('exec-status').replaceChildren(badge('running', 'neutral'));
      try {
        const res = await api('/api/exec', { command: b.dataset.exec, args: {} });
        $('exec-argv').textContent = (res.argv || []).join(' ') + '  →  exit ' + res.exit_code;
        $('exec-output').textContent = res.json ? JSON.stringify(res.json, null, 2) : (res.stdout || res.error || '');
        $('exec-status').replaceChildren(badge(res.ok ? 'ok' : 'failed', res.ok ? 'ok' : 'fail'));
        await views.overview();
      } finally {
        for (const x of document.querySelectorAll('[data-exec]')) x.disabled = false;
      }
    });
  }

  $('intent-select').addEventListener('change', () => { $('intent-text').value = ''; loadIntent(); });
  $('policy-run').addEventListener('click', async () => {
    const out = $('policy-result');
    const res = await api('/api/policy-test', { policy_path: $('policy-select').value, intent: $('intent-text').value });
    if (!res.ok) { out.replaceChildren(badge('error', 'fail'), ' ', res.error); return; }
    out.replaceChildren(
      el('div', { className: 'verdict' }, 'Verdict: ', badge(res.verdict)),
      el('p', {}, 'Matched rule: ', el('code', { id: 'matched-rule' }, res.matched_rule || '(default verdict)')),
      el('p', {}, 'Reason codes: ', el('code', {}, res.reason_codes.join(', ') || 'none')),
      el('p', {}, 'Violations: ', el('code', {}, res.violations.join(', ') || 'none')),
      el('p', { className: 'muted mono' }, 'policy ' + res.policy_digest.slice(0, 16) + ' · intent ' + res.intent_digest.slice(0, 16)));
  });

  api('/api/health').then((h) => { $('health').textContent = h.ok ? 'healthy' : 'unhealthy'; $('health').className = 'badge ' + (h.ok ? 'ok' : 'fail'); });
  show('overview');
})();
</script>
</body>
</html>
`;
