# doxygen-filter.awk - Doxygen INPUT_FILTER for include/abridge.h (see Doxyfile.in).
#
# abridge.h documents its API in plain C comments, so that the header reads well as it is.
# This turns them into Doxygen comments on the fly (the header itself is not changed):
#   - the file's opening comment becomes the \file description;
#   - a comment that begins a line and is directly followed by a declaration documents it
#     (a comment followed by a blank line, or a "/* ---- Section ---- */" rule, stays plain);
#   - a comment after code on the same line (struct members, enum values) documents that
#     member;
#   - "@name" (a parameter, in the GTK-Doc style of the header) becomes "\p name", and
#     "e.g. " no longer ends the brief description.
# Line numbers are kept: one line in, one line out.
{ line[NR] = $0 }
END {
  for (i = 1; i <= NR; i++) {
    s = line[i]
    gsub(/@[A-Za-z_][A-Za-z0-9_]*/, "\\p &", s)
    gsub(/\\p @/, "\\p ", s)
    gsub(/e\.g\. /, "e.g.\\ ", s)   # not the end of a brief description
    gsub(/i\.e\. /, "i.e.\\ ", s)
    if (i == 1 && s ~ /^\/\* abridge\.h /) {
      sub(/^\/\* abridge\.h [^ ]* /, "/** ", s)
      opening = 1
    } else if (opening) {
      if (s ~ /\*\//) {
        sub(/\*\//, "\\file abridge.h */", s)
        opening = 0
      }
    } else if (s ~ /^[ \t]*\/\* ----/) {
      # section rule: plain comment
    } else if (s ~ /^[ \t]*\/\*[ \t]/) {
      j = i
      while (j <= NR && line[j] !~ /\*\//)
        j++
      if (j < NR && line[j + 1] !~ /^[ \t]*$/)
        sub(/\/\*/, "/**", s)
    } else if (s ~ /^[ \t]*[^\/ \t][^\/]*\/\*[^*]/) {
      sub(/\/\*/, "/**<", s)
    }
    print s
  }
}
