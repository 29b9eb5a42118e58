"""The Gibbs model of ``--model auto`` fitted ahead, in another process, while the candidates are compared.

At the chosen K, :mod:`.choice` compares NMF and LDA by Gibbs sampling on seeded fits and, if Gibbs wins,
fits it on the training documents (:func:`.gibbs.fit_gibbs_bounded`: 500 sweeps of up to
:data:`.gibbs.FIT_MAX` documents, the longest single step of a large corpus's topics). tomotopy's sampler holds
the GIL (two samplers in two threads take as long as one after the other), so with a second core that fit is
started in a child process (``python -m dxtext.analysis.topics.ahead``: no copy of this process's memory, and
unlike multiprocessing's spawn it does not import the caller's script again) before the comparison and
collected after it, or ended unfinished if NMF wins. The child runs the very call the choice would make
afterwards (same counts, seed, one sampler worker, BLAS on one thread, and the SIMD path of this process's
tomotopy if it was imported already, :data:`.gibbs.ISA` if not), so the model is the same bytes either way
(tested). Where the child cannot be started or gives no fit, the fit is made after the choice as before.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

import scipy.sparse as sp

from .base import _Fit
from .gibbs import ISA


def fit_limited(
    X: sp.csr_matrix, k: int, seed: int, vocab_size: int, every_row: bool
) -> tuple[_Fit, int | None]:
    """:func:`.gibbs.fit_gibbs_bounded` with BLAS on one thread and tomotopy's SIMD path fixed — in the child
    and, without one, in the caller after the choice."""
    import scipy.linalg  # BLAS loaded before its threads are limited
    import scipy.optimize  # noqa: F401
    from threadpoolctl import threadpool_limits

    from .gibbs import fit_gibbs_bounded, import_tomotopy

    import_tomotopy()
    with threadpool_limits(limits=1):
        return fit_gibbs_bounded(X, k, seed, vocab_size, every_row=every_row)


class GibbsAhead:
    """:func:`fit_limited` started in a child process; :meth:`result` waits for it, :meth:`cancel` ends it."""

    def __init__(self, proc: subprocess.Popen[bytes], writer: threading.Thread) -> None:
        self._proc, self._writer = proc, writer

    @classmethod
    def start(cls, *args: Any) -> GibbsAhead | None:
        """The child fitting ``fit_limited(*args)``; None where it cannot be started."""
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[3])  # the folder holding the dxtext package
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        loaded = sys.modules.get("tomotopy")
        env["TOMOTOPY_ISA"] = str(getattr(loaded, "isa", "") or ISA)  # this process's SIMD path, if chosen
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except (OSError, ValueError):
            return None
        data = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
        writer = threading.Thread(target=_write, args=(proc.stdin, data), daemon=True)  # the GIL is released
        writer.start()
        return cls(proc, writer)

    def result(self) -> tuple[_Fit, int | None] | None:
        """The fit and its sample's size; None if the child gave none (the caller then fits it itself)."""
        assert self._proc.stdout is not None
        try:
            data = self._proc.stdout.read()
        finally:
            self._writer.join()
            self._proc.stdout.close()
            code = self._proc.wait()
        try:
            ok, value = pickle.loads(data) if code == 0 and data else (True, None)
        except Exception:  # a truncated answer: fitted by the caller
            return None
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """End the child (its fit is not wanted)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._writer.join()
        if self._proc.stdout is not None:
            self._proc.stdout.close()


def _write(pipe: IO[bytes] | None, data: bytes) -> None:
    assert pipe is not None
    try:
        pipe.write(data)
        pipe.close()
    except OSError:  # the child ended (cancelled): nothing to write to
        pass


def _main() -> None:
    """The child: the arguments pickled on stdin, ``(ok, fit or error)`` pickled on stdout."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else reaches the answer
    args = pickle.loads(sys.stdin.buffer.read())
    try:
        answer: tuple[bool, Any] = (True, fit_limited(*args))
    except Exception as err:  # handed to the parent, which raises it
        answer = (False, err)
    out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()


if __name__ == "__main__":
    _main()
