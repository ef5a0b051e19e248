# The supervisor of a session sandbox (run by bubblewrap, inside it): starts each command Fathom sends as a session of
# its own, with its output appended to the log file it names, and reports its pid and exit code. Requests come on
# stdin as four NUL-terminated fields ("run ID LOG COMMAND", "kill PID - -"); events go to stdout as lines ("ready UID
# CAPEFF", "started ID PID", "exit ID CODE"). When Fathom closes stdin the supervisor ends, and bubblewrap ends every
# process still in the sandbox with it.
exec 3<&0 4>&1 </dev/null >/dev/null
cap=
while read -r key value; do
  if [[ $key == CapEff: ]]; then cap=$value; fi
done </proc/self/status
setsid_bin=$(command -v setsid)
echo "ready $EUID $cap" >&4

# The process ids of $1 and everything below it.
tree() {
  local task kids kid
  echo "$1"
  for task in /proc/"$1"/task/*/children; do
    read -r -a kids <"$task" 2>/dev/null
    for kid in "${kids[@]}"; do tree "$kid"; done
  done
}

# Kills the command whose session leader is $1: its process group is frozen first, so that nothing forks away.
end() {
  [[ $1 =~ ^[0-9]+$ ]] || return
  kill -STOP -- "-$1" 2>/dev/null
  kill -KILL $(tree "$1") 2>/dev/null
  kill -KILL -- "-$1" 2>/dev/null
}

# Runs command $3 for request $1 with its output appended to $2; a watcher subshell reports its pid and exit code.
start() {
  (
    exec 3<&-
    $setsid_bin bash -c "$3" </dev/null >>"$2" 2>&1 4>&- &
    echo "started $1 $!" >&4
    wait "$!"
    echo "exit $1 $?" >&4
  ) &
}

while IFS= read -r -d '' op <&3 && IFS= read -r -d '' a <&3 && IFS= read -r -d '' b <&3 && IFS= read -r -d '' c <&3; do
  case $op in
    run) start "$a" "$b" "$c" ;;
    kill) end "$a" ;;
  esac
done
