#!/usr/bin/env bash
# Installs and starts what the test suites need on a fresh machine. Safe to run again.
#  - python3 and curl: interoperability peers of the RPC tests
#  - iproute2 and nftables: the reliable-UDP packet-loss test between network namespaces
#  - docker.io, debootstrap and the locally built base image: the Testcontainers suites
#  - tinyproxy, supervisor, rtorrent, nginx-light: real peers of the transport tests (proxies, Unix
#    sockets, SCGI, nginx's scgi_pass); installed with services held back (policy-rc.d answers 101),
#    each test starts its own by PID
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
command -v ip >/dev/null || need+=(iproute2)
command -v nft >/dev/null || need+=(nftables)
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v tinyproxy >/dev/null || need+=(tinyproxy)
command -v supervisord >/dev/null || need+=(supervisor)
command -v rtorrent >/dev/null || need+=(rtorrent)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if ((${#need[@]})); then
  echo "[setup] installing ${need[*]}"
  apt-get update -qq
  # No package may start its service system-wide: a policy-rc.d that refuses every start, for the
  # duration of the install only (an existing one is kept and restored).
  held=""
  if [[ -e /usr/sbin/policy-rc.d ]]; then held=$(mktemp); cp -p /usr/sbin/policy-rc.d "$held"; fi
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  if [[ -n "$held" ]]; then mv "$held" /usr/sbin/policy-rc.d; else rm -f /usr/sbin/policy-rc.d; fi
fi
bash .ci/docker-image.sh
