#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql for the difference
# between the committed schema (HEAD) and the working prisma/schema.prisma.
#
# Prisma 7's `migrate dev` needs a schema engine binary that cannot be downloaded
# on our machines; Prisma 6.19's experimental JS engine can diff two schema files
# offline, so we use it as a development-only tool (never a runtime dependency).
set -euo pipefail
name=${1:?usage: scripts/new-migration.sh <snake_case_name>}
[[ $name =~ ^[a-z0-9_]+$ ]] || { echo "name must be snake_case" >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
tool=$root/.runwell/tools/prisma6
if [ ! -x "$tool/node_modules/.bin/prisma" ]; then
  mkdir -p "$tool" && (cd "$tool" && npm init -y >/dev/null && npm i --no-audit --no-fund prisma@6.19 >/dev/null)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Strip the generator (6.19 would try to download a query engine for it) and give
# the datasource the url field 6.19 requires; the url is never contacted.
strip() { sed -e '/^generator client {/,/^}/d' -e 's|^  provider = "postgresql"$|  provider = "postgresql"\n  url = "postgresql://unused@127.0.0.1/unused"|'; }
git -C "$root" show HEAD:prisma/schema.prisma | strip > "$work/from.prisma"
strip < "$root/prisma/schema.prisma" > "$work/to.prisma"
dir=$root/prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name
mkdir -p "$dir"
(cd "$work" && PRISMA_SCHEMA_ENGINE_BINARY=/usr/bin/true PRISMA_QUERY_ENGINE_LIBRARY=/usr/bin/true CHECKPOINT_DISABLE=1 \
  "$tool/node_modules/.bin/prisma" migrate diff --from-schema-datamodel from.prisma --to-schema-datamodel to.prisma --script) > "$dir/migration.sql"
echo "Wrote $dir/migration.sql ($(wc -l < "$dir/migration.sql") lines). Review it, then run: npm run db:migrate"
