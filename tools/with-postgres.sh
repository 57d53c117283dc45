#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, e.g. `tools/with-postgres.sh make test`.
#
# Installs Debian's postgresql package when its binaries are missing, creates a cluster in a
# temporary folder that listens on 127.0.0.1 only (a free port, password authentication), exports
# DATABASE_URL and TEST_DATABASE_URL pointing at it, runs the command, and always stops and
# deletes the cluster afterwards, whatever the command's outcome. Exits with the command's status.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 command [argument...]" >&2
  exit 2
fi

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

bindir() {
  # Debian keeps the server binaries out of PATH, one folder per major version.
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

BIN=${PG_BINDIR:-$(bindir || true)}
if [ -z "$BIN" ]; then
  echo "Installing Debian's PostgreSQL for the tests..."
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  BIN=$(bindir) || { echo "PostgreSQL's binaries are still missing after apt-get." >&2; exit 1; }
fi

# initdb refuses to run as root: root hands the cluster to the postgres account.
AS=()
if [ "$(id -u)" = 0 ]; then
  AS=(runuser -u postgres --)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/backpoint-pg.XXXXXX")
DATA="$WORK/data"
LOG="$WORK/server.log"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -f "$DATA/postmaster.pid" ]; then
    "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '%s\n' "$PASSWORD" >"$WORK/password"
if [ ${#AS[@]} -gt 0 ]; then
  chown -R postgres: "$WORK"
fi
chmod 700 "$WORK"

"${AS[@]}" "$BIN/initdb" --pgdata="$DATA" --username=backpoint --pwfile="$WORK/password" \
  --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
  --no-sync >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
rm "$WORK/password"

# fsync off: the cluster lives for one run, so durability buys nothing and costs seconds.
"${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$LOG" >&2; exit 1; }

export DATABASE_URL="postgresql+psycopg://backpoint:$PASSWORD@127.0.0.1:$PORT/postgres"
export TEST_DATABASE_URL="$DATABASE_URL"
echo "Throwaway PostgreSQL $("$BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PORT ($DATA)"

status=0
"$@" || status=$?
exit "$status"
