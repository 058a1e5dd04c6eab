#!/usr/bin/env bash
# Builds the Containerfile's image from a static linux binary, with no
# container engine or daemon: Debian's buildah, as root, with the vfs
# storage driver and chroot isolation (what works in a sandbox with no
# overlay mounts or user namespaces), and writes it as an OCI image
# layout (the image-spec's directory form, which podman, skopeo, crane
# and containerd import: skopeo copy oci:OUT:iadsim docker://...).
#
#   scripts/container.sh dist/iadsim-VERSION-linux-amd64 OUT [TAG]
#
# No network: the image is FROM scratch, and the build context is the
# binary, the examples and the schema, copied into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/container.sh BINARY OUT [TAG]}
out=${2:?usage: scripts/container.sh BINARY OUT [TAG]}
tag=${3:-iadsim:latest}
command -v buildah >/dev/null || { echo "container.sh: buildah not found (apt-get install buildah)" >&2; exit 2; }
ctx=$(mktemp -d)
storage=$(mktemp -d)
cleanup() {
  buildah --root "$storage/root" --runroot "$storage/run" --storage-driver vfs rmi -a -f >/dev/null 2>&1 || true
  rm -rf "$ctx" "$storage"
}
trap cleanup EXIT
cp Containerfile "$ctx/"
cp -r examples "$ctx/examples"
mkdir -p "$ctx/schema"
cp schema/scenario.schema.json "$ctx/schema/"
cp "$bin" "$ctx/iadsim-bin"
b=(buildah --root "$storage/root" --runroot "$storage/run" --storage-driver vfs)
"${b[@]}" bud --quiet --isolation chroot -f Containerfile --build-arg BINARY=iadsim-bin -t "$tag" "$ctx" >/dev/null
rm -rf "$out"
"${b[@]}" push --quiet "$tag" "oci:$out:${tag#*:}" >/dev/null
# The image runs: its entrypoint prints the version, as root in a chroot.
c=$("${b[@]}" from --quiet "$tag")
"${b[@]}" run --isolation chroot "$c" -- /iadsim version
"${b[@]}" rm "$c" >/dev/null
