#!/usr/bin/env bash
# The lab on The Littlest JupyterHub, after TLJH's own installer has run on this server:
#
#   sudo bash deploy/tljh/install.sh                      # from a clone of the lab
#   sudo LABS_INSTRUCTORS=kim,lee LABS_DEFAULT_LANG=ko bash deploy/tljh/install.sh
#
# 1. the lab into the learners' environment (/opt/tljh/user), with jupyterhub-singleuser's extra;
# 2. the notebooks (both languages, each with its solutions/) into /etc/skel, so every new learner's home
#    gets its own copy, and the lab's JupyterLab settings (no news pop-up);
# 3. the class view next to TLJH's configuration (it runs in the hub's environment, /opt/tljh/hub,
#    which already has everything it needs) and the lab's hub configuration;
# 4. the instructors and the default language into the hub's environment; then TLJH reloads the hub.
set -euo pipefail
LAB="$(cd "$(dirname "$0")/../.." && pwd)"
TLJH=/opt/tljh
[ -x "$TLJH/user/bin/pip" ] || { echo "The Littlest JupyterHub is not installed here ($TLJH/user); install it first."; exit 1; }

"$TLJH/user/bin/pip" install --quiet "$LAB[hub]"
mkdir -p /etc/skel/aws-security-101-lab
cp -r "$LAB/notebooks/en" "$LAB/notebooks/ko" /etc/skel/aws-security-101-lab/
# The lab's JupyterLab settings (no news pop-up) for the learners' JupyterLab.
mkdir -p "$TLJH/user/share/jupyter/lab/settings"
cp "$LAB/labs/jupyterlab_settings/overrides.json" "$TLJH/user/share/jupyter/lab/settings/overrides.json"
mkdir -p "$TLJH/config/class-view" "$TLJH/config/jupyterhub_config.d"
cp "$LAB/labs/classview.py" "$TLJH/config/class-view/classview.py"
cp "$LAB/deploy/tljh/jupyterhub_config.d/aws-security-101-lab.py" "$TLJH/config/jupyterhub_config.d/"

# TLJH's hub runs as the systemd unit jupyterhub; a drop-in gives it the lab's two settings.
mkdir -p /etc/systemd/system/jupyterhub.service.d
cat > /etc/systemd/system/jupyterhub.service.d/aws-security-101-lab.conf <<UNIT
[Service]
Environment=LABS_INSTRUCTORS=${LABS_INSTRUCTORS:-}
Environment=LABS_DEFAULT_LANG=${LABS_DEFAULT_LANG:-en}
UNIT
systemctl daemon-reload
tljh-config reload hub
echo "Done. The instructors (LABS_INSTRUCTORS, or the group instructors on the hub's admin page) open /services/class-view/."
