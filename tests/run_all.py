"""A notebook executed as JupyterLab's Run All executes it: every cell in order, in a new kernel of
this environment, stopping at the first cell whose execute reply has status "error". The lab's error
handler replaces a traceback with one sentence, but the reply's status stays "error", and Run All
stops there; nbval, which compares outputs, does not see it. ("raises-exception" tags are ignored:
Run All ignores them too.)"""

from __future__ import annotations

import os
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

CELL_TIMEOUT_SECONDS = 300
CURRENT_ENV = "labs-current-env"


class CurrentEnvKernelSpecs(KernelSpecManager):
    """The python kernel of the environment pytest runs in, whatever kernels the machine has
    (as nbval's --nbval-current-env)."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == CURRENT_ENV:
            import ipykernel.kernelspec

            return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                          **ipykernel.kernelspec.get_kernel_dict())
        return super().get_kernel_spec(kernel_name)


def run_all(path: Path, environment: dict) -> str | None:
    """Execute the notebook at `path` with `environment` added to this process's; None when every
    cell ran, else the sentence naming the cell where Run All stops and what the learner sees there."""
    import nbclient
    import nbformat
    from jupyter_client import KernelManager

    notebook = nbformat.read(path, as_version=4)
    errors = []

    def remember(cell, cell_index, execute_reply):
        errors.append((cell, cell_index, execute_reply["content"]))

    client = nbclient.NotebookClient(
        notebook,
        km=KernelManager(kernel_name=CURRENT_ENV, kernel_spec_manager=CurrentEnvKernelSpecs()),
        timeout=CELL_TIMEOUT_SECONDS,
        force_raise_errors=True,
        on_cell_error=remember,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    try:
        client.execute(cleanup_kc=True, env={**os.environ, **environment})  # our own km: nbclient would leave its kernel running
    except nbclient.exceptions.CellTimeoutError as error:
        return f"a cell ran longer than {CELL_TIMEOUT_SECONDS} s: {error}"
    except nbclient.exceptions.CellExecutionError:
        if not errors:
            raise
    if not errors:
        return None
    cell, index, reply = errors[0]
    streams = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    source = cell.source if len(cell.source) < 600 else cell.source[:600] + " ..."
    return (
        f"Run All stops at cell {index} (id {cell.get('id', '?')}): its execution ended in an error status, "
        f"{reply.get('ename')}: {reply.get('evalue')}\n--- the cell\n{source}\n--- what the learner sees\n"
        f"{streams.strip() or '(nothing printed)'}"
    )
