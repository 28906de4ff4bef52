/**
 * Runs axe-core in a renderer page. The source is evaluated over the DevTools protocol, which the
 * page's CSP (script-src 'self') does not govern, so the app is audited under its real policy.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA, plus axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Structure rules that axe rates moderate or minor but the app holds to all the same: one main
 * landmark, all content in landmarks, a level-one heading, only allowed roles.
 */
export const STRUCTURE_RULES: ReadonlySet<string> = new Set(['landmark-one-main', 'region', 'page-has-heading-one', 'aria-allowed-role', 'landmark-unique', 'heading-order']);

export async function runAxe(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) {
    await page.evaluate(axeSource);
  }
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  return results.violations;
}

/** The violations that fail the tier: serious or critical ones, and any of the structure rules. */
export function failing(violations: readonly Result[]): Result[] {
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical' || STRUCTURE_RULES.has(violation.id));
}

export function describeViolations(violations: readonly Result[]): string {
  return violations
    .map((violation) => `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}\n${violation.nodes.map((node) => `    ${node.target.join(' ')} — ${node.failureSummary ?? ''}`).join('\n')}`)
    .join('\n');
}
