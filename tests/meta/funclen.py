#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""funclen.py: the functions of C files and their lengths in lines.

    tests/meta/funclen.py [--over N] FILE...

prints "FILE:LINE: NAME LENGTH" for every function definition (LENGTH counts
from the line of the function's name to the line of its closing brace), or
only those longer than N lines. Comments, string and character literals and
preprocessor lines are blanked before braces are counted, so a brace in
"{", '}' or /* { */ does not mislead it. Exit 1 when a file's braces do not
balance (a function opened in one #if branch and closed in another).
tests/meta/sizes.sh uses it (import: functions(text) -> [(name, line, length)]).
"""
import sys


def blank(text):
    """text with comments, literals and preprocessor lines turned into blanks
    (newlines kept, so line numbers stay)."""
    out = []
    i, n = 0, len(text)
    line_start = True  # only blanks so far on this line
    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            i += 1
            line_start = True
            continue
        if line_start and c == "#":
            # a preprocessor line, with its backslash continuations
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append(" \n")
                    i += 2
                    continue
                if text.startswith("/*", i):  # a comment may span lines
                    j = text.find("*/", i + 2)
                    j = n if j < 0 else j + 2
                    out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
                    i = j
                    continue
                out.append(" ")
                i += 1
            continue
        if c in " \t\r\f\v":
            out.append(c)
            i += 1
            continue
        line_start = False
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + "".join(ch if ch == "\n" else " " for ch in text[i + 1:j - 1]) + c)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(text):
    """[(name, line, length)] of the function definitions in C text; raises
    ValueError when the braces do not balance."""
    t = blank(text)
    res = []
    depth = 0
    start = None  # (name, line) of the function being read
    for i, c in enumerate(t):
        if c == "{":
            if depth == 0:
                start = definition_at(t, i)
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                raise ValueError("line %d: a '}' closes nothing" % (t.count("\n", 0, i) + 1))
            if depth == 0 and start:
                end = t.count("\n", 0, i) + 1
                res.append((start[0], start[1], end - start[1] + 1))
                start = None
    if depth != 0:
        raise ValueError("the braces do not balance (%d left open)" % depth)
    return res


def definition_at(t, i):
    """(name, line) when the '{' at i opens a function body: the last thing
    before it is the ')' closing a parameter list that follows a name."""
    j = i - 1
    while j >= 0 and t[j].isspace():
        j -= 1
    if j < 0 or t[j] != ")":
        return None  # struct, enum, union or an initializer
    depth = 0
    while j >= 0:
        if t[j] == ")":
            depth += 1
        elif t[j] == "(":
            depth -= 1
            if depth == 0:
                break
        j -= 1
    j -= 1
    while j >= 0 and t[j].isspace():
        j -= 1
    e = j + 1
    while j >= 0 and (t[j].isalnum() or t[j] == "_"):
        j -= 1
    name = t[j + 1:e]
    if not name or name[0].isdigit():
        return None
    return name, t.count("\n", 0, j + 1) + 1


def main(argv):
    over = 0
    if len(argv) >= 2 and argv[0] == "--over":
        over = int(argv[1])
        argv = argv[2:]
    if not argv:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    rc = 0
    for path in argv:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                fns = functions(f.read())
        except (OSError, ValueError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            rc = 1
            continue
        for name, line, length in fns:
            if length > over:
                print("%s:%d: %s %d" % (path, line, name, length))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
