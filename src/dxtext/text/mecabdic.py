"""Read MeCab's compiled dictionaries (sys.dic of unidic-lite, the compiled user dictionary) directly.

Why: asking MeCab to print feature fields (``%f[7]``, ``%F\\t[7,10]``) makes it copy every morpheme's feature
string into an 8 KB buffer with ``strncpy`` (which pads the rest with zeros) before splitting it, for every
morpheme of every text — on the Fukui answers that is about a quarter of the whole parse. Printing the left
context id, the surface and the word cost (``%phl``, ``%m``, ``%pw``) costs almost nothing, and those three
identify the dictionary entry; this module finds the entry's feature string once per distinct morpheme.

The file format (MeCab 0.996, dictionary version 102): a header of ten little-endian uint32 (magic XOR file
size, version, type, lexicon size, left/right context sizes, byte sizes of the double array, token array and
feature area, a spare) and a 32-byte charset name; then the double array (Darts: units of int32 base, uint32
check), the tokens (16 bytes each: uint16 left id, uint16 right id, uint16 POS id, int16 word cost, uint32
feature offset, uint32 compound) and the NUL-terminated feature strings. The double array maps a surface (its
bytes) to ``first token index << 8 | number of tokens``: all entries with that surface lie side by side.
"""

from __future__ import annotations

import csv
import mmap
from pathlib import Path

import numpy as np

from ..errors import DictionaryError as DxtextError  # a broken dictionary file is a DictionaryError
from ..i18n import _

_MAGIC = 0xEF718F77
_VERSION = 102
_HEADER_BYTES = 72
TOKEN_DTYPE = np.dtype(
    [
        ("lc", "<u2"),
        ("rc", "<u2"),
        ("posid", "<u2"),
        ("wcost", "<i2"),
        ("feature", "<u4"),
        ("compound", "<u4"),
    ]
)


def dic_problem(path: str | Path) -> str | None:
    """Why ``path`` is not a whole MeCab 102 UTF-8 dictionary (None when its header and size agree). Checked
    before MeCab opens a file: MeCab trusts the header and may crash the process on a broken one."""
    try:
        with open(path, "rb") as f:
            head = f.read(_HEADER_BYTES)
            f.seek(0, 2)
            size = f.tell()
    except OSError as e:
        return f"cannot be read ({e.strerror})"
    if len(head) < _HEADER_BYTES:
        return "not a MeCab dictionary (file too short)"
    magic, version, _type, _lex, _l, _r, dsize, tsize, fsize, _ignored = np.frombuffer(
        head, dtype="<u4", count=10
    ).tolist()
    if magic ^ _MAGIC != size or version != _VERSION:
        return f"not a MeCab {_VERSION} dictionary (broken or another version)"
    charset = head[40:72].split(b"\0", 1)[0].decode("ascii", "replace").lower()
    if charset.replace("-", "") != "utf8":
        return f"dictionary charset {charset!r}, not UTF-8"
    if _HEADER_BYTES + dsize + tsize + fsize != size or dsize % 8 or tsize % 16:
        return "broken dictionary file (sizes do not add up)"
    return None


class CompiledDictionary:
    """A MeCab binary dictionary opened read-only (memory-mapped; pages are read only when touched)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            with open(self.path, "rb") as f:
                self._mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as e:
            raise DxtextError(
                _("{path}: cannot read the MeCab dictionary ({e}).").format(path=self.path, e=e)
            ) from None
        mm = self._mm
        if len(mm) < _HEADER_BYTES:
            raise DxtextError(_("{path}: not a MeCab dictionary (file too short).").format(path=self.path))
        header = np.frombuffer(mm, dtype="<u4", count=10)
        magic, version, _type, _lex, _l, _r, dsize, tsize, fsize, _ignored = (int(x) for x in header)
        if magic ^ _MAGIC != len(mm) or version != _VERSION:
            raise DxtextError(
                _("{path}: not a MeCab {_VERSION} dictionary (broken or another version).").format(
                    path=self.path, _VERSION=_VERSION
                )
            )
        charset = bytes(mm[40:72]).split(b"\0", 1)[0].decode("ascii", "replace").lower()
        if charset.replace("-", "") != "utf8":
            raise DxtextError(
                _("{path}: dictionary charset {charset!r}; dxtext needs UTF-8.").format(
                    path=self.path, charset=charset
                )
            )
        if _HEADER_BYTES + dsize + tsize + fsize != len(mm) or dsize % 8 or tsize % 16:
            raise DxtextError(
                _("{path}: dictionary file is broken (sizes do not add up).").format(path=self.path)
            )
        units = np.frombuffer(mm, dtype="<i4", count=dsize // 4, offset=_HEADER_BYTES).reshape(-1, 2)
        self._base = units[:, 0]
        self._check = units[:, 1].view("<u4")
        self._size = len(units)
        self.tokens = np.frombuffer(mm, dtype=TOKEN_DTYPE, count=tsize // 16, offset=_HEADER_BYTES + dsize)
        self._features_at = _HEADER_BYTES + dsize + tsize

    def lookup(self, surfaces: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """(first token index, number of tokens) of each surface; (-1, 0) where the surface is not an entry.

        The double-array walk (Darts' exact match) is done for all surfaces at once, one byte position per
        step, so a batch of thousands costs a few dozen array operations.
        """
        n = len(surfaces)
        if n == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        lens = np.fromiter(map(len, surfaces), dtype=np.int64, count=n)
        width = int(lens.max())
        keys = np.zeros((n, max(width, 1)), dtype=np.int64)
        flat = np.frombuffer(b"".join(surfaces), dtype=np.uint8)
        rows = np.repeat(np.arange(n), lens)
        cols = np.arange(len(flat)) - np.repeat(np.cumsum(lens) - lens, lens)
        keys[rows, cols] = flat
        base, check, size = self._base, self._check, self._size
        node = np.full(n, int(base[0]), dtype=np.int64)
        alive = lens > 0
        for i in range(width):
            idx = np.flatnonzero(alive & (lens > i))
            if len(idx) <= 8:  # the few long surfaces left: a walk each costs less than array operations
                for k in idx.tolist():
                    at = self._walk(surfaces[k][i:], int(node[k]))
                    if at is None:
                        alive[k] = False
                    else:
                        node[k] = at
                break
            here = node[idx]
            p = here + keys[idx, i] + 1
            good = (p >= 0) & (p < size)
            good[good] = check[p[good]].astype(np.int64) == (here[good] & 0xFFFFFFFF)
            node[idx[good]] = base[p[good]]
            alive[idx[~good]] = False
        first = np.full(n, -1, dtype=np.int64)
        count = np.zeros(n, dtype=np.int64)
        idx = np.flatnonzero(alive)
        p = node[idx]
        inside = (p >= 0) & (p < size)
        idx, p = idx[inside], p[inside]
        value = base[p].astype(np.int64)
        leaf = (check[p].astype(np.int64) == (p & 0xFFFFFFFF)) & (value < 0)
        value = -value[leaf] - 1
        first[idx[leaf]] = value >> 8
        count[idx[leaf]] = value & 0xFF
        return first, count

    def _walk(self, key: bytes, node: int | None = None) -> int | None:
        """The double-array node reached by ``key`` from ``node`` (a base; default the root), or None if no entry
        goes on so."""
        base, check, size = self._base, self._check, self._size
        if node is None:
            node = int(base[0])
        for byte in key:
            p = node + byte + 1
            if not 0 <= p < size or int(check[p]) != node:
                return None
            node = int(base[p])
        return node

    def feature(self, offset: int) -> str:
        """The feature string stored at ``offset`` in the feature area."""
        start = self._features_at + offset
        end = self._mm.find(b"\0", start)
        return self._mm[start : end if end >= 0 else len(self._mm)].decode("utf-8", "replace")


def split_feature(feature: str) -> list[str]:
    """The fields of a feature string, as MeCab splits them (CSV; quoted fields may hold commas)."""
    if '"' not in feature:
        return feature.split(",")
    return next(csv.reader([feature]))


def find_entries(
    dictionaries: list[CompiledDictionary], surfaces: list[bytes], lids: np.ndarray, costs: np.ndarray
) -> tuple[list[int], list[str]]:
    """The entries whose surface, left id and word cost are ``surfaces[i]``, ``lids[i]``, ``costs[i]``.

    Returns (i, feature string) pairs as two lists. MeCab looks a surface up in every dictionary it has open
    (system dictionary, then user dictionaries), so the entries come from all of them. Usually each key has
    exactly one; several (homographs with the same context id and cost) or none are left to the caller.
    """
    keys: list[int] = []
    features: list[str] = []
    if not surfaces:
        return keys, features
    for dic in dictionaries:
        first, count = dic.lookup(surfaces)
        has = np.flatnonzero(count > 0)
        if len(has) == 0:
            continue
        counts = count[has]
        owner = np.repeat(has, counts)
        token_idx = np.repeat(first[has], counts) + (
            np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        )
        tokens = dic.tokens[token_idx]
        match = (tokens["lc"] == lids[owner]) & (tokens["wcost"] == costs[owner])
        keys += owner[match].tolist()
        feature = dic.feature
        features += [feature(offset) for offset in tokens["feature"][match].tolist()]
    return keys, features


def char_info(char_bin: str | Path, ch: str) -> tuple[int, bool]:
    """(category bit mask, invoke flag) of ``ch`` in MeCab's char.bin (UTF-8 dictionaries; BMP only).

    char.bin: a uint32 number of categories, their names (32 bytes each), then one uint32 per code point
    U+0000–U+FFFE: bits 0–17 the categories, 18–25 the default one, 26–29 length, 30 group, 31 invoke.
    """
    raw = Path(char_bin).read_bytes()
    n = int(np.frombuffer(raw, dtype="<u4", count=1)[0])
    info = int(np.frombuffer(raw, dtype="<u4", count=1, offset=4 + 32 * n + 4 * ord(ch))[0])
    return info & 0x3FFFF, bool(info >> 31)


def boundary_problem(sys_dic: Path, user_dic: Path, char_bin: Path, boundary: str) -> str | None:
    """Why ``" " + boundary + " "`` cannot separate texts parsed together, or None when it can.

    It can when (1) the user dictionary has the boundary as an entry with context ids 0 (MeCab's sentence end
    and start), so connecting to it costs what connecting to the end of a text costs, and from it what the
    start of a text costs; (2) no other node can cover any of it: MeCab skips spaces before it looks a word up
    and unknown words never take in a space, so only an entry that contains the boundary character or ends
    with a space could (UniDic has a few emoticons with spaces inside, none at the end), and the character's
    class must not add unknown words where an entry matches.
    """
    space_types, _ignored = char_info(char_bin, " ")
    types, invoke = char_info(char_bin, boundary)
    if invoke or types & space_types:
        return f"the character class of U+{ord(boundary):04X} would make MeCab add unknown words"
    key = boundary.encode("utf-8")
    for path in (sys_dic, user_dic):
        dic = CompiledDictionary(path)
        base = dic._base.astype(np.int64)
        check = dic._check.astype(np.int64)
        size = dic._size
        # Every node (a unit with a positive base, the root included) followed by the boundary's bytes.
        nodes = base[base > 0]
        for i, byte in enumerate(key):
            p = nodes + byte + 1
            p = p[p < size]
            nodes = base[p[check[p] == p - byte - 1]]
            if i < len(key) - 1:
                nodes = nodes[nodes > 0]
        containing = len(nodes)
        if path == user_dic:
            containing -= 1  # the boundary entry itself
            node = dic._walk(key)
            first, count = dic.lookup([key])
            tokens = dic.tokens[int(first[0]) : int(first[0] + count[0])]
            if (
                node is None
                or len(tokens) != 1
                or tokens["lc"][0] != 0
                or tokens["rc"][0] != 0
                or tokens["wcost"][0] != 0  # the tokenizer cuts MeCab's output at the line "0<TAB>﷐<TAB>0"
            ):
                return f"{path} lacks the text-boundary entry; rebuild it with `dxtext dict build`"
            # Longer entries starting with the boundary go on from its node (codes 1-256; 0 ends the key).
            if np.any(check[node + 1 : min(node + 257, size)] == node):
                return f"{path} has entries starting with U+{ord(boundary):04X}"
        if containing:
            return f"{path} has entries with U+{ord(boundary):04X} in them"
        # Entries that end with a space: a transition on byte 0x20 whose target node is also a key's end.
        used = np.flatnonzero(check != 0)
        after_space = base[used[used - check[used] == 0x20 + 1]]
        after_space = after_space[(after_space > 0) & (after_space < size)]
        if np.any((check[after_space] == after_space) & (base[after_space] < 0)):
            return f"{path} has an entry ending with a space"
    return None
