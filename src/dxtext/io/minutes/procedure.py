"""Procedure apart from substance: which sentences of a meeting record run the meeting rather than say something.

A sentence is *procedural* when

* it is a time line or a line of the order of business (午後１時００分開会, 休憩, 再開, 散会, 日程第１ …);
* what is left after taking out the formulas of a meeting is (next to) nothing: thanks and greetings
  (ありがとうございます, おはようございます, よろしくお願いいたします), calling the next speaker
  (それでは、井上委員、お願いいたします), announcing an answer (お答えいたします, 以上です), a name with a title
  (山田委員, 高村部会長) and the glue words around them (それでは, 次に, はい …); or the speaker introducing
  themselves (連合の井上です);
* the speaker chairs the meeting (role ``chair``, or ``clerk``) and the sentence carries one of the chair's
  procedural cues (お諮りいたします, 御異議ございませんか, 以上で質疑を終了します, 議題といたします, 発言を許します,
  休憩/再開/散会/閉会/開会, 採決, 日程第, 次回 …) and is not longer than 100 characters (a chair who sums
  up the discussion at length is heard, so is one in a sentence longer than 150 characters);
* whoever speaks, it is the housekeeping of the meeting (定足数, ライブ配信, 資料一覧, 議事録につきましては,
  次回の部会, マイク, 名札 …) in a sentence of at most 150 characters.

A turn is procedural when all its sentences are; a turn with both keeps its substantive sentences as its text
(the procedural ones are counted in the attribute ``procedural_sentences``) unless procedure is kept.
"""

from __future__ import annotations

import re
import unicodedata

from .roles import is_title

_DIGITS = r"[0-9０-９一二三四五六七八九十〇零]"

TIME_LINE = re.compile(
    rf"^(?:午前|午後)\s*{_DIGITS}+\s*時(?:\s*{_DIGITS}+\s*分)?\s*"
    r"(?:開会|開議|散会|閉会|休憩|再開|延会|閉議|開会式)"
    r"|^(?:休憩|再開|散会|閉会|開会|延会)(?:いたします|します)?。?$"
)

# the formulas of a meeting: taken out of a sentence before looking at what is left
_FORMULAS = re.compile(
    "|".join(
        [
            r"(?:[^、。]{0,12}?(?:を|、)|(?:ご|御)?(?:説明|報告|答弁|発言|質問))?"
            r"(?:どうも|大変|誠に|本当に)?ありがとう(?:ございます|ございました)?",
            r"おはようございます|こんにちは|こんばんは|お疲れ様(?:でした|です)",
            r"(?:どうぞ)?よろしく(?:お願い(?:いた|致)?(?:します|し申し上げます)|お願い申し上げます)?",
            r"(?:ご|御)?(?:説明|発言|答弁|回答|質問|質疑|意見)?(?:を|は)?お願い(?:いた|致)?します",
            r"お願いできれば(?:と思います|幸いです)|お願い申し上げます|お願いします",
            r"お答え(?:いた|致)?します|(?:ご|御)?答弁(?:いた|致)?します|(?:ご|御)?説明(?:いた|致)?します|"
            r"(?:ご|御)?説明申し上げます|お答え申し上げます",
            r"(?:質問を)?終わります|質問(?:いた|致)?します|質疑(?:いた|致)?します|以上(?:で(?:す|ございます)|です)|以上",
            r"失礼(?:いた|致)?します|失礼しました|すみません|恐れ入ります|承知(?:いた|致)?しました",
            r"どうぞ|はい|ええ|それでは|では|次に|続きまして|続いて|ただいま|ただ今|引き続き|まず|最後に|改めて",
            r"(?:ご|御)?指名(?:を)?(?:いただきました|いただき)",
            r"申し訳(?:ございません|ありません|ない)|お待たせ(?:いた|致)?しました|分かりました|わかりました",
            r"(?:まとめてで)?大丈夫です|(?:よろしい|いい|大丈夫)(?:でしょうか|ですか)|聞こえ(?:ますでしょうか|ますか|ております|ています)",
        ]
    )
)
# a name (up to 6 characters, or a name with a bracketed letter) and a title or honorific
_ADDRESS = re.compile(
    r"[^\s、。「」（）()]{1,6}(?:[（(][^\s（()）]{1,2}[)）])?"
    r"(?:委員長|副委員長|部会長|委員|議員|君|さん|先生|様|議長|会長|座長|部長|課長|局長|室長|市長|区長|大臣)"
)
_SELF_INTRO = re.compile(r"^(?:[^、。]{0,16}の)?([^、。]{1,8})(?:でございます|です)。?$")
_PUNCT = re.compile(r"[\s、。，,．.！？!?・…―ー「」『』（）()〔〕【】]")

# cues of the chair's procedure (sentences of the chair or the clerk carrying one of them are procedural)
_CHAIR_CUES = re.compile(
    "|".join(
        [
            r"諮り",
            r"(?:御|ご)?異議(?:は|が)?(?:ございません|ありません|なし|ない)",
            r"採決|可決|否決|賛成の方|起立|挙手|起立多数|全会一致",
            r"休憩|再開|散会|閉会|開会|開議|延会|会議を開き|会議を閉じ",
            r"発言を(?:許|求め|願|お願い)|(?:ご|御)?発言(?:を)?(?:いただ|願)",
            r"質疑を(?:終|終了|行い|打ち切)|討論を|答弁を求め|説明を求め|(?:ご|御)?説明(?:を)?(?:お願い|いただ)",
            r"日程第|議題と(?:いた)?します|議題に(?:入|移)|付託|本日の(?:会議|日程|議事|議題)|次回",
            r"終了(?:いた|致)?します|終わります|移ります|移りたい|入ります|入りたい|進めます|進めたい",
            r"指名(?:いた|致)?します|互選|朗読|報告を求め|お諮り",
            r"(?:ご|御)?意見(?:を|は)?(?:いただ|お願い|伺|ございます|ありますか|ございますか)",
            r"よろしいでしょうか|よろしいですか|如何でしょうか|いかがでしょうか|お願い(?:いた|致)?します",
            r"以上をもちまして|以上で|お願い|続きます|の後(?:に|、|で)|進行|お返し|最後の(?:ご|御)?発言",
            r"補欠選任|欠員|異動に伴い|決しました|決定(?:いた|致)?しました|認めます|許します|順次|"
            r"ございませんか|ありませんか|ほかに|他に|終わりました|説明が終わり|"
            r"終了|(?:ご|御)希望|発言の(?:ご|御)?希望|手を挙げ|札を|お答えいただ|(?:ご|御)?回答|移って|移らせ",
            r"会場|オンライン|画面|残り時間|モニター|セカンドラウンド|(?:ご|御)準備",
        ]
    )
)
CHAIR_LIMIT = 150

# housekeeping of a meeting, whoever speaks: quorum, broadcast, papers, minutes, the next meeting
_HOUSEKEEPING = re.compile(
    r"定足数|ライブ配信|動画チャンネル|資料一覧|議事次第|議事録につきまして|議事録は|連絡事項|"
    r"次回の(?:部会|委員会|会議|会合|審議会|分科会)|マイク|ミュート|挙手機能|名札|ウェブ会議システム"
)
HOUSEKEEPING_LIMIT = 150


def _bare(sentence: str) -> str:
    return unicodedata.normalize("NFKC", sentence).strip()


def is_time_line(text: str) -> bool:
    """午後１時００分開会, 午前十時開議, 休憩 … (a line of the order of business)."""
    return bool(TIME_LINE.search(_bare(text)))


def leftover(sentence: str) -> str:
    """What is left of a sentence once the meeting's formulas, names with titles and punctuation are out."""
    s = _bare(sentence)
    s = _ADDRESS.sub("", s)
    s = _FORMULAS.sub("", s)
    return _PUNCT.sub("", s)


def is_procedural(sentence: str, role: str = "other", name: str = "") -> bool:
    """Whether ``sentence`` (one sentence of a turn by a speaker in ``role``, named ``name``) runs the meeting.

    >>> is_procedural("それでは、井上委員、お願いいたします。", "chair")
    True
    >>> is_procedural("ありがとうございました。", "member")
    True
    >>> is_procedural("窓口のオンライン申請について伺います。", "member")
    False
    >>> is_procedural("御異議ございませんか。", "chair"), is_procedural("本案は原案のとおり可決されました。", "chair")
    (True, True)
    """
    s = _bare(sentence)
    if not s:
        return True
    if is_time_line(s):
        return True
    rest = leftover(s)
    if len(rest) <= 2:
        return True
    surname = re.sub(r"[（(].*", "", name)
    if surname and len(s) <= 30 and (m := _SELF_INTRO.match(s)) and m.group(1).startswith(surname):
        return True  # 連合の井上です。 事務局の大倉でございます。
    if role in ("chair", "clerk"):
        if len(s) <= CHAIR_LIMIT and _CHAIR_CUES.search(s):
            return True
        if is_title(rest):  # 教育長。 the chair gives the floor to an office
            return True
    if len(s) <= HOUSEKEEPING_LIMIT and _HOUSEKEEPING.search(s):
        return True
    return False
