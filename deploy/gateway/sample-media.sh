#!/usr/bin/env bash
# Sample HLS media for the local media edge: one folder per seeded episode, named like catalog-service's
# PlaybackSigner.assetPrefix (the first 22 characters of base64url(HMAC-SHA256(playback key, "asset:" + video asset))),
# holding a VOD playlist and the three 2-second MPEG-TS segments of deploy/gateway/sample-video (a real H.264/AAC
# test picture, 90 KB in all, so a browser decodes and plays them). It goes to the git-ignored folder given as $1
# (platform.sh: .local/gateway/media) and is made again when the key, the seed or the video changes.
# The segments were made once with Debian's ffmpeg:
#   ffmpeg -f lavfi -i testsrc2=size=180x320:rate=15:duration=6 -f lavfi -i sine=frequency=440:duration=6 \
#     -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -b:v 60k -g 30 -keyint_min 30 -sc_threshold 0 \
#     -c:a aac -b:a 32k -ac 1 -ar 44100 -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_filename seg-%d.ts index.m3u8
# Usage: sample-media.sh <media-dir>
set -euo pipefail

MEDIA_DIR="${1:?usage: sample-media.sh <media-dir>}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SEED="$REPO_ROOT/catalog-service/src/main/resources/db/migration/V2__seed_catalog.sql"
SEGMENTS=3
VIDEO="$REPO_ROOT/deploy/gateway/sample-video"

# The key catalog-service signs with: the environment, else the local secrets file, else the service's dev default.
key="${PLAYBACK_SIGNING_KEY:-}"
if [[ -z "$key" && -f "$REPO_ROOT/deploy/local/secrets.sh" ]]; then
  # shellcheck source=deploy/local/secrets.sh
  source "$REPO_ROOT/deploy/local/secrets.sh"
  key="$(secrets_value PLAYBACK_SIGNING_KEY 2>/dev/null || true)"
fi
key="${key:-dev-playback-signing-key}"

stamp="$( { printf '%s' "$key" | sha256sum; sha256sum "$SEED" "${BASH_SOURCE[0]}" "$VIDEO"/seg-*.ts; } | sha256sum | cut -c1-32)"
if [[ -f "$MEDIA_DIR/.stamp" && "$(cat "$MEDIA_DIR/.stamp")" == "$stamp" ]]; then
  exit 0
fi

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
asset_prefix() { printf 'asset:%s' "$1" | openssl dgst -sha256 -hmac "$key" -binary | b64url | cut -c1-22; }

rm -rf "$MEDIA_DIR.new"
mkdir -p "$MEDIA_DIR.new"
count=0
# the seed's episode counts: "('<series>', <episodes>)" pairs; assets are <series>/ep-NN.m3u8 (see the seed)
while read -r series episodes; do
  for ((n = 1; n <= episodes; n++)); do
    dir="$MEDIA_DIR.new/$(asset_prefix "$(printf '%s/ep-%02d.m3u8' "$series" "$n")")"
    mkdir -p "$dir"
    {
      printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n'
      for ((s = 0; s < SEGMENTS; s++)); do printf '#EXTINF:2.000,\nseg-%d.ts\n' "$s"; done
      printf '#EXT-X-ENDLIST\n'
    } >"$dir/index.m3u8"
    for ((s = 0; s < SEGMENTS; s++)); do cp "$VIDEO/seg-$s.ts" "$dir/seg-$s.ts"; done
    count=$((count + 1))
  done
done < <(grep -oE "\('[a-z0-9-]+', [0-9]+\)" "$SEED" | tr -d "()',")
echo "$stamp" >"$MEDIA_DIR.new/.stamp"
chmod -R a+rX "$MEDIA_DIR.new"
rm -rf "$MEDIA_DIR"
mv "$MEDIA_DIR.new" "$MEDIA_DIR"
printf '[gateway] sample media: %d episodes in %s\n' "$count" "$MEDIA_DIR"
