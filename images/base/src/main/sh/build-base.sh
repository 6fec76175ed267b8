#!/usr/bin/env bash
# Builds the JVM base image of the service and ops-cli images (docs/decisions/0022-images-without-a-docker-daemon.md)
# as a docker-archive tar, the form Quarkus Jib reads a base from (quarkus.jib.base-jvm-image=tar://...): no registry
# and no Docker engine are needed, and none is reachable on the build machines.
# Contents: a jlink'ed runtime of the services' JDK (Java 25, deploy/local/services.sh java-home), the Debian packages that runtime links against (checked
# with ldd: libc6, libgcc-s1, libstdc++6, zlib1g), dash for the entrypoint, users root and 185, and src/main/rootfs.
# Usage: build-base.sh <output dir> <JDK home | services>
set -euo pipefail

OUT="$1"
JDK="$2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ "$JDK" == services ]]; then
  JDK="$(bash "$HERE/../../../../deploy/local/services.sh" java-home)"
fi
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g dash)
# The whole Java SE platform plus the JDK modules servers use (crypto providers, DNS, socket options, JAAS/GSS for
# Kafka's SASL, com.sun.management for metrics), so a new dependency never meets a missing module only at run time.
MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.security.jgss,jdk.zipfs,jdk.localedata
ARCH="$(dpkg --print-architecture)"
TAR="$OUT/base-image.tar"

# The base is rebuilt only when what goes into it changed: this script, the rootfs files, the JDK.
stamp="$( { cat "${BASH_SOURCE[0]}"; find "$HERE/rootfs" -type f -print0 | sort -z | xargs -0 cat;
  "$JDK/bin/java" -version 2>&1; } | sha256sum | cut -c1-64)"
if [[ -f "$TAR" && "$(cat "$OUT/base-image.stamp" 2>/dev/null)" == "$stamp" ]]; then
  echo "[base-image] up to date: $TAR"
  exit 0
fi

work="$OUT/base-work"
rm -rf "$work" "$TAR"
mkdir -p "$work/debs" "$work/rootfs" "$work/image"
rootfs="$work/rootfs"

echo "[base-image] Debian packages: ${PACKAGES[*]}"
# apt-get download needs the package lists: a clean machine (as root, like CI) fetches them once. As root it warns
# that it downloads unsandboxed.
download() { (cd "$work/debs" && apt-get download -q "${PACKAGES[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed'); }
if ! download && [[ "$(id -u)" == 0 ]]; then
  apt-get update -qq && download
fi
for package in "${PACKAGES[@]}"; do
  deb=("$work/debs/${package}"_*.deb)
  [[ -f "${deb[0]}" ]] || { echo "[base-image] ERROR: apt-get download $package failed (run apt-get update?)" >&2; exit 1; }
  dpkg-deb -x "${deb[0]}" "$rootfs"
done
# Documentation, translations and iconv modules: nothing in the image reads them.
rm -rf "$rootfs/usr/share" "$rootfs"/usr/lib/*-linux-gnu*/gconv "$rootfs/etc/ld.so.conf.d"
ln -sf dash "$rootfs/bin/sh"

echo "[base-image] jlink runtime of $JDK"
"$JDK/bin/jlink" --add-modules "$MODULES" --include-locales en --strip-debug --no-man-pages --no-header-files \
  --output "$rootfs/opt/java"

cp -a "$HERE/rootfs/." "$rootfs/"
chmod 755 "$rootfs/usr/local/bin/java-app"
mkdir -p "$rootfs/tmp" "$rootfs/home/jboss"
chmod 1777 "$rootfs/tmp"

# One reproducible layer: fixed order, owners and times. /home/jboss belongs to 185 like /tmp would on a writable root.
layer="$work/image/layer.tar"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" --exclude=./home/jboss -cf "$layer" .
tar --mtime=@0 --owner=185 --group=185 --numeric-owner -C "$rootfs" -rf "$layer" ./home/jboss
diff_id="sha256:$(sha256sum "$layer" | cut -c1-64)"

cat >"$work/image/config.json" <<JSON
{"architecture":"$ARCH","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"185","WorkingDir":"/home/jboss","Entrypoint":["/usr/local/bin/java-app"],
  "Env":["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8",
   "JAVA_OPTS=-Djava.util.logging.manager=org.jboss.logmanager.LogManager"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"images/base/src/main/sh/build-base.sh"}]}
JSON
cat >"$work/image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["microdrama/jvm-base:local"],"Layers":["layer.tar"]}]
JSON
tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/image" -cf "$TAR" manifest.json config.json layer.tar
echo "$stamp" >"$OUT/base-image.stamp"
rm -rf "$work"
echo "[base-image] built $TAR ($(du -h "$TAR" | cut -f1))"
