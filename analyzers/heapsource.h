/* heapsource.h — where a heap node comes from in the service's source, for
 * retainer paths that answer "which file": a closure's script and line, a
 * CommonJS Module's file.
 *
 * - A closure (JSFunction) has its SharedFunctionInfo behind the internal
 *   edge "shared", whose "script_or_debug_info" (older V8: "script") is the
 *   Script node; V8 names Script nodes by the script's name (its path or
 *   URL, or "node:http" for node's own). The line and column are the
 *   snapshot's `locations` entry for the closure (0-based there).
 * - A Module object (Node's CommonJS loader) holds its path in the
 *   property "filename" (or "id").
 * Paths are shown short: from the last "node_modules/" on (the package and
 * its file), else relative to the current directory when under it, else
 * whole ("file://" dropped). Strings are heap text: escape before output. */
#ifndef LEAKCHECK_HEAPSOURCE_H
#define LEAKCHECK_HEAPSOURCE_H

#include <stddef.h>

#include "heapsnapshot.h"

/* "app.js:31:5" for a closure, "node_modules/debug/src/common.js" for a
 * Module, into buf; NULL when node is neither or its source is unknown. */
const char *hs_source_of(const hs_snapshot *s, uint32_t node, char *buf, size_t len);

/* The node, other than node itself, whose edges hs_source_of(s, node)
 * reads: a closure's SharedFunctionInfo; UINT32_MAX for other nodes (a
 * Module's file is behind its own edges). Needs node's edges. */
uint32_t hs_source_needs(const hs_snapshot *s, uint32_t node);

/* The short form of a script name or module path (see above), into buf. */
const char *hs_source_path(const char *name, char *buf, size_t len);

#endif
