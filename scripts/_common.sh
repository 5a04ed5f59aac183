# Shared by scripts/run and scripts/test: install missing Debian packages, then make or update .venv.
# Sourced, not run; expects to be in the repository root.

# What Qt's offscreen and xcb platforms, Qt Multimedia (libpulse), GL and fonts need at run time.
APP_SYSTEM_PACKAGES=(
    libpulse0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
    libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libegl1 libgl1 libfontconfig1 libdbus-1-3
    fonts-dejavu-core libglib2.0-0
)

# The spoken prompts: speech-dispatcher with its espeak-ng output (Qt TextToSpeech's speechd plugin links
# libspeechd.so.2, from libspeechd2; the app autospawns the server on first use). Without these the app runs
# and says "No speech engine" in Settings and the status line.
VOICE_SYSTEM_PACKAGES=(speech-dispatcher speech-dispatcher-espeak-ng espeak-ng libspeechd2)

# What tests/e2e/test_screen_reader.py reads the app's accessibility tree with, as Orca would: the AT-SPI bus
# and registry (started on demand in a private session bus from dbus-daemon's dbus-run-session) and pyatspi,
# a Debian package for the system's /usr/bin/python3 (not a wheel).
SCREEN_READER_TEST_PACKAGES=(at-spi2-core python3-pyatspi dbus-daemon)

# Installs only what is missing, so a warm machine never touches apt. Needs root and apt-get; elsewhere
# it says what it would need and carries on.
ensure_system_packages() {
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        echo "not root or no apt-get: skipping system packages (needs: $*)" >&2
        return 0
    fi
    local missing=() pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        [[ $status == installed ]] || missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        echo "installing: ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# ensure_venv SPEC: create .venv if needed and install the project into it (editable), e.g. '.[test]'.
ensure_venv() {
    if [[ ! -x .venv/bin/python ]]; then
        "${PYTHON:-python3}" -m venv .venv
    fi
    .venv/bin/python -c 'import sys; assert sys.version_info >= (3, 11), f"Python {sys.version} is too old; need 3.11+"'
    .venv/bin/python -m pip install -q --disable-pip-version-check -e "$1"
}
