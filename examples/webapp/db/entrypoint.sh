#!/bin/sh
# Initialise the cluster on first start (an empty volume), then run postgres in the foreground.
set -eu
mkdir -p "$PGDATA" && chown -R postgres:postgres "$PGDATA"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  as_postgres initdb -D "$PGDATA" --auth-host=md5 --auth-local=trust >/dev/null
  echo "host all all 0.0.0.0/0 md5" >> "$PGDATA/pg_hba.conf"
  # No TCP listener while the user and database are made: the healthcheck connects over TCP, so
  # the service only turns healthy once they exist.
  as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  as_postgres psql -v ON_ERROR_STOP=1 -d postgres \
    -c "CREATE USER \"$POSTGRES_USER\" PASSWORD '$POSTGRES_PASSWORD'" \
    -c "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\"" >/dev/null
  as_postgres pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
# postgres itself becomes PID 1, so the stop signal reaches it directly (su would stay in
# between, and kill it two seconds later).
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*'
