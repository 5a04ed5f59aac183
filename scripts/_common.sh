# Shared by scripts/run and scripts/test: install missing Debian packages, then make or update .venv.
# Sourced, not run; expects to be in the repository root.

# What Qt's offscreen, xcb and wayland platforms, Qt Multimedia (libpulse), GL and fonts need at run time (the
# wayland plugin links libwayland-client and -cursor and libxkbcommon; its EGL client buffers, libwayland-egl).
APP_SYSTEM_PACKAGES=(
    libpulse0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
    libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libegl1 libgl1 libfontconfig1 libdbus-1-3
    fonts-dejavu-core libglib2.0-0 libwayland-client0 libwayland-cursor0 libwayland-egl1 libxkbcommon0
)

# What tests/e2e/test_wayland.py runs the app under: a headless Wayland compositor.
WAYLAND_TEST_PACKAGES=(weston)

# The spoken prompts: speech-dispatcher with its espeak-ng output (Qt TextToSpeech's speechd plugin links
# libspeechd.so.2, from libspeechd2; the app autospawns the server on first use). Without these the app runs
# and says "No speech engine" in Settings and the status line.
VOICE_SYSTEM_PACKAGES=(speech-dispatcher speech-dispatcher-espeak-ng espeak-ng libspeechd2)

# What tests/e2e/test_screen_reader.py reads the app's accessibility tree with, as Orca would: the AT-SPI bus
# and registry (started on demand in a private session bus from dbus-daemon's dbus-run-session) and pyatspi,
# a Debian package for the system's /usr/bin/python3 (not a wheel).
SCREEN_READER_TEST_PACKAGES=(at-spi2-core python3-pyatspi dbus-daemon)

# Installs only what is missing, so a warm machine never touches apt (one dpkg-query for all the packages: a
# warm `bash scripts/run` pays a few ms for it). Needs root and apt-get; elsewhere it names what is missing, if
# anything, and carries on.
ensure_system_packages() {
    if ! command -v dpkg-query >/dev/null; then
        return 0  # not Debian: nothing to check with
    fi
    local -A installed=()
    local missing=() pkg state
    while read -r state pkg; do
        [[ $state == installed ]] && installed[$pkg]=1
    done < <(dpkg-query -W -f='${db:Status-Status} ${Package}\n' "$@" 2>/dev/null || true)
    for pkg in "$@"; do
        [[ -n ${installed[$pkg]:-} ]] || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        echo "missing system packages (not root, so not installed): ${missing[*]}" >&2
        echo "  install them with: sudo apt-get install ${missing[*]}" >&2
        return 0
    fi
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The install stamp: .venv/.stretch-timer-install holds one line per spec installed ("SPEC KEY"), where KEY is
# what that install depended on. When the line for SPEC (or, for ".", for any ".[extras]") holds today's key,
# ensure_venv skips pip: a warm `bash scripts/run` starts as fast as the installed command.
INSTALL_STAMP=.venv/.stretch-timer-install

# install_key: pyproject.toml's hash, the version the checkout would install and the version the venv has, the
# venv's Python and the checkout's folder. Bash and sed only (no Python start): it runs on every launch.
install_key() {
    local hash version installed="none" python dist
    hash=$(sha256sum pyproject.toml) hash=${hash%% *}
    version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' stretch_timer/__init__.py)
    for dist in .venv/lib/python*/site-packages/stretch_timer-*.dist-info; do
        [[ -f $dist/METADATA ]] && installed=${dist##*/stretch_timer-} installed=${installed%.dist-info}
    done
    python=$(sed -n 's/^version[_info]* *= *//p' .venv/pyvenv.cfg 2>/dev/null | head -n 1)
    echo "pyproject=$hash version=$version installed=$installed python=$python root=$PWD"
}

# install_current SPEC: whether the stamp says SPEC is installed as the checkout is now, and the venv works
# (its Python and the stretch-timer command are there).
install_current() {
    [[ -x .venv/bin/python && -x .venv/bin/stretch-timer && -f $INSTALL_STAMP ]] || return 1
    local key spec line
    key=$(install_key)
    while IFS= read -r line; do
        spec=${line%% *}
        [[ ${line#* } == "$key" ]] || continue
        [[ $spec == "$1" || ($1 == . && $spec == .\[*) ]] && return 0
    done <"$INSTALL_STAMP"
    return 1
}

# ensure_venv SPEC: create .venv if needed and install the project into it (editable), e.g. '.[test]'; skipped
# when the install stamp says nothing changed since the last install of SPEC.
ensure_venv() {
    if install_current "$1"; then
        return 0
    fi
    if [[ ! -x .venv/bin/python ]]; then
        "${PYTHON:-python3}" -m venv .venv
    fi
    .venv/bin/python -c 'import sys; assert sys.version_info >= (3, 11), f"Python {sys.version} is too old; need 3.11+"'
    rm -f "$INSTALL_STAMP"  # an install that fails half-way leaves no stamp behind
    .venv/bin/python -m pip install -q --disable-pip-version-check -e "$1"
    local key
    key=$(install_key)
    if [[ $key == *" installed=none "* ]]; then
        return 0  # no metadata to check against next time: install again then
    fi
    echo "$1 $key" >"$INSTALL_STAMP"
}
