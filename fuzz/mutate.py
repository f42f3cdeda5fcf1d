#!/usr/bin/env python3
"""fuzz/mutate.py -- structure-aware mutator for chancheck's .chan (Go) inputs.

Usage: mutate.py OUTDIR COUNT SEED CORPUS_FILE...

Writes COUNT mutants OUTDIR/m-SEED-I.chan, each made from one random corpus
file by 1-4 mutations that mostly keep the program valid Go: line
duplicate/delete/swap, channel capacity changes, send<->receive swaps,
deleting close()/Done()/Unlock(), changing numbers, inserting go/defer/panic/
select{}/recover()/closures/recursion/big loops/huge arrays/map ranges/method
values/type switches/labels/goto/generics, crossover with another corpus file,
and (rarely) raw byte mutations.  Each mutant's first line is a comment that
names the seed file and the mutations applied, so a finding can be traced.
"""
import os
import random
import re
import sys

NUMS = ["0", "1", "-1", "2", "3", "7", "64", "255", "256", "1000", "65535",
        "65536", "1000000", "2147483647", "2147483648", "4294967295",
        "4294967296", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999", "0x7fffffff", "1<<62", "1e9", "0.5",
        "-2147483648", "'x'"]

# Statements inserted inside function bodies.  {v} is a fresh identifier.
SNIPPETS = [
    "go func() {}()",
    "go func() { select {} }()",
    "defer func() { recover() }()",
    "defer func() { _ = recover() }()",
    "defer func() { if r := recover(); r != nil { panic(r) } }()",
    'panic("fuzz")',
    "panic(nil)",
    "select {}",
    "recover()",
    "_ = recover()",
    "func() { func() { func() { func() {}() }() }() }()",
    "{v} := func() func() int { return func() int { return 1 } }(); _ = {v}()",
    "for {v} := 0; {v} < 1000000; {v}++ {}",
    "for {v} := 0; {v} < 100000000; {v}++ { _ = {v} }",
    "for {}",
    "for { break }",
    "var {v} [1 << 30]int; _ = {v}",
    "var {v} [1 << 62]byte; _ = {v}",
    "{v} := make([]int, 1<<40); _ = {v}",
    "{v} := [100000000]int{}; _ = {v}",
    '{v} := map[string]int{"a": 1, "b": 2}; for k, x := range {v} { _, _ = k, x }',
    "{v} := map[int]chan int{}; for _, c := range {v} { close(c) }",
    "var {v} interface{} = 1; switch t := {v}.(type) { case int: _ = t; case string: _ = t; default: _ = t }",
    "var {v} interface{} = 1; switch {v}.(type) { case chan int: ; case nil: }",
    "{v}: for i := 0; i < 3; i++ { for j := 0; j < 3; j++ { if j == 1 { continue {v} }; if i == 2 { break {v} } } }",
    "goto {v}; {v}:",
    "{v} := make(chan int); close({v}); close({v})",
    "{v} := make(chan int); go func() { {v} <- 1 }()",
    "{v} := make(chan int, 1); {v} <- 1; {v} <- 2",
    "var {v} chan int; <-{v}",
    "var {v} chan int; close({v})",
    "var {v} sync.Mutex; {v}.Lock(); {v}.Lock()",
    "var {v} sync.WaitGroup; {v}.Done()",
    "var {v} sync.WaitGroup; {v}.Add(1); {v}.Wait()",
    "var {v} sync.RWMutex; {v}.RLock(); {v}.Lock()",
    "var {v} sync.Once; {v}.Do(func() { {v}.Do(func() {}) })",
    "{v} := time.NewTicker(time.Second); _ = {v}",
    "{v} := time.After(time.Second); <-{v}",
    "{v} := fzT{}; {v}f := {v}.M; {v}f()",
    "{v} := &fzT{}; go {v}.M()",
    "fzRec(0)",
    "fzGen[int](1)",
    "defer fzRec(0)",
    "go fzRec(0)",
    "var {v} *fzT; {v}.M()",
    "var {v} *int; _ = *{v}",
    "{v} := []int{1, 2, 3}; _ = {v}[5]",
    "{v} := 0; _ = 1 / {v}",
    "{v} := []chan int{make(chan int), nil}; for _, c := range {v} { select { case <-c: default: } }",
    "{v} := make(chan chan int, 1); {v} <- make(chan int); <-<-{v}",
    "{v} := func(xs ...int) int { return len(xs) }; _ = {v}(1, 2, 3)",
    "var {v} func(); {v}()",
    "go func(c chan int) { for range c {} }(make(chan int))",
    "{v} := struct{ c chan int }{make(chan int)}; go func() { {v}.c <- 1 }(); <-{v}.c",
    "{v} := [...]chan int{make(chan int, 1)}; {v}[0] <- 1; <-{v}[0]",
    "var {v} [64][64][64]int; _ = {v}",
    "var {v} [16][16][16][16]chan int; _ = {v}",
    "{v} := make([][64]int, 65536); _ = {v}",
    "var {v} sync.WaitGroup; {v}.Add(9223372036854775807); {v}.Add(9223372036854775807)",
    "var {v} sync.WaitGroup; {v}.Add(-9223372036854775808)",
    "{v} := -9223372036854775808; _ = {v} / -1; _ = {v} % -1; _ = -{v}; _ = {v} * {v}",
    "{v} := -1; _ = 1 << {v}; _ = {v} >> 200",
    "{v} := 9223372036854775807; {v}++; _ = {v} + {v}",
    "{v} := make(chan int, 9223372036854775807); _ = {v}",
    "{v} := make([]int, -1); _ = {v}",
    "{v} := make([]int, 3, 2); _ = {v}",
    "{v} := []int{1}; _ = {v}[1:0]; _ = {v}[-1+len({v}):]",
    "time.Sleep(-1); time.Sleep(9223372036854775807)",
    "{v} := time.NewTimer(-1); <-{v}.C",
    "{v} := time.NewTicker(0); {v}.Stop()",
    "{v} := time.AfterFunc(time.Second, func() { panic(1) }); {v}.Stop()",
    "{v}, {v}c := context.WithTimeout(context.Background(), -1); {v}c(); <-{v}.Done()",
    "{v} := sync.NewCond(&sync.Mutex{}); {v}.Signal(); {v}.Broadcast()",
    "{v} := sync.NewCond(&sync.Mutex{}); {v}.Wait()",
    "runtime.Goexit()",
    "var {v} fzR; _ = {v}",
    "{v} := make([][256]int, 65536); {v}c := make(chan int, 1); {v}c <- 1; _ = {v}",
    "{v} := make(chan int); go func() { defer close({v}); runtime.Goexit() }(); <-{v}",
]

TOPLEVEL = [
    "func fzRec(n int) { fzRec(n + 1) }",
    "func fzRec(n int) int { if n > 1000000 { return n }; return fzRec(n + 1) }",
    "func fzGen[T any](x T) T { return x }",
    "type fzT struct{ c chan int }\n\nfunc (t fzT) M() {}",
    "type fzT struct{ c chan int }\n\nfunc (t *fzT) M() { t.c <- 1 }",
    "type fzG[T any] struct{ v T }",
    "type fzI interface{ M() }",
    "var fzGlobal = make(chan int)",
    # (an initialiser that never ends hangs chancheck: crashes/hang-init-infinite-loop.chan)
    "var fzGlobal = fzInit()\n\nfunc fzInit() chan int { n := 0; for i := 0; i < 1000000; i++ { n++ }; return make(chan int, n%3) }",
    "func init() { select {} }",
    "func init() { panic(1) }",
    "const fzBig = 1 << 100",
    "var fzArr [1 << 40]int",
    "func fzMutual(n int) { fzMutual2(n) }\n\nfunc fzMutual2(n int) { go fzMutual(n) }",
]

CHAN_MAKE = re.compile(r"make\((chan\s+[^,()]+?|chan\s+struct\{\}|chan\s+\w+\.\w+)(,\s*[^)]*)?\)")
SEND = re.compile(r"^(\s*)([\w.\[\]]+)\s*<-\s*(.+)$")
RECV = re.compile(r"<-\s*([\w.]+)")
NUM = re.compile(r"(?<![\w.])\d+(?![\w.])")


def fresh(rng):
    return "fz%d" % rng.randint(0, 99999)


def body_lines(lines):
    """Indices of statement lines inside function bodies: indented, not
    comments, not case clauses, and not continuations of the line before."""
    out = []
    infunc = False
    for i, l in enumerate(lines):
        if l.startswith("func ") and l.rstrip().endswith("{"):
            infunc = True
            continue
        if l.startswith("}"):
            infunc = False
            continue
        if not infunc or not l.startswith("\t") or not l.strip():
            continue
        t = l.strip()
        if t.startswith("//") or t.startswith("case ") or t.startswith("default"):
            continue
        prev = lines[i - 1].rstrip() if i else ""
        if prev.endswith((",", "(", "&&", "||", "+", "=")):
            continue
        out.append(i)
    return out


def m_dup_line(lines, rng, other):
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "dup-line"


def m_del_line(lines, rng, other):
    b = body_lines(lines) or list(range(len(lines)))
    del lines[rng.choice(b)]
    return "del-line"


def m_swap_lines(lines, rng, other):
    b = body_lines(lines)
    if len(b) < 2:
        return None
    i = rng.choice(b)
    j = rng.choice([k for k in b if abs(k - i) < 6] or b)
    lines[i], lines[j] = lines[j], lines[i]
    return "swap-lines"


def m_cap(lines, rng, other):
    idx = [i for i, l in enumerate(lines) if "make(chan" in l]
    if not idx:
        return None
    i = rng.choice(idx)
    cap = rng.choice(["", ", 0", ", 1", ", 2", ", 3", ", 100", ", -1", ", 1<<31",
                      ", 1<<62", ", 100000000", ", n", ", len(x)"])
    lines[i] = CHAN_MAKE.sub(lambda m: "make(%s%s)" % (m.group(1).rstrip(), cap), lines[i], count=1)
    return "cap" + cap.replace(" ", "")


def m_swap_dir(lines, rng, other):
    idx = [i for i, l in enumerate(lines) if "<-" in l and "chan" not in l]
    if not idx:
        return None
    i = rng.choice(idx)
    l = lines[i]
    m = SEND.match(l)
    if m and not m.group(3).startswith("-"):
        lines[i] = "%s<-%s" % (m.group(1), m.group(2))
        return "send->recv"
    m = RECV.search(l)
    if m:
        ind = re.match(r"\s*", l).group(0)
        if l.strip().startswith("case "):
            lines[i] = "%scase %s <- %s:" % (ind, m.group(1), rng.choice(["0", "nil", "struct{}{}", '""']))
        else:
            lines[i] = "%s%s <- %s" % (ind, m.group(1), rng.choice(["0", "nil", "struct{}{}", '""', "true"]))
        return "recv->send"
    return None


def m_del_sync(lines, rng, other):
    pat = re.compile(r"\b(close\(|\.Done\(\)|\.Unlock\(\)|\.RUnlock\(\)|\.Stop\(\)|cancel\(\)|\.Wait\(\)|\.Add\(|\.Signal\(\)|\.Broadcast\(\))")
    idx = [i for i, l in enumerate(lines) if pat.search(l)]
    if not idx:
        return None
    i = rng.choice(idx)
    if rng.random() < 0.5 and lines[i].strip().startswith("defer "):
        lines[i] = lines[i].replace("defer ", "", 1)
        return "undefer"
    del lines[i]
    return "del-sync"


def m_num(lines, rng, other):
    idx = [i for i, l in enumerate(lines) if NUM.search(l) and not l.lstrip().startswith("//")]
    if not idx:
        return None
    i = rng.choice(idx)
    ms = list(NUM.finditer(lines[i]))
    m = rng.choice(ms)
    lines[i] = lines[i][:m.start()] + rng.choice(NUMS) + lines[i][m.end():]
    return "num"


def m_go(lines, rng, other):
    idx = [i for i in body_lines(lines) if re.match(r"^\s+[\w.]+\(.*\)\s*$", lines[i])]
    if not idx:
        return None
    i = rng.choice(idx)
    ind = re.match(r"\s*", lines[i]).group(0)
    pre = rng.choice(["go ", "defer "])
    lines[i] = ind + pre + lines[i].strip()
    return "insert-" + pre.strip()


def m_ungo(lines, rng, other):
    idx = [i for i, l in enumerate(lines) if re.match(r"^\s+(go|defer) ", l)]
    if not idx:
        return None
    i = rng.choice(idx)
    lines[i] = re.sub(r"^(\s+)(go|defer) ", r"\1", lines[i])
    return "remove-go/defer"


def m_snippet(lines, rng, other):
    b = body_lines(lines)
    if not b:
        return None
    i = rng.choice(b)
    ind = re.match(r"\s*", lines[i]).group(0) or "\t"
    s = rng.choice(SNIPPETS)
    v = fresh(rng)
    s = s.replace("{v}", v)
    if "fzRec" in s and not any("func fzRec" in l for l in lines):
        lines.append("")
        lines.extend(TOPLEVEL[rng.choice([0, 1])].split("\n"))
    if "fzGen" in s and not any("func fzGen" in l for l in lines):
        lines.append("")
        lines.extend(TOPLEVEL[2].split("\n"))
    if "fzR" in s and not any("type fzR" in l for l in lines):
        # an invalid recursive type: crashes/asan-stack-overflow-recursive-struct.chan
        lines.append("")
        lines.append(rng.choice(["type fzR struct{ r fzR }", "type fzR struct{ a [2]fzR }",
                                 "type fzR struct{ fzR2 }\ntype fzR2 struct{ fzR }"]))
    if "fzT" in s and not any("type fzT" in l for l in lines):
        lines.append("")
        lines.extend(TOPLEVEL[rng.choice([3, 4])].split("\n"))
    if re.search(r"\bsync\.", s) and not any('"sync"' in l for l in lines):
        add_import(lines, "sync")
    for pkg in ("time", "context", "runtime"):
        if re.search(r"\b%s\." % pkg, s) and not any('"%s"' % pkg in l for l in lines):
            add_import(lines, pkg)
    lines.insert(i, ind + s)
    return "snippet:" + s.split()[0][:12]


def add_import(lines, pkg):
    for i, l in enumerate(lines):
        if l.startswith("import ("):
            lines.insert(i + 1, '\t"%s"' % pkg)
            return
        if l.startswith("package "):
            lines.insert(i + 1, 'import "%s"' % pkg)
            return


def m_toplevel(lines, rng, other):
    t = rng.choice(TOPLEVEL)
    name = re.search(r"(func|type|var|const) (\w+)", t)
    if name and any(re.match(r"(func|type|var|const) %s\b" % name.group(2), l) for l in lines):
        return None
    lines.append("")
    lines.extend(t.split("\n"))
    return "toplevel:" + (name.group(2) if name else t[:10])


def m_crossover(lines, rng, other):
    """Copies one top-level function of OTHER into this file (renamed if it clashes)."""
    funcs = []
    cur = None
    for i, l in enumerate(other):
        if l.startswith("func "):
            cur = i
        elif l.startswith("}") and cur is not None:
            funcs.append(other[cur:i + 1])
            cur = None
    if not funcs:
        return None
    f = list(rng.choice(funcs))
    m = re.match(r"func (\([^)]*\) )?(\w+)", f[0])
    if m and any(re.match(r"func (\([^)]*\) )?%s\b" % m.group(2), l) for l in lines):
        f[0] = f[0].replace(m.group(2) + "(", m.group(2) + "X(", 1)
    lines.append("")
    lines.extend(f)
    return "crossover"


def m_splice_line(lines, rng, other):
    ob = body_lines(other)
    b = body_lines(lines)
    if not ob or not b:
        return None
    lines.insert(rng.choice(b), other[rng.choice(ob)])
    return "splice-line"


def m_block(lines, rng, other):
    """Wraps a body line in a construct: for loop, if, closure, go closure, select."""
    b = body_lines(lines)
    if not b:
        return None
    i = rng.choice(b)
    l = lines[i]
    if l.rstrip().endswith("{") or l.strip().startswith("}"):
        return None
    ind = re.match(r"\s*", l).group(0)
    w = rng.choice(["for i := 0; i < 3; i++ { %s }", "for { %s }", "if true { %s }",
                    "func() { %s }()", "go func() { %s }()", "defer func() { %s }()",
                    "select { default: %s }", "for range make([]int, 100000) { %s }",
                    "switch { case true: %s; fallthrough; default: }"])
    lines[i] = ind + (w % l.strip())
    return "wrap"


def m_bytes(data, rng):
    b = bytearray(data.encode("utf-8", "surrogateescape"))
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(4)
        if not b:
            break
        p = rng.randrange(len(b))
        if op == 0:
            b[p] = rng.randrange(256)
        elif op == 1:
            del b[p:p + rng.randint(1, 16)]
        elif op == 2:
            b[p:p] = bytes([rng.choice(b"{}()[]<-:;=,.\"'`\n\t/*0x")])
        else:
            q = rng.randrange(len(b))
            b[p:p] = b[q:q + rng.randint(1, 32)]
    return bytes(b)


OPS = [(m_dup_line, 3), (m_del_line, 3), (m_swap_lines, 3), (m_cap, 4), (m_swap_dir, 4),
       (m_del_sync, 4), (m_num, 3), (m_go, 3), (m_ungo, 2), (m_snippet, 10),
       (m_toplevel, 2), (m_crossover, 2), (m_splice_line, 2), (m_block, 4)]


def mutate(src, other, rng):
    lines = src.split("\n")
    names = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
        ops, weights = zip(*OPS)
        op = rng.choices(ops, weights)[0]
        r = op(lines, rng, other.split("\n"))
        if r:
            names.append(r)
        if not lines:
            lines = [""]
    return "\n".join(lines), names


def main():
    outdir, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    corpus = sys.argv[4:]
    rng = random.Random(seed)
    texts = {}
    for p in corpus:
        with open(p, encoding="utf-8", errors="surrogateescape") as f:
            texts[p] = f.read()
    for k in range(count):
        p = rng.choice(corpus)
        o = rng.choice(corpus)
        out = os.path.join(outdir, "m-%d-%d.chan" % (seed, k))
        if rng.random() < 0.06:
            data = m_bytes(texts[p], rng)
            with open(out, "wb") as f:
                f.write(("// fuzz: %s bytes\n" % os.path.basename(p)).encode() + data)
            continue
        text, names = mutate(texts[p], texts[o], rng)
        with open(out, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("// fuzz: %s %s\n%s" % (os.path.basename(p), " ".join(names), text))


if __name__ == "__main__":
    main()
