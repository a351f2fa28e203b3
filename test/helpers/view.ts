// A store View built from a test snapshot, for view-model and frame tests.
import type { Snapshot } from '../../src/collectors/sources.js';
import { classify } from '../../src/health/classify.js';
import type { Observation } from '../../src/health/observe.js';
import type { View } from '../../src/store.js';
import { NOW, OPTS, snapshot } from './snapshot.js';

export function viewOf(snap: Snapshot = snapshot(), observations: Observation[] = [], restarts: Map<string, number> = new Map()): View {
  return { snapshot: snap, report: classify(snap, NOW, OPTS), observations, restarts };
}
