#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret Service).
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keychain: dbus-run-session and gnome-keyring-daemon are needed (apt-get install gnome-keyring dbus)." >&2
  exit 1
fi
export JOBQUEUE_KEYCHAIN_PW="${JOBQUEUE_KEYCHAIN_PW:-$(head -c 18 /dev/urandom | base64)}"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
exec dbus-run-session -- sh -c 'printf %s "$JOBQUEUE_KEYCHAIN_PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' sh npx "$@"
