// Which ended action the message line announces. A daemon restart or start runs detached, so no reply
// carries its result: the one seen running here, or asked for here, is announced once when the
// journal says it ended. (Pane and worker actions report through their own reply.)
import type { ActionRecord } from '../journal/journal.js';

const DETACHED = ['restart-daemon', 'start-daemon'];

export class ActionAnnouncer {
  /** the journaled action last seen running */
  private running: number | null = null;
  /** an action asked for here: the first journaled action above this id is announced when it ends */
  private above: number | null = null;
  /** the last one announced (each is announced once) */
  announced: number | null = null;

  /** An action was asked for; `newest` is the newest journal row before it. */
  asked(newest: number | null): void {
    this.above = newest ?? 0;
  }

  /** The newest journal row of a refresh: the line to announce when a watched action has ended. */
  seen(latest: ActionRecord | undefined): string | null {
    const a = latest && DETACHED.includes(latest.kind) ? latest : undefined;
    if (!a) return null;
    if (a.status === 'running') {
      this.running = a.id;
      return null;
    }
    if (a.id === this.announced || (this.running !== a.id && (this.above === null || a.id <= this.above))) return null;
    this.running = null;
    this.above = null;
    this.announced = a.id;
    return `${a.kind} #${a.id}${a.target !== 'daemon' ? ` ${a.target}` : ''} ${a.status}: ${a.outcome ?? ''}`.replace(/\s+/g, ' ');
  }
}
