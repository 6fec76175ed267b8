# Local platform: PostgreSQL (the system server, role and databases).
# Sourced by deploy/local/platform.sh (which sets SCRIPT_DIR and the shell options); not run on its own.
# shellcheck shell=bash

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------------------
pg_ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2
  else
    port_open "$PG_PORT"
  fi
}

pg_cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

pg_log_file() {
  local v
  v="$(pg_cluster_version)"
  echo "/var/log/postgresql/postgresql-${v:-X}-main.log"
}

# psql_admin <psql args...>: psql as the postgres superuser; TCP first (trust auth on this kind of machine),
# otherwise over the Unix socket as the postgres OS user (peer auth).
PSQL_MODE="${PLATFORM_PSQL_MODE:-}" # tcp|runuser|su; detected when empty
psql_admin() {
  if [[ -z "$PSQL_MODE" ]]; then
    if psql -X -w -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
      PSQL_MODE=tcp
    elif have_root && command -v runuser >/dev/null 2>&1 \
        && runuser -u postgres -- psql -X -w -q -p "$PG_PORT" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
      PSQL_MODE=runuser
    elif have_root && su postgres -s /bin/bash -c "psql -X -w -q -p $PG_PORT -d postgres -tAc 'select 1'" >/dev/null 2>&1; then
      PSQL_MODE=su
    else
      die "postgres: cannot connect as the postgres superuser (tried psql -h 127.0.0.1 -U postgres, and the socket as OS user postgres)"
    fi
  fi
  case "$PSQL_MODE" in
    tcp) psql -X -w -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@" ;;
    runuser) runuser -u postgres -- psql -X -w -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@" ;;
    su)
      local q
      printf -v q '%q ' "$@"
      su postgres -s /bin/bash -c "psql -X -w -q -v ON_ERROR_STOP=1 -p $PG_PORT -d postgres $q"
      ;;
  esac
}

pg_up() {
  mkdir -p "$PG_DIR"
  if pg_ready; then
    if [[ -f "$PG_DIR/started-by-platform" ]]; then
      log "postgres: up on 127.0.0.1:$PG_PORT (started earlier by platform.sh)"
    else
      log "postgres: using the server already running on 127.0.0.1:$PG_PORT"
    fi
  else
    if [[ -z "$(pg_cluster_version)" ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      apt_install postgresql
    fi
    local version
    version="$(pg_cluster_version)"
    [[ -n "$version" ]] || die "postgres: no cluster under /etc/postgresql after installing postgresql"
    if [[ ! -d "/etc/postgresql/$version/main" ]]; then
      log "postgres: creating cluster $version/main"
      pg_createcluster "$version" main
    fi
    if pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null 2>&1; then
      die_with_log postgres "$(pg_log_file)" "cluster $version/main is running but not answering on 127.0.0.1:$PG_PORT (its port: $(pg_conftool "$version" main show port 2>/dev/null || echo '?'); set PG_PORT accordingly)"
    fi
    log "postgres: starting cluster $version/main (pg_ctlcluster)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start \
      || die_with_log postgres "$(pg_log_file)" "pg_ctlcluster $version main start failed"
    touch "$PG_DIR/started-by-platform"
    local i
    for ((i = 0; i < PG_TIMEOUT * 2; i++)); do
      pg_ready && break
      sleep 0.5
    done
    pg_ready || die_with_log postgres "$(pg_log_file)" \
      "not accepting connections on 127.0.0.1:$PG_PORT after ${PG_TIMEOUT}s (is the cluster's port $PG_PORT? see /etc/postgresql/$version/main/postgresql.conf)"
    log "postgres: up on 127.0.0.1:$PG_PORT"
  fi

  # Role and databases (idempotent, one psql call).
  local sql db
  sql="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_ROLE') THEN
    CREATE ROLE $DB_ROLE LOGIN PASSWORD '$DB_PASSWORD';
    RAISE NOTICE 'created role $DB_ROLE';
  END IF;
END \$\$;
"
  for db in "${DATABASES[@]}"; do
    sql+="SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$DB_ROLE') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')
\\gexec
"
  done
  local missing
  missing="$(psql_admin -tA -c "SELECT n FROM unnest(ARRAY[$(printf "'%s'," "${DATABASES[@]}" | sed 's/,$//')]) n
    WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = n)")" || die "postgres: listing databases failed"
  for db in $missing; do
    log "postgres: creating database $db (owner $DB_ROLE)"
  done
  local out
  out="$(printf '%s' "$sql" | psql_admin -f - 2>&1)" || { printf '%s\n' "$out" >&2; die "postgres: creating role/databases failed"; }
  # Make sure the role can log in with the documented password (cheap; checked before changing anything).
  if ! PGPASSWORD="$DB_PASSWORD" psql -X -w -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_ROLE" -d payments -tAc 'select 1' >/dev/null 2>&1; then
    log "postgres: setting LOGIN/password of role $DB_ROLE"
    psql_admin -c "ALTER ROLE $DB_ROLE LOGIN PASSWORD '$DB_PASSWORD'" >/dev/null || die "postgres: ALTER ROLE failed"
  fi
  # Databases that existed with another owner.
  local wrong
  wrong="$(psql_admin -tA -c "SELECT d.datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
    WHERE d.datname IN ($(printf "'%s'," "${DATABASES[@]}" | sed 's/,$//')) AND r.rolname <> '$DB_ROLE'")" || die "postgres: checking database owners failed"
  for db in $wrong; do
    log "postgres: giving database $db to $DB_ROLE"
    psql_admin -c "ALTER DATABASE \"$db\" OWNER TO $DB_ROLE" >/dev/null
  done
  if [[ -n "$out" ]]; then
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
  log "postgres: role $DB_ROLE, databases ${DATABASES[*]} ready"
}

pg_down() {
  if [[ -f "$PG_DIR/started-by-platform" ]]; then
    local version
    version="$(pg_cluster_version)"
    log "postgres: stopping cluster $version/main (it was started by platform.sh)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main stop || warn "postgres: pg_ctlcluster stop failed"
    rm -f "$PG_DIR/started-by-platform"
  else
    log "postgres: left running (a pre-existing system server, not started by platform.sh)"
  fi
}

pg_status() {
  if pg_ready; then
    printf '%-9s up    127.0.0.1:%s  (databases: %s; role %s)\n' postgres "$PG_PORT" "${DATABASES[*]}" "$DB_ROLE"
  else
    printf '%-9s down  127.0.0.1:%s\n' postgres "$PG_PORT"
    return 1
  fi
}

# A new, empty event log: the services' databases hold projections of and positions in the old one (processed
# event ids, consumer positions, published outbox rows), so they start over with it. Set
# PLATFORM_KEEP_DATABASES=true to keep them.
pg_reset_databases() {
  if [[ "${PLATFORM_KEEP_DATABASES:-false}" == true ]]; then
    log "postgres: keeping databases from an earlier event log (PLATFORM_KEEP_DATABASES=true)"
    return 0
  fi
  local db sql=""
  for db in "${DATABASES[@]}"; do
    sql+="DROP DATABASE IF EXISTS \"$db\" WITH (FORCE);
CREATE DATABASE \"$db\" OWNER $DB_ROLE;
"
  done
  log "postgres: new event log, so the databases start empty too: ${DATABASES[*]}"
  local out
  out="$(printf '%s' "$sql" | psql_admin -f - 2>&1)" || { printf '%s\n' "$out" >&2; die "postgres: resetting databases failed"; }
}

# The event log the databases hold projections of and positions in, recorded as each database's comment ("event log
# <Kafka cluster id>"). The PostgreSQL server is the machine's, shared by every checkout, while each checkout has a
# broker of its own: after another checkout's platform (a clean clone's CI run) used the databases, their consumer
# positions lie beyond this broker's topics and their processed events are not this log's. A database that follows
# another log starts over, as with a new one; one without a comment (older than this record) is taken as this log's.
pg_follow_event_log() {
  local cluster_id="$1"
  [[ -n "$cluster_id" ]] || return 0
  local want="event log $cluster_id" db comment stale=() rows
  rows="$(psql_admin -tA -F '|' -c "SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database
    WHERE datname IN ($(printf "'%s'," "${DATABASES[@]}" | sed 's/,$//'))")" || die "postgres: reading the databases' event log failed"
  while IFS='|' read -r db comment; do
    [[ -n "$db" && -n "$comment" && "$comment" != "$want" ]] && stale+=("$db")
  done <<<"$rows"
  if ((${#stale[@]} > 0)); then
    log "postgres: ${stale[*]} hold positions in another Kafka cluster's event log"
    pg_reset_databases
  fi
  local sql=""
  for db in "${DATABASES[@]}"; do
    sql+="COMMENT ON DATABASE \"$db\" IS '$want';
"
  done
  printf '%s' "$sql" | psql_admin -f - >/dev/null || die "postgres: recording the databases' event log failed"
}
