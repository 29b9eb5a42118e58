"""NMF of the TF-IDF matrix (scikit-learn, coordinate descent) from a seeded NNDSVD start, fitted on the
distinct rows of the matrix; and the topic shares of new documents for fixed topics."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .base import _Fit

NMF_TOL = 1e-3


#: documents with a median of at most this many words (after the filters) are short answers: their TF-IDF
#: rows are not scaled to unit length (:func:`_tfidf`); longer documents (minutes) keep unit rows
SHORT_MEDIAN_WORDS = 15


def _tfidf(
    X: sp.csr_matrix, idf: np.ndarray | None = None, *, unit_rows: bool = False
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Sublinear TF × smoothed IDF; rows scaled to unit length only with ``unit_rows`` (longer documents).

    For short answers, unit rows (scikit-learn's TfidfVectorizer default) give an answer of one or two words as much weight as a
    full sentence, so NMF spends its topics on the words that short answers name *instead of* each other
    (美味しい・食べ物・蕎麦・御飯: one per answer), and those words rarely co-occur. Without the scaling an
    answer weighs by its content: held-out NPMI on the Fukui answers rose from 0.05–0.07 to 0.10–0.14 at K
    6–12, above tomotopy's LDA (docs/topics.md, "The default: measured"). On minutes (bullets of a median
    27 words) unit rows kept a theme the meeting discussed that unscaled rows merged away, so longer documents
    keep them (``SHORT_MEDIAN_WORDS``). The topic shares of a document do
    not depend on the scaling of its row (they are normalised to sum to 1)."""
    X = sp.csr_matrix(X, dtype=np.float64, copy=True)
    if idf is None:
        idf = _idf(X)
    X.data = (1.0 + np.log(X.data)) * idf[X.indices]
    if unit_rows:
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        X.data /= np.repeat(norms, np.diff(X.indptr))
    return X, idf


def _idf(X: sp.csr_matrix) -> np.ndarray:
    """Smoothed IDF of the columns of the count rows ``X``: ``log((1 + n) / (1 + df)) + 1``."""
    n = X.shape[0]
    df = np.bincount(X.indices, minlength=X.shape[1])
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def _nndsvd(X: sp.csr_matrix, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVD start (Boutsidis & Gallopoulos 2008) from a randomized SVD with few power iterations.

    scikit-learn's own init runs 7 LU-normalised power iterations, which cost more than the NMF itself on
    tens of thousands of short answers; three QR-normalised iterations give the same topics."""
    from sklearn.utils.extmath import randomized_svd

    U, S, V = randomized_svd(X, k, n_iter=3, power_iteration_normalizer="QR", random_state=seed)
    W = np.zeros_like(U)
    H = np.zeros_like(V)
    W[:, 0] = np.sqrt(S[0]) * np.abs(U[:, 0])
    H[0, :] = np.sqrt(S[0]) * np.abs(V[0, :])
    for j in range(1, k):
        x, y = U[:, j], V[j, :]
        xp, yp = np.maximum(x, 0), np.maximum(y, 0)
        xn, yn = np.abs(np.minimum(x, 0)), np.abs(np.minimum(y, 0))
        xpn, ypn, xnn, ynn = (float(np.linalg.norm(a)) for a in (xp, yp, xn, yn))
        mp, mn = xpn * ypn, xnn * ynn
        if mp > mn:
            u, v, sigma = xp / xpn, yp / ypn, mp
        elif mn > 0:
            u, v, sigma = xn / xnn, yn / ynn, mn
        else:
            continue
        lbd = np.sqrt(S[j] * sigma)
        W[:, j] = lbd * u
        H[j, :] = lbd * v
    W[W < 1e-6] = 0.0
    H[H < 1e-6] = 0.0
    return W, H


def _unique_rows(X: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """Distinct rows of X and, for each row of X, the index of its distinct row.

    Short answers repeat a lot (美味しい, 駐車場が狭い …); the squared loss of c equal rows is the loss of one
    row scaled by √c, so NMF is fitted on the distinct rows with those weights."""
    X = sp.csr_matrix(X)
    X.sort_indices()
    keys: dict[bytes, int] = {}
    inverse = np.empty(X.shape[0], dtype=np.int64)
    first: list[int] = []
    ind, dat, ptr = X.indices, X.data, X.indptr
    for i in range(X.shape[0]):
        a, b = ptr[i], ptr[i + 1]
        key = ind[a:b].tobytes() + dat[a:b].tobytes()
        j = keys.get(key)
        if j is None:
            j = keys[key] = len(first)
            first.append(i)
        inverse[i] = j
    return sp.csr_matrix(X[np.asarray(first, dtype=np.int64)]), inverse


def _fit_nmf(U: sp.csr_matrix, counts: np.ndarray, k: int, seed: int, max_iter: int) -> _Fit:
    """NMF of the distinct rows ``U`` repeated ``counts`` times; W is returned per distinct row (unscaled)."""
    import warnings

    from sklearn.decomposition import NMF

    keep = np.flatnonzero(counts > 0)
    root = np.sqrt(counts[keep])
    Us = sp.csr_matrix(sp.diags(root) @ U[keep])
    W0, H0 = _nndsvd(Us, k, seed)
    m = NMF(
        n_components=k,
        init="custom",
        solver="cd",
        beta_loss="frobenius",
        tol=NMF_TOL,
        max_iter=max_iter,
        random_state=seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter: the topics are still usable
        Ws = m.fit_transform(Us, W=W0, H=H0)
    W = np.zeros((U.shape[0], k))
    W[keep] = Ws / root[:, None]
    return _Fit(W=W, H=m.components_, n_iter=int(m.n_iter_))


def _fit_nmf_rows(
    unique: tuple[sp.csr_matrix, np.ndarray], idx: np.ndarray | None, k: int, seed: int, max_iter: int
) -> _Fit:
    """NMF of the documents ``idx`` (None = all) given as ``unique = _unique_rows(X)``; with all documents,
    W has a row per document, otherwise a row per distinct row (:func:`_doc_rows` picks the documents')."""
    U, inverse = unique
    counts = np.bincount(inverse if idx is None else inverse[idx], minlength=U.shape[0]).astype(np.float64)
    fit = _fit_nmf(U, counts, k, seed, max_iter)
    fit.W = fit.W[inverse] if idx is None else fit.W
    return fit


def _doc_rows(fit: _Fit, unique: tuple[sp.csr_matrix, np.ndarray], idx: np.ndarray) -> np.ndarray:
    """The rows of W (one per distinct row, from :func:`_fit_nmf_rows` with ``idx``) of the documents ``idx``."""
    return np.asarray(fit.W)[unique[1][idx]]


def _nmf_shares(
    M: sp.csr_matrix, components: np.ndarray, idf: np.ndarray, k: int, *, max_iter: int, seed: int
) -> np.ndarray:
    """Topic shares of the count rows ``M``: W ≥ 0 solved for the ``k`` fixed topics ``components``, rows
    scaled to sum to 1 (zero rows stay zero)."""
    from sklearn.decomposition import non_negative_factorization

    X, _ = _tfidf(M, idf)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        W, _, _ = non_negative_factorization(
            X,
            H=components,
            n_components=k,
            init=None,
            update_H=False,
            solver="cd",
            beta_loss="frobenius",
            tol=1e-4,
            max_iter=max_iter,
            random_state=seed,
        )
    sums = W.sum(axis=1, keepdims=True)
    return np.divide(W, sums, out=np.zeros_like(W), where=sums > 0)
