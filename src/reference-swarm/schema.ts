// state.db as oro lays it out (the contract's tables), plus `ref_beads`, the reference swarm's own
// bead queue, where each bead's progress is saved durably so lost work can be checked.
export const STATE_DB_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  source TEXT,
  bead_id TEXT,
  worker_id TEXT,
  payload TEXT,
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS assignments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  bead_id TEXT NOT NULL,
  worker_id TEXT NOT NULL,
  worktree TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  assigned_at TEXT NOT NULL DEFAULT (datetime('now')),
  completed_at TEXT,
  attempt_count INTEGER NOT NULL DEFAULT 1,
  handoff_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS assignments_one_active ON assignments(bead_id) WHERE status = 'active';
CREATE TABLE IF NOT EXISTS escalations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  bead_id TEXT,
  worker_id TEXT,
  message TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  created_at TEXT NOT NULL DEFAULT (datetime('now')),
  acked_at TEXT,
  retry_count INTEGER NOT NULL DEFAULT 0,
  last_retry_at TEXT
);
CREATE TABLE IF NOT EXISTS pane_activity (
  pane TEXT PRIMARY KEY,
  last_seen INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS commands (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  op TEXT NOT NULL,
  args TEXT,
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS memories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(content, content='memories', content_rowid='id');
CREATE TABLE IF NOT EXISTS kv_store (
  key TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE IF NOT EXISTS ref_beads (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  progress INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL,
  worker_id TEXT,
  updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);
`;
