#!/usr/bin/env bash
# Builds FerretDB (MongoDB wire protocol on SQLite) into .cache/ferretdb/bin/ferretdb for the tests.
#
# `go install github.com/FerretDB/FerretDB/cmd/ferretdb@VERSION` does not work from the Go module proxy
# alone: it asks for the module's version list (deprecation check), and the released module lacks the
# generated build/version/version.txt that the binary embeds and checks at start-up. So: download the
# exact version, add version.txt, and build it through a small wrapper module that replaces it.
#
# One patch, no change in behaviour: v1's SQLite backend creates the `_id` index on
# `_ferretdb_sjson->"_id"` but filters on `_ferretdb_sjson->'$._id'`, which SQLite does not match to that
# index, so every lookup, update and delete by `_id` scanned the whole table (the cost grew with the
# collection: 400 → 29 updates/s from 200 to 2,000 documents, and SQLITE_BUSY under concurrent writers).
# The patch spells the filter like the index. Same bug on PostgreSQL: FerretDB issue #4646.
#
# A second patch, a change in behaviour: v1 applies `update`, `findAndModify` and upserts as read → change
# → rewrite with no compare-and-set, so two clients `$inc`-ing one field lose increments, two upserts of
# one `_id` answer E11000, and a conditional update ("claim this lease if it is free") can succeed for
# both racers. The patch makes every write (an insert, findAndModify or delete command; each statement of
# an update command) hold a lock per database in this FerretDB process while it runs, so writes apply one
# after another and each behaves as an atomic single-document operation, as on MongoDB. An update command
# takes the lock per statement, as MongoDB's atomicity is per document: another client's write goes between
# the statements of a big bulk compare-and-set instead of waiting for all of them. Reads do not take the lock. The lock is per database,
# not per collection, because SQLite takes one write lock per database file anyway: writers to different
# collections then met in SQLite's busy handler, which sleeps (1 ms … 100 ms a try), and under 200 events/s
# the app's writes waited there with both CPUs idle. It serializes only within one FerretDB process: run
# one per database.
#
# A third patch, no change in behaviour: v1's SQLite backend uses the `_id` index only when `_id` is the
# filter's lone key, so a compare-and-set such as `{_id, detectorRev}` or a batch read `{_id: {$in: […]}}`
# read and decoded every document of the collection (with 1,000 integrations, each detector commit decoded
# 1,000 documents). The patch narrows the SQL query by `_id` (equality, or `$in` of strings and ObjectIds)
# whatever else the filter holds; FerretDB still applies the whole filter to what comes back, as before.
#
# A fourth patch, a fix: v1's `update` command closed each statement's query only when the whole command
# ended (`defer` inside its loop), holding one of its 100 SQLite connections per statement, so a bulk write
# of more than about 100 updates waited forever for a connection while holding the write lock, and the
# server stopped for every client. The patch closes each statement's query when that statement is done.
set -euo pipefail

VERSION=v1.24.0
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache="$root/.cache/ferretdb"
bin="$cache/bin/ferretdb"
# The build is keyed by this script's content: a binary built by an older script (other patches) is rebuilt.
BUILD="$VERSION+$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"

# The version is captured first and matched without a pipe: `… | grep -q` under pipefail fails whenever
# grep exits before ferretdb has written everything (SIGPIPE), which forced a needless rebuild.
if [ -x "$bin" ] && [ "$(cat "$bin.build" 2>/dev/null)" = "$BUILD" ]; then
  version_out=$("$bin" --version 2>/dev/null || true)
  if [[ $version_out == *"${VERSION#v}"* ]]; then
    exit 0
  fi
fi
if ! command -v go >/dev/null 2>&1; then
  echo "FerretDB must be built for the tests, and that needs Go 1.22+ on the PATH (or set MONGODB_URI to a MongoDB server)." >&2
  exit 1
fi

echo "Building FerretDB $VERSION for the tests into .cache/ferretdb (first run only, 1-3 minutes)…" >&2
work="$cache/build"
rm -rf "$work"
mkdir -p "$work" "$cache/bin"
export GOFLAGS=-mod=mod
src=$(cd "$work" && go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
  echo "Could not download github.com/FerretDB/FerretDB@$VERSION from the Go module proxy." >&2
  exit 1
fi
cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$VERSION" > "$work/src/build/version/version.txt"
meta="$work/src/internal/backends/sqlite/metadata/metadata.go"
sed -i "s|IDColumn = DefaultColumn + \"->'\\\$._id'\"|IDColumn = DefaultColumn + \`->\"_id\"\`|" "$meta"
if ! grep -qF 'IDColumn = DefaultColumn + `->"_id"`' "$meta"; then
  echo "Could not patch FerretDB's _id column expression in $meta (has the source changed?)." >&2
  exit 1
fi
handler="$work/src/internal/handler"
cat > "$handler/techhealth_serialize.go" <<'GO'
package handler

import "sync"

// techhealthLocks holds one mutex per database (added by TechHealth's build, see build.sh).
var techhealthLocks sync.Map

// techhealthLockDatabase locks the database for one write (a command, or one update statement) and
// returns the unlock function.
func techhealthLockDatabase(db string) func() {
	m, _ := techhealthLocks.LoadOrStore(db, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()

	return mu.Unlock
}
GO
lock='	defer techhealthLockDatabase(params.DB)()'
patch_before() { # file, the unique line the lock goes before
  local file="$handler/$1" line="$2"
  if [ "$(grep -cF -- "$line" "$file")" != 1 ]; then
    echo "Could not patch FerretDB's $1: the line to lock before is not there once (has the source changed?)." >&2
    exit 1
  fi
  LINE="$line" LOCK="$lock" perl -0pi -e 's/^(\Q$ENV{LINE}\E)$/$ENV{LOCK}\n\n$1/m' "$file"
  grep -qF -- "$lock" "$file"
}
patch_before msg_findandmodify.go '	res, err := h.findAndModifyDocument(connCtx, params)'
patch_before msg_delete.go '	db, err := h.b.Database(params.DB)'
patch_before msg_insert.go '	db, err := h.b.Database(params.DB)'
sqlite="$work/src/internal/backends/sqlite"
cat > "$sqlite/techhealth_pushdown.go" <<'GO'
package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// techhealthIDWhere narrows a query by the filter's top-level `_id` (added by TechHealth's build, see
// build.sh): an equality on a string or ObjectId, or `{$in: [...]}` of those. Top-level keys are ANDed and
// the handler applies the whole filter afterwards, so other keys need no pushdown. "" means no narrowing.
func techhealthIDWhere(filter *types.Document) (string, []any) {
	if filter.Len() == 0 {
		return "", nil
	}
	v, _ := filter.Get("_id")
	switch v := v.(type) {
	case string, types.ObjectID:
		return fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn), []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
	case *types.Document:
		if v.Len() != 1 {
			return "", nil
		}
		in, _ := v.Get("$in")
		ids, ok := in.(*types.Array)
		if !ok || ids.Len() == 0 || ids.Len() > 500 {
			return "", nil
		}
		args := make([]any, 0, ids.Len())
		for i := 0; i < ids.Len(); i++ {
			id := must.NotFail(ids.Get(i))
			switch id.(type) {
			case string, types.ObjectID:
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(id))))
			default:
				return "", nil
			}
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
		return fmt.Sprintf(` WHERE %s IN (%s)`, metadata.IDColumn, marks), args
	}
	return "", nil
}
GO
# Both places that build the query's WHERE (the query itself, and explain's pushdown report).
perl -0pi -e 's/\tif params\.Filter\.Len\(\) == 1 \{\n\t\tv, _ := params\.Filter\.Get\("_id"\)\n\t\tswitch v\.\(type\) \{\n\t\tcase string, types\.ObjectID:\n(\t\t\tfilterPushdown = true\n)?\t\t\twhereClause = [^\n]*\n\t\t\targs = [^\n]*\n\t\t\}\n\t\}\n/"\tif w, a := techhealthIDWhere(params.Filter); w != \"\" {\n" . ($1 ? "\t\tfilterPushdown = true\n" : "") . "\t\twhereClause, args = w, a\n\t}\n"/ge' "$sqlite/collection.go"
if [ "$(grep -c 'techhealthIDWhere(params.Filter)' "$sqlite/collection.go")" != 2 ]; then
  echo "Could not patch FerretDB's _id pushdown in $sqlite/collection.go (has the source changed?)." >&2
  exit 1
fi
update_go="$handler/msg_update.go"
perl -0pi -e 's/(\t\tcloser := iterator\.NewMultiCloser\(\)\n)\t\tdefer closer\.Close\(\)\n/$1/; s/(\t\tresult, err := common\.UpdateDocument\(ctx, c, "update", iter, &u\)\n)/$1\t\tcloser.Close()\n\t\tunlock()\n/; s/(\t\tres, err := c\.Query\(ctx, &qp\)\n\t\tif err != nil \{\n)/\t\tunlock := techhealthLockDatabase(params.DB)\n$1\t\t\tunlock()\n/' "$update_go"
if grep -qF '		defer closer.Close()' "$update_go" || [ "$(grep -c '^		closer.Close()$' "$update_go")" != 1 ] ||
  [ "$(grep -c 'unlock()$' "$update_go")" != 2 ] || ! grep -qF 'unlock := techhealthLockDatabase(params.DB)' "$update_go"; then
  echo "Could not patch FerretDB's update loop in $update_go (has the source changed?)." >&2
  exit 1
fi
cat > "$work/go.mod" <<GOMOD
module techhealth/ferretdb-build

go 1.22

require github.com/FerretDB/FerretDB $VERSION

replace github.com/FerretDB/FerretDB => ./src
GOMOD
cat > "$work/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/FerretDB/FerretDB/cmd/ferretdb"
GO
(cd "$work" && go mod tidy >/dev/null && go build -trimpath -o "$bin.tmp" github.com/FerretDB/FerretDB/cmd/ferretdb)
mv "$bin.tmp" "$bin"
echo "$BUILD" > "$bin.build"
rm -rf "$work"
"$bin" --version >/dev/null
echo "FerretDB built: .cache/ferretdb/bin/ferretdb" >&2
