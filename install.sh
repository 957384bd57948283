#!/bin/sh
# Installs a tclive release: the static Linux binary, its man page and shell completions,
# after checking the tarball against the release's SHA256SUMS. Nothing is installed unless
# the check passes.
#
#   curl -fsSLO https://github.com/tclive/tclive/releases/latest/download/install.sh
#   sh install.sh [--version X.Y.Z] [--prefix /usr/local] [--base-url URL]
#
# --version   the release (default: the latest one, read from its SHA256SUMS)
# --prefix    where to install (default /usr/local): PREFIX/bin/tclive,
#             PREFIX/share/man/man1/tclive.1, PREFIX/share/bash-completion/completions/tclive,
#             PREFIX/share/zsh/site-functions/_tclive, PREFIX/share/fish/vendor_completions.d/tclive.fish
# --base-url  the releases' base URL (default: the repository's releases; or
#             TCLIVE_INSTALL_BASE_URL): files are read from BASE/download/vX.Y.Z/ and, for the
#             latest release, BASE/latest/download/. https:// only, http:// for loopback hosts.
#
# Supported: Linux x86_64 and aarch64. Needs curl or wget, tar, gzip and sha256sum.
set -eu

# The repository, as Cargo.toml's `repository` names it (scripts/dist-test compares them).
TCLIVE_REPOSITORY="https://github.com/tclive/tclive"

say() { printf '%s\n' "install.sh: $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

usage() {
  cat <<EOF
Usage: sh install.sh [--version X.Y.Z] [--prefix DIR] [--base-url URL]

Installs a tclive release (Linux x86_64 or aarch64, static binary) after checking it against
the release's SHA256SUMS; nothing is installed unless the check passes.

  --version X.Y.Z  the release to install (default: the latest)
  --prefix DIR     where to install (default: /usr/local)
  --base-url URL   the releases' base URL (default: TCLIVE_INSTALL_BASE_URL, else
                   $TCLIVE_REPOSITORY/releases)
EOF
}

version=latest
prefix=/usr/local
base="${TCLIVE_INSTALL_BASE_URL:-$TCLIVE_REPOSITORY/releases}"
while [ $# -gt 0 ]; do
  case "$1" in
    --version) [ $# -ge 2 ] || die "--version needs a value (e.g. --version 0.1.0)"; version="$2"; shift 2 ;;
    --version=*) version="${1#*=}"; shift ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#*=}"; shift ;;
    --base-url) [ $# -ge 2 ] || die "--base-url needs a URL"; base="$2"; shift 2 ;;
    --base-url=*) base="${1#*=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# What this machine is.
os="$(uname -s)"
machine="$(uname -m)"
case "$os/$machine" in
  Linux/x86_64 | Linux/amd64) arch=x86_64 ;;
  Linux/aarch64 | Linux/arm64) arch=aarch64 ;;
  *)
    die "no release binary for $os $machine. Supported: Linux x86_64 and Linux aarch64 (static binaries). Elsewhere build from source: cargo install --locked tclive"
    ;;
esac

# The version: X.Y.Z (a leading v is dropped), or 'latest'.
version="${version#v}"
if [ "$version" != latest ]; then
  printf '%s\n' "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$' ||
    die "--version '$version' is not a release version (X.Y.Z, e.g. 0.1.0)"
fi

# The base URL: https, or http to a loopback host only (a test's server).
base="${base%/}"
case "$base" in
  https://?*) ;;
  http://127.* | http://localhost | http://localhost[:/]* | http://\[::1\]*) ;;
  *) die "--base-url '$base' must be an https:// URL (http:// only for 127.0.0.1, ::1 or localhost)" ;;
esac
[ -n "$prefix" ] || die "--prefix is empty"
case "$prefix" in
  /*) ;;
  *) prefix="$(pwd)/$prefix" ;;
esac

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --proto '=https,http' --proto-redir '=https' --connect-timeout 20 --max-time 300 --retry 2 --max-filesize 104857600 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q --timeout=20 --tries=3 -O "$2" "$1"; }
else
  die "neither curl nor wget is installed: install one of them"
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  die "sha256sum is not installed (coreutils): cannot verify the download"
fi
for tool in tar gzip; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/tclive-install.XXXXXX")" || die "cannot make a temporary directory"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

# SHA256SUMS first: for the latest release it also names the version.
if [ "$version" = latest ]; then
  sums_url="$base/latest/download/SHA256SUMS"
else
  sums_url="$base/download/v$version/SHA256SUMS"
fi
say "downloading $sums_url"
fetch "$sums_url" "$tmp/SHA256SUMS" || die "cannot download $sums_url"
[ "$(wc -c < "$tmp/SHA256SUMS")" -le 65536 ] || die "$sums_url is larger than a checksum list"

pattern='^[0-9a-f]{64} [ *]tclive-[0-9A-Za-z.+-]+-'"$arch"'-unknown-linux-static\.tar\.gz$'
if [ "$version" = latest ]; then
  lines="$(grep -E "$pattern" "$tmp/SHA256SUMS" || true)"
  [ -n "$lines" ] || die "$sums_url lists no tarball for Linux $arch: nothing installed"
  [ "$(printf '%s\n' "$lines" | wc -l)" -eq 1 ] || die "$sums_url lists several tarballs for Linux $arch: nothing installed"
  file="$(printf '%s\n' "$lines" | sed 's/^[0-9a-f]* [ *]//')"
  version="${file#tclive-}"
  version="${version%-"$arch"-unknown-linux-static.tar.gz}"
  printf '%s\n' "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$' ||
    die "$sums_url names a tarball of no release version ('$file'): nothing installed"
fi
top="tclive-$version-$arch-unknown-linux-static"
file="$top.tar.gz"

# Exactly one well-formed line for exactly this file.
want="$(grep -E '^[0-9a-f]{64} [ *]'"$(printf '%s' "$file" | sed 's/[.+]/\\&/g')"'$' "$tmp/SHA256SUMS" | cut -d' ' -f1 || true)"
[ -n "$want" ] || die "SHA256SUMS has no checksum for $file: nothing installed"
[ "$(printf '%s\n' "$want" | wc -l)" -eq 1 ] || die "SHA256SUMS has several checksums for $file: nothing installed"

url="$base/download/v$version/$file"
say "downloading $url"
fetch "$url" "$tmp/$file" || die "cannot download $url"
got="$(sha256 "$tmp/$file")"
[ "$got" = "$want" ] || die "checksum mismatch for $file (SHA256SUMS: $want, downloaded: $got): nothing installed"
say "verified $file (sha256 $got)"

# Unpack only the expected files, refusing anything outside the top directory or not a
# regular file (a symbolic link would install whatever it points at).
listing="$(tar -tzf "$tmp/$file")" || die "$file is not a readable tarball: nothing installed"
if printf '%s\n' "$listing" | grep -Ev "^$top(/|\$)" | grep -q .; then
  die "$file holds files outside $top/: nothing installed"
fi
if printf '%s\n' "$listing" | grep -Eq '(^|/)\.\.(/|$)'; then
  die "$file holds a '..' path: nothing installed"
fi
mkdir "$tmp/x"
members="$top/tclive $top/tclive.1 $top/completions/tclive.bash $top/completions/_tclive $top/completions/tclive.fish"
# shellcheck disable=SC2086 # the member names have no spaces
tar -xzf "$tmp/$file" -C "$tmp/x" $members || die "$file lacks files a release has: nothing installed"
for m in $members; do
  if [ ! -f "$tmp/x/$m" ] || [ -L "$tmp/x/$m" ]; then
    die "$m in $file is not a regular file: nothing installed"
  fi
done
"$tmp/x/$top/tclive" --version >/dev/null 2>&1 ||
  die "the downloaded binary does not run here (a noexec ${TMPDIR:-/tmp}? set TMPDIR): nothing installed"

# Install: each file is copied beside its destination, then renamed over it, so a hook
# running tclive at this moment sees the old binary or the new one, never half of one (and
# the binary comes last, after its man page and completions).
put() { # put SOURCE DEST MODE
  dir="$(dirname "$2")"
  mkdir -p "$dir" || die "cannot create $dir (run as root, or pass --prefix \$HOME/.local)"
  if ! { cp "$1" "$2.tmp.$$" && chmod "$3" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"; }; then
    rm -f "$2.tmp.$$"
    die "cannot write $2 (run as root, or pass --prefix \$HOME/.local)"
  fi
  say "installed $2"
}
for d in bin share/man/man1 share/bash-completion/completions share/zsh/site-functions share/fish/vendor_completions.d; do
  if ! mkdir -p "$prefix/$d" 2>/dev/null || [ ! -w "$prefix/$d" ]; then
    die "cannot write to $prefix/$d (run as root, or pass --prefix \$HOME/.local)"
  fi
done
src="$tmp/x/$top"
put "$src/tclive.1" "$prefix/share/man/man1/tclive.1" 644
put "$src/completions/tclive.bash" "$prefix/share/bash-completion/completions/tclive" 644
put "$src/completions/_tclive" "$prefix/share/zsh/site-functions/_tclive" 644
put "$src/completions/tclive.fish" "$prefix/share/fish/vendor_completions.d/tclive.fish" 644
put "$src/tclive" "$prefix/bin/tclive" 755

say "tclive $version installed into $prefix ($("$prefix/bin/tclive" --version))"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) say "note: $prefix/bin is not on PATH; add it, or call $prefix/bin/tclive" ;;
esac
