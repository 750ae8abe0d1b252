/**
 * The report page's only stylesheet and script. Both are inlined and allowed by their sha256
 * hashes in the page's Content-Security-Policy, so nothing else can run or style the page.
 */
import { createHash } from 'node:crypto';
import { SEVERITIES, severityRank } from '../engine/types.js';

export const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;--link:#0969da;
--critical:#8e1519;--high:#cf222e;--medium:#bc4c00;--low:#9a6700;--info:#59636e;
--A:#1a7f37;--B:#4d8b31;--C:#9a6700;--D:#bc4c00;--F:#cf222e;--NA:#6e7781;
--pass:#1a7f37;--fail:#cf222e;--error:#8250df;--na:#6e7781;--ok-bg:#dafbe1;--bad-bg:#ffebe9;
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;
--line:#3d444d;--link:#4493f8;--ok-bg:#12261e;--bad-bg:#2d1315}}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1200px;padding:24px 20px 48px;color:var(--fg);background:var(--bg);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:24px;margin:0 0 8px}
h2{font-size:18px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:0 0 6px}
a{color:var(--link)}
code,pre{font-family:var(--mono);font-size:12.5px}
code{overflow-wrap:anywhere}
pre{margin:6px 0;padding:8px 10px;background:var(--panel);border:1px solid var(--line);border-radius:6px;
white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.ranked{table-layout:fixed}
.ranked th:nth-child(1){width:48px}.ranked th:nth-child(3){width:110px}.ranked th:nth-child(n+4){width:78px}
.rows.full{content-visibility:auto;contain-intrinsic-size:auto 14000px}
@media (max-width:800px){.ranked{table-layout:auto}.ranked th:nth-child(n){width:auto}}
.muted{color:var(--muted)}
.meta{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0}
.meta div{display:flex;gap:6px}.meta dt{color:var(--muted)}.meta dd{margin:0}
.banner{margin:16px 0;padding:12px 16px;border-radius:8px;border:1px solid}
.banner.complete{background:var(--ok-bg);border-color:var(--pass)}
.banner.incomplete{background:var(--bad-bg);border-color:var(--fail);border-left-width:6px}
.banner strong{font-size:15px}
.banner table{margin-top:8px;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px;margin:16px 0}
.card{padding:12px 16px;border:1px solid var(--line);border-radius:8px;background:var(--panel)}
.card h2{font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.03em;
margin:0 0 8px;padding:0;border:0}
.big{font-size:28px;font-weight:600;line-height:1.2}
.legend{display:flex;flex-wrap:wrap;gap:6px 12px;margin:8px 0 0;padding:0;list-style:none}
.stack{display:block;width:100%;height:14px;border-radius:4px;overflow:hidden;background:var(--line)}
.badge{display:inline-block;min-width:1.9em;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;
text-align:center;color:#fff;white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}
.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.grade-A{background:var(--A)}.grade-B{background:var(--B)}.grade-C{background:var(--C)}.grade-D{background:var(--D)}
.grade-F{background:var(--F)}.grade-NA{background:var(--NA)}
.fill-A{fill:var(--A)}.fill-B{fill:var(--B)}.fill-C{fill:var(--C)}.fill-D{fill:var(--D)}.fill-F{fill:var(--F)}.fill-NA{fill:var(--NA)}
.st-FAIL{background:var(--fail)}.st-ERROR{background:var(--error)}.st-PASS{background:var(--pass)}
.st-NOT_APPLICABLE{background:var(--na)}
.tag{display:inline-block;padding:0 6px;border:1px solid var(--line);border-radius:4px;font-size:11px;color:var(--muted)}
.tag.warn{border-color:var(--error);color:var(--error)}
.sevlist{margin:0;padding:0;list-style:none}.sevlist li{display:flex;justify-content:space-between;padding:2px 0}
.critical-list{margin:6px 0 0;padding-left:18px}
.filters{position:sticky;top:0;z-index:1;display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:16px 0;
padding:10px 12px;background:var(--panel);border:1px solid var(--line);border-radius:8px}
.filters input,.filters select,.filters button{font:inherit;padding:4px 8px;border:1px solid var(--line);
border-radius:6px;background:var(--bg);color:var(--fg)}
.filters input{flex:1 1 260px}
.filters button{cursor:pointer}
details>summary{cursor:pointer}
details.api{margin:8px 0;border:1px solid var(--line);border-radius:8px}
details.api>summary{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:10px 12px;background:var(--panel);border-radius:8px}
details.api[open]>summary{border-bottom:1px solid var(--line);border-radius:8px 8px 0 0}
.api-name{font-weight:600}
.api-body{padding:12px}
.finding{margin:0 0 12px;padding:10px 12px;border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px}
.finding.FAIL{border-left-color:var(--fail)}.finding.ERROR{border-left-color:var(--error)}
.finding ul.results{margin:6px 0;padding-left:18px}
.finding ul.results>li{margin:4px 0}
.fix{margin-top:8px;padding-top:8px;border-top:1px dashed var(--line)}
.fix p{margin:0 0 4px}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0;font-size:13px}
dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;min-width:0}
ul.values{margin:0;padding-left:16px}
details.passed{margin-top:8px}
ul.plain{margin:6px 0 0;padding:0;list-style:none;font-size:13px}ul.plain li{padding:2px 0}
.catalogue article{margin:0 0 16px;padding:12px;border:1px solid var(--line);border-radius:8px}
.catalogue p{margin:6px 0}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media print{
body{max-width:none;padding:0;font-size:11px}
.rows.full{content-visibility:visible}
.filters{display:none}
a{color:inherit;text-decoration:none}
details.api,.finding,.card,.catalogue article{break-inside:avoid}
details.api>summary{background:none}
.banner,.card{background:none}
}
`;

/** Filters, deep links into collapsed sections, and expanded sections when printing. */
export const SCRIPT = `
(function () {
  'use strict';
  var RANK = { ${SEVERITIES.map((severity) => `${severity}: ${severityRank(severity)}`).join(', ')} };
  var bar = document.getElementById('filters');
  var units = [];
  document.querySelectorAll('[data-unit]').forEach(function (el) {
    units.push({ el: el, row: null, text: null, groups: el.querySelectorAll('[data-status]') });
  });
  var rows = {};
  document.querySelectorAll('tr[data-row]').forEach(function (row) { rows[row.getAttribute('data-row')] = row; });
  var claimed = {};
  units.forEach(function (unit) {
    var key = unit.el.getAttribute('data-unit');
    unit.row = rows[key] || null;
    claimed[key] = true;
  });
  // APIs beyond the findings sections: only a table row, which carries what the filters need.
  var bare = [];
  Object.keys(rows).forEach(function (key) { if (!claimed[key]) bare.push({ row: rows[key], text: null }); });
  // The ranked table's blocks: one whose rows are all filtered out is hidden, header and all.
  var blocks = [];
  document.querySelectorAll('div.rows').forEach(function (el, i) {
    if (i > 0) blocks.push({ el: el, rows: Array.prototype.slice.call(el.querySelectorAll('tr[data-row]')) });
  });
  var STATUS_ATTRIBUTE = { FAIL: 'data-fail', ERROR: 'data-error', PASS: 'data-pass', NOT_APPLICABLE: 'data-na' };

  function openAncestors(el) {
    for (var node = el; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
  }

  function openTarget() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var target = id && document.getElementById(id);
    if (target) { openAncestors(target); target.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();

  var reopened = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details.api:not([open]),details.catalogue:not([open])').forEach(function (d) {
      d.open = true;
      reopened.push(d);
    });
  });
  window.addEventListener('afterprint', function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  if (!bar) return;
  var search = document.getElementById('filter-text');
  var severity = document.getElementById('filter-severity');
  var status = document.getElementById('filter-status');
  var shown = document.getElementById('filter-count');
  var total = Object.keys(rows).length;

  function apply() {
    var text = search.value.trim().toLowerCase();
    var sev = severity.value;
    var st = status.value;
    var maxRank = sev === '' ? ${SEVERITIES.length - 1} : RANK[sev];
    var visible = 0;
    units.forEach(function (unit) {
      var anyGroup = false;
      unit.groups.forEach(function (group) {
        var groupStatus = group.getAttribute('data-status');
        // A severity alone selects findings (failures and errors), not what passed.
        var statusMatch = st === '' ? sev === '' || groupStatus === 'FAIL' || groupStatus === 'ERROR' : groupStatus === st;
        var match = statusMatch && (sev === '' || RANK[group.getAttribute('data-severity')] <= maxRank);
        group.hidden = !match;
        if (match) anyGroup = true;
      });
      if (text !== '' && unit.text === null) unit.text = unit.el.textContent.toLowerCase();
      var show = (text === '' || unit.text.indexOf(text) !== -1) && (anyGroup || (st === '' && sev === ''));
      unit.el.hidden = !show;
      if (unit.row) {
        unit.row.hidden = !show;
        if (show) visible += 1;
      }
    });
    var attributes = st !== '' ? [STATUS_ATTRIBUTE[st]] : sev !== '' ? ['data-fail', 'data-error'] : [];
    bare.forEach(function (api) {
      var statusMatch = attributes.length === 0 || attributes.some(function (name) {
        var worst = api.row.getAttribute(name);
        return worst !== null && RANK[worst] <= maxRank;
      });
      if (text !== '' && api.text === null) api.text = (api.row.textContent + ' ' + api.row.getAttribute('data-arn')).toLowerCase();
      var show = statusMatch && (text === '' || api.text.indexOf(text) !== -1);
      api.row.hidden = !show;
      if (show) visible += 1;
    });
    blocks.forEach(function (block) {
      block.el.hidden = !block.rows.some(function (row) { return !row.hidden; });
    });
    shown.textContent = visible === total ? total + ' APIs' : visible + ' of ' + total + ' APIs shown';
  }

  var timer = 0;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  severity.addEventListener('change', apply);
  status.addEventListener('change', apply);
  document.getElementById('filter-reset').addEventListener('click', function () {
    search.value = '';
    severity.value = '';
    status.value = '';
    apply();
  });
  function setAll(open) {
    document.querySelectorAll('details.api').forEach(function (d) { if (!d.hidden) d.open = open; });
  }
  document.getElementById('expand-all').addEventListener('click', function () { setAll(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { setAll(false); });
  bar.hidden = false;
})();
`;

export function sha256Source(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256Source(STYLE)}`,
  `script-src ${sha256Source(SCRIPT)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
