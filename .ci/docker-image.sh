#!/usr/bin/env bash
# Makes sure a Docker engine runs and the integration tests' base image exists, building it locally
# (no registry is reachable here): a Debian minbase root filesystem from debootstrap, plus a JRE
# made by jlink from the build's JDK. Idempotent: a second run reuses the engine and the image.
#
# The image name is a setting: CAPAS_IT_IMAGE (default capas-it-base:1). A user with a registry can
# point the tests at e.g. eclipse-temurin:21-jre instead and skip this script.
set -euo pipefail
IMAGE="${CAPAS_IT_IMAGE:-capas-it-base:1}"
WORK="${CAPAS_IMAGE_WORKDIR:-/var/cache/capas-image}"
SUITE=bookworm
PACKAGES=python3,nginx-light,nftables,iproute2,procps,ca-certificates

log() { echo "[docker-image] $*"; }

install_engine() {
  if ! command -v dockerd >/dev/null; then
    log "installing docker.io"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  if ! command -v debootstrap >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
}

start_engine() {
  if docker info >/dev/null 2>&1; then return; fi
  log "starting dockerd in the background"
  nohup dockerd >/var/log/capas-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return
    sleep 1
  done
  log "dockerd did not come up; last lines of its log:"
  tail -20 /var/log/capas-dockerd.log >&2
  exit 1
}

# The Debian mirror is the one this machine's apt already uses (no host is named in the repository).
debian_mirror() {
  local uri
  uri=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^\s*deb\s' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  fi
  echo "$uri"
}

find_jdk() {
  local j
  for j in /usr/lib/jvm/*; do
    if [ -x "$j/bin/jlink" ]; then
      local v
      v=$("$j/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
      if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "$j"; return; fi
    fi
  done
}

build_image() {
  local mirror jdk rootfs
  mirror=$(debian_mirror)
  jdk=$(find_jdk)
  [ -n "$jdk" ] || { log "no JDK 21+ with jlink under /usr/lib/jvm"; exit 1; }
  rootfs="$WORK/rootfs"
  mkdir -p "$WORK"
  if [ ! -f "$WORK/rootfs.done" ]; then
    log "debootstrap $SUITE (minbase + $PACKAGES) into $rootfs"
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$rootfs" ${mirror:+"$mirror"} >"$WORK/debootstrap.log" 2>&1 \
      || { tail -30 "$WORK/debootstrap.log" >&2; exit 1; }
    rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
    touch "$WORK/rootfs.done"
  fi
  if [ ! -x "$rootfs/opt/java/bin/java" ]; then
    log "jlink a JRE from $jdk"
    rm -rf "$rootfs/opt/java"
    "$jdk/bin/jlink" --add-modules java.base,java.logging,java.xml,java.naming,java.management,java.net.http,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.jfr \
      --strip-debug --no-header-files --no-man-pages --output "$rootfs/opt/java"
  fi
  log "docker import as $IMAGE"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java' \
    --change 'CMD ["/bin/bash"]' - "$IMAGE" >/dev/null
}

install_engine
start_engine
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE present"
else
  build_image
  log "image $IMAGE built"
fi
version=$(docker run --rm "$IMAGE" java -version 2>&1)
log "java in $IMAGE: ${version%%$'\n'*}"
