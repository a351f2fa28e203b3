// Start-up marks (ms since the process started), kept only for benchmarks: bench-tui reads them.
const marks: [string, number][] = [];

export function mark(name: string): void {
  if (marks.length < 50) marks.push([name, performance.now()]);
}

export function marksText(): string {
  return marks.map(([n, t]) => `${n} ${t.toFixed(1)}`).join('\n');
}
