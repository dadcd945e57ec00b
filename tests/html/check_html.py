#!/usr/bin/env python3
"""check_html.py - checks of the HTML that `abridge --format html` writes (standard library only).

  check_html.py valid FILE...          each FILE is a well-formed HTML5 page, strictly: a doctype
                                       first, every element closed in order (no end tag left to the
                                       parser to imply), void elements never closed, no block element
                                       inside a paragraph, no raw '&' or '<' in text or attributes,
                                       no control characters or noncharacters.
  check_html.py marks DOM JSON         DOM (a page as Chromium dumped it) marks as summary sentences
                                       exactly the sentences that JSON (--format json) selects, and
                                       marks keyphrases of the ranks the page lists.
Exit status 0 when the checks pass, 1 with a message per problem otherwise.
"""
import json
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
KNOWN = VOID | {"html", "head", "title", "style", "body", "article", "aside", "section", "header",
                "footer", "nav", "main", "div", "p", "span", "mark", "a", "em", "strong", "b", "i",
                "code", "pre", "ol", "ul", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                "table", "tr", "td", "th", "script", "noscript"}
# Elements that end an open <p> implicitly: never written inside one.
BLOCK = {"address", "article", "aside", "blockquote", "div", "dl", "fieldset", "footer", "form",
         "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
         "section", "table", "ul"}
BAD_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


class StrictChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack = []
        self.problems = []
        self.doctype = False
        self.started = False

    def problem(self, message):
        line, column = self.getpos()
        self.problems.append("line %d, column %d: %s" % (line, column + 1, message))

    def handle_decl(self, decl):
        if self.started or decl.lower() != "doctype html":
            self.problem("unexpected declaration <!%s>" % decl)
        self.doctype = True

    def handle_starttag(self, tag, attrs):
        if not self.doctype:
            self.problem("<%s> before <!DOCTYPE html>" % tag)
            self.doctype = True
        self.started = True
        if tag not in KNOWN:
            self.problem("unknown element <%s>" % tag)
        if tag in BLOCK and "p" in self.stack:
            self.problem("<%s> inside <p>" % tag)
        for name, value in attrs:
            if value is not None and ("<" in value or BAD_CHAR.search(value)):
                self.problem("attribute %s of <%s>: raw '<' or a control character" % (name, tag))
        raw = self.get_starttag_text()
        for reference in re.findall(r"&[^;\s\"']*;?", raw):
            if not re.fullmatch(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", reference):
                self.problem("unescaped '&' in <%s>" % tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.problem("<%s/> is not a void element" % tag)
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problem("end tag of void element </%s>" % tag)
        elif not self.stack:
            self.problem("</%s> with no open element" % tag)
        elif self.stack[-1] != tag:
            self.problem("</%s> closes <%s>" % (tag, self.stack[-1]))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] in ("style", "script"):
            return
        if data.strip() and not self.stack:
            self.problem("text outside every element: %r" % data[:40])
        if "&" in data or "<" in data:
            self.problem("raw '&' or '<' in text: %r" % data[:60])
        if BAD_CHAR.search(data):
            self.problem("control character or noncharacter in text: %r" % data[:60])

    def handle_entityref(self, name):
        if name not in ("amp", "lt", "gt", "quot", "nbsp"):
            self.problem("unexpected entity &%s;" % name)

    def close(self):
        super().close()
        if self.rawdata:
            self.problem("unparsed input at the end: %r" % self.rawdata[:40])
        if self.stack:
            self.problem("elements left open: %s" % " ".join(self.stack))
        if not self.doctype:
            self.problem("no <!DOCTYPE html>")


def check_valid(paths):
    status = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        checker = StrictChecker()
        checker.feed(text)
        checker.close()
        for problem in checker.problems:
            print("%s: %s" % (path, problem))
            status = 1
    return status


class Marks(HTMLParser):
    """The marks of a page: summary sentence indexes and keyphrase ranks, in document order."""

    def __init__(self):
        super().__init__()
        self.summary = []
        self.keyphrases = []
        self.listed = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "mark" and "abridge-summary" in classes:
            self.summary.append(int(attrs["data-sentence"]))
        elif tag == "mark" and "abridge-keyphrase" in classes:
            self.keyphrases.append(int(attrs["data-keyphrase"]))
        elif tag == "span" and "abridge-keyphrase" in classes:
            self.listed += 1


def check_marks(dom_path, json_path):
    with open(dom_path, encoding="utf-8") as f:
        marks = Marks()
        marks.feed(f.read())
        marks.close()
    with open(json_path, encoding="utf-8") as f:
        result = json.loads(f.read())
    selected = sorted(item["index"] for item in result["summary"])
    problems = []
    if not selected:
        problems.append("the JSON summary selects no sentence")
    if sorted(marks.summary) != selected:
        problems.append("marked summary sentences %s, --format json selects %s"
                        % (sorted(marks.summary), selected))
    if not marks.keyphrases:
        problems.append("no keyphrase is marked")
    if marks.listed == 0:
        problems.append("the legend lists no keyphrase")
    for rank in marks.keyphrases:
        if not 1 <= rank <= marks.listed:
            problems.append("a mark of keyphrase %d, the legend lists %d" % (rank, marks.listed))
            break
    for problem in problems:
        print("%s: %s" % (dom_path, problem))
    if not problems:
        print("%s: %d summary sentences marked as in the JSON %s, %d keyphrase marks"
              % (dom_path, len(marks.summary), selected, len(marks.keyphrases)))
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "valid":
        return check_valid(argv[2:])
    if len(argv) == 4 and argv[1] == "marks":
        return check_marks(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
