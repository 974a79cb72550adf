#!/bin/sh
echo "maskboard: the Prisma schema-engine binary is not installed here (it is downloaded from the internet). Use: npm run db:migrate (applies prisma/migrations with the wasm engine)." >&2
exit 1
