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
if [ ! -x "$tool/node_modules/.bin/prisma" ] || [ ! -d "$tool/node_modules/@prisma/adapter-pg" ]; then
  mkdir -p "$tool" && (cd "$tool" && npm init -y >/dev/null &&
    npm i --no-audit --no-fund prisma@6.19 @prisma/adapter-pg@7.10.1 pg >/dev/null 2>&1)
fi
# Inside the tool folder so that the config below resolves its imports there.
work=$(mktemp -d "$tool/diff.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Strip the generator (6.19 would try to download a query engine for it) and give
# the datasource the url field 6.19 requires; the url is never contacted.
strip() { sed -e '/^generator client {/,/^}/d' -e 's|^  provider = "postgresql"$|  provider = "postgresql"\n  url = "postgresql://unused@127.0.0.1/unused"|'; }
# The JS engine needs a driver adapter in its config, although a diff between two
# schema files never connects (@prisma/adapter-pg 7 built from a config object;
# see docs/architecture.md).
cat > "$work/prisma.config.ts" <<'TS'
import { PrismaPg } from '@prisma/adapter-pg';
export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: 'to.prisma',
  adapter: async () => new PrismaPg({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' }),
};
TS
git -C "$root" show HEAD:prisma/schema.prisma | strip > "$work/from.prisma"
strip < "$root/prisma/schema.prisma" > "$work/to.prisma"
dir=$root/prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name
mkdir -p "$dir"
(cd "$work" && PRISMA_SCHEMA_ENGINE_BINARY=/usr/bin/true PRISMA_QUERY_ENGINE_LIBRARY=/usr/bin/true CHECKPOINT_DISABLE=1 \
  "$tool/node_modules/.bin/prisma" migrate diff --from-schema-datamodel from.prisma --to-schema-datamodel to.prisma --script) > "$dir/migration.sql"
if ! grep -q '[A-Za-z]' "$dir/migration.sql"; then
  rm -rf "$dir"
  echo "No schema difference between HEAD and prisma/schema.prisma (or the diff failed): no migration written" >&2
  exit 1
fi
echo "Wrote $dir/migration.sql ($(wc -l < "$dir/migration.sql") lines). Review it, then run: npm run db:migrate"
