#!/usr/bin/env bash
# Start-up figures of the README's run command (BENCHMARKS.md › Start), in the repository root after
# `mvn -q -DskipTests package`: ms from `java` to /observe/health 200 for three starts on a fresh data folder and
# three restarts after a kill -9 of a bridge under load (the same data), then a 100-line `migrate --dry-run` to its
# exit. Port 18080; needs curl and python3.
set -u
# the README's java and its options, without "-jar target/im-bridge.jar"
opts=$(grep -m1 '^mvn -q -DskipTests package && java ' README.md | sed 's/^mvn -q -DskipTests package && java //; s/ -jar .*//')
port=18080; data=$(mktemp -d)
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
start() { t=$(date +%s%N); java $opts -Dcamel.server.port=$port -Dbridge.data-dir=$data -jar target/im-bridge.jar >$data.log 2>&1 & pid=$!
  until curl -fso /dev/null http://127.0.0.1:$port/observe/health; do sleep 0.01; done; echo "$1 $(ms $t) ms"; }
send() { for i in $(seq $1); do curl -so /dev/null -G http://127.0.0.1:$port/mychat/API/ --data-urlencode \
  'data={"cmd":"0002","UserFrom":0,"UserTo":"bob","MsgType":1,"Msg":"m'$i'","ServerKey":"iddqd"}'; done; }
for i in 1 2 3; do rm -rf $data; mkdir -p $data; start fresh; kill $pid; wait $pid 2>/dev/null; done
for i in 1 2 3; do start warm >/dev/null; send 200 & s=$!; sleep 1; kill -9 $pid; wait $pid 2>/dev/null; wait $s; start after-kill-9; kill $pid; wait $pid 2>/dev/null; done
python3 -c "
import json
for i in range(100): print(json.dumps({'cmd':'0002','UserFrom':'alice','UserTo':'bob%d'%(i%10),'MsgType':1,'Msg':'m%d'%i,'ServerKey':'iddqd'}))" > $data.lines
t=$(date +%s%N); java $opts -Dbridge.data-dir=$data -Dcamel.server.port=$port -jar target/im-bridge.jar migrate --from mychat --to openim --input $data.lines --dry-run >$data.migrate 2>&1; echo "migrate --dry-run (100 lines, exit $?) $(ms $t) ms"
rm -rf $data $data.log $data.lines $data.migrate
