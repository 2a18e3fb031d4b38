#!/usr/bin/env python3
"""The house rules of the source tree (docs/ARCHITECTURE.md), checked on every test run.

1. The domain's areas depend one way. `domain/src/<area>/` folders are areas, in the order of
   AREAS; every other file or folder in `domain/src` is the kernel. The kernel uses no area; an area
   uses the kernel and the areas before it, never one after it; no two kernel files use each other
   in a loop.
2. No source file is over 800 lines (Rust, TypeScript; tests included).
3. Every address is named once, in the route table (`types/src/paths.rs`): no string literal in
   the code of `app`, `server` or `domain` (tests aside) starts with `/api/` or with one of the
   table's page segments (`"/ho-so/…"`, `"/thu-ky"`, …); links, redirects, form actions and routes
   are built from `types::paths` (and `app::paths::api::<ServerFn>()`).
4. No server function (`#[server…]` to the end of its body) is over 30 lines: it takes the caller,
   parses, calls one service and maps the answer; composition lives in the domain, DTO mapping in
   `From` impls beside it.
5. Failures keep their causes (`domain/src/error.rs`): no error of `domain`, `server` or `app` is
   built from a message string (`Error::X(format!(…))`, `Error::X(e.to_string())`, a variant
   holding a bare `String` called `Internal`); wrap the cause as a `#[source]` instead.

Exit status 1 when a rule is broken, with one line per breach. `--graph` prints the area graph.
"""
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOMAIN = os.path.join(ROOT, "domain", "src")
# Lowest first: an area may use only the kernel and the areas before it.
AREAS = ["catalog", "accounts", "submission", "review", "council", "documents", "public", "admin"]
MAX_LINES = 800
SOURCE_DIRS = ["types/src", "domain/src", "domain/tests", "domain/benches", "migrations/src",
               "app/src", "frontend/src", "server/src", "server/tests", "server/examples",
               "end2end/tests"]
# Not counted: files nobody writes by hand.
GENERATED = set()


def rust_files(top):
    for dirpath, _, names in os.walk(top):
        for name in names:
            if name.endswith(".rs"):
                yield os.path.join(dirpath, name)


def unit_of(rel):
    """The area (or kernel module) a file of domain/src belongs to."""
    top = rel.split(os.sep)[0]
    return top[:-3] if top.endswith(".rs") else top


def code_only(text):
    """The text without test modules and comments (a doc comment may name any module)."""
    text = text.split("#[cfg(test)]")[0]
    return re.sub(r"//[^\n]*", "", text)


def used_units(text, units):
    found = set(re.findall(r"\bcrate::(\w+)", text))
    for group in re.findall(r"\bcrate::\{([^}]*)\}", text, re.S):
        found |= set(re.findall(r"(?:^|,)\s*(\w+)", group))
    return found & units


def domain_graph():
    files = {os.path.relpath(p, DOMAIN): p for p in rust_files(DOMAIN)}
    units = {unit_of(r) for r in files} - {"lib", "testing"}
    edges = collections.defaultdict(set)
    for rel, path in files.items():
        unit = unit_of(rel)
        if unit in ("lib", "testing"):
            continue
        with open(path, encoding="utf-8") as f:
            for used in used_units(code_only(f.read()), units):
                if used != unit:
                    edges[unit].add(used)
    return units, edges


def rank(unit):
    return AREAS.index(unit) + 1 if unit in AREAS else 0


def cycles(edges):
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def check_domain(errors, show):
    units, edges = domain_graph()
    for area in AREAS:
        if area not in units:
            errors.append(f"domain/src/{area}/: the area is missing (scripts/check_structure.py AREAS)")
    for unit in sorted(edges):
        for used in sorted(edges[unit]):
            if rank(used) > rank(unit):
                errors.append(f"domain: {unit} uses {used}, an area above it (lowest first: "
                              f"kernel, {', '.join(AREAS)})")
    for comp in cycles(edges):
        errors.append(f"domain: import loop between {', '.join(comp)}")
    if show:
        for unit in sorted(edges, key=lambda u: (rank(u), u)):
            kind = "area" if unit in AREAS else "kernel"
            print(f"{kind:6} {unit:12} -> {' '.join(sorted(edges[unit]))}")


def check_lengths(errors):
    for top in SOURCE_DIRS:
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            for name in names:
                if not name.endswith((".rs", ".ts")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, ROOT)
                if rel in GENERATED:
                    continue
                with open(path, encoding="utf-8") as f:
                    n = sum(1 for _ in f)
                if n > MAX_LINES:
                    errors.append(f"{rel}: {n} lines (at most {MAX_LINES}; split it by what it does)")


def segments():
    """The page segments of the route table (`pub const X: &str = "seg";` in `mod seg`)."""
    with open(os.path.join(ROOT, "types", "src", "paths.rs"), encoding="utf-8") as f:
        text = f.read()
    block = text[text.index("pub mod seg"):]
    block = block[:block.index("\n}\n")]
    return re.findall(r'pub const \w+: &str = "([^"]+)";', block)


def check_addresses(errors):
    seg = "|".join(re.escape(s) for s in segments())
    literal = re.compile(r'"(/api/[^"]*|/(?:' + seg + r')(?:[/?#{"][^"]*)?)"')
    for top in ["app/src", "server/src", "domain/src"]:
        for path in rust_files(os.path.join(ROOT, top)):
            if os.path.basename(path) == "paths.rs":
                continue
            rel = os.path.relpath(path, ROOT)
            with open(path, encoding="utf-8") as f:
                code = code_only(f.read())
            for n, line in enumerate(code.split("\n"), 1):
                for m in literal.finditer(line):
                    errors.append(f"{rel}:{n}: the address \"{m.group(1)}\" is written by hand "
                                  f"(build it with types::paths)")


def server_functions():
    """(file, name, lines) of every server function: `#[server…]` to the end of its body."""
    out = []
    for path in rust_files(os.path.join(ROOT, "app", "src")):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            if not line.startswith("#[server"):
                continue
            j = i
            while "fn " not in lines[j]:
                j += 1
            name = re.search(r"fn (\w+)", lines[j]).group(1)
            depth, k, opened = 0, j, False
            while True:
                depth += lines[k].count("{") - lines[k].count("}")
                opened = opened or "{" in lines[k]
                if opened and depth == 0:
                    break
                k += 1
            out.append((os.path.relpath(path, ROOT), name, k - i + 1))
    return out


def check_server_functions(errors):
    for file, name, n in server_functions():
        if n > 30:
            errors.append(f"{file}: server function {name} is {n} lines (at most 30: move "
                          "composition into the domain, mapping into a From impl)")


def check_error_causes(errors):
    stringly = re.compile(r"\bError::\w+\(\s*(?:format!|[\w.]+\.to_string\(\))|\bInternal\(String\)")
    for top in ["domain/src", "server/src", "app/src"]:
        for path in rust_files(os.path.join(ROOT, top)):
            rel = os.path.relpath(path, ROOT)
            with open(path, encoding="utf-8") as f:
                code = code_only(f.read())
            for n, line in enumerate(code.split("\n"), 1):
                if stringly.search(line):
                    errors.append(f"{rel}:{n}: an error built from a message string (keep the "
                                  "cause as a #[source]: domain/src/error.rs)")


def main():
    show = "--graph" in sys.argv
    if "--server-functions" in sys.argv:
        for file, name, n in sorted(server_functions(), key=lambda f: -f[2]):
            print(f"{n:4} {name} ({file})")
        return 0
    errors = []
    check_domain(errors, show)
    check_lengths(errors)
    check_addresses(errors)
    check_server_functions(errors)
    check_error_causes(errors)
    for e in errors:
        print(e)
    if errors:
        print(f"{len(errors)} breach(es) of the structure rules (docs/ARCHITECTURE.md)")
        return 1
    print("structure: domain areas one way, no loop, no file over "
          f"{MAX_LINES} lines, every address from the route table, no server function over 30 lines, "
          "every failure with its cause")
    return 0


if __name__ == "__main__":
    sys.exit(main())
