# Shell helpers shared by the scripts in this folder (sourced, not run).

# Runs a command as root: directly when already root, through sudo otherwise.
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# Installs Debian packages without questions (DEBIAN_FRONTEND reaches apt through sudo).
apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
