#!/usr/bin/env bash
# Installs (from Debian's packages) and starts a private rsyslogd for the syslog sink's tests, idempotently:
# its own config, pid file and work directory, no system logging (no imuxsock, no imklog), listening on loopback
# only: plain TCP (octet-counted frames, RFC 6587) on 55514, UDP on 55515 and TLS (gtls driver, a throwaway CA
# made here) on 55516. Every message it receives is written as one JSON object per line (its parsed RFC 5424
# parts and the raw message) to $DIR/messages.jsonl.
# Prints `export` lines for the variables the tests read; scripts/test.sh evaluates them.
set -euo pipefail

DIR="${DOCKET_TEST_RSYSLOG_DIR:-/tmp/docket-test-rsyslog}"
TCP_PORT="${DOCKET_TEST_SYSLOG_TCP_PORT:-55514}"
UDP_PORT="${DOCKET_TEST_SYSLOG_UDP_PORT:-55515}"
TLS_PORT="${DOCKET_TEST_SYSLOG_TLS_PORT:-55516}"
RSYSLOGD=/usr/sbin/rsyslogd

missing=()
[ -x "$RSYSLOGD" ] || missing+=(rsyslog)
[ -n "$(find /usr/lib/*/rsyslog /usr/lib/rsyslog -name lmnsd_gtls.so 2>/dev/null | head -n1)" ] || missing+=(rsyslog-gnutls)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  # --no-install-recommends and policy-rc.d-free: only the binaries are wanted, the system service is never used.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

mkdir -p "$DIR/work"
MESSAGES="$DIR/messages.jsonl"
PIDFILE="$DIR/rsyslogd.pid"
CONF="$DIR/rsyslog.conf"

# A throwaway CA and a server certificate for localhost / 127.0.0.1, made once.
if [ ! -f "$DIR/server.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Docket test syslog CA" \
    -keyout "$DIR/ca.key" -out "$DIR/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$DIR/server.key" -out "$DIR/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' > "$DIR/server.ext"
  openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.pem" -CAkey "$DIR/ca.key" -CAcreateserial -days 3650 \
    -extfile "$DIR/server.ext" -out "$DIR/server.pem.tmp" >/dev/null 2>&1
  mv "$DIR/server.pem.tmp" "$DIR/server.pem"
fi

cat > "$CONF.tmp" <<EOF
global(workDirectory="$DIR/work" maxMessageSize="256k")
module(load="imtcp" maxSessions="500")
module(load="imudp")
input(type="imtcp" address="127.0.0.1" port="$TCP_PORT" name="tcp")
input(type="imtcp" address="127.0.0.1" port="$TLS_PORT" name="tls"
      streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon"
      streamDriver.caFile="$DIR/ca.pem" streamDriver.certFile="$DIR/server.pem" streamDriver.keyFile="$DIR/server.key")
input(type="imudp" address="127.0.0.1" port="$UDP_PORT" name="udp")
template(name="docketTest" type="list" option.jsonf="on") {
  property(outname="input" name="inputname" format="jsonf")
  property(outname="pri" name="pri" format="jsonf")
  property(outname="protocolVersion" name="protocol-version" format="jsonf")
  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="hostname" name="hostname" format="jsonf")
  property(outname="appName" name="app-name" format="jsonf")
  property(outname="procId" name="procid" format="jsonf")
  property(outname="msgId" name="msgid" format="jsonf")
  property(outname="structuredData" name="structured-data" format="jsonf")
  property(outname="msg" name="msg" format="jsonf")
  property(outname="raw" name="rawmsg" format="jsonf")
}
action(type="omfile" file="$MESSAGES" template="docketTest" flushOnTXEnd="on" asyncWriting="off")
EOF

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

if running && cmp -s "$CONF" "$CONF.tmp"; then
  rm -f "$CONF.tmp"
else
  if running; then
    kill "$(cat "$PIDFILE")"
    for _ in $(seq 50); do running || break; sleep 0.1; done
  fi
  mv "$CONF.tmp" "$CONF"
  "$RSYSLOGD" -N1 -f "$CONF" >/dev/null 2>&1 || { "$RSYSLOGD" -N1 -f "$CONF" >&2; exit 1; }
  touch "$MESSAGES"
  "$RSYSLOGD" -f "$CONF" -i "$PIDFILE"
  for _ in $(seq 100); do
    if running && (exec 3<>"/dev/tcp/127.0.0.1/$TCP_PORT") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$TLS_PORT") 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  running || { echo "rsyslogd did not start; check: $RSYSLOGD -N1 -f $CONF" >&2; exit 1; }
fi

echo "export DOCKET_TEST_SYSLOG_TCP=$TCP_PORT"
echo "export DOCKET_TEST_SYSLOG_UDP=$UDP_PORT"
echo "export DOCKET_TEST_SYSLOG_TLS=$TLS_PORT"
echo "export DOCKET_TEST_SYSLOG_CA=$DIR/ca.pem"
echo "export DOCKET_TEST_SYSLOG_FILE=$MESSAGES"
