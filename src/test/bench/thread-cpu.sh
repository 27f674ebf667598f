#!/usr/bin/env bash
# Where the bridged path's CPU goes, by thread group, and two builds or settings compared by alternating runs
# (BENCHMARKS.md › The bridged path): for each of ROUNDS rounds and each SPEC, the jar is started on a fresh data
# folder, loaded with `wrk -t2 -c16` on MyChat → OpenIM sandbox for 45 s, then measured twice for 10 s; each line is
# the rate and the bridge's CPU per message from /proc/<pid>/task/*/stat: Vert.x workers (wk), the store's writer
# (wr), the event loop (el), the JIT compilers (jit), the rest (oth); then the bytes allocated per message, all
# threads and the workers' share, from the JVM's own per-thread counters (JFR's jdk.ThreadAllocationStatistics at
# the window's start and end: exact, where allocation samples are estimates). A SPEC is a jar, or "jar|JVM options".
#   src/test/bench/thread-cpu.sh 3 target/im-bridge.jar "target/im-bridge.jar|-Dcamel.main.exchangeFactory=pooled"
# Needs wrk, curl, python3 and the JDK's jcmd and jfr. On a shared host compare only lines of one run.
set -u
rounds=$1; shift
data=""; pid=""
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for r in $(seq "$rounds"); do
  for spec in "$@"; do
    jar=${spec%%|*}; jopts=""; [[ "$spec" == *"|"* ]] && jopts=${spec#*|}
    port=$((20000 + RANDOM % 20000)); data=$(mktemp -d)
    cat >"$data/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
</configuration>
JFC
    java $jopts -Dcamel.server.port=$port -Dbridge.data-dir=$data -Dbridge.openim.max-calls-per-second=100000 \
      -jar "$jar" >"$data/log" 2>&1 & pid=$!
    until curl -fso /dev/null http://127.0.0.1:$port/observe/health; do sleep 0.05; done
    data_param=$(python3 -c "import urllib.parse;print(urllib.parse.quote('{\"cmd\":\"0002\",\"UserFrom\":\"alice\",\"UserTo\":\"bob\",\"MsgType\":1,\"Msg\":\"Hello from browser\",\"APIStype\":\"mydata\",\"context\":\"myfunc\",\"ServerKey\":\"iddqd\"}',safe=''))")
    url="http://127.0.0.1:$port/mychat/API/?data=$data_param"
    snap() { for t in /proc/$pid/task/*; do echo "$(tr -d '\n' < "$t/comm")|$(cut -d')' -f2- "$t/stat" | awk '{print $12+$13}')"; done; }
    # JFR started once before the warm-up: its first start loads and compiles its own code
    jcmd $pid JFR.start name=warm settings="$data/alloc.jfc" >/dev/null; jcmd $pid JFR.stop name=warm >/dev/null
    wrk -t2 -c16 -d45s "$url" >/dev/null 2>&1
    for k in 1 2; do
      curl -s -X DELETE "http://127.0.0.1:$port/sandbox/openim/_received" >/dev/null
      jcmd $pid JFR.start name=alloc settings="$data/alloc.jfc" >/dev/null
      snap >"$data/s0"; out=$(wrk -t2 -c16 -d10s "$url"); snap >"$data/s1"
      jcmd $pid JFR.dump name=alloc filename="$data/alloc.jfr" >/dev/null; jcmd $pid JFR.stop name=alloc >/dev/null
      jfr print --json --events jdk.ThreadAllocationStatistics "$data/alloc.jfr" >"$data/alloc.json"
      n=$(awk '/requests in/ {print $1}' <<<"$out")
      python3 - "$data/s0" "$data/s1" "$n" "$(basename "$jar") $jopts" "$data/alloc.json" <<'PY'
import collections, json, re, sys
def load(path):
    ticks = collections.Counter()
    for line in open(path):
        name, value = line.rstrip('\n').rsplit('|', 1)
        ticks[re.sub(r'\d+', 'N', name)] += int(value)
    return ticks
before, after, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
group = collections.Counter()
for name in after:
    g = ('wk' if 'worker' in name else 'wr' if 'store-writer' in name else 'el' if 'eventloo' in name
         else 'jit' if 'Compiler' in name or name.startswith('CN ') else 'oth')
    group[g] += after[name] - before.get(name, 0)
us = lambda ticks: ticks * 1e4 / max(n, 1)  # clock ticks of 10 ms, per message, in µs
# per thread, its counter's first and last value in the window, in bytes (JSON: the text form rounds to 3 digits)
first, last = {}, {}
for e in json.load(open(sys.argv[5]))['recording']['events']:
    t = e['values']['thread']
    k = (t or {}).get('javaName') or (t or {}).get('osName') or '?'
    first.setdefault(k, e['values']['allocated']); last[k] = e['values']['allocated']
allocated = {k: last[k] - first[k] for k in last}
kb = lambda b: b / 1e3 / max(n, 1)
print("%-40s %5d msg/s  total %4.0f  wk %4.0f  wr %4.0f  el %4.0f  jit %3.0f  oth %3.0f µs/msg  alloc %3.0f kB/msg (wk %3.0f)" % (
    (sys.argv[4][:40], n / 10, us(sum(group.values()))) + tuple(us(group[g]) for g in ('wk', 'wr', 'el', 'jit', 'oth'))
    + (kb(sum(allocated.values())), kb(sum(v for k, v in allocated.items() if 'worker' in k)))))
PY
    done
    kill $pid; wait $pid 2>/dev/null; rm -rf "$data"
  done
done
