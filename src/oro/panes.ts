// The swarm's two agent panes, as the oro contract names them (windows of the tmux session), in the
// order oro-top shows them.
export const PANE_NAMES = ['architect', 'manager'] as const;
export type PaneName = (typeof PANE_NAMES)[number];
