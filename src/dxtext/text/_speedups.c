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

static PyMethodDef methods[] = {
    {"lemmas", lemmas, METH_VARARGS, "Lemmas of the texts in MeCab's output (see the module comment)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "dxtext.text._speedups", "The tokenizer's per-morpheme loop in C.", -1, methods,
};

/* Bumped whenever lemmas() changes its arguments or its rules: scan.py uses the C loop only when this matches
   its own SCAN_ABI, so a stale build left in a checkout falls back to the Python loop instead of failing. */
#define SCAN_ABI 2

PyMODINIT_FUNC
PyInit__speedups(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m != NULL && PyModule_AddIntConstant(m, "SCAN_ABI", SCAN_ABI) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
