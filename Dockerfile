# JupyterLab with the lab installed. docker-compose.yml runs it next to a moto server; Zero to
# JupyterHub (deploy/z2jh/values.yaml) uses it as each learner's image, hence the `hub` extra
# (jupyterhub-singleuser).
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
WORKDIR /lab
COPY . /lab
RUN pip install --no-cache-dir -e ".[test,hub]"
EXPOSE 8888
# Inside the container JupyterLab listens on every interface; docker-compose.yml publishes it on the
# host's 127.0.0.1 only.
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--allow-root", "--no-browser", \
     "--LabApp.default_url=/lab/tree/notebooks/en/00-welcome.ipynb"]
