"""Particles after a name the lab fills in are chosen from the name (labs/korean.py): tossi reads Hangul
and numbers, the lab reads Latin letters. The lab's own names, AWS's names, ids and ARNs each get the
particle a Korean engineer would say; no engine sentence keeps a template such as 은(는) or (으)로."""

import re

import pytest

from labs.korean import josa, particle
from tests import korean_text

TEMPLATE = re.compile(r"은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|과\(와\)|와\(과\)|\(으\)로|\(이\)라")


@pytest.mark.parametrize("word, form, expected", [
    # Numbers, read as Sino-Korean (tossi): ids, ports, counts.
    ("22", "이", "22가"), ("443", "으로", "443으로"), ("1", "으로", "1로"), ("10", "은", "10은"), ("b896", "으로", "b896으로"),
    ("i-0b06ed8e5d756a050", "으로", "i-0b06ed8e5d756a050으로"), ("sg-0abc123", "이", "sg-0abc123이"),
    ("community-app-web-1", "으로", "community-app-web-1로"), ("ap-northeast-2", "은", "ap-northeast-2는"),
    # AWS names said in English.
    ("S3", "은", "S3는"), ("EC2", "으로", "EC2로"), ("IMDSv1", "을", "IMDSv1을"), ("IMDSv2", "이", "IMDSv2가"),
    # Acronyms, letter by letter.
    ("SSH", "은", "SSH는"), ("IAM", "은", "IAM은"), ("ACL", "으로", "ACL로"), ("HTTPS", "을", "HTTPS를"),
    ("KMS", "과", "KMS와"), ("community-app-alb", "은", "community-app-alb는"),
    ("community-app-web-ssm", "으로", "community-app-web-ssm으로"),
    # Words, as their English sound.
    ("minho", "이", "minho가"), ("jiyoung", "이", "jiyoung이"), ("sungjin", "은", "sungjin은"),
    ("colleague", "을", "colleague를"),
    ("community-app-trail", "으로", "community-app-trail로"), ("community-app-bastion", "을", "community-app-bastion을"),
    ("legacy-web", "으로", "legacy-web으로"), ("My Zero-Spend Budget", "이", "My Zero-Spend Budget이"),
    ("ec2-user", "으로", "ec2-user로"),
    ("alias/community-app-images", "이", "alias/community-app-images가"), ("AdministratorAccess", "을", "AdministratorAccess를"),
    ("s3:GetObject", "을", "s3:GetObject를"), ("name", "은", "name은"), ("file", "으로", "file로"), ("root", "은", "root는"),
    # An ARN reads as its last part; brackets and quotes are read through, as Korean orthography does.
    ("arn:aws:iam::123456789012:user/colleague", "이", "arn:aws:iam::123456789012:user/colleague가"),
    ("'minho'", "이", "'minho'가"), ("'99-nope'", "이라는", "'99-nope'라는"),
    # Hangul.
    ("버킷", "과", "버킷과"), ("키", "으로", "키로"), ("그룹", "이", "그룹이"),
])
def test_the_particle_follows_the_word(word, form, expected):
    assert josa(word, form) == expected


def test_a_bracket_after_the_word_takes_the_words_particle():
    arn = "arn:aws:acm:ap-northeast-2:123456789012:certificate/4f1e3"
    assert f"{arn}(app.community-app.example){particle(arn, '은')}".endswith(")은")


@pytest.mark.parametrize("word", ["", "*", "???", "s3:*", "{}", "(없음)", "TLSv1.2", "0.0.0.0/0", "::/0", "x" * 500, "한", "ㅋ"])
@pytest.mark.parametrize("form", ["은", "이", "을", "과", "으로", "이라는", "이나"])
def test_josa_never_returns_a_template(word, form):
    assert not TEMPLATE.search(josa(word, form))


@pytest.mark.parametrize("where, text", [(w, t) for w, t in korean_text.engine_korean() if TEMPLATE.search(t)] or [("none", "")])
def test_no_engine_sentence_keeps_a_template_particle(where, text):
    assert not TEMPLATE.search(text), f"{where}: pick the particle with labs.korean.josa"
