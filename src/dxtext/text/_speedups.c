/* dxtext.text._speedups: the tokenizer's per-morpheme loop in C (optional; scan.py has the same loop in Python).
 *
 * lemmas(output, info, end, honorific) -> (token lists, missing lines)
 *
 *   output    what MeCab printed for one text or for several texts joined by the text boundary: one morpheme
 *             a line ("left id<TAB>surface<TAB>word cost");
 *   info      dict: line -> (lemma or None, non_independent, aux_context, joinable suffix or None, noun,
 *             code), or None for a line that does not tell homographs apart; code: the int of compounds.py
 *             (lead particle, leads accepted, followers needed, follower class, honorific suffix);
 *   end       the line MeCab prints for the text boundary (without its newline), or None for a single text;
 *   honorific dict: head + honorific suffix -> the word as written (奥さん, お嬢さん).
 *
 * Returns a list with one entry per text — its lemmas; None when a line maps to None; the (start, end) span of
 * the text's lines in output when a line is not in info yet (those lines are in the returned set: learn them,
 * then scan the span again) — and the set. The rules are those of scan._scan_py:
 * a non-independent word right after an auxiliary context is dropped; a joinable suffix right after a kept noun
 * (or a joined suffix) is appended to it (an honorific suffix only where the joined word is in honorific); a
 * compound particle's verb is dropped at once or after the morpheme that follows it (see _scan_py). An empty
 * line resets that context and ends a pending compound as the end of a text does (follower class OTHER). The end line is recognised
 * by its text (_scan_py: by info mapping it to _END; Tokenizer._resolve always puts it there).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

/* compounds.py: follower class OTHER, the honorific-suffix bit */
#define FOLLOW_OTHER 64L
#define HONORIFIC_BIT (1L << 24)

/* Drops the last token (a pending compound's verb once the morpheme after it completes the compound). */
static int
pop_last(PyObject *toks)
{
    Py_ssize_t size = PyList_GET_SIZE(toks);
    return size > 0 ? PyList_SetSlice(toks, size - 1, size, NULL) : 0;
}

/* Appends what a finished text gives: its lemmas, None (a homograph line), or the (start, end) span of its
 * lines in output when it had lines not in info yet (to be scanned again once they are learnt). */
static int
finish_text(PyObject *texts, PyObject *toks, int missing, int homograph, Py_ssize_t start, Py_ssize_t end)
{
    if (missing) {
        PyObject *span = Py_BuildValue("(nn)", start, end);
        if (!span)
            return -1;
        int rc = PyList_Append(texts, span);
        Py_DECREF(span);
        return rc;
    }
    return PyList_Append(texts, homograph ? Py_None : toks);
}

static PyObject *
lemmas(PyObject *self, PyObject *args)
{
    PyObject *output, *info, *boundary, *honorific;
    if (!PyArg_ParseTuple(args, "UO!OO!", &output, &PyDict_Type, &info, &boundary, &PyDict_Type, &honorific))
        return NULL;
    if (boundary != Py_None && !PyUnicode_Check(boundary)) {
        PyErr_SetString(PyExc_TypeError, "end must be str or None");
        return NULL;
    }
    const Py_ssize_t boundary_len = boundary == Py_None ? -1 : PyUnicode_GET_LENGTH(boundary);
    PyObject *texts = PyList_New(0);
    PyObject *missing = PySet_New(NULL);
    PyObject *toks = PyList_New(0);
    PyObject *line = NULL;
    if (!texts || !missing || !toks)
        goto error;

    const Py_ssize_t n = PyUnicode_GET_LENGTH(output);
    int has_missing = 0, homograph = 0, prev_aux = 0, prev_noun = 0, pend_kept = 0;
    long prev_lead = 0, pend = 0;
    Py_ssize_t text_start = 0, start = 0;

    while (start < n) {
        Py_ssize_t stop = PyUnicode_FindChar(output, '\n', start, n, 1);
        if (stop == -2)
            goto error;
        if (stop < 0)
            stop = n;
        Py_ssize_t len = stop - start, line_start = start;
        start = stop + 1;
        if (len == 0) { /* as _scan_py, where "" maps to a morpheme that changes nothing but the context */
            if (!has_missing && !homograph) {
                if ((pend & FOLLOW_OTHER) && pend_kept && pop_last(toks) < 0)
                    goto error;
                pend = prev_lead = 0;
                prev_aux = prev_noun = pend_kept = 0;
            }
            continue;
        }
        line = PyUnicode_Substring(output, line_start, stop);
        if (!line)
            goto error;
        if (len == boundary_len && PyUnicode_Compare(line, boundary) == 0) {
            Py_CLEAR(line);
            if ((pend & FOLLOW_OTHER) && pend_kept && pop_last(toks) < 0)
                goto error;
            if (finish_text(texts, toks, has_missing, homograph, text_start, line_start) < 0)
                goto error;
            Py_DECREF(toks);
            toks = PyList_New(0);
            if (!toks)
                goto error;
            has_missing = homograph = prev_aux = prev_noun = pend_kept = 0;
            prev_lead = pend = 0;
            text_start = start;
            continue;
        }
        PyObject *r = PyDict_GetItemWithError(info, line); /* borrowed */
        if (!r) {
            if (PyErr_Occurred() || PySet_Add(missing, line) < 0)
                goto error;
            Py_CLEAR(line);
            has_missing = 1; /* go on: every unknown line of the text is collected for one learning pass */
            continue;
        }
        Py_CLEAR(line);
        if (has_missing || homograph)
            continue;
        if (r == Py_None || !PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 6) {
            homograph = 1;
            continue;
        }
        /* truth values as in Python (the tuples hold bools, but any object is read as _scan_py reads it) */
        PyObject *lemma = PyTuple_GET_ITEM(r, 0);
        PyObject *suffix = PyTuple_GET_ITEM(r, 3);
        int free_ = PyObject_IsTrue(PyTuple_GET_ITEM(r, 1));
        int aux = PyObject_IsTrue(PyTuple_GET_ITEM(r, 2));
        int noun = PyObject_IsTrue(PyTuple_GET_ITEM(r, 4));
        int joins = PyObject_IsTrue(suffix);
        long code = PyLong_AsLong(PyTuple_GET_ITEM(r, 5));
        if (free_ < 0 || aux < 0 || noun < 0 || joins < 0 || (code == -1 && PyErr_Occurred()))
            goto error;

        if (pend) {
            if (((code >> 16) & pend) && pend_kept && pop_last(toks) < 0)
                goto error;
            pend = 0;
        }
        if (joins && prev_noun) {
            Py_ssize_t last = PyList_GET_SIZE(toks) - 1;
            if (last < 0) { /* cannot happen: prev_noun follows a kept token */
                homograph = 1;
                continue;
            }
            PyObject *head = PyList_GET_ITEM(toks, last); /* borrowed */
            PyObject *joined = PyUnicode_Concat(head, suffix);
            if (!joined)
                goto error;
            if (code & HONORIFIC_BIT) { /* only into a known word: 奥+さん, not 山田+さん */
                PyObject *word = PyDict_GetItemWithError(honorific, joined); /* borrowed */
                Py_DECREF(joined);
                if (!word && PyErr_Occurred())
                    goto error;
                joined = word;
                Py_XINCREF(joined);
            }
            if (joined) {
                PyList_SET_ITEM(toks, last, joined); /* steals joined */
                Py_DECREF(head);
                prev_aux = aux;
                prev_noun = 1;
                prev_lead = 0;
                continue;
            }
        }
        if ((code >> 4) & 15 & prev_lead) {
            pend = (code >> 8) & 255;
            if (!pend) { /* a compound complete with this morpheme: a function word */
                prev_aux = aux;
                prev_noun = 0;
                prev_lead = 0;
                continue;
            }
        }
        if (lemma != Py_None && !(free_ && prev_aux)) {
            if (PyList_Append(toks, lemma) < 0)
                goto error;
            prev_noun = noun;
            pend_kept = 1;
        } else {
            prev_noun = pend_kept = 0;
        }
        prev_aux = aux;
        prev_lead = code & 15;
    }
    if ((pend & FOLLOW_OTHER) && pend_kept && !has_missing && !homograph && pop_last(toks) < 0)
        goto error;
    if (finish_text(texts, toks, has_missing, homograph, text_start, n) < 0)
        goto error;
    Py_DECREF(toks);
    PyObject *result = PyTuple_Pack(2, texts, missing);
    Py_DECREF(texts);
    Py_DECREF(missing);
    return result;

error:
    Py_XDECREF(line);
    Py_XDECREF(texts);
    Py_XDECREF(missing);
    Py_XDECREF(toks);
    return NULL;
}

/* gibbs_rows(indptr, indices, data, P, alpha, theta0, n_iter, tol, out, steps): the topic shares of LDA-by-Gibbs
 * documents (analysis/topics/gibbs.py, _solve_numpy is the same arithmetic in numpy; the results are identical
 * bit for bit, tests/analysis/test_topics_gibbs_shares.py). Buffers: indptr, indices int64 (CSR rows of counts
 * with sorted indices), data float64, P float64 V x K (phi transposed, row-major), alpha and theta0 float64 K,
 * out float64 n x K (written for rows with words), steps int32 n (the steps each row took). Each row on its own:
 * from theta0, theta <- normalise(theta * sum_l P[w_l] c_l / (P[w_l] . theta) + alpha) until no share moves by
 * tol or more, at most n_iter steps. Every operation is a separate statement in the numpy order (sums from the
 * first term, in index order): no fused multiply-add, no reassociation. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
__attribute__((optimize("fp-contract=off", "no-fast-math")))
#endif
static PyObject *
gibbs_rows(PyObject *self, PyObject *args)
{
    Py_buffer b_ptr, b_ind, b_dat, b_P, b_alpha, b_th0, b_out, b_steps;
    int n_iter;
    double tol;
    PyObject *result = NULL;
    double *th = NULL, *s = NULL, *nw = NULL, *ratio = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*idw*w*", &b_ptr, &b_ind, &b_dat, &b_P, &b_alpha, &b_th0, &n_iter,
                          &tol, &b_out, &b_steps))
        return NULL;
    Py_ssize_t K = b_alpha.len / (Py_ssize_t)sizeof(double);
    Py_ssize_t n = b_ptr.len / (Py_ssize_t)sizeof(long long) - 1;
    Py_ssize_t V = K > 0 ? b_P.len / (Py_ssize_t)sizeof(double) / K : 0;
    const long long *ptr = (const long long *)b_ptr.buf, *ind = (const long long *)b_ind.buf;
    const double *dat = (const double *)b_dat.buf, *P = (const double *)b_P.buf;
    const double *alpha = (const double *)b_alpha.buf, *th0 = (const double *)b_th0.buf;
    double *out = (double *)b_out.buf;
    int *steps = (int *)b_steps.buf;
    Py_ssize_t maxlen = 0;
    if (K < 1 || n < 0 || b_th0.len != b_alpha.len || b_out.len < n * K * (Py_ssize_t)sizeof(double) ||
        b_steps.len < n * (Py_ssize_t)sizeof(int) || b_dat.len != b_ind.len) {
        PyErr_SetString(PyExc_ValueError, "gibbs_rows: buffer sizes do not match");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        long long a = ptr[i], b = ptr[i + 1];
        if (a < 0 || b < a || b > (long long)(b_ind.len / (Py_ssize_t)sizeof(long long))) {
            PyErr_SetString(PyExc_ValueError, "gibbs_rows: bad indptr");
            goto done;
        }
        for (long long e = a; e < b; e++)
            if (ind[e] < 0 || ind[e] >= V) {
                PyErr_SetString(PyExc_ValueError, "gibbs_rows: index out of range");
                goto done;
            }
        if (b - a > maxlen)
            maxlen = (Py_ssize_t)(b - a);
    }
    th = PyMem_Malloc(sizeof(double) * K);
    s = PyMem_Malloc(sizeof(double) * K);
    nw = PyMem_Malloc(sizeof(double) * K);
    ratio = PyMem_Malloc(sizeof(double) * (maxlen + 1));
    if (!th || !s || !nw || !ratio) {
        PyErr_NoMemory();
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        long long a = ptr[i], len = ptr[i + 1] - ptr[i];
        steps[i] = 0;
        if (len == 0)
            continue;
        for (Py_ssize_t k = 0; k < K; k++)
            th[k] = th0[k];
        int step;
        for (step = 1; step <= n_iter; step++) {
            for (long long l = 0; l < len; l++) {
                const double *p = P + ind[a + l] * K;
                double den = p[0] * th[0];
                for (Py_ssize_t k = 1; k < K; k++) {
                    double t = p[k] * th[k];
                    den = den + t;
                }
                if (den < 1e-300) /* np.maximum(den, 1e-300) */
                    den = 1e-300;
                ratio[l] = dat[a + l] / den;
            }
            const double *p0 = P + ind[a] * K;
            for (Py_ssize_t k = 0; k < K; k++)
                s[k] = p0[k] * ratio[0];
            for (long long l = 1; l < len; l++) {
                const double *p = P + ind[a + l] * K;
                for (Py_ssize_t k = 0; k < K; k++) {
                    double t = p[k] * ratio[l];
                    s[k] = s[k] + t;
                }
            }
            for (Py_ssize_t k = 0; k < K; k++) {
                double t = th[k] * s[k];
                nw[k] = t + alpha[k];
            }
            double tot = nw[0];
            for (Py_ssize_t k = 1; k < K; k++)
                tot = tot + nw[k];
            double d = 0.0;
            for (Py_ssize_t k = 0; k < K; k++) {
                nw[k] = nw[k] / tot;
                double diff = fabs(nw[k] - th[k]);
                if (diff > d)
                    d = diff;
                th[k] = nw[k];
            }
            if (d < tol)
                break;
        }
        steps[i] = step > n_iter ? n_iter : step;
        for (Py_ssize_t k = 0; k < K; k++)
            out[i * K + k] = th[k];
    }
    Py_END_ALLOW_THREADS
    result = Py_None;
    Py_INCREF(result);
done:
    PyMem_Free(th);
    PyMem_Free(s);
    PyMem_Free(nw);
    PyMem_Free(ratio);
    PyBuffer_Release(&b_ptr);
    PyBuffer_Release(&b_ind);
    PyBuffer_Release(&b_dat);
    PyBuffer_Release(&b_P);
    PyBuffer_Release(&b_alpha);
    PyBuffer_Release(&b_th0);
    PyBuffer_Release(&b_out);
    PyBuffer_Release(&b_steps);
    return result;
}

static PyMethodDef methods[] = {
    {"lemmas", lemmas, METH_VARARGS, "Lemmas of the texts in MeCab's output (see the module comment)."},
    {"gibbs_rows", gibbs_rows, METH_VARARGS, "Topic shares of count rows for fixed topics (see its comment)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "dxtext.text._speedups", "The tokenizer's per-morpheme loop in C.", -1, methods,
};

/* Bumped whenever lemmas() changes its arguments or its rules: scan.py uses the C loop only when this matches
   its own SCAN_ABI, so a stale build left in a checkout falls back to the Python loop instead of failing. */
#define SCAN_ABI 2
/* Bumped whenever gibbs_rows() changes its arguments or its arithmetic (GIBBS_ABI in analysis/topics/gibbs.py). */
#define GIBBS_ABI 1

PyMODINIT_FUNC
PyInit__speedups(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && (PyModule_AddIntConstant(m, "SCAN_ABI", SCAN_ABI) < 0 ||
                      PyModule_AddIntConstant(m, "GIBBS_ABI", GIBBS_ABI) < 0)) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
