"""Masking personal data in quotes: made-up names, phones, e-mails and numbers inside answers."""

from __future__ import annotations

import pytest

from dxtext.text.privacy import mask_pii


@pytest.mark.parametrize(
    ("answer", "masked"),
    [
        ("担当の佐藤さんに相談したら早かった", "担当の〔氏名〕さんに相談したら早かった"),
        ("山田太郎委員長が説明した", "〔氏名〕委員長が説明した"),
        ("高橋係長に聞いてください", "〔氏名〕係長に聞いてください"),
        ("さくらさんが窓口にいた", "〔氏名〕さんが窓口にいた"),
        # surnames UniDic tags as places, before a title (minutes: the chair calling members)
        ("豊岡委員、諸富委員の順でお願いします", "〔氏名〕委員、〔氏名〕委員の順でお願いします"),
        ("井田部会長から説明があった", "〔氏名〕部会長から説明があった"),
        ("問い合わせは03-1234-5678まで", "問い合わせは〔電話番号〕まで"),
        ("携帯090-1111-2222か(0776)12-3456へ", "携帯〔電話番号〕か〔電話番号〕へ"),
        ("taro.yamada@example.jp に送った", "〔メール〕 に送った"),
        ("個人番号は802345617293です", "個人番号は〔番号〕です"),
        ("番号 1234-5678-9012 を記入", "番号 〔番号〕 を記入"),
        # not personal data: left alone
        ("ひめじポイントを導入した", "ひめじポイントを導入した"),
        ("福井市長が豊岡市の委員会で説明した", "福井市長が豊岡市の委員会で説明した"),
        ("ベンダー変更ごとに費用がかかる", "ベンダー変更ごとに費用がかかる"),
        ("2025年度末までに20業務を移行", "2025年度末までに20業務を移行"),
        ("人口は約52万5,000人", "人口は約52万5,000人"),
    ],
)
def test_mask_pii(tokenizer, answer: str, masked: str) -> None:  # type: ignore[no-untyped-def]
    assert mask_pii(answer, tokenizer) == masked


def test_without_tokenizer_only_patterns_are_masked() -> None:
    assert mask_pii("佐藤さん 03-1234-5678") == "佐藤さん 〔電話番号〕"
