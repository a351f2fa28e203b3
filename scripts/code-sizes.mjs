import ts from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
const files = [];
const walk = (d) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && files.push(p);
  }
};
walk(process.argv[2] ?? 'src');
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n').length;
  if (lines > 250) console.log(`FILE ${lines} ${f}`);
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
  const visit = (n) => {
    if (ts.isFunctionLike(n) && n.body) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line,
        b = sf.getLineAndCharacterOfPosition(n.end).line;
      if (b - a + 1 > 80) console.log(`FUNC ${b - a + 1} ${f}:${a + 1} ${n.name?.getText?.() ?? '(anon)'}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
