# Sourced by scripts/test.sh and .ci/run. A test binary stalled twice in many runs (no CPU, never
# reproduced). Rather than let that eat the CI time limit, this watchdog prints the stacks of any test
# process of this checkout older than 10 minutes (the slowest takes under 2) and kills it, so the run
# fails with evidence instead of hanging. It stops when the sourcing shell exits.
_watchdog_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_watchdog() {
  while sleep "${WATCHDOG_EVERY:-30}"; do
    for pid in $(pgrep -f "$_watchdog_root/target/debug/deps/" || true); do
      age=$(ps -o etimes= -p "$pid" 2>/dev/null | tr -d ' ')
      if [ "${age:-0}" -gt "${WATCHDOG_SECONDS:-600}" ]; then
        echo "watchdog: test process $pid ($(ps -o args= -p "$pid" | cut -c1-120)) has run ${age}s; its threads:" >&2
        if command -v gdb >/dev/null; then
          timeout 60 gdb -p "$pid" -batch -ex 'thread apply all bt 30' 2>&1 | grep -E '^(Thread|#)' | head -400 >&2 || true
        fi
        kill -9 "$pid" 2>/dev/null || true
      fi
    done
  done
}
_watchdog &
_WATCHDOG_PID=$!
trap 'kill "$_WATCHDOG_PID" 2>/dev/null || true' EXIT
