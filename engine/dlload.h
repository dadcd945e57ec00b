/* dlload.h — opening a library that only some runs need (libxml2 for HTML input, json-glib for
 * JSON output) when it is first needed, not at every start; shared by the engine and the command
 * line. Private: not installed. */
#pragma once

#include <dlfcn.h>
#include <glib.h>
#include <string.h>

/* Opens @soname and looks up the @count functions @names, each into the function pointer
 * @slots[i] points at. FALSE, with the reason in *@why (to free), when the library or one of
 * them is missing; the slots are then partly set, and the handle stays open (dlclose() would
 * gain nothing). */
static inline gboolean
dl_load_functions (const char *soname, const char *const *names, void *const *slots, gsize count,
                   char **why)
{
  void *handle = dlopen (soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    *why = g_strdup (dlerror ());
    return FALSE;
  }
  for (gsize i = 0; i < count; i++) {
    void *symbol = dlsym (handle, names[i]);
    if (symbol == NULL) {
      *why = g_strdup_printf ("%s has no %s", soname, names[i]);
      return FALSE;
    }
    /* A data pointer to a function pointer, as POSIX does. */
    memcpy (slots[i], &symbol, sizeof symbol);
  }
  return TRUE;
}
