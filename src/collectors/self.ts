// oro-top's own CPU and memory, for the status line.
export interface SelfSnapshot {
  /** % of one core since the previous sample */
  cpuPct: number | null;
  rssBytes: number;
}

export class SelfCollector {
  private prev: { cpuUs: number; atMs: number } | null = null;

  async collect(nowMs = Date.now()): Promise<SelfSnapshot> {
    const u = process.cpuUsage();
    const cpuUs = u.user + u.system;
    const cpuPct =
      this.prev && nowMs > this.prev.atMs ? Math.round(((cpuUs - this.prev.cpuUs) / 1000 / (nowMs - this.prev.atMs)) * 1000) / 10 : null;
    this.prev = { cpuUs, atMs: nowMs };
    return { cpuPct, rssBytes: process.memoryUsage.rss() };
  }
}
