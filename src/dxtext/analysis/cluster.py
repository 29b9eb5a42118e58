"""Clusters of words and of documents.

Words (KH Coder's 階層的クラスター分析 and 多次元尺度構成法): the distance of two words is 1 − Jaccard of the
documents they occur in; hierarchical clustering with Ward's method (KH Coder's default), average or
complete linkage (scipy), cut into ``k`` clusters; classical (Torgerson) MDS of the same distances, and
Kruskal's non-metric MDS (SMACOF with isotonic regression, scikit-learn) started from the classical solution.

Documents: TF-IDF rows (L2-normalised), k-means (scikit-learn, seeded) or Ward on a 100-dimensional LSA
projection; per cluster its size, its characteristic words (log-odds z against the other documents) and the
documents closest to its centre (cosine).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import DxtextError
from ..i18n import _

__all__ = [
    "LINKAGES",
    "WordClusters",
    "classical_mds",
    "document_clusters",
    "jaccard_distances",
    "kruskal_mds",
    "word_clusters",
]

Linkage = Literal["ward", "average", "complete"]
LINKAGES: tuple[str, ...] = ("ward", "average", "complete")
#: Ward's method on documents needs the full distance matrix: beyond this many documents use k-means
WARD_MAX_DOCS = 10000


def jaccard_distances(binary: sp.csr_matrix) -> np.ndarray:
    """1 − Jaccard between the columns (words) of a documents × words 0/1 matrix (dense, words × words)."""
    S = sp.csc_matrix(binary, dtype=np.float64)
    co = (S.T @ S).toarray()
    df = np.diag(co).copy()
    union = df[:, None] + df[None, :] - co
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, co / union, 0.0)
    D = 1.0 - jac
    np.fill_diagonal(D, 0.0)
    return D


@dataclass
class WordClusters:
    """words (in the given order), their distances, the linkage matrix, and cluster numbers 1…k, numbered in
    the dendrogram's leaf order (top to bottom)."""

    words: list[str]
    distances: np.ndarray
    linkage: np.ndarray
    clusters: np.ndarray
    leaves: list[int]
    method: str

    def merges(self) -> pd.DataFrame:
        """The merge table (scipy's linkage as data): step, the two merged items (a word or 'cluster N' for an
        earlier step), height, size."""
        n = len(self.words)

        def name(i: float) -> str:
            i = int(i)
            return self.words[i] if i < n else f"step {i - n + 1}"

        return pd.DataFrame(
            {
                "step": np.arange(1, len(self.linkage) + 1),
                "a": [name(r[0]) for r in self.linkage],
                "b": [name(r[1]) for r in self.linkage],
                "height": self.linkage[:, 2],
                "size": self.linkage[:, 3].astype(np.int64),
            }
        )


def word_clusters(
    binary: sp.csr_matrix, words: Sequence[str], *, method: Linkage = "ward", k: int = 8
) -> WordClusters:
    """Hierarchical clustering of the columns of ``binary`` (documents × the chosen words)."""
    from scipy.cluster.hierarchy import dendrogram, fcluster, linkage
    from scipy.spatial.distance import squareform

    if method not in LINKAGES:
        raise DxtextError(
            _("--method {method}: use one of {v0}.").format(method=method, v0=", ".join(LINKAGES))
        )
    n = len(words)
    if n < 3:
        raise DxtextError(_("only {n} words to cluster; lower --min-df or raise --words.").format(n=n))
    D = jaccard_distances(binary)
    if not np.any(D > 0):
        raise DxtextError(
            _(
                "the {n} words occur in exactly the same documents, so they cannot be told apart; nothing to cluster: use a corpus with more varied documents."
            ).format(n=n)
        )
    Z = linkage(squareform(D, checks=False), method=method)
    k = max(1, min(k, n))
    raw = fcluster(Z, t=k, criterion="maxclust")
    leaves = dendrogram(Z, no_plot=True)["leaves"]
    renumber: dict[int, int] = {}
    for i in leaves:
        renumber.setdefault(int(raw[i]), len(renumber) + 1)
    clusters = np.array([renumber[int(c)] for c in raw])
    return WordClusters(list(words), D, Z, clusters, list(leaves), method)


def classical_mds(D: np.ndarray, dims: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Torgerson's classical MDS: coordinates (n × dims) and all eigenvalues of the double-centred −½D².
    Signs are fixed so that the largest coordinate of each axis is positive."""
    n = len(D)
    J = np.eye(n) - np.ones((n, n)) / n
    Bm = -0.5 * J @ (D**2) @ J
    vals, vecs = np.linalg.eigh(Bm)
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    X = vecs[:, :dims] * np.sqrt(np.clip(vals[:dims], 0, None))
    for j in range(X.shape[1]):
        i = int(np.argmax(np.abs(X[:, j])))
        if X[i, j] < 0:
            X[:, j] = -X[:, j]
    return X, vals


def kruskal_mds(D: np.ndarray, *, init: np.ndarray, seed: int = 0) -> tuple[np.ndarray, float]:
    """Kruskal's non-metric MDS from ``init``: coordinates and Stress-1. When the distances are too few or too
    tied for the isotonic step (a handful of words, most at distance 1), SMACOF can fail to a NaN solution;
    then the classical solution is returned with its own Stress-1 against the distances."""
    import warnings

    from sklearn.manifold import smacof

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        X, stress = smacof(D, metric=False, n_components=init.shape[1], init=init, n_init=1, random_state=seed,
                           max_iter=300, normalized_stress=True)  # fmt: skip
    if np.all(np.isfinite(X)) and np.isfinite(stress):
        return X, float(stress)
    from scipy.spatial.distance import pdist, squareform

    d_fit = squareform(pdist(init))
    iu = np.triu_indices(len(D), 1)
    denom = float((d_fit[iu] ** 2).sum())
    return init.copy(), float(np.sqrt(((d_fit[iu] - D[iu]) ** 2).sum() / denom)) if denom > 0 else 0.0


def document_clusters(
    X: sp.csr_matrix,
    vocab: Sequence[str],
    *,
    k: int,
    method: Literal["kmeans", "ward"] = "kmeans",
    seed: int = 0,
    top_words: int = 10,
    representatives: int = 3,
) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Cluster the documents (rows of the counts ``X``): (cluster of each document, 1 = the largest; a table
    per cluster: cluster, documents, percent, top_words; the representative documents: cluster, rank, row,
    similarity). Documents without any word get cluster 0."""
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.preprocessing import normalize

    from .themes.words import characteristic_words

    if method not in ("kmeans", "ward"):
        raise DxtextError(_("--doc-method {method}: use kmeans or ward.").format(method=method))
    has = np.asarray(X.sum(axis=1)).ravel() > 0
    n = int(has.sum())
    if k < 2 or k > n:
        raise DxtextError(
            _("--doc-clusters {k}: give a number between 2 and the {n:,} documents with words.").format(
                k=k, n=n
            )
        )
    T = TfidfTransformer(sublinear_tf=True).fit_transform(X[has]).tocsr()
    if method == "kmeans":
        from sklearn.cluster import KMeans

        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(T)
    else:
        if n > WARD_MAX_DOCS:
            raise DxtextError(
                _(
                    "--doc-method ward: {n:,} documents are too many (at most {WARD_MAX_DOCS:,}); use --doc-method kmeans."
                ).format(n=n, WARD_MAX_DOCS=WARD_MAX_DOCS)
            )
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.decomposition import TruncatedSVD

        dims = max(1, min(100, T.shape[1] - 1, n - 1))
        L = normalize(TruncatedSVD(n_components=dims, random_state=seed).fit_transform(T))
        labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(L)
    sizes = np.bincount(labels, minlength=k)
    rank = {old: new + 1 for new, old in enumerate(sorted(range(k), key=lambda c: (-sizes[c], c)))}
    labels = np.array([rank[int(c)] for c in labels])
    out = np.zeros(X.shape[0], dtype=np.int64)
    out[has] = labels
    B = X.copy()
    B.data = np.ones_like(B.data)
    rows_all = np.flatnonzero(has)
    summary, reps = [], []
    for c in range(1, k + 1):
        members = labels == c
        words = characteristic_words(B[has].tocsr(), vocab, members, top=top_words, min_docs=2)
        summary.append({"cluster": c, "documents": int(members.sum()), "percent": round(members.mean() * 100, 1),
                        "top_words": "、".join(words["word"])})  # fmt: skip
        centre = np.asarray(T[members].mean(axis=0)).ravel()
        norm = np.linalg.norm(centre)
        sims = (T[members] @ centre) / (norm if norm > 0 else 1.0)
        idx = np.flatnonzero(members)
        best = sorted(range(len(idx)), key=lambda i: (-round(float(sims[i]), 12), idx[i]))[:representatives]
        for r, i in enumerate(best, 1):
            reps.append({"cluster": c, "rank": r, "row": int(rows_all[idx[i]]), "similarity": float(sims[i])})
    return out, pd.DataFrame(summary), pd.DataFrame(reps, columns=["cluster", "rank", "row", "similarity"])
