#!/bin/sh
# Initialise the cluster on first start (an empty volume), then run postgres in the foreground.
set -eu
mkdir -p "$PGDATA" && chown -R postgres:postgres "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  su postgres -c "initdb -D '$PGDATA' --auth-host=md5 --auth-local=trust" >/dev/null
  echo "host all all 0.0.0.0/0 md5" >> "$PGDATA/pg_hba.conf"
  su postgres -c "pg_ctl -D '$PGDATA' -o '-c listen_addresses=127.0.0.1' -w start" >/dev/null
  su postgres -c "psql -v ON_ERROR_STOP=1 -c \"CREATE USER $POSTGRES_USER PASSWORD '$POSTGRES_PASSWORD'\" -c \"CREATE DATABASE $POSTGRES_DB OWNER $POSTGRES_USER\"" >/dev/null
  su postgres -c "pg_ctl -D '$PGDATA' -m fast -w stop" >/dev/null
fi
exec su postgres -c "exec postgres -D '$PGDATA' -c listen_addresses='*'"
