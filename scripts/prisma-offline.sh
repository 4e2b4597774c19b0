#!/bin/sh
# Stands in for Prisma's native schema engine, which Prisma 7's CLI downloads for every
# command, `prisma generate` included; its download server is unreachable offline.
# `prisma generate` does not use the engine: it only needs this path to name an executable
# (PRISMA_SCHEMA_ENGINE_BINARY, see package.json). Any other CLI command that would need
# the engine fails here on purpose.
echo "schema engine not available offline: use npm run db:diff (scripts/schema-engine.mjs)" >&2
exit 1
