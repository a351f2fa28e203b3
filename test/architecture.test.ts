// The direction of the arrows (see README, "How the code is laid out"): collectors never reach
// actions or the screens, the view models never touch the outside world, product code never
// depends on the reference swarm. A forbidden import fails here with the file and the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT } from './helpers/cli.js';

interface Import {
  file: string;
  line: number;
  /** a src/-relative path for the project's own modules, else the package name */
  target: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): Import[] {
  const out: Import[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(
        /(?:^\s*import\s+(type\s+)?[^'"]*?from\s*|^\s*import\s*|^\s*export\s+[^'"]*?from\s*|import\()\s*['"]([^'"]+)['"]/g,
      )) {
        const spec = m[2]!;
        const target = spec.startsWith('.')
          ? relative(join(ROOT, 'src'), normalize(join(dirname(file), spec))).replace(/\.js$/, '.ts')
          : spec;
        out.push({ file: relative(ROOT, file), line: i + 1, target, typeOnly: m[1] !== undefined || /typeof import\(/.test(text) });
      }
    });
  return out;
}

const ALL = sources(join(ROOT, 'src')).flatMap(importsOf);
const under = (p: string, ...dirs: string[]): boolean => dirs.some((d) => p === d || p.startsWith(`${d}/`));

function forbid(what: string, from: (f: string) => boolean, to: (t: string, i: Import) => boolean): void {
  const bad = ALL.filter((i) => from(i.file) && to(i.target, i)).map((i) => `${i.file}:${i.line} imports ${i.target}`);
  assert.deepEqual(bad, [], what);
}

test('collectors never import actions, the screens or blessed', () => {
  forbid(
    'collectors -> actions/screens',
    (f) => under(f, 'src/collectors'),
    (t) => under(t, 'actions', 'screens') || t === 'blessed',
  );
});

test('only the entry points (main, cli and src/cli/) reach the reference swarm', () => {
  forbid(
    'product code -> reference swarm',
    (f) => !under(f, 'src/reference-swarm') && f !== 'src/main.ts' && f !== 'src/cli.ts' && !under(f, 'src/cli'),
    (t) => under(t, 'reference-swarm'),
  );
});

test('view models and the health model touch nothing outside (no fs, processes, actions)', () => {
  const outside = (t: string, i: Import): boolean =>
    !i.typeOnly &&
    (['node:fs', 'node:child_process', 'execa', 'blessed'].includes(t) ||
      under(t, 'actions', 'journal', 'system/exec.ts', 'system/spawn.ts'));
  forbid('screens/models -> outside', (f) => under(f, 'src/screens/models'), outside);
  forbid(
    'health -> outside',
    (f) => under(f, 'src/health'),
    (t, i) => outside(t, i) || under(t, 'screens'),
  );
});

/** The supervisor's pure decision core (the loop that acts on it lives beside it and may do I/O). */
const SUPERVISOR_CORE = ['detect', 'detect-parts', 'facts', 'budget', 'plan', 'report', 'first-error', 'types'].map(
  (n) => `src/supervisor/${n}.ts`,
);

test("the supervisor's decision core touches nothing outside (no fs, processes, actions, screens)", () => {
  forbid(
    'supervisor core -> outside',
    (f) => SUPERVISOR_CORE.includes(f),
    (t, i) =>
      !i.typeOnly &&
      (['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'execa', 'blessed'].includes(t) ||
        under(t, 'actions', 'journal', 'screens', 'system/exec.ts', 'system/spawn.ts', 'system/procfs.ts', 'system/signal.ts')),
  );
  // every file the rule names exists (a renamed file would slip out of it silently)
  const present = sources(join(ROOT, 'src', 'supervisor')).map((p) => relative(ROOT, p));
  for (const f of SUPERVISOR_CORE) assert.ok(present.includes(f), `${f} exists`);
});

test('actions and the journal never import the screens; the journal imports no action', () => {
  forbid(
    'actions -> screens',
    (f) => under(f, 'src/actions'),
    (t) => under(t, 'screens'),
  );
  forbid(
    'journal -> actions/collectors/screens',
    (f) => under(f, 'src/journal'),
    (t) => under(t, 'actions', 'collectors', 'screens'),
  );
});

test('action steps reach the world only through the effects port (ctx.fx), so a fake can stand in for it', () => {
  // effects.ts is the port itself; action.ts (the lock, runJournaled) and daemon-runner.ts (the
  // detached runner) hold the wrappers around the steps
  const steps = (f: string): boolean =>
    under(f, 'src/actions') && !['src/actions/effects.ts', 'src/actions/action.ts', 'src/actions/daemon-runner.ts'].includes(f);
  const effectful = (t: string, i: Import): boolean =>
    !i.typeOnly &&
    (['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'execa'].includes(t) ||
      [
        'system/exec.ts',
        'system/spawn.ts',
        'system/tmux.ts',
        'system/procfs.ts',
        'system/sqlite.ts',
        'collectors/tmux.ts',
        'swarm-manifest.ts',
      ].includes(t));
  forbid('action steps -> the world', steps, effectful);
});

test('the rules see the imports (a rule that reads nothing cannot fail)', () => {
  assert.ok(ALL.length > 200, `${ALL.length} imports read`);
  assert.ok(
    ALL.some((i) => i.file === 'src/cli/swarm.ts' && i.target === 'reference-swarm/up.ts'),
    'a lazy import() is read',
  );
  assert.ok(
    ALL.some((i) => i.file.startsWith('src/collectors/') && i.target === 'journal/journal.ts'),
    'the collectors read the journal from its own folder',
  );
});
