#!/bin/sh
# The habits of a public project: the licence, a changelog whose top entry
# is the version that --version prints, the data's terms beside the data,
# documentation whose links lead somewhere in the repository, and `make uninstall` removing exactly what `make install` installed (under
# a PREFIX, and under a DESTDIR). make runs with -o sanctsim, so that it
# installs the ./sanctsim under test instead of building another, and with
# BUILD in $TMP, so that the PREFIX it is given leaves the build's settings
# (build/flags, which a new PREFIX would make the next build redo) alone.
. tests/lib.sh

check "LICENSE is the MIT licence of the sanctsim authors" sh -c "
    head -n 1 LICENSE | grep -qx 'MIT License' &&
    grep -q '^Copyright (c) [0-9]* the sanctsim authors$' LICENSE"
version=$(./sanctsim --version | sed -n 's/^sanctsim //p')
check "CHANGELOG.md's top entry is the version that --version prints ($version)" test \
    "$(grep -m 1 '^## ' CHANGELOG.md | sed 's/^## \[\([^]]*\)\].*/\1/')" = "$version"
check "the world-2019 data state their sources' terms" \
    grep -q '^## Terms of use' scenarios/data/world-2019/README.md
check "the illustrative world states its terms" grep -q 'Terms' scenarios/data/illustrative/README.md
check "the test data state their terms" grep -q 'MIT licence' tests/data/README.md

# Every link of the project's Markdown files (those git tracks; all outside
# build folders when there is no git) that is not a web address names a file
# of the repository, and its #anchor, if any, a heading of that file
# (GitHub's rule: lower case, spaces to hyphens, other punctuation dropped,
# -1, -2 ... after a repeated heading). Fenced blocks are not looked into.
# The test counts what it checked, so that a parser that finds nothing fails.
check "the documentation's links lead to files and headings that exist" python3 -c '
import os, re, subprocess, sys
def prose(path):
    lines, fence = [], None
    for line in open(path, encoding="utf-8"):
        m = re.match(r" {0,3}(```|~~~)", line)
        if m and fence is None:
            fence = m.group(1)
        elif m and m.group(1) == fence:
            fence = None
        elif fence is None:
            lines.append(line)
    return "".join(lines)
def anchors(path):
    out, seen = set(), {}
    for m in re.finditer(r"^#+ (.*)$", prose(path), flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else "%s-%d" % (slug, n))
    return out
try:
    files = subprocess.run(["git", "ls-files", "-z", "*.md"], capture_output=True, text=True,
                           check=True).stdout.split("\0")[:-1]
except (OSError, subprocess.CalledProcessError):
    files = [os.path.join(top, f)[2:] for top, dirs, names in os.walk(".") for f in names
             if f.endswith(".md") and not re.search(r"(^|/)(\.|build)", top[2:])]
bad, links, heads = [], 0, 0
for src in files:
    top = os.path.dirname(src)
    for link in re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", prose(src)):
        if re.match(r"[a-z]+:", link):
            continue
        links += 1
        path, _, anchor = link.partition("#")
        target = os.path.normpath(os.path.join(top, path)) if path else src
        heads += bool(anchor)
        if not os.path.exists(target):
            bad.append(src + ": " + link)
        elif anchor and target.endswith(".md") and anchor not in anchors(target):
            bad.append(src + ": " + link)
print("\n".join(bad), file=sys.stderr)
print("%d files, %d links, %d to headings" % (len(files), links, heads), file=sys.stderr)
sys.exit(1 if bad or "README.md" not in files or links < 50 or heads < 20 else 0)
'

# tree DIR: every file and folder below DIR, one line each.
tree() {
    (cd "$1" && find . | sort)
}

P=$TMP/prefix
mkdir -p "$P/bin" "$P/share" && echo mine >"$P/bin/other"
tree "$P" >"$TMP/before"
check "make install PREFIX=..." make -s -o sanctsim BUILD="$TMP/build" install PREFIX="$P"
check "it installs the program" cmp -s sanctsim "$P/bin/sanctsim"
check "and every chart script" sh -c '
    for f in plots/*.gp; do cmp -s "$f" "$1/share/sanctsim/$f" || exit 1; done' sh "$P"
check "the installed program finds its chart scripts" sh -c "
    '$P/bin/sanctsim' run scenarios/illustrative.ini --out '$TMP/run' >/dev/null &&
    env -u SANCTSIM_PLOTS '$P/bin/sanctsim' plot '$TMP/run' --only leakage --format svg >/dev/null"
check "and the licence" cmp -s LICENSE "$P/share/sanctsim/LICENSE"
check "and the 2019 world, with its terms" sh -c '
    for f in scenarios/data/world-2019/*; do
        cmp -s "$f" "$1/share/sanctsim/worlds/world-2019/${f##*/}" || exit 1; done' sh "$P"
cp scenarios/eurasian-roundabout.ini "$TMP/copied.ini"
check "a copied default scenario finds the installed world" sh -c "
    env SANCTSIM_WORLDS='$P/share/sanctsim/worlds' '$P/bin/sanctsim' check '$TMP/copied.ini' |
    grep -q 'world-2019 (60 countries'"
check "make uninstall PREFIX=..." make -s -o sanctsim BUILD="$TMP/build" uninstall PREFIX="$P"
tree "$P" >"$TMP/after"
check "uninstall leaves the prefix as it was before install" cmp "$TMP/before" "$TMP/after"

check "make install DESTDIR=... PREFIX=/opt/sanctsim" \
    make -s -o sanctsim BUILD="$TMP/build" install DESTDIR="$TMP/dest" PREFIX=/opt/sanctsim
check "(under DESTDIR)" test -x "$TMP/dest/opt/sanctsim/bin/sanctsim"
echo mine >"$TMP/dest/opt/sanctsim/share/sanctsim/plots/mine.gp"
check "make uninstall DESTDIR=... PREFIX=/opt/sanctsim" \
    make -s -o sanctsim BUILD="$TMP/build" uninstall DESTDIR="$TMP/dest" PREFIX=/opt/sanctsim
check "uninstall removes only what install installed (a file of the user's stays)" test \
    "$(find "$TMP/dest" -type f | sed "s|^$TMP/dest||")" = /opt/sanctsim/share/sanctsim/plots/mine.gp

finish
