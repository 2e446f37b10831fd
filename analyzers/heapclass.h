/* heapclass.h — DevTools' class names and class keys for every node.
 *
 * Matches Chrome DevTools' Summary view (HeapSnapshot.ts
 * calculateObjectNames + inferInterfaceDefinitions/applyInterfaceDefinitions
 * + classKeyInternal): objects and natives take their constructor name
 * (`<div id=x>` → `<div>`), hidden → "(system)", code → "(compiled code)",
 * closures → "Function", regexps → "RegExp", everything else "(<type>)" such
 * as "(string)", "(array)", "(number)"; plain `Object`s are renamed after
 * their inferred interface, e.g. "{url, time}", when at least
 * max(2, objects/1000) plain objects share it. The class *key* separates
 * same-named constructors by allocation site ("script,line,col,Name" when the
 * snapshot has a location for the object, else ",Name"), exactly DevTools'
 * public key.
 *
 * Input: a snapshot (edges needed for interface names; without edges plain
 * objects stay "Object"). Output: per node a key id; per key its display name.
 * Memory: 4 bytes per node + the interned names (hs_classes_free).
 * Complexity: O(nodes + edges + plain objects × properties × log). */
#ifndef LEAKCHECK_HEAPCLASS_H
#define LEAKCHECK_HEAPCLASS_H

#include "heapsnapshot.h"
#include "strtab.h"

typedef struct hs_classes {
    strtab keys;          /* key id -> class key */
    strtab names;         /* name id -> display class name */
    uint32_t *key_name;   /* key id -> name id */
    uint32_t *node_class; /* node ordinal -> key id */
    size_t key_cap;
} hs_classes;

int hs_classes_build(const hs_snapshot *s, hs_classes *c, char *err, size_t errlen);
void hs_classes_free(hs_classes *c);

static inline const char *hs_class_name(const hs_classes *c, size_t node)
{
    return strtab_str(&c->names, c->key_name[c->node_class[node]]);
}

/* DevTools' display name of a plain object: "{a, b, …, y, z}" from its
 * property edges (JSHeapSnapshotNode #plainObjectName). Writes into out. */
void hs_plain_object_name(const hs_snapshot *s, size_t node, char *out, size_t outlen);

/* JSHeapSnapshotNode.formatPropertyName: JSON-quotes names holding , ' " { }.
 * Writes into out (truncated to outlen). */
void hs_format_property(const char *name, char *out, size_t outlen);

/* Length in UTF-16 code units of a UTF-8 string (JS .length). */
size_t hs_js_length(const char *s);

#endif
