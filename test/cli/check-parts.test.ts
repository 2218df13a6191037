/**
 * `jig check` in parts over threads (project/compile-workspace.ts, cli/check-parts.ts) reports
 * byte for byte what one thread reports. A later part sees its own files' project data only, so
 * these cases put a container's writers in an earlier part than its readers: the reader must be
 * checked again against the whole project (a missed violation otherwise), and a message must name
 * the writer the whole project names first. JIG_THREADS forces the split on workspaces too small
 * for it otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot, runJig, scratchProject } from './run-cli.js';

beforeAll(ensureBuilt, 60_000);

function check(path: string, threads: number, format = 'json'): { status: number | null; stdout: string } {
  const run = runJig(['check', path, '--format', format], { env: { JIG_THREADS: String(threads) }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout };
}

function codes(stdout: string): string[] {
  return (JSON.parse(stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
}

const types = `type Contact {
  id:      string @business.transaction
  company: string @business.transaction
  name:    string @personal.name @subject(contact)
}
type Company {
  id:      string @business.transaction
  company: string @business.transaction
}
`;

/** A flow that stores contacts (names among them) in the container. */
const writer = (name: string) => `${types.replace(/\b(Contact|Company)\b/g, `$1_${name}`)}
@purpose(automation, "Keep the client's contacts")
@data(business.transaction, personal.name)
@retain(90 days)
flow ${name} {
  trigger http post body Contact_${name}
  store trigger.body in cosmos("jigajob", "contacts")
}
`;

/** A flow that reads the container as companies and sends them to a processor allowed transactions only. */
const reader = (name: string) => `${types.replace(/\b(Contact|Company)\b/g, `$1_${name}`)}
@purpose(automation, "Send the list of companies for approval")
@data(business.transaction, personal.name)
@retain(90 days)
flow ${name} {
  trigger schedule every 1 day
  let companies = query cosmos("jigajob", "contacts") returns Company_${name}[]
  call http post "https://approvals.example.com/api/companies"
    body companies
    @share(approvals_inc, "Approvals check the companies")
}
`;

/** A project of these files with the policy fixtures' policy: JigAjob and a processor `approvals_inc` allowed transactions only. */
function project(files: Record<string, string>): string {
  const policy = readFileSync(join(repoRoot, 'test/fixtures/policy/fixtures.policy.yaml'), 'utf8');
  return scratchProject({ 'jig.yaml': 'policy: policy.yaml\n', 'policy.yaml': policy, ...files });
}

describe('jig check in parts', () => {
  it('finds what a later part reads of an earlier part\'s writes (the names the reader sends on)', () => {
    const root = project({ 'a_intake.jig': writer('intake'), 'z_report.jig': reader('report') });
    const one = check(root, 1);
    expect(codes(one.stdout)).toContain('JIG3302');
    for (const threads of [2, 3]) expect(check(root, threads)).toEqual(one);
  });

  it('names the writer the whole project names first, when a later part has a writer of its own', () => {
    // The first file as long as the two others together: with two threads, they are the second part.
    const padding = '// The first writer of the container.\n'.repeat(40);
    const root = project({ 'a_intake.jig': padding + writer('intake'), 'y_import.jig': writer('import_contacts'), 'z_report.jig': reader('report') });
    const one = check(root, 1);
    expect(codes(one.stdout)).toContain('JIG3302');
    expect(one.stdout).toContain('flow intake stores it there');
    for (const threads of [2, 3]) expect(check(root, threads)).toEqual(one);
    expect(check(root, 3, 'pretty')).toEqual(check(root, 1, 'pretty'));
  });

  it('reports the policy fixtures and the examples as one thread does', () => {
    for (const folder of ['test/fixtures/policy', 'examples']) {
      const path = join(repoRoot, folder);
      const one = check(path, 1);
      for (const threads of [2, 4]) expect(check(path, threads), `${folder}, ${threads} threads`).toEqual(one);
    }
  }, 240_000);
});
