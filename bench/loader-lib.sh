# Shared by the loader benchmarks (bench/load.sh, bench/scale.sh); sourced, not run, from the
# repository's root.

# A private temporary directory WORK for benchmark $1, removed on exit with the dynalite it started.
bench_work() {
  WORK="$(mktemp -d "/tmp/leakcheck-bench-$1.XXXXXX")"
  DYNALITE_PID=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  [ -n "$DYNALITE_PID" ] && kill "$DYNALITE_PID" 2>/dev/null || true
  rm -rf "$WORK"
}

# A private copy of the loader's jar in $WORK (built when missing): a build running meanwhile in this
# checkout must not replace the jar under a running JVM. Sets JAR.
loader_jar() {
  local built=loader/target/loader-1.0.0-SNAPSHOT-cli.jar
  if [ ! -f "$built" ]; then
    echo "bench: building the loader" >&2
    mvn -B -q -ntp -pl loader -am package -DskipTests >&2
  fi
  cp "$built" "$WORK/loader.jar"
  JAR="$WORK/loader.jar"
}

# dynalite on a free loopback port, stopped by the caller's cleanup. Sets PORT and DYNALITE_PID.
start_dynalite() {
  [ -d testkit/node_modules/dynalite ] || (cd testkit && npm ci --ignore-scripts --no-audit --no-fund >&2)
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  node testkit/node_modules/dynalite/cli.js --host 127.0.0.1 --port "$PORT" >/dev/null 2>&1 &
  DYNALITE_PID=$!
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
}

# Elapsed seconds and peak RSS (KB) of a command, from GNU time, into file $1.
timed() {
  local out="$1"; shift
  /usr/bin/time -f "%e %M" -o "$out" "$@"
}

# The load options of a DISCLOSURE policy, served for a year, with the demo's notice and factor label.
# Sets POLICY.
policy_options() {
  local demo=loader/src/main/resources/org/leakcheck/loader/demo
  POLICY=(--disclosure "$DISCLOSURE" --served-until "$(date -u -d '+1 year' +%Y-%m-%d)" --notice "$demo/notice.json")
  [ "$DISCLOSURE" = open ] || POLICY+=(--factor-label "$demo/factor-label.json")
}
