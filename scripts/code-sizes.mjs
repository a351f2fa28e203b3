// Files and functions of src/ over the size limits (README, "How the code should look"): about 250
// lines a file, about 80 a function. `node scripts/code-sizes.mjs` lists them; test/code-size.test.ts
// fails on any over the hard limits below.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const FILE_LINES = 260;
export const FUNCTION_LINES = 85;

/** Every .ts file under `dir`, its line count, and each function (with a body) and its lines. */
export function measure(dir) {
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(dir);
  return files.map((f) => {
    const text = readFileSync(f, 'utf8');
    const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
    const functions = [];
    const visit = (n) => {
      if (ts.isFunctionLike(n) && n.body) {
        const a = sf.getLineAndCharacterOfPosition(n.getStart()).line;
        const b = sf.getLineAndCharacterOfPosition(n.end).line;
        functions.push({ name: n.name?.getText?.() ?? '(anonymous)', line: a + 1, lines: b - a + 1 });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return { file: relative(process.cwd(), f), lines: text.split('\n').length, functions };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const m of measure(process.argv[2] ?? 'src')) {
    if (m.lines > 250) console.log(`file ${m.lines} ${m.file}`);
    for (const fn of m.functions) if (fn.lines > 80) console.log(`function ${fn.lines} ${m.file}:${fn.line} ${fn.name}`);
  }
}
