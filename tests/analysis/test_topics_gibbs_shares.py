"""The topic shares of LDA-by-Gibbs documents (gibbs.gibbs_shares): each row solved on its own until it has
converged, the same bytes whatever the rows around it, in C and in numpy."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from dxtext.analysis.topics import gibbs
from dxtext.analysis.topics.transform import shares_by_partition


def _topics(k: int = 5, v: int = 60, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    phi = rng.gamma(0.3, size=(k, v))
    phi[:, -3:] = 0.0  # words no topic has (the sampler never saw them)
    phi /= phi.sum(axis=1, keepdims=True)
    return phi, rng.uniform(0.05, 0.5, size=k)


def _rows(n: int = 40, v: int = 60, seed: int = 5) -> sp.csr_matrix:
    """Rows of 1 to 45 distinct words (every padded length of the numpy loop: exact, by 4, by 16)."""
    rng = np.random.default_rng(seed)
    dense = np.zeros((n, v))
    for i, length in enumerate(rng.integers(1, 46, size=n)):
        dense[i, rng.choice(v, size=length, replace=False)] = rng.integers(1, 4, size=length)
    dense[7] = 0  # a row without words
    return sp.csr_matrix(dense)


@pytest.fixture(params=["c", "numpy"])
def path(request, monkeypatch):  # type: ignore[no-untyped-def]
    if request.param == "numpy":
        monkeypatch.setattr(gibbs, "_gibbs_rows_c", None)
    elif gibbs._gibbs_rows_c is None:
        pytest.skip("C speed-up not built")
    return request.param


def test_a_row_is_the_same_alone_in_a_partition_and_duplicated(path: str) -> None:
    phi, alpha = _topics()
    M = _rows()
    whole = gibbs.gibbs_shares(M, phi, alpha)
    for i in range(M.shape[0]):
        alone = gibbs.gibbs_shares(M[i], phi, alpha)
        assert alone.tobytes() == whole[i : i + 1].tobytes()
    twice = gibbs.gibbs_shares(sp.vstack([M[3], M, M[3], M[3]]).tocsr(), phi, alpha)
    assert twice[0].tobytes() == twice[4].tobytes() == twice[-1].tobytes() == whole[3].tobytes()
    assert twice[1:-2].tobytes() == whole.tobytes()
    for rows in (1, 3, 7, 1000):
        for workers in (1, 2, 3):  # partitions in threads: each written to its own rows
            assert (
                shares_by_partition(
                    lambda P: gibbs.gibbs_shares(P, phi, alpha),
                    M,
                    5,
                    rows=rows,
                    dtype=np.float64,
                    workers=workers,
                ).tobytes()
                == whole.tobytes()
            )
    assert whole[7].tolist() == [0.0] * 5
    assert np.allclose(np.delete(whole, 7, axis=0).sum(axis=1), 1.0)


def test_word_order_and_unsorted_input_do_not_matter(path: str) -> None:
    phi, alpha = _topics()
    M = _rows()
    i = 11
    a, b = M.indptr[i], M.indptr[i + 1]
    rev = sp.csr_matrix((M.data[a:b][::-1], M.indices[a:b][::-1], [0, b - a]), shape=(1, M.shape[1]))
    assert gibbs.gibbs_shares(rev, phi, alpha).tobytes() == gibbs.gibbs_shares(M[i], phi, alpha).tobytes()


def test_c_and_numpy_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    if gibbs._gibbs_rows_c is None:
        pytest.skip("C speed-up not built")
    phi, alpha = _topics(k=8, v=200, seed=8)
    M = sp.vstack([_rows(300, 200, seed=9), _rows(50, 200, seed=10)]).tocsr()
    c_theta, c_steps = gibbs.shares_and_steps(M, phi, alpha)
    monkeypatch.setattr(gibbs, "_gibbs_rows_c", None)
    n_theta, n_steps = gibbs.shares_and_steps(M, phi, alpha)
    assert c_theta.tobytes() == n_theta.tobytes()
    assert c_steps.tolist() == n_steps.tolist()
    assert 1 < c_steps.max() <= gibbs.INFER_ITER


def test_converged_shares_are_the_100_step_fixed_point(path: str) -> None:
    # two topics over three words: word 0 is topic 1's, word 2 topic 2's, word 1 shared
    phi = np.array([[0.7, 0.3, 0.0], [0.0, 0.3, 0.7]])
    alpha = np.array([0.1, 0.3])
    M = sp.csr_matrix(np.array([[3, 0, 0], [0, 0, 2], [1, 1, 1], [2, 5, 1], [0, 4, 0], [0, 0, 0]]))
    theta, steps = gibbs.shares_and_steps(M, phi, alpha)
    full, full_steps = gibbs.shares_and_steps(M, phi, alpha, tol=0.0)
    assert full_steps.tolist() == [100] * 5 + [0]
    assert np.abs(theta - full).max() < 1e-6  # stopped once no share moves by 1e-8
    assert (steps[:5] < 100).all() and steps[5] == 0
    assert theta[0, 0] > 0.9 and theta[1, 1] > 0.9
    # word 1 only: the words say nothing, the shares are those of α (its fixed point)
    assert np.allclose(theta[4], alpha / alpha.sum(), atol=1e-12)
    # the fixed point: θ = normalise(θ · Σ_w n_w φ_w / (φ_w · θ) + α)
    d = M.toarray()[:5]
    again = theta[:5] * ((d / (theta[:5] @ phi)) @ phi.T) + alpha
    assert np.abs(again / again.sum(axis=1, keepdims=True) - theta[:5]).max() < 1e-7


def test_same_bytes_twice_and_steps_follow_tol(path: str) -> None:
    phi, alpha = _topics(seed=4)
    M = _rows(seed=6)
    a, sa = gibbs.shares_and_steps(M, phi, alpha)
    b, sb = gibbs.shares_and_steps(M, phi, alpha)
    assert a.tobytes() == b.tobytes() and sa.tolist() == sb.tolist()
    loose, s1 = gibbs.shares_and_steps(M, phi, alpha, tol=10.0)
    assert set(s1.tolist()) == {0, 1}  # every row with words stops after its first step
    capped, s3 = gibbs.shares_and_steps(M, phi, alpha, n_iter=3, tol=0.0)
    assert set(s3.tolist()) == {0, 3}
    assert not np.array_equal(loose, capped)
