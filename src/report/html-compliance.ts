/**
 * The report page's compliance section: one collapsible block per framework, each requirement
 * with its status, resource counts and the checks behind it. The framework asked for with
 * `--compliance` comes first and open. Every value is escaped; the styles are the page's own.
 */
import type { Compliance, FrameworkRollUp, RequirementRollUp, RequirementStatus } from './compliance.js';
import { column, scrollBox } from './html-parts.js';
import { html, type Html } from './html-safe.js';

export interface ComplianceHtmlOptions {
  /** Link each check to its entry in the page (`#check-<id>`): the account report has them. */
  linkChecks: boolean;
}

/** `order`: how the status column sorts, failing first; n/a has none and sorts last. */
const STATUS_BADGES: Record<RequirementStatus, { className: string; label: string; order: string }> = {
  FAIL: { className: 'st-FAIL', label: 'fails', order: '0' },
  UNKNOWN: { className: 'st-ERROR', label: 'unknown', order: '1' },
  PASS: { className: 'st-PASS', label: 'passes', order: '2' },
  NOT_APPLICABLE: { className: 'st-NOT_APPLICABLE', label: 'n/a', order: '' },
};

function statusBadge(status: RequirementStatus): Html {
  const { className, label } = STATUS_BADGES[status];
  return html`<span class="badge ${className}">${label}</span>`;
}

function renderChecks(checks: readonly string[], options: ComplianceHtmlOptions): Html {
  if (checks.length === 0) return html`<span class="muted">no check evaluates it</span>`;
  const items = checks.map((id, i) => {
    const name = html`<code>${id}</code>`;
    return html`${i > 0 && ', '}${options.linkChecks ? html`<a href="#check-${id}">${name}</a>` : name}`;
  });
  return html`${items}`;
}

function renderRow(requirement: RequirementRollUp, options: ComplianceHtmlOptions): Html {
  const { resources } = requirement;
  return html`<tr><td><code>${requirement.id}</code>${requirement.title !== undefined && html`<div class="muted">${requirement.title}</div>`}</td>
<td data-v="${STATUS_BADGES[requirement.status].order}">${statusBadge(requirement.status)}</td><td class="num">${resources.failing}</td><td class="num">${resources.notEvaluated}</td>
<td class="num">${resources.muted}</td><td class="num">${resources.passing}</td><td class="num">${resources.notApplicable}</td>
<td>${renderChecks(requirement.checks, options)}</td></tr>`;
}

function summaryText(framework: FrameworkRollUp): string {
  const { FAIL, UNKNOWN, PASS, NOT_APPLICABLE } = framework.summary;
  return `${FAIL} fail · ${UNKNOWN} unknown · ${PASS} pass · ${NOT_APPLICABLE} n/a`;
}

const COUNT = { sort: 'num', descendingFirst: true } as const;

function renderFramework(framework: FrameworkRollUp, open: boolean, options: ComplianceHtmlOptions): Html {
  const rows = framework.requirements.map((requirement) => renderRow(requirement, options));
  return html`<details class="compliance" id="compliance-${framework.id}"${open && ' open'}>
<summary><strong>${framework.title}</strong> <span class="muted">${summaryText(framework)}</span></summary>
${scrollBox(html`<table class="sortable" aria-label="${framework.title}: requirements"><thead><tr>${column('Requirement')}${column('Status', { sort: 'num' })}
${column('Failing', COUNT)}${column('Not evaluated', COUNT)}${column('Muted', COUNT)}
${column('Passing', COUNT)}${column('N/A', COUNT)}${column('Checks')}</tr></thead>
<tbody>${rows}</tbody></table>`)}</details>`;
}

/** Nothing for a report written before the roll-up existed. */
export function renderCompliance(compliance: Compliance | undefined, options: ComplianceHtmlOptions): Html | false {
  if (compliance === undefined || compliance.frameworks.length === 0) return false;
  return html`<section id="compliance"><h2>Compliance by framework</h2>
<p class="muted">Each requirement with the checks that map to it. Counts are resources, each once per requirement under its worst result
(failing, then not evaluated, then muted, then passing); a requirement fails when a resource fails it and is unknown when none fails but some could not be evaluated.</p>
${compliance.frameworks.map((framework) => renderFramework(framework, framework.id === compliance.focus, options))}</section>`;
}
