// What classify needs besides the snapshot: the thresholds, and the socket and tmux session
// oro-top watches (to tell the daemon's workers and to name the session in reasons).
import type { Thresholds } from '../config.js';

export interface ClassifyOptions {
  thresholds: Thresholds;
  socketPath: string;
  session: string;
}
