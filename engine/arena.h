/* arena.h — memory handed out from the bottom of one reserved range, returned whole: for data
 * that grows and lives as long as its owner (the word cache). Not thread-safe: the owner
 * serializes its calls. */
#ifndef ABRIDGE_ARENA_H
#define ABRIDGE_ARENA_H

#include <glib.h>

typedef struct _Arena Arena;

/* An arena of @reserve bytes of address space. None of it is memory until it is handed out
 * and touched; where the system has transparent huge pages, it is asked for them, so that
 * filling the arena takes one page fault per 2 MiB rather than one per 4 KiB. */
Arena *arena_new (gsize reserve);

/* @size zeroed bytes, aligned for any type, until the arena is freed. Past the reservation
 * (or where address space could not be reserved) it comes from malloc, and is still freed
 * with the arena. */
gpointer arena_alloc0 (Arena *arena, gsize size);

/* @size zeroed bytes, not aligned: for strings, packed one after another. */
char *arena_chars0 (Arena *arena, gsize size);

void arena_free (Arena *arena);

/* Bytes handed out. */
gsize arena_used (const Arena *arena);

/* Whether @p is in the reservation (not from malloc). */
gboolean arena_holds (const Arena *arena, gconstpointer p);

#endif /* ABRIDGE_ARENA_H */
