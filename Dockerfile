# JupyterLab with the lab installed. docker-compose.yml runs it next to a moto server; Zero to
# JupyterHub (deploy/z2jh/values.yaml) uses it as each learner's image, hence the `hub` extra
# (jupyterhub-singleuser).
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
WORKDIR /lab
COPY . /lab
RUN pip install --no-cache-dir -e ".[test,hub]"
# The lab's JupyterLab settings (no news pop-up) for every JupyterLab in the image, jupyterhub-singleuser's
# included (deploy/z2jh); `labs lab` passes the same folder itself.
RUN mkdir -p /usr/local/share/jupyter/lab/settings && \
    cp labs/jupyterlab_settings/overrides.json /usr/local/share/jupyter/lab/settings/overrides.json
EXPOSE 8888
# `labs lab` copies the notebooks into /lab/my-notebooks/ (docker-compose.yml keeps that folder on the host)
# and serves JupyterLab there, as root with --allow-root. Inside the container JupyterLab listens on every
# interface; docker-compose.yml publishes it on the host's 127.0.0.1 only. LAB_LANG=ko for Korean.
ENV LAB_LANG=en
CMD ["sh", "-c", "exec labs lab --lang \"$LAB_LANG\" --ip=0.0.0.0 --port=8888 --no-browser"]
