"""The Korean a learner reads uses the console's words: every Korean Markdown cell and code comment of
every notebook in solutions/ (a new chapter included), README.ko.md, the Korean facilitator guide and
every Korean string in labs/ are held to docs/glossary.md's "Never use" table, one pattern per row of
the table (a row without a pattern fails too, so the table and this test cannot drift apart)."""

import re

import pytest

from tests import korean_text

GLOSSARY = korean_text.ROOT / "docs" / "glossary.md"
SENTENCE = r"[^.?!\n]*"

# The first words of a "never" row, and what finds them in a Korean sentence.
NEVER = {
    "문 (alone": r"(?<![가-힣])문(?!의)(?=[을를이가은는에과와도만]|으로|\s|[.,)]|$)",
    "붙이다 / 떼어 내다": (rf"(정책|역할|Deny|Allow|조건|별칭|ACL){SENTENCE}붙[이여였인은을]"
                       rf"|붙[이여였인은을]{SENTENCE}(정책|Deny|Allow)|떼어\s*내"),
    "맡다": rf"역할{SENTENCE}맡[을는아은기]|맡[을는아은기]{SENTENCE}역할",
    "닿다": r"닿[지는을아았도게기]",
    "노트북 (for a laptop)": r"노트북(의|에)\s*`?~/\.aws|노트북(을|를)\s*(잃|도난)|보통 노트북(?! ?PC)|개인 노트북(?! ?PC)"
                           r"|노트북(마다|과 함께|에 복사)",
    "측정함": r"측정함|\(측정\)|\(측정:|위해 측정",
    "실행 속도": r"실행\s*속도",
    "기초 보안 모범 사례": r"기초 보안 모범 사례",
    "퍼블릭 공개": r"퍼블릭\s*공개|퍼블릭에\s*공개",
    "기준 탐지기": r"기준 탐지기",
    "실수: (error prefix)": r"실수\s*:|\*\*실수\*\*",
    "그들": r"그들",
    "미리 보기": r"미리 보기",
    "자라다": r"자랍니다|자라[는나고]",
    "~척": r"[은는] 척(하|을)",
    "영원히 사는 키": r"영원히 사는",
    "빠져나간 것": r"빠져나간",
    "미리 준비된 ACL": r"미리 준비된 ACL",
    "정식 ID": r"정식 ID",
    "보고하다": r"보고합니다|보고했습니다",
    "비밀번호 24개 기억": r"\d+개 기억",
    "은(는), 이(가)": (r"[가-힣A-Za-z0-9'\"`)\]}]\s?"
                    r"(은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|과\(와\)|와\(과\)|\(으\)로|\(이\)라)"),
}


def never_rows() -> list[str]:
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## Never use", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith(("| never", "|---"))]
    return [row.split("|")[1].strip() for row in rows]


def korean_texts():
    for path in korean_text.notebooks():
        for cell_id, text in korean_text.korean_markdown(path) + korean_text.korean_comments(path):
            yield f"{path.stem}#{cell_id}", text
    for path in (korean_text.ROOT / "README.ko.md", korean_text.ROOT / "docs" / "facilitator-guide.ko.md"):
        yield path.name, path.read_text(encoding="utf-8")
    yield from korean_text.engine_korean()


def hits(text: str) -> list[str]:
    found = []
    for row, pattern in NEVER.items():
        for match in re.finditer(pattern, text):
            found.append(f"{row}: …{text[max(0, match.start() - 30):match.end() + 20]}…".replace("\n", " "))
    return found


def test_every_never_row_has_a_pattern():
    rows = never_rows()
    assert rows, "docs/glossary.md lost its Never use table"
    unmatched = [row for row in rows if not any(row.startswith(key) for key in NEVER)]
    assert unmatched == [], "a row of the glossary's Never use table with no pattern in this test"
    stale = [key for key in NEVER if not any(row.startswith(key) for row in rows)]
    assert stale == [], "a pattern in this test with no row in the glossary"


@pytest.mark.parametrize("where, text", list(korean_texts()), ids=lambda value: value if len(value) < 60 else "")
def test_korean_text_uses_the_consoles_words(where, text):
    assert hits(text) == [], where


@pytest.mark.parametrize("bad", [
    "루트 사용자의 키는 보통 노트북의 `~/.aws/credentials`에 있습니다",
    "EC2가 맡을 수 있는 역할", "SSM에 닿지 못합니다", "(측정함)", "직접 붙은 정책", "두 문을 모두 닫으세요",
    "**실수**라는 머리말", "버킷 {name}은(는)", "minho이(가) 없습니다", "비밀번호 24개 기억",
])
def test_the_patterns_find_the_reviews_examples(bad):
    assert hits(bad)


@pytest.mark.parametrize("fine", [
    "정책 문(Statement) 하나", "한 문장으로 알려 줍니다", "고객 문의", "노트북 PC마다 키 페어", "계정 ID를 붙여 겹치지 않게",
    "이 노트북의 boto3 클라이언트", "EC2가 수임할 수 있는 역할", "SSM에 연결할 수 없습니다", "문서와 문제",
])
def test_the_patterns_leave_good_korean_alone(fine):
    assert hits(fine) == []
