#!/bin/sh
# An example alert hook for `oro-top supervise --on-alert`. oro-top runs it with the alert as one
# JSON line on stdin ({kind, target, severity, message, incident_id, at, host}) and the same fields
# in ORO_TOP_ALERT_* variables; it is stopped after 10 s (--alert-timeout). Pick what you need.
msg="oro-top on $ORO_TOP_ALERT_HOST: $ORO_TOP_ALERT_KIND $ORO_TOP_ALERT_TARGET: $ORO_TOP_ALERT_MESSAGE"

# a desktop notification (when a notification daemon runs)
urgency=normal; [ "$ORO_TOP_ALERT_SEVERITY" = critical ] && urgency=critical
command -v notify-send >/dev/null && notify-send -u "$urgency" "oro-top" "$msg" 2>/dev/null

# a message in every tmux client of your default server
command -v tmux >/dev/null && tmux display-message "$msg" 2>/dev/null

# a webhook that takes the alert JSON as it is: set ORO_ALERT_WEBHOOK in the supervisor's environment
if [ -n "$ORO_ALERT_WEBHOOK" ]; then
  cat | curl -fsS -m 8 -H 'Content-Type: application/json' --data-binary @- "$ORO_ALERT_WEBHOOK" >/dev/null
fi
exit 0
