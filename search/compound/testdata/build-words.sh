#!/bin/sh
# build-words.sh regenerates words.txt, the embedded list of compound parts,
# from the OpenTaal word list shipped by Debian's wdutch package.
#
# Usage, from the module root (needs perl and go):
#
#   apt-get install -y wdutch
#   sh search/compound/testdata/build-words.sh [/usr/share/dict/dutch]
#
# Steps:
#   1. Fold: decode UTF-8, decompose (NFD) and drop combining marks, so
#      "financiën" becomes "financien" (the analyzer folds diacritics before
#      the compound filter runs).
#   2. Keep only entries that are entirely lowercase ASCII letters a-z after
#      folding (drops proper nouns and abbreviations with capitals such as
#      "Amsterdam" and "AOW", and entries with digits, spaces, hyphens, dots or
#      apostrophes such as "abc's" and "e-mail"), of 3 to 20 letters.
#   3. Reduce (internal/buildwords): keep only words that are a part of at
#      least 2 two-part compounds of that folded list (W = A + linker + B, A
#      and B listed, linker "", "s" or "en", len(A) >= 3, len(B) >= 4). Words
#      that never occur as a part are useless to the splitter; this takes the
#      list from ~340,000 to ~24,000 words.
#   4. Add testdata/domain-words.txt (sociaal domein words, some missing from
#      OpenTaal, the others kept even when step 3 would drop them).
#   5. Sort (byte order) and de-duplicate; write search/compound/words.txt.
set -eu
src=${1:-/usr/share/dict/dutch}
dir=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
perl -CSD -MUnicode::Normalize -ne '
	chomp;
	my $w = NFD($_);
	$w =~ s/\p{Mn}//g;
	print "$w\n" if $w =~ /^[a-z]{3,20}$/;
' "$src" | LC_ALL=C sort -u >"$tmp"
echo "folded list: $(wc -l <"$tmp") words" >&2
(cd "$dir" && go run ./internal/buildwords -min 2 -keep testdata/domain-words.txt) <"$tmp" >"$dir/words.txt"
echo "words.txt: $(wc -l <"$dir/words.txt") words, $(wc -c <"$dir/words.txt") bytes" >&2
echo "domain words not in the folded OpenTaal list:" >&2
LC_ALL=C sort -u "$dir/testdata/domain-words.txt" | LC_ALL=C comm -23 - "$tmp" | tr '\n' ' ' >&2
echo >&2
