#!/usr/bin/env bash
# Installs and starts what the test suites need on a fresh machine. Safe to run again.
#  - python3 and curl: interoperability peers of the RPC tests
#  - iproute2 and nftables: the reliable-UDP packet-loss test between network namespaces
#  - docker.io, debootstrap and the locally built base image: the Testcontainers suites
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
command -v ip >/dev/null || need+=(iproute2)
command -v nft >/dev/null || need+=(nftables)
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
if ((${#need[@]})); then
  echo "[setup] installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash .ci/docker-image.sh
