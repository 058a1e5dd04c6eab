#!/bin/sh
# Builds the release of one commit: static iadsim binaries (CGO_ENABLED=0,
# -trimpath) for every platform, their SHA-256 sums and a software bill of
# materials (CycloneDX JSON, from the build information in the binary).
#
#   scripts/release.sh [REF] [OUT]     # REF: a tag or commit (HEAD); OUT: dist/
#   PLATFORMS=linux/amd64 scripts/release.sh HEAD /tmp/dist
#
# The build runs in a fresh clone of REF, so that what is released is what
# was committed and the binaries carry its version, commit and time (tag
# v1.2.0 and `iadsim version` prints v1.2.0). Files in OUT:
#
#   iadsim-VERSION-OS-ARCH[.exe]   one per platform
#   iadsim-VERSION-OS-ARCH.tar.gz  the binary as iadsim with LICENSE, NOTICE
#   (.zip for Windows)             and README.md, in a folder of that name
#   SHA256SUMS                     sha256sum -c SHA256SUMS checks them all
#
# The same commit gives the same bytes in every file, on any machine with
# the same Go: -trimpath and an empty build ID in the binaries, and
# archives packed by internal/distpack with the commit's time, root as
# owner and fixed modes (.ci/run builds twice, in two fresh clones, and
# compares SHA256SUMS).
#   sbom.cdx.json                  modules linked, versions, hashes, licences
#
# Then a container image from the linux/amd64 binary (Containerfile):
#   podman build -f Containerfile --build-arg BINARY=OUT/iadsim-VERSION-linux-amd64 -t iadsim:VERSION .
set -eu

REF=${1:-HEAD}
OUT=${2:-dist}
PLATFORMS=${PLATFORMS:-"linux/amd64 linux/arm64 darwin/arm64 windows/amd64"}

repo=$(git rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse --verify "$REF^{commit}")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

git clone --quiet "$repo" "$tmp/src"
git -C "$tmp/src" checkout --quiet "$commit"
# A tag on the commit in the repository is the release's version.
for tag in $(git -C "$repo" tag --points-at "$commit"); do
  git -C "$tmp/src" tag -f "$tag" "$commit" >/dev/null
done
cd "$tmp/src"

version=$(git describe --tags --exact-match 2>/dev/null || echo "$commit" | cut -c1-12)
# Every archive entry is dated to the commit, not to the build.
mtime=$(git log -1 --format=%ct "$commit")
GOFLAGS= go build -o "$tmp/distpack" ./internal/distpack
rm -f "$OUT"/iadsim-* "$OUT/SHA256SUMS" "$OUT/sbom.cdx.json"
for p in $PLATFORMS; do
  os=${p%/*}
  arch=${p#*/}
  ext=""
  [ "$os" = windows ] && ext=.exe
  bin="$OUT/iadsim-$version-$os-$arch$ext"
  # -buildvcs=true: record the commit even where GOFLAGS turns it off;
  # -buildid= and -trimpath: the same source gives the same bytes.
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch GOFLAGS= \
    go build -buildvcs=true -trimpath -ldflags="-s -w -buildid=" -o "$bin" ./cmd/iadsim
  arc="$OUT/iadsim-$version-$os-$arch.tar.gz"
  [ "$os" = windows ] && arc="$OUT/iadsim-$version-$os-$arch.zip"
  "$tmp/distpack" -o "$arc" -mtime "$mtime" "iadsim$ext=$bin" LICENSE NOTICE README.md
  echo "built $bin and $arc"
done

host="$OUT/iadsim-$version-$(go env GOOS)-$(go env GOARCH)"
[ -f "$host" ] || host=$(ls "$OUT"/iadsim-"$version"-* | head -1)
GOFLAGS= go run ./internal/sbom -licences docs/data-sources.md "$host" >"$OUT/sbom.cdx.json"

cd "$OUT"
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum iadsim-"$version"-* sbom.cdx.json >SHA256SUMS
else
  shasum -a 256 iadsim-"$version"-* sbom.cdx.json >SHA256SUMS
fi
cat SHA256SUMS
