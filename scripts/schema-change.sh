#!/usr/bin/env bash
# Changes prisma/schema.prisma and adds its migration as ONE atomic, serialized
# step, so that several people (or agents) changing the schema at the same time
# never put each other's half-done models into their migrations.
#
#   scripts/schema-change.sh <migration_name> <command that edits prisma/schema.prisma...>
#   e.g. scripts/schema-change.sh add_clusters python3 /tmp/add-clusters.py
#
# Under an exclusive lock it: checks prisma/ has no uncommitted edits, runs the
# edit command, regenerates the Prisma client, writes the migration
# (scripts/new-migration.sh), applies every migration to a scratch database to
# prove it runs, and commits prisma/ alone. On any failure prisma/ is restored.
set -euo pipefail
name=${1:?usage: scripts/schema-change.sh <migration_name> <edit command...>}
shift
[ $# -gt 0 ] || { echo "give the command that edits prisma/schema.prisma" >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
exec 9>/tmp/runwell-schema.lock
flock 9
if ! git diff --quiet HEAD -- prisma/ || [ -n "$(git ls-files --others --exclude-standard prisma/)" ]; then
  echo "prisma/ has uncommitted changes; commit or remove them first:" >&2
  git status --short prisma/ >&2
  exit 1
fi
scratch="runwell_schema_check_$$"
restore() {
  git checkout -q HEAD -- prisma/ 2>/dev/null || true
  git clean -qfd prisma/ 2>/dev/null || true
  dropdb -h 127.0.0.1 -U postgres --if-exists "$scratch" 2>/dev/null || true
}
trap 'echo "schema change failed; prisma/ restored" >&2; restore; npm run -s generate >/dev/null 2>&1 || true' ERR
"$@"
npm run -s generate
scripts/new-migration.sh "$name"
createdb -h 127.0.0.1 -U postgres "$scratch"
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$scratch" node bin/runwell.mjs migrate
dropdb -h 127.0.0.1 -U postgres "$scratch"
trap - ERR
git add prisma/
git commit -q -m "Schema: $name" -- prisma/
echo "Committed schema change $name: $(git log -1 --format=%h)"
