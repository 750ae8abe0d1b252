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
.rows,.table-scroll{overflow-x:auto}
.finding table{display:block;max-width:100%;overflow-x:auto}
.finding,.catalogue article,.card,details.resources{overflow-wrap:anywhere}
.banner{overflow-wrap:break-word}
.by-check td:first-child code,.most-failed td:first-child code{overflow-wrap:normal;white-space:nowrap}
td a code{overflow-wrap:normal}
@media (max-width:800px){.ranked{table-layout:auto}.ranked th:nth-child(n){width:auto}}
th button.sort{font:inherit;color:inherit;text-transform:inherit;letter-spacing:inherit;text-align:inherit;
background:none;border:0;padding:0;cursor:pointer}
th button.sort:focus-visible{outline:2px solid var(--link);outline-offset:2px}
th[aria-sort] button.sort{color:var(--fg)}
th[aria-sort="ascending"] button.sort::after{content:" ▲"}
th[aria-sort="descending"] button.sort::after{content:" ▼"}
.tabs{display:flex;gap:4px;margin:12px 0 8px;border-bottom:1px solid var(--line)}
.tabs [role="tab"]{font:inherit;padding:6px 14px;margin-bottom:-1px;border:1px solid var(--line);border-radius:6px 6px 0 0;
background:var(--panel);color:var(--muted);cursor:pointer}
.tabs [role="tab"][aria-selected="true"]{background:var(--bg);color:var(--fg);font-weight:600;border-bottom-color:var(--bg)}
details.resources{margin-top:4px}
details.resources summary{color:var(--muted);font-size:13px}
details.more-errors{margin-top:6px}
.muted{color:var(--muted)}
.meta{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0}
.meta div{display:flex;gap:6px}.meta dt{color:var(--muted)}.meta dd{margin:0}
.banner{margin:16px 0;padding:12px 16px;border-radius:8px;border:1px solid}
.banner.complete{background:var(--ok-bg);border-color:var(--pass)}
.banner.incomplete{background:var(--bad-bg);border-color:var(--fail);border-left-width:6px}
.banner strong{font-size:15px}
.banner table{margin-top:8px;font-size:13px}
.banner td:nth-child(4){min-width:14em}.banner td:nth-child(5) code{white-space:nowrap}.banner td:nth-child(6){min-width:16em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px;margin:16px 0}
.card{padding:12px 16px;border:1px solid var(--line);border-radius:8px;background:var(--panel)}
.card.critical{grid-column:1/-1}
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
.filters select{max-width:100%;min-width:0}
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
.mappings{margin:2px 0 6px;font-size:12.5px}
.mappings .mapping{margin-right:4px}
.mappings .mapping+.mapping::before{content:"· ";color:var(--muted)}
.mappings .framework{font-weight:600}
.mappings details{display:inline}
.mappings details>summary{display:inline;list-style:none}
.mappings details>summary::-webkit-details-marker{display:none}
.mappings .more{color:var(--link);text-decoration:underline dotted}
.mappings details[open]>summary .preview{display:none}
.mappings details:not([open])::details-content{display:none}
a.console{display:inline-block;padding:0 5px;border:1px solid var(--line);border-radius:4px;font-size:11px;line-height:16px;
text-decoration:none;white-space:nowrap;vertical-align:1px}
a.console::after{content:" ↗"}
a.console:hover{border-color:var(--link)}
table.evidence{display:block;width:max-content;max-width:100%;overflow-x:auto;margin:2px 0;font-size:12.5px}
table.evidence th,table.evidence td{padding:2px 12px 2px 0;border-bottom:1px solid var(--line)}
table.evidence th{font-size:11.5px;text-transform:none;letter-spacing:0}
table.evidence td,table.evidence code{overflow-wrap:normal;word-break:normal}
.evidence-none{margin:2px 0 0;font-size:12.5px}
.error-group h3{font-weight:600}
.error-details{margin:4px 0 6px;font-size:12.5px}
.error-details li{padding:1px 0 1px 10px;border-left:2px solid var(--line)}
.stopped-checks{margin-top:4px}
.stopped-checks li{padding:3px 0;line-height:1.7}
.stopped-checks .badge{margin-right:4px}
.stopped-checks code{overflow-wrap:normal;white-space:nowrap}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0;font-size:13px}
dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;min-width:0}
ul.values{margin:0;padding-left:16px}
details.passed{margin-top:8px}
ul.plain{margin:6px 0 0;padding:0;list-style:none;font-size:13px}ul.plain li{padding:2px 0}
.catalogue article{margin:0 0 16px;padding:12px;border:1px solid var(--line);border-radius:8px}
.catalogue p{margin:6px 0}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media (max-width:600px){body{padding:16px 12px 32px}.filters{position:static}.filters input{flex-basis:100%}
.api-body{padding:8px}.finding{padding:8px}.finding ul.results{padding-left:14px}
.table-scroll>table{min-width:540px}
dl.kv{grid-template-columns:minmax(0,1fr);gap:0}dl.kv dt{font-size:12px}dl.kv dd{margin-bottom:4px}}
@media print{
body{max-width:none;padding:0;font-size:11px}
.rows.full{content-visibility:visible}
.filters,.tabs{display:none}
a{color:inherit;text-decoration:none}
details.api,.finding,.card,.catalogue article{break-inside:avoid}
details.api>summary{background:none}
.banner,.card{background:none}
}
`;

/**
 * Sorting by any column, the views' tabs, filters, deep links into collapsed sections, and
 * expanded sections when printing. The pages read in rank order without it.
 */
export const SCRIPT = `
(function () {
  'use strict';
  var RANK = { ${SEVERITIES.map((severity) => `${severity}: ${severityRank(severity)}`).join(', ')} };
  var slice = function (list) { return Array.prototype.slice.call(list); };

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

  // Views (tabs): arrow keys, Home and End move between them; the chosen one's panel shows.
  var tabs = slice(document.querySelectorAll('[role="tab"]'));
  function selectTab(tab, focus) {
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(t.getAttribute('aria-controls'));
      if (panel) panel.hidden = !on;
    });
    if (focus) tab.focus();
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener('click', function () { selectTab(tab, false); });
    tab.addEventListener('keydown', function (event) {
      var keys = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in keys)) return;
      event.preventDefault();
      selectTab(tabs[(keys[event.key] + tabs.length) % tabs.length], true);
    });
  });
  if (tabs.length > 0) {
    tabs[0].parentElement.hidden = false;
    selectTab(tabs[0], false);
  }

  // Sorting: every table.sortable; tables of one data-sort-group (the ranked table's blocks)
  // sort as one. Ties keep the page's order; cells without a value (no score, N/A) go last.
  var afterSort = function () {};
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var sortGroups = {};
  document.querySelectorAll('table.sortable').forEach(function (table, i) {
    var name = table.getAttribute('data-sort-group') || 'table-' + i;
    var group = sortGroups[name] || (sortGroups[name] = { tables: [], rows: [] });
    group.tables.push(table);
    group.rows = group.rows.concat(slice(table.tBodies[0] ? table.tBodies[0].rows : []));
  });

  function sortKey(cell, numeric) {
    if (!cell) return null;
    // data-v holds a number's or a rank's key; a .key element the text to sort by (a name, not its tags).
    var key = cell.querySelector('.key');
    var text = (cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : (key || cell).textContent).trim();
    if (text === '' || text === 'N/A' || text === '\\u2014') return null;
    if (!numeric) return text;
    var n = Number(text.replace(/,/g, ''));
    return isNaN(n) ? null : n;
  }

  function sortGroup(group, column, numeric, direction) {
    var sign = direction === 'descending' ? -1 : 1;
    var keyed = group.rows.map(function (row, i) { return { row: row, i: i, key: sortKey(row.cells[column], numeric) }; });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) return a.key === b.key ? a.i - b.i : a.key === null ? 1 : -1;
      var order = numeric ? a.key - b.key : collator.compare(a.key, b.key);
      return order !== 0 ? sign * order : a.i - b.i;
    });
    // Each table keeps its number of rows (the blocks of 250; the banner's three and the rest).
    var sizes = group.tables.map(function (table) { return table.tBodies[0].rows.length; });
    var at = 0;
    group.tables.forEach(function (table, t) {
      var body = table.tBodies[0];
      var size = sizes[t];
      var fragment = document.createDocumentFragment();
      for (var end = at + size; at < end; at++) fragment.appendChild(keyed[at].row);
      body.appendChild(fragment);
      table.tHead.rows[0].querySelectorAll('th').forEach(function (th, i) {
        if (i === column) th.setAttribute('aria-sort', direction);
        else th.removeAttribute('aria-sort');
      });
    });
    afterSort();
  }

  Object.keys(sortGroups).forEach(function (name) {
    var group = sortGroups[name];
    group.tables.forEach(function (table) {
      if (!table.tHead) return;
      table.tHead.rows[0].querySelectorAll('th[data-sort]').forEach(function (th) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'sort';
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener('click', function () {
          var now = th.getAttribute('aria-sort');
          var next = now === 'ascending' ? 'descending' : now === 'descending' ? 'ascending' : th.getAttribute('data-sort-first') || 'ascending';
          sortGroup(group, th.cellIndex, th.getAttribute('data-sort') === 'num', next);
        });
      });
    });
  });

  var bar = document.getElementById('filters');
  if (!bar) return;
  var units = [];
  document.querySelectorAll('[data-unit]').forEach(function (el) {
    // Its findings (data-status), and the folded lists of what passed or was muted, hidden when the filters leave them empty.
    units.push({ el: el, row: null, text: null, groups: el.querySelectorAll('[data-status]'), lists: el.querySelectorAll('details.passed') });
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
  // The rows of a check (the per-check view, the most-failed checks), each with its counts under every filter.
  function parseTally(attribute) {
    return (attribute || '').split(' ').filter(Boolean).map(function (entry) {
      var f = entry.split('|');
      return { account: f[0], region: f[1], type: f[2], results: +f[3], resources: +f[4], apis: +f[5] };
    });
  }
  var checkRows = slice(document.querySelectorAll('tr[data-check]')).map(function (row) {
    return {
      row: row,
      text: null,
      // Its text names the failing resources and their APIs in the per-check view; elsewhere only the check.
      searchable: row.closest('table.by-check') !== null,
      tally: parseTally(row.getAttribute('data-tally')),
      places: slice(row.querySelectorAll('li[data-places]')),
      accounts: slice(row.querySelectorAll('li[data-account]')),
    };
  });
  // The ranked table's blocks: one whose rows are all filtered out is hidden, header and all.
  var blocks = slice(document.querySelectorAll('div.rows')).slice(1);
  var STATUS_ATTRIBUTE = { FAIL: 'data-fail', ERROR: 'data-error', PASS: 'data-pass', NOT_APPLICABLE: 'data-na' };

  function control(id) { return document.getElementById(id); }
  var search = control('filter-text');
  var severity = control('filter-severity');
  var status = control('filter-status');
  var check = control('filter-check');
  // Filters that keep the rows whose attribute equals the value chosen.
  var exact = [[control('filter-region'), 'data-region'], [control('filter-type'), 'data-type'], [control('filter-account'), 'data-account']]
    .filter(function (pair) { return pair[0] !== null; });
  var selects = [severity, status, check].concat(exact.map(function (pair) { return pair[0]; })).filter(function (el) { return el !== null; });
  var shown = control('filter-count');
  var total = Object.keys(rows).length;
  function value(el) { return el ? el.value : ''; }

  /** Whether a row (or the account's section, which has none) passes the region, type, account and check filters. */
  function encoded(el) { return el && el.value !== '' ? encodeURIComponent(el.value) : ''; }
  var regionControl = control('filter-region');
  var typeControl = control('filter-type');
  var accountControl = control('filter-account');

  /** A check's failing results, resources, APIs and accounts under the region, type and account filters (and in \`account\` alone). */
  function count(tally, account) {
    var region = encoded(regionControl) || '*';
    var type = value(typeControl) || '*';
    var chosen = encoded(accountControl);
    var sum = { results: 0, resources: 0, apis: 0, accounts: 0 };
    var seen = {};
    tally.forEach(function (cell) {
      if (cell.region !== region || cell.type !== type || (chosen !== '' && cell.account !== chosen) || (account !== undefined && cell.account !== account)) return;
      sum.results += cell.results;
      sum.resources += cell.resources;
      sum.apis += cell.apis;
      if (!seen[cell.account]) { seen[cell.account] = true; sum.accounts += 1; }
    });
    return sum;
  }

  /** Writes the counts into el's [data-count] elements: a number, or "1 account" / "2 accounts". */
  function showCounts(el, sum) {
    el.querySelectorAll('[data-count]').forEach(function (cell) {
      var n = sum[cell.getAttribute('data-count')];
      var one = cell.getAttribute('data-one');
      cell.textContent = one === null ? String(n) : n + ' ' + (n === 1 ? one : cell.getAttribute('data-many'));
    });
  }

  /** Whether a failing resource of the per-check view counts in the region and type chosen. */
  function placeMatches(item) {
    var region = encoded(regionControl);
    var type = value(typeControl);
    return item.getAttribute('data-places').split(' ').some(function (place) {
      var at = place.indexOf('|');
      return (region === '' || place.slice(0, at) === region) && (type === '' || place.slice(at + 1) === type);
    });
  }

  function attributesMatch(el, isApi) {
    for (var i = 0; i < exact.length; i++) {
      var wanted = exact[i][0].value;
      if (wanted !== '' && (!isApi || el.getAttribute(exact[i][1]) !== wanted)) return false;
    }
    var id = value(check);
    return id === '' || (' ' + (el.getAttribute('data-checks') || '') + ' ').indexOf(' ' + id + ' ') !== -1;
  }

  /** Whether a finding (data-check) or a collection error's line (data-checks: the checks it stopped) is of check id. */
  function groupOf(group, id) {
    var one = group.getAttribute('data-check');
    if (one !== null) return one === id;
    var several = group.getAttribute('data-checks');
    return several === null || (' ' + several + ' ').indexOf(' ' + id + ' ') !== -1;
  }

  function apply() {
    var text = search.value.trim().toLowerCase();
    var sev = value(severity);
    var st = value(status);
    var maxRank = sev === '' ? ${SEVERITIES.length - 1} : RANK[sev];
    var visible = 0;
    var id = value(check);
    units.forEach(function (unit) {
      var anyGroup = false;
      unit.groups.forEach(function (group) {
        var groupStatus = group.getAttribute('data-status');
        // A severity alone selects findings (failures and errors), not what passed.
        var statusMatch = st === '' ? sev === '' || groupStatus === 'FAIL' || groupStatus === 'ERROR' : groupStatus === st;
        var match = statusMatch && (sev === '' || RANK[group.getAttribute('data-severity')] <= maxRank) && (id === '' || groupOf(group, id));
        group.hidden = !match;
        if (match) anyGroup = true;
      });
      unit.lists.forEach(function (list) {
        list.hidden = !slice(list.querySelectorAll('li[data-status]')).some(function (li) { return !li.hidden; });
      });
      if (text !== '' && unit.text === null) unit.text = unit.el.textContent.toLowerCase();
      var show = (text === '' || unit.text.indexOf(text) !== -1) && (anyGroup || (st === '' && sev === '')) &&
        (unit.row ? attributesMatch(unit.row, true) : attributesMatch(unit.el, false));
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
      if (text !== '' && api.text === null) api.text = (api.row.textContent + ' ' + (api.row.getAttribute('data-arn') || '')).toLowerCase();
      var show = statusMatch && (text === '' || api.text.indexOf(text) !== -1) && attributesMatch(api.row, true);
      api.row.hidden = !show;
      if (show) visible += 1;
    });
    // A failing check shows under a failure status, at the severity chosen, for the check chosen,
    // where it fails in the region, API type and account chosen, recounted there.
    checkRows.forEach(function (item) {
      if (text !== '' && item.searchable && item.text === null) item.text = item.row.textContent.toLowerCase();
      var sum = count(item.tally);
      item.row.hidden = !((st === '' || st === 'FAIL') && (sev === '' || RANK[item.row.getAttribute('data-severity')] <= maxRank) &&
        (id === '' || item.row.getAttribute('data-check') === id) && (text === '' || !item.searchable || item.text.indexOf(text) !== -1) &&
        sum.results > 0);
      if (item.row.hidden) return;
      showCounts(item.row, sum);
      item.places.forEach(function (li) { li.hidden = !placeMatches(li); });
      item.accounts.forEach(function (li) {
        var own = count(item.tally, li.getAttribute('data-account'));
        li.hidden = own.results === 0;
        showCounts(li, own);
      });
    });
    blocks.forEach(function (block) {
      block.hidden = !slice(block.querySelectorAll('tr[data-row]')).some(function (row) { return !row.hidden; });
    });
    shown.textContent = visible === total ? total + ' APIs' : visible + ' of ' + total + ' APIs shown';
  }
  afterSort = apply;

  var timer = 0;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  selects.forEach(function (el) { el.addEventListener('change', apply); });
  control('filter-reset').addEventListener('click', function () {
    search.value = '';
    selects.forEach(function (el) { el.value = ''; });
    apply();
  });
  function setAll(open) {
    document.querySelectorAll('details.api').forEach(function (d) { if (!d.hidden) d.open = open; });
  }
  var expand = control('expand-all');
  var collapse = control('collapse-all');
  if (expand) expand.addEventListener('click', function () { setAll(true); });
  if (collapse) collapse.addEventListener('click', function () { setAll(false); });
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
