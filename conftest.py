"""Runs solution and starter notebooks, each with what it must prove.

solutions/*.ipynb run with nbval and LABS_EXPECT=done: every graded exercise must pass (nbgrader's
validate). The kernel inherits the environment when nbval starts it, which happens in the first
cell's setup, after `pytest_runtest_setup` below.

notebooks/{en,ko}/*.ipynb (the starters) run as JupyterLab's Run All does, with nbclient, and
LABS_EXPECT=not-done: each must run top to bottom while every graded exercise reports "not done"
(validate --invert). Run All stops at the first cell whose execution ends in an error status, even
when the cell printed nothing but the lab's one sentence (the lab's error handler replaces the
traceback, not the error), so a cell that ends in an error fails the test, named. nbval looks at a
cell's outputs only and would pass such a cell: it does not collect the starters.
"""

import os
import tempfile
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager

ROOT = Path(__file__).parent
STARTERS = ROOT / "notebooks"
_LABS_HOME = tempfile.mkdtemp(prefix="labs-test-home-")
CELL_TIMEOUT_SECONDS = 300


def _expectation(path: Path) -> str | None:
    if path.suffix != ".ipynb":
        return None
    relative = path.resolve().relative_to(ROOT)
    if relative.parts[0] == "solutions":
        return "done"
    if relative.parts[0] == "notebooks":
        return "not-done"
    return None


def _is_starter(path: Path) -> bool:
    return path.suffix == ".ipynb" and path.resolve().is_relative_to(STARTERS.resolve())


def _notebook_environment(expectation: str) -> dict:
    return {
        "LABS_EXPECT": expectation,
        # Tests never touch a learner's own progress file.
        "LABS_HOME": _LABS_HOME,
        "MPLBACKEND": "Agg",
    }


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    expectation = _expectation(Path(str(item.path)))
    if expectation:
        os.environ.update(_notebook_environment(expectation))


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """A starter notebook is one test, run as Run All runs it (instead of nbval's cell by cell)."""
    collected = yield
    if not _is_starter(file_path):
        return collected
    others = [c for c in collected if not type(c).__module__.startswith("nbval")]
    return [*others, StarterNotebook.from_parent(parent, path=file_path)]


class StarterNotebook(pytest.File):
    def collect(self):
        yield RunAll.from_parent(self, name="run_all")


class RunAllFailed(Exception):
    pass


class RunAll(pytest.Item):
    """Execute every cell in order in a new kernel of this environment; stop at the first cell whose
    execution reply has status "error", as JupyterLab's Run All does ("raises-exception" tags are
    ignored: Run All ignores them too)."""

    def runtest(self):
        import nbclient
        import nbformat
        from jupyter_client import KernelManager

        notebook = nbformat.read(self.path, as_version=4)
        errors = []

        def remember(cell, cell_index, execute_reply):
            errors.append((cell, cell_index, execute_reply["content"]))

        client = nbclient.NotebookClient(
            notebook,
            km=KernelManager(kernel_name=_CURRENT_ENV, kernel_spec_manager=CurrentEnvKernelSpecs()),
            timeout=CELL_TIMEOUT_SECONDS,
            force_raise_errors=True,
            on_cell_error=remember,
            resources={"metadata": {"path": str(self.path.parent)}},
        )
        environment = {**os.environ, **_notebook_environment("not-done")}
        try:
            client.execute(env=environment)
        except nbclient.exceptions.CellExecutionError:
            if not errors:
                raise
        except nbclient.exceptions.CellTimeoutError as error:
            raise RunAllFailed(f"a cell ran longer than {CELL_TIMEOUT_SECONDS} s: {error}") from None
        if errors:
            cell, index, reply = errors[0]
            raise RunAllFailed(_describe(cell, index, reply))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, RunAllFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.path.relative_to(ROOT)} (Run All)"


def _describe(cell, index: int, reply: dict) -> str:
    streams = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    source = cell.source if len(cell.source) < 600 else cell.source[:600] + " ..."
    return (
        f"Run All stops at cell {index} (id {cell.get('id', '?')}): its execution ended in an error status, "
        f"{reply.get('ename')}: {reply.get('evalue')}\n--- the cell\n{source}\n--- what the learner sees\n"
        f"{streams.strip() or '(nothing printed)'}"
    )


_CURRENT_ENV = "labs-current-env"


class CurrentEnvKernelSpecs(KernelSpecManager):
    """The python kernel of the environment pytest runs in, whatever kernels the machine has
    (as nbval's --nbval-current-env)."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == _CURRENT_ENV:
            import ipykernel.kernelspec

            return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                          **ipykernel.kernelspec.get_kernel_dict())
        return super().get_kernel_spec(kernel_name)
