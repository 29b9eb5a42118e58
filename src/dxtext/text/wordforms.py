"""Words in the form people write them, not in UniDic's lemma spelling.

Words are still counted by lemma (語彙素): 綺麗, きれい and キレイ are one word. What changes is the string that
stands for the lemma in every table, plot and page, by three rules applied when a dictionary entry is first
classified (so the fast and the reference path, the cache and ``--load`` of a saved model all agree):

1. ``FAMILIAR``: a lemma spelling people rarely write is replaced by the written base form (orthBase) that is
   most frequent for that lemma, measured on the three real corpora of ../shared/corpora (the study-group
   minutes, the council minutes, the 58,287 Fukui tourism answers — CC BY 4.0 福井県観光連盟), where that form
   holds more than half of the uses and the lemma's own spelling less than 30 % (為る → する, 無い → ない, 奇麗 → 綺麗,
   侭 → まま; 感ずる → 感じる by the surfaces, as UniDic gives 感じ the written base form 感ずる). Forms that
   are another word or another form are not taken even when frequent: potential verbs (楽しむ written 楽しめる),
   other words UniDic files under the lemma (スイート written スイーツ, 水曜 written 水よう). The replacement is
   one string per lemma: the counting identity does not change. tests/text/test_wordforms.py re-measures the
   table on the real corpora (20,000 Fukui answers and both minutes; lemmas with 30+ uses).
2. ``WRITTEN_WORD``: where UniDic's lemma is a different word from the one written (そば lemmatised as 側 "side",
   帰る as 返る, 叔父 as 伯父, 閉まる as 締まる), the written word is its own word: (lemma, orthBase) → word.
3. ``HONORIFIC_FORMS``: kinship and honorific nouns keep their suffix (奥+さん → 奥さん, お+嬢+さん →
   お嬢さん, お+客+様 → お客様); a name with さん stays apart (山田 + さん).

A user-dictionary entry keeps its canonical form (the canonical form of an entry always wins), and a display
pin of the user dictionary (``=側/そば<TAB>そば``, dictionaries/README.md) comes before these rules. Stopwords are matched against both the lemma and its familiar form (為る or する).
"""

from __future__ import annotations

FAMILIAR: dict[str, str] = {
    # verbs and adjectives (UniDic lemma → the form written)
    "為る": "する", "有る": "ある", "居る": "いる", "出来る": "できる", "成る": "なる", "無い": "ない",
    "言う": "いう", "頂く": "いただく", "過ぎる": "すぎる", "貰う": "もらう",
    "呉れる": "くれる", "凄い": "すごい", "仕舞う": "しまう", "下さる": "くださる", "御座る": "ござる",
    "有り難い": "ありがたい", "遣る": "やる", "知れる": "しれる", "掛かる": "かかる", "因る": "よる",
    "見付ける": "見つける", "於く": "おく", "掛ける": "かける", "致す": "いたす",
    "心地良い": "心地よい", "仕方無い": "仕方ない", "無くなる": "なくなる", "出掛ける": "出かける",
    "纏める": "まとめる", "纏まる": "まとまる", "見付かる": "見つかる", "程良い": "程よい",
    "感ずる": "感じる", "生ずる": "生じる", "通ずる": "通じる", "応ずる": "応じる",
        # nouns, adverbs, 形状詞
    "奇麗": "綺麗", "事": "こと", "物": "もの", "所": "ところ", "為": "ため", "侭": "まま", "迚も": "とても",
    "又": "また", "余り": "あまり", "御飯": "ご飯", "無し": "なし", "良く": "よく", "一寸": "ちょっと", "矢張り": "やはり", "直ぐ": "すぐ", "御洒落": "おしゃれ", "中々": "なかなか", "眼鏡": "メガネ", "未だ": "まだ",
    "一杯": "いっぱい", "丁度": "ちょうど", "兎に角": "とにかく", "可成": "かなり", "確り": "しっかり",
    "更に": "さらに", "烏賊": "イカ", "有り": "あり", "刺し身": "刺身", "殆ど": "ほとんど",
    "其々": "それぞれ", "勿論": "もちろん", "折角": "せっかく", "猶": "なお", "未だ未だ": "まだまだ",
    "持て成し": "もてなし", "煉瓦": "レンガ", "割り引き": "割引", "略": "ほぼ", "長閑": "のどか",
    "今一": "イマイチ", "総菜": "惣菜", "隣り": "隣", "胡桃": "くるみ", "訳": "わけ",
    "所為": "せい", "受け付け": "受付", "先ず": "まず", "塵": "ゴミ", "散らし": "チラシ", "偶々": "たまたま", "御腹": "お腹", "御萩": "おはぎ", "御握り": "おにぎり", "宜しく": "よろしく",
    "先程": "先ほど", "若し": "もし", "牡丹餅": "ぼたもち", "小ぢんまり": "こじんまり", "わくわく": "ワクワク",
    "下ろし蕎麦": "おろしそば", "アクティビティー": "アクティビティ", "クオリティー": "クオリティ",
    "メーン": "メイン", "テークアウト": "テイクアウト",
}  # fmt: skip

WRITTEN_WORD: dict[tuple[str, str], str] = {
    ("側", "そば"): "そば",  # 蕎麦 (noodles) written in kana; 側 read そば ("beside") is written 側/傍
    ("返る", "帰る"): "帰る",
    ("伯父", "叔父"): "叔父",
    ("伯母", "叔母"): "叔母",
    ("締まる", "閉まる"): "閉まる",
    ("押す", "推す"): "推す",
    ("下りる", "降りる"): "降りる",
    ("上る", "登る"): "登る",
    ("利く", "効く"): "効く",
    ("ひしこ", "へしこ"): "へしこ",
    ("プディング", "プリン"): "プリン",
}

# head + honorific suffix (as the token loop joins them) → the word as written
HONORIFIC_SUFFIXES = frozenset({"さん", "様", "ちゃん"})
HONORIFIC_FORMS: dict[str, str] = {
    "奥さん": "奥さん", "奥様": "奥様", "嬢さん": "お嬢さん", "嬢様": "お嬢様", "嬢ちゃん": "お嬢ちゃん",
    "客様": "お客様", "客さん": "お客さん", "母さん": "お母さん", "父さん": "お父さん", "兄さん": "お兄さん",
    "姉さん": "お姉さん", "兄ちゃん": "お兄ちゃん", "姉ちゃん": "お姉ちゃん", "子さん": "お子さん",
    "子様": "お子様", "孫さん": "お孫さん", "婆ちゃん": "おばあちゃん", "爺ちゃん": "おじいちゃん",
    "婆さん": "おばあさん", "爺さん": "おじいさん", "皆さん": "皆さん", "皆様": "皆様",
}  # fmt: skip


def familiar(lemma: str, orth: str) -> str:
    """The word a reader sees for a UniDic entry with ``lemma`` and written base form ``orth``."""
    word = WRITTEN_WORD.get((lemma, orth))
    if word is not None:
        return word
    return FAMILIAR.get(lemma, lemma)
